/**
 * Which slots fall on a declared event (618, Double 11, a launch day) and where the same moment
 * of the same event was a year before.
 *
 * A day's event is the one `eventDayWeights` picks (the heaviest where events overlap). The same
 * event a year before has the same name once years are taken out ("Double 11 2025" and "Double
 * 11 2026"; a name without a year matches itself) and starts within 45 days of a year before.
 * The same moment is the same distance from the event's first day (in slots), held at that
 * event's last slot when it was shorter. A slot of several days (a week) is an event slot when a
 * day of it is, weighing the mean of its days (`eventWeeks`).
 *
 * Without a year before, the model takes anything within a range of lifts over an ordinary slot
 * as expected: for volumes, from half of the smaller of 1 and the event's weight to ten times
 * the larger (a Double 11 peak weighing 6 expects 6× and accepts 0.5×…60×: sales days outgrow
 * their weights, but a fall to nothing still alerts) or to the event's own `maxLift`; for rates,
 * ½× to 2× around 1× (the calendar weighs volumes, not rates).
 */
import { addDays, daysBetween } from '../plan/dates.js';
import { type CalendarEvent, type EventCalendar, eventDayWeights } from '../targets/events.js';
import type { SlotEvent } from './model.js';
import { DAY_MS, type Grid, slotOf, wallClock, wallDate } from './timeline.js';

/** An event's name without its years, to find the same event in another year. */
export function eventKey(name: string): string {
  return name
    .replace(/(^|[^0-9])(19|20)\d{2}(?![0-9])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The same event a year before `event`, if the calendar has it. */
export function sameEventYearBefore(event: CalendarEvent, calendar: EventCalendar): CalendarEvent | null {
  const key = eventKey(event.name);
  const target = addDays(event.from, -365);
  let best: CalendarEvent | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of calendar.events) {
    if (candidate === event || eventKey(candidate.name) !== key) continue;
    const distance = Math.abs(daysBetween(target, candidate.from));
    if (distance <= 45 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Events of slots several days long (weeks): a slot is an event slot when one of its days has an
 * event — the heaviest such day's event names it — and its weight is the mean of its days'
 * weights (ordinary days weigh 1: Double 11 weighing 6 makes its week weigh 11/7). The same
 * moment a year before is the slot holding the same day of last year's event as this slot's
 * first event day.
 */
function eventWeeks(
  grid: Grid,
  times: readonly number[],
  calendar: EventCalendar,
  measures: 'volume' | 'rate',
  daysPerSlot: number,
): (SlotEvent | null)[] {
  return times.map((time, slot) => {
    const first = wallDate(time);
    const days = Array.from({ length: daysPerSlot }, (_, index) => addDays(first, index));
    const weights = eventDayWeights(days, calendar);
    let heaviest = -1;
    weights.forEach((result, index) => {
      if (result.event && (heaviest < 0 || result.weight > weights[heaviest]!.weight)) heaviest = index;
    });
    if (heaviest < 0) return null;
    const name = weights[heaviest]!.event!;
    const day = days[heaviest]!;
    const event = calendar.events.find(
      (candidate) =>
        candidate.name === name && candidate.from <= day && day <= (candidate.to ?? candidate.from),
    );
    if (!event) return null;
    const weight = weights.reduce((sum, result) => sum + result.weight, 0) / daysPerSlot;
    const unknownLift: readonly [number, number, number] =
      measures === 'rate'
        ? [0.5, 1, 2]
        : [Math.min(1, weight) / 2, weight, Math.max(weight, event.maxLift ?? 10 * Math.max(1, weight))];
    const before = sameEventYearBefore(event, calendar);
    let lastYearSlot: number | null = null;
    if (before) {
      const firstEventDay = days.find((candidate) => candidate >= event.from) ?? event.from;
      const offset = daysBetween(event.from, firstEventDay);
      const length = daysBetween(before.from, before.to ?? before.from) + 1;
      const candidate = slotOf(grid, wallClock(addDays(before.from, Math.min(offset, length - 1)))!);
      lastYearSlot = candidate >= 0 && candidate < slot ? candidate : null;
    }
    return { name: event.name, lastYearSlot, unknownLift };
  });
}

/**
 * The event of each slot (null for ordinary slots), for steps that divide a day and for steps of
 * whole days up to a week (a week holding Double 11 is an event week: see `eventWeeks`).
 */
export function eventSlots(
  grid: Grid,
  times: readonly number[],
  calendar: EventCalendar | undefined,
  measures: 'volume' | 'rate',
): (SlotEvent | null)[] {
  if (!calendar || calendar.events.length === 0) return times.map(() => null);
  if (grid.cadence.kind !== 'fixed') return times.map(() => null);
  const { stepMs } = grid.cadence;
  if (stepMs > DAY_MS) {
    return stepMs % DAY_MS === 0 && stepMs <= 7 * DAY_MS
      ? eventWeeks(grid, times, calendar, measures, stepMs / DAY_MS)
      : times.map(() => null);
  }
  if (DAY_MS % stepMs !== 0) return times.map(() => null);
  const slotsPerDay = DAY_MS / grid.cadence.stepMs;
  const days = [...new Set(times.map(wallDate))];
  const weights = new Map(eventDayWeights(days, calendar).map((result, index) => [days[index]!, result]));
  const startSlot = (day: string) => slotOf(grid, wallClock(day)!);
  return times.map((time, slot) => {
    const day = wallDate(time);
    const result = weights.get(day);
    if (!result?.event) return null;
    const event = calendar.events.find(
      (candidate) =>
        candidate.name === result.event && candidate.from <= day && day <= (candidate.to ?? candidate.from),
    );
    if (!event) return null;
    const weight = result.weight;
    const unknownLift: readonly [number, number, number] =
      measures === 'rate'
        ? [0.5, 1, 2]
        : [Math.min(1, weight) / 2, weight, Math.max(weight, event.maxLift ?? 10 * Math.max(1, weight))];
    const before = sameEventYearBefore(event, calendar);
    let lastYearSlot: number | null = null;
    if (before) {
      const offset = slot - startSlot(event.from);
      const length = (daysBetween(before.from, before.to ?? before.from) + 1) * slotsPerDay;
      const candidate = startSlot(before.from) + Math.min(offset, length - 1);
      lastYearSlot = candidate >= 0 && candidate < slot ? candidate : null;
    }
    return { name: event.name, lastYearSlot, unknownLift };
  });
}
