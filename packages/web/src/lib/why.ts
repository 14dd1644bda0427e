/**
 * "Why did it move?" asked from any number on the dashboard: the question a tile, a table cell or
 * a chart point stands for (a KPI, a window, the window it is compared with, the scope as a
 * filter), kept in the URL so the answer survives a reload and can be shared, and the small
 * arithmetic the answer's panel shows it with.
 *
 * Conventions: a cell's scope is the page's filter and, for each dimension of its row, that
 * dimension equal to the row's value (`channel = 'weibo'`), in the formula language; a time
 * bucket stands for its calendar days (ISO weeks from Monday) clipped to the page's window; the
 * compared window is the server's (`previous`: the period of equal length before, or last year).
 */
import { addDays, addMonths, combineFilters, monthEndOf, overlap, type Period } from '@markpi/core';
import type { CompareMode, Grain, KpiUnit } from '../api/types';
import { isDay } from './dates';
import { type FormatContext, formatValue } from './format';
import { bucketStart } from './targets';

export interface WhyRequest {
  kpi: string;
  from: string;
  to: string;
  compare: CompareMode;
  /** The scope; absent for the whole workspace. */
  filter?: string;
}

/** Search parameters of an open "why?" panel; the page's own parameters are left as they are. */
export const WHY_PARAMS = {
  kpi: 'why',
  from: 'why_from',
  to: 'why_to',
  compare: 'why_compare',
  filter: 'why_filter',
} as const;

/** The URL changes that open the panel on a question, or close it (null). */
export function whySearch(request: WhyRequest | null): Record<string, string | null> {
  return {
    [WHY_PARAMS.kpi]: request?.kpi ?? null,
    [WHY_PARAMS.from]: request?.from ?? null,
    [WHY_PARAMS.to]: request?.to ?? null,
    // `previous` is the server's default: left out, as the pages leave it out of their own URLs.
    [WHY_PARAMS.compare]: request?.compare === 'last_year' ? 'last_year' : null,
    [WHY_PARAMS.filter]: request?.filter?.trim() ? request.filter : null,
  };
}

/** The question an URL holds; null when it holds none, or one with a day that isn't a day. */
export function readWhyRequest(search: URLSearchParams): WhyRequest | null {
  const kpi = search.get(WHY_PARAMS.kpi);
  const from = search.get(WHY_PARAMS.from) ?? '';
  const to = search.get(WHY_PARAMS.to) ?? '';
  if (!kpi || !isDay(from) || !isDay(to) || from > to) return null;
  const filter = search.get(WHY_PARAMS.filter)?.trim();
  return {
    kpi,
    from,
    to,
    compare: search.get(WHY_PARAMS.compare) === 'last_year' ? 'last_year' : 'previous',
    ...(filter ? { filter } : {}),
  };
}

/** Text in the formula language: single quotes, a quote inside written twice. */
export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `dimension = 'value'`: the condition a row of one dimension value stands for. */
export function equalsCondition(dimension: string, value: string): string {
  return `${dimension} = ${quoteText(value)}`;
}

type CellValue = string | number | boolean | null | undefined;

/**
 * The scope a row of a result stands for: the page's filter and each of the row's dimension
 * values. Null when a value is missing (rows without one can't be named in a filter) or isn't text.
 */
export function rowScope(
  filter: string | undefined,
  row: Readonly<Record<string, CellValue>>,
  dimensions: readonly string[],
): { filter: string | undefined } | null {
  const conditions: string[] = [];
  for (const dimension of dimensions) {
    const value = row[dimension];
    if (typeof value !== 'string' || value === '') return null;
    conditions.push(equalsCondition(dimension, value));
  }
  return { filter: combineFilters(filter, conditions.length > 0 ? conditions.join(' and ') : undefined) };
}

/** The last day of the bucket that starts on `start`. */
export function bucketEnd(start: string, grain: Grain): string {
  switch (grain) {
    case 'week':
      return addDays(start, 6);
    case 'month':
      return monthEndOf(start);
    case 'quarter':
      return addDays(addMonths(start, 3), -1);
    case 'year':
      return `${start.slice(0, 4)}-12-31`;
    default:
      return start;
  }
}

/**
 * The days a time row stands for: its bucket's calendar days inside the page's window (a month
 * row of a window that starts on the 10th holds the 10th onwards, as the query counted it). The
 * whole window for `total`; null when the bucket and the window don't meet.
 */
export function bucketPeriod(bucket: string, grain: Grain, window: Period): Period | null {
  if (grain === 'total') return window;
  if (!isDay(bucket)) return null;
  const start = bucketStart(bucket, grain);
  return overlap({ from: start, to: bucketEnd(start, grain) }, window) ?? null;
}

/**
 * A change in a KPI's unit, signed: `+¥1,200`, `−0.35×`. Rates and percents change by
 * percentage points, so they are said as points (`+0.12 pp`), not as a percent of themselves.
 */
export function formatDelta(
  value: number | null | undefined,
  unit: KpiUnit | undefined,
  format: FormatContext,
  points: (value: string) => string,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  const size = Math.abs(value);
  if (unit === 'percent' || unit === 'ratio') {
    const digits = size * 100 < 0.1 && size > 0 ? 3 : 2;
    const number = new Intl.NumberFormat(format.locale, {
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    }).format(size * 100);
    return `${sign}${points(number)}`;
  }
  return `${sign}${formatValue(size, unit, format)}`;
}

/** Bar lengths for contributions: each one's size against the largest, 0 to 1. */
export function barLengths(values: readonly number[]): number[] {
  const largest = Math.max(0, ...values.map((value) => (Number.isFinite(value) ? Math.abs(value) : 0)));
  return values.map((value) => (largest > 0 && Number.isFinite(value) ? Math.abs(value) / largest : 0));
}
