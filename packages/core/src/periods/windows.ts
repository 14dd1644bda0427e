/**
 * Named windows and what they are compared with.
 *
 * Conventions (every window is an inclusive range of calendar dates, resolved against "today" in
 * the workspace's time zone, which the caller passes in):
 * - `this_*` and `last_*` are whole calendar units (ISO weeks from Monday to Sunday, months,
 *   quarters, years), future days included; `*_to_date` run from the unit's first day to today.
 * - `previous` steps back one unit of the window's own shape: a day, an ISO week, the same part of
 *   the previous month / quarter / year for a calendar window (month to date on 31 March is
 *   1–28 February, 29 in a leap year; a window ending on a month's last day ends on the last day of
 *   the month it lands in), an event's or a custom range's same number of days just before (a
 *   custom range of whole months: as many whole months).
 * - `last_year` is the same dates a year earlier (29 February lands on the 28th; a month's last day
 *   on that month's last day), except a week: the same ISO week number of the previous ISO year
 *   (week 53 becomes week 52 when that year has none), so Mondays stay Mondays.
 * - `same_event` is the same event's own dates the year before (618 2026 against 618 2025; a
 *   launch against last year's launch, whatever its dates were).
 * - An event window's default comparison is the same event last year, or the same dates a year
 *   earlier when the event did not happen then: never the ordinary days before a peak.
 */
import { addDays, addMonths, daysBetween, isMonthEnd, parseIsoDate } from '../plan/dates.js';
import type { CalendarEvent } from '../targets/events.js';
import { isWholeMonths, monthEndOf, monthStartOf, type Period, quarterStartOf } from '../targets/periods.js';
import { PeriodError } from './messages.js';

export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'month_to_date',
  'quarter_to_date',
  'year_to_date',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const COMPARE_MODES = ['previous', 'last_year', 'same_event'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** What a request's `compare` may say: a mode, `auto` (the window's default) or `none`. */
export const COMPARE_PARAMS = [...COMPARE_MODES, 'auto', 'none'] as const;
export type CompareParam = (typeof COMPARE_PARAMS)[number];

/** The calendar unit a preset counts in. */
export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const MONTHS_PER_UNIT = { month: 1, quarter: 3, year: 12 } as const;

/** One year's occurrence of an event: "618" in 2026 is 2026-06-18. */
/**
 * What a period picker is offered (the periods route's answer): the presets and the workspace's
 * events, each with its window as of the workspace's today.
 */
export interface PeriodChoices {
  today: string;
  timeZone: string;
  presets: { id: string; period: Period }[];
  events: {
    spec: string;
    key: string;
    name: string;
    year: number;
    period: Period;
    lastYear: Period | null;
  }[];
}

export interface EventOccurrence {
  /** The event's name without its year, as the calendar spells it ("618", "Double 11 presale"). */
  key: string;
  /** The name as the calendar has it. */
  name: string;
  year: number;
  period: Period;
}

/** How a window was named, which decides how it steps back. */
export type WindowShape =
  | { kind: 'calendar'; unit: CalendarUnit; toDate: boolean }
  | { kind: 'event'; event: EventOccurrence }
  | { kind: 'range' };

export interface ResolvedWindow {
  /** What was asked: a preset id, `event:<key>@<year>`, or `range` for two dates. */
  spec: string;
  period: Period;
  shape: WindowShape;
}

export interface ResolvedComparison {
  mode: CompareMode;
  period: Period;
  /** The event compared with, for `same_event`. */
  event?: EventOccurrence;
}

// ---------------------------------------------------------------- ISO weeks

