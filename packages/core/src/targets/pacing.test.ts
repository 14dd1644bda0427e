import { describe, expect, it } from 'vitest';
import { buildBreakdown } from './breakdown.js';
import { english } from './messages.js';
import { computePace, ragStatus } from './pacing.js';
import { linearFit, normalCdf, normalQuantile, percentileRank } from './stats.js';
import type { KpiTraits } from './traits.js';

const impressions: KpiTraits = { id: 'impressions', unit: 'count', direction: 'up', aggregation: 'additive' };
const cpl: KpiTraits = { id: 'cpl', unit: 'currency', direction: 'down', aggregation: 'ratio' };
const followers: KpiTraits = {
  id: 'followers_total',
  unit: 'count',
  direction: 'up',
  aggregation: 'snapshot',
};
const spend: KpiTraits = { id: 'spend', unit: 'currency', direction: 'context', aggregation: 'additive' };
const TEN_DAYS = { from: '2026-01-01', to: '2026-01-10' };

const days = (values: number[], from = 1) =>
  values.map((value, index) => ({ date: `2026-01-${String(from + index).padStart(2, '0')}`, value }));

describe('statistics', () => {
  it('has a normal CDF and quantile good to well below any decision', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 5);
  });

  it('fits a line and ranks values', () => {
    const fit = linearFit([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
    ]);
    expect(fit).toMatchObject({ intercept: 1, slope: 2, residualSd: 0, n: 3, meanX: 1, sxx: 2 });
    expect(percentileRank(2, [1, 2, 3, 4])).toBe(37.5);
    expect(percentileRank(1, [])).toBeNull();
  });
});

