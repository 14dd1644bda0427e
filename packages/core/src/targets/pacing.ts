/**
 * Pacing: where a target stands on a given day, where it is heading, and how likely it is to
 * get there.
 *
 * To date: the actual so far against the cumulative to-date target of the breakdown, read in
 * the KPI's direction (a cost KPI is on track when under target), coloured by RAG bands.
 *
 * Projection to the end of the period, by breakdown method:
 * - split (additive): the actual so far plus a run rate times the weight still to come. The run
 *   rate r is what each unit of planned day weight has produced so far, r = Σ actual / Σ weight
 *   (over the last `runRateDays` days when given: the recent trend); the breakdown's weights
 *   carry the seasonality, so a Double 11 still ahead counts for what it weighs. Day noise is
 *   modelled as variance proportional to weight, estimated from the residuals
 *   σ² = Σ (actual − r·w)² / w / (n − 1), which gives
 *   Var(final) = σ² · (W_remaining + W_remaining² / W_used): the remaining days' own noise plus
 *   the uncertainty of r.
 * - level (ratios): the level so far is the projection (a ratio of sums has no run rate). The
 *   remaining days' average is uncertain by σ²/n_remaining and the level itself by
 *   σ²/n_elapsed, σ from the daily values, and the remaining days count for their share of days:
 *   Var(final) = (n_remaining / n_total)² · σ² · (1/n_remaining + 1/n_elapsed).
 * - end of period (snapshots): a straight line through the daily levels, extended to the last
 *   day, with the usual prediction interval of a linear fit.
 * The interval is the central `interval` probability of a normal distribution with that
 * variance, and the probability of reaching the target is the normal probability of ending on
 * the right side of it. With fewer than two (three for a line) days there is no interval.
 */

import { MarkpiError } from '../errors.js';
import { daysBetween } from '../plan/dates.js';
import { attainment, meetsTarget } from '../scorecards/attainment.js';
import { type Breakdown, targetToDate } from './breakdown.js';
import { english, type Message, message } from './messages.js';
import { minDate, type Period } from './periods.js';
import { linearFit, normalCdf, normalQuantile, sampleVariance } from './stats.js';
import type { BreakdownMethod, KpiTraits } from './traits.js';

/** Index below `red` is red, below `green` amber, else green. */
export interface RagBands {
  red: number;
  green: number;
}

export const DEFAULT_RAG_BANDS: RagBands = { red: 0.9, green: 1.0 };

/** Default central probability of the projection interval: 80% (a P10–P90 range). */
export const DEFAULT_PROJECTION_INTERVAL = 0.8;

export type RagStatus = 'green' | 'amber' | 'red';
export type PaceStatus = RagStatus | 'not_started' | 'no_data';
/** How an ended period came out: its final figure reached the target or did not. */
export type PaceOutcome = 'met' | 'missed';

export function validateBands(bands: RagBands): RagBands {
  if (!(bands.red > 0) || !(bands.green >= bands.red) || !Number.isFinite(bands.green)) {
    throw new MarkpiError(
      'invalid_bands',
      `RAG bands need 0 < red ≤ green, got red ${bands.red}, green ${bands.green}`,
    );
  }
  return bands;
}

/**
 * Colour of a pace index. For `up` and `down` KPIs the index is the direction-aware
 * attainment (bands as given). Context KPIs (a budget) are on track when close to plan either
 * way: within 1 − red of the target green, within twice that amber, else red.
 */
export function ragStatus(
  direction: KpiTraits['direction'],
  index: number,
  bands: RagBands = DEFAULT_RAG_BANDS,
): RagStatus {
  if (direction === 'context') {
    const tolerance = 1 - bands.red;
    const deviation = Math.abs(index - 1);
    return deviation <= tolerance ? 'green' : deviation <= 2 * tolerance ? 'amber' : 'red';
  }
  return index < bands.red ? 'red' : index < bands.green ? 'amber' : 'green';
}

export interface DailyValue {
  date: string;
  value: number | null;
}

export interface PaceInput {
  kpi: KpiTraits;
  breakdown: Breakdown;
  asOf: string;
  /** The KPI over [period start, asOf] as the engine computes it (a ratio of sums, a closing level). */
  actualToDate: number | null;
  /** The KPI per day over [period start, asOf]; days without data may be left out. */
  daily: readonly DailyValue[];
  bands?: RagBands;
  /** Central probability of the projection interval (default 0.8). */
  interval?: number;
  /** Split KPIs: estimate the run rate from the last N elapsed days only. */
  runRateDays?: number;
  /**
   * Level KPIs (ratios): the KPI over [period start, day] for each elapsed day — the cumulative
   * ratio (ratio of running sums) the target is judged by, which the chart plots. Absent, the
   * chart falls back to each day's own ratio.
   */
  cumulative?: readonly DailyValue[];
  /**
   * The day the target is judged on, when later than `asOf` (data arrives late). A period that
   * ended before it is over even if the data stops short of its last day.
   */
  today?: string;
}