/** Monday of the ISO week a date falls in. */
export function isoWeekStart(date: string): string {
  const weekday = parseIsoDate(date).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The ISO year and week number of a date: the week belongs to the year its Thursday is in. */
export function isoWeekOf(date: string): { year: number; week: number } {
  const thursday = addDays(isoWeekStart(date), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { year, week };
}

/** 52 or 53: the week of 28 December is always the year's last. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

/** Monday to Sunday of an ISO week; week 1 holds 4 January. */
export function isoWeekPeriod(year: number, week: number): Period {
  const from = addDays(isoWeekStart(`${year}-01-04`), 7 * (week - 1));
  return { from, to: addDays(from, 6) };
}

// ---------------------------------------------------------------- presets

function unitStart(date: string, unit: 'month' | 'quarter' | 'year'): string {
  if (unit === 'month') return monthStartOf(date);
  if (unit === 'quarter') return quarterStartOf(date);
  return `${date.slice(0, 4)}-01-01`;
}

function wholeUnit(date: string, unit: 'month' | 'quarter' | 'year', offset: number): Period {
  const months = MONTHS_PER_UNIT[unit];
  const from = addMonths(unitStart(date, unit), offset * months);
  return { from, to: addDays(addMonths(from, months), -1) };
}

export function isPeriodPreset(value: string): value is PeriodPreset {
  return (PERIOD_PRESETS as readonly string[]).includes(value);
}

/** A preset's window with `today` as the workspace's today. */
export function presetWindow(preset: PeriodPreset, today: string): ResolvedWindow {
  const calendar = (unit: CalendarUnit, period: Period, toDate = false): ResolvedWindow => ({
    spec: preset,
    period,
    shape: { kind: 'calendar', unit, toDate },
  });
  switch (preset) {
    case 'today':
      return calendar('day', { from: today, to: today });
    case 'yesterday': {
      const day = addDays(today, -1);
      return calendar('day', { from: day, to: day });
    }
    case 'this_week':
    case 'last_week': {
      const from = addDays(isoWeekStart(today), preset === 'last_week' ? -7 : 0);
      return calendar('week', { from, to: addDays(from, 6) });
    }
    case 'this_month':
      return calendar('month', wholeUnit(today, 'month', 0));
    case 'last_month':
      return calendar('month', wholeUnit(today, 'month', -1));
    case 'this_quarter':
      return calendar('quarter', wholeUnit(today, 'quarter', 0));
    case 'last_quarter':
      return calendar('quarter', wholeUnit(today, 'quarter', -1));
    case 'this_year':
      return calendar('year', wholeUnit(today, 'year', 0));
    case 'last_year':
      return calendar('year', wholeUnit(today, 'year', -1));
    case 'month_to_date':
      return calendar('month', { from: unitStart(today, 'month'), to: today }, true);
    case 'quarter_to_date':
      return calendar('quarter', { from: unitStart(today, 'quarter'), to: today }, true);
    case 'year_to_date':
      return calendar('year', { from: unitStart(today, 'year'), to: today }, true);
  }
}

// ---------------------------------------------------------------- events

/** A standalone year in an event's name: "618 2026", "2026 launch", "2026年双11". */
const YEAR_IN_NAME = /(?<![\p{N}A-Za-z])(19\d\d|2[01]\d\d)(?:年|(?![\p{N}A-Za-z]))/u;

/** An event's name without its year, and the year it names (if any). */
export function eventKeyOf(name: string): { key: string; year?: number } {
  const match = YEAR_IN_NAME.exec(name);
  if (!match) return { key: name.trim() };
  const key = `${name.slice(0, match.index)} ${name.slice(match.index + match[0].length)}`
    .replace(/\s+/g, ' ')
    .trim();
  return { key: key === '' ? name.trim() : key, year: Number(match[1]) };
}

/**
 * Every event of some calendars as occurrences, once each (the same name and dates from two
 * calendars are one occurrence), by first day. The year is the one the name states, else the
 * year the event starts in.
 */
export function eventOccurrences(events: readonly CalendarEvent[]): EventOccurrence[] {
  const seen = new Map<string, EventOccurrence>();
  for (const event of events) {
    const { key, year } = eventKeyOf(event.name);
    const occurrence: EventOccurrence = {
      key,
      name: event.name,
      year: year ?? Number(event.from.slice(0, 4)),
      period: { from: event.from, to: event.to ?? event.from },
    };
    const id = `${occurrence.key.toLowerCase()}|${occurrence.year}|${occurrence.period.from}|${occurrence.period.to}`;
    if (!seen.has(id)) seen.set(id, occurrence);
  }
  return [...seen.values()].sort(
    (a, b) => a.period.from.localeCompare(b.period.from) || a.key.localeCompare(b.key),
  );
}

function sameKey(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The spec that names an occurrence: `event:618@2026`. */
export function eventSpec(occurrence: Pick<EventOccurrence, 'key' | 'year'>): string {
  return `event:${occurrence.key}@${occurrence.year}`;
}

/**
 * The occurrence a spec names: `event:<key>@<year>`, or `event:<key>` for the latest one that has
 * started by today (the next one when none has).
 */
export function findEvent(
  spec: string,
  occurrences: readonly EventOccurrence[],
  today: string,
): EventOccurrence {
  const body = spec.slice('event:'.length);
  const at = body.lastIndexOf('@');
  const year = at >= 0 && /^\d{4}$/.test(body.slice(at + 1)) ? Number(body.slice(at + 1)) : undefined;
  const key = (year === undefined ? body : body.slice(0, at)).trim();
  const candidates = occurrences.filter(
    (occurrence) => sameKey(occurrence.key, key) && (year === undefined || occurrence.year === year),
  );
  const started = candidates.filter((occurrence) => occurrence.period.from <= today);
  const found = started.at(-1) ?? candidates[0];
  if (!found) {
    const known = [...new Set(occurrences.map((occurrence) => occurrence.key))];
    throw new PeriodError(
      { key: 'period.unknown_event', params: { event: key, ...(year === undefined ? {} : { year }) } },
      known.length > 0 ? `events: ${known.slice(0, 20).join(', ')}` : 'add the event to an event calendar',
    );
  }
  return found;
}

/** The latest occurrence of each event by today (the next one when none has started), by first day. */
export function latestEvents(occurrences: readonly EventOccurrence[], today: string): EventOccurrence[] {
  const byKey = new Map<string, EventOccurrence>();
  for (const occurrence of occurrences) {
    const id = occurrence.key.toLowerCase();
    const held = byKey.get(id);
    const started = occurrence.period.from <= today;
    if (!held) byKey.set(id, occurrence);
    else if (started && occurrence.period.from > held.period.from) byKey.set(id, occurrence);
    else if (!started && held.period.from > today && occurrence.period.from < held.period.from)
      byKey.set(id, occurrence);
  }
  return [...byKey.values()].sort((a, b) => b.period.from.localeCompare(a.period.from));
}

/** The same event a year before, nearest to a year earlier when it happened twice. */
export function sameEventLastYear(
  event: EventOccurrence,
  occurrences: readonly EventOccurrence[],
): EventOccurrence | undefined {
  const target = addMonths(event.period.from, -12);
  return occurrences
    .filter((occurrence) => sameKey(occurrence.key, event.key) && occurrence.year === event.year - 1)
    .sort(
      (a, b) =>
        Math.abs(daysBetween(target, a.period.from)) - Math.abs(daysBetween(target, b.period.from)) ||
        a.period.from.localeCompare(b.period.from),
    )[0];
}

// ---------------------------------------------------------------- windows

export interface WindowRequest {
  /** A preset id or `event:<key>[@<year>]`. */
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The window a request names: a preset or an event when `period` is given, else the range
 * `from`–`to` (which the caller has filled with its defaults). Giving both is refused.
 */
export function resolveWindow(
  request: { period?: string | undefined; range?: Period | undefined },
  context: { today: string; events: readonly EventOccurrence[] },
): ResolvedWindow {
  const { period, range } = request;
  if (period !== undefined) {
    if (isPeriodPreset(period)) return presetWindow(period, context.today);
    if (period.startsWith('event:')) {
      const event = findEvent(period, context.events, context.today);
      return { spec: eventSpec(event), period: event.period, shape: { kind: 'event', event } };
    }
    throw new PeriodError(
      { key: 'period.unknown_preset', params: { period } },
      `presets: ${PERIOD_PRESETS.join(', ')}, or event:<name>[@<year>]`,
    );
  }
  if (!range)
    throw new PeriodError({ key: 'period.missing', params: {} }, 'give `period` or `from` and `to`');
  return { spec: 'range', period: range, shape: { kind: 'range' } };
}

/**
 * The same range `months` months earlier; a window ending on a month's last day ends on the last
 * day of the month it lands in (so 1–30 April a quarter back is 1–31 January).
 */
export function shiftMonths(period: Period, months: number): Period {
  const to = isMonthEnd(period.to)
    ? monthEndOf(addMonths(monthStartOf(period.to), months))
    : addMonths(period.to, months);
  return { from: addMonths(period.from, months), to };
}

function shiftDays(period: Period, days: number): Period {
  return { from: addDays(period.from, days), to: addDays(period.to, days) };
}

/** The window just before, of the same shape (see the module's conventions). */
export function previousWindow(window: ResolvedWindow): Period {
  const { period, shape } = window;
  if (shape.kind === 'calendar') {
    if (shape.unit === 'day') return shiftDays(period, -1);
    if (shape.unit === 'week') return shiftDays(period, -7);
    return shiftMonths(period, -MONTHS_PER_UNIT[shape.unit]);
  }
  const days = daysBetween(period.from, period.to) + 1;
  if (shape.kind === 'range' && isWholeMonths(period)) {
    const months =
      (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4))) * 12 +
      Number(period.to.slice(5, 7)) -
      Number(period.from.slice(5, 7)) +
      1;
    return { from: addMonths(period.from, -months), to: addDays(period.from, -1) };
  }
  return shiftDays(period, -days);
}

/** The same window a year earlier (see the module's conventions). */
export function lastYearWindow(window: ResolvedWindow): Period {
  const { period, shape } = window;
  if (shape.kind === 'calendar' && shape.unit === 'week') {
    const { year, week } = isoWeekOf(period.from);
    return isoWeekPeriod(year - 1, Math.min(week, isoWeeksInYear(year - 1)));
  }
  return shiftMonths(period, -12);
}

/**
 * What a window is compared with. No mode: the same event last year for an event (the same dates
 * a year earlier when it did not happen then), else the period before.
 */
export function resolveComparison(
  window: ResolvedWindow,
  mode: CompareMode | undefined,
  events: readonly EventOccurrence[],
): ResolvedComparison {
  if (mode === undefined) {
    if (window.shape.kind !== 'event') return { mode: 'previous', period: previousWindow(window) };
    const before = sameEventLastYear(window.shape.event, events);
    return before
      ? { mode: 'same_event', period: before.period, event: before }
      : { mode: 'last_year', period: lastYearWindow(window) };
  }
  if (mode === 'previous') return { mode, period: previousWindow(window) };
  if (mode === 'last_year') return { mode, period: lastYearWindow(window) };
  if (window.shape.kind !== 'event') {
    throw new PeriodError(
      { key: 'period.same_event_needs_event', params: {} },
      'pick an event as the period, or compare with the previous period or last year',
    );
  }
  const before = sameEventLastYear(window.shape.event, events);
  if (!before) {
    throw new PeriodError(
      {
        key: 'period.no_event_last_year',
        params: { event: window.shape.event.key, year: window.shape.event.year - 1 },
      },
      'compare with the same dates last year instead',
    );
  }
  return { mode, period: before.period, event: before };
}
