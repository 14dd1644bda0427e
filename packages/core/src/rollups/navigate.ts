/**
 * Aggregate navigation: which rollup answers one scan of the planner exactly, if any.
 *
 * A rollup covers a scan when
 * - it is of the scan's fact and holds every column the scan sums;
 * - it keeps every dimension the scan groups, filters or counts by (a filter naming `date`
 *   itself needs a day rollup);
 * - each of its buckets falls in one bucket of the query after the scan's window is moved
 *   forward: day rollups always; month rollups for month, quarter, year and total when the
 *   window moves by whole months; week rollups for week and total when it moves by whole weeks;
 * - at least one of its buckets lies whole inside the scan's window.
 *
 * The window's edges that cut a bucket (a window starting on the 10th read through a month
 * rollup) are read from the raw fact, day by day, and added: the rollup for whole buckets, the
 * fact for the days before the first whole bucket and after the last. Among covering rollups
 * the one with the fewest estimated rows to read wins (see `estimatedRows`).
 */
import type { FactId } from '../model/facts.js';
import { daysBetween } from '../plan/dates.js';
import type { Grain } from '../plan/query.js';
import { wholeBuckets } from './buckets.js';
import type { RollupGrain, RollupTable } from './definition.js';

/** What one scan of the planner needs from a table. */
export interface RollupRequest {
  fact: FactId;
  /** The fact's columns the scan sums. */
  columns: readonly string[];
  /** Dimensions the scan groups, filters or counts by. */
  dimensions: readonly string[];
  /** The filter compares `date` itself. */
  readsDate: boolean;
  /** The query's grain. */
  grain: Grain;
  /** How far back the scan's window lies from the query's (a prior or comparison window). */
  shift: { months: number; days: number };
  /** The scan's own window, already moved back. */
  from: string;
  toExclusive: string;
}

export interface DateRange {
  from: string;
  toExclusive: string;
}

export interface RollupChoice {
  rollup: RollupTable;
  /** Read from the rollup: its whole buckets inside the window. */
  whole: DateRange;
  /** Read from the raw fact: the window's days outside the whole buckets (none, one or two ranges). */
  edges: DateRange[];
}

/** What the navigation may know of sizes; without it, fewer stored rows win. */
export interface RollupStatistics {
  /** Raw rows per day of each fact, to price the edges read from it. */
  factRowsPerDay?: Partial<Record<FactId, number>>;
}

/** Whether each bucket of a rollup lands in one bucket of the query, with the window moved by `shift`. */
export function grainFits(
  rollup: RollupGrain,
  query: Grain,
  shift: { months: number; days: number },
): boolean {
  if (rollup === 'day' || query === 'total') return true;
  if (rollup === 'month')
    return (query === 'month' || query === 'quarter' || query === 'year') && shift.days === 0;
  return query === 'week' && shift.months === 0 && shift.days % 7 === 0;
}

/** The covering choice for one rollup, or undefined when it does not cover the request. */
export function coverOf(rollup: RollupTable, request: RollupRequest): RollupChoice | undefined {
  if (rollup.fact !== request.fact) return undefined;
  if (request.readsDate && rollup.grain !== 'day') return undefined;
  if (!request.columns.every((column) => rollup.columns.includes(column))) return undefined;
  if (!request.dimensions.every((dimension) => rollup.dimensions.includes(dimension))) return undefined;
  if (!grainFits(rollup.grain, request.grain, request.shift)) return undefined;
  const whole = wholeBuckets(rollup.grain, request.from, request.toExclusive);
  if (!whole) return undefined;
  const edges: DateRange[] = [];
  if (request.from < whole.from) edges.push({ from: request.from, toExclusive: whole.from });
  if (whole.toExclusive < request.toExclusive)
    edges.push({ from: whole.toExclusive, toExclusive: request.toExclusive });
  return { rollup, whole, edges };
}

/**
 * Rows a choice reads, estimated: the rollup's rows spread evenly over the days it spans, times
 * the days read from it, plus the edge days times the fact's rows per day. Without the fact's
 * rate, an edge day is priced as the busiest rollup of the fact (a lower bound of the raw rate);
 * without a rollup's span, its whole table.
 */
export function estimatedRows(
  choice: RollupChoice,
  candidates: readonly RollupTable[],
  statistics: RollupStatistics = {},
): number {
  const perDay = (rollup: RollupTable): number | undefined =>
    rollup.rows !== undefined && rollup.days !== undefined && rollup.days > 0
      ? rollup.rows / rollup.days
      : undefined;
  const ownRate = perDay(choice.rollup);
  const fromRollup =
    ownRate !== undefined
      ? ownRate * daysBetween(choice.whole.from, choice.whole.toExclusive)
      : (choice.rollup.rows ?? Number.MAX_SAFE_INTEGER);
  const edgeDays = choice.edges.reduce((days, edge) => days + daysBetween(edge.from, edge.toExclusive), 0);
  if (edgeDays === 0) return fromRollup;
  const rawRate =
    statistics.factRowsPerDay?.[choice.rollup.fact] ??
    Math.max(0, ...candidates.map((rollup) => perDay(rollup) ?? 0));
  return fromRollup + edgeDays * rawRate;
}

/** The cheapest rollup that covers the request exactly, or undefined: the raw fact then answers. */
export function chooseRollup(
  rollups: readonly RollupTable[],
  request: RollupRequest,
  statistics: RollupStatistics = {},
): RollupChoice | undefined {
  const ofFact = rollups.filter((rollup) => rollup.fact === request.fact);
  const choices = ofFact
    .map((rollup) => coverOf(rollup, request))
    .filter((choice): choice is RollupChoice => choice !== undefined)
    .map((choice) => ({ choice, cost: estimatedRows(choice, ofFact, statistics) }));
  // Ties: fewer edges, then the name, so the same rollups always give the same plan.
  choices.sort(
    (a, b) =>
      a.cost - b.cost ||
      a.choice.edges.length - b.choice.edges.length ||
      (a.choice.rollup.name < b.choice.rollup.name ? -1 : 1),
  );
  return choices[0]?.choice;
}
