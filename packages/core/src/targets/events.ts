/**
 * Calendars of weighted events for breaking a target down: an ordinary day weighs 1, an event
 * day weighs what its event says (Double 11 peak day 6, presale days 1.5, a quiet holiday 0.5).
 * Where events overlap the largest weight wins, so a peak day inside a presale window counts as
 * the peak, not as peak × presale.
 */
import { z } from 'zod';
import { MarkpiError } from '../errors.js';
import { isValidIsoDate } from '../plan/dates.js';

const isoDate = z.string().refine(isValidIsoDate, 'a date as YYYY-MM-DD');

export const calendarEventSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    from: isoDate,
    /** Last day, inclusive; a one-day event when absent. */
    to: isoDate.optional(),
    /** Weight of each of the event's days against an ordinary day's 1. */
    weight: z.number().min(0).max(1000),
    /**
     * For the monitor, in an event's first year: the most a volume may rise over an ordinary day
     * and still be expected (default ten times the weight). A push of unknown size sets it high:
     * only a fall is news.
     */
    maxLift: z.number().min(1).max(100_000).optional(),
  })
  .refine((event) => event.to === undefined || event.from <= event.to, {
    message: 'an event must not end before it starts',
    path: ['to'],
  });
export type CalendarEvent = z.output<typeof calendarEventSchema>;

export const eventCalendarSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
    .max(64),
  name: z.string().min(1).max(200),
  events: z.array(calendarEventSchema).max(2000),
});
export type EventCalendar = z.output<typeof eventCalendarSchema>;
export type EventCalendarInput = z.input<typeof eventCalendarSchema>;

export const RETAIL_CALENDAR_ID = 'cn-retail';

export function parseEventCalendar(input: unknown): EventCalendar {
  const parsed = eventCalendarSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new MarkpiError(
    'invalid_event_calendar',
    `event calendar: ${parsed.error.issues.length} problem(s)`,
    parsed.error.issues.map((issue) => ({ message: issue.message, path: issue.path.map(String).join('.') })),
  );
}

/**
 * China's e-commerce sales calendar for the given years, with weights that follow the shape
 * of the source documents' campaigns: 618 (presale from May 20, first wave May 31, peak June
 * 18) and Double 11 (presale from October 20, first wave October 31, peak November 11), plus
 * Double 12. Launch days are the brand's own; add them to a calendar of your own.
 */
export function retailEventCalendar(years: readonly number[]): EventCalendar {
  const events: CalendarEvent[] = [];
  for (const year of [...new Set(years)].sort()) {
    events.push(
      { name: `618 presale ${year}`, from: `${year}-05-20`, to: `${year}-06-17`, weight: 1.5 },
      { name: `618 first wave ${year}`, from: `${year}-05-31`, weight: 3 },
      { name: `618 ${year}`, from: `${year}-06-18`, weight: 5 },
      { name: `Double 11 presale ${year}`, from: `${year}-10-20`, to: `${year}-11-10`, weight: 1.5 },
      { name: `Double 11 first wave ${year}`, from: `${year}-10-31`, weight: 3 },
      { name: `Double 11 ${year}`, from: `${year}-11-11`, weight: 6 },
      { name: `Double 12 ${year}`, from: `${year}-12-12`, weight: 2 },
    );
  }
  return { id: RETAIL_CALENDAR_ID, name: 'China e-commerce sales calendar 电商大促日历', events };
}

/** Each day's weight under a calendar, and which event set it (none: an ordinary day). */
export function eventDayWeights(
  days: readonly string[],
  calendar: EventCalendar,
): { weight: number; event?: string }[] {
  return days.map((day) => {
    let best: CalendarEvent | undefined;
    for (const event of calendar.events) {
      const to = event.to ?? event.from;
      if (day < event.from || day > to) continue;
      if (!best || event.weight > best.weight) best = event;
    }
    return best ? { weight: best.weight, event: best.name } : { weight: 1 };
  });
}
