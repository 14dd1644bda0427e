/**
 * Instants in the shapes event and order exports use, to epoch milliseconds (UTC) and the day
 * as written:
 * - `2026-05-01 12:34:56`, `2026/5/1 12:34`, `2026-05-01T12:34:56.789`, `2026年5月1日 12:34:56`,
 *   a day alone (its midnight): wall-clock times in the file's time zone;
 * - the same with `Z`, `UTC`, `+08:00`, `+0800` or ` +0800` (Shopify): the offset written wins;
 * - digits alone: epoch seconds (10 digits), milliseconds (13) or microseconds (16, GA4's
 *   BigQuery `event_timestamp`), told apart by their size;
 * - workbook date-time cells (Excel serial days with a fraction): wall-clock in the time zone.
 *
 * A wall-clock time the zone skips (spring forward) is moved forward by the gap, and one it
 * repeats (autumn) is the earlier: the convention calendars use (core's `instantOfLocal`).
 * The day is the date as written, or for epoch numbers the local day in the time zone.
 */
import { instantOfLocal, localTimeOf } from '@markpi/core';
import { cellText } from '../read/header.js';
import type { RawCell } from '../read/records.js';
import { type Refusal, refusal } from '../said.js';
import { isPlaceholder } from './numbers.js';

export type TimeResult = { ok: true; at: number; day: string } | { ok: true; at: null } | Refusal;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const WALL_CLOCK =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds of a day, hour, minute. */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Excel's day 0 (30 December 1899) in epoch days. */
const EXCEL_EPOCH_DAYS = -25_569;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A wall-clock reading in `timeZone`, or at the written offset, as an instant. */
function instant(day: string, millisOfDay: number, offset: string | undefined, timeZone: string): number {
  if (offset !== undefined) {
    const base = Date.parse(`${day}T00:00:00Z`) + millisOfDay;
    if (/^(z|utc|gmt)$/i.test(offset)) return base;
    const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
    const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
    return base - minutes * MINUTE_MS;
  }
  // Offsets change on whole minutes, so the minute's instant plus the rest is exact.
  const minute = Math.floor(millisOfDay / MINUTE_MS);
  return instantOfLocal(timeZone, day, minute).getTime() + (millisOfDay - minute * MINUTE_MS);
}

function fromEpochDigits(digits: string, timeZone: string): TimeResult {
  const value = Number(digits);
  let at: number;
  if (digits.length === 10) at = value * 1000;
  else if (digits.length === 13) at = value;
  else if (digits.length === 16) at = Math.floor(value / 1000);
  else return refusal('import.reason.epoch_digits', { value: digits });
  if (!Number.isSafeInteger(at)) return refusal('import.reason.out_of_range', { value: digits });
  return { ok: true, at, day: localTimeOf(timeZone, at).date };
}

/** Reads one cell as an instant; empty cells and placeholders (`--`) are no value. */
export function parseTime(cell: RawCell, timeZone: string): TimeResult {
  if (cell === null) return { ok: true, at: null };
  if (typeof cell === 'number') {
    // A workbook's date-time: days since 1899-12-30, the fraction the time of day.
    if (cell > 1 && cell < 2_958_466) {
      const days = Math.floor(cell);
      const millisOfDay = Math.round((cell - days) * DAY_MS);
      const day = new Date((days + EXCEL_EPOCH_DAYS) * DAY_MS).toISOString().slice(0, 10);
      return { ok: true, at: instant(day, millisOfDay, undefined, timeZone), day };
    }
    if (Number.isInteger(cell)) return fromEpochDigits(String(cell), timeZone);
    return refusal('import.reason.number_not_time', { value: `${cell}` });
  }
  const text = cellText(cell).trim();
  if (text === '' || isPlaceholder(text)) return { ok: true, at: null };
  if (/^\d+$/.test(text)) return fromEpochDigits(text, timeZone);
  const match = WALL_CLOCK.exec(text);
  if (!match) return refusal('import.reason.not_a_time', { value: text });
  const [, year, month, dayOfMonth, hour, minute, second, fraction, offset] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(dayOfMonth);
  if (y < 1900 || y > 2200) return refusal('import.reason.implausible_year', { value: text, year: `${y}` });
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    return refusal('import.reason.time_not_a_date', { value: text });
  const h = Number(hour ?? 0);
  const min = Number(minute ?? 0);
  const s = Number(second ?? 0);
  if (h > 23 || min > 59 || s > 59) return refusal('import.reason.not_a_time_of_day', { value: text });
  const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000 + 1e-9) : 0;
  const day = `${y}-${pad(m)}-${pad(d)}`;
  return { ok: true, at: instant(day, ((h * 60 + min) * 60 + s) * 1000 + millis, offset, timeZone), day };
}
