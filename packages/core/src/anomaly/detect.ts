/**
 * The KPI detector: a KPI's series at any regular step, scored causally (each slot from the
 * slots before it, `model.ts`) against its weekly (and, below a day, daily) seasonality, its
 * trend and the workspace's event calendar, with alerts that say what was expected, what
 * happened and how unusual it is.
 *
 * Volumes are counts (clicks, conversions: counting noise on top of the real-world wobble) or
 * amounts (spend, revenue: wobble only). Ratios are scored through their count, with the
 * volume behind it, so a CTR on 40 impressions is judged with 40 impressions' worth of noise:
 * - `binomial`: the numerator counts successes among the denominator's trials (CTR = clicks /
 *   impressions, CVR = conversions / clicks): beta-binomial;
 * - `poisson`: the numerator counts events over the denominator's exposure, and may exceed it
 *   (orders per visit): gamma-Poisson;
 * - `per_event`: the denominator counts the events the numerator is spread over (CPC = spend /
 *   clicks, CPA = spend / conversions): the denominator is the count, over the numerator's
 *   exposure, and the KPI moves against it;
 * - `none`: neither is a count (ROAS = value / spend): the numerator's wobble per unit of the
 *   denominator only.
 * A slot holding several points (rows of one day) adds them: a ratio is a ratio of sums.
 */
import { MarkpiError } from '../errors.js';
import type { EventCalendar } from '../targets/events.js';
import type { Message, MessagePhrase } from '../targets/messages.js';
import { eventSlots } from './calendar.js';
import { DEFAULT_ALERT_PROBABILITY, placeOnGrid, settingsFor, slotPhase } from './grid-model.js';
import { anomalyMessage, anomalyPhrase, sayAnomaly, type TimeUnit } from './messages.js';
import { type Family, type ModelSlot, runModel } from './model.js';
import { type Rarity, rarityOf } from './rarity.js';
import { DAY_MS, type Grid, HOUR_MS, readTimestamps, type Timestamp } from './timeline.js';

export type VolumeMeasure = 'count' | 'amount';
export type RatioSampling = 'binomial' | 'poisson' | 'per_event' | 'none';

export interface VolumePoint {
  timestamp: Timestamp;
  value: number | null;
}

export interface RatioPoint {
  timestamp: Timestamp;
  numerator: number | null;
  denominator: number | null;
}

export interface VolumeSeries {
  kpi: string;
  measure: VolumeMeasure;
  points: readonly VolumePoint[];
}

export interface RatioSeries {
  kpi: string;
  sampling: RatioSampling;
  points: readonly RatioPoint[];
  /** The KPI is numerator / denominator × scale (1000 for CPM, 100 for a percentage); default 1. */
  scale?: number;
}

export type KpiSeries = VolumeSeries | RatioSeries;

export interface DetectOptions {
  /** Declared events: expected, not anomalies. */
  calendar?: EventCalendar;
  /** A slot alerts when its probability is at most this (default 0.001). */
  alertProbability?: number;
  /** Compute each slot's usual range (default true). */
  bands?: boolean;
  /** Score slots before the last `recentSlots` with a fit refreshed every this many slots (see the model). */
  historyRefitEvery?: number;
  recentSlots?: number;
}

export interface KpiSlot {
  /** The slot's time as text: `YYYY-MM-DD`, `YYYY-MM-DD HH:mm` or `YYYY-MM`. */
  time: string;
  /** The KPI's value (null: no data, or a ratio over nothing). */
  value: number | null;
  expected: number | null;
  /** The usual range: values outside it alert on their own. */
  low: number | null;
  high: number | null;
  /** 1 − probability, in [0, 1]. */
  score: number;
  probability: number;
  status: 'gap' | 'warmup' | 'scored';
  event: string | null;
}

export interface KpiAlert {
  kpi: string;
  time: string;
  /** Index into the detection's `slots`. */
  slot: number;
  kind: 'point' | 'sustained';
  direction: 'above' | 'below';
  value: number;
  expected: number;
  low: number | null;
  high: number | null;
  probability: number;
  /** Slots the sustained run has lasted (1 for a point alert). */
  runLength: number;
  /** Whether the slot before alerted too, in the same direction. */
  continues: boolean;
  rarity: Rarity;
  event: string | null;
  message: Message;
  /** The message in English. */
  text: string;
}