describe('pacing an additive target', () => {
  const breakdown = buildBreakdown({ kpi: impressions, value: 1000, period: TEN_DAYS, mode: 'even' });

  it('is green on plan, projects the run rate and has even odds of the target', () => {
    // 400 after 4 of 10 even days, target to date 400. Run rate 400 / 0.4 of the weight = 1000 per
    // unit of weight → 400 + 1000 × 0.6 = 1000. Residuals −10, +10, 0, 0 on weights of 0.1:
    // σ² = (100/0.1 + 100/0.1) / 3 = 666.67; Var = 666.67 × (0.6 + 0.36 / 0.4) = 1000, sd 31.62.
    const pace = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 400,
      daily: days([90, 110, 100, 100]),
    });
    expect(pace).toMatchObject({
      status: 'green',
      elapsedDays: 4,
      totalDays: 10,
      targetToDate: 400,
      actualToDate: 400,
      index: 1,
    });
    expect(pace.elapsedShare).toBeCloseTo(0.4, 12);
    expect(pace.projection!.value).toBeCloseTo(1000, 9);
    expect(pace.projection!.sd).toBeCloseTo(Math.sqrt(1000), 9);
    // 80% interval: ± 1.281552 × 31.6228 = ± 40.53
    expect(pace.projection!.low).toBeCloseTo(959.47, 2);
    expect(pace.projection!.high).toBeCloseTo(1040.53, 2);
    expect(pace.probability).toBeCloseTo(0.5, 6); // the CDF is good to 1.5e-7
    expect(pace.projectedIndex).toBeCloseTo(1, 9);
    expect(pace.series[3]).toEqual({ date: '2026-01-04', target: 400, actual: 400, projected: null });
    expect(pace.series[9]!.projected).toBeCloseTo(1000, 9);
  });

  it('is amber at 90% of the to-date target with a slim chance of making it', () => {
    // 360 of 400 → 0.9. Run rate 900 → projection 360 + 540 = 900; same residuals → sd 31.62;
    // P(final ≥ 1000) = 1 − Φ(100 / 31.62) = 1 − Φ(3.162) = 0.00078
    const pace = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 360,
      daily: days([80, 100, 90, 90]),
    });
    expect(pace.status).toBe('amber');
    expect(pace.index).toBeCloseTo(0.9, 12);
    expect(pace.projection!.value).toBeCloseTo(900, 9);
    expect(pace.probability).toBeCloseTo(1 - normalCdf(100 / Math.sqrt(1000)), 9);
    expect(pace.probability).toBeCloseTo(0.00078, 5);
  });

  it('is red below 90%, and a steady series is certain of its projection', () => {
    const pace = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 320,
      daily: days([80, 80, 80, 80]),
    });
    expect(pace.status).toBe('red');
    expect(pace.projection).toMatchObject({ value: 800, sd: 0, low: 800, high: 800 });
    expect(pace.probability).toBe(0);
  });

  it('follows the recent trend when asked to', () => {
    // All days: 400 / 0.4 → 1000. Last two days: (120 + 140) / 0.2 = 1300 → 400 + 1300 × 0.6 = 1180.
    const series = days([60, 80, 120, 140]);
    expect(
      computePace({ kpi: impressions, breakdown, asOf: '2026-01-04', actualToDate: 400, daily: series })
        .projection!.value,
    ).toBeCloseTo(1000, 9);
    const recent = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 400,
      daily: series,
      runRateDays: 2,
    });
    expect(recent.projection!.value).toBeCloseTo(1180, 9);
    expect(recent.notes).toContain('run rate from the last 2 days');
  });

  it('projects with the seasonal weights still ahead', () => {
    // Weights 1, 1, 2, 4 (of 8): after two days at 100 each (plan 100 each) the big days are to come:
    // r = 200 / 0.25 = 800 → 200 + 800 × 0.75 = 800. Residuals ±20 on weight 0.125:
    // σ² = (400/0.125) × 2 / 1 = 6400; Var = 6400 × (0.75 + 0.75² / 0.25) = 19,200.
    const seasonal = buildBreakdown({
      kpi: impressions,
      value: 800,
      period: { from: '2026-01-01', to: '2026-01-04' },
      mode: 'seasonal',
      lastYearDaily: new Map([
        ['2026-01-01', 1],
        ['2026-01-02', 1],
        ['2026-01-03', 2],
        ['2026-01-04', 4],
      ]),
    });
    const pace = computePace({
      kpi: impressions,
      breakdown: seasonal,
      asOf: '2026-01-02',
      actualToDate: 200,
      daily: days([120, 80]),
    });
    expect(pace.targetToDate).toBe(200);
    expect(pace.elapsedShare).toBe(0.25);
    expect(pace.projection!.value).toBeCloseTo(800, 9);
    expect(pace.projection!.sd).toBeCloseTo(Math.sqrt(19_200), 9);
    expect(pace.probability).toBeCloseTo(0.5, 6); // the CDF is good to 1.5e-7
  });

  it('reports a finished period as final and a future one as not started', () => {
    const done = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-02-15',
      actualToDate: 1100,
      daily: days([110, 110, 110, 110, 110, 110, 110, 110, 110, 110]),
    });
    expect(done).toMatchObject({ asOf: '2026-01-10', status: 'green', targetToDate: 1000, probability: 1 });
    expect(done.projection).toMatchObject({ value: 1100, sd: 0 });
    expect(done.notes).toContain('the period is over: the projection is the final figure');
    const early = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2025-12-20',
      actualToDate: null,
      daily: [],
    });
    expect(early).toMatchObject({ status: 'not_started', projection: null, probability: null });
    const empty = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: null,
      daily: [],
    });
    expect(empty.status).toBe('no_data');
  });
});

