/**
 * Calendar days as `YYYY-MM-DD` strings, the way the API speaks them. Arithmetic runs in UTC so
 * that a day never shifts with the browser's time zone; the workspace's time zone is the
 * server's business (it is sent with each query).
 */

const DAY_MS = 86_400_000;

export function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatDay(new Date(parseDay(day).getTime() + days * DAY_MS));
}

/** Days from `from` to `to` inclusive (1 for the same day). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS) + 1;
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(parseDay(value).getTime());
}

export interface DayRange {
  from: string;
  to: string;
}

/** The `days` days that end on `to`. */
export function lastDays(to: string, days: number): DayRange {
  return { from: addDays(to, -(days - 1)), to };
}

/** The range of the same length just before `range` (what "compare with previous" means). */
export function previousRange(range: DayRange): DayRange {
  const length = daysInclusive(range.from, range.to);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

export function overlaps(a: DayRange, b: DayRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export function laterDay(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

export function earlierDay(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

export function clampRange(range: DayRange, bounds: DayRange): DayRange {
  const from = laterDay(range.from, bounds.from);
  const to = earlierDay(range.to, bounds.to);
  return from <= to ? { from, to } : bounds;
}

/** The month `offset` months after the one `day` falls in (0: its own month), first to last day. */
export function monthAround(day: string, offset = 0): DayRange {
  const date = parseDay(day);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + offset;
  // Day 0 of the next month is the last day of this one, whatever its length.
  return {
    from: formatDay(new Date(Date.UTC(year, month, 1))),
    to: formatDay(new Date(Date.UTC(year, month + 1, 0))),
  };
}

/** The calendar quarter `offset` quarters after the one `day` falls in, first to last day. */
export function quarterAround(day: string, offset = 0): DayRange {
  const date = parseDay(day);
  const firstMonth = Math.floor(date.getUTCMonth() / 3) * 3 + offset * 3;
  const year = date.getUTCFullYear();
  return {
    from: formatDay(new Date(Date.UTC(year, firstMonth, 1))),
    to: formatDay(new Date(Date.UTC(year, firstMonth + 3, 0))),
  };
}

/**
 * Today's date in a time zone (the workspace's, so "next month" is the same for a team in
 * Shanghai and a colleague travelling); the UTC date when the zone is unknown to this browser.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value;
    const day = `${part('year')}-${part('month')}-${part('day')}`;
    return isDay(day) ? day : formatDay(now);
  } catch {
    return formatDay(now);
  }
}
