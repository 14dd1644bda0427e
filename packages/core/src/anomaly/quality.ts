/**
 * Data-quality detectors: a tracking break (traffic goes on, conversions stop being recorded),
 * a source that stops delivering, and how fresh the data is across sources.
 *
 * Tracking break: the outcome (conversions, conversion value) is scored as a rate per unit of
 * the volume that leads to it (clicks, spend) by the KPI detector (`detect.ts`: gamma-Poisson
 * for counted outcomes, wobble only for amounts), and the volume on its own. A slot is broken
 * when the outcome's rate alerts below, the outcome is at most `nearZeroShare` (10%) of what
 * the volume should have brought, and the volume itself held at least `heldShare` (50%) of its
 * own expected value: the clicks came, the conversions didn't. Consecutive broken slots make
 * one break.
 *
 * Late source: a source's usual delay is the median number of days between the last day a
 * delivery covers and the day it arrived (from its arrivals when given, else `defaultDelayDays`,
 * 1), and its cadence the median number of days a delivery moves its last day forward (from
 * its arrivals, else the median gap between its days of data): over its last 10 deliveries or
 * 60 days. The next data is due `cadence + delay` days after its last day; it is late the day
 * after that (plus `graceDays`, default 0).
 *
 * Freshness: the last day every active source has (the earliest of their last days) and the
 * sources behind the latest.
 */
import { MarkpiError } from '../errors.js';
import { addDays, daysBetween, isValidIsoDate } from '../plan/dates.js';
import type { EventCalendar } from '../targets/events.js';
import type { Message } from '../targets/messages.js';
import { detectKpiAnomalies, type VolumeMeasure } from './detect.js';
import { anomalyMessage, sayAnomaly } from './messages.js';
import type { Timestamp } from './timeline.js';

// ---------------------------------------------------------------- tracking breaks

export interface TrackingPoint {
  timestamp: Timestamp;
  /** What keeps flowing when tracking breaks: clicks, spend, sessions. */
  volume: number | null;
  /** What tracking records: conversions, conversion value. */
  outcome: number | null;
}

export interface TrackingSeries {
  /** The source or channel, as it should be named in the alert. */
  source: string;
  volume: { name: string; measure: VolumeMeasure };
  outcome: { name: string; measure: VolumeMeasure };
  points: readonly TrackingPoint[];
}

export interface TrackingOptions {
  calendar?: EventCalendar;
  /** Probability at or below which the outcome's fall counts (default 0.001). */
  alertProbability?: number;
  /** The outcome is "near zero" at or below this share of what the volume should bring (0.1). */
  nearZeroShare?: number;
  /** The volume "held" at or above this share of its own expected value (0.5). */
  heldShare?: number;
}

export interface TrackingBreak {
  source: string;
  outcome: string;
  volume: string;
  /** First and last slot of the break, as slot times. */
  from: string;
  to: string;
  slots: number;
  /** The outcome recorded over the break, and what the volume should have brought. */
  actual: number;
  expected: number;
  /** The volume over the break against its own expected value. */
  volumeShare: number;
  /** The smallest probability among the break's slots. */
  probability: number;
  message: Message;
  text: string;
}

export interface TrackingSlot {
  time: string;
  broken: boolean;
  /** The outcome rate's probability on broken slots, else 1. */
  probability: number;
  /** 1 − probability, in [0, 1]. */
  score: number;
}

