/**
 * Timestamps on a regular grid. A series is read on the wall clock it was written in: an ISO
 * date (`2026-06-18`), a date and time with or without seconds, a `T` or a space, and an
 * optional `Z` or offset (`2026-06-18T09:00:00+08:00` is 09:00 on June 18, the hour the
 * platform reported), or a number of milliseconds since 1970-01-01 UTC (read on the UTC
 * clock). The weekday and the hour of the day are taken from that wall clock, so a Saturday is a
 * Saturday where the business is.
 *
 * The grid's step is the most frequent gap between consecutive timestamps (rounded to the
 * second), or whole calendar months when every timestamp falls at midnight on the same day of
 * its month. Each timestamp sits in the grid slot nearest to it, counted from the first one;
 * slots without a timestamp are gaps.
 *
 * Seasonal periods follow from the step alone: a day's slots and a week's for steps that divide
 * a day, a week of days for daily series, a year of months for monthly and quarterly series,
 * none otherwise.
 */
import { MarkpiError } from '../errors.js';

export type Timestamp = string | number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The wall-clock time of a timestamp as milliseconds since 1970-01-01 00:00; null when it is not one. */
export function wallClock(timestamp: Timestamp): number | null {
  if (typeof timestamp === 'number') return Number.isFinite(timestamp) ? timestamp : null;
  const match = TIMESTAMP.exec(timestamp.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) =>
    Number(match[index] ?? 0),
  ) as [number, number, number, number, number, number];
  const fraction = match[7] ? Number(`0.${match[7]}`) * 1000 : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const time = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
  // Date.UTC rolls February 30 over into March: reject days the month does not have.
  if (new Date(time).getUTCDate() !== day) return null;
  return time;
}

/** `YYYY-MM-DD` of a wall-clock time. */
export function wallDate(time: number): string {
  return new Date(Math.floor(time / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(time: number): number {
  return (((Math.floor(time / DAY_MS) + 3) % 7) + 7) % 7;
}

export type Cadence = { kind: 'fixed'; stepMs: number } | { kind: 'months'; months: number };

export interface SeasonalPeriods {
  /** Slots per day, for steps that divide a day (hours, minutes). */
  day: number | null;
  /** Slots per week, for steps of a day or less that divide a day. */
  week: number | null;
  /** Slots per year, for steps of whole months that divide a year. */
  year: number | null;
}

export interface Grid {
  cadence: Cadence;
  /** Wall-clock time of slot 0 (the first timestamp). */
  origin: number;
  periods: SeasonalPeriods;
}

const monthIndex = (time: number) => {
  const date = new Date(time);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

function mostFrequent(values: readonly number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = { value: Number.NaN, count: 0 };
  for (const [value, count] of counts) {
    if (count > best.count || (count === best.count && value < best.value)) best = { value, count };
  }
  return best;
}

/** The grid's step from distinct, sorted wall-clock times (see the module's comment). */
export function inferCadence(times: readonly number[]): Cadence {
  if (times.length < 2) return { kind: 'fixed', stepMs: DAY_MS };
  const atMidnight = times.every((time) => time % DAY_MS === 0);
  if (atMidnight) {
    const dayOfMonth = new Date(times[0]!).getUTCDate();
    if (times.every((time) => new Date(time).getUTCDate() === dayOfMonth)) {
      const gaps: number[] = [];
      for (let index = 1; index < times.length; index++)
        gaps.push(monthIndex(times[index]!) - monthIndex(times[index - 1]!));
      // Daily-spaced timestamps can't share a day of the month, so this is a monthly series.
      return { kind: 'months', months: Math.max(1, mostFrequent(gaps).value) };
    }
  }
  const gaps: number[] = [];
  for (let index = 1; index < times.length; index++)
    gaps.push(Math.round((times[index]! - times[index - 1]!) / 1000) * 1000);
  const step = mostFrequent(gaps.filter((gap) => gap > 0)).value;
  return { kind: 'fixed', stepMs: Number.isFinite(step) && step > 0 ? step : DAY_MS };
}

export function seasonalPeriods(cadence: Cadence): SeasonalPeriods {
  if (cadence.kind === 'months') {
    const year = 12 / cadence.months;
    return { day: null, week: null, year: Number.isInteger(year) && year >= 2 ? year : null };
  }
  const step = cadence.stepMs;
  if (step === DAY_MS) return { day: null, week: 7, year: null };
  if (step < DAY_MS && DAY_MS % step === 0) return { day: DAY_MS / step, week: WEEK_MS / step, year: null };
  return { day: null, week: null, year: null };
}

export function gridOf(times: readonly number[]): Grid {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const cadence = inferCadence(sorted);
  return { cadence, origin: sorted[0] ?? 0, periods: seasonalPeriods(cadence) };
}

/** The slot nearest to a wall-clock time (may be negative before the origin). */
export function slotOf(grid: Grid, time: number): number {
  if (grid.cadence.kind === 'months') {
    return Math.round((monthIndex(time) - monthIndex(grid.origin)) / grid.cadence.months);
  }
  return Math.round((time - grid.origin) / grid.cadence.stepMs);
}

/** The wall-clock time at which a slot starts. */
export function slotTime(grid: Grid, slot: number): number {
  if (grid.cadence.kind === 'months') {
    const origin = new Date(grid.origin);
    return Date.UTC(
      origin.getUTCFullYear(),
      origin.getUTCMonth() + slot * grid.cadence.months,
      origin.getUTCDate(),
    );
  }
  return grid.origin + slot * grid.cadence.stepMs;
}

/** The step in words' units: how many slots make a day (for counting "once in N days"). */
export function slotsPerDay(grid: Grid): number | null {
  if (grid.cadence.kind === 'months') return null;
  return DAY_MS / grid.cadence.stepMs;
}

/** Wall-clock times of timestamps, with a problem for each one that is not a timestamp. */
export function readTimestamps(timestamps: readonly Timestamp[]): number[] {
  const times: number[] = [];
  const problems: { message: string; row: number }[] = [];
  timestamps.forEach((timestamp, index) => {
    const time = wallClock(timestamp);
    if (time === null) problems.push({ message: `not a timestamp: ${String(timestamp)}`, row: index + 1 });
    else times.push(time);
  });
  if (problems.length > 0) {
    throw new MarkpiError(
      'invalid_timestamp',
      `${problems.length} timestamp(s) are not ISO dates, date-times or epoch milliseconds`,
      problems.slice(0, 20),
    );
  }
  return times;
}
