import { describe, expect, it } from 'vitest';
import { compareAttributionModels } from './compare.js';
import {
  firstTouchAttribution,
  lastTouchAttribution,
  linearAttribution,
  positionBasedAttribution,
  timeDecayAttribution,
} from './heuristics.js';
import { DAY_MS, type Journey } from './journeys.js';
import { markovAttribution } from './markov.js';
import { sayAttribution } from './messages.js';
import type { PathRow } from './paths.js';
import { shapleyAttribution } from './shapley.js';

/** xiaohongshu starts journeys that search finishes; wechat converts alone. */
const ROWS: PathRow[] = [
  { path: 'xiaohongshu>search', conversions: 20, value: 2000 },
  { path: 'xiaohongshu', conversions: 0, nulls: 30 },
  { path: 'wechat', conversions: 80, value: 4000, nulls: 20 },
  { path: 'search', conversions: 0, nulls: 50 },
];

describe('models side by side', () => {
  it('puts each model’s credit in its column, with Markov’s removal effect', () => {
    const comparison = compareAttributionModels({ paths: ROWS });
    expect(comparison.models).toEqual([
      'first_touch',
      'last_touch',
      'last_non_direct',
      'linear',
      'position',
      'markov',
      'shapley',
    ]);
    expect(comparison.total).toBe(100);
    const row = comparison.rows.find((entry) => entry.channel === 'xiaohongshu')!;
    const credit = (result: { credits: { channel: string; conversions: number }[] }) =>
      result.credits.find((entry) => entry.channel === 'xiaohongshu')!.conversions;
    expect(row.first_touch).toBe(credit(firstTouchAttribution(ROWS)));
    expect(row.last_touch).toBe(credit(lastTouchAttribution(ROWS)));
    expect(row.linear).toBe(credit(linearAttribution(ROWS)));
    expect(row.position).toBe(credit(positionBasedAttribution(ROWS)));
    expect(row.markov).toBe(credit(markovAttribution(ROWS)));
    expect(row.shapley).toBe(credit(shapleyAttribution(ROWS)));
    expect(row.time_decay).toBeNull();
    expect(row.first_touch).toBe(20);
    expect(row.last_touch).toBe(0);
    // Order 1 forgets that search converted only after xiaohongshu: without xiaohongshu, P falls
    // from 1/2 to 0.4 (wechat) + 1/4 · 2/7 (search alone) = 33/70, a loss of 2/35.
    expect(row.removal_effect).toBeCloseTo(2 / 35, 14);
  });

  it('flags the channel models disagree on and says why, in English and Chinese', () => {
    const comparison = compareAttributionModels({ paths: ROWS });
    const opener = comparison.rows.find((entry) => entry.channel === 'xiaohongshu')!;
    expect(opener.spread.low).toEqual({ model: 'last_touch', share: 0 });
    expect(opener.spread.high).toEqual({ model: 'first_touch', share: 0.2 });
    expect(opener.spread.ratio).toBeNull();
    expect(opener.disagreement?.key).toBe('attribution.disagreement.opens');
    expect(sayAttribution(opener.disagreement!, 'en')).toBe(
      'last touch gives Xiaohongshu 0%, first touch 20%: it opens journeys that others close',
    );
    expect(sayAttribution(opener.disagreement!, 'zh')).toBe(
      '末次触点给 小红书 0%，首次触点给 20%：它开启的旅程多由其他渠道收尾',
    );
    const closer = comparison.rows.find((entry) => entry.channel === 'search')!;
    expect(closer.disagreement?.key).toBe('attribution.disagreement.closes');
    // wechat gets 80 from every model but Markov, whose removal effects 0.8, 0.2 and 2/35 give it
    // 0.8 / (37/35) of 100: a ratio of 37/35, far below 2.
    const steady = comparison.rows.find((entry) => entry.channel === 'wechat')!;
    expect(steady.spread.ratio).toBeCloseTo(37 / 35, 12);
    expect(steady.disagreement).toBeNull();
  });

  it('uses the factor and the smallest share it is given', () => {
    // xiaohongshu and search get between 0% (last or first touch) and 20% from the models:
    // a factor of 1000 still flags a 0, a minShare above 20% flags nothing.
    const strict = compareAttributionModels({ paths: ROWS }, { minShare: 0.25 });
    expect(strict.rows.every((row) => row.disagreement === null)).toBe(true);
    const loose = compareAttributionModels({ paths: ROWS }, { factor: 1000 });
    expect(loose.rows.filter((row) => row.disagreement).map((row) => row.channel)).toEqual([
      'search',
      'xiaohongshu',
    ]);
    expect(() => compareAttributionModels({ paths: ROWS }, { factor: 1 })).toThrow(/factor/);
  });

  it('flags a ratio past the factor between two non-zero shares, with a sentence for the middle', () => {
    // b sits in the middle of a>b>c: first and last touch give it nothing, linear a third.
    const rows: PathRow[] = [
      { path: 'a>b>c', conversions: 30 },
      { path: 'b', conversions: 1 },
      { path: 'a', conversions: 35 },
      { path: 'c', conversions: 34 },
    ];
    const comparison = compareAttributionModels({ paths: rows });
    const middle = comparison.rows.find((row) => row.channel === 'b')!;
    expect(middle.first_touch).toBe(1);
    expect(middle.linear).toBeCloseTo(11, 12);
    expect(middle.spread.ratio).toBeGreaterThan(2);
    expect(middle.disagreement?.key).toBe('attribution.disagreement.middle');
    expect(sayAttribution(middle.disagreement!, 'en')).toMatch(
      /^first touch gives b 1%, (linear|Markov|Shapley) \d+%: it works in the middle of journeys/,
    );
  });

  it('fills time decay from journeys and compares value when asked', () => {
    const at = Date.UTC(2026, 3, 1);
    const journeys: Journey[] = [
      {
        touches: [
          { channel: 'a', at: at - 7 * DAY_MS },
          { channel: 'b', at },
        ],
        conversions: 1,
        value: 90,
        convertedAt: at,
      },
      { touches: [{ channel: 'a', at }], conversions: 0 },
    ];
    const comparison = compareAttributionModels({ journeys }, { measure: 'value' });
    expect(comparison.models).toContain('time_decay');
    expect(comparison.total).toBe(90);
    const expected = timeDecayAttribution(journeys).credits;
    expect(comparison.rows.map((row) => row.time_decay)).toEqual(expected.map((credit) => credit.value));
    expect(comparison.rows.map((row) => row.time_decay)).toEqual([30, 60]);
    expect(comparison.rows.map((row) => row.first_touch)).toEqual([90, 0]);
  });
});
