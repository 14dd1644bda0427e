/**
 * Journeys whose touches keep what they were about — channel, campaign, creator — built from
 * the workspace's touchpoint and conversion facts by core's `buildJourneys`, for the views the
 * warehouse's channel paths can't answer: credit per campaign or creator, creators' ROI, and the
 * attributed measures written per day, channel, campaign and creator.
 *
 * The events read, and the journeys reported, follow the warehouse's journeys exactly (store
 * `attribution/journeys.ts`): events with `at` in the window's bounds and `date ≤ to`; touches
 * with a channel, ties at one millisecond taken by channel; the rows of one order (person and
 * order id) one conversion at its earliest row, worth their sum, rows without an order id one
 * conversion per person and millisecond; converting journeys whose conversion's day is within
 * `from … to`, and journeys that did not convert whose last touch's day is on or after `from`.
 *
 * The events are read into memory, so a window may hold at most `MAX_TOUCHES` touches; the
 * channel view over larger windows comes from the warehouse's paths instead.
 */
import {
  buildJourneys,
  type ConversionEvent,
  type Journey,
  MarkpiError,
  type TouchEvent,
} from '@markpi/core';
import { type AttributionWindow, journeyBounds } from '@markpi/store';
import type { WorkspaceContext } from '../workspace.js';

/** Most touches one window may read into memory. */
export const MAX_TOUCHES = 3_000_000;

export interface TouchFacts {
  channel: string;
  campaign: string | null;
  creator: string | null;
}

export interface AttributedTouch extends TouchFacts {
  /** Epoch milliseconds. */
  at: number;
  /** The touch's local day. */
  date: string;
}

export interface AttributedJourney {
  person: string;
  touches: AttributedTouch[];
  conversions: number;
  value: number;
  convertedAt?: number;
  /** The conversion's local day (converting journeys). */
  conversionDate?: string;
}

export interface WorkspaceJourneys {
  journeys: AttributedJourney[];
  /** Conversions in the window no touch reached. */
  untouched: { conversions: number; value: number };
  counts: { converting: number; nonConverting: number; touches: number };
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** The window's journeys with their touches' facts (see the module comment). */
export async function workspaceJourneys(
  workspace: WorkspaceContext,
  window: Required<Pick<AttributionWindow, 'from' | 'to' | 'lookbackDays'>>,
): Promise<WorkspaceJourneys> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const bounds = journeyBounds(window);
  const q = (name: string) => dialect.quote(name);
  const inWindow = `${q('at')} >= ${bounds.eventsFrom} AND ${q('at')} < ${bounds.eventsTo} AND ${q('date')} <= ${dialect.dateLiteral(window.to)}`;
  const hasChannel = `${q('channel')} IS NOT NULL AND ${q('channel')} <> ''`;

  const counted = await warehouse.query(
    `SELECT COUNT(*) AS touches FROM ${q('fact_touches')} WHERE ${inWindow} AND ${hasChannel}`,
  );
  const touchCount = Number(counted[0]?.touches ?? 0);
  if (touchCount > MAX_TOUCHES) {
    throw new MarkpiError(
      'invalid_request',
      `${touchCount.toLocaleString('en-US')} touches fall in this window, more than the ${MAX_TOUCHES.toLocaleString('en-US')} read at once`,
      [
        {
          message: `${touchCount} touches in the window`,
          path: 'from',
          hint: 'pick a shorter window, or credit by channel, which the warehouse aggregates itself',
        },
      ],
    );
  }

  // Computed columns take names of their own: ClickHouse reads an alias in place of the column
  // of the same name, in WHERE too.
  const touchRows = await warehouse.query(
    `SELECT ${q('person')} AS person, ${q('at')} AS at, ${dialect.formatDate(q('date'))} AS day, ${q('channel')} AS channel, ${q('campaign')} AS campaign, ${q('creator')} AS creator FROM ${q('fact_touches')} WHERE ${inWindow} AND ${hasChannel}`,
  );
  const conversionRows = await warehouse.query(
    `SELECT ${q('person')} AS person, ${q('at')} AS at, ${dialect.formatDate(q('date'))} AS day, ${q('value')} AS value, ${q('order_id')} AS order_id FROM ${q('fact_conversions')} WHERE ${inWindow}`,
  );

