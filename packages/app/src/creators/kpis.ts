/**
 * The catalog the creator, search-visibility and audience views ask the planner with: the
 * workspace's own, plus a few plain measures and counts as KPIs so the views can read them
 * (posts, likes, saves, top-ten results, stage sizes). Built once per workspace catalog.
 */
import { ATTRIBUTION_MODELS, buildCatalog, type Catalog, type KpiDefinitionInput } from '@markpi/core';
import { keepScope, type WorkspaceContext } from '../workspace.js';

const plain = (
  id: string,
  formula: string,
  en: string,
  zh: string,
  unit: KpiDefinitionInput['unit'] = 'count',
  aggregation: KpiDefinitionInput['aggregation'] = 'additive',
): KpiDefinitionInput => ({
  id,
  name: { en, zh },
  description: { en, zh },
  formula,
  unit,
  direction: 'up',
  aggregation,
});

/** KPI ids of the views' own reads, prefixed so they never meet a workspace's. */
export const VIEW_KPIS = {
  posts: 'creator_view_posts',
  likes: 'creator_view_likes',
  saves: 'creator_view_saves',
  views: 'creator_view_views',
  top10: 'creator_view_top10_results',
  ownPositiveTop10: 'creator_view_own_positive_top10',
  ownResults: 'creator_view_own_results',
  stageUsers: 'creator_view_stage_users',
  movedToA3: 'creator_view_moved_to_a3',
  attributedValue: (model: string) => `creator_view_attributed_value_${model}`,
} as const;

const VIEW_KPI_DEFINITIONS: readonly KpiDefinitionInput[] = [
  // A post counts when it has a row of performance in the window (the planner counts `content`
  // on the performance fact, the first that carries it).
  plain(VIEW_KPIS.posts, 'count(content)', 'Posts', '内容篇数'),
  plain(VIEW_KPIS.likes, 'likes', 'Likes', '点赞'),
  plain(VIEW_KPIS.saves, 'saves', 'Saves', '收藏'),
  plain(VIEW_KPIS.views, 'video_views', 'Views', '播放/阅读'),
  plain(VIEW_KPIS.top10, 'top10_results', 'Top-10 results', '前十搜索结果数'),
  plain(
    VIEW_KPIS.ownPositiveTop10,
    'own_positive_top10',
    'Own positive top-10 results',
    '前十品牌正面笔记数',
  ),
  plain(VIEW_KPIS.ownResults, 'own_results', 'Own indexed results', '本品牌收录结果数'),
  plain(VIEW_KPIS.stageUsers, 'audience_users', 'Audience-asset users', '人群资产人数', 'count', 'snapshot'),
  plain(VIEW_KPIS.movedToA3, 'moved_to_a3', 'Users moved to A3', '流转至A3人数'),
  ...ATTRIBUTION_MODELS.map((model) =>
    plain(
      VIEW_KPIS.attributedValue(model),
      `attributed_value_${model}`,
      'Attributed value',
      '归因金额',
      'currency',
    ),
  ),
];

const catalogs = new WeakMap<Catalog, Catalog>();

/** The workspace's catalog with the views' reads added. */
export function viewCatalog(workspace: WorkspaceContext): Catalog {
  const known = catalogs.get(workspace.catalog);
  if (known) return known;
  const { config } = workspace.catalog;
  const built = keepScope(
    workspace.catalog,
    buildCatalog({ ...config, kpis: [...config.kpis, ...VIEW_KPI_DEFINITIONS] }),
  );
  catalogs.set(workspace.catalog, built);
  return built;
}

/** A text in the formula language's single quotes. */
export function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Conditions joined with `and`; undefined for none. */
export function allOf(...conditions: (string | undefined | null | false)[]): string | undefined {
  const kept = conditions.filter(
    (condition): condition is string => typeof condition === 'string' && condition.length > 0,
  );
  return kept.length === 0 ? undefined : kept.map((condition) => `(${condition})`).join(' and ');
}

/** A cell as a number (null and non-numbers as 0). */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** A cell as a number, or null. */
export function numOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A cell as text, or null for empty. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const said = String(value);
  return said.length > 0 ? said : null;
}
