import { describe, expect, it } from 'vitest';
import { eventOccurrences } from '../periods/windows.js';
import {
  baselineLabel,
  baselineWindows,
  eventLastYear,
  findBaseline,
  parseBenchmarks,
  positionInHistory,
  suggestFromBaselines,
  summarizeBaselines,
  type WindowValue,
} from './baselines.js';
import { historyMonths, previousPeriod, samePeriodLastYear } from './periods.js';
import type { KpiTraits } from './traits.js';

const impressions: KpiTraits = { id: 'impressions', unit: 'count', direction: 'up', aggregation: 'additive' };
const ctr: KpiTraits = { id: 'ctr', unit: 'percent', direction: 'up', aggregation: 'ratio' };
const cpl: KpiTraits = { id: 'cpl', unit: 'currency', direction: 'down', aggregation: 'ratio' };
const JUNE = { from: '2026-06-01', to: '2026-06-30' };

const month = (from: string, to: string, value: number | null): WindowValue => ({ from, to, value });

describe('an event’s baseline last year', () => {
  // Chinese New Year's sale follows the lunar calendar: 2025-01-22 … 2025-02-04 and
  // 2026-02-10 … 2026-02-23. A target on the 2026 sale's days is compared with the 2025 sale's.
  const events = eventOccurrences([
    { name: '年货节 2025', from: '2025-01-22', to: '2025-02-04', weight: 2 },
    { name: '年货节 2026', from: '2026-02-10', to: '2026-02-23', weight: 2 },
    { name: '618 2025', from: '2025-06-18', weight: 5 },
  ]);
  const SALE_2026 = { from: '2026-02-10', to: '2026-02-23' };

  it('reads the same event’s own dates a year earlier, not the same calendar days', () => {
    expect(eventLastYear(SALE_2026, events)?.period).toEqual({ from: '2025-01-22', to: '2025-02-04' });
    expect(baselineWindows(SALE_2026, { events })).toMatchObject({
      lastYear: { from: '2025-01-22', to: '2025-02-04' },
      lastYearEvent: '年货节 2025',
    });
    // Without the calendar, or for days that are not the event's: the same calendar days.
    expect(baselineWindows(SALE_2026).lastYear).toEqual({ from: '2025-02-10', to: '2025-02-23' });
    const partOfIt = { from: '2026-02-10', to: '2026-02-16' };
    expect(baselineWindows(partOfIt, { events }).lastYear).toEqual({ from: '2025-02-10', to: '2025-02-16' });
    // An event with no occurrence the year before keeps the same days.
    expect(eventLastYear({ from: '2025-01-22', to: '2025-02-04' }, events)).toBeUndefined();
  });

  it('labels it as the event, in words a client can say again', () => {
    // 14 days each: 2,800 over the 2025 sale is 2,800 for the 2026 one, no pro-rating.
    const summary = summarizeBaselines(impressions, SALE_2026, {
      lastYear: { from: '2025-01-22', to: '2025-02-04', value: 2800 },
      lastYearEvent: '年货节 2025',
      months: [],
    });
    const lastYear = findBaseline(summary, 'same_period_last_year')!;
    expect(lastYear).toMatchObject({ label: 'same event last year (年货节 2025)', comparable: 2800 });
    expect(baselineLabel(lastYear)).toEqual({
      key: 'baseline.name.same_event_last_year',
      params: { event: '年货节 2025' },
    });
  });
});

