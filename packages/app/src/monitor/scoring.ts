/**
 * Scoring the frame: every watched KPI in every segment through core's causal detector, and the
 * channels' tracking through core's tracking-break detector. Each series is scored from the first
 * slot its segment has data on to the frame's last slot; slots without a row are gaps. A series
 * with no data (a part zero on every slot) or an intermittent amount (`intermittent`) is not
 * scored.
 *
 * Alerts become episodes: the alerting slots of one series in one direction, one slot apart at
 * most, make one episode. Each slot of each series also gets an impact — how far it is from
 * expected, in the count the detector models — so alerts on the same days can be traced to the
 * segment that explains them (`grouping.ts`):
 * - a volume: value − expected;
 * - a ratio scored through its numerator (CTR, ROAS): numerator − expected ratio × denominator;
 * - a ratio scored through its denominator (CPC, CPA: money per event): denominator − numerator ÷
 *   expected ratio.
 * Segments of one KPI at two levels have impacts in the same units, which is what makes them
 * comparable.
 */
import {
  type Catalog,
  type DiagnosisMessage,
  detectKpiAnomalies,
  detectTrackingBreaks,
  type EventCalendar,
  isMarkpiError,
  type KpiAlert,
  type KpiSeries,
  type VolumeMeasure,
} from '@markpi/core';
import type { Marker } from './incidents.js';
import { monitorMessage, type Said, sayMonitor } from './messages.js';
import { type Segment, type SegmentTree, segmentKey, segmentMessage, seriesKey } from './segments.js';
import { type Frame, type SegmentSeries, slotDays } from './series.js';
import { type MonitorShape, type RatioShape, repeatsDaily, samplingOf, type VolumeShape } from './shapes.js';

export interface Episode {
  kind: 'kpi' | 'tracking';
  series: string;
  kpi: string;
  segment: Segment;
  direction: 'above' | 'below';
  /** Frame slots that alerted, in order. */
  slots: number[];
  from: string;
  to: string;
  /** The smallest probability among its slots. */
  probability: number;
  /** Measures the KPI (or the break's outcome) is made of: alerts that share one share a cause. */
  measures: string[];
  markers: Marker[];
  /** The headline sentence of this episode. */
  said: Said;
  /** Tracking breaks: the outcome and the volume that held. */
  outcome?: string;
  volume?: string;
  /** The monitor whose settings found it. */
  monitor?: string;
}

export interface ScoredSeries {
  key: string;
  kpi: string;
  segment: Segment;
  /** Impact per frame slot (NaN where unscored). */
  impact: Float64Array;
}

export interface ScoringProblem {
  series: string;
  said: Said;
}

export interface ScoreOptions {
  /** The declared events of a segment's series (`calendar.ts`). */
  calendarFor: (segment: Segment) => EventCalendar;
  /** Alert probability for a series, by its key. */
  alertProbability: (series: string) => number;
  /** Alert on moves against the KPI's direction only (default), or both ways. */
  directions?: 'against' | 'both';
  /** Days a segment is watched on, when it has them (a campaign from its first to its last day). */
  spanOf?: (segment: Segment) => { from: string; to: string } | null;
}

/** Whether a move in `direction` counts for a KPI whose good direction is `good`. */
export function movesAgainst(good: 'up' | 'down' | 'context', direction: 'above' | 'below'): boolean {
  if (good === 'up') return direction === 'below';
  if (good === 'down') return direction === 'above';
  return true;
}

/** Measures a formula names (its KPI references expanded). */
export function measuresOf(catalog: Catalog, kpi: string): string[] {
  const found = new Set<string>();
  const visit = (id: string, depth: number) => {
    const entry = catalog.kpis.get(id);
    if (!entry || depth > 20) return;
    for (const measure of entry.references.measures) found.add(measure);
    for (const reference of entry.references.kpis) visit(reference, depth + 1);
  };
  if (catalog.measures.has(kpi)) found.add(kpi);
  visit(kpi, 0);
  return [...found].sort();
}

