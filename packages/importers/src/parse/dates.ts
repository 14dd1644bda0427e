/**
 * Dates in every shape exports use, to `YYYY-MM-DD`: ISO dates and timestamps (the date as
 * written, in the account's time zone), `YYYYMMDD` (GA4), `YYYY/M/D`, `2026年5月1日`,
 * `May 18, 2025`, `1 sept. 2026`, `18 de mayo de 2025`, Excel serials, and `18/05/2025` or
 * `05/18/2025` — the last two only once the file itself says which comes first.
 */

import { ExcelPercent, type RawCell } from '../read/records.js';
import { type Refusal, refusal } from '../said.js';
import { isPlaceholder } from './numbers.js';

export type DateOrder = 'dmy' | 'mdy';

export type DateResult = { ok: true; date: string | null } | (Refusal & { ambiguous?: boolean });

const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jän', 'enero', 'ene', 'janeiro'],
  ['february', 'feb', 'février', 'févr', 'fevrier', 'fevr', 'februar', 'febrero', 'fevereiro', 'fev'],
  ['march', 'mar', 'mars', 'märz', 'marz', 'marzo', 'março', 'marco'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo', 'maio'],
  ['june', 'jun', 'juin', 'juni', 'junio', 'junho'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio', 'julho'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setembro', 'set'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre', 'outubro', 'out'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'dezember', 'dez', 'diciembre', 'dic', 'dezembro'],
];

const MONTH_BY_NAME = new Map<string, number>(
  MONTH_NAMES.flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);

function monthFromName(name: string): number | undefined {
  return MONTH_BY_NAME.get(name.toLowerCase().replace(/\.$/, ''));
}

const pad = (value: number) => String(value).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A checked calendar date, or the reason it is not one. */
function calendarDate(year: number, month: number, day: number, text: string): DateResult {
  if (year < 1900 || year > 2200)
    return refusal('import.reason.implausible_year', { value: text, year: `${year}` });
  if (month < 1 || month > 12) return refusal('import.reason.no_month', { value: text, month: `${month}` });
  if (day < 1 || day > daysInMonth(year, month)) {
    return refusal('import.reason.no_day', { value: text, month: `${year}-${pad(month)}`, day: `${day}` });
  }
  return { ok: true, date: `${year}-${pad(month)}-${pad(day)}` };
}

const fullYear = (year: string) => (year.length === 2 ? 2000 + Number(year) : Number(year));

/** Excel's day count (1900 system, with its fictional 29 February 1900). */
export function excelSerialToDate(serial: number): string | undefined {
  if (!(serial >= 1 && serial < 2958466)) return undefined;
  const days = Math.floor(serial);
  const epoch = Date.UTC(1899, 11, 30);
  return new Date(epoch + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day and month positions of a `a/b/yyyy` date, for settling the order over a whole file. */
export function numericDayMonth(text: string): { first: number; second: number } | undefined {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,].*)?$/.exec(text.trim());
  return match ? { first: Number(match[1]), second: Number(match[2]) } : undefined;
}

/** What a set of `a/b/yyyy` dates says about their order. */
export class DateOrderEvidence {
  dayFirst = 0;
  monthFirst = 0;
  undecided = 0;
  /** First date only valid day-first, and first only valid month-first, with their rows. */
  dayFirstExample?: { text: string; row: number };
  monthFirstExample?: { text: string; row: number };
  undecidedExample?: { text: string; row: number };

  add(text: string, row = 0): void {
    const parts = numericDayMonth(text);
    if (!parts) return;
    if (parts.first > 12 && parts.second <= 12) {
      this.dayFirst++;
      this.dayFirstExample ??= { text, row };
    } else if (parts.second > 12 && parts.first <= 12) {
      this.monthFirst++;
      this.monthFirstExample ??= { text, row };
    } else if (parts.first !== parts.second) {
      this.undecided++;
      this.undecidedExample ??= { text, row };
    }
  }

  /** `conflict` when some dates are only valid day-first and others only month-first. */
  verdict(): DateOrder | 'conflict' | 'undecided' | 'not_needed' {
    if (this.dayFirst > 0 && this.monthFirst > 0) return 'conflict';
    if (this.dayFirst > 0) return 'dmy';
    if (this.monthFirst > 0) return 'mdy';
    return this.undecided > 0 ? 'undecided' : 'not_needed';
  }
}

export interface DateParseOptions {
  /** Day/month order for `a/b/yyyy` dates, settled from the file or given by the user. */
  order?: DateOrder;
  /** Accept a month alone (`202504`, `2025-04`, `2025年4月`) as its first day. */
  allowMonth?: boolean;
}

export function parseDate(cell: RawCell, options: DateParseOptions = {}): DateResult {
  if (cell === null) return { ok: true, date: null };
  if (cell instanceof ExcelPercent)
    return refusal('import.reason.percent_not_date', { value: `${cell.fraction}` });
  if (typeof cell === 'number') {
    if (options.allowMonth && Number.isInteger(cell) && cell >= 190001 && cell <= 220012) {
      return parseDateText(String(cell), options);
    }
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 22001231)
      return parseDateText(String(cell), options);
    const date = excelSerialToDate(cell);
    return date ? { ok: true, date } : refusal('import.reason.number_not_date', { value: `${cell}` });
  }
  return parseDateText(cell, options);
}

