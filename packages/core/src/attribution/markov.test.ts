import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import { markovAttribution, markovAttributionByWindows } from './markov.js';
import type { PathRow } from './paths.js';
import { randomInt, randomPathRows, seededRandom } from './testing.js';

const byChannel = (rows: readonly { channel: string; conversions: number; value: number }[]) =>
  Object.fromEntries(rows.map((row) => [row.channel, { conversions: row.conversions, value: row.value }]));

describe('Markov attribution, hand-computed chains', () => {
  it('gives A removal effect 1 and B 0.5 on the three looping paths (credits 2 and 1)', () => {
    // Collapsed: A>B>A>B>A, A>B>A, A. A goes to B 3 times and converts 3 times; B always goes
    // back to A. Without A nothing converts (1); without B, A's half that goes to B is lost (0.5).
    const result = markovAttribution([
      { path: 'A>B>A>B>B>A', conversions: 1 },
      { path: 'A>B>B>A>A', conversions: 1 },
      { path: 'A>A', conversions: 1 },
    ]);
    expect(result.conversionProbability).toBeCloseTo(1, 14);
    const effects = byChannel(result.removalEffects);
    expect(effects.A!.conversions).toBeCloseTo(1, 14);
    expect(effects.B!.conversions).toBeCloseTo(0.5, 14);
    const credits = byChannel(result.credits);
    expect(credits.A!.conversions).toBeCloseTo(2, 12);
    expect(credits.B!.conversions).toBeCloseTo(1, 12);
    // States are channels; A never loops onto itself after collapsing.
    expect(result.states).toEqual([['A'], ['B']]);
    const fromA = result.transitions.filter((transition) => transition.from === 0);
    expect(fromA).toEqual([
      { from: 0, to: 1, probability: 0.5 },
      { from: 0, to: 'conversion', probability: 0.5 },
    ]);
  });

  it('gives P(conversion) 1/3, removal effects {0.5, 1, 1} and credits {0.2, 0.4, 0.4} on the three-path example', () => {
    // start→c1 2/3, start→c2 1/3; c1→c2 1/2, c1→null 1/2; c2→c3 1; c3→conv 1/2, c3→null 1/2.
    // P = 2/3·1/2·1/2 + 1/3·1/2 = 1/3. Without c1 only start→c2 is left: 1/6, a loss of 0.5.
    const result = markovAttribution([
      { path: 'c1>c2>c3', conversions: 1, value: 30 },
      { path: 'c1', conversions: 0, nulls: 1 },
      { path: 'c2>c3', conversions: 0, nulls: 1 },
    ]);
    expect(result.conversionProbability).toBeCloseTo(1 / 3, 14);
    expect(result.valuePerJourney).toBeCloseTo(10, 12);
    expect(result.removalEffects.map((effect) => effect.conversions)).toEqual([
      expect.closeTo(0.5, 14),
      expect.closeTo(1, 14),
      expect.closeTo(1, 14),
    ]);
    expect(result.credits.map((credit) => credit.conversions)).toEqual([
      expect.closeTo(0.2, 14),
      expect.closeTo(0.4, 14),
      expect.closeTo(0.4, 14),
    ]);
    expect(result.credits.map((credit) => credit.value)).toEqual([
      expect.closeTo(6, 12),
      expect.closeTo(12, 12),
      expect.closeTo(12, 12),
    ]);
  });

  it('splits value by the value removal effects, which differ from the conversion ones', () => {
    // start→A 2/3, start→B 1/3; A converts half the time with 100 in all, B always with 10.
    // P = 2/3 (2 of 3 journeys), E[value] = 2/3·100/2 + 1/3·10 = 110/3 (110 over 3 journeys).
    // Without A: P 1/3 (loss 1/2), value 10/3 (loss 10/11); without B: P 1/3, value 100/3 (loss 1/11).
    const result = markovAttribution([
      { path: 'A', conversions: 1, value: 100, nulls: 1 },
      { path: 'B', conversions: 1, value: 10 },
    ]);
    expect(result.valuePerJourney).toBeCloseTo(110 / 3, 12);
    expect(result.removalEffects).toEqual([
      { channel: 'A', conversions: expect.closeTo(0.5, 14), value: expect.closeTo(10 / 11, 14) },
      { channel: 'B', conversions: expect.closeTo(0.5, 14), value: expect.closeTo(1 / 11, 14) },
    ]);
    expect(result.credits).toEqual([
      { channel: 'A', conversions: expect.closeTo(1, 14), value: expect.closeTo(100, 12) },
      { channel: 'B', conversions: expect.closeTo(1, 14), value: expect.closeTo(10, 12) },
    ]);
  });

  it('remembers with order 2 what order 1 forgets', () => {
    const rows: PathRow[] = [
      { path: 'a>b', conversions: 1 },
      { path: 'c>b', conversions: 0, nulls: 1 },
    ];
    // Order 1: b converts half the time whoever came before, so a and c look alike:
    // removal effects a 0.5, b 1, c 0.5 → credits 0.25, 0.5, 0.25.
    const first = markovAttribution(rows);
    expect(first.credits.map((credit) => credit.conversions)).toEqual([
      expect.closeTo(0.25, 14),
      expect.closeTo(0.5, 14),
      expect.closeTo(0.25, 14),
    ]);
    // Order 2: states a, a>b, c, c>b; only a>b converts, so removing c loses nothing.
    const second = markovAttribution(rows, { order: 2 });
    expect(second.states).toEqual([['a'], ['a', 'b'], ['c'], ['c', 'b']]);
    expect(second.removalEffects.map((effect) => effect.conversions)).toEqual([
      expect.closeTo(1, 14),
      expect.closeTo(1, 14),
      expect.closeTo(0, 14),
    ]);
    expect(second.credits.map((credit) => credit.conversions)).toEqual([
      expect.closeTo(0.5, 14),
      expect.closeTo(0.5, 14),
      expect.closeTo(0, 14),
    ]);
  });

  it('collapses repeated states of a higher order: a>a>a at order 2 visits a, a>a', () => {
    const result = markovAttribution([{ path: 'a>a>a>b', conversions: 1 }], { order: 2 });
    expect(result.states).toEqual([['a'], ['a', 'a'], ['a', 'b']]);
    expect(result.transitions.filter((transition) => transition.from === transition.to)).toEqual([]);
  });

  it('gives nothing to anyone when nothing converts, and still lists every channel', () => {
    const result = markovAttribution([{ path: 'a>b', conversions: 0, nulls: 3 }]);
    expect(result.conversionProbability).toBe(0);
    expect(result.credits).toEqual([
      { channel: 'a', conversions: 0, value: 0 },
      { channel: 'b', conversions: 0, value: 0 },
    ]);
  });

  it('refuses a chain larger than maxStates, and orders that are not whole numbers ≥ 1', () => {
    const rows = [{ path: 'a>b>c>d>e>f', conversions: 1 }];
    expect(() => markovAttribution(rows, { order: 3, maxStates: 4 })).toThrow(MarkpiError);
    try {
      markovAttribution(rows, { order: 3, maxStates: 4 });
    } catch (error) {
      expect((error as MarkpiError).code).toBe('attribution.markov_too_many_states');
    }
    expect(() => markovAttribution(rows, { order: 0 })).toThrow(/whole number/);
    expect(() => markovAttribution(rows, { order: 1.5 })).toThrow(/whole number/);
  });
});

