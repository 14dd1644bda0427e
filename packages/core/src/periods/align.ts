/**
 * A comparison the planner cannot shift to (the same event last year on other dates, the same ISO
 * week a year earlier) is asked as a second query over the comparison window; its rows are laid
 * beside the current ones here. Rows pair by their dimensions and, on a time axis, by the bucket's
 * place in its window: the first day of 618 2026 beside the first day of 618 2025, the second
 * week of a window beside the second week of the other. `<kpi>__change` is
 * (value − previous) / |previous|, null when either is missing or previous is 0, as the planner
 * computes it; a bucket with no partner gets null. Rows with no data in the current window are
 * not added, as the planner leaves them out.
 */
import { addDays, addMonths } from '../plan/dates.js';
import type { Grain } from '../plan/query.js';
import { monthStartOf, type Period, quarterStartOf } from '../targets/periods.js';
import { isoWeekStart } from './windows.js';

export type AlignedCell = string | number | boolean | null;
export type AlignedRow = Record<string, AlignedCell>;

/** First day of every bucket of `grain` that a window touches, in order (the bucket key the planner writes). */
export function bucketStarts(period: Period, grain: Exclude<Grain, 'total'>): string[] {
  const starts: string[] = [];
  const first =
    grain === 'day'
      ? period.from
      : grain === 'week'
        ? isoWeekStart(period.from)
        : grain === 'month'
          ? monthStartOf(period.from)
          : grain === 'quarter'
            ? quarterStartOf(period.from)
            : `${period.from.slice(0, 4)}-01-01`;
  const step = (day: string) =>
    grain === 'day'
      ? addDays(day, 1)
      : grain === 'week'
        ? addDays(day, 7)
        : addMonths(day, grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12);
  for (let start = first; start <= period.to; start = step(start)) starts.push(start);
  return starts;
}

function numberOf(cell: AlignedCell | undefined): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

export function changeAgainst(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return (value - previous) / Math.abs(previous);
}

export interface AlignRequest {
  kpis: readonly string[];
  dimensions: readonly string[];
  grain: Grain;
  period: Period;
  comparePeriod: Period;
}

/** The current rows with `<kpi>__previous` and `<kpi>__change` from the comparison window's rows. */
export function alignComparison(
  current: readonly AlignedRow[],
  comparison: readonly AlignedRow[],
  request: AlignRequest,
): AlignedRow[] {
  const { grain, kpis, dimensions } = request;
  // The comparison bucket that sits in each current bucket's place.
  const partnerOf = new Map<string, string>();
  if (grain !== 'total') {
    const now = bucketStarts(request.period, grain);
    const then = bucketStarts(request.comparePeriod, grain);
    now.forEach((bucket, index) => {
      const partner = then[index];
      if (partner !== undefined) partnerOf.set(bucket, partner);
    });
  }
  const keyOf = (row: AlignedRow, bucket: string | undefined) =>
    JSON.stringify([bucket ?? null, ...dimensions.map((dimension) => row[dimension] ?? null)]);
  const earlier = new Map<string, AlignedRow>();
  for (const row of comparison) {
    const bucket = grain === 'total' ? undefined : String(row[grain]);
    earlier.set(keyOf(row, bucket), row);
  }
  return current.map((row) => {
    let partner: AlignedRow | undefined;
    if (grain === 'total') partner = earlier.get(keyOf(row, undefined));
    else {
      const bucket = partnerOf.get(String(row[grain]));
      partner = bucket === undefined ? undefined : earlier.get(keyOf(row, bucket));
    }
    const added: AlignedRow = { ...row };
    for (const kpi of kpis) {
      const previous = numberOf(partner?.[kpi]);
      added[`${kpi}__previous`] = previous;
      added[`${kpi}__change`] = changeAgainst(numberOf(row[kpi]), previous);
    }
    return added;
  });
}