export interface PaceProjection {
  value: number;
  low: number | null;
  high: number | null;
  sd: number | null;
  interval: number;
}

export interface PacePoint {
  date: string;
  /** The to-date target that day (running total, level, or path level). */
  target: number;
  /**
   * Running total (split), the ratio from the period's start to that day (level, when the caller
   * gives it; else the day's own value), or the day's level (end of period).
   */
  actual: number | null;
  /** The projected path after `asOf`. */
  projected: number | null;
}

export interface Pace {
  kpi: string;
  direction: KpiTraits['direction'];
  method: BreakdownMethod;
  period: Period;
  asOf: string;
  status: PaceStatus;
  elapsedDays: number;
  totalDays: number;
  /** Share of the plan's weight (split) or of the days (others) behind us. */
  elapsedShare: number;
  target: number;
  targetToDate: number;
  actualToDate: number | null;
  /** Actual vs to-date target in the KPI's direction (context KPIs: actual / target). */
  index: number | null;
  projection: PaceProjection | null;
  /** Projection vs target, read like `index`. */
  projectedIndex: number | null;
  /** Chance of reaching the target by the end of the period, 0–1. */
  probability: number | null;
  /**
   * Set once the period has ended: met or missed, judged on the final figure (the projection,
   * which is the actual when the data covers the whole period). An ended period's status is
   * then green (met) or red (missed), never amber: nothing is at risk any more.
   */
  outcome: PaceOutcome | null;
  series: PacePoint[];
  notes: string[];
  /**
   * The notes as messages (`messages.ts`), saying the last `noteMessages.length` of `notes`: a
   * caller that adds notes of its own puts them first.
   */
  noteMessages: Message[];
}

/** Null when there is no meaningful ratio: a target at or below 0, or a cost of 0. */
function paceIndex(direction: KpiTraits['direction'], actual: number, target: number): number | null {
  if (direction === 'context') return target > 0 ? actual / target : null;
  const value = attainment(direction, actual, target);
  return value !== null && Number.isFinite(value) ? value : null;
}

function statusOf(
  direction: KpiTraits['direction'],
  actual: number,
  target: number,
  bands: RagBands,
): RagStatus {
  const index = paceIndex(direction, actual, target);
  if (index !== null) return ragStatus(direction, index, bands);
  // No ratio to colour (a target at or below 0, a cost of 0): compare plainly.
  return meetsTarget(direction, actual, target) ? 'green' : 'red';
}

function probabilityOf(
  direction: KpiTraits['direction'],
  projection: number,
  sd: number | null,
  target: number,
  bands: RagBands,
): number | null {
  if (sd === null) return null;
  if (direction === 'context') {
    const tolerance = (1 - bands.red) * Math.abs(target);
    if (sd === 0) return Math.abs(projection - target) <= tolerance ? 1 : 0;
    return (
      normalCdf((target + tolerance - projection) / sd) - normalCdf((target - tolerance - projection) / sd)
    );
  }
  if (sd === 0) return meetsTarget(direction, projection, target) ? 1 : 0;
  const z = (target - projection) / sd;
  return direction === 'down' ? normalCdf(z) : 1 - normalCdf(z);
}

/**
 * Whether a final figure reaches the target: at least it (up), at most it (down), or for context
 * KPIs within the green tolerance (1 − red) of it either way, as the RAG colours read them.
 */
function reached(direction: KpiTraits['direction'], final: number, target: number, bands: RagBands): boolean {
  if (direction === 'context') return Math.abs(final - target) <= (1 - bands.red) * Math.abs(target);
  return meetsTarget(direction, final, target);
}

interface Projected {
  value: number;
  sd: number | null;
  /** The projected path for days after asOf, by date. */
  path: Map<string, number>;
  notes: Message[];
}

