import { ATTRIBUTION_MODELS, type Journey } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { creditsByModel } from './creators.js';
import { touchCredits } from './credits.js';

const DAY = 86_400_000;

/** Per model, per key: the touch credits added up. */
function perKey(journeys: readonly Journey[]) {
  const { credits } = touchCredits(journeys);
  const sums = new Map<string, { conversions: number; value: number }>();
  for (const credit of credits) {
    const key = `${credit.model}|${journeys[credit.journey]!.touches[credit.touch]!.channel}`;
    const entry = sums.get(key) ?? { conversions: 0, value: 0 };
    entry.conversions += credit.conversions;
    entry.value += credit.value;
    sums.set(key, entry);
  }
  return sums;
}

describe('credit per touch', () => {
  // A then B converts (100); B alone converts (50); A alone does not.
  const journeys: Journey[] = [
    {
      touches: [
        { channel: 'A', at: 0 },
        { channel: 'B', at: DAY },
      ],
      conversions: 1,
      value: 100,
      convertedAt: 2 * DAY,
    },
    { touches: [{ channel: 'B', at: 5 * DAY }], conversions: 1, value: 50, convertedAt: 5 * DAY },
    { touches: [{ channel: 'A', at: 9 * DAY }], conversions: 0, value: 0 },
  ];

  it('splits Markov credit over the journeys that touched each channel, by hand', () => {
    // Chain: start→A 2/3, →B 1/3; A→B 1/2, A→null 1/2; B converts. P = 2/3. Without A, P = 1/3
    // (effect 1/2); without B, 0 (effect 1): A 2/3 and B 4/3 of the 2 conversions. By value, B's
    // 150 over 2 conversions is 75 a conversion; the same effects give A 50 and B 100.
    const { credits } = touchCredits(journeys);
    const markov = credits.filter((credit) => credit.model === 'markov');
    const at = (journey: number, touch: number) =>
      markov.find((credit) => credit.journey === journey && credit.touch === touch)!;
    expect(at(0, 0).conversions).toBeCloseTo(2 / 3, 12);
    expect(at(0, 0).value).toBeCloseTo(50, 10);
    // B's 4/3 over J1 and J2 by their conversions (1 : 1), its 100 by their value (100 : 50).
    expect(at(0, 1).conversions).toBeCloseTo(2 / 3, 12);
    expect(at(1, 0).conversions).toBeCloseTo(2 / 3, 12);
    expect(at(0, 1).value).toBeCloseTo(200 / 3, 10);
    expect(at(1, 0).value).toBeCloseTo(100 / 3, 10);
    // The journey that did not convert carries nothing.
    expect(credits.some((credit) => credit.journey === 2)).toBe(false);
  });

  it('weighs touches as the rules say, by hand', () => {
    const sums = perKey(journeys);
    expect(sums.get('first_touch|A')).toEqual({ conversions: 1, value: 100 });
    expect(sums.get('last_touch|B')).toEqual({ conversions: 2, value: 150 });
    expect(sums.get('shapley|A')).toEqual({ conversions: 0.5, value: 50 });
    expect(sums.get('shapley|B')).toEqual({ conversions: 1.5, value: 100 });
    // Time decay, half-life 7 days: A 2 days before the conversion, B 1 day.
    const a = 2 ** (-2 / 7);
    const b = 2 ** (-1 / 7);
    expect(sums.get('time_decay|A')!.conversions).toBeCloseTo(a / (a + b), 14);
    expect(sums.get('time_decay|B')!.value).toBeCloseTo((100 * b) / (a + b) + 50, 10);
  });

  it('adds up, per channel, to what core gives each model, on random journeys', () => {
    let seed = 3;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const random: Journey[] = [];
      for (let index = 0; index < 60; index++) {
        const length = 1 + Math.floor(next() * 5);
        let at = Math.floor(next() * 100) * DAY;
        const touches = Array.from({ length }, () => {
          at += Math.floor(next() * 3 * DAY);
          const channel = ['douyin', 'xiaohongshu', 'direct', 'weibo', 'wechat'][Math.floor(next() * 5)]!;
          return { channel, at };
        });
        const converts = next() < 0.6;
        random.push({
          touches,
          conversions: converts ? 1 : 0,
          value: converts ? Math.round(next() * 10_000) / 100 : 0,
          ...(converts ? { convertedAt: at + Math.floor(next() * DAY) } : {}),
        });
      }
      const sums = perKey(random);
      const expected = creditsByModel(random);
      for (const model of ATTRIBUTION_MODELS) {
        for (const [channel, credit] of expected.get(model)!) {
          const got = sums.get(`${model}|${channel}`) ?? { conversions: 0, value: 0 };
          expect(got.conversions, `${model} ${channel}`).toBeCloseTo(credit.conversions, 9);
          expect(got.value, `${model} ${channel}`).toBeCloseTo(credit.value, 7);
        }
      }
      // Every rule-based model and Shapley split each converting journey exactly.
      const { credits } = touchCredits(random);
      for (const model of ['first_touch', 'last_non_direct', 'position', 'time_decay', 'shapley'] as const) {
        const byJourney = new Map<number, number>();
        for (const credit of credits.filter((entry) => entry.model === model))
          byJourney.set(credit.journey, (byJourney.get(credit.journey) ?? 0) + credit.conversions);
        for (const [journey, total] of byJourney) expect(total).toBeCloseTo(random[journey]!.conversions, 12);
      }
    }
  });
});
