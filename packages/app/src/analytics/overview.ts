/**
 * The overview: KPI tiles (value, change against the comparison period, daily sparkline) and
 * the exposure → click → conversion funnel per channel with its weakest stage. Every number
 * comes from `runKpiQuery`; this module only arranges results and compares them.
 */
import {
  addDays,
  attainment,
  type Catalog,
  type CompareMode,
  type CompareParam,
  checkWindow,
  type Direction,
  type FunnelChannel,
  filterTextWithinScope,
  isMarkpiError,
  meetsTarget,
  type Overview,
  type Period,
  periodDays,
  previousPeriod,
  ragStatus,
  type FunnelStage as Stage,
  samePeriodLastYear,
  sameScope,
  type TileTarget,
  targetForWindow,
} from '@markpi/core';
import { listTargets, type Row, runKpiQuery, type Warehouse } from '@markpi/store';
import { overviewTileKpis } from '../boards/tiles.js';
import { breakdownTarget } from '../targets/services.js';
import type { WorkspaceContext } from '../workspace.js';
import { comparisonWindowOf, resolvePeriodParams, runComparedKpiQuery } from './periods.js';

export const DEFAULT_TILE_KPIS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'conversions',
  'cvr',
  'cpa',
  'roas',
];

/** The funnel's steps: the count at each stage and the rate that leads into it. */
const FUNNEL = [
  { stage: 'exposure', kpi: 'impressions', rateKpi: null },
  { stage: 'click', kpi: 'clicks', rateKpi: 'ctr' },
  { stage: 'conversion', kpi: 'conversions', rateKpi: 'cvr' },
] as const;

export interface OverviewRequest {
  from: string;
  to: string;
  kpis: readonly string[];
  filter?: string | undefined;
  compare: CompareMode;
  /** The window compared with; by default the planner's for `compare` (`same_event` must give it). */
  comparePeriod?: Period | undefined;
  /** The event compared with, for `same_event`. */
  compareEvent?: string | undefined;
  /** How the window was named (`this_month`, `event:618@2026`), when it was. */
  periodSpec?: string | undefined;
}

