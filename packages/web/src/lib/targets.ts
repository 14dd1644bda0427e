import { addDays, monthStartOf, overlap, periodDays, quarterStartOf, sameScope } from '@markpi/core';

/**
 * Which target speaks for a number on screen. A tile or chart shows a KPI over a period and a
 * filter; a target covers it when it is for the same KPI, its period meets the shown one, and
 * its scope is the same condition as the engine reads it (core's `sameScope`, which the server
 * uses for the overview's own tile targets; no filter = the whole workspace). The period sharing
 * the most days with the shown one wins.
 */

export interface TargetLike {
  id: string;
  kpi: string;
  scope: { filter?: string; label: string };
  period: { from: string; to: string };
}

/** Days the target's period shares with the shown one (0 for none). */
function sharedDays(target: TargetLike, period: { from: string; to: string }): number {
  const shared = overlap(target.period, period);
  return shared ? periodDays(shared) : 0;
}

export function coveringTarget<T extends { target: TargetLike }>(
  items: readonly T[],
  kpi: string,
  period: { from: string; to: string },
  filter: string | undefined,
): T | undefined {
  const candidates = items.filter(
    ({ target }) =>
      target.kpi === kpi && sharedDays(target, period) > 0 && sameScope(target.scope.filter, filter),
  );
  return candidates.sort((a, b) => sharedDays(b.target, period) - sharedDays(a.target, period))[0];
}

export interface CumulativePoint {
  date: string;
  /** The cumulative (split) or level target that day. */
  target: number;
}

/**
 * Target per time bucket from a pace series: for split KPIs the increase of the cumulative
 * target over the bucket's days, for levels the level on the bucket's last day. `bucketOf`
 * maps a day to its bucket's key (the bucket's first day, as the API labels rows).
 */
export function targetPerBucket(
  series: readonly CumulativePoint[],
  method: 'split' | 'level' | 'end_of_period',
  bucketOf: (day: string) => string,
): Map<string, number> {
  const buckets = new Map<string, number>();
  let previousCumulative = 0;
  let previousBucket: string | undefined;
  let bucketStart = 0;
  for (const point of series) {
    const bucket = bucketOf(point.date);
    if (bucket !== previousBucket) {
      bucketStart = previousCumulative;
      previousBucket = bucket;
    }
    buckets.set(bucket, method === 'split' ? point.target - bucketStart : point.target);
    previousCumulative = point.target;
  }
  return buckets;
}

/** The first day of the bucket a day falls in, as the query API labels time rows. */
export function bucketStart(day: string, grain: string): string {
  switch (grain) {
    case 'week': {
      // ISO weeks start on Monday: step back over the days since the last one.
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
      return addDays(day, -weekday);
    }
    case 'month':
      return monthStartOf(day);
    case 'quarter':
      return quarterStartOf(day);
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
    default:
      return day;
  }
}