describe('pacing a cost KPI (lower is better)', () => {
  it('is green under target and gives the chance of staying under it', () => {
    const breakdown = buildBreakdown({ kpi: cpl, value: 50, period: TEN_DAYS, mode: 'even' });
    // CPL so far 45 against 50: index 50 / 45 = 1.11. Daily 40, 50, 45, 45: σ² = 50 / 3;
    // sd = 0.6 × √(16.67 × (1/6 + 1/4)) = 1.5811; P(final ≤ 50) = Φ(5 / 1.5811) = Φ(3.162).
    const pace = computePace({
      kpi: cpl,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 45,
      daily: days([40, 50, 45, 45]),
    });
    expect(pace.status).toBe('green');
    expect(pace.index).toBeCloseTo(50 / 45, 12);
    expect(pace.projection!.value).toBe(45);
    expect(pace.projection!.sd).toBeCloseTo(0.6 * Math.sqrt((50 / 3) * (1 / 6 + 1 / 4)), 12);
    expect(pace.probability).toBeCloseTo(normalCdf(5 / pace.projection!.sd!), 12);
    expect(pace.probability).toBeGreaterThan(0.999);
    const over = computePace({
      kpi: cpl,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 60,
      daily: days([60, 60, 60, 60]),
    });
    expect(over.status).toBe('red'); // 50 / 60 = 0.83
    expect(over.probability).toBe(0);
  });
});

describe('pacing a snapshot KPI', () => {
  it('compares the level with the path and extends a fitted line to the last day', () => {
    const breakdown = buildBreakdown({
      kpi: followers,
      value: 1300,
      startLevel: 1000,
      period: TEN_DAYS,
      mode: 'even',
    });
    // Levels on days 0–4: 1020, 1060, 1070, 1110, 1140 → slope 29, intercept 1022; day 9: 1283.
    // Residuals −2, 9, −10, 1, 2: s² = 190 / 3; sd = s × √(1 + 1/5 + 49/10) = 19.655.
    const pace = computePace({
      kpi: followers,
      breakdown,
      asOf: '2026-01-05',
      actualToDate: 1140,
      daily: days([1020, 1060, 1070, 1110, 1140]),
    });
    expect(pace.targetToDate).toBe(1150); // 1000 + 300 × 5/10
    expect(pace.index).toBeCloseTo(1140 / 1150, 12);
    expect(pace.status).toBe('amber');
    expect(pace.projection!.value).toBeCloseTo(1283, 9);
    const sd = Math.sqrt(190 / 3) * Math.sqrt(6.1);
    expect(pace.projection!.sd).toBeCloseTo(sd, 9);
    expect(pace.probability).toBeCloseTo(1 - normalCdf(17 / sd), 9);
    expect(pace.probability).toBeCloseTo(0.1936, 3);
  });
});

describe('RAG bands', () => {
  it('uses 90% and 100% by default and takes others', () => {
    expect(ragStatus('up', 0.89)).toBe('red');
    expect(ragStatus('up', 0.9)).toBe('amber');
    expect(ragStatus('up', 1)).toBe('green');
    expect(ragStatus('down', 0.95, { red: 0.8, green: 0.95 })).toBe('green');
    expect(ragStatus('down', 0.85, { red: 0.8, green: 0.95 })).toBe('amber');
  });

  it('colours a context KPI (a budget) by how close it is, either way', () => {
    const breakdown = buildBreakdown({ kpi: spend, value: 1000, period: TEN_DAYS, mode: 'even' });
    const at = (actual: number) =>
      computePace({
        kpi: spend,
        breakdown,
        asOf: '2026-01-04',
        actualToDate: actual,
        daily: days([actual / 4, actual / 4, actual / 4, actual / 4]),
      });
    expect(at(430).status).toBe('green'); // 7.5% over plan
    expect(at(370).status).toBe('green'); // 7.5% under
    expect(at(460).status).toBe('amber'); // 15% over
    expect(at(520).status).toBe('red'); // 30% over
    expect(at(430).index).toBeCloseTo(1.075, 12);
  });

  it('refuses bands where red is above green', () => {
    const breakdown = buildBreakdown({ kpi: impressions, value: 10, period: TEN_DAYS, mode: 'even' });
    expect(() =>
      computePace({
        kpi: impressions,
        breakdown,
        asOf: '2026-01-02',
        actualToDate: 1,
        daily: [],
        bands: { red: 1, green: 0.9 },
      }),
    ).toThrow(/red ≤ green/);
  });
});

