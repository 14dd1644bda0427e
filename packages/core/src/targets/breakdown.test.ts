import { describe, expect, it } from 'vitest';
import { type Breakdown, buildBreakdown, targetForWindow, targetToDate } from './breakdown.js';
import { retailEventCalendar } from './events.js';
import { toUnits } from './rounding.js';
import type { KpiTraits } from './traits.js';

const spend: KpiTraits = { id: 'spend', unit: 'currency', direction: 'context', aggregation: 'additive' };
const leads: KpiTraits = { id: 'leads', unit: 'count', direction: 'up', aggregation: 'additive' };
const ctr: KpiTraits = { id: 'ctr', unit: 'percent', direction: 'up', aggregation: 'ratio' };
const followers: KpiTraits = {
  id: 'followers_total',
  unit: 'count',
  direction: 'up',
  aggregation: 'snapshot',
};
const YEAR_2026 = { from: '2026-01-01', to: '2026-12-31' };

/** Every level adds up to the level above, exactly, in units of the precision. */
function expectExactSums(breakdown: Breakdown): void {
  const decimals = breakdown.precision!;
  const units = (values: number[]) => values.reduce((sum, value) => sum + toUnits(value, decimals), 0);
  expect(units(breakdown.quarters.map((part) => part.value))).toBe(toUnits(breakdown.value, decimals));
  for (const quarter of breakdown.quarters) {
    const months = breakdown.months.filter((month) => month.from >= quarter.from && month.to <= quarter.to);
    expect(units(months.map((month) => month.value))).toBe(toUnits(quarter.value, decimals));
  }
  for (const month of breakdown.months) {
    const days = breakdown.days.filter((day) => day.from >= month.from && day.to <= month.to);
    expect(units(days.map((day) => day.value))).toBe(toUnits(month.value, decimals));
  }
  expect(units(breakdown.days.map((day) => day.value))).toBe(toUnits(breakdown.value, decimals));
}

