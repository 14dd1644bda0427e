import { earlierDay, laterDay } from './dates';

/**
 * Which target speaks for a number on screen. A tile or chart shows a KPI over a period and a
 * filter; a target covers it when it is for the same KPI, its period meets the shown one, and
 * its scope is the same rows (no filter = the whole workspace). The closest period wins.
 */

export interface TargetLike {
  id: string;
  kpi: string;
  scope: { filter?: string; label: string };
  period: { from: string; to: string };
}

/** Filters compared without case and spacing differences: `channel='douyin'` = `channel = 'douyin'`. */
export function sameFilter(a: string | undefined, b: string | undefined): boolean {
  const normal = (text: string | undefined) => (text ?? '').replaceAll(/\s+/g, '').toLowerCase();
  return normal(a) === normal(b);
}

export function coveringTarget<T extends { target: TargetLike }>(
  items: readonly T[],
  kpi: string,
  period: { from: string; to: string },
  filter: string | undefined,
): T | undefined {
  const candidates = items.filter(
    ({ target }) =>
      target.kpi === kpi &&
      target.period.from <= period.to &&
      period.from <= target.period.to &&
      sameFilter(target.scope.filter, filter),
  );
  // Prefer the target whose period overlaps the shown one the most.
  const overlapDays = ({ target }: T) => {
    const from = laterDay(target.period.from, period.from);
    const to = earlierDay(target.period.to, period.to);
    return Date.parse(to) - Date.parse(from);
  };
  return candidates.sort((a, b) => overlapDays(b) - overlapDays(a))[0];
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
  const date = new Date(`${day}T00:00:00.000Z`);
  switch (grain) {
    case 'week': {
      // ISO weeks start on Monday.
      const weekday = (date.getUTCDay() + 6) % 7;
      return new Date(date.getTime() - weekday * 86_400_000).toISOString().slice(0, 10);
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter': {
      const month = Math.floor(date.getUTCMonth() / 3) * 3 + 1;
      return `${day.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
    }
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
    default:
      return day;
  }
}