describe('baseline windows', () => {
  it('uses whole months for a whole-month period and equal days otherwise', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-06-30' })).toEqual({
      from: '2025-07-01',
      to: '2025-12-31',
    });
    expect(previousPeriod({ from: '2026-05-20', to: '2026-06-20' })).toEqual({
      from: '2026-04-18',
      to: '2026-05-19',
    });
  });

  it('moves the same period back a year, keeping month ends at month ends', () => {
    expect(samePeriodLastYear({ from: '2026-05-20', to: '2026-06-20' })).toEqual({
      from: '2025-05-20',
      to: '2025-06-20',
    });
    expect(samePeriodLastYear({ from: '2028-02-01', to: '2028-02-29' })).toEqual({
      from: '2027-02-01',
      to: '2027-02-28',
    });
    expect(samePeriodLastYear({ from: '2027-02-01', to: '2027-02-28' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('takes trailing months and whole months of history before the period', () => {
    const windows = baselineWindows({ from: '2026-05-20', to: '2026-06-20' }, { historyMonths: 3 });
    expect(windows.trailing).toEqual({ from: '2026-02-20', to: '2026-05-19' });
    // May 2026 is cut by the period's start, so history ends with April.
    expect(windows.months).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-30' },
    ]);
    expect(historyMonths(JUNE, 1)).toEqual([{ from: '2026-05-01', to: '2026-05-31' }]);
  });
});

describe('baselines of an additive KPI', () => {
  // Three months of history: 3,100 in March (31 days), 6,000 in April (30), 4,650 in May (31);
  // June last year 5,000. Pro-rated to June's 30 days: 3,000 · 6,000 · 4,500.
  const summary = summarizeBaselines(impressions, JUNE, {
    lastYear: month('2025-06-01', '2025-06-30', 5000),
    previous: month('2026-05-01', '2026-05-31', 4650),
    trailing: month('2026-03-01', '2026-05-31', 13_750),
    months: [
      month('2026-03-01', '2026-03-31', 3100),
      month('2026-04-01', '2026-04-30', 6000),
      month('2026-05-01', '2026-05-31', 4650),
    ],
  });

  it('pro-rates every window to the period’s days', () => {
    expect(summary.footing).toBe('per_day');
    expect(findBaseline(summary, 'same_period_last_year')?.comparable).toBe(5000);
    expect(findBaseline(summary, 'previous_period')?.comparable).toBe(4500);
    // 13,750 over 92 days × 30
    expect(findBaseline(summary, 'trailing')?.comparable).toBeCloseTo((13_750 / 92) * 30, 9);
    expect(findBaseline(summary, 'trailing')?.label).toBe('last 3 months (pro-rated to 30 days)');
    expect(findBaseline(summary, 'best_month')).toMatchObject({
      value: 6000,
      comparable: 6000,
      from: '2026-04-01',
    });
    expect(findBaseline(summary, 'median_month')).toMatchObject({ value: 4650, comparable: 4500 });
    expect(findBaseline(summary, 'worst_month')).toMatchObject({ value: 3100, comparable: 3000 });
  });

  it('pro-rates by the days with data when known, and leaves out months with data on under half their days', () => {
    // A 10-day campaign; last June the campaign ran 20 of 30 days and earned 2,000: 100 a day → 1,000.
    // Last May it ran 8 of 31 days: partial, shown in history but not ranked.
    const campaign = summarizeBaselines(
      impressions,
      { from: '2026-06-01', to: '2026-06-10' },
      {
        months: [
          { from: '2025-05-01', to: '2025-05-31', value: 5000, activeDays: 8 },
          { from: '2025-06-01', to: '2025-06-30', value: 2000, activeDays: 20 },
        ],
      },
    );
    expect(findBaseline(campaign, 'best_month')).toMatchObject({
      comparable: 1000,
      label: 'best month (2025-06, 20 active days pro-rated to 10)',
    });
    expect(campaign.history).toEqual([
      { month: '2025-05', value: 5000, comparable: null, partial: true },
      { month: '2025-06', value: 2000, comparable: 1000 },
    ]);
    expect(campaign.notes).toContain(
      'left out, data on too few days to compare: month 2025-05-01 … 2025-05-31 (data on 8 of 31 days)',
    );
  });

  it('places a target: +85% over the best month, above every month', () => {
    const position = positionInHistory(impressions, 11_100, summary);
    expect(position.best?.change).toBeCloseTo(0.85, 12); // 11,100 / 6,000 − 1
    expect(position.percentile).toBe(100);
    expect(position.reference?.baseline.kind).toBe('same_period_last_year');
    expect(position.reference?.improvement).toBeCloseTo(1.22, 12); // 11,100 / 5,000 − 1
    expect(position.summary).toBe(
      'needs +85% over the best month on record (2026-04); +122% vs the same period last year; beyond all 3 months on record',
    );
  });

  it('puts a middling target at its percentile (ties count half)', () => {
    // 4,500 equals May's comparable, above March's: (1 + 0.5) / 3
    expect(positionInHistory(impressions, 4500, summary).percentile).toBeCloseTo(50, 12);
    expect(positionInHistory(impressions, 4500, summary).summary).toContain(
      'within history: −25% vs the best month (2026-04)',
    );
  });

  it('suggests last year +10% by default, with its place in history', () => {
    const suggestion = suggestFromBaselines(impressions, summary)!;
    expect(suggestion.value).toBe(5500);
    expect(suggestion.basis.kind).toBe('same_period_last_year');
    expect(suggestion.position.percentile).toBeCloseTo((2 / 3) * 100, 9); // above 3,000 and 4,500, below 6,000
    expect(suggestion.reason).toContain('same period last year 5,000 +10% better → 5,500');
  });

  it('suggests from another basis and growth', () => {
    expect(suggestFromBaselines(impressions, summary, { basis: 'best_month', growth: 0 })!.value).toBe(6000);
    expect(suggestFromBaselines(impressions, summary, { basis: 'median_month', growth: 0.2 })!.value).toBe(
      5400,
    );
    expect(suggestFromBaselines(impressions, summary, { basis: 'benchmark' })).toBeNull();
  });
});

describe('baselines of ratio and cost KPIs', () => {
  it('keeps ratio levels as the engine computed them (ratios of sums over each window)', () => {
    const summary = summarizeBaselines(ctr, JUNE, {
      trailing: month('2026-03-01', '2026-05-31', 0.02),
      months: [
        month('2026-03-01', '2026-03-31', 0.01),
        month('2026-04-01', '2026-04-30', 0.03),
        month('2026-05-01', '2026-05-31', 0.02),
      ],
      benchmarks: [
        { kpi: 'ctr', segment: 'douyin', value: 0.018, source: 'agency report 2025' },
        { kpi: 'cpc', segment: 'all', value: 2, source: 'elsewhere' },
      ],
    });
    expect(summary.footing).toBe('level');
    expect(findBaseline(summary, 'trailing')).toMatchObject({
      value: 0.02,
      comparable: 0.02,
      label: 'last 3 months',
    });
    expect(findBaseline(summary, 'benchmark')).toMatchObject({
      comparable: 0.018,
      label: 'benchmark (douyin): agency report 2025',
    });
    expect(summary.baselines.filter((baseline) => baseline.kind === 'benchmark')).toHaveLength(1);
    // 0.025 is above 0.01 and 0.02 of three months
    expect(positionInHistory(ctr, 0.025, summary).percentile).toBeCloseTo(66.667, 3);
    // no last year or previous: trailing is the reference
    expect(positionInHistory(ctr, 0.025, summary).reference?.improvement).toBeCloseTo(0.25, 12);
  });

  it('reads the best month of a cost KPI as its lowest and improvement as a cut', () => {
    const summary = summarizeBaselines(cpl, JUNE, {
      lastYear: month('2025-06-01', '2025-06-30', 50),
      months: [
        month('2026-03-01', '2026-03-31', 50),
        month('2026-04-01', '2026-04-30', 40),
        month('2026-05-01', '2026-05-31', 45),
      ],
    });
    expect(findBaseline(summary, 'best_month')?.value).toBe(40);
    expect(findBaseline(summary, 'worst_month')?.value).toBe(50);
    const position = positionInHistory(cpl, 36, summary);
    expect(position.best?.change).toBeCloseTo(-0.1, 12); // 36 / 40 − 1
    expect(position.best?.improvement).toBeCloseTo(40 / 36 - 1, 12);
    expect(position.summary).toContain('needs −10% under the best month on record (2026-04)');
    expect(position.summary).toContain('beyond all 3 months on record');
    // 10% better than 50 is 50 / 1.1 = 45.45
    expect(suggestFromBaselines(cpl, summary)!.value).toBe(45.45);
  });

  it('has no history to place a target in when nothing has data', () => {
    const summary = summarizeBaselines(ctr, JUNE, { months: [month('2026-05-01', '2026-05-31', null)] });
    expect(summary.baselines).toEqual([]);
    expect(summary.notes).toContain('no whole month of history has data for this KPI and scope');
    expect(positionInHistory(ctr, 0.02, summary).summary).toBe('no history to place it in');
    expect(suggestFromBaselines(ctr, summary)).toBeNull();
  });
});

describe('benchmarks', () => {
  it('validates imported rows and reports every problem with its row', () => {
    expect(parseBenchmarks([{ kpi: 'ctr', value: 0.02, source: 'report' }])).toEqual([
      { kpi: 'ctr', segment: 'all', value: 0.02, source: 'report' },
    ]);
    expect(() =>
      parseBenchmarks([
        { kpi: 'ctr', value: 'x', source: 'a' },
        { kpi: 'CTR', value: 1 },
      ]),
    ).toThrow(/3 problem/);
  });
});
