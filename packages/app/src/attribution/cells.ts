/**
 * Cells of attribution files as numbers, yes/no flags and instants.
 *
 * Numbers are read as imports read them (`1,234`, `1.2万`, a comma-decimal file once its cells
 * say so). Instants: ISO 8601 date-times (`2026-05-01T09:30:00Z`, `2026-05-01 09:30:15.250+08:00`,
 * `2026/5/1 9:30`), a bare date (its midnight), or epoch seconds (10 digits) or milliseconds
 * (13 digits). A time without an offset is a wall-clock time in the time zone given (UTC by
 * default); only differences between times matter to the models, so the zone matters only
 * across a daylight-saving change.
 */
import { instantOfLocal, isValidIsoDate } from '@markpi/core';
import {
  cellText,
  type DecimalStyle,
  detectDecimalStyle,
  parseNumber,
  type RawCell,
} from '@markpi/importers';

export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The decimal style the file's number cells settle on; a dot when none settles it. */
export function decimalStyleOf(cells: Iterable<RawCell>): DecimalStyle {
  function* texts() {
    for (const cell of cells) if (typeof cell === 'string') yield cell;
  }
  return detectDecimalStyle(texts()) ?? 'dot';
}

/** A count or amount ≥ 0; an empty cell (or `--`, `-`) is 0. */
export function amountCell(cell: RawCell, style: DecimalStyle): CellResult<number> {
  const parsed = parseNumber(cell, style);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (parsed.percent)
    return { ok: false, reason: `"${cellText(cell)}" is a percentage, not a count or amount` };
  if (parsed.value === null) return { ok: true, value: 0 };
  if (!Number.isFinite(parsed.value) || parsed.value < 0)
    return { ok: false, reason: `"${cellText(cell)}" is not a number ≥ 0` };
  return { ok: true, value: parsed.value };
}

const YES = new Set(['1', 'true', 'yes', 'y', 't', '是', '有', '已转化', 'converted', 'conversion']);
const NO = new Set(['', '0', 'false', 'no', 'n', 'f', '否', '无', '未转化', '-', '--', 'null']);

/** Whether a row is a conversion: 1/0, true/false, yes/no, 是/否; an empty cell is no. */
export function flagCell(cell: RawCell): CellResult<boolean> {
  if (cell === null) return { ok: true, value: false };
  if (typeof cell === 'number') {
    if (cell === 1 || cell === 0) return { ok: true, value: cell === 1 };
    return { ok: false, reason: `${cell} is not 1 or 0` };
  }
  const text = cellText(cell).normalize('NFKC').trim().toLowerCase();
  if (YES.has(text)) return { ok: true, value: true };
  if (NO.has(text)) return { ok: true, value: false };
  if (/^[+]?0*1(?:\.0*)?$/.test(text)) return { ok: true, value: true };
  if (/^[+-]?0*(?:\.0*)?$/.test(text)) return { ok: true, value: false };
  return { ok: false, reason: `"${cellText(cell)}" is not a yes or no (1/0, true/false, yes/no)` };
}

const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH_SECONDS = /^\d{10}$/;
const EPOCH_MILLISECONDS = /^\d{13}$/;

/** An instant as epoch milliseconds (see the module comment for the shapes read). */
export function instantCell(cell: RawCell, timeZone: string): CellResult<number> {
  if (cell === null) return { ok: false, reason: 'the time is empty' };
  const text = cellText(cell).trim();
  if (EPOCH_MILLISECONDS.test(text)) return { ok: true, value: Number(text) };
  if (EPOCH_SECONDS.test(text)) return { ok: true, value: Number(text) * 1000 };
  const match = DATE_TIME.exec(text);
  if (!match) {
    return {
      ok: false,
      reason: `"${text}" is not a time (write 2026-05-01 09:30:00, with an offset such as +08:00 if you like, or epoch seconds)`,
    };
  }
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const date = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  if (!isValidIsoDate(date)) return { ok: false, reason: `"${text}" is not a calendar date` };
  const hours = Number(hour ?? 0);
  const minutes = Number(minute ?? 0);
  const seconds = Number(second ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59)
    return { ok: false, reason: `"${text}" is not a time of day` };
  const milliseconds = fraction ? Math.floor(Number(`0.${fraction}`) * 1000 + 1e-9) : 0;
  const withinMinute = seconds * 1000 + milliseconds;
  if (offset === undefined) {
    const start = instantOfLocal(timeZone, date, hours * 60 + minutes).getTime();
    return { ok: true, value: start + withinMinute };
  }
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000 + withinMinute;
  if (offset.toUpperCase() === 'Z') return { ok: true, value: wall };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (offsetMinutes > 18 * 60) return { ok: false, reason: `"${text}" has no such offset ${offset}` };
  return { ok: true, value: wall - sign * offsetMinutes * 60_000 };
}