export function detectTrackingBreaks(
  series: TrackingSeries,
  options: TrackingOptions = {},
): { breaks: TrackingBreak[]; slots: TrackingSlot[] } {
  const nearZero = options.nearZeroShare ?? 0.1;
  const held = options.heldShare ?? 0.5;
  const alertProbability = options.alertProbability ?? 1e-3;
  const common = {
    alertProbability,
    bands: false,
    ...(options.calendar ? { calendar: options.calendar } : {}),
  };
  const rate = detectKpiAnomalies(
    {
      kpi: series.outcome.name,
      sampling: series.outcome.measure === 'count' ? 'poisson' : 'none',
      points: series.points.map((point) => ({
        timestamp: point.timestamp,
        numerator: point.outcome,
        denominator: point.volume,
      })),
    },
    common,
  );
  const volume = detectKpiAnomalies(
    {
      kpi: series.volume.name,
      measure: series.volume.measure,
      points: series.points.map((point) => ({ timestamp: point.timestamp, value: point.volume })),
    },
    common,
  );
  // Both detections lay the same timestamps on the same grid, slot for slot.
  const slots: TrackingSlot[] = rate.slots.map((slot, index) => {
    const volumeSlot = volume.slots[index]!;
    const broken =
      slot.status === 'scored' &&
      volumeSlot.status === 'scored' &&
      slot.value !== null &&
      slot.expected !== null &&
      slot.expected > 0 &&
      slot.probability <= alertProbability &&
      slot.value <= nearZero * slot.expected &&
      volumeSlot.value !== null &&
      volumeSlot.expected !== null &&
      volumeSlot.value >= held * volumeSlot.expected;
    return {
      time: slot.time,
      broken,
      probability: broken ? slot.probability : 1,
      score: broken ? slot.score : 0,
    };
  });

  const breaks: TrackingBreak[] = [];
  let start = -1;
  const close = (end: number) => {
    let actual = 0;
    let expected = 0;
    let volumeActual = 0;
    let volumeExpected = 0;
    let probability = 1;
    for (let index = start; index <= end; index++) {
      const slot = rate.slots[index]!;
      const volumeSlot = volume.slots[index]!;
      // The rate's value and expectation are per unit of volume: back to outcome totals.
      actual += slot.value! * volumeSlot.value!;
      expected += slot.expected! * volumeSlot.value!;
      volumeActual += volumeSlot.value!;
      volumeExpected += volumeSlot.expected!;
      probability = Math.min(probability, slot.probability);
    }
    const from = slots[start]!.time;
    const to = slots[end]!.time;
    const volumeShare = volumeExpected > 0 ? volumeActual / volumeExpected : 1;
    const message = anomalyMessage('anomaly.tracking.break', {
      source: series.source,
      outcome: series.outcome.name,
      volume: series.volume.name,
      actual,
      expected,
      from,
      to,
      volumeShare,
    });
    breaks.push({
      source: series.source,
      outcome: series.outcome.name,
      volume: series.volume.name,
      from,
      to,
      slots: end - start + 1,
      actual,
      expected,
      volumeShare,
      probability,
      message,
      text: sayAnomaly(message, 'en'),
    });
  };
  slots.forEach((slot, index) => {
    if (slot.broken && start < 0) start = index;
    if (!slot.broken && start >= 0) {
      close(index - 1);
      start = -1;
    }
  });
  if (start >= 0) close(slots.length - 1);
  return { breaks, slots };
}

// ---------------------------------------------------------------- late sources

export interface SourceDeliveries {
  source: string;
  /** Days the source has data for (`YYYY-MM-DD`, any order). */
  days: readonly string[];
  /** When each delivery arrived and the last day it covered, when known (an import log). */
  arrivals?: readonly { arrivedOn: string; lastDay: string }[];
}

export interface DeliveryOptions {
  today: string;
  /** Delay assumed for sources without arrivals (1 day: yesterday's data today). */
  defaultDelayDays?: number;
  /** Days past due before a source counts as late (0). */
  graceDays?: number;
}

