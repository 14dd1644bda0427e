/**
 * Which slots fall on a declared event (618, Double 11, a launch day) and where the same moment
 * of the same event was a year before.
 *
 * A day's event is the one `eventDayWeights` picks (the heaviest where events overlap). The same
 * event a year before has the same name once years are taken out ("Double 11 2025" and "Double
 * 11 2026"; a name without a year matches itself) and starts within 45 days of a year before.
 * The same moment is the same distance from the event's first day (in slots), held at that
 * event's last slot when it was shorter.
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

/** The event of each slot (null for ordinary slots); only for steps of a day or less. */
export function eventSlots(
  grid: Grid,
  times: readonly number[],
  calendar: EventCalendar | undefined,
  measures: 'volume' | 'rate',
): (SlotEvent | null)[] {
  if (!calendar || calendar.events.length === 0) return times.map(() => null);
  if (grid.cadence.kind !== 'fixed' || grid.cadence.stepMs > DAY_MS || DAY_MS % grid.cadence.stepMs !== 0) {
    return times.map(() => null);
  }
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
