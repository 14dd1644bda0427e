/**
 * What every engine's journeys must be: a small case worked out by hand, then core's
 * `buildJourneys` on random event sets (paths, untouched conversions, and the journeys one by
 * one with their times), with and without filters. Each engine's test file calls this once.
 */
import { describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse.js';
import { type AttributionWindow, attributionJourneys, attributionPaths } from './journeys.js';
import { expectedJourneys, loadEvents, randomEvents, seededRandom, type TestEvents } from './testing.js';

const at = (text: string) => Date.parse(`${text}Z`);

/** The case worked out by hand in the comments (lookback 7 days, window 10–20 March 2024). */
const HAND_EVENTS: TestEvents = {
  touches: [
    // A: read from 2 March (10 March − 1 day − 7 days), so the first touch is not read; the
    // touch at the conversion's own millisecond counts.
    { person: 'a', at: at('2024-03-01T10:00:00'), channel: 'xiaohongshu' },
    { person: 'a', at: at('2024-03-09T10:00:00'), channel: 'douyin' },
    { person: 'a', at: at('2024-03-12T10:00:00'), channel: 'xiaohongshu' },
    { person: 'a', at: at('2024-03-12T12:00:00'), channel: 'douyin' },
    // B never converts: runs [douyin, xiaohongshu] (ends 4 March, before the window) and [douyin].
    { person: 'b', at: at('2024-03-03T08:00:00'), channel: 'douyin' },
    { person: 'b', at: at('2024-03-04T08:00:00'), channel: 'xiaohongshu' },
    { person: 'b', at: at('2024-03-15T08:00:00'), channel: 'douyin' },
    // C is touched after converting: a journey that did not convert.
    { person: 'c', at: at('2024-03-18T00:00:00'), channel: 'xiaohongshu' },
    // D: 7 days and 1 hour before the order is too old; exactly 7 days counts.
    { person: 'd', at: at('2024-03-10T01:00:00'), channel: 'douyin' },
    { person: 'd', at: at('2024-03-10T02:00:00'), channel: 'xiaohongshu' },
  ],
  conversions: [
    { person: 'a', at: at('2024-03-12T12:00:00'), orderId: 'o1', value: 100 },
    { person: 'c', at: at('2024-03-15T09:00:00'), orderId: 'o3', value: 50 },
    // After `to`: not read.
    { person: 'c', at: at('2024-03-25T09:00:00'), orderId: 'o4', value: 70 },
    // One order over two rows: one conversion at the first row's time, worth 30 + 20.
    { person: 'd', at: at('2024-03-17T02:00:00'), orderId: 'o2', value: 30 },
    { person: 'd', at: at('2024-03-17T02:05:00'), orderId: 'o2', value: 20 },
  ],
};

const HAND_WINDOW: AttributionWindow = { from: '2024-03-10', to: '2024-03-20', lookbackDays: 7 };

export function describeJourneyContract(
  engine: string,
  open: () => Promise<Warehouse>,
  options: { randomRuns: number },
): void {
  describe(`journeys in the warehouse (${engine})`, () => {
    it('gives the figures worked out by hand', async () => {
      const warehouse = await open();
      try {
        await loadEvents(warehouse, HAND_EVENTS);
        const result = await attributionPaths(warehouse, HAND_WINDOW);
        expect(result.paths).toEqual([
          { path: 'douyin', conversions: 0, value: 0, nulls: 2 },
          { path: 'douyin>xiaohongshu>douyin', conversions: 1, value: 100, nulls: 0 },
          { path: 'xiaohongshu', conversions: 1, value: 50, nulls: 1 },
        ]);
        expect(result.untouched).toEqual({ conversions: 1, value: 50 });
        expect(result.counts).toEqual({ converting: 2, nonConverting: 3 });
        expect(result.notes).toEqual([
          { key: 'attribution.journeys.untouched', params: { conversions: 1, value: 50, days: 7 } },
        ]);
        const journeys = await attributionJourneys(warehouse, HAND_WINDOW);
        expect(journeys.journeys.find((journey) => journey.person === 'a')).toEqual({
          person: 'a',
          touches: [
            { channel: 'douyin', at: at('2024-03-09T10:00:00') },
            { channel: 'xiaohongshu', at: at('2024-03-12T10:00:00') },
            { channel: 'douyin', at: at('2024-03-12T12:00:00') },
          ],
          conversions: 1,
          value: 100,
          convertedAt: at('2024-03-12T12:00:00'),
        });
        // The same answer from core, as a check of the test's own reading rules.
        const expected = expectedJourneys(HAND_EVENTS, HAND_WINDOW);
        expect(expected.paths).toEqual(result.paths);
        expect(expected.untouched).toEqual(result.untouched);
      } finally {
        await warehouse.close();
      }
    });

    it("equals core's buildJourneys on random event sets", async () => {
      const warehouse = await open();
      // What the random sets held, so a generator that stopped making the hard cases is noticed.
      const seen = { untouched: 0, nulls: 0, longPaths: 0, repeatedRuns: 0, ties: 0 };
      try {
        for (let run = 0; run < options.randomRuns; run++) {
          const seed = 1000 + run;
          const random = seededRandom(seed);
          const events = randomEvents(random, {
            persons: 1 + Math.floor(random() * 6),
            maxTouches: 14,
            maxConversions: 4,
            from: at('2024-01-01T00:00:00'),
            to: at('2024-04-30T00:00:00'),
          });
          const window: AttributionWindow = {
            from: ['2024-02-01', '2024-03-01', '2024-03-20'][run % 3]!,
            to: ['2024-03-31', '2024-04-30', '2024-03-20'][(run >> 1) % 3]!,
            lookbackDays: [0.5, 1, 3, 7, 30, 1.3][run % 6]!,
          };
          if (window.from > window.to) window.to = window.from;
          await loadEvents(warehouse, events);
          const expected = expectedJourneys(events, window);
          const paths = await attributionPaths(warehouse, window);
          const context = `seed ${seed}, window ${JSON.stringify(window)}`;
          expect(roundPaths(paths.paths), context).toEqual(roundPaths(expected.paths));
          expect(paths.untouched.conversions, context).toBe(expected.untouched.conversions);
          expect(paths.untouched.value, context).toBeCloseTo(expected.untouched.value, 6);
          const journeys = await attributionJourneys(warehouse, window);
          expect(canonical(journeys.journeys), context).toEqual(canonical(expected.journeys));
          seen.untouched += expected.untouched.conversions;
          seen.nulls += expected.paths.reduce((total, path) => total + path.nulls, 0);
          seen.longPaths += expected.journeys.filter((journey) => journey.touches.length >= 3).length;
          const runsPerPerson = new Map<string, number>();
          for (const journey of expected.journeys) {
            if (journey.conversions > 0) continue;
            runsPerPerson.set(journey.person!, (runsPerPerson.get(journey.person!) ?? 0) + 1);
          }
          seen.repeatedRuns += [...runsPerPerson.values()].filter((runs) => runs >= 2).length;
          seen.ties += expected.journeys.filter(
            (journey) =>
              journey.convertedAt !== undefined && journey.touches.at(-1)!.at === journey.convertedAt,
          ).length;
        }
        const runs = options.randomRuns;
        expect(seen.untouched).toBeGreaterThanOrEqual(runs / 6);
        expect(seen.nulls).toBeGreaterThanOrEqual(runs);
        expect(seen.longPaths).toBeGreaterThanOrEqual(runs / 3);
        expect(seen.repeatedRuns).toBeGreaterThanOrEqual(runs / 10);
        expect(seen.ties).toBeGreaterThanOrEqual(runs / 20);
      } finally {
        await warehouse.close();
      }
    });

    it('reads only the touches and conversions the filters keep', async () => {
      const warehouse = await open();
      try {
        const random = seededRandom(7);
        const events = randomEvents(random, {
          persons: 40,
          maxTouches: 12,
          maxConversions: 3,
          from: at('2024-02-01T00:00:00'),
          to: at('2024-03-31T00:00:00'),
        });
        events.touches.forEach((touch, index) => {
          touch.campaign = index % 3 === 0 ? 'spring' : 'always';
        });
        events.conversions.forEach((conversion, index) => {
          conversion.shop = index % 2 === 0 ? 'tmall' : 'jd';
        });
        await loadEvents(warehouse, events);
        const window: AttributionWindow = {
          from: '2024-03-01',
          to: '2024-03-31',
          lookbackDays: 10,
          filter: "channel in ('douyin', 'xiaohongshu') and campaign != 'spring'",
          conversionFilter: "shop = 'tmall'",
        };
        const kept: TestEvents = {
          touches: events.touches.filter(
            (touch) =>
              (touch.channel === 'douyin' || touch.channel === 'xiaohongshu') && touch.campaign !== 'spring',
          ),
          conversions: events.conversions.filter((conversion) => conversion.shop === 'tmall'),
        };
        const expected = expectedJourneys(kept, window);
        const paths = await attributionPaths(warehouse, window);
        expect(roundPaths(paths.paths)).toEqual(roundPaths(expected.paths));
        expect(paths.untouched.conversions).toBe(expected.untouched.conversions);
        expect(expected.paths.length).toBeGreaterThan(3);
      } finally {
        await warehouse.close();
      }
    });

    it('refuses a bad window or filter before reading anything', async () => {
      const warehouse = await open();
      try {
        await expect(attributionPaths(warehouse, { ...HAND_WINDOW, lookbackDays: 0 })).rejects.toMatchObject({
          code: 'attribution.invalid_lookback',
        });
        await expect(
          attributionPaths(warehouse, { ...HAND_WINDOW, from: '2024-02-30' }),
        ).rejects.toMatchObject({ code: 'invalid_query' });
        await expect(
          attributionPaths(warehouse, { ...HAND_WINDOW, from: '2024-03-21' }),
        ).rejects.toMatchObject({ code: 'invalid_query' });
        await expect(
          attributionPaths(warehouse, { ...HAND_WINDOW, filter: "shop = 'tmall'" }),
        ).rejects.toMatchObject({ code: 'invalid_filter' });
        await expect(
          attributionPaths(warehouse, { ...HAND_WINDOW, conversionFilter: "channel = 'x' or" }),
        ).rejects.toMatchObject({ code: 'invalid_filter' });
      } finally {
        await warehouse.close();
      }
    });
  });
}

/** Values to a cent: sums in another order differ in the last bits. */
function roundPaths<T extends { value: number }>(paths: readonly T[]): T[] {
  return paths.map((path) => ({ ...path, value: Math.round(path.value * 100) / 100 }));
}

function canonical(
  journeys: readonly {
    person?: string;
    touches: readonly { at: number; channel: string }[];
    conversions: number;
    value?: number;
    convertedAt?: number;
  }[],
) {
  return journeys
    .map((journey) => ({
      person: journey.person,
      touches: journey.touches.map((touch) => `${touch.at}:${touch.channel}`).join(' '),
      conversions: journey.conversions,
      value: Math.round((journey.value ?? 0) * 100) / 100,
      convertedAt: journey.convertedAt ?? null,
    }))
    .sort((a, b) => (`${a.person} ${a.touches}` < `${b.person} ${b.touches}` ? -1 : 1));
}