describe('pacing notes as messages', () => {
  const breakdown = buildBreakdown({ kpi: impressions, value: 1000, period: TEN_DAYS, mode: 'even' });
  const noted = (pace: ReturnType<typeof computePace>) => {
    expect(pace.noteMessages.map(english)).toEqual(pace.notes);
    return pace.noteMessages;
  };

  it('says each note with its key and parameters, and the same English', () => {
    const recent = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: 400,
      daily: days([60, 80, 120, 140]),
      runRateDays: 2,
    });
    expect(recent.notes).toEqual(['run rate from the last 2 days']);
    expect(noted(recent)).toEqual([{ key: 'pace.run_rate_days', params: { days: 2 } }]);

    const done = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-02-15',
      actualToDate: 1100,
      daily: days([110, 110, 110, 110, 110, 110, 110, 110, 110, 110]),
    });
    expect(done.notes).toEqual([
      'the period is over: the projection is the final figure',
      'the period is over and the target was met',
      "as of the period's last day 2026-01-10",
    ]);
    expect(noted(done)).toEqual([
      { key: 'pace.period_over', params: {} },
      { key: 'pace.met', params: {} },
      { key: 'pace.as_of_last_day', params: { day: '2026-01-10' } },
    ]);

    const early = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2025-12-20',
      actualToDate: null,
      daily: [],
    });
    expect(early.notes).toEqual(['the period starts 2026-01-01']);
    expect(noted(early)).toEqual([{ key: 'pace.not_started', params: { day: '2026-01-01' } }]);

    const empty = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-04',
      actualToDate: null,
      daily: [],
    });
    expect(empty.notes).toEqual(['no impressions data for this scope from 2026-01-01 to 2026-01-04']);
    expect(noted(empty)).toEqual([
      { key: 'pace.no_data', params: { kpi: 'impressions', from: '2026-01-01', to: '2026-01-04' } },
    ]);

    const levels = computePace({
      kpi: followers,
      breakdown: buildBreakdown({
        kpi: followers,
        value: 1300,
        startLevel: 1000,
        period: TEN_DAYS,
        mode: 'even',
      }),
      asOf: '2026-01-02',
      actualToDate: 1020,
      daily: days([1010, 1020]),
    });
    expect(levels.notes).toEqual(['fewer than 3 days of levels: the level so far is the projection']);
    expect(noted(levels)).toEqual([{ key: 'pace.few_levels', params: {} }]);

    // Nothing was planned for the days so far (last year had none on them).
    const backLoaded = computePace({
      kpi: impressions,
      breakdown: buildBreakdown({
        kpi: impressions,
        value: 800,
        period: { from: '2026-01-01', to: '2026-01-04' },
        mode: 'seasonal',
        lastYearDaily: new Map([
          ['2026-01-01', 0],
          ['2026-01-02', 0],
          ['2026-01-03', 2],
          ['2026-01-04', 4],
        ]),
      }),
      asOf: '2026-01-02',
      actualToDate: 50,
      daily: days([20, 30]),
    });
    expect(backLoaded.notes).toEqual(['no planned weight behind us yet: no run rate']);
    expect(noted(backLoaded)).toEqual([{ key: 'pace.no_planned_weight', params: {} }]);
  });
});

