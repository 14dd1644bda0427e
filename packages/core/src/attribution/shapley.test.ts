import { describe, expect, it } from 'vitest';
import { sayAttribution } from './messages.js';
import type { PathRow } from './paths.js';
import { shapleyAttribution } from './shapley.js';
import { randomInt, randomPathRows, seededRandom } from './testing.js';

/** The closed form for this value function: each path's total split equally over its distinct channels. */
function splitOverDistinctChannels(rows: readonly PathRow[]) {
  const conversions = new Map<string, number>();
  const value = new Map<string, number>();
  for (const row of rows) {
    const distinct = [...new Set((row.path as string).split('>'))];
    for (const channel of distinct) {
      conversions.set(channel, (conversions.get(channel) ?? 0) + row.conversions / distinct.length);
      value.set(channel, (value.get(channel) ?? 0) + (row.value ?? 0) / distinct.length);
    }
  }
  return { conversions, value };
}

/** The definition itself: the average marginal contribution over every order of the players. */
function shapleyByEveryOrder(rows: readonly PathRow[]): Map<string, number> {
  const converting = rows.filter((row) => row.conversions > 0);
  const players = [...new Set(converting.flatMap((row) => (row.path as string).split('>')))].sort();
  const worth = (coalition: ReadonlySet<string>) =>
    converting
      .filter((row) => (row.path as string).split('>').every((channel) => coalition.has(channel)))
      .reduce((sum, row) => sum + row.conversions, 0);
  const totals = new Map(players.map((player) => [player, 0]));
  let orders = 0;
  const visit = (order: string[], rest: string[]) => {
    if (rest.length === 0) {
      orders++;
      const joined = new Set<string>();
      for (const player of order) {
        const before = worth(joined);
        joined.add(player);
        totals.set(player, totals.get(player)! + worth(joined) - before);
      }
      return;
    }
    rest.forEach((player, index) => {
      visit([...order, player], [...rest.slice(0, index), ...rest.slice(index + 1)]);
    });
  };
  visit([], players);
  return new Map([...totals].map(([player, total]) => [player, total / orders]));
}

describe('Shapley attribution', () => {
  it('splits a path with two channels in half, and gives each channel its solo paths', () => {
    // v({a}) = 2, v({b}) = 1, v({a,b}) = 2 + 1 + 4 = 7: a = (2 + (7 − 1))/2 = 4, b = (1 + (7 − 2))/2 = 3.
    const result = shapleyAttribution([
      { path: 'a', conversions: 2 },
      { path: 'b>b', conversions: 1 },
      { path: 'a>b>a', conversions: 4, value: 40 },
    ]);
    expect(result.exact).toBe(true);
    expect(result.credits).toEqual([
      { channel: 'a', conversions: 4, value: 20 },
      { channel: 'b', conversions: 3, value: 20 },
    ]);
    expect(result.standardErrors.every((error) => error.conversions === 0 && error.value === 0)).toBe(true);
  });

  it('matches the average over every order of the players, exactly, on random paths', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rows = randomPathRows(seededRandom(seed), { channels: 5, rows: 12, maxLength: 4 });
      const byOrders = shapleyByEveryOrder(rows);
      const result = shapleyAttribution(rows);
      for (const credit of result.credits) {
        expect(credit.conversions).toBeCloseTo(byOrders.get(credit.channel) ?? 0, 12);
      }
    }
  });

  it('gives channels seen only on non-converting paths nothing, and does not count them as players', () => {
    const result = shapleyAttribution([
      { path: 'a>b', conversions: 2 },
      { path: 'c', conversions: 0, nulls: 5 },
    ]);
    expect(result.players).toBe(2);
    expect(result.credits.map((credit) => credit.conversions)).toEqual([1, 1, 0]);
  });

  it('samples beyond exactUpTo, within 4 standard errors of the exact values, still summing to the total', () => {
    const random = seededRandom(99);
    const rows = randomPathRows(random, { channels: 18, rows: 300, maxLength: 5 });
    const exact = splitOverDistinctChannels(rows);
    const result = shapleyAttribution(rows, { samples: 4000, seed: 3 });
    expect(result.exact).toBe(false);
    expect(result.players).toBe(18);
    expect(result.samples).toBe(4000);
    result.credits.forEach((credit, index) => {
      const error = result.standardErrors[index]!;
      expect(error.conversions).toBeGreaterThan(0);
      expect(Math.abs(credit.conversions - exact.conversions.get(credit.channel)!)).toBeLessThanOrEqual(
        4 * error.conversions,
      );
      expect(Math.abs(credit.value - exact.value.get(credit.channel)!)).toBeLessThanOrEqual(4 * error.value);
    });
    const total = rows.reduce((sum, row) => sum + row.conversions, 0);
    expect(result.credits.reduce((sum, credit) => sum + credit.conversions, 0)).toBeCloseTo(total, 9);
    expect(sayAttribution(result.notes[0]!, 'en')).toBe(
      'Shapley values estimated from 4,000 random orderings of 18 channels (exact up to 15): each credit carries its standard error',
    );
  });

  it('draws the same orders for the same seed and different ones for another', () => {
    const rows = randomPathRows(seededRandom(5), { channels: 6, rows: 50, maxLength: 4 });
    const first = shapleyAttribution(rows, { exactUpTo: 3, samples: 50, seed: 8 });
    const again = shapleyAttribution(rows, { exactUpTo: 3, samples: 50, seed: 8 });
    const other = shapleyAttribution(rows, { exactUpTo: 3, samples: 50, seed: 9 });
    expect(again.credits).toEqual(first.credits);
    expect(other.credits).not.toEqual(first.credits);
  });

  it('keeps sampled standard errors honest: about 68% of credits fall within one of the exact value', () => {
    // Over many channels and seeds the share within ±1 SE should be near 68%, not near 100%
    // (errors overstated) or far below (understated).
    let inside = 0;
    let count = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const random = seededRandom(1000 + seed);
      const rows = randomPathRows(random, { channels: 8 + randomInt(random, 4), rows: 80, maxLength: 4 });
      const exact = splitOverDistinctChannels(rows).conversions;
      const result = shapleyAttribution(rows, { exactUpTo: 2, samples: 400, seed });
      result.credits.forEach((credit, index) => {
        const error = result.standardErrors[index]!.conversions;
        if (error === 0) return;
        count++;
        if (Math.abs(credit.conversions - exact.get(credit.channel)!) <= error) inside++;
      });
    }
    expect(inside / count).toBeGreaterThan(0.55);
    expect(inside / count).toBeLessThan(0.8);
  });

  it('refuses options it cannot honour', () => {
    expect(() => shapleyAttribution([], { exactUpTo: 30 })).toThrow(/exactUpTo/);
    expect(() => shapleyAttribution([], { samples: 1 })).toThrow(/samples/);
  });
});
