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
