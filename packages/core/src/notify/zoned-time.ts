/**
 * Wall-clock time in an IANA time zone, solved rather than stepped: the offset of an instant
 * comes from `Intl` (the runtime's time zone database), and a local time becomes an instant by
 * trying the offsets in force a day either side of it. Daylight saving makes a local time map to
 * none (the spring gap), one, or two instants (the autumn repeat); every function says which it
 * takes.
 *
 * A local time is a calendar date (`YYYY-MM-DD`) and minutes after local midnight (0–1439);
 * clock texts are `HH:MM`, 24-hour.
 */
import { MarkpiError } from '../errors.js';
import { parseIsoDate } from '../plan/dates.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface LocalTime {
  date: string;
  /** Minutes after local midnight, 0–1439. */
  minutes: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a `MarkpiError` naming the field when the runtime does not know the time zone. */
export function checkTimeZone(timeZone: string, field = 'timeZone'): string {
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    throw new MarkpiError('invalid_request', `unknown time zone: ${timeZone}`, [
      { message: `unknown time zone: ${timeZone}`, path: field, hint: 'an IANA name such as Asia/Shanghai' },
    ]);
  }
}

/** Wall-clock fields of an instant, with seconds, as if the wall clock were UTC (milliseconds). */
function wallClockMs(timeZone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
    // Intl has no milliseconds field here; an instant's milliseconds are the wall clock's.
    ((instantMs % 1000) + 1000) % 1000,
  );
}

/** The zone's offset from UTC at an instant, in whole minutes (Shanghai +480, New York −300/−240). */
export function offsetMinutes(timeZone: string, instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return Math.round((wallClockMs(timeZone, ms) - ms) / MINUTE_MS);
}

/** The local calendar date, minutes after midnight and weekday of an instant. */
export function localTimeOf(timeZone: string, instant: Date | number): LocalTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const wall = new Date(wallClockMs(timeZone, ms));
  const day = wall.getUTCDay();
  return {
    date: wall.toISOString().slice(0, 10),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: day === 0 ? 7 : day,
  };
}

/** `HH:MM` (00:00–23:59) as minutes after midnight; throws a `MarkpiError` naming the field. */
export function parseClock(text: string, field = 'time'): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) {
    throw new MarkpiError('invalid_request', `not a time of day: ${text}`, [
      { message: `not a time of day: ${text}`, path: field, hint: 'use HH:MM, 24-hour, e.g. 08:30' },
    ]);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Every instant whose wall clock reads `minutes` on `date`, earliest first: one on an ordinary
 * day, none in a spring-forward gap, two in an autumn repeat. Offsets in force a day before and
 * a day after are the only candidates (no zone changes its offset twice in two days).
 */
export function instantsOfLocal(timeZone: string, date: string, minutes: number): Date[] {
  const wall = parseIsoDate(date).getTime() + minutes * MINUTE_MS;
  const candidates = new Set<number>();
  for (const probe of [wall - DAY_MS, wall, wall + DAY_MS]) {
    const offset = offsetMinutes(timeZone, probe);
    const instant = wall - offset * MINUTE_MS;
    if (offsetMinutes(timeZone, instant) === offset) candidates.add(instant);
  }
  return [...candidates].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/**
 * The instant of a local time by the convention calendars and cron tables share ("compatible"):
 * the earlier of a repeated time; a time inside a spring-forward gap is moved forward by the
 * gap's length (02:30 on a day that jumps from 02:00 to 03:00 is 03:30).
 */
export function instantOfLocal(timeZone: string, date: string, minutes: number): Date {
  const found = instantsOfLocal(timeZone, date, minutes);
  if (found[0]) return found[0];
  const wall = parseIsoDate(date).getTime() + minutes * MINUTE_MS;
  const offsetBefore = offsetMinutes(timeZone, wall - DAY_MS);
  return new Date(wall - offsetBefore * MINUTE_MS);
}

/**
 * The first instant at which the wall clock reads `minutes` on `date` or has jumped past it: the
 * local time itself (the earlier of a repeat), or, inside a spring-forward gap, the moment the
 * clocks jump. Found by bisecting on whole minutes between the two readings of the gap.
 */
export function firstInstantAtOrAfterLocal(timeZone: string, date: string, minutes: number): Date {
  const found = instantsOfLocal(timeZone, date, minutes);
  if (found[0]) return found[0];
  const wall = parseIsoDate(date).getTime() + minutes * MINUTE_MS;
  // Read with the offset after the gap, the local time lies before the jump; with the offset
  // before it, after. The jump is the first minute whose wall clock is past the local time.
  let low = wall - offsetMinutes(timeZone, wall + DAY_MS) * MINUTE_MS;
  let high = wall - offsetMinutes(timeZone, wall - DAY_MS) * MINUTE_MS;
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
    if (wallClockMs(timeZone, middle) >= wall) high = middle;
    else low = middle;
  }
  return new Date(high);
}
