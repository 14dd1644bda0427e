import { describe, expect, it } from 'vitest';
import { gridOf, inferCadence, seasonalPeriods, slotOf, wallClock, wallDate, weekdayOf } from './timeline.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('timestamps on the wall clock they were written in', () => {
  it('reads dates, date-times with or without offsets, and epoch milliseconds', () => {
    expect(wallClock('2026-06-18')).toBe(Date.UTC(2026, 5, 18));
    expect(wallClock('2026-06-18T09:00:00+08:00')).toBe(Date.UTC(2026, 5, 18, 9));
    expect(wallClock('2026-06-18 09:05')).toBe(Date.UTC(2026, 5, 18, 9, 5));
    expect(wallClock('2026-06-18T09:05:30.250Z')).toBe(Date.UTC(2026, 5, 18, 9, 5, 30, 250));
    expect(wallClock(1_750_000_000_000)).toBe(1_750_000_000_000);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-06-18T24:00', 'yesterday', ''])
      expect(wallClock(bad)).toBeNull();
    expect(wallClock(Number.NaN)).toBeNull();
  });

  it('knows the day and the weekday (2026-06-18 is a Thursday)', () => {
    const time = wallClock('2026-06-18T23:59')!;
    expect(wallDate(time)).toBe('2026-06-18');
    expect(weekdayOf(time)).toBe(3);
  });
});

describe('the grid and its seasons, from timestamps alone', () => {
  it('takes the most frequent gap as the step, through gaps and jitter', () => {
    const days = ['2026-01-01', '2026-01-02', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-09'].map(
      (day) => wallClock(day)!,
    );
    expect(inferCadence(days)).toEqual({ kind: 'fixed', stepMs: DAY });
    const start = Date.UTC(2026, 0, 1);
    const fiveMinutes = [0, 1, 2, 3, 5, 6, 9].map((k) => start + k * 5 * MINUTE + (k % 2 === 0 ? 180 : -240));
    expect(inferCadence(fiveMinutes)).toEqual({ kind: 'fixed', stepMs: 5 * MINUTE });
  });

  it('reads calendar months and quarters when every timestamp is the same day of its month', () => {
    const months = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-05-01'].map((day) => wallClock(day)!);
    expect(inferCadence(months)).toEqual({ kind: 'months', months: 1 });
    const quarters = ['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01'].map((day) => wallClock(day)!);
    expect(inferCadence(quarters)).toEqual({ kind: 'months', months: 3 });
  });

  it('gives a day and a week of slots for steps that divide a day, a week for days, a year for months', () => {
    expect(seasonalPeriods({ kind: 'fixed', stepMs: DAY })).toEqual({ day: null, week: 7, year: null });
    expect(seasonalPeriods({ kind: 'fixed', stepMs: HOUR })).toEqual({ day: 24, week: 168, year: null });
    expect(seasonalPeriods({ kind: 'fixed', stepMs: 5 * MINUTE })).toEqual({
      day: 288,
      week: 2016,
      year: null,
    });
    expect(seasonalPeriods({ kind: 'months', months: 1 })).toEqual({ day: null, week: null, year: 12 });
    expect(seasonalPeriods({ kind: 'months', months: 3 })).toEqual({ day: null, week: null, year: 4 });
    // Steps that fit no calendar cycle have no season.
    expect(seasonalPeriods({ kind: 'fixed', stepMs: 7 * MINUTE })).toEqual({
      day: null,
      week: null,
      year: null,
    });
    expect(seasonalPeriods({ kind: 'fixed', stepMs: 2 * DAY })).toEqual({
      day: null,
      week: null,
      year: null,
    });
  });

  it('puts each timestamp in its nearest slot from the first one; missing slots are gaps', () => {
    const times = ['2026-01-01T00:00', '2026-01-01T01:00', '2026-01-01T04:01'].map(
      (time) => wallClock(time)!,
    );
    const grid = gridOf(times);
    expect(times.map((time) => slotOf(grid, time))).toEqual([0, 1, 4]);
    const months = gridOf(['2025-11-01', '2025-12-01', '2026-02-01'].map((day) => wallClock(day)!));
    expect(slotOf(months, wallClock('2026-02-01')!)).toBe(3);
  });
});