/**
 * History older than the last eight weeks is scored with each series' fit refreshed weekly, the
 * recent weeks with a fit before every slot: a run scores two years on every pass, and the days
 * people act on are the recent ones (the weekly fits cost a seventh and move the history's
 * markers little: the trend is carried forward from each fit).
 */
export const HISTORY_REFIT_EVERY = 7;
export const RECENT_SLOTS = 56;

/** Share of slots with data at which an amount may be zero before its series is intermittent. */
export const INTERMITTENT_SHARE = 0.02;

/**
 * Whether the amount a series is scored on (money: a volume of spend, the numerator of a ratio of
 * amounts like ROAS) is zero on more than `INTERMITTENT_SHARE` (2%) of its slots with data — a
 * creator boosted now and then, a word-of-mouth campaign whose sales come in lumps. An amount's
 * wobble has no room for zeros, so such a series would alert on every quiet day: it is left
 * unscored, like a series with no data. (A tracking outage's two zero days in eighteen months stay
 * well under it.) Counts (clicks, conversions) have zeros of their own and are scored.
 */
export function intermittent(series: KpiSeries): boolean {
  const amounts =
    'measure' in series
      ? series.measure === 'amount'
        ? series.points.map((point) => point.value)
        : null
      : series.sampling === 'none'
        ? series.points.map((point) => point.numerator)
        : null;
  if (!amounts) return false;
  const known = amounts.filter((value) => value !== null);
  const zeros = known.filter((value) => value === 0).length;
  return known.length > 0 && zeros > INTERMITTENT_SHARE * known.length;
}

/** Why a series could not be scored, as the detector put it. */
function reasonOf(error: unknown): string {
  return isMarkpiError(error)
    ? error.message
    : `the model could not be fitted (${(error as Error).message ?? String(error)})`;
}

function raritySaid(alert: KpiAlert): DiagnosisMessage {
  const { rarity } = alert;
  if (rarity.level === 'beyond_chance') return monitorMessage('monitor.rarity.beyond_chance');
  const wait =
    rarity.count === 1
      ? monitorMessage(`monitor.wait.${rarity.unit}.one`)
      : monitorMessage(`monitor.wait.${rarity.unit}`, { count: rarity.count });
  return monitorMessage(`monitor.rarity.${rarity.level}`, { wait });
}

export function daysMessage(from: string, to: string): DiagnosisMessage {
  return from === to
    ? monitorMessage('monitor.days.one', { day: from })
    : monitorMessage('monitor.days.range', { from, to });
}