function projectSplit(
  input: PaceInput,
  elapsed: readonly string[],
  remaining: readonly string[],
  actualToDate: number,
): Projected {
  const weightOf = new Map(input.breakdown.days.map((day) => [day.from, day.share]));
  const actualOf = new Map(input.daily.map((day) => [day.date, day.value ?? 0]));
  const notes: Message[] = [];
  let window = elapsed;
  if (input.runRateDays !== undefined && input.runRateDays > 0 && input.runRateDays < elapsed.length) {
    window = elapsed.slice(-input.runRateDays);
    notes.push(message('pace.run_rate_days', { days: window.length }));
  }
  let usedWeight = window.reduce((sum, day) => sum + (weightOf.get(day) ?? 0), 0);
  if (usedWeight === 0 && window !== elapsed) {
    window = elapsed;
    usedWeight = window.reduce((sum, day) => sum + (weightOf.get(day) ?? 0), 0);
  }
  const remainingWeight = remaining.reduce((sum, day) => sum + (weightOf.get(day) ?? 0), 0);
  if (usedWeight === 0)
    return {
      value: actualToDate,
      sd: null,
      path: new Map(),
      notes: [message('pace.no_planned_weight', {})],
    };
  const produced = window.reduce((sum, day) => sum + (actualOf.get(day) ?? 0), 0);
  const rate = produced / usedWeight;
  const value = actualToDate + rate * remainingWeight;

  const weighted = window.filter((day) => (weightOf.get(day) ?? 0) > 0);
  let sd: number | null = null;
  if (remaining.length === 0) sd = 0;
  else if (weighted.length >= 2) {
    const squares = weighted.reduce((sum, day) => {
      const weight = weightOf.get(day)!;
      return sum + ((actualOf.get(day) ?? 0) - rate * weight) ** 2 / weight;
    }, 0);
    const variancePerWeight = squares / (weighted.length - 1);
    sd = Math.sqrt(variancePerWeight * (remainingWeight + remainingWeight ** 2 / usedWeight));
  }
  const path = new Map<string, number>();
  let running = actualToDate;
  for (const day of remaining) {
    running += rate * (weightOf.get(day) ?? 0);
    path.set(day, running);
  }
  return { value, sd, path, notes };
}

function projectLevel(
  input: PaceInput,
  remaining: readonly string[],
  totalDays: number,
  actualToDate: number,
): Projected {
  const values = input.daily.map((day) => day.value).filter((value): value is number => value !== null);
  let sd: number | null = null;
  if (remaining.length === 0) sd = 0;
  else if (values.length >= 2) {
    const share = remaining.length / totalDays;
    sd = share * Math.sqrt(sampleVariance(values) * (1 / remaining.length + 1 / values.length));
  }
  return { value: actualToDate, sd, path: new Map(remaining.map((day) => [day, actualToDate])), notes: [] };
}

function projectEndOfPeriod(input: PaceInput, remaining: readonly string[], actualToDate: number): Projected {
  const from = input.breakdown.period.from;
  const points = input.daily
    .filter((day): day is { date: string; value: number } => day.value !== null)
    .map((day) => ({ x: daysBetween(from, day.date), y: day.value }));
  if (remaining.length === 0) return { value: actualToDate, sd: 0, path: new Map(), notes: [] };
  if (points.length < 3) {
    return {
      value: actualToDate,
      sd: null,
      path: new Map(remaining.map((day) => [day, actualToDate])),
      notes: [message('pace.few_levels', {})],
    };
  }
  const fit = linearFit(points);
  const lastX = daysBetween(from, input.breakdown.period.to);
  const value = fit.intercept + fit.slope * lastX;
  const sd =
    fit.sxx > 0 ? fit.residualSd * Math.sqrt(1 + 1 / fit.n + (lastX - fit.meanX) ** 2 / fit.sxx) : null;
  const path = new Map(remaining.map((day) => [day, fit.intercept + fit.slope * daysBetween(from, day)]));
  return { value, sd, path, notes: [] };
}

/** Notes as English and as messages. */
function said(notes: Message[]): Pick<Pace, 'notes' | 'noteMessages'> {
  return { notes: notes.map(english), noteMessages: notes };
}

/**
 * The note a pace starts with when the KPI's data stops before the day asked about: the last day
 * the workspace has the KPI (`lastDay`), or none since `since` when it has none recently.
 */
export function dataThroughNote(kpi: string, lastDay: string | undefined, since: string): Message {
  return lastDay === undefined
    ? message('pace.no_data_since', { kpi, day: since })
    : message('pace.data_through', { kpi, day: lastDay });
}

