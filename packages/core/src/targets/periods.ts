/**
 * Periods (inclusive ISO date ranges) and the windows targets are compared with and broken
 * into: calendar quarters and months clipped to the period, the previous period, the same
 * period last year, trailing months and whole months of history.
 */
import { MarkpiError } from '../errors.js';
import { addDays, addMonths, daysBetween, isMonthEnd, isMonthStart, isValidIsoDate } from '../plan/dates.js';

export interface Period {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export function assertPeriod(period: Period, what = 'period'): void {
  if (!isValidIsoDate(period.from) || !isValidIsoDate(period.to)) {
    throw new MarkpiError(
      'invalid_period',
      `${what}: ${period.from} … ${period.to} is not a pair of dates (YYYY-MM-DD)`,
    );
  }
  if (period.from > period.to) {
    throw new MarkpiError('invalid_period', `${what}: starts ${period.from}, after it ends ${period.to}`);
  }
}

export function periodDays(period: Period): number {
  return daysBetween(period.from, period.to) + 1;
}

export function eachDay(period: Period): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function monthStartOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function monthEndOf(date: string): string {
  return addDays(addMonths(monthStartOf(date), 1), -1);
}

export function quarterStartOf(date: string): string {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

function bucketStart(date: string, grain: 'quarter' | 'month'): string {
  return grain === 'quarter' ? quarterStartOf(date) : monthStartOf(date);
}

/** Calendar quarters or months that overlap a period, each clipped to it. */
export function calendarBuckets(period: Period, grain: 'quarter' | 'month'): Period[] {
  const buckets: Period[] = [];
  const step = grain === 'quarter' ? 3 : 1;
  for (let start = bucketStart(period.from, grain); start <= period.to; start = addMonths(start, step)) {
    const end = addDays(addMonths(start, step), -1);
    buckets.push({ from: maxDate(start, period.from), to: minDate(end, period.to) });
  }
  return buckets;
}

export function isWholeMonths(period: Period): boolean {
  return isMonthStart(period.from) && isMonthEnd(period.to);
}

function wholeMonthCount(period: Period): number {
  const from = Number(period.from.slice(0, 4)) * 12 + Number(period.from.slice(5, 7));
  const to = Number(period.to.slice(0, 4)) * 12 + Number(period.to.slice(5, 7));
  return to - from + 1;
}

/**
 * The period just before, of equal length: the same number of whole months when the period is
 * whole months (so February follows January, not "the 28 days before"), else the same days.
 */
export function previousPeriod(period: Period): Period {
  if (isWholeMonths(period)) {
    return { from: addMonths(period.from, -wholeMonthCount(period)), to: addDays(period.from, -1) };
  }
  const days = periodDays(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

/** The same dates a year earlier; a period ending on a month's last day ends on it a year earlier too. */
export function samePeriodLastYear(period: Period): Period {
  const to = isMonthEnd(period.to)
    ? monthEndOf(addMonths(monthStartOf(period.to), -12))
    : addMonths(period.to, -12);
  return { from: addMonths(period.from, -12), to };
}

/** The `months` months just before the period starts. */
export function trailingWindow(period: Period, months: number): Period {
  return { from: addMonths(period.from, -months), to: addDays(period.from, -1) };
}

/** Whole calendar months of history before a period, at most `months` of them, oldest first. */
export function historyMonths(period: Period, months: number): Period[] {
  const lastMonthStart = isMonthStart(period.from)
    ? addMonths(period.from, -1)
    : addMonths(monthStartOf(period.from), -1);
  const list: Period[] = [];
  for (let index = months - 1; index >= 0; index--) {
    const start = addMonths(lastMonthStart, -index);
    list.push({ from: start, to: monthEndOf(start) });
  }
  return list;
}

/** The days two periods share, or undefined. */
export function overlap(a: Period, b: Period): Period | undefined {
  const from = maxDate(a.from, b.from);
  const to = minDate(a.to, b.to);
  return from <= to ? { from, to } : undefined;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function formatPeriod(period: Period): string {
  return period.from === period.to ? period.from : `${period.from} … ${period.to}`;
}
