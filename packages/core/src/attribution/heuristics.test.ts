import { describe, expect, it } from 'vitest';
import {
  firstTouchAttribution,
  lastNonDirectAttribution,
  lastTouchAttribution,
  linearAttribution,
  positionBasedAttribution,
  timeDecayAttribution,
} from './heuristics.js';
import { DAY_MS, type Journey, pathSetFromJourneys } from './journeys.js';
import type { PathRow } from './paths.js';

const credit = (result: { credits: { channel: string; conversions: number; value: number }[] }) =>
  Object.fromEntries(result.credits.map((row) => [row.channel, row.conversions]));
const valueCredit = (result: { credits: { channel: string; conversions: number; value: number }[] }) =>
  Object.fromEntries(result.credits.map((row) => [row.channel, row.value]));

const CONVERTED = Date.UTC(2026, 2, 31, 12);
/** Touches 28, 14, 7 and 0 days before the conversion. */
const HAND_BUILT: Journey = {
  touches: [
    { channel: 'search', at: CONVERTED - 28 * DAY_MS },
    { channel: 'xiaohongshu', at: CONVERTED - 14 * DAY_MS },
    { channel: 'douyin', at: CONVERTED - 7 * DAY_MS },
    { channel: 'wechat', at: CONVERTED },
  ],
  conversions: 1,
  value: 200,
  convertedAt: CONVERTED,
};

describe('first, last and last non-direct touch', () => {
  const rows: PathRow[] = [
    { path: 'a>b>c', conversions: 2, value: 20 },
    { path: 'b>direct', conversions: 1, value: 5 },
    { path: 'direct>Direct', conversions: 1, value: 7 },
    { path: 'c>a', conversions: 0, nulls: 9 },
  ];

  it('puts each path on its first touch', () => {
    expect(credit(firstTouchAttribution(rows))).toEqual({ a: 2, b: 1, c: 0, direct: 1, Direct: 0 });
  });

  it('puts each path on its last touch', () => {
    expect(credit(lastTouchAttribution(rows))).toEqual({ a: 0, b: 0, c: 2, direct: 1, Direct: 1 });
    expect(valueCredit(lastTouchAttribution(rows))).toEqual({ a: 0, b: 0, c: 20, direct: 5, Direct: 7 });
  });

  it('skips direct unless the journey is direct alone, comparing names without case', () => {
    expect(credit(lastNonDirectAttribution(rows))).toEqual({ a: 0, b: 1, c: 2, direct: 0, Direct: 1 });
    expect(credit(lastNonDirectAttribution(rows, { directChannels: ['b'] }))).toEqual({
      a: 0,
      b: 0,
      c: 2,
      direct: 1,
      Direct: 1,
    });
  });
});

describe('linear', () => {
  it('weighs each occurrence: a>a>b gives a 2/3 and b 1/3', () => {
    const result = linearAttribution([{ path: 'a>a>b', conversions: 3, value: 30 }]);
    expect(result.credits).toEqual([
      { channel: 'a', conversions: 2, value: 20 },
      { channel: 'b', conversions: 1, value: 10 },
    ]);
  });
});

describe('position-based', () => {
  it('gives 40/20/40 with the middle shared, 100% to one touch, 50/50 to two', () => {
    expect(credit(positionBasedAttribution([{ path: 'a>b>c>d', conversions: 1 }]))).toEqual({
      a: 0.4,
      b: expect.closeTo(0.1, 15),
      c: expect.closeTo(0.1, 15),
      d: 0.4,
    });
    expect(credit(positionBasedAttribution([{ path: 'a>a>b', conversions: 1 }]))).toEqual({
      a: expect.closeTo(0.6, 15),
      b: 0.4,
    });
    expect(credit(positionBasedAttribution([{ path: 'a', conversions: 1 }]))).toEqual({ a: 1 });
    expect(credit(positionBasedAttribution([{ path: 'a>b', conversions: 1 }]))).toEqual({ a: 0.5, b: 0.5 });
  });

  it('reads the hand-built journey as 40%, 10%, 10%, 40%', () => {
    const result = positionBasedAttribution(pathSetFromJourneys([HAND_BUILT]));
    expect(valueCredit(result)).toEqual({
      search: expect.closeTo(80, 12),
      xiaohongshu: expect.closeTo(20, 12),
      douyin: expect.closeTo(20, 12),
      wechat: expect.closeTo(80, 12),
    });
  });

  it('takes other weights, two touches split first : last', () => {
    const weights = { first: 0.3, last: 0.6 };
    expect(credit(positionBasedAttribution([{ path: 'a>b>c', conversions: 1 }], weights))).toEqual({
      a: 0.3,
      b: expect.closeTo(0.1, 15),
      c: 0.6,
    });
    expect(credit(positionBasedAttribution([{ path: 'a>b', conversions: 3 }], weights))).toEqual({
      a: expect.closeTo(1, 15),
      b: expect.closeTo(2, 15),
    });
    expect(() =>
      positionBasedAttribution([{ path: 'a', conversions: 1 }], { first: 0.7, last: 0.7 }),
    ).toThrow(/position weights/);
  });
});

