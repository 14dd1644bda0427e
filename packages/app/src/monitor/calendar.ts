/**
 * The events the monitor expects, per segment: what is declared is not an anomaly.
 *
 * - China's retail sales days (618, Double 11, Double 12: core's `retailEventCalendar`) for every
 *   year of the data and the year before, and every calendar saved in the workspace — for every
 *   series;
 * - the workspace's own planned pushes: each campaign whose goal is `promotion` or `launch` (in
 *   its campaign table, with a first and a last day) is an event over those days, on the channels
 *   the campaign has data on. A push is a decision of unknown size, so its weight is
 *   `PUSH_WEIGHT` (10): in its first year the detector expects anything from half of an ordinary
 *   day up (`PUSH_MAX_LIFT`); a year later, the same push (its name without the year, started
 *   within 45 days of a year before) is expected at last year's lift read two ways (core's model:
 *   as a multiple of the ordinary level and as an amount over it). A push is declared over all its
 *   days: its budget is a decision until its last day, and the day it ends the channel's level
 *   goes back to what it was without it (a launch carrying most of a channel's spend for two
 *   months). When a push outlasts the model's window, the model learns the level afresh after it
 *   (its `warmup`) instead of judging the days after by a fit from before it. Where events
 *   overlap, the heavier one names the day (core's `eventDayWeights`);
 * - once the workspace declares pushes of its own, a retail sales day counts only where one of its
 *   pushes runs: the brand's plan says which sales it takes part in (a year without a Double 11
 *   campaign expects no Double 11 lift).
 * A series sees the pushes on its channels: the workspace, creator tiers and segments whose
 * channel is unknown see every push.
 */
import {
  type CalendarEvent,
  type EventCalendar,
  RETAIL_CALENDAR_ID,
  retailEventCalendar,
} from '@markpi/core';
import { listEventCalendars, type Warehouse } from '@markpi/store';
import { type Segment, type SegmentTree, segmentKey } from './segments.js';

export const PUSH_WEIGHT = 10;
/**
 * A push's first year expects any rise: its budget is a decision the data can't know (a Double 11
 * campaign may spend hundreds of times a quiet channel's ordinary day). Only a fall below half of
 * an ordinary day is news.
 */
export const PUSH_MAX_LIFT = 10_000;
const PUSH_GOALS = ['promotion', 'launch'] as const;

export interface PlannedPush {
  campaign: string;
  name: string;
  from: string;
  to: string;
}

export interface CampaignSpan {
  campaign: string;
  name: string;
  goal: string | null;
  from: string;
  to: string;
}

/** Every campaign with a first and a last day in the campaign table. */
export async function campaignSpans(warehouse: Warehouse): Promise<CampaignSpan[]> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('campaign')}, ${q('name')}, ${q('goal')}, ${dialect.formatDate(q('start_date'))} AS start_day, ${dialect.formatDate(q('end_date'))} AS end_day FROM ${q('dim_campaigns')} WHERE ${q('start_date')} IS NOT NULL AND ${q('end_date')} IS NOT NULL ORDER BY ${q('campaign')}`,
  );
  return rows
    .filter(
      (row) =>
        typeof row.start_day === 'string' && typeof row.end_day === 'string' && row.start_day <= row.end_day,
    )
    .map((row) => ({
      campaign: String(row.campaign),
      name: typeof row.name === 'string' && row.name.trim() !== '' ? row.name : String(row.campaign),
      goal: typeof row.goal === 'string' ? row.goal : null,
      from: String(row.start_day),
      to: String(row.end_day),
    }));
}

/** Promotion and launch campaigns: the workspace's planned pushes. */
export function plannedPushes(spans: readonly CampaignSpan[]): PlannedPush[] {
  return spans
    .filter((span) => span.goal !== null && (PUSH_GOALS as readonly string[]).includes(span.goal))
    .map(({ campaign, name, from, to }) => ({ campaign, name, from, to }));
}

export interface DeclaredEvents {
  /** The retail sales days of the years. */
  retail: CalendarEvent[];
  /** Events of the calendars saved in the workspace. */
  saved: CalendarEvent[];
}

/** The retail calendar over the years and the workspace's saved calendars (see the module's comment). */
export async function declaredEvents(
  warehouse: Warehouse,
  from: string,
  to: string,
): Promise<DeclaredEvents> {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) years.push(year);
  const retail = [...retailEventCalendar(years).events];
  const seen = new Set(retail.map((event) => `${event.name}\u0000${event.from}`));
  const saved: CalendarEvent[] = [];
  for (const calendar of await listEventCalendars(warehouse)) {
    if (calendar.id === RETAIL_CALENDAR_ID) continue;
    for (const event of calendar.events) {
      const key = `${event.name}\u0000${event.from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      saved.push(event);
    }
  }
  return { retail, saved };
}

/** The calendar of each segment: the declared events and the pushes on its channels. */
export function segmentCalendars(
  declared: DeclaredEvents,
  pushes: readonly PlannedPush[],
  tree: SegmentTree,
): (segment: Segment) => EventCalendar {
  const channelsOf = (segment: Segment): ReadonlySet<string> | null => {
    if (segment.level === 'channel') return new Set([segment.value!]);
    if (segment.level === 'campaign' || segment.level === 'creator')
      return tree.channels.get(segmentKey(segment)) ?? null;
    return null;
  };
  const cache = new Map<string, EventCalendar>();
  return (segment) => {
    const channels = channelsOf(segment);
    const key = channels === null ? '*' : [...channels].sort().join(',');
    const cached = cache.get(key);
    if (cached) return cached;
    const events = [
      ...declared.retail.filter(
        (event) =>
          pushes.length === 0 ||
          pushes.some((push) => push.from <= (event.to ?? event.from) && event.from <= push.to),
      ),
      ...declared.saved,
    ];
    for (const push of pushes) {
      const on = tree.channels.get(`campaign:${push.campaign}`);
      const applies =
        channels === null || on === undefined || [...on].some((channel) => channels.has(channel));
      if (applies)
        events.push({
          name: push.name,
          from: push.from,
          to: push.to,
          weight: PUSH_WEIGHT,
          maxLift: PUSH_MAX_LIFT,
        });
    }
    const calendar: EventCalendar = { id: 'monitor', name: 'monitor', events };
    cache.set(key, calendar);
    return calendar;
  };
}