describe('a target whose period has ended', () => {
  const breakdown = buildBreakdown({ kpi: impressions, value: 1000, period: TEN_DAYS, mode: 'even' });

  it('is met or missed on its final figure, never amber', () => {
    // 95 a day for 10 days = 950 of 1000: index 0.95 would be amber while running; ended, it missed.
    const short = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-10',
      actualToDate: 950,
      daily: days(Array.from({ length: 10 }, () => 95)),
    });
    expect(short).toMatchObject({ status: 'red', outcome: 'missed', index: 0.95 });
    expect(short.projection!.value).toBe(950);
    expect(short.noteMessages.map((note) => note.key)).toContain('pace.missed');

    const running = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-09',
      actualToDate: 855,
      daily: days(Array.from({ length: 9 }, () => 95)),
    });
    // 855 / 900 = 0.95: amber, and no outcome while a day is left.
    expect(running).toMatchObject({ status: 'amber', outcome: null });

    const exact = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-10',
      actualToDate: 1000,
      daily: days(Array.from({ length: 10 }, () => 100)),
    });
    expect(exact).toMatchObject({ status: 'green', outcome: 'met' });
  });

  it('is judged on the projection to its end when the data stops before it', () => {
    // Data through day 8 (100 a day), judged on 20 January: 800 + 100 × 2 remaining = 1000, met.
    const late = computePace({
      kpi: impressions,
      breakdown,
      asOf: '2026-01-08',
      actualToDate: 800,
      daily: days(Array.from({ length: 8 }, () => 100)),
      today: '2026-01-20',
    });
    expect(late).toMatchObject({ status: 'green', outcome: 'met' });
    expect(late.projection!.value).toBeCloseTo(1000, 9);
    expect(late.noteMessages).toContainEqual({
      key: 'pace.ended_early',
      params: { day: '2026-01-10', through: '2026-01-08' },
    });
    expect(late.notes).toContain(
      'the period ended 2026-01-10 but the data stops 2026-01-08: judged on the projection to its end',
    );
  });

  it('reads a budget (context KPI) as met within the green tolerance either way', () => {
    const budget = buildBreakdown({ kpi: spend, value: 1000, period: TEN_DAYS, mode: 'even' });
    const outcomeOf = (final: number) =>
      computePace({
        kpi: spend,
        breakdown: budget,
        asOf: '2026-01-10',
        actualToDate: final,
        daily: days(Array.from({ length: 10 }, () => final / 10)),
      });
    // Bands red 0.9: within 10% of 1000 is met (1,080 and 920); 1,150 and 850 missed.
    expect([1080, 920, 1150, 850].map((final) => outcomeOf(final).outcome)).toEqual([
      'met',
      'met',
      'missed',
      'missed',
    ]);
    expect(outcomeOf(1150).status).toBe('red');
  });
});

describe('pacing a ratio plots the cumulative ratio it is judged by', () => {
  // CPL = spend / leads. Days: 100 / 10 (10), 300 / 10 (30), 100 / 20 (5).
  const raw = [
    { date: '2026-01-01', spend: 100, leads: 10 },
    { date: '2026-01-02', spend: 300, leads: 10 },
    { date: '2026-01-03', spend: 100, leads: 20 },
  ];
  // By hand: 100/10 = 10; 400/20 = 20; 500/40 = 12.5.
  const byHand = [10, 20, 12.5];
  // Independently: the ratio of running sums, brute force over each prefix.
  const prefixRatio = raw.map((_, index) => {
    const prefix = raw.slice(0, index + 1);
    return prefix.reduce((sum, day) => sum + day.spend, 0) / prefix.reduce((sum, day) => sum + day.leads, 0);
  });
  const breakdown = buildBreakdown({ kpi: cpl, value: 15, period: TEN_DAYS, mode: 'even' });

  it('takes the to-date ratio per day for the chart, ending on the value judged', () => {
    expect(prefixRatio).toEqual(byHand);
    const pace = computePace({
      kpi: cpl,
      breakdown,
      asOf: '2026-01-03',
      actualToDate: 12.5,
      daily: raw.map((day) => ({ date: day.date, value: day.spend / day.leads })),
      cumulative: raw.map((day, index) => ({ date: day.date, value: prefixRatio[index]! })),
    });
    const plotted = pace.series.filter((point) => point.actual !== null).map((point) => point.actual);
    expect(plotted).toEqual(byHand);
    expect(plotted.at(-1)).toBe(pace.actualToDate);
    // The days' own ratios (10, 30, 5) would have drawn a line the target is not judged on.
    expect(plotted).not.toEqual([10, 30, 5]);
  });
});