function numberOrNull(row: Row | undefined, key: string): number | null {
  const value = row?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOrNull(row: Row | undefined, key: string): string | null {
  const value = row?.[key];
  return typeof value === 'string' ? value : null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function buildOverview(
  warehouse: Warehouse,
  catalog: Catalog,
  request: OverviewRequest,
): Promise<Overview> {
  const { from, to, filter } = request;
  const kpis = [...new Set(request.kpis)];
  const timeZone = catalog.config.time_zone;
  const common = { from, to, timeZone, ...(filter ? { filter } : {}) };

  const comparePeriod =
    request.comparePeriod ??
    (request.compare === 'last_year' ? samePeriodLastYear({ from, to }) : previousPeriod({ from, to }));
  // Side by side: DuckDB reads on several connections, and the workspace's navigation (rollups,
  // period rows) is read once for the three.
  const [totals, daily, funnel] = await Promise.all([
    runComparedKpiQuery(warehouse, catalog, { ...common, kpis, grain: 'total' }, { period: comparePeriod }),
    runKpiQuery(warehouse, catalog, { ...common, kpis, grain: 'day' }),
    runKpiQuery(warehouse, catalog, {
      ...common,
      kpis: FUNNEL.flatMap((step) => (step.rateKpi ? [step.kpi, step.rateKpi] : [step.kpi])),
      dimensions: ['channel'],
      grain: 'total',
    }),
  ]);

  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  const dailyByDate = new Map(daily.rows.map((row) => [String(row.day), row]));
  const total = totals.rows[0];

  const tiles = kpis.map((id) => {
    const kpi = catalog.kpi(id);
    return {
      kpi: id,
      name: kpi.name,
      unit: kpi.unit,
      direction: kpi.direction,
      value: numberOrNull(total, id),
      previous: numberOrNull(total, `${id}__previous`),
      change: numberOrNull(total, `${id}__change`),
      flag: textOrNull(total, `${id}__flag`),
      sparkline: days.map((date) => ({ date, value: numberOrNull(dailyByDate.get(date), id) })),
    };
  });

  const targets = await tileTargets(warehouse, catalog, request, tiles);
  const rollupsRead = [totals, daily, funnel].flatMap((result) => result.rollups ?? []);
  return {
    period: { from, to },
    compare: request.compare,
    comparePeriod,
    ...(request.compareEvent ? { compareEvent: request.compareEvent } : {}),
    ...(request.periodSpec ? { periodSpec: request.periodSpec } : {}),
    tiles: tiles.map((tile) => {
      const target = targets.byKpi.get(tile.kpi);
      return target ? { ...tile, target } : tile;
    }),
    funnel: funnelWithWeakestStage(funnel.rows),
    warnings: [...new Set([...totals.warnings, ...daily.warnings, ...funnel.warnings, ...targets.warnings])],
    ...(rollupsRead.length > 0 ? { rollups: rollupsRead } : {}),
  };
}

/**
 * Attainment and RAG colour of a value against a target, the way pacing reads them: in the KPI's
 * direction, context KPIs as actual / target, and a plain comparison when there is no ratio (a
 * target at or below 0, a cost of 0).
 */
export function judgeAgainstTarget(
  direction: Direction,
  actual: number | null,
  target: number,
): Pick<TileTarget, 'attainment' | 'rag'> {
  if (actual === null) return { attainment: null, rag: null };
  const ratio =
    direction === 'context' ? (target > 0 ? actual / target : null) : attainment(direction, actual, target);
  const index = ratio !== null && Number.isFinite(ratio) ? ratio : null;
  if (index !== null) return { attainment: index, rag: ragStatus(direction, index) };
  return { attainment: null, rag: meetsTarget(direction, actual, target) ? 'green' : 'red' };
}

/**
 * The target of each tile, when there is one: same KPI, a period containing the overview's, and
 * the overview's scope exactly (no filter: a whole-workspace target). The tile's period gets its
 * part of the target (`targetForWindow`: the days' share of an additive target, the level of a
 * ratio), so a 30-day tile is judged against 30 days of an annual target. With several, the one
 * with the shortest period wins: it is the most specific plan for these days.
 */
async function tileTargets(
  warehouse: Warehouse,
  catalog: Catalog,
  request: OverviewRequest,
  tiles: readonly { kpi: string; direction: Direction; value: number | null }[],
): Promise<{ byKpi: Map<string, TileTarget>; warnings: string[] }> {
  const byKpi = new Map<string, TileTarget>();
  const warnings: string[] = [];
  const kpis = new Set(tiles.map((tile) => tile.kpi));
  const candidates = (await listTargets(warehouse))
    .map((entry) => entry.target)
    .filter(
      (target) =>
        kpis.has(target.kpi) &&
        target.period.from <= request.from &&
        request.to <= target.period.to &&
        sameScope(target.scope.filter, request.filter) &&
        // A scoped caller sees no target that reaches outside the scope (`access/scope.ts`).
        filterTextWithinScope(catalog.rowScope, target.scope.filter),
    )
    .sort(
      (a, b) =>
        a.kpi.localeCompare(b.kpi) || periodDays(a.period) - periodDays(b.period) || a.id.localeCompare(b.id),
    );
  for (const target of candidates) {
    if (byKpi.has(target.kpi)) continue;
    const tile = tiles.find((entry) => entry.kpi === target.kpi)!;
    try {
      const breakdown = await breakdownTarget(warehouse, catalog, target);
      const value = targetForWindow(breakdown, { from: request.from, to: request.to });
      if (value === undefined) continue;
      byKpi.set(target.kpi, {
        id: target.id,
        scope: target.scope.label,
        period: target.period,
        value,
        fullValue: breakdown.value,
        ...judgeAgainstTarget(tile.direction, tile.value, value),
      });
    } catch (error) {
      if (!isMarkpiError(error)) throw error;
      warnings.push(`target ${target.id}: ${error.message}`);
    }
  }
  return { byKpi, warnings };
}

/**
 * Marks each channel's weakest step and the funnel's overall weakest one: the step rate (CTR
 * or CVR) furthest below the median of that rate across channels. Comparing with the median
 * rather than an absolute bar is what makes a 1% CTR weak on one platform and fine on another
 * workspace's mix; relative terms also let a CTR and a CVR be compared with each other.
 */
export function funnelWithWeakestStage(rows: readonly Row[]): Overview['funnel'] {
  const channels = rows.filter(
    (row) => typeof row.channel === 'string' && (numberOrNull(row, 'impressions') ?? 0) > 0,
  );
  const medians = {
    ctr: median(channels.flatMap((row) => numberOrNull(row, 'ctr') ?? [])),
    cvr: median(channels.flatMap((row) => numberOrNull(row, 'cvr') ?? [])),
  };
  const result: FunnelChannel[] = channels.map((row) => {
    const stages: Stage[] = FUNNEL.map((step) => {
      const rate = step.rateKpi ? numberOrNull(row, step.rateKpi) : null;
      const medianRate = step.rateKpi ? medians[step.rateKpi] : null;
      return {
        stage: step.stage,
        kpi: step.kpi,
        value: numberOrNull(row, step.kpi),
        rateKpi: step.rateKpi,
        rate,
        medianRate,
        relativeToMedian: rate !== null && medianRate !== null && medianRate > 0 ? rate / medianRate : null,
        weakest: false,
      };
    });
    const weakestOfChannel = lowestRatedStage([{ channel: String(row.channel), stages }]);
    return { channel: String(row.channel), stages, weakestStage: weakestOfChannel?.stage ?? null };
  });
  const weakest = lowestRatedStage(result);
  if (weakest) {
    const stage = result
      .find((entry) => entry.channel === weakest.channel)
      ?.stages.find((entry) => entry.stage === weakest.stage);
    if (stage) stage.weakest = true;
  }
  return { channels: result, medians, weakest };
}

/** The click or conversion stage with the lowest rate relative to its median, if any has one. */
function lowestRatedStage(
  channels: readonly Pick<FunnelChannel, 'channel' | 'stages'>[],
): Overview['funnel']['weakest'] {
  let lowest: Overview['funnel']['weakest'] = null;
  for (const { channel, stages } of channels) {
    for (const { stage, relativeToMedian } of stages) {
      if (stage === 'exposure' || relativeToMedian === null || relativeToMedian === undefined) continue;
      if (!lowest || relativeToMedian < lowest.relativeToMedian)
        lowest = { channel, stage, relativeToMedian };
    }
  }
  return lowest;
}

export interface OverviewParams {
  from?: string | undefined;
  to?: string | undefined;
  kpis?: readonly string[] | undefined;
  filter?: string | undefined;
  /** A preset or `event:<name>[@<year>]`, instead of `from` and `to`. */
  period?: string | undefined;
  /** Default `auto`: the same event last year for an event, else the period before. */
  compare?: CompareParam | undefined;
  /** Whose tiles, when `kpis` is absent (`boards/tiles.ts`): their own, else the workspace's. */
  login?: string | null | undefined;
}

/** The overview a person opens: the default window, the default tiles, compared with the period before. */
export async function answerOverview(
  workspace: WorkspaceContext,
  params: OverviewParams = {},
): Promise<Overview> {
  const compare = params.compare === 'none' ? 'auto' : params.compare;
  const { window, comparison } = await resolvePeriodParams(workspace, { ...params, compare }, 'auto');
  // The overview draws a daily series over its window, so it takes the day grain's limit.
  checkWindow({ ...window.period, grain: 'day' });
  const said = comparisonWindowOf(comparison);
  return buildOverview(workspace.warehouse, workspace.catalog, {
    ...window.period,
    kpis:
      params.kpis && params.kpis.length > 0
        ? params.kpis
        : await overviewTileKpis(workspace, params.login ?? null),
    filter: params.filter,
    compare: said?.mode ?? 'previous',
    comparePeriod: said?.period,
    compareEvent: said?.event,
    ...(window.spec === 'range' ? {} : { periodSpec: window.spec }),
  });
}