/** Scores one KPI in one segment; null when the segment has no data for it. */
function scoreOne(
  catalog: Catalog,
  frame: Frame,
  segment: SegmentSeries,
  shape: VolumeShape | RatioShape,
  options: ScoreOptions,
  problems: ScoringProblem[],
): { scored: ScoredSeries; alerts: KpiAlert[]; first: number } | null {
  const key = seriesKey(shape.kpi, segment.segment);
  const partValues =
    shape.kind === 'volume'
      ? [segment.parts.get(shape.part)]
      : [segment.parts.get(shape.numerator), segment.parts.get(shape.denominator)];
  if (partValues.some((values) => values === undefined)) return null;
  const [first, second] = partValues as Float64Array[];
  // A campaign is watched while it runs: before its first day it is not there, after its last
  // its traffic fades as it should.
  const span = options.spanOf?.(segment.segment) ?? null;
  const end = span ? frame.slots.findLastIndex((slot) => slot <= span.to) : frame.slots.length - 1;
  let start = -1;
  let firstMoves = false;
  let secondMoves = second === undefined;
  let negative = false;
  for (let slot = 0; slot <= end; slot++) {
    if (span && frame.slots[slot]! < span.from) continue;
    const a = first![slot]!;
    const b = second ? second[slot]! : 0;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    if (start < 0) start = slot;
    if (a !== 0) firstMoves = true;
    if (b !== 0) secondMoves = true;
    if (a < 0 || b < 0) negative = true;
  }
  // A part that is zero on every day is not reported there (WeChat has no 5-second views): the
  // KPI has no data in this segment.
  if (start < 0 || !firstMoves || !secondMoves) return null;
  const said = (key: string, extra: Record<string, string> = {}) =>
    sayMonitor(
      catalog,
      monitorMessage(key, {
        kpi: shape.kpi,
        segment: segmentMessage(segment.segment, frame.tree, catalog),
        ...extra,
      }),
    );
  if (negative) {
    problems.push({ series: key, said: said('monitor.problem.negative') });
    return null;
  }
  const timestamps = frame.slots.slice(start, end + 1);
  let series: KpiSeries;
  let exceeds = false;
  if (shape.kind === 'volume') {
    series = {
      kpi: shape.kpi,
      measure: shape.measure,
      points: timestamps.map((timestamp, index) => {
        const value = first![start + index]!;
        return { timestamp, value: Number.isNaN(value) ? null : value * shape.scale };
      }),
    };
  } else {
    // A week of daily snapshots holds one day's trials seven times over (`repeatsDaily`).
    const repeats = repeatsDaily(catalog, shape) ? slotDays(frame) : 1;
    const points = timestamps.map((timestamp, index) => {
      const numerator = first![start + index]! / repeats;
      const denominator = second![start + index]! / repeats;
      const usable = !Number.isNaN(numerator) && !Number.isNaN(denominator);
      if (usable && numerator > denominator) exceeds = true;
      return {
        timestamp,
        numerator: usable ? numerator : null,
        denominator: usable ? denominator : null,
      };
    });
    series = { kpi: shape.kpi, sampling: samplingOf(shape, exceeds), points, scale: shape.scale };
  }
  if (intermittent(series)) return null;
  let detection: ReturnType<typeof detectKpiAnomalies>;
  try {
    detection = detectKpiAnomalies(series, {
      calendar: options.calendarFor(segment.segment),
      alertProbability: options.alertProbability(key),
      bands: false,
      historyRefitEvery: HISTORY_REFIT_EVERY,
      recentSlots: RECENT_SLOTS,
    });
  } catch (error) {
    // One series the model can't fit must not stop the others: it is reported with the run.
    problems.push({ series: key, said: said('monitor.problem.failed', { reason: reasonOf(error) }) });
    return null;
  }
  const impact = new Float64Array(frame.slots.length).fill(Number.NaN);
  const perEvent = shape.kind === 'ratio' && 'sampling' in series && series.sampling === 'per_event';
  detection.slots.forEach((slot, index) => {
    if (slot.status !== 'scored' || slot.value === null || slot.expected === null) return;
    const at = start + index;
    if (shape.kind === 'volume') {
      impact[at] = slot.value - slot.expected;
      return;
    }
    const numerator = first![at]!;
    const denominator = second![at]!;
    if (perEvent) {
      if (slot.expected > 0) impact[at] = denominator - (numerator * shape.scale) / slot.expected;
    } else {
      impact[at] = numerator - (slot.expected / shape.scale) * denominator;
    }
  });
  return {
    scored: { key, kpi: shape.kpi, segment: segment.segment, impact },
    alerts: detection.alerts,
    first: start,
  };
}

