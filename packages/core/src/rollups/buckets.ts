/**
 * Buckets of a rollup's grain on ISO dates, the same way the dialects truncate dates: weeks
 * start on Monday, months on the first.
 */
import { addDays, addMonths, parseIsoDate } from '../plan/dates.js';
import type { RollupGrain } from './definition.js';

/** The first day of the bucket a date falls in. */
export function bucketStart(grain: RollupGrain, date: string): string {
  switch (grain) {
    case 'day':
      return date;
    case 'week': {
      // getUTCDay: Sunday 0 … Saturday 6; Monday starts the week.
      const weekday = parseIsoDate(date).getUTCDay();
      return addDays(date, -((weekday + 6) % 7));
    }
    case 'month':
      return `${date.slice(0, 8)}01`;
  }
}

/** The first day of the next bucket after the one starting at `start`. */
export function nextBucket(grain: RollupGrain, start: string): string {
  switch (grain) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return addMonths(start, 1);
  }
}

/**
 * The whole buckets inside `[from, toExclusive)`: from the first bucket starting on or after
 * `from` to the last one ending by `toExclusive`. Undefined when no bucket fits whole.
 */
export function wholeBuckets(
  grain: RollupGrain,
  from: string,
  toExclusive: string,
): { from: string; toExclusive: string } | undefined {
  const first = bucketStart(grain, from) === from ? from : nextBucket(grain, bucketStart(grain, from));
  const end = bucketStart(grain, toExclusive);
  return first < end ? { from: first, toExclusive: end } : undefined;
}
