/**
 * When monitors and digests run: a cadence (every hour at a minute, every day at a time, every
 * week on a weekday at a time) read on the wall clock of a time zone.
 *
 * Conventions:
 * - a *slot* is an instant the cadence names. Daily and weekly slots take the local time by the
 *   calendar convention of `instantOfLocal`: the earlier of a repeated time, a time in a
 *   spring-forward gap moved forward by the gap. Hourly slots are every instant whose wall clock
 *   shows the minute (so the repeated hour of an autumn night has two), assuming offsets in
 *   whole quarter hours, as every zone in use keeps them.
 * - a run stands for one slot. When the clock has passed several slots since the last run (the
 *   server was down), the run is made once, for the latest of them; the ones skipped are counted,
 *   not replayed. The next run is due at the first slot after now.
 */
import { z } from 'zod';
import { checkTimeZone, instantOfLocal, localTimeOf, offsetMinutes, parseClock } from './zoned-time.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const QUARTER_MINUTES = 15;

const clockSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24-hour)')
  .describe('local time of day, HH:MM');

export const cadenceSchema = z.discriminatedUnion('every', [
  z.strictObject({
    every: z.literal('hour'),
    minute: z.number().int().min(0).max(59).describe('minute of each local hour'),
  }),
  z.strictObject({ every: z.literal('day'), at: clockSchema }),
  z.strictObject({
    every: z.literal('week'),
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 Monday … 7 Sunday'),
    at: clockSchema,
  }),
]);
export type Cadence = z.output<typeof cadenceSchema>;

export interface Schedule {
  cadence: Cadence;
  /** IANA time zone whose wall clock the cadence reads. */
  timeZone: string;
}

/** A cadence in words for logs and lists: `every hour at :05`, `every day at 08:30`. */
export function describeCadence(cadence: Cadence): string {
  switch (cadence.every) {
    case 'hour':
      return `every hour at :${String(cadence.minute).padStart(2, '0')}`;
    case 'day':
      return `every day at ${cadence.at}`;
    case 'week':
      return `every ${WEEKDAYS[cadence.weekday - 1]} at ${cadence.at}`;
  }
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The ISO weekday of a calendar date. */
function weekdayOfDate(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Hourly slots in the UTC hours `fromHour`…`toHour` (inclusive, as epoch hours), ascending. */
function hourlySlots(schedule: Schedule, minute: number, fromHour: number, toHour: number): number[] {
  const slots: number[] = [];
  // Offsets are whole quarter hours, so a slot's UTC minute has the local minute's remainder.
  const first = minute % QUARTER_MINUTES;
  for (let hour = fromHour; hour <= toHour; hour++) {
    for (let quarter = 0; quarter < 60 / QUARTER_MINUTES; quarter++) {
      const instant = hour * HOUR_MS + (first + quarter * QUARTER_MINUTES) * MINUTE_MS;
      const local = instant + offsetMinutes(schedule.timeZone, instant) * MINUTE_MS;
      if (Math.floor(local / MINUTE_MS) % 60 === minute) slots.push(instant);
    }
  }
  return slots;
}

/** Daily or weekly slots on the local dates `date + fromDay` … `date + toDay`, ascending. */
function calendarSlots(schedule: Schedule, date: string, fromDay: number, toDay: number): number[] {
  const { cadence } = schedule;
  if (cadence.every === 'hour') return [];
  const minutes = parseClock(cadence.at, 'at');
  const slots: number[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const local = shiftDate(date, day);
    if (cadence.every === 'week' && weekdayOfDate(local) !== cadence.weekday) continue;
    slots.push(instantOfLocal(schedule.timeZone, local, minutes).getTime());
  }
  return slots;
}

/** Candidate slots around an instant: at least the one before it and the one after it. */
function slotsAround(schedule: Schedule, instant: number): number[] {
  const { cadence } = schedule;
  if (cadence.every === 'hour') {
    const hour = Math.floor(instant / HOUR_MS);
    return hourlySlots(schedule, cadence.minute, hour - 2, hour + 2);
  }
  const date = localTimeOf(schedule.timeZone, instant).date;
  return cadence.every === 'day'
    ? calendarSlots(schedule, date, -2, 2)
    : calendarSlots(schedule, date, -8, 8);
}

/** The first slot strictly after `after`. */
export function nextSlotAfter(schedule: Schedule, after: Date): Date {
  const at = after.getTime();
  const next = slotsAround(schedule, at).find((slot) => slot > at);
  // Unreachable: the window around an instant always holds a later slot.
  if (next === undefined) throw new Error(`no slot after ${after.toISOString()}`);
  return new Date(next);
}

/** The last slot at or before `at`. */
export function latestSlotAtOrBefore(schedule: Schedule, at: Date): Date {
  const ms = at.getTime();
  const slots = slotsAround(schedule, ms).filter((slot) => slot <= ms);
  const latest = slots[slots.length - 1];
  if (latest === undefined) throw new Error(`no slot before ${at.toISOString()}`);
  return new Date(latest);
}

export type RunPlan =
  | { due: false; nextDue: Date }
  | {
      due: true;
      /** The slot this run stands for: the latest at or before now. */
      slot: Date;
      /** Slots between the one that was due and `slot`, skipped rather than run (capped). */
      missed: number;
      /** The first slot after now. */
      nextDue: Date;
    };

/** How many skipped slots are counted at most; beyond it the count says "at least". */
export const MISSED_COUNT_CAP = 10_000;

/**
 * Whether a schedule whose next run was due at `nextDue` runs now, for which slot, and when it
 * is due next. A run missed while the server was down is made once, for the latest slot.
 */
export function planRun(schedule: Schedule, nextDue: Date, now: Date): RunPlan {
  if (now.getTime() < nextDue.getTime()) return { due: false, nextDue };
  const slot = latestSlotAtOrBefore(schedule, now);
  let missed = 0;
  for (
    let skipped = nextSlotAfter(schedule, new Date(nextDue.getTime() - 1));
    skipped.getTime() < slot.getTime() && missed < MISSED_COUNT_CAP;
    skipped = nextSlotAfter(schedule, skipped)
  )
    missed++;
  return { due: true, slot, missed, nextDue: nextSlotAfter(schedule, now) };
}

/** Checks a schedule's time zone and clock text, throwing a `MarkpiError` that names the field. */
export function checkSchedule(schedule: Schedule): Schedule {
  checkTimeZone(schedule.timeZone);
  if (schedule.cadence.every !== 'hour') parseClock(schedule.cadence.at, 'at');
  return schedule;
}