// ---------------------------------------------------------------- an independent simulation

/** The chain counted again, by names, without the model's code: state → next state → weight. */
function countChain(rows: readonly PathRow[], order: number) {
  const next = new Map<string, Map<string, number>>();
  const bump = (from: string, to: string, weight: number) => {
    const targets = next.get(from) ?? new Map<string, number>();
    next.set(from, targets);
    targets.set(to, (targets.get(to) ?? 0) + weight);
  };
  const valueAt = new Map<string, number>();
  for (const row of rows) {
    const channels = (row.path as string).split('>');
    const nulls = row.nulls ?? 0;
    const weight = row.conversions + nulls;
    if (weight === 0) continue;
    let state = '(start)';
    channels.forEach((_, index) => {
      const window = channels.slice(Math.max(0, index - order + 1), index + 1).join('>');
      if (window === state) return;
      bump(state, window, weight);
      state = window;
    });
    bump(state, '(conversion)', row.conversions);
    bump(state, '(null)', nulls);
    valueAt.set(state, (valueAt.get(state) ?? 0) + (row.value ?? 0));
  }
  return { next, valueAt };
}

/**
 * Walks the chain `walks` times from the start, treating states that contain `removed` as null;
 * a walk that converts from a state earns that state's average conversion value.
 */
function simulate(
  rows: readonly PathRow[],
  order: number,
  removed: string | null,
  walks: number,
  seed: number,
) {
  const { next, valueAt } = countChain(rows, order);
  const random = seededRandom(seed);
  const step = (state: string) => {
    const targets = [...next.get(state)!];
    const total = targets.reduce((sum, [, weight]) => sum + weight, 0);
    let pick = random() * total;
    for (const [target, weight] of targets) {
      pick -= weight;
      if (pick < 0) return target;
    }
    return targets[targets.length - 1]![0];
  };
  let conversions = 0;
  let value = 0;
  let valueSquares = 0;
  for (let walk = 0; walk < walks; walk++) {
    let state = '(start)';
    for (;;) {
      const target = step(state);
      if (target === '(null)' || (removed !== null && target.split('>').includes(removed))) break;
      if (target === '(conversion)') {
        const converted = next.get(state)!.get('(conversion)')!;
        const earned = valueAt.get(state)! / converted;
        conversions++;
        value += earned;
        valueSquares += earned * earned;
        break;
      }
      state = target;
    }
  }
  const p = conversions / walks;
  const meanValue = value / walks;
  return {
    p,
    pError: Math.sqrt((p * (1 - p)) / walks),
    value: meanValue,
    valueError: Math.sqrt(Math.max(0, valueSquares / walks - meanValue * meanValue) / walks),
  };
}

