/**
 * Properties every model must keep on any input: credits add up to the totals, the order of the
 * rows changes nothing, Shapley equals the split over distinct channels, order-1 Markov by windows
 * equals the direct chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributionResult,
  firstTouchAttribution,
  lastNonDirectAttribution,
  lastTouchAttribution,
  linearAttribution,
  positionBasedAttribution,
  timeDecayAttribution,
} from './heuristics.js';
import { DAY_MS, type Journey } from './journeys.js';
import { markovAttribution, markovAttributionByWindows } from './markov.js';
import type { PathRow } from './paths.js';
import { shapleyAttribution } from './shapley.js';

const CHANNELS = ['direct', 'search', 'douyin', 'xiaohongshu', 'wechat', 'weibo', 'bilibili'];

const pathRow: fc.Arbitrary<PathRow> = fc
  .record({
    channels: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 7 }),
    conversions: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 20 }),
      fc.double({ min: 0.01, max: 50, noNaN: true }),
    ),
    valuePerConversion: fc.double({ min: 0, max: 500, noNaN: true }),
    nulls: fc.integer({ min: 0, max: 30 }),
    asText: fc.boolean(),
  })
  .map(({ channels, conversions, valuePerConversion, nulls, asText }) => ({
    path: asText ? channels.join(' > ') : channels,
    conversions,
    value: conversions * valuePerConversion,
    nulls,
  }));

const pathRows = fc.array(pathRow, { minLength: 1, maxLength: 40 });

const MODELS: Record<string, (rows: readonly PathRow[]) => AttributionResult> = {
  first_touch: firstTouchAttribution,
  last_touch: lastTouchAttribution,
  last_non_direct: lastNonDirectAttribution,
  linear: linearAttribution,
  position: positionBasedAttribution,
  markov: markovAttribution,
  markov_order_2: (rows) => markovAttribution(rows, { order: 2 }),
  shapley: shapleyAttribution,
  shapley_sampled: (rows) => shapleyAttribution(rows, { exactUpTo: 0, samples: 20 }),
};

/** |a − b| ≤ 1e-9 of the larger of 1 and |b|. */
function expectNear(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

function expectSumsToTotals(result: AttributionResult, conversions: number, value: number): void {
  expectNear(
    result.credits.reduce((sum, credit) => sum + credit.conversions, 0),
    conversions,
  );
  expectNear(
    result.credits.reduce((sum, credit) => sum + credit.value, 0),
    value,
  );
}

const totalOf = (rows: readonly PathRow[], field: 'conversions' | 'value') =>
  rows.reduce((sum, row) => sum + (row[field] ?? 0), 0);

describe('every model', () => {
  for (const [name, model] of Object.entries(MODELS)) {
    it(`${name}: credits add up to the total conversions and value`, () => {
      fc.assert(
        fc.property(pathRows, (rows) => {
          const result = model(rows);
          expectSumsToTotals(result, totalOf(rows, 'conversions'), totalOf(rows, 'value'));
          expect(
            result.credits.every((credit) => credit.conversions >= -1e-12 && credit.value >= -1e-12),
          ).toBe(true);
        }),
        { numRuns: 60 },
      );
    });

    it(`${name}: the order of the rows changes nothing`, () => {
      fc.assert(
        fc.property(
          pathRows.chain((rows) =>
            fc.tuple(
              fc.constant(rows),
              fc.array(fc.double({ noNaN: true }), { minLength: rows.length, maxLength: rows.length }),
            ),
          ),
          ([rows, keys]) => {
            const shuffled = rows
              .map((row, index) => ({ row, key: keys[index]! }))
              .sort((a, b) => a.key - b.key)
              .map((entry) => entry.row);
            const original = model(rows);
            const reordered = model(shuffled);
            expect(reordered.credits.map((credit) => credit.channel)).toEqual(
              original.credits.map((credit) => credit.channel),
            );
            reordered.credits.forEach((credit, index) => {
              expectNear(credit.conversions, original.credits[index]!.conversions);
              expectNear(credit.value, original.credits[index]!.value);
            });
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('time decay: credits add up to the totals on any journeys', () => {
    const journey: fc.Arbitrary<Journey> = fc
      .record({
        touches: fc.array(
          fc.record({
            channel: fc.constantFrom(...CHANNELS),
            daysBefore: fc.double({ min: 0, max: 400, noNaN: true }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        converts: fc.boolean(),
        value: fc.double({ min: 0, max: 1000, noNaN: true }),
      })
      .map(({ touches, converts, value }) => {
        const convertedAt = Date.UTC(2026, 5, 1);
        const sorted = [...touches].sort((a, b) => b.daysBefore - a.daysBefore);
        return {
          touches: sorted.map((touch) => ({
            channel: touch.channel,
            at: convertedAt - touch.daysBefore * DAY_MS,
          })),
          conversions: converts ? 1 : 0,
          value: converts ? value : 0,
          convertedAt,
        };
      });
    fc.assert(
      fc.property(
        fc.array(journey, { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        (journeys, halfLifeDays) => {
          const result = timeDecayAttribution(journeys, { halfLifeDays });
          const conversions = journeys.reduce((sum, item) => sum + item.conversions, 0);
          const value = journeys.reduce((sum, item) => sum + (item.value ?? 0), 0);
          expectSumsToTotals(result, conversions, value);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('Shapley with the containment value function', () => {
  it('equals linear over the distinct channels of each path', () => {
    fc.assert(
      fc.property(pathRows, (rows) => {
        const expected = new Map<string, { conversions: number; value: number }>();
        for (const row of rows) {
          const channels = typeof row.path === 'string' ? row.path.split('>').map((c) => c.trim()) : row.path;
          const distinct = [...new Set(channels)];
          for (const channel of distinct) {
            const entry = expected.get(channel) ?? { conversions: 0, value: 0 };
            entry.conversions += row.conversions / distinct.length;
            entry.value += (row.value ?? 0) / distinct.length;
            expected.set(channel, entry);
          }
        }
        for (const credit of shapleyAttribution(rows).credits) {
          expectNear(credit.conversions, expected.get(credit.channel)!.conversions);
          expectNear(credit.value, expected.get(credit.channel)!.value);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('Markov of order 1', () => {
  it('is the same chain whether built by channels or by windows of one', () => {
    fc.assert(
      fc.property(pathRows, (rows) => {
        const direct = markovAttribution(rows);
        const windows = markovAttributionByWindows(rows, { order: 1 });
        expectNear(windows.conversionProbability, direct.conversionProbability);
        windows.credits.forEach((credit, index) => {
          expect(credit.channel).toBe(direct.credits[index]!.channel);
          expectNear(credit.conversions, direct.credits[index]!.conversions);
          expectNear(credit.value, direct.credits[index]!.value);
        });
      }),
      { numRuns: 60 },
    );
  });
});
