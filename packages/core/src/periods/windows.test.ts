import { describe, expect, it } from 'vitest';
import { isMarkpiError } from '../errors.js';
import { retailEventCalendar } from '../targets/events.js';
import {
  eventKeyOf,
  eventOccurrences,
  isoWeekOf,
  isoWeekPeriod,
  isoWeeksInYear,
  latestEvents,
  PERIOD_PRESETS,
  type PeriodPreset,
  presetWindow,
  type ResolvedWindow,
  resolveComparison,
  resolveWindow,
} from './index.js';
import { PeriodError, sayPeriod } from './messages.js';

// A Thursday in ISO week 49 of 2026.
const TODAY = '2026-12-03';
const events = eventOccurrences([
  ...retailEventCalendar([2025, 2026]).events,
  { name: 'Spring launch 2025', from: '2025-03-10', to: '2025-03-16', weight: 10 },
  { name: 'Spring launch 2026', from: '2026-04-02', to: '2026-04-12', weight: 10 },
  { name: 'Brand day', from: '2026-09-09', weight: 2 },
]);
const context = { today: TODAY, events };

const preset = (id: PeriodPreset, today = TODAY) => presetWindow(id, today);
const compared = (window: ResolvedWindow, mode?: 'previous' | 'last_year' | 'same_event') =>
  resolveComparison(window, mode, events);