describe('time decay', () => {
  it('gives touches 0, 7, 14, 28 days before 55.17%, 27.59%, 13.79%, 3.45%', () => {
    // Weights 1, 1/2, 1/4, 1/16 over their sum 29/16: 16/29, 8/29, 4/29, 1/29.
    const result = timeDecayAttribution([HAND_BUILT]);
    const shares = credit(result);
    expect(shares.wechat).toBeCloseTo(16 / 29, 14);
    expect(shares.douyin).toBeCloseTo(8 / 29, 14);
    expect(shares.xiaohongshu).toBeCloseTo(4 / 29, 14);
    expect(shares.search).toBeCloseTo(1 / 29, 14);
    expect(
      [shares.wechat, shares.douyin, shares.xiaohongshu, shares.search].map((s) => (s! * 100).toFixed(2)),
    ).toEqual(['55.17', '27.59', '13.79', '3.45']);
    expect(valueCredit(result).wechat).toBeCloseTo((200 * 16) / 29, 12);
  });

  it('halves per half-life in continuous days and survives journeys far older than it', () => {
    const journey: Journey = {
      touches: [
        { channel: 'a', at: CONVERTED - 1.5 * DAY_MS },
        { channel: 'b', at: CONVERTED - 0.5 * DAY_MS },
      ],
      conversions: 1,
      convertedAt: CONVERTED,
    };
    // Half-life 1 day: a is one day older, so weighs half: 1/3 and 2/3.
    expect(credit(timeDecayAttribution([journey], { halfLifeDays: 1 }))).toEqual({
      a: expect.closeTo(1 / 3, 15),
      b: expect.closeTo(2 / 3, 15),
    });
    // 5,000 half-lives before the conversion, 2^−5000 underflows; the split must not.
    const ancient: Journey = {
      touches: [
        { channel: 'a', at: CONVERTED - 5001 * DAY_MS },
        { channel: 'b', at: CONVERTED - 5000 * DAY_MS },
      ],
      conversions: 1,
      convertedAt: CONVERTED,
    };
    expect(credit(timeDecayAttribution([ancient], { halfLifeDays: 1 }))).toEqual({
      a: expect.closeTo(1 / 3, 15),
      b: expect.closeTo(2 / 3, 15),
    });
  });

  it('needs conversion times and touches in order before them', () => {
    expect(() => timeDecayAttribution([{ ...HAND_BUILT, convertedAt: undefined }])).toThrow(/journeys/);
    expect(() => timeDecayAttribution([{ ...HAND_BUILT, convertedAt: CONVERTED - DAY_MS }])).toThrow(
      /journeys/,
    );
    expect(() =>
      timeDecayAttribution([{ ...HAND_BUILT, touches: [...HAND_BUILT.touches].reverse() }]),
    ).toThrow(/journeys/);
    expect(() => timeDecayAttribution([HAND_BUILT], { halfLifeDays: 0 })).toThrow(/half-life/);
  });

  it('counts non-converting journeys in the totals but gives them nothing', () => {
    const result = timeDecayAttribution([
      HAND_BUILT,
      { touches: [{ channel: 'mail', at: 0 }], conversions: 0 },
    ]);
    expect(result.totals).toEqual({ conversions: 1, value: 200, nulls: 1 });
    expect(credit(result).mail).toBe(0);
  });
});
