/**
 * Tests only: random touch and conversion events, loaded into a warehouse, and what core's
 * `buildJourneys` makes of the same events under the warehouse's reading rules (which events a
 * window reads, orders added up, ties taken by channel and order) — the expectation every engine
 * must meet.
 */
import { buildJourneys, type ConversionEvent, type Journey, type TouchEvent } from '@markpi/core';
import type { Warehouse } from '../warehouse.js';
import { type AttributionWindow, journeyBounds, type WarehousePath } from './journeys.js';

/** mulberry32: a small seeded generator, so a failing case can be run again from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR_MS = 3_600_000;
/** Events' local days are read 8 hours ahead of UTC, as a Beijing export would write them. */
const LOCAL_OFFSET_MS = 8 * HOUR_MS;

export function localDay(at: number): string {
  return new Date(at + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

export interface TestTouch {
  person: string;
  at: number;
  channel: string | null;
  campaign?: string;
}

export interface TestConversion {
  person: string;
  at: number;
  orderId: string | null;
  value: number | null;
  shop?: string;
}

export interface TestEvents {
  touches: TestTouch[];
  conversions: TestConversion[];
}

/** Replaces the touch and conversion facts' rows with these events. */
export async function loadEvents(warehouse: Warehouse, events: TestEvents): Promise<void> {
  await warehouse.run(`TRUNCATE TABLE ${warehouse.dialect.quote('fact_touches')}`);
  await warehouse.run(`TRUNCATE TABLE ${warehouse.dialect.quote('fact_conversions')}`);
  if (events.touches.length > 0) {
    await warehouse.append('fact_touches', {
      rowCount: events.touches.length,
      columns: {
        date: events.touches.map((touch) => localDay(touch.at)),
        person: events.touches.map((touch) => touch.person),
        at: events.touches.map((touch) => touch.at),
        channel: events.touches.map((touch) => touch.channel),
        campaign: events.touches.map((touch) => touch.campaign ?? null),
        import_id: events.touches.map(() => 'test'),
      },
    });
  }
  if (events.conversions.length > 0) {
    await warehouse.append('fact_conversions', {
      rowCount: events.conversions.length,
      columns: {
        date: events.conversions.map((conversion) => localDay(conversion.at)),
        person: events.conversions.map((conversion) => conversion.person),
        at: events.conversions.map((conversion) => conversion.at),
        order_id: events.conversions.map((conversion) => conversion.orderId),
        value: events.conversions.map((conversion) => conversion.value),
        shop: events.conversions.map((conversion) => conversion.shop ?? null),
        import_id: events.conversions.map(() => 'test'),
      },
    });
  }
}

export interface ExpectedJourneys {
  journeys: Journey[];
  paths: WarehousePath[];
  untouched: { conversions: number; value: number };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the warehouse must answer for `window`, worked out by core: the events the window reads,
 * orders added up, handed to `buildJourneys` in time order (ties by channel, then order), and
 * the journeys it reports kept.
 */
export function expectedJourneys(events: TestEvents, window: AttributionWindow): ExpectedJourneys {
  const { eventsFrom, eventsTo } = journeyBounds(window);
  const read = (at: number) => at >= eventsFrom && at < eventsTo && localDay(at) <= window.to;
  const touches: TouchEvent[] = events.touches
    .filter((touch) => read(touch.at) && touch.channel !== null && touch.channel !== '')
    .map((touch) => ({ person: touch.person, channel: touch.channel!, at: touch.at }))
    .sort((a, b) => byCodePoint(a.person, b.person) || a.at - b.at || byCodePoint(a.channel, b.channel));
  const orders = new Map<string, { person: string; at: number; order: string; value: number }>();
  for (const conversion of events.conversions) {
    if (!read(conversion.at)) continue;
    const key = `${conversion.person}\u0000${conversion.orderId ?? `\u0001${conversion.at}`}`;
    const order = orders.get(key) ?? {
      person: conversion.person,
      at: conversion.at,
      order: conversion.orderId ?? '',
      value: 0,
    };
    order.at = Math.min(order.at, conversion.at);
    order.value += conversion.value ?? 0;
    orders.set(key, order);
  }
  const conversionList = [...orders.values()].sort(
    (a, b) =>
      byCodePoint(a.person, b.person) || a.at - b.at || byCodePoint(a.order, b.order) || a.value - b.value,
  );
  const conversions: ConversionEvent[] = conversionList.map((order) => ({
    person: order.person,
    at: order.at,
    value: order.value,
  }));
  const built = buildJourneys(touches, conversions, { lookbackDays: window.lookbackDays ?? 30 });
  const inWindow = (day: string) => day >= window.from && day <= window.to;
  const journeys = built.journeys.filter((journey) =>
    journey.conversions > 0
      ? inWindow(localDay(journey.convertedAt!))
      : localDay(journey.touches[journey.touches.length - 1]!.at) >= window.from,
  );
  // Untouched conversions in the window: those in it less those a reported journey took.
  const untouched = { conversions: 0, value: 0 };
  for (const conversion of conversions) {
    if (!inWindow(localDay(conversion.at))) continue;
    untouched.conversions += 1;
    untouched.value += conversion.value ?? 0;
  }
  for (const journey of journeys) {
    if (journey.conversions === 0) continue;
    untouched.conversions -= journey.conversions;
    untouched.value -= journey.value ?? 0;
  }
  const paths = new Map<string, WarehousePath>();
  for (const journey of journeys) {
    const path = journey.touches.map((touch) => touch.channel).join('>');
    const entry = paths.get(path) ?? { path, conversions: 0, value: 0, nulls: 0 };
    entry.conversions += journey.conversions;
    entry.value += journey.value ?? 0;
    if (journey.conversions === 0) entry.nulls += 1;
    paths.set(path, entry);
  }
  return {
    journeys,
    paths: [...paths.values()].sort((a, b) => byCodePoint(a.path, b.path)),
    untouched,
  };
}

export interface RandomEventsOptions {
  persons: number;
  maxTouches: number;
  maxConversions: number;
  /** Events fall between these instants. */
  from: number;
  to: number;
}

/**
 * Random events with the cases that break journey builders: touches at a conversion's own
 * millisecond, conversions at one millisecond, orders over several rows, orders without an id or
 * value, blank channels, long quiet stretches and bursts.
 */
export function randomEvents(random: () => number, options: RandomEventsOptions): TestEvents {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const channels = ['douyin', 'xiaohongshu', 'direct', 'search'];
  const touches: TestTouch[] = [];
  const conversions: TestConversion[] = [];
  const span = options.to - options.from;
  for (let person = 0; person < options.persons; person++) {
    const id = `p${person}`;
    // A few anchor instants per person, so events cluster and collide.
    const anchors = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Math.round(options.from + random() * span),
    );
    const near = () => {
      const base = pick(anchors);
      const spread = pick([0, 1000, HOUR_MS, 86_400_000, 10 * 86_400_000, 40 * 86_400_000]);
      return Math.min(options.to, Math.max(options.from, base + Math.round((random() - 0.5) * 2 * spread)));
    };
    const conversionCount = Math.floor(random() * (options.maxConversions + 1));
    let orderNumber = 0;
    for (let index = 0; index < conversionCount; index++) {
      const at = near();
      const orderId = random() < 0.15 ? null : `o${person}-${orderNumber++}`;
      const value = random() < 0.1 ? null : Math.round(random() * 50000) / 100;
      conversions.push({ person: id, at, orderId, value });
      // Another row of the same order, a little later.
      if (orderId !== null && random() < 0.2)
        conversions.push({ person: id, at: at + Math.round(random() * 60_000), orderId, value: 10 });
      // Another order at the very same millisecond.
      if (random() < 0.1)
        conversions.push({ person: id, at, orderId: `o${person}-${orderNumber++}`, value: 5 });
    }
    const touchCount = Math.floor(random() * (options.maxTouches + 1));
    for (let index = 0; index < touchCount; index++) {
      const onConversion = conversions.length > 0 && random() < 0.1;
      const at = onConversion ? pick(conversions).at : near();
      const channel = random() < 0.05 ? pick([null, '']) : pick(channels);
      touches.push({ person: id, at, channel });
      if (random() < 0.1) touches.push({ person: id, at, channel: pick(channels) });
    }
  }
  return { touches, conversions };
}