describe('presets, by hand on Thursday 3 December 2026', () => {
  it('names the calendar units, ISO weeks from Monday', () => {
    const expected: Record<PeriodPreset, [string, string]> = {
      today: ['2026-12-03', '2026-12-03'],
      yesterday: ['2026-12-02', '2026-12-02'],
      this_week: ['2026-11-30', '2026-12-06'],
      last_week: ['2026-11-23', '2026-11-29'],
      this_month: ['2026-12-01', '2026-12-31'],
      last_month: ['2026-11-01', '2026-11-30'],
      this_quarter: ['2026-10-01', '2026-12-31'],
      last_quarter: ['2026-07-01', '2026-09-30'],
      this_year: ['2026-01-01', '2026-12-31'],
      last_year: ['2025-01-01', '2025-12-31'],
      month_to_date: ['2026-12-01', '2026-12-03'],
      quarter_to_date: ['2026-10-01', '2026-12-03'],
      year_to_date: ['2026-01-01', '2026-12-03'],
    };
    for (const id of PERIOD_PRESETS) {
      const { from, to } = preset(id).period;
      expect([id, from, to]).toEqual([id, ...expected[id]]);
    }
  });

  it('steps each back by its own unit', () => {
    const previous = (id: PeriodPreset, today = TODAY) => compared(preset(id, today), 'previous').period;
    expect(previous('today')).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    expect(previous('this_week')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(previous('last_month')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previous('last_quarter')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(previous('month_to_date')).toEqual({ from: '2026-11-01', to: '2026-11-03' });
    expect(previous('quarter_to_date')).toEqual({ from: '2026-07-01', to: '2026-09-03' });
    expect(previous('year_to_date')).toEqual({ from: '2025-01-01', to: '2025-12-03' });
    // A to-date window ending on a month's last day ends on the last day of the month it lands in.
    expect(previous('quarter_to_date', '2026-04-30')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(previous('month_to_date', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(previous('month_to_date', '2027-03-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(previous('month_to_date', '2027-03-29')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('finds last year’s window: the same ISO week, and 29 February on the 28th', () => {
    const lastYear = (id: PeriodPreset, today = TODAY) => compared(preset(id, today), 'last_year').period;
    expect(lastYear('this_week')).toEqual({ from: '2025-12-01', to: '2025-12-07' });
    // Week 53 of 2026 (28 Dec – 3 Jan) against week 52 of 2025, which has no week 53.
    expect(lastYear('this_week', '2026-12-31')).toEqual({ from: '2025-12-22', to: '2025-12-28' });
    expect(lastYear('today', '2028-02-29')).toEqual({ from: '2027-02-28', to: '2027-02-28' });
    expect(lastYear('year_to_date', '2028-02-29')).toEqual({ from: '2027-01-01', to: '2027-02-28' });
    expect(lastYear('this_month', '2028-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(lastYear('this_month', '2025-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(lastYear('month_to_date', '2028-02-28')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('compares a custom range of whole months month by month, else day by day', () => {
    const range = (from: string, to: string) => resolveWindow({ range: { from, to } }, context);
    expect(compared(range('2026-03-01', '2026-04-30')).period).toEqual({
      from: '2026-01-01',
      to: '2026-02-28',
    });
    expect(compared(range('2026-03-05', '2026-03-14')).period).toEqual({
      from: '2026-02-23',
      to: '2026-03-04',
    });
    expect(compared(range('2028-03-01', '2028-03-31'), 'last_year').period).toEqual({
      from: '2027-03-01',
      to: '2027-03-31',
    });
  });
});

describe('ISO weeks against a walk over the calendar', () => {
  // Independent: week 1 is the week with the year's first Thursday; count Mondays from its Monday.
  function walkedWeek(date: string): { year: number; week: number } {
    const time = Date.parse(`${date}T00:00:00Z`);
    const mondayOf = (t: number) => t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000;
    const firstMonday = (year: number) => {
      let t = Date.UTC(year, 0, 1);
      while (new Date(t).getUTCDay() !== 4) t += 86_400_000;
      return t - 3 * 86_400_000;
    };
    const year = new Date(time).getUTCFullYear();
    for (const candidate of [year + 1, year, year - 1]) {
      const start = firstMonday(candidate);
      if (time >= start) return { year: candidate, week: (mondayOf(time) - start) / (7 * 86_400_000) + 1 };
    }
    throw new Error('unreachable');
  }

  it('agrees on every third day of 2000–2040 and on the years with 53 weeks', () => {
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2041, 0, 1); t += 3 * 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      expect(isoWeekOf(date)).toEqual(walkedWeek(date));
    }
    expect(isoWeekOf('2021-01-01')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    const long = [];
    for (let year = 2000; year <= 2040; year++) if (isoWeeksInYear(year) === 53) long.push(year);
    expect(long).toEqual([2004, 2009, 2015, 2020, 2026, 2032, 2037]);
    expect(isoWeekPeriod(2026, 53)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('steps month to date back to the same day, clamped, on every day of 2027–2029', () => {
    const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      const year = new Date(t).getUTCFullYear();
      const month = new Date(t).getUTCMonth();
      const day = new Date(t).getUTCDate();
      const [prevYear, prevMonth] = month === 0 ? [year - 1, 11] : [year, month - 1];
      const lastDay =
        day === daysIn(year, month)
          ? daysIn(prevYear, prevMonth)
          : Math.min(day, daysIn(prevYear, prevMonth));
      const pad = (n: number) => String(n).padStart(2, '0');
      const expected = {
        from: `${prevYear}-${pad(prevMonth + 1)}-01`,
        to: `${prevYear}-${pad(prevMonth + 1)}-${pad(lastDay)}`,
      };
      expect(compared(preset('month_to_date', today), 'previous').period).toEqual(expected);
    }
  });
});

describe('events as windows', () => {
  it('keys an event by its name without the year', () => {
    expect(eventKeyOf('618 2026')).toEqual({ key: '618', year: 2026 });
    expect(eventKeyOf('Double 11 presale 2025')).toEqual({ key: 'Double 11 presale', year: 2025 });
    expect(eventKeyOf('2026年双11')).toEqual({ key: '双11', year: 2026 });
    expect(eventKeyOf('618')).toEqual({ key: '618' });
  });

  it('compares 618 with 618 last year by default, on each year’s own dates', () => {
    const window = resolveWindow({ period: 'event:618' }, context);
    expect(window.spec).toBe('event:618@2026');
    expect(window.period).toEqual({ from: '2026-06-18', to: '2026-06-18' });
    const comparison = compared(window);
    expect(comparison.mode).toBe('same_event');
    expect(comparison.period).toEqual({ from: '2025-06-18', to: '2025-06-18' });
    expect(comparison.event?.name).toBe('618 2025');

    const presale = resolveWindow({ period: 'event:618 PRESALE@2025' }, context);
    expect(presale.period).toEqual({ from: '2025-05-20', to: '2025-06-17' });
  });

  it('compares a launch with last year’s launch whatever its dates, and never with the days before', () => {
    const launch = resolveWindow({ period: 'event:Spring launch' }, context);
    expect(launch.period).toEqual({ from: '2026-04-02', to: '2026-04-12' });
    expect(compared(launch).period).toEqual({ from: '2025-03-10', to: '2025-03-16' });
    expect(compared(launch, 'previous').period).toEqual({ from: '2026-03-22', to: '2026-04-01' });
    // Brand day happened only in 2026: by default the same dates a year earlier.
    const brandDay = resolveWindow({ period: 'event:Brand day' }, context);
    expect(compared(brandDay)).toEqual({
      mode: 'last_year',
      period: { from: '2025-09-09', to: '2025-09-09' },
    });
  });

  it('lists the latest occurrence of each event, newest first', () => {
    const latest = latestEvents(events, TODAY);
    expect(latest.map((event) => event.name).slice(0, 4)).toEqual([
      'Double 11 2026',
      'Double 11 first wave 2026',
      'Double 11 presale 2026',
      'Brand day',
    ]);
    // Double 12 2026 has not started by 3 December: last year's is the latest.
    expect(latest.find((event) => event.key === 'Double 12')?.year).toBe(2025);
    expect(latest.filter((event) => event.key === '618').map((event) => event.year)).toEqual([2026]);
  });

  it('refuses what it cannot resolve, in English and Chinese', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof PeriodError && isMarkpiError(error)) return error;
      }
      throw new Error('not refused');
    };
    const unknown = refusal(() => resolveWindow({ period: 'event:Singles day' }, context));
    expect(unknown.code).toBe('invalid_period');
    expect(unknown.said).toEqual({ key: 'period.unknown_event', params: { event: 'Singles day' } });
    expect(sayPeriod(unknown.said, 'zh')).toBe('事件日历中没有“Singles day”');
    const noEvent = refusal(() =>
      compared(resolveWindow({ period: 'event:Brand day' }, context), 'same_event'),
    );
    expect(noEvent.said).toEqual({
      key: 'period.no_event_last_year',
      params: { event: 'Brand day', year: 2025 },
    });
    expect(refusal(() => compared(preset('this_month'), 'same_event')).said.key).toBe(
      'period.same_event_needs_event',
    );
    expect(refusal(() => resolveWindow({ period: 'fortnight' }, context)).message).toContain('fortnight');
  });
});