  // Touches in time order, ties by channel (as the warehouse takes them); the index is what
  // `buildJourneys` carries through as the touch's "channel", to find its facts again.
  const touches: AttributedTouch[] = [];
  const people: string[] = [];
  for (const row of touchRows) {
    const person = text(row.person);
    const channel = text(row.channel);
    if (person === null || channel === null) continue;
    people.push(person);
    touches.push({
      at: Number(row.at),
      date: String(row.day),
      channel,
      campaign: text(row.campaign),
      creator: text(row.creator),
    });
  }
  const touchOrder = touches.map((_, index) => index);
  touchOrder.sort(
    (a, b) =>
      touches[a]!.at - touches[b]!.at ||
      compareText(touches[a]!.channel, touches[b]!.channel) ||
      // Beyond the warehouse's order, for campaign and creator keys to be the same on every run.
      compareText(touches[a]!.campaign ?? '', touches[b]!.campaign ?? '') ||
      compareText(touches[a]!.creator ?? '', touches[b]!.creator ?? '') ||
      compareText(people[a]!, people[b]!),
  );
  const touchEvents: TouchEvent[] = touchOrder.map((index) => ({
    person: people[index]!,
    channel: String(index),
    at: touches[index]!.at,
  }));

  // One conversion per order: its earliest row's time and day, the rows' summed value.
  const orders = new Map<
    string,
    { person: string; at: number; date: string; value: number; order: string }
  >();
  for (const row of conversionRows) {
    const person = text(row.person);
    if (person === null) continue;
    const at = Number(row.at);
    const order = text(row.order_id);
    const key = order === null ? `${person}\u001f\u0000${at}` : `${person}\u001f${order}`;
    const value = Number(row.value ?? 0) || 0;
    const known = orders.get(key);
    if (!known) orders.set(key, { person, at, date: String(row.day), value, order: order ?? '' });
    else {
      known.value += value;
      if (at < known.at || (at === known.at && String(row.day) < known.date)) {
        known.at = at;
        known.date = String(row.day);
      }
    }
  }
  const conversions = [...orders.values()].sort((a, b) => a.at - b.at || compareText(a.order, b.order));
  const conversionEvents: ConversionEvent[] = conversions.map((entry) => ({
    person: entry.person,
    at: entry.at,
    value: entry.value,
  }));
  // The day of each conversion, by person and time (orders at one millisecond share a day).
  const conversionDay = new Map(conversions.map((entry) => [`${entry.person}\u001f${entry.at}`, entry.date]));

  const build = buildJourneys(touchEvents, conversionEvents, { lookbackDays: window.lookbackDays });
  const journeys: AttributedJourney[] = [];
  const counts = { converting: 0, nonConverting: 0, touches: 0 };
  let explained = { conversions: 0, value: 0 };
  for (const journey of build.journeys) {
    const own = journey.touches.map((touch) => touches[Number(touch.channel)]!);
    const person = journey.person ?? '';
    if (journey.conversions > 0) {
      const day = conversionDay.get(`${person}\u001f${journey.convertedAt}`)!;
      if (day < window.from || day > window.to) continue;
      journeys.push({
        person,
        touches: own,
        conversions: journey.conversions,
        value: journey.value ?? 0,
        convertedAt: journey.convertedAt!,
        conversionDate: day,
      });
      counts.converting += journey.conversions;
      explained = {
        conversions: explained.conversions + journey.conversions,
        value: explained.value + (journey.value ?? 0),
      };
    } else {
      if (own[own.length - 1]!.date < window.from) continue;
      journeys.push({ person, touches: own, conversions: 0, value: 0 });
      counts.nonConverting += 1;
    }
    counts.touches += own.length;
  }
  // Conversions of the window that no journey explains.
  let inWindowConversions = 0;
  let inWindowValue = 0;
  for (const entry of conversions) {
    if (entry.date < window.from || entry.date > window.to) continue;
    inWindowConversions += 1;
    inWindowValue += entry.value;
  }
  return {
    journeys,
    untouched: {
      conversions: inWindowConversions - explained.conversions,
      value: inWindowValue - explained.value,
    },
    counts,
  };
}

/** Journeys as core's models read them, each touch named by `keyOf` its facts. */
export function keyedJourneys(
  journeys: readonly AttributedJourney[],
  keyOf: (touch: TouchFacts) => string,
): Journey[] {
  return journeys.map((journey) => ({
    person: journey.person,
    touches: journey.touches.map((touch) => ({ channel: keyOf(touch), at: touch.at })),
    conversions: journey.conversions,
    value: journey.value,
    ...(journey.convertedAt !== undefined ? { convertedAt: journey.convertedAt } : {}),
  }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