/**
 * Files repeat the same few hundred dates millions of times: results are memoised per order
 * and grain (bounded, so a file of unique timestamps cannot grow it without limit).
 */
const MEMO_LIMIT = 100_000;
const memo = new Map<string, DateResult>();

export function parseDateText(original: string, options: DateParseOptions = {}): DateResult {
  const key = `${options.order ?? ''}${options.allowMonth ? 'm' : ''}|${original}`;
  const known = memo.get(key);
  if (known) return known;
  const result = parseDateTextUncached(original, options);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, result);
  return result;
}

function parseDateTextUncached(original: string, options: DateParseOptions): DateResult {
  const text = original.trim();
  if (isPlaceholder(text)) return { ok: true, date: null };
  let match: RegExpExecArray | null;

  // 2026-05-01, 2026/5/1, 2026.05.01, with any time and zone after it.
  match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]), text);

  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]), text);

  match = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]), text);

  if (options.allowMonth) {
    match = /^(\d{4})(?:[-/.]|\s*年\s*)?(\d{1,2})\s*月?$/.exec(text);
    if (match && (match[2]!.length === 2 || /[-/.年]/.test(text))) {
      return calendarDate(Number(match[1]), Number(match[2]), 1, text);
    }
  }

  // May 18, 2025 · Aug. 2 2026 · Oct 15, 2024, 11:04 AM
  match = /^([A-Za-zÀ-ÿ]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (match) {
    const month = monthFromName(match[1]!);
    if (month) return calendarDate(Number(match[3]), month, Number(match[2]), text);
  }
  // 18 May 2025 · 1 sept. 2026 · 1. September 2026 · 18 de mayo de 2025 · 18-May-2025
  match = /^(\d{1,2})\.?[\s-]+(?:de\s+)?([A-Za-zÀ-ÿ]+)\.?[\s-]+(?:de\s+)?(\d{4})\b/.exec(text);
  if (match) {
    const month = monthFromName(match[2]!);
    if (month) return calendarDate(Number(match[3]), month, Number(match[1]), text);
  }

  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:$|[ T,])/.exec(text);
  if (numeric) {
    const first = Number(numeric[1]);
    const second = Number(numeric[2]);
    const year = fullYear(numeric[3]!);
    if (first > 12) return calendarDate(year, second, first, text);
    if (second > 12) return calendarDate(year, first, second, text);
    if (first === second) return calendarDate(year, first, first, text);
    if (!options.order) {
      return { ...refusal('import.reason.ambiguous_date', { value: text }), ambiguous: true };
    }
    return options.order === 'dmy'
      ? calendarDate(year, second, first, text)
      : calendarDate(year, first, second, text);
  }

  // Excel serials that reached a CSV as text.
  if (/^\d{5}(?:\.\d+)?$/.test(text)) {
    const date = excelSerialToDate(Number(text));
    if (date && date >= '1990-01-01') return { ok: true, date };
  }
  return refusal('import.reason.unknown_date', { value: text });
}

/** The period a Google Ads date-range line (`"May 18, 2025 - August 15, 2025"`) states. */
export function parseDateRange(
  text: string,
  options: DateParseOptions = {},
): { from: string; to: string } | undefined {
  const parts = text.split(/\s+[-–—~至]\s+|\s*[~至]\s*/);
  if (parts.length !== 2) return undefined;
  const from = parseDateText(parts[0]!, options);
  const to = parseDateText(parts[1]!, options);
  if (from.ok && to.ok && from.date && to.date) return { from: from.date, to: to.date };
  return undefined;
}