export interface KpiDetection {
  kpi: string;
  grid: Grid;
  slots: KpiSlot[];
  alerts: KpiAlert[];
}

interface SlotInput {
  y: number | null;
  exposure: number;
  /** Numerator (ratios) or value (volumes), for the KPI value and per-event ranges. */
  numerator: number | null;
  denominator: number | null;
}

const isRatio = (series: KpiSeries): series is RatioSeries => 'sampling' in series;

function familyOf(series: KpiSeries): Family {
  if (!isRatio(series)) return series.measure === 'count' ? 'count' : 'amount';
  return series.sampling === 'binomial' ? 'binomial' : series.sampling === 'none' ? 'amount' : 'count';
}

function checkPoints(series: KpiSeries): void {
  const problems: { message: string; row: number }[] = [];
  const bad = (value: number | null) => value !== null && !(Number.isFinite(value) && value >= 0);
  series.points.forEach((point, index) => {
    if ('value' in point) {
      if (bad(point.value)) problems.push({ message: `not a volume ≥ 0: ${point.value}`, row: index + 1 });
    } else if (bad(point.numerator) || bad(point.denominator)) {
      problems.push({ message: `numerator and denominator must be ≥ 0`, row: index + 1 });
    }
  });
  if (isRatio(series) && series.sampling === 'binomial') {
    series.points.forEach((point, index) => {
      if (point.numerator !== null && point.denominator !== null && point.numerator > point.denominator) {
        problems.push({
          message: `${point.numerator} successes out of ${point.denominator} trials: a binomial ratio can't exceed 1 (use the poisson sampling)`,
          row: index + 1,
        });
      }
    });
  }
  if (problems.length > 0) {
    throw new MarkpiError(
      'invalid_monitor_input',
      `${series.kpi}: ${problems.length} point(s) can't be scored`,
      problems.slice(0, 20),
    );
  }
}

function slotInput(series: KpiSeries, members: readonly (VolumePoint | RatioPoint)[]): SlotInput {
  if (!isRatio(series)) {
    const values = (members as VolumePoint[]).map((point) => point.value).filter((value) => value !== null);
    const y = values.length > 0 ? values.reduce((sum, value) => sum + value, 0) : null;
    return { y, exposure: 1, numerator: y, denominator: null };
  }
  const usable = (members as RatioPoint[]).filter(
    (point) => point.numerator !== null && point.denominator !== null,
  );
  if (usable.length === 0) return { y: null, exposure: 0, numerator: null, denominator: null };
  const numerator = usable.reduce((sum, point) => sum + point.numerator!, 0);
  const denominator = usable.reduce((sum, point) => sum + point.denominator!, 0);
  if (series.sampling === 'per_event') return { y: denominator, exposure: numerator, numerator, denominator };
  return { y: numerator, exposure: denominator, numerator, denominator };
}

