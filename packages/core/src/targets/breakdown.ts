/**
 * Breaking a target down into quarters, months and days, the way its KPI's aggregation class
 * allows (see `breakdownMethod`):
 * - split (additive KPIs): the total is shared by day weights and rounded to the KPI's
 *   precision with largest remainders, top-down — quarters from the total, months from their
 *   quarter, days from their month — so every level adds up to exactly the level above;
 * - level (ratios): every part keeps the target's level;
 * - end of period (snapshots): each part gets the level to reach by its last day, moving from
 *   the starting level to the target in step with the cumulative day weights.
 * Day weights come from the mode: even (every day 1), seasonal (last year's value on the same
 * date) or events (a calendar of weighted events).
 */
import { MarkpiError } from '../errors.js';
import { type EventCalendar, eventDayWeights } from './events.js';
import type { BreakdownMode } from './model.js';
import { calendarBuckets, eachDay, overlap, type Period } from './periods.js';
import { fromUnits, roundTo, splitUnits, toUnits } from './rounding.js';
import {
  type BreakdownMethod,
  breakdownMethod,
  type KpiTraits,
  kpiPrecision,
  splitIsApproximate,
} from './traits.js';

export interface BreakdownInput {
  kpi: KpiTraits;
  value: number;
  period: Period;
  mode: BreakdownMode;
  /** For `seasonal`: last year's KPI value on the same calendar date, keyed by this period's date. */
  lastYearDaily?: ReadonlyMap<string, number | null>;
  /** For `events`. */
  calendar?: EventCalendar;
  /** For snapshot KPIs: the level when the period starts (the day before it). */
  startLevel?: number | null;
  /** Decimals of split parts; default by unit (whole counts, cents). */
  precision?: number;
}

export type BreakdownLevel = 'quarter' | 'month' | 'day';

export interface BreakdownPart extends Period {
  level: BreakdownLevel;
  /** The part's target: its share (split), the level (level), or the level by its end (end of period). */
  value: number;
  /** The to-date target at the part's last day: running total (split), else the same as `value`. */
  cumulative: number;
  /** The part's share of the period's day weight, 0–1. */
  share: number;
  /** The calendar event that set a day's weight. */
  event?: string;
}

export interface Breakdown {
  kpi: string;
  method: BreakdownMethod;
  mode: BreakdownMode;
  period: Period;
  /** The target (for split KPIs rounded to `precision`, which is what the parts add up to). */
  value: number;
  /** Decimals of split parts; null for levels. */
  precision: number | null;
  /** Snapshot KPIs: the level the path starts from. */
  startLevel: number | null;
  quarters: BreakdownPart[];
  months: BreakdownPart[];
  days: BreakdownPart[];
  notes: string[];
}

interface DayWeights {
  weights: number[];
  events: (string | undefined)[];
  notes: string[];
}