describe('Markov attribution against a simulation of the same chain', () => {
  const WALKS = 20_000;
  for (const order of [1, 2]) {
    for (const seed of [11, 23, 37]) {
      it(`agrees within 4 standard errors on random paths (order ${order}, seed ${seed})`, () => {
        const random = seededRandom(seed);
        const rows = randomPathRows(random, { channels: 4 + randomInt(random, 3), rows: 40, maxLength: 5 });
        const exact = markovAttribution(rows, { order });
        const whole = simulate(rows, order, null, WALKS, seed * 7);
        expect(Math.abs(whole.p - exact.conversionProbability)).toBeLessThanOrEqual(4 * whole.pError);
        expect(Math.abs(whole.value - exact.valuePerJourney)).toBeLessThanOrEqual(4 * whole.valueError);
        for (const effect of exact.removalEffects) {
          const without = simulate(rows, order, effect.channel, WALKS, seed * 13 + effect.channel.length);
          const expectedP = exact.conversionProbability * (1 - effect.conversions);
          const expectedValue = exact.valuePerJourney * (1 - effect.value);
          expect(Math.abs(without.p - expectedP)).toBeLessThanOrEqual(4 * without.pError + 1e-12);
          expect(Math.abs(without.value - expectedValue)).toBeLessThanOrEqual(4 * without.valueError + 1e-12);
        }
      });
    }
  }

  it('has a simulation that can tell a wrong answer from a right one', () => {
    // The check above is only worth something if 4 standard errors are tighter than the
    // difference a wrong model makes: here the first-order answer for order 2 is off by 0.25.
    const rows: PathRow[] = [
      { path: 'a>b', conversions: 1 },
      { path: 'c>b', conversions: 0, nulls: 1 },
    ];
    const withoutC = simulate(rows, 2, 'c', WALKS, 5);
    const firstOrderAnswer = markovAttribution(rows).conversionProbability * (1 - 0.5);
    expect(Math.abs(withoutC.p - firstOrderAnswer)).toBeGreaterThan(4 * withoutC.pError);
  });
});

describe('Markov attribution, properties of the exact solve', () => {
  it('converts with the observed rate, and is worth the observed value per journey', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rows = randomPathRows(seededRandom(seed), { channels: 6, rows: 60, maxLength: 6 });
      const conversions = rows.reduce((sum, row) => sum + row.conversions, 0);
      const journeys = rows.reduce((sum, row) => sum + row.conversions + (row.nulls ?? 0), 0);
      const value = rows.reduce((sum, row) => sum + (row.value ?? 0), 0);
      for (const order of [1, 2, 3]) {
        const result = markovAttribution(rows, { order });
        expect(result.conversionProbability).toBeCloseTo(conversions / journeys, 12);
        expect(result.valuePerJourney).toBeCloseTo(value / journeys, 9);
      }
    }
  });

  it('builds the same first-order chain by windows of one channel', () => {
    for (const seed of [7, 8, 9]) {
      const rows = randomPathRows(seededRandom(seed), { channels: 8, rows: 80, maxLength: 6 });
      const direct = markovAttribution(rows);
      const windows = markovAttributionByWindows(rows, { order: 1 });
      expect(windows.removalEffects).toEqual(
        direct.removalEffects.map((effect) => ({
          channel: effect.channel,
          conversions: expect.closeTo(effect.conversions, 12),
          value: expect.closeTo(effect.value, 12),
        })),
      );
    }
  });
});