/** A slot's time as people read it. */
export function slotLabel(grid: Grid, time: number): string {
  const iso = new Date(time).toISOString();
  if (grid.cadence.kind === 'months') return iso.slice(0, 7);
  if (grid.cadence.stepMs >= DAY_MS && time % DAY_MS === 0) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A run of slots in the unit people count it in. */
export function runDuration(grid: Grid, slots: number): { count: number; unit: TimeUnit } {
  if (grid.cadence.kind === 'months') return { count: slots * grid.cadence.months, unit: 'month' };
  const ms = slots * grid.cadence.stepMs;
  if (grid.cadence.stepMs < HOUR_MS) return { count: Math.round(ms / 60_000), unit: 'minute' };
  if (grid.cadence.stepMs < DAY_MS) return { count: Number((ms / HOUR_MS).toPrecision(3)), unit: 'hour' };
  return { count: Number((ms / DAY_MS).toPrecision(3)), unit: 'day' };
}

export function detectKpiAnomalies(series: KpiSeries, options: DetectOptions = {}): KpiDetection {
  readTimestamps(series.points.map((point) => point.timestamp));
  checkPoints(series);
  const alertProbability = options.alertProbability ?? DEFAULT_ALERT_PROBABILITY;
  if (!(alertProbability > 0 && alertProbability < 1)) {
    throw new MarkpiError(
      'invalid_monitor_input',
      `the alert probability must be between 0 and 1, not ${alertProbability}`,
    );
  }
  const placed = placeOnGrid<VolumePoint | RatioPoint>(series.points);
  const { grid } = placed;
  const family = familyOf(series);
  const inputs = placed.members.map((members) => slotInput(series, members));
  const events = eventSlots(grid, placed.times, options.calendar, isRatio(series) ? 'rate' : 'volume');
  const slots: ModelSlot[] = inputs.map((input, index) => ({
    y: input.y,
    exposure: input.exposure,
    ...slotPhase(grid, placed.times[index]!),
    event: events[index] ?? null,
  }));
  const settings = {
    ...settingsFor(grid, family, { alertProbability, bands: options.bands ?? true }),
    ...(options.historyRefitEvery !== undefined
      ? { historyRefitEvery: options.historyRefitEvery, recentSlots: options.recentSlots ?? 0 }
      : {}),
  };
  const scores = runModel(slots, settings);

  const scale = isRatio(series) ? (series.scale ?? 1) : 1;
  const perEvent = isRatio(series) && series.sampling === 'per_event';
  // The KPI for a count or amount y in a slot: the volume itself, or the ratio it makes.
  const kpiOf = (input: SlotInput, y: number | null): number | null => {
    if (y === null || !Number.isFinite(y)) return null;
    if (!isRatio(series)) return y;
    if (perEvent) return y > 0 ? (input.numerator! / y) * scale : null;
    return input.exposure > 0 ? (y / input.exposure) * scale : null;
  };

  const out: KpiSlot[] = [];
  const alerts: KpiAlert[] = [];
  let previousAlert: { slot: number; direction: 'above' | 'below' } | null = null;
  scores.forEach((score, index) => {
    const input = inputs[index]!;
    const time = slotLabel(grid, placed.times[index]!);
    const value = isRatio(series)
      ? input.numerator !== null && input.denominator !== null && input.denominator > 0
        ? (input.numerator / input.denominator) * scale
        : null
      : input.y;
    const expected = score.expected === null ? null : kpiOf(input, score.expected);
    // A per-event KPI falls as its count rises: the count's range turns over.
    const low = perEvent ? kpiOf(input, score.high) : kpiOf(input, score.low);
    const high = perEvent ? kpiOf(input, score.low) : kpiOf(input, score.high);
    out.push({
      time,
      value,
      expected,
      low,
      high,
      score: score.score,
      probability: score.p,
      status: score.status,
      event: score.event,
    });
    if (score.status !== 'scored' || score.p > alertProbability || value === null || expected === null)
      return;
    const sustained = score.sustainedP < score.pointP && score.runLength >= 2 && score.runSide !== null;
    const countSide = sustained ? score.runSide! : score.side;
    if (countSide === null) return;
    const direction: 'above' | 'below' = perEvent ? (countSide === 'above' ? 'below' : 'above') : countSide;
    const rarity = rarityOf(score.p, grid);
    const when = score.event
      ? anomalyPhrase('anomaly.when.event', { time, event: score.event })
      : anomalyPhrase('anomaly.when.slot', { time });
    const figures = { kpi: series.kpi, value, expected, low: low ?? Number.NaN, high: high ?? Number.NaN };
    let message: Message;
    if (sustained) {
      const duration = runDuration(grid, score.runLength);
      message = anomalyMessage(`anomaly.kpi.sustained_${direction}`, {
        when,
        ...figures,
        count: duration.count,
        unit: duration.unit,
        rarity: rarity.message as MessagePhrase,
      });
    } else {
      message = anomalyMessage(`anomaly.kpi.${direction}`, {
        when,
        ...figures,
        rarity: rarity.message as MessagePhrase,
      });
    }
    alerts.push({
      kpi: series.kpi,
      time,
      slot: index,
      kind: sustained ? 'sustained' : 'point',
      direction,
      value,
      expected,
      low,
      high,
      probability: score.p,
      runLength: sustained ? score.runLength : 1,
      continues:
        previousAlert !== null && previousAlert.slot === index - 1 && previousAlert.direction === direction,
      rarity,
      event: score.event,
      message,
      text: sayAnomaly(message, 'en'),
    });
    previousAlert = { slot: index, direction };
  });
  return { kpi: series.kpi, grid, slots: out, alerts };
}