export interface SourceDelivery {
  source: string;
  status: 'on_time' | 'late' | 'no_data';
  lastDay: string | null;
  delayDays: number | null;
  cadenceDays: number | null;
  /** The day newer data was due by. */
  dueBy: string | null;
  /** Days past due (0 when on time). */
  daysLate: number;
  message: Message | null;
  text: string | null;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function checkDays(days: readonly string[], label: string): void {
  const wrong = days.filter((day) => !isValidIsoDate(day));
  if (wrong.length > 0) {
    throw new MarkpiError(
      'invalid_monitor_input',
      `${label}: ${wrong.length} day(s) are not YYYY-MM-DD dates`,
      wrong.slice(0, 20).map((day) => ({ message: `not a date: ${day}` })),
    );
  }
}

export function checkDeliveries(
  sources: readonly SourceDeliveries[],
  options: DeliveryOptions,
): SourceDelivery[] {
  checkDays([options.today], 'today');
  const grace = options.graceDays ?? 0;
  return sources.map((source) => {
    checkDays(source.days, source.source);
    const arrivals = [...(source.arrivals ?? [])].sort(
      (a, b) => a.arrivedOn.localeCompare(b.arrivedOn) || a.lastDay.localeCompare(b.lastDay),
    );
    checkDays(
      arrivals.flatMap((arrival) => [arrival.arrivedOn, arrival.lastDay]),
      `${source.source} arrivals`,
    );
    const days = [...new Set(source.days)].sort();
    const lastDay = days[days.length - 1] ?? null;
    if (lastDay === null) {
      return {
        source: source.source,
        status: 'no_data',
        lastDay: null,
        delayDays: null,
        cadenceDays: null,
        dueBy: null,
        daysLate: 0,
        message: null,
        text: null,
      };
    }
    let delayDays: number;
    let cadenceDays: number;
    const recent = arrivals.slice(-10);
    if (recent.length > 0) {
      delayDays = Math.max(
        0,
        Math.round(median(recent.map((arrival) => daysBetween(arrival.lastDay, arrival.arrivedOn)))),
      );
      const steps = recent
        .slice(1)
        .map((arrival, index) => daysBetween(recent[index]!.lastDay, arrival.lastDay));
      const forward = steps.filter((step) => step > 0);
      cadenceDays = forward.length > 0 ? Math.max(1, Math.round(median(forward))) : 1;
    } else {
      delayDays = options.defaultDelayDays ?? 1;
      const window = days.filter((day) => daysBetween(day, lastDay) <= 60);
      const gaps = window.slice(1).map((day, index) => daysBetween(window[index]!, day));
      cadenceDays = gaps.length > 0 ? Math.max(1, Math.round(median(gaps))) : 1;
    }
    const dueBy = addDays(lastDay, cadenceDays + delayDays);
    const past = daysBetween(dueBy, options.today);
    const late = past > grace;
    const message = late
      ? anomalyMessage('anomaly.source.late', {
          source: source.source,
          days: past,
          lastDay,
          delay: delayDays,
          cadence: cadenceDays,
          dueBy,
        })
      : null;
    return {
      source: source.source,
      status: late ? 'late' : 'on_time',
      lastDay,
      delayDays,
      cadenceDays,
      dueBy,
      daysLate: Math.max(0, past),
      message,
      text: message ? sayAnomaly(message, 'en') : null,
    };
  });
}

// ---------------------------------------------------------------- freshness

export interface SourceLastDay {
  source: string;
  /** The last day the source has data for; null when it has none yet. */
  lastDay: string | null;
}

export interface Freshness {
  /** The last day every active source has data for; null when one has none. */
  completeThrough: string | null;
  /** The latest day any source has. */
  latest: string | null;
  /** Sources behind the latest day, furthest behind first (no data at all first of all). */
  behind: { source: string; lastDay: string | null; daysBehind: number | null }[];
  message: Message | null;
  text: string | null;
}

export function dataFreshness(sources: readonly SourceLastDay[]): Freshness {
  checkDays(
    sources.flatMap((source) => (source.lastDay === null ? [] : [source.lastDay])),
    'last days',
  );
  const days = sources.map((source) => source.lastDay).filter((day): day is string => day !== null);
  if (days.length === 0)
    return { completeThrough: null, latest: null, behind: [], message: null, text: null };
  // ISO dates sort as text.
  const sorted = [...days].sort();
  const latest = sorted[sorted.length - 1]!;
  const missing = sources.some((source) => source.lastDay === null);
  const completeThrough = missing ? null : sorted[0]!;
  const behind = sources
    .filter((source) => source.lastDay === null || source.lastDay < latest)
    .map((source) => ({
      source: source.source,
      lastDay: source.lastDay,
      daysBehind: source.lastDay === null ? null : daysBetween(source.lastDay, latest),
    }))
    .sort(
      (a, b) =>
        (b.daysBehind ?? Number.POSITIVE_INFINITY) - (a.daysBehind ?? Number.POSITIVE_INFINITY) ||
        a.source.localeCompare(b.source),
    );
  const message =
    behind.length === 0
      ? anomalyMessage('anomaly.freshness.complete', { day: latest })
      : completeThrough === null
        ? anomalyMessage('anomaly.freshness.missing', {
            sources: behind.filter((entry) => entry.lastDay === null).map((entry) => entry.source),
            latest,
          })
        : anomalyMessage('anomaly.freshness.behind', {
            complete: completeThrough,
            latest,
            sources: behind.map((entry) => entry.source),
          });
  return { completeThrough, latest, behind, message, text: sayAnomaly(message, 'en') };
}