function dayWeights(input: BreakdownInput, days: readonly string[], method: BreakdownMethod): DayWeights {
  const notes: string[] = [];
  const even = (): DayWeights => ({ weights: days.map(() => 1), events: days.map(() => undefined), notes });
  switch (input.mode) {
    case 'even':
      return even();
    case 'events': {
      if (!input.calendar)
        throw new MarkpiError('missing_calendar', 'an events breakdown needs an event calendar');
      const weighted = eventDayWeights(days, input.calendar);
      if (weighted.every((day) => day.weight === 0)) {
        notes.push(`calendar ${input.calendar.id} gives every day weight 0: split evenly instead`);
        return even();
      }
      return { weights: weighted.map((day) => day.weight), events: weighted.map((day) => day.event), notes };
    }
    case 'seasonal': {
      if (!input.lastYearDaily)
        throw new MarkpiError(
          'missing_seasonal_shape',
          'a seasonal breakdown needs last year’s daily values',
        );
      const levels = days.map((day) => input.lastYearDaily!.get(day) ?? null);
      let weights: number[];
      if (method === 'end_of_period') {
        // A level's seasonal shape is where it grew: last year's positive day-over-day changes.
        let previous: number | null = null;
        weights = levels.map((level) => {
          const grown = level !== null && previous !== null ? Math.max(0, level - previous) : 0;
          if (level !== null) previous = level;
          return grown;
        });
      } else {
        weights = levels.map((level) => (level !== null && level > 0 ? level : 0));
      }
      const missing = levels.filter((level) => level === null).length;
      if (weights.every((weight) => weight === 0)) {
        notes.push('last year has no usable data for these dates: split evenly instead');
        return even();
      }
      if (missing > 0) notes.push(`${missing} of ${days.length} days had no data last year and get no share`);
      return { weights, events: days.map(() => undefined), notes };
    }
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Day index ranges [start, end) of each bucket, in order. */
function bucketRanges(days: readonly string[], buckets: readonly Period[]): [number, number][] {
  let start = 0;
  return buckets.map((bucket) => {
    let end = start;
    while (end < days.length && days[end]! <= bucket.to) end++;
    const range: [number, number] = [start, end];
    start = end;
    return range;
  });
}

export function buildBreakdown(input: BreakdownInput): Breakdown {
  const { kpi, period } = input;
  const method = breakdownMethod(kpi);
  const days = eachDay(period);
  const monthBuckets = calendarBuckets(period, 'month');
  const quarterBuckets = calendarBuckets(period, 'quarter');
  const monthRanges = bucketRanges(days, monthBuckets);
  const quarterRanges = bucketRanges(days, quarterBuckets);
  const { weights, events, notes } = dayWeights(input, days, method);
  const totalWeight = sum(weights);
  const shareOf = ([start, end]: [number, number]) =>
    totalWeight > 0 ? sum(weights.slice(start, end)) / totalWeight : 0;

  if (method === 'split' && splitIsApproximate(kpi)) {
    notes.push(
      `${kpi.id} counts distinct people or posts: parts can add up to more than the whole, so treat them as a guide`,
    );
  }

  // Values per day (split: units; others: levels), then parts at each level from the days.
  let dayValues: number[];
  let precision: number | null = null;
  let total = input.value;
  let startLevel: number | null = null;

  if (method === 'split') {
    precision = input.precision ?? kpiPrecision(kpi.unit);
    const totalUnits = toUnits(input.value, precision);
    total = fromUnits(totalUnits, precision);
    if (total !== input.value) notes.push(`target rounded to ${precision} decimals: ${total}`);
    const dayUnits: number[] = new Array(days.length).fill(0);
    const quarterUnits = splitUnits(
      totalUnits,
      quarterRanges.map(([start, end]) => sum(weights.slice(start, end))),
    );
    quarterRanges.forEach(([qStart, qEnd], quarterIndex) => {
      const months = monthRanges
        .map((range, index) => ({ range, index }))
        .filter(({ range }) => range[0] >= qStart && range[1] <= qEnd);
      const monthUnits = splitUnits(
        quarterUnits[quarterIndex]!,
        months.map(({ range }) => sum(weights.slice(range[0], range[1]))),
      );
      months.forEach(({ range: [mStart, mEnd] }, position) => {
        const units = splitUnits(monthUnits[position]!, weights.slice(mStart, mEnd));
        units.forEach((value, offset) => {
          dayUnits[mStart + offset] = value;
        });
      });
    });
    dayValues = dayUnits;
  } else if (method === 'level') {
    dayValues = days.map(() => input.value);
  } else {
    startLevel = input.startLevel ?? null;
    if (startLevel === null)
      notes.push('no level before the period to start from: every part gets the target level');
    const from = startLevel ?? input.value;
    const decimals = input.precision ?? kpiPrecision(kpi.unit);
    let running = 0;
    dayValues = weights.map((weight, index) => {
      running += weight;
      // Without weight anywhere (a flat season) the path is a straight line over the days.
      const progress = totalWeight > 0 ? running / totalWeight : (index + 1) / days.length;
      return index === days.length - 1
        ? input.value
        : roundTo(from + (input.value - from) * progress, decimals);
    });
  }

  const partsFor = (
    level: BreakdownLevel,
    buckets: readonly Period[],
    ranges: readonly [number, number][],
  ): BreakdownPart[] => {
    let runningUnits = 0;
    return buckets.map((bucket, index) => {
      const range = ranges[index]!;
      const share = shareOf(range);
      if (method === 'split') {
        const units = sum(dayValues.slice(range[0], range[1]));
        runningUnits += units;
        return {
          level,
          ...bucket,
          value: fromUnits(units, precision!),
          cumulative: fromUnits(runningUnits, precision!),
          share,
        };
      }
      const last = dayValues[range[1] - 1]!;
      return { level, ...bucket, value: last, cumulative: last, share };
    });
  };

  const dayRanges = days.map((_, index): [number, number] => [index, index + 1]);
  const dayParts = partsFor(
    'day',
    days.map((day) => ({ from: day, to: day })),
    dayRanges,
  ).map((part, index) => (events[index] ? { ...part, event: events[index] } : part));

  return {
    kpi: kpi.id,
    method,
    mode: input.mode,
    period,
    value: total,
    precision,
    startLevel,
    quarters: partsFor('quarter', quarterBuckets, quarterRanges),
    months: partsFor('month', monthBuckets, monthRanges),
    days: dayParts,
    notes,
  };
}

/**
 * The target to be reached by the end of `asOf`: the running total (split), the level
 * (level), or the level on the path that day (end of period). Before the period: nothing yet
 * (split) or the starting level; after it: the whole target.
 */
export function targetToDate(breakdown: Breakdown, asOf: string): number {
  if (breakdown.method === 'level') return breakdown.value;
  if (asOf < breakdown.period.from)
    return breakdown.method === 'split' ? 0 : (breakdown.startLevel ?? breakdown.value);
  if (asOf >= breakdown.period.to) return breakdown.value;
  const day = breakdown.days.find((part) => part.from === asOf)!;
  return day.cumulative;
}

/**
 * The target for a window inside the period: the sum of its days (split), the level (level),
 * or the level to reach by the window's end (end of period). Undefined when they don't meet.
 */
export function targetForWindow(breakdown: Breakdown, window: Period): number | undefined {
  const shared = overlap(window, breakdown.period);
  if (!shared) return undefined;
  const { from, to } = shared;
  if (breakdown.method === 'level') return breakdown.value;
  const inside = breakdown.days.filter((day) => day.from >= from && day.from <= to);
  if (breakdown.method === 'end_of_period') return inside.at(-1)!.value;
  const decimals = breakdown.precision ?? 0;
  return fromUnits(sum(inside.map((day) => toUnits(day.value, decimals))), decimals);
}
