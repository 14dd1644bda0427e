import { addDays, eachDay } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDay, lastDays, monthAround, quarterAround, todayIn } from './dates';

/** A month as a number that counts up by one a month, across years. */
const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

describe('calendar periods', () => {
  it('finds whole months and quarters around a day, across years and leap days', () => {
    expect(monthAround('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthAround('2028-01-31', 1)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthAround('2026-01-15', -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(quarterAround('2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterAround('2026-12-31', 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(quarterAround('2026-05-31', -2)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });

  it('agrees with walking the calendar day by day', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((offset) => addDays('2024-01-01', offset));
    fc.assert(
      fc.property(day, fc.integer({ min: -14, max: 14 }), (today, offset) => {
        // The month: every day of it shares one month, the days either side do not.
        const month = monthAround(today, offset);
        const days = eachDay(month);
        expect(new Set(days.map(monthIndex))).toEqual(new Set([monthIndex(today) + offset]));
        expect(monthIndex(addDays(month.from, -1))).toBe(monthIndex(today) + offset - 1);
        expect(monthIndex(addDays(month.to, 1))).toBe(monthIndex(today) + offset + 1);
        // The quarter: three whole months, the first a multiple of three.
        const quarter = quarterAround(today, offset);
        const first = Math.floor(monthIndex(today) / 3) * 3 + offset * 3;
        const months = eachDay(quarter).map(monthIndex);
        expect([...new Set(months)]).toEqual([first, first + 1, first + 2]);
        expect(monthIndex(addDays(quarter.from, -1))).toBe(first - 1);
        expect(monthIndex(addDays(quarter.to, 1))).toBe(first + 3);
      }),
    );
  });

  it('counts preset days back from the last day with data', () => {
    expect(lastDays('2026-03-01', 7)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(lastDays('2026-03-01', 1)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(eachDay(lastDays('2028-03-10', 30))).toHaveLength(30);
  });

  it('takes only real calendar days from a URL or a date input', () => {
    expect(isDay('2028-02-29')).toBe(true);
    for (const text of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-6-1', '', '2026-06-01T00:00'])
      expect(isDay(text), text).toBe(false);
  });

  it('knows today in the workspace time zone', () => {
    // 2026-11-23 18:00 UTC is already the 24th in Shanghai, still the 23rd in Los Angeles.
    const now = new Date('2026-11-23T18:00:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-11-24');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-11-23');
    expect(todayIn('Not/A_Zone', now)).toBe('2026-11-23');
  });
});
