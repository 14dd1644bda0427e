import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { addDays, addMonths } from '../plan/dates.js';
import { positionInHistory, summarizeBaselines, type WindowValue } from './baselines.js';
import { english } from './messages.js';
import { rateAttainable } from './smart.js';
import { placeAmongWindows, sameLengthWindows } from './windows.js';

const catalog = buildCatalog();
const clicks = catalog.kpi('clicks');
const cpc = catalog.kpi('cpc');
const reach = catalog.kpi('reach');
const CAMPAIGN = { from: '2026-06-01', to: '2026-06-14' };
const at = (from: string, value: number | null, extra: Partial<WindowValue> = {}): WindowValue => ({
  from,
  to: addDays(from, 13),
  value,
  ...extra,
});

describe('windows of history as long as the period', () => {
  it('steps back by the period’s length from the day before it, within the look-back', () => {
    // Two months back from 1 June is 1 April; a fifth fortnight would start on 23 March.
    expect(sameLengthWindows(CAMPAIGN, { lookbackMonths: 2 })).toEqual([
      { from: '2026-04-06', to: '2026-04-19' },
      { from: '2026-04-20', to: '2026-05-03' },
      { from: '2026-05-04', to: '2026-05-17' },
      { from: '2026-05-18', to: '2026-05-31' },
    ]);
    expect(sameLengthWindows({ from: '2026-03-01', to: '2026-03-03' }, { maxWindows: 2 })).toEqual([
      { from: '2026-02-23', to: '2026-02-25' },
      { from: '2026-02-26', to: '2026-02-28' },
    ]);
  });

  it('matches every day of the look-back cut into chunks from the period back (brute force)', () => {
    for (const [from, length, months, most] of [
      ['2026-06-01', 14, 24, 26],
      ['2024-03-01', 7, 3, 100],
      ['2026-01-31', 30, 12, 100],
      ['2026-12-25', 1, 1, 10],
    ] as const) {
      const period = { from, to: addDays(from, length - 1) };
      const days: string[] = [];
      for (let day = addMonths(from, -months); day < from; day = addDays(day, 1)) days.push(day);
      const chunks: { from: string; to: string }[] = [];
      for (let end = days.length; end - length >= 0 && chunks.length < most; end -= length)
        chunks.unshift({ from: days[end - length]!, to: days[end - 1]! });
      expect(sameLengthWindows(period, { lookbackMonths: months, maxWindows: most })).toEqual(chunks);
    }
  });
});

describe('a value’s place among same-length windows', () => {
  it('compares an additive KPI with whole windows, leaving out those with data on under half their days', () => {
    const windows = [
      at('2026-04-06', 100, { activeDays: 14 }),
      at('2026-04-20', 150, { activeDays: 5 }),
      at('2026-05-04', 120, { activeDays: 14 }),
      at('2026-05-18', 80, { activeDays: 12 }),
    ];
    const place = placeAmongWindows(clicks, 130, windows);
    expect(place.compared.map((window) => window.value)).toEqual([100, 120, 80]);
    expect(place.partial).toBe(1);
    // 130 over the best whole fortnight's 120: +10 / 120 = +8.3%; above all three.
    expect(place.best?.window.from).toBe('2026-05-04');
    expect(place.best?.change).toBeCloseTo(10 / 120, 12);
    expect(place.percentile).toBe(100);
    expect(place.span).toEqual({ from: '2026-04-06', to: '2026-05-31' });
    expect(english(place.messages.best!)).toBe(
      'needs +8.3% over the best 14-day window on record (2026-05-04 … 2026-05-17)',
    );
    expect(english(place.messages.percentile!)).toBe(
      'beyond all 3 14-day windows on record (2026-04-06 … 2026-05-31)',
    );
    expect(place.messages.approximate).toBeUndefined();
  });

  it('judges a cost ratio by its low side and keeps level windows whatever their days with data', () => {
    const windows = [at('2026-04-20', 0.5), at('2026-05-04', 0.4, { activeDays: 2 }), at('2026-05-18', 0.45)];
    const place = placeAmongWindows(cpc, 0.42, windows);
    // Best is the lowest, 0.40: 0.42 is 5% above it, (0.40 − 0.42) / 0.42 = 4.8% worse.
    expect(place.best?.window.from).toBe('2026-05-04');
    expect(place.best?.change).toBeCloseTo(0.05, 12);
    expect(place.best?.improvement).toBeCloseTo(-0.02 / 0.42, 12);
    // One window of three below 0.42.
    expect(place.percentile).toBeCloseTo(100 / 3, 12);
    expect(english(place.messages.best!)).toBe(
      'within history: +5.0% vs the best 14-day window (2026-05-04 … 2026-05-17)',
    );
    expect(english(place.messages.percentile!)).toBe(
      'percentile 33 of 3 14-day windows on record (2026-04-20 … 2026-05-31)',
    );
  });

  it('says a reach added up over days is an upper bound', () => {
    const place = placeAmongWindows(reach, 5000, [at('2026-05-18', 4000, { flag: 'upper_bound' })]);
    expect(place.flags).toEqual(['upper_bound']);
    expect(english(place.messages.approximate!)).toBe(
      "reach over a window adds up days' distinct people here, so the windows are upper bounds",
    );
  });

  it('agrees with a brute-force ranking over random histories', () => {
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 200; trial++) {
      const kpi = next() < 0.5 ? clicks : cpc;
      const windows = sameLengthWindows(CAMPAIGN, { maxWindows: 1 + Math.floor(next() * 8) }).map(
        (window) => ({
          ...window,
          value: next() < 0.2 ? null : Math.round(next() * 20),
          activeDays: Math.floor(next() * 15),
        }),
      );
      const value = Math.round(next() * 20);
      const place = placeAmongWindows(kpi, value, windows);
      const kept = windows.filter(
        (window) => window.value !== null && (kpi.id === 'cpc' || window.activeDays * 2 >= 14),
      );
      expect(place.compared.length).toBe(kept.length);
      if (kept.length === 0) {
        expect(place.best).toBeNull();
        continue;
      }
      const sorted = kept.map((window) => window.value!).sort((a, b) => a - b);
      expect(place.best!.window.value).toBe(kpi.id === 'cpc' ? sorted[0] : sorted.at(-1));
      let score = 0;
      for (const other of sorted) score += other < value ? 1 : other === value ? 0.5 : 0;
      expect(place.percentile).toBeCloseTo((score / sorted.length) * 100, 9);
    }
  });
});

