/**
 * Comparison tables: one KPI query grouped by the table's dimension, then searched, sorted and
 * paged here. Sorting happens after the query because the planner returns rows in key order
 * and a table of channels, campaigns or creators is small enough to sort in memory.
 */
import {
  type Catalog,
  type CompareParam,
  type Comparison,
  type ComparisonResult,
  type ComparisonTable,
  type Period,
  previousPeriod,
  samePeriodLastYear,
} from '@markpi/core';
import type { Row, Warehouse } from '@markpi/store';
import { entityNames } from '../entities.js';
import { parseRankMinimum, type Ranking, type RankMinimum, rankRows } from '../query.js';
import type { WorkspaceContext } from '../workspace.js';
import { comparisonWindowOf, resolvePeriodParams, runComparedKpiQuery } from './periods.js';

export const DEFAULT_COMPARISON_KPIS = [
  'impressions',
  'clicks',
  'ctr',
  'conversions',
  'cvr',
  'spend',
  'cpa',
  'roas',
];

interface TableShape {
  /** The dimension each row is one value of. */
  dimension: string;
  /** Dimensions shown beside it (a creator's tier, a piece of content's format). */
  beside: string[];
}

export const COMPARISON_SHAPES: Readonly<Record<ComparisonTable, TableShape>> = {
  channels: { dimension: 'channel', beside: [] },
  campaigns: {
    dimension: 'campaign',
    beside: [],
  },
  creators: {
    dimension: 'creator',
    beside: ['creator_tier'],
  },
  content: {
    dimension: 'content',
    beside: ['content_format'],
  },
  regions: { dimension: 'region', beside: [] },
  audiences: { dimension: 'audience', beside: [] },
};

export interface ComparisonRequest {
  table: ComparisonTable;
  from: string;
  to: string;
  kpis: readonly string[];
  filter?: string | undefined;
  search?: string | undefined;
  sort?: string | undefined;
  order: 'asc' | 'desc';
  compare?: Comparison | undefined;
  /** The window compared with, when not the planner's for `compare`. */
  comparePeriod?: Period | undefined;
  /** Floors a row must reach to be ranked (`query.ts`'s ranking); rows under them are counted. */
  minimum?: readonly RankMinimum[] | undefined;
  limit: number;
  offset: number;
}

/**
 * A comparison table with its ranking: the rows without an entity (no creator, no content) are
 * not ranked, counted in `total` or paged; they follow the first page's rows, flagged `__none`.
 */
export type RankedComparison = ComparisonResult & { ranking: Ranking };

export async function buildComparison(
  warehouse: Warehouse,
  catalog: Catalog,
  request: ComparisonRequest,
): Promise<RankedComparison> {
  const shape = COMPARISON_SHAPES[request.table];
  const kpis = [...new Set(request.kpis)];
  const window = { from: request.from, to: request.to };
  const comparePeriod =
    request.comparePeriod ??
    (request.compare === 'previous'
      ? previousPeriod(window)
      : request.compare === 'last_year'
        ? samePeriodLastYear(window)
        : undefined);
  const result = await runComparedKpiQuery(
    warehouse,
    catalog,
    {
      kpis,
      dimensions: [shape.dimension, ...shape.beside],
      ...window,
      grain: 'total',
      timeZone: catalog.config.time_zone,
      ...(request.filter ? { filter: request.filter } : {}),
    },
    comparePeriod ? { period: comparePeriod } : null,
  );

  let rows: Row[] = result.rows;
  const needle = request.search?.trim().toLowerCase();
  // Searching matches names too, so it needs every name; otherwise only the page's are looked up.
  const allNames = needle ? await entityNames(warehouse, shape.dimension, 'all') : undefined;
  if (needle && allNames) {
    rows = rows.filter((row) => {
      const id = row[shape.dimension];
      if (typeof id !== 'string') return false;
      return id.toLowerCase().includes(needle) || (allNames.get(id)?.toLowerCase().includes(needle) ?? false);
    });
  }
  const sortKey = request.sort ?? kpis[0] ?? shape.dimension;
  const sort = { key: sortKey, order: request.order };
  const minimum = [...(request.minimum ?? [])];
  const { ranked, apart, belowMinimum } = rankRows(rows, result.columns, [shape.dimension], {
    sort,
    minimum,
  });
  rows = ranked;
  const page = [...rows.slice(request.offset, request.offset + request.limit)];
  if (request.offset === 0) page.push(...apart);
  const pageIds = page
    .map((row) => row[shape.dimension])
    .filter((id): id is string => typeof id === 'string');
  const names = allNames ?? (await entityNames(warehouse, shape.dimension, [...new Set(pageIds)]));
  const labels: Record<string, string> = {};
  for (const row of page) {
    const id = row[shape.dimension];
    const name = typeof id === 'string' ? names.get(id) : undefined;
    if (typeof id === 'string' && name !== undefined) labels[id] = name;
  }
  return {
    table: request.table,
    dimension: shape.dimension,
    columns: result.columns,
    rows: page,
    warnings: result.warnings,
    total: rows.length,
    labels,
    ranking: { sort, minimum, belowMinimum, apart: apart.length },
  };
}

export interface ComparisonParams
  extends Partial<Omit<ComparisonRequest, 'table' | 'kpis' | 'compare' | 'comparePeriod' | 'minimum'>> {
  kpis?: readonly string[] | undefined;
  /** A preset or `event:<name>[@<year>]`, instead of `from` and `to`. */
  period?: string | undefined;
  /** No comparison unless asked; `auto` is the window's default (`analytics/periods.ts`). */
  compare?: CompareParam | undefined;
  /** `<kpi>=<number>` floors, as a list or comma-separated (`query.ts`'s ranking). */
  min?: string | readonly string[] | undefined;
}

/** A comparison table over the default window and columns unless the request names its own. */
export async function answerComparison(
  workspace: WorkspaceContext,
  table: ComparisonTable,
  params: ComparisonParams = {},
): Promise<RankedComparison> {
  const { period, compare, min, ...rest } = params;
  const minimum = (typeof min === 'string' ? [min] : (min ?? []))
    .flatMap((text) => text.split(','))
    .filter((text) => text.trim().length > 0)
    .map((text) => parseRankMinimum(text, workspace.catalog));
  const { window, comparison } = await resolvePeriodParams(workspace, params, 'none');
  const said = comparisonWindowOf(comparison);
  const result = await buildComparison(workspace.warehouse, workspace.catalog, {
    ...rest,
    ...window.period,
    ...(said
      ? { compare: said.mode === 'same_event' ? undefined : said.mode, comparePeriod: said.period }
      : {}),
    table,
    kpis: withMinimumKpis(
      params.kpis && params.kpis.length > 0 ? params.kpis : DEFAULT_COMPARISON_KPIS,
      minimum,
    ),
    minimum,
    order: params.order ?? 'desc',
    limit: params.limit ?? 100,
    offset: params.offset ?? 0,
  });
  return { ...result, period: window.period, ...(said ? { comparison: said } : {}) };
}

/** A KPI cut by is a column too, so the cut can be seen. */
function withMinimumKpis(kpis: readonly string[], minimum: readonly RankMinimum[]): string[] {
  const columns = [...kpis];
  for (const floor of minimum) if (!columns.includes(floor.kpi)) columns.push(floor.kpi);
  return columns;
}
