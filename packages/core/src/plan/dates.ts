/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so no local clock shifts a day.
 */

const DAY_MS = 86_400_000;

export function parseIsoDate(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== date
  ) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return parsed;
}

export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The date itself when it is a real `YYYY-MM-DD` calendar date; throws otherwise. */
export function checkedDate(date: string): string {
  parseIsoDate(date);
  return date;
}

export function isValidIsoDate(date: string): boolean {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return formatIsoDate(new Date(parseIsoDate(date).getTime() + days * DAY_MS));
}

/** Adds whole months, clamping to the month's last day (Jan 31 + 1 month = Feb 28). */
export function addMonths(date: string, months: number): string {
  const parsed = parseIsoDate(date);
  const year = parsed.getUTCFullYear();
  const month = parsed.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatIsoDate(new Date(Date.UTC(year, month, Math.min(parsed.getUTCDate(), lastDay))));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

export function isMonthStart(date: string): boolean {
  return date.endsWith('-01');
}

export function isMonthEnd(date: string): boolean {
  return addDays(date, 1).endsWith('-01');
}

/** Whole months from `from` to `toExclusive` when both are month starts, else undefined. */
export function wholeMonthsBetween(from: string, toExclusive: string): number | undefined {
  if (!isMonthStart(from) || !isMonthStart(toExclusive)) return undefined;
  const a = parseIsoDate(from);
  const b = parseIsoDate(toExclusive);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/** One formatter per time zone: making one costs far more than formatting (every request asks). */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Today's date in a time zone, for resolving relative ranges. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, format);
  }
  return format.format(now);
}