describe('A — a campaign window judged among windows of its length', () => {
  // 14-day clicks target of 1,500. Calendar months pro-rated to 14 days: March 3,100 / 31 × 14
  // = 1,400, April 3,000 / 30 × 14 = 1,400, May 2,790 / 31 × 14 = 1,260: +7.1% over the best
  // month, a pass. The fortnights themselves never passed 1,000: +50%, a stretch.
  const months: WindowValue[] = [
    { from: '2026-03-01', to: '2026-03-31', value: 3100 },
    { from: '2026-04-01', to: '2026-04-30', value: 3000 },
    { from: '2026-05-01', to: '2026-05-31', value: 2790 },
  ];
  const fortnights = [at('2026-04-20', 900), at('2026-05-04', 1000), at('2026-05-18', 950)];

  it('is a stretch against fortnights where months pro-rated said pass', () => {
    const summary = summarizeBaselines(clicks, CAMPAIGN, { months });
    const position = positionInHistory(clicks, 1500, summary);
    expect(rateAttainable(clicks, position).rating).toBe('pass');
    const rated = rateAttainable(clicks, position, undefined, placeAmongWindows(clicks, 1500, fortnights));
    expect(rated.rating).toBe('warn');
    expect(rated.reason).toBe(
      'a stretch: needs +50% over the best 14-day window on record (2026-05-04 … 2026-05-17), past +30%; ' +
        'beyond all 3 14-day windows on record (2026-04-20 … 2026-05-31)',
    );
  });

  it('is judged against the same dates last year first, and never against a trailing window of months', () => {
    const lastYear = { from: '2025-06-01', to: '2025-06-14', value: 1400 };
    const withLastYear = summarizeBaselines(clicks, CAMPAIGN, { months, lastYear });
    const rated = rateAttainable(
      clicks,
      positionInHistory(clicks, 1500, withLastYear),
      undefined,
      placeAmongWindows(clicks, 1500, fortnights),
    );
    // 1,500 / 1,400 − 1 = +7.1%: a pass, placed among the fortnights.
    expect(rated.rating).toBe('pass');
    expect(rated.reason).toBe(
      '+7.1% vs the same period last year; needs +50% over the best 14-day window on record ' +
        '(2026-05-04 … 2026-05-17); beyond all 3 14-day windows on record (2026-04-20 … 2026-05-31)',
    );
    // Three months' trailing clicks, 8,890 over 92 days × 14 = 1,352.8: not the period's length.
    const trailing = { from: '2026-03-01', to: '2026-05-31', value: 8890 };
    const withTrailing = summarizeBaselines(clicks, CAMPAIGN, { months, trailing });
    expect(positionInHistory(clicks, 1500, withTrailing).reference?.baseline.kind).toBe('trailing');
    expect(
      rateAttainable(
        clicks,
        positionInHistory(clicks, 1500, withTrailing),
        undefined,
        placeAmongWindows(clicks, 1500, fortnights),
      ).rating,
    ).toBe('warn');
  });
});