export function computePace(input: PaceInput): Pace {
  const { kpi, breakdown } = input;
  const bands = validateBands(input.bands ?? DEFAULT_RAG_BANDS);
  const interval = input.interval ?? DEFAULT_PROJECTION_INTERVAL;
  if (!(interval > 0 && interval < 1))
    throw new MarkpiError('invalid_interval', `the interval must be between 0 and 1, not ${interval}`);
  const { period } = breakdown;
  const days = breakdown.days.map((day) => day.from);
  const totalDays = days.length;
  const asOf = minDate(input.asOf, period.to);
  const elapsed = days.filter((day) => day <= asOf);
  const remaining = days.filter((day) => day > asOf);
  const elapsedShare =
    breakdown.method === 'split'
      ? breakdown.days.filter((day) => day.from <= asOf).reduce((sum, day) => sum + day.share, 0)
      : elapsed.length / totalDays;
  const targetNow = targetToDate(breakdown, asOf);
  const base = {
    kpi: kpi.id,
    direction: kpi.direction,
    method: breakdown.method,
    period,
    asOf,
    elapsedDays: elapsed.length,
    totalDays,
    elapsedShare,
    target: breakdown.value,
    targetToDate: targetNow,
  };
  const targetSeries = (
    actual: (day: string) => number | null,
    projected: (day: string) => number | null,
  ): PacePoint[] =>
    breakdown.days.map((day) => ({
      date: day.from,
      target: day.cumulative,
      actual: day.from <= asOf ? actual(day.from) : null,
      projected: day.from > asOf ? projected(day.from) : null,
    }));

  // Before the period, or with no actuals yet, there is nothing to project: only the plan.
  const unmeasured = (status: 'not_started' | 'no_data', note: ReturnType<typeof message>) => ({
    ...base,
    status,
    actualToDate: null,
    index: null,
    projection: null,
    projectedIndex: null,
    probability: null,
    outcome: null,
    series: targetSeries(
      () => null,
      () => null,
    ),
    ...said([note]),
  });
  if (asOf < period.from) return unmeasured('not_started', message('pace.not_started', { day: period.from }));
  if (input.actualToDate === null) {
    return unmeasured('no_data', message('pace.no_data', { kpi: kpi.id, from: period.from, to: asOf }));
  }

  const actualToDate = input.actualToDate;
  const projected =
    breakdown.method === 'split'
      ? projectSplit(input, elapsed, remaining, actualToDate)
      : breakdown.method === 'level'
        ? projectLevel(input, remaining, totalDays, actualToDate)
        : projectEndOfPeriod(input, remaining, actualToDate);
  const z = normalQuantile(0.5 + interval / 2);
  const projection: PaceProjection = {
    value: projected.value,
    low: projected.sd === null ? null : projected.value - z * projected.sd,
    high: projected.sd === null ? null : projected.value + z * projected.sd,
    sd: projected.sd,
    interval,
  };

  const dailyOf = new Map(input.daily.map((day) => [day.date, day.value]));
  const runningTotal = new Map<string, number>();
  let running = 0;
  for (const day of elapsed) {
    running += dailyOf.get(day) ?? 0;
    runningTotal.set(day, running);
  }
  const cumulativeOf = input.cumulative
    ? new Map(input.cumulative.map((day) => [day.date, day.value]))
    : null;
  const actualSeries =
    breakdown.method === 'split'
      ? (day: string) => runningTotal.get(day) ?? null
      : breakdown.method === 'level' && cumulativeOf
        ? (day: string) => cumulativeOf.get(day) ?? null
        : (day: string) => dailyOf.get(day) ?? null;

  const ended = asOf >= period.to || (input.today !== undefined && input.today > period.to);
  const outcome: PaceOutcome | null = ended
    ? reached(kpi.direction, projection.value, breakdown.value, bands)
      ? 'met'
      : 'missed'
    : null;

  return {
    ...base,
    status:
      outcome === null
        ? statusOf(kpi.direction, actualToDate, targetNow, bands)
        : outcome === 'met'
          ? 'green'
          : 'red',
    outcome,
    actualToDate,
    index: paceIndex(kpi.direction, actualToDate, targetNow),
    projection,
    projectedIndex: paceIndex(kpi.direction, projection.value, breakdown.value),
    probability: probabilityOf(kpi.direction, projection.value, projection.sd, breakdown.value, bands),
    series: targetSeries(actualSeries, (day) => projected.path.get(day) ?? null),
    ...said([
      ...projected.notes,
      ...(asOf < period.to && remaining.length > 0
        ? ended
          ? [message('pace.ended_early', { day: period.to, through: asOf })]
          : []
        : [message('pace.period_over', {})]),
      ...(outcome === null ? [] : [message(outcome === 'met' ? 'pace.met' : 'pace.missed', {})]),
      ...(input.asOf > period.to ? [message('pace.as_of_last_day', { day: period.to })] : []),
    ]),
  };
}