/** Alert slots of one series made into episodes (see the module's comment). */
function episodesOf(
  catalog: Catalog,
  frame: Frame,
  shape: VolumeShape | RatioShape,
  scored: ScoredSeries,
  alerts: readonly KpiAlert[],
  start: number,
  directions: 'against' | 'both',
): Episode[] {
  const kpi = catalog.kpis.get(shape.kpi)!;
  const offset = shape.kind === 'ratio' ? shape.offset : 0;
  const segmentSaid = segmentMessage(scored.segment, frame.tree, catalog);
  const episodes: Episode[] = [];
  let current: Episode | null = null;
  for (const alert of alerts) {
    if (directions === 'against' && !movesAgainst(kpi.direction, alert.direction)) continue;
    const slot = start + alert.slot;
    const day = frame.slots[slot]!;
    const moved = (value: number | null) => (value === null ? null : value + offset);
    const params = {
      segment: segmentSaid,
      day,
      kpi: shape.kpi,
      unit: kpi.unit,
      value: alert.value + offset,
      expected: alert.expected + offset,
      direction: monitorMessage(`monitor.direction.${alert.direction}`),
      rarity: raritySaid(alert),
    };
    const said =
      alert.kind === 'sustained'
        ? sayMonitor(catalog, monitorMessage('monitor.alert.sustained', { ...params, run: alert.runLength }))
        : sayMonitor(
            catalog,
            monitorMessage('monitor.alert.point', {
              ...params,
              low: moved(alert.low) ?? Number.NaN,
              high: moved(alert.high) ?? Number.NaN,
            }),
          );
    const marker: Marker = {
      series: scored.key,
      kpi: shape.kpi,
      segment: segmentKey(scored.segment),
      time: day,
      kind: alert.kind,
      direction: alert.direction,
      value: alert.value + offset,
      expected: alert.expected + offset,
      low: moved(alert.low),
      high: moved(alert.high),
      probability: alert.probability,
      rarity: alert.rarity.level,
      run: alert.runLength,
      event: alert.event,
      said,
    };
    const last = current?.slots.at(-1);
    if (current && last !== undefined && current.direction === alert.direction && slot - last <= 2) {
      current.slots.push(slot);
      current.to = day;
      current.markers.push(marker);
      if (alert.probability < current.probability) {
        current.probability = alert.probability;
        current.said = said;
      }
      continue;
    }
    current = {
      kind: 'kpi',
      series: scored.key,
      kpi: shape.kpi,
      segment: scored.segment,
      direction: alert.direction,
      slots: [slot],
      from: day,
      to: day,
      probability: alert.probability,
      measures: measuresOf(catalog, shape.kpi),
      markers: [marker],
      said,
    };
    episodes.push(current);
  }
  return episodes;
}

export interface FrameScores {
  series: Map<string, ScoredSeries>;
  episodes: Episode[];
  problems: ScoringProblem[];
  /** Series scored. */
  count: number;
}

/** Scores the shapes in the segments of the frame whose levels are asked. */
export function scoreFrame(
  catalog: Catalog,
  frame: Frame,
  shapes: readonly MonitorShape[],
  levels: ReadonlySet<string>,
  options: ScoreOptions,
): FrameScores {
  const result: FrameScores = { series: new Map(), episodes: [], problems: [], count: 0 };
  for (const segment of frame.segments.values()) {
    if (!levels.has(segment.segment.level)) continue;
    for (const shape of shapes) {
      if (shape.kind === 'unwatched') continue;
      const scored = scoreOne(catalog, frame, segment, shape, options, result.problems);
      if (!scored) continue;
      result.count++;
      result.series.set(scored.scored.key, scored.scored);
      result.episodes.push(
        ...episodesOf(
          catalog,
          frame,
          shape,
          scored.scored,
          scored.alerts,
          scored.first,
          options.directions ?? 'against',
        ),
      );
    }
  }
  return result;
}

/** Clicks that should bring conversions, spend that should bring conversion value. */
export const TRACKING_PAIRS: readonly { volume: string; outcome: string }[] = [
  { volume: 'clicks', outcome: 'conversions' },
  { volume: 'spend', outcome: 'conversion_value' },
];

export function trackingPairs(catalog: Catalog): { volume: string; outcome: string }[] {
  return TRACKING_PAIRS.filter(
    (pair) => catalog.measures.has(pair.volume) && catalog.measures.has(pair.outcome),
  );
}

const measureKind = (catalog: Catalog, measure: string): VolumeMeasure =>
  catalog.measures.get(measure)?.unit === 'count' ? 'count' : 'amount';