describe('even breakdown', () => {
  it('splits an annual currency target into quarters by days, to the cent', () => {
    const breakdown = buildBreakdown({ kpi: spend, value: 1_000_000, period: YEAR_2026, mode: 'even' });
    expect(breakdown.method).toBe('split');
    expect(breakdown.precision).toBe(2);
    // 1e8 cents × 90/365, 91/365, 92/365, 92/365 = 24,657,534.25 · 24,931,506.85 · 25,205,479.45 · 25,205,479.45
    // floors add to 99,999,998; the 2 cents left go to Q2 (.85) and Q3 (.45, earlier than Q4).
    expect(breakdown.quarters.map((part) => part.value)).toEqual([
      246_575.34, 249_315.07, 252_054.8, 252_054.79,
    ]);
    expect(breakdown.quarters.map((part) => part.cumulative)).toEqual([
      246_575.34, 495_890.41, 747_945.21, 1_000_000,
    ]);
    expect(breakdown.months).toHaveLength(12);
    expect(breakdown.days).toHaveLength(365);
    expectExactSums(breakdown);
  });

  it('spreads a small count so each month gets its share instead of January taking all', () => {
    const breakdown = buildBreakdown({ kpi: leads, value: 12, period: YEAR_2026, mode: 'even' });
    // Quarters: 12 × 90/365 = 2.96, 2.99, 3.02, 3.02 → floors 2, 2, 3, 3 and the 2 left go to Q2 and Q1.
    expect(breakdown.quarters.map((part) => part.value)).toEqual([3, 3, 3, 3]);
    // Q1 months: 3 × 31/90 = 1.03, 0.93, 1.03 → 1, 0, 1 and the 1 left goes to February.
    expect(breakdown.months.map((part) => part.value)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expectExactSums(breakdown);
  });

  it('clips quarters and months to a campaign period', () => {
    const breakdown = buildBreakdown({
      kpi: leads,
      value: 10,
      period: { from: '2026-01-30', to: '2026-02-02' },
      mode: 'even',
    });
    expect(breakdown.quarters).toEqual([
      { level: 'quarter', from: '2026-01-30', to: '2026-02-02', value: 10, cumulative: 10, share: 1 },
    ]);
    // 5 and 5 for the two months; inside January 2.5 + 2.5 → 3 + 2 (tie goes to the earlier day).
    expect(breakdown.months.map((part) => [part.from, part.to, part.value])).toEqual([
      ['2026-01-30', '2026-01-31', 5],
      ['2026-02-01', '2026-02-02', 5],
    ]);
    expect(breakdown.days.map((part) => part.value)).toEqual([3, 2, 3, 2]);
    expect(breakdown.days.map((part) => part.cumulative)).toEqual([3, 5, 8, 10]);
  });

  it('rounds the target itself to the precision and says so', () => {
    const breakdown = buildBreakdown({
      kpi: spend,
      value: 100.005,
      period: { from: '2026-01-01', to: '2026-01-03' },
      mode: 'even',
    });
    expect(breakdown.value).toBe(100.01);
    expect(breakdown.days.map((day) => day.value)).toEqual([33.34, 33.34, 33.33]);
    expect(breakdown.notes.join(' ')).toContain('rounded');
  });
});

describe('seasonal breakdown', () => {
  it('follows last year’s daily shape, largest remainders to the biggest fractions', () => {
    const lastYear = new Map([
      ['2026-01-01', 1],
      ['2026-01-02', 2],
      ['2026-01-03', 3],
      ['2026-01-04', 1],
    ]);
    const breakdown = buildBreakdown({
      kpi: leads,
      value: 100,
      period: { from: '2026-01-01', to: '2026-01-04' },
      mode: 'seasonal',
      lastYearDaily: lastYear,
    });
    // 100 × 1/7, 2/7, 3/7, 1/7 = 14.29, 28.57, 42.86, 14.29 → 14, 28, 42, 14 (98); +1 to day 3, +1 to day 2.
    expect(breakdown.days.map((day) => day.value)).toEqual([14, 29, 43, 14]);
    expect(breakdown.days.map((day) => day.share)).toEqual([1 / 7, 2 / 7, 3 / 7, 1 / 7]);
    expectExactSums(breakdown);
  });

  it('gives days without last-year data nothing, and falls back to even when there is no shape at all', () => {
    const partial = buildBreakdown({
      kpi: leads,
      value: 10,
      period: { from: '2026-01-01', to: '2026-01-02' },
      mode: 'seasonal',
      lastYearDaily: new Map([['2026-01-01', 5]]),
    });
    expect(partial.days.map((day) => day.value)).toEqual([10, 0]);
    expect(partial.notes.join(' ')).toContain('1 of 2 days had no data');
    const none = buildBreakdown({
      kpi: leads,
      value: 10,
      period: { from: '2026-01-01', to: '2026-01-02' },
      mode: 'seasonal',
      lastYearDaily: new Map(),
    });
    expect(none.days.map((day) => day.value)).toEqual([5, 5]);
    expect(none.notes.join(' ')).toContain('evenly');
  });

  it('reproduces an annual target exactly with an uneven year', () => {
    const shape = new Map<string, number>();
    let day = 0;
    for (const part of buildBreakdown({ kpi: leads, value: 0, period: YEAR_2026, mode: 'even' }).days) {
      day++;
      shape.set(part.from, 50 + ((day * 37) % 101) + (part.from.slice(5) === '11-11' ? 2000 : 0));
    }
    const breakdown = buildBreakdown({
      kpi: spend,
      value: 12_345_678.91,
      period: YEAR_2026,
      mode: 'seasonal',
      lastYearDaily: shape,
    });
    expectExactSums(breakdown);
    const double11 = breakdown.days.find((part) => part.from === '2026-11-11')!;
    const ordinary = breakdown.days.find((part) => part.from === '2026-11-12')!;
    expect(double11.value).toBeGreaterThan(10 * ordinary.value);
  });
});

describe('events breakdown', () => {
  it('weights 618 days by the retail calendar (presale 1.5, peak 5, ordinary 1)', () => {
    const breakdown = buildBreakdown({
      kpi: leads,
      value: 900,
      period: { from: '2026-06-16', to: '2026-06-19' },
      mode: 'events',
      calendar: retailEventCalendar([2026]),
    });
    // weights 1.5, 1.5, 5, 1 = 9 → 150, 150, 500, 100
    expect(breakdown.days.map((day) => day.value)).toEqual([150, 150, 500, 100]);
    expect(breakdown.days.map((day) => day.event ?? null)).toEqual([
      '618 presale 2026',
      '618 presale 2026',
      '618 2026',
      null,
    ]);
  });

  it('lets the strongest of overlapping events win and handles a launch day', () => {
    const calendar = {
      id: 'launch',
      name: 'Serum launch',
      events: [
        { name: 'seeding', from: '2026-03-01', to: '2026-03-04', weight: 2 },
        { name: 'launch day', from: '2026-03-03', weight: 4 },
      ],
    };
    const breakdown = buildBreakdown({
      kpi: spend,
      value: 1000,
      period: { from: '2026-03-01', to: '2026-03-05' },
      mode: 'events',
      calendar,
    });
    // weights 2, 2, 4, 2, 1 = 11 → cents 18181.82 ×3, 36363.64, 9090.91: floors add to 999.96 and the
    // 4 cents left go to the .91 and the three .82s, not to launch day's .64.
    expect(breakdown.days.map((day) => day.value)).toEqual([181.82, 181.82, 363.63, 181.82, 90.91]);
    expectExactSums(breakdown);
  });
});

describe('ratio and snapshot KPIs', () => {
  it('keeps a ratio target’s level in every part', () => {
    const breakdown = buildBreakdown({
      kpi: ctr,
      value: 0.025,
      period: { from: '2026-01-01', to: '2026-03-31' },
      mode: 'even',
    });
    expect(breakdown.method).toBe('level');
    expect(breakdown.precision).toBeNull();
    expect(
      new Set([...breakdown.quarters, ...breakdown.months, ...breakdown.days].map((part) => part.value)),
    ).toEqual(new Set([0.025]));
    expect(targetToDate(breakdown, '2026-02-10')).toBe(0.025);
  });

  it('gives snapshot KPIs the level to reach by each period end, interpolated from the start level', () => {
    const breakdown = buildBreakdown({
      kpi: followers,
      value: 1300,
      startLevel: 1000,
      period: { from: '2026-01-01', to: '2026-03-31' },
      mode: 'even',
    });
    expect(breakdown.method).toBe('end_of_period');
    // 1000 + 300 × 31/90 = 1103.33 → 1103; 1000 + 300 × 59/90 = 1196.67 → 1197; March ends on the target.
    expect(breakdown.months.map((part) => part.value)).toEqual([1103, 1197, 1300]);
    expect(breakdown.quarters.map((part) => part.value)).toEqual([1300]);
    // Day 10: 1000 + 300 × 10/90 = 1033.33
    expect(targetToDate(breakdown, '2026-01-10')).toBe(1033);
    expect(targetToDate(breakdown, '2025-12-31')).toBe(1000);
  });

  it('gives every part the target when a snapshot has no start level', () => {
    const breakdown = buildBreakdown({
      kpi: followers,
      value: 500,
      period: { from: '2026-01-01', to: '2026-01-03' },
      mode: 'even',
    });
    expect(breakdown.days.map((day) => day.value)).toEqual([500, 500, 500]);
    expect(breakdown.notes.join(' ')).toContain('no level before the period');
  });
});

describe('to-date and window targets', () => {
  const breakdown = buildBreakdown({
    kpi: leads,
    value: 100,
    period: { from: '2026-01-01', to: '2026-01-10' },
    mode: 'even',
  });

  it('accumulates a split target day by day', () => {
    expect(targetToDate(breakdown, '2025-12-31')).toBe(0);
    expect(targetToDate(breakdown, '2026-01-04')).toBe(40);
    expect(targetToDate(breakdown, '2026-02-01')).toBe(100);
  });

  it('sums a window inside the period and ignores days outside', () => {
    expect(targetForWindow(breakdown, { from: '2026-01-09', to: '2026-01-31' })).toBe(20);
    expect(targetForWindow(breakdown, { from: '2026-02-01', to: '2026-02-28' })).toBeUndefined();
  });
});
