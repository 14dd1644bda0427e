/**
 * Calendar days as `YYYY-MM-DD` strings, the way the API speaks them, on core's own calendar
 * arithmetic (UTC, so a day never shifts with the browser's time zone; the workspace's time zone
 * is the server's business, sent with each query). What is here is only what the screens add:
 * presets counted back from the last day with data, and today's date when the zone is unknown.
 */
import {
  addDays,
  addMonths,
  todayIn as coreTodayIn,
  formatIsoDate,
  isValidIsoDate,
  monthEndOf,
  monthStartOf,
  type Period,
  quarterStartOf,
} from '@markpi/core';

export type DayRange = Period;

/** A real calendar day written `YYYY-MM-DD` (not `2026-02-30`): what a URL or a date input may hold. */
export const isDay = isValidIsoDate;

/** The `days` days that end on `to`. */
export function lastDays(to: string, days: number): DayRange {
  return { from: addDays(to, -(days - 1)), to };
}

/** The month `offset` months after the one `day` falls in (0: its own month), first to last day. */
export function monthAround(day: string, offset = 0): DayRange {
  const from = addMonths(monthStartOf(day), offset);
  return { from, to: monthEndOf(from) };
}

/** The calendar quarter `offset` quarters after the one `day` falls in, first to last day. */
export function quarterAround(day: string, offset = 0): DayRange {
  const from = addMonths(quarterStartOf(day), offset * 3);
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/**
 * Today's date in a time zone (the workspace's, so "next month" is the same for a team in
 * Shanghai and a colleague travelling); the UTC date when this browser does not know the zone.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    const day = coreTodayIn(timeZone, now);
    return isDay(day) ? day : formatIsoDate(now);
  } catch {
    return formatIsoDate(now);
  }
}
