import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../plan/dates.js';
import { type AlignedRow, alignComparison, bucketStarts } from './align.js';

describe('comparison rows laid beside the current ones', () => {
  it('pairs the days of two events of different lengths by their place, by hand', () => {
    // Launch 2026: 2–4 April (3 days); launch 2025: 10–11 March (2 days).
    const current: AlignedRow[] = [
      { day: '2026-04-02', channel: 'douyin', gmv: 300 },
      { day: '2026-04-03', channel: 'douyin', gmv: 150 },
      { day: '2026-04-04', channel: 'douyin', gmv: 90 },
    ];
    const earlier: AlignedRow[] = [
      { day: '2025-03-10', channel: 'douyin', gmv: 200 },
      { day: '2025-03-11', channel: 'douyin', gmv: 0 },
      { day: '2025-03-10', channel: 'tmall', gmv: 999 },
    ];
    const rows = alignComparison(current, earlier, {
      kpis: ['gmv'],
      dimensions: ['channel'],
      grain: 'day',
      period: { from: '2026-04-02', to: '2026-04-04' },
      comparePeriod: { from: '2025-03-10', to: '2025-03-11' },
    });
    expect(rows.map((row) => [row.day, row.gmv__previous, row.gmv__change])).toEqual([
      ['2026-04-02', 200, 0.5], // (300 − 200) / 200
      ['2026-04-03', 0, null], // a change against 0 is not a number
      ['2026-04-04', null, null], // the earlier launch had no third day
    ]);
  });

  it('pairs totals by dimension and a negative previous by its size', () => {
    const rows = alignComparison(
      [
        { campaign: 'a', profit: 50 },
        { campaign: 'b', profit: 10 },
      ],
      [{ campaign: 'a', profit: -100 }],
      {
        kpis: ['profit'],
        dimensions: ['campaign'],
        grain: 'total',
        period: { from: '2026-06-18', to: '2026-06-18' },
        comparePeriod: { from: '2025-06-18', to: '2025-06-18' },
      },
    );
    expect(rows).toEqual([
      { campaign: 'a', profit: 50, profit__previous: -100, profit__change: 1.5 },
      { campaign: 'b', profit: 10, profit__previous: null, profit__change: null },
    ]);
  });

  it('starts buckets where the planner does', () => {
    expect(bucketStarts({ from: '2026-12-03', to: '2027-01-05' }, 'week')).toEqual([
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
      '2026-12-28',
      '2027-01-04',
    ]);
    expect(bucketStarts({ from: '2026-02-15', to: '2026-08-01' }, 'quarter')).toEqual([
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
    ]);
  });

  it('matches a day-by-offset reference on random windows', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let trial = 0; trial < 200; trial++) {
      const from = addDays('2025-01-01', Math.floor(random() * 700));
      const to = addDays(from, Math.floor(random() * 20));
      const compareFrom = addDays(from, -300 - Math.floor(random() * 100));
      const compareTo = addDays(compareFrom, Math.floor(random() * 20));
      const series = (start: string, end: string): AlignedRow[] => {
        const rows: AlignedRow[] = [];
        for (let day = start; day <= end; day = addDays(day, 1))
          if (random() > 0.2) rows.push({ day, x: Math.round(random() * 10) });
        return rows;
      };
      const now = series(from, to);
      const then = series(compareFrom, compareTo);
      const aligned = alignComparison(now, then, {
        kpis: ['x'],
        dimensions: [],
        grain: 'day',
        period: { from, to },
        comparePeriod: { from: compareFrom, to: compareTo },
      });
      for (const row of aligned) {
        const offset = daysBetween(from, String(row.day));
        const partnerDay = addDays(compareFrom, offset);
        const partner = partnerDay <= compareTo ? then.find((entry) => entry.day === partnerDay) : undefined;
        const previous = typeof partner?.x === 'number' ? partner.x : null;
        expect(row.x__previous).toBe(previous);
        const value = row.x as number;
        expect(row.x__change).toBe(
          previous === null || previous === 0 ? null : (value - previous) / Math.abs(previous),
        );
      }
    }
  });
});