/** Tracking breaks of every channel of the frame, as episodes on the channel. */
export function trackingEpisodes(
  catalog: Catalog,
  frame: Frame,
  tree: SegmentTree,
  options: ScoreOptions,
  problems: ScoringProblem[],
): Episode[] {
  const episodes: Episode[] = [];
  for (const segment of frame.segments.values()) {
    if (segment.segment.level !== 'channel') continue;
    const counted = new Set(
      trackingPairs(catalog)
        .filter(
          (pair) => catalog.measures.get(pair.outcome)?.unit === 'count' && segment.parts.has(pair.outcome),
        )
        .map((pair) => pair.outcome),
    );
    for (const pair of trackingPairs(catalog)) {
      const volume = segment.parts.get(pair.volume);
      const outcome = segment.parts.get(pair.outcome);
      if (!volume || !outcome) continue;
      // An amount (conversion value) is checked on its own only where conversions are not counted:
      // where they are, a break shows there, and an amount's quiet days say less than a count's.
      if (catalog.measures.get(pair.outcome)?.unit !== 'count' && counted.size > 0) continue;
      let start = -1;
      for (let slot = 0; slot < frame.slots.length && start < 0; slot++) {
        if (!Number.isNaN(volume[slot]!) && !Number.isNaN(outcome[slot]!)) start = slot;
      }
      if (start < 0) continue;
      // An outcome that is often zero on its own (a channel whose clicks rarely convert) says
      // nothing by being zero: a break can't be told apart there.
      let known = 0;
      let zeros = 0;
      for (let slot = start; slot < frame.slots.length; slot++) {
        if (Number.isNaN(outcome[slot]!)) continue;
        known++;
        if (outcome[slot] === 0) zeros++;
      }
      if (zeros > INTERMITTENT_SHARE * known) continue;
      const key = `tracking:${pair.outcome}/${pair.volume}@${segmentKey(segment.segment)}`;
      let found: ReturnType<typeof detectTrackingBreaks>;
      try {
        found = detectTrackingBreaks(
          {
            source: segment.segment.value!,
            volume: { name: pair.volume, measure: measureKind(catalog, pair.volume) },
            outcome: { name: pair.outcome, measure: measureKind(catalog, pair.outcome) },
            points: frame.slots.slice(start).map((timestamp, index) => {
              const v = volume[start + index]!;
              const o = outcome[start + index]!;
              const usable = !Number.isNaN(v) && !Number.isNaN(o) && v >= 0 && o >= 0;
              return { timestamp, volume: usable ? v : null, outcome: usable ? o : null };
            }),
          },
          { calendar: options.calendarFor(segment.segment), alertProbability: options.alertProbability(key) },
        );
      } catch (error) {
        problems.push({
          series: key,
          said: sayMonitor(
            catalog,
            monitorMessage('monitor.problem.failed', {
              kpi: pair.outcome,
              segment: segmentMessage(segment.segment, tree, catalog),
              reason: reasonOf(error),
            }),
          ),
        });
        continue;
      }
      for (const broken of found.breaks) {
        const slots: number[] = [];
        found.slots.forEach((slot, index) => {
          if (slot.broken && slot.time >= broken.from && slot.time <= broken.to) slots.push(start + index);
        });
        episodes.push({
          kind: 'tracking',
          series: key,
          kpi: pair.outcome,
          segment: segment.segment,
          direction: 'below',
          slots,
          from: broken.from,
          to: broken.to,
          probability: broken.probability,
          measures: [pair.outcome],
          markers: [],
          outcome: pair.outcome,
          volume: pair.volume,
          said: sayMonitor(
            catalog,
            monitorMessage('monitor.alert.tracking', {
              segment: segmentMessage(segment.segment, tree, catalog),
              outcome: pair.outcome,
              volume: pair.volume,
              actual: broken.actual,
              expected: broken.expected,
              share: broken.volumeShare,
              days: daysMessage(broken.from, broken.to),
            }),
          ),
        });
      }
    }
  }
  return episodes;
}
