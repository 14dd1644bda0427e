import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMarkpiError } from '../errors.js';
import type { EventCalendar } from '../targets/events.js';
import { detectKpiAnomalies, type RatioPoint, type VolumePoint } from './detect.js';
import { sayAnomaly } from './messages.js';

/** A seeded generator (Park–Miller) and its normal deviates. */
function seeded(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return { uniform, gauss: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

const DAY_MS = 86_400_000;
const dayFrom = (start: string, offset: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
const WEEK = [1, 1.05, 1.1, 1, 0.95, 0.7, 0.6];

/** Daily counts around `level` with a weekly pattern and a 5% wobble, from `start` for `days` days. */
function dailyCounts(start: string, days: number, level: number, seed: number): VolumePoint[] {
  const { gauss } = seeded(seed);
  return Array.from({ length: days }, (_, index) => {
    const day = dayFrom(start, index);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    return { timestamp: day, value: Math.round(level * WEEK[weekday]! * Math.exp(0.05 * gauss())) };
  });
}

const scale = (points: VolumePoint[], day: string, factor: number): VolumePoint[] =>
  points.map((point) =>
    point.timestamp === day ? { ...point, value: Math.round(point.value! * factor) } : point,
  );

describe('ratios are judged with their volume', () => {
  /** A CTR of 5% wobbling 5% a day, on a given number of daily impressions, with one day changed. */
  function ctr(impressions: number, changedDay: number, factor: number): RatioPoint[] {
    const { gauss } = seeded(impressions);
    return Array.from({ length: 70 }, (_, index) => {
      const rate = 0.05 * Math.exp(0.05 * gauss()) * (index === changedDay ? factor : 1);
      return {
        timestamp: dayFrom('2026-03-02', index),
        numerator: Math.round(impressions * rate),
        denominator: impressions,
      };
    });
  }
  const probabilityOn = (points: RatioPoint[], index: number) =>
    detectKpiAnomalies({ kpi: 'ctr', sampling: 'binomial', points }).slots[index]!.probability;

  it('a doubled CTR on 40 impressions is noise; on 4,000,000 it is not; +5% on 4,000,000 is the usual wobble', () => {
    // 40 impressions at 5%: 2 clicks expected, 4 seen; P(Y ≥ 4 | Poisson 2) = 0.143.
    expect(probabilityOn(ctr(40, 60, 2), 60)).toBeGreaterThan(0.05);
    expect(probabilityOn(ctr(4e6, 60, 2), 60)).toBeLessThan(1e-4);
    expect(probabilityOn(ctr(4e6, 60, 1.05), 60)).toBeGreaterThan(0.05);
  });

  it('says a per-event cost the other way round: fewer clicks for the spend is a higher CPC', () => {
    const points = Array.from({ length: 70 }, (_, index) => ({
      timestamp: dayFrom('2026-03-02', index),
      numerator: 10_000,
      denominator: index === 65 ? 2_000 : 5_000 + ((index * 37) % 11) * 20,
    }));
    const detection = detectKpiAnomalies({ kpi: 'cpc', sampling: 'per_event', points });
    const alert = detection.alerts.find((candidate) => candidate.slot === 65);
    expect(alert).toMatchObject({ direction: 'above', value: 5 });
    expect(alert!.expected).toBeGreaterThan(1.9);
    expect(alert!.expected).toBeLessThan(2.1);
    expect(detection.slots[65]!.low!).toBeLessThan(detection.slots[65]!.expected!);
    expect(detection.slots[65]!.high!).toBeGreaterThan(detection.slots[65]!.expected!);
  });
});

describe('the event calendar', () => {
  const calendar = (events: EventCalendar['events']): EventCalendar => ({ id: 'shop', name: 'shop', events });

  it('expects a declared Double 11, and flags the same jump on an undeclared day', () => {
    const base = dailyCounts('2026-08-01', 120, 1000, 3);
    const points = scale(scale(base, '2026-11-11', 5), '2026-11-18', 5);
    const detection = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points },
      { calendar: calendar([{ name: 'Double 11 2026', from: '2026-11-11', weight: 6 }]) },
    );
    const at = (day: string) => detection.slots.find((slot) => slot.time === day)!;
    expect(at('2026-11-11')).toMatchObject({ event: 'Double 11 2026', status: 'scored', probability: 1 });
    expect(at('2026-11-18').probability).toBeLessThan(1e-6);
    expect(detection.alerts.map((alert) => alert.time)).toContain('2026-11-18');
    expect(detection.alerts.map((alert) => alert.time)).not.toContain('2026-11-11');
    // Without the calendar both days alert.
    const bare = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points });
    expect(bare.alerts.map((alert) => alert.time)).toEqual(
      expect.arrayContaining(['2026-11-11', '2026-11-18']),
    );
  });

  it('expects a week holding a declared day, weighing its days, and takes last year’s week as its baseline', () => {
    // Weekly totals (a Monday each) around 7,000 with a 5% wobble, for two years.
    const { gauss } = seeded(17);
    const mondays = Array.from({ length: 104 }, (_, index) => dayFrom('2024-12-30', 7 * index));
    const weekly = (factor: (monday: string) => number): VolumePoint[] =>
      mondays.map((monday) => ({
        timestamp: monday,
        value: Math.round(7000 * factor(monday) * Math.exp(0.05 * gauss())),
      }));
    // Double 11 falls in the weeks of Monday 2025-11-10 and Monday 2026-11-09; both triple.
    const sale = (monday: string) => (monday === '2025-11-10' || monday === '2026-11-09' ? 3 : 1);
    const points = weekly(sale);
    const events = calendar([
      { name: 'Double 11 2025', from: '2025-11-11', weight: 6 },
      { name: 'Double 11 2026', from: '2026-11-11', weight: 6 },
    ]);
    const detection = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points }, { calendar: events });
    const at = (day: string) => detection.slots.find((slot) => slot.time === day)!;
    // The first year: anything from half an ordinary week to ten times its weight (6 + 6 ordinary
    // days) / 7 is expected; the second: last year's lift, about 3, from half to twice.
    expect(at('2025-11-10')).toMatchObject({ event: 'Double 11 2025', probability: 1 });
    expect(at('2026-11-09')).toMatchObject({ event: 'Double 11 2026', probability: 1 });
    expect(at('2026-11-09').expected! / at('2026-11-02').expected!).toBeGreaterThan(2.4);
    expect(at('2026-11-09').expected! / at('2026-11-02').expected!).toBeLessThan(3.6);
    // The week before and after are ordinary weeks.
    expect(at('2026-11-02').event).toBeNull();
    expect(at('2026-11-16').event).toBeNull();
    // Without the calendar both sale weeks alert; a sale week at nine times last year's alerts too.
    const bare = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points });
    expect(bare.alerts.map((alert) => alert.time)).toEqual(
      expect.arrayContaining(['2025-11-10', '2026-11-09']),
    );
    const bigger = weekly((monday) => (monday === '2025-11-10' ? 3 : monday === '2026-11-09' ? 27 : 1));
    const flagged = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: bigger },
      { calendar: events },
    );
    expect(flagged.alerts.find((alert) => alert.time === '2026-11-09')).toMatchObject({ direction: 'above' });
  });

  it("takes an event's baseline from the same event a year before", () => {
    const base = dailyCounts('2025-09-01', 456, 1000, 5);
    const events = calendar([
      { name: 'Double 11 2025', from: '2025-11-11', weight: 6 },
      { name: 'Double 11 2026', from: '2026-11-11', weight: 6 },
    ]);
    const lastYear = scale(base, '2025-11-11', 5);
    // This year: as big as last year (expected), four times bigger (flagged), or nothing (flagged).
    const same = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: scale(lastYear, '2026-11-11', 5) },
      { calendar: events },
    );
    const bigger = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: scale(lastYear, '2026-11-11', 20) },
      { calendar: events },
    );
    const broken = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: scale(lastYear, '2026-11-11', 0) },
      { calendar: events },
    );
    const on = (detection: typeof same) => detection.slots.find((slot) => slot.time === '2026-11-11')!;
    // Expected: this year's ordinary level × last year's lift (about 5, the wobble aside).
    const ordinary = on(same).expected! / 5;
    expect(ordinary).toBeGreaterThan(800);
    expect(ordinary).toBeLessThan(1300);
    expect(on(same).probability).toBe(1);
    expect(on(bigger).probability).toBeLessThan(1e-3);
    expect(bigger.alerts.find((alert) => alert.time === '2026-11-11')).toMatchObject({
      direction: 'above',
      event: 'Double 11 2026',
    });
    expect(broken.alerts.find((alert) => alert.time === '2026-11-11')).toMatchObject({ direction: 'below' });
  });
});

describe('pushes', () => {
  const calendar = (events: EventCalendar['events']): EventCalendar => ({ id: 'shop', name: 'shop', events });
  /** Daily counts around `level(day)` with the weekly pattern and a 5% wobble. */
  const counts = (start: string, days: number, level: (day: string) => number, seed: number) => {
    const { gauss } = seeded(seed);
    return Array.from({ length: days }, (_, index) => {
      const day = dayFrom(start, index);
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
      return { timestamp: day, value: Math.round(level(day) * WEEK[weekday]! * Math.exp(0.05 * gauss())) };
    });
  };

  it('reads last year’s event as a lift and as an amount over the ordinary level, and expects either', () => {
    // Ordinary days: 100 in 2025, 800 from March 2026 (the always-on budget grew eightfold). Double
    // 11 adds about 3,000 both years: a lift of about 31 over 2025's level, 4.75 over 2026's.
    const events = calendar([
      { name: 'Double 11 2025', from: '2025-11-11', weight: 6 },
      { name: 'Double 11 2026', from: '2026-11-11', weight: 6 },
    ]);
    const ordinary = (day: string) => (day < '2026-03-01' ? 100 : 800);
    const sale = (added: number) =>
      counts(
        '2025-09-01',
        456,
        (day) => {
          if (day === '2025-11-11') return ordinary(day) + 3000;
          if (day === '2026-11-11') return ordinary(day) + added;
          return ordinary(day);
        },
        7,
      );
    const detect = (points: VolumePoint[]) =>
      detectKpiAnomalies({ kpi: 'orders', measure: 'count', points }, { calendar: events });
    const on = (points: VolumePoint[]) => detect(points).slots.find((slot) => slot.time === '2026-11-11')!;
    // The same push as last year: 3,800 against a lift reading of about 24,800 (31 × 800) and an
    // amount reading of 3,800. Read as a lift alone, half of 24,800 is 12,400: it would alert.
    const same = on(sale(3000));
    expect(same.probability).toBe(1);
    expect(same.low!).toBeLessThan(3800);
    // The expected value sits between the two readings (their geometric mean, about 9,700).
    expect(same.expected!).toBeGreaterThan(3800);
    expect(same.expected!).toBeLessThan(24_800);
    // A sale day that adds nothing is below both readings' halves (1,900 and 12,400): it alerts.
    const nothing = detect(sale(0));
    expect(nothing.alerts.find((alert) => alert.time === '2026-11-11')).toMatchObject({ direction: 'below' });
  });

  it('learns the level afresh after a push longer than the model’s window', () => {
    // 1,000 a day; a 76-day push (longer than the 56-day window) at 5,000; afterwards 1,600 a day,
    // the level the push left behind. The fit before the push knows nothing of it.
    const push = { name: 'Launch 2026', from: '2026-03-01', to: '2026-05-15', weight: 10, maxLift: 10_000 };
    const level = (day: string) => (day < push.from ? 1000 : day <= push.to ? 5000 : 1600);
    const points = counts('2026-01-01', 200, level, 11);
    const detection = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points },
      { calendar: calendar([push]) },
    );
    const at = (day: string) => detection.slots.find((slot) => slot.time === day)!;
    expect(at('2026-05-16').status).toBe('warmup');
    expect(at('2026-06-15').status).toBe('scored');
    expect(detection.alerts.filter((alert) => alert.time > push.to)).toEqual([]);
    // Scored again once it has learned: a day of nothing alerts.
    const broken = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: scale(points, '2026-06-20', 0) },
      { calendar: calendar([push]) },
    );
    expect(broken.alerts.find((alert) => alert.time === '2026-06-20')).toMatchObject({ direction: 'below' });
    // The same after a push shorter than the window: the fit still holds ordinary days, and the
    // new level alerts until it is the new normal.
    const short = { ...push, to: '2026-03-20' };
    const shortLevel = (day: string) => (day < short.from ? 1000 : day <= short.to ? 5000 : 1600);
    const after = detectKpiAnomalies(
      { kpi: 'orders', measure: 'count', points: counts('2026-01-01', 200, shortLevel, 11) },
      { calendar: calendar([short]) },
    );
    expect(after.alerts.some((alert) => alert.time > short.to && alert.direction === 'above')).toBe(true);
  });
});

describe('alerts say what was expected, what happened and how unusual it is', () => {
  it('in English and Chinese, from the same message', () => {
    const points = scale(dailyCounts('2026-01-05', 70, 1000, 9), '2026-03-10', 3);
    const alert = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points }).alerts.find(
      (candidate) => candidate.time === '2026-03-10',
    )!;
    expect(alert).toMatchObject({ kind: 'point', direction: 'above', continues: false });
    expect(alert.value).toBe(points.find((point) => point.timestamp === '2026-03-10')!.value);
    expect(alert.low!).toBeLessThan(alert.expected);
    expect(alert.high!).toBeGreaterThan(alert.expected);
    expect(alert.high!).toBeLessThan(alert.value);
    expect(alert.text).toBe(sayAnomaly(alert.message, 'en'));
    expect(alert.text).toMatch(
      /^On 2026-03-10, orders was [\d,]+, above the expected [\d,]+ \(usual range [\d,]+–[\d,]+\); (far beyond chance|(very |extremely )?unusual)/,
    );
    expect(sayAnomaly(alert.message, 'zh')).toMatch(
      /^2026-03-10，orders 为 [\d,]+，高于预期的 [\d,]+（正常范围 [\d,]+–[\d,]+）；/,
    );
  });
});

describe('causality', () => {
  it('appending later points never changes an earlier slot (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (seed, prefixLength, extra, gapShare) => {
          const { uniform } = seeded(seed);
          const all = dailyCounts('2026-01-05', prefixLength + extra, 50 + seed, seed)
            // Gaps anywhere but the first two days, so every prefix reads a daily step.
            .filter((_, index) => index < 2 || uniform() >= gapShare)
            .map((point) => (uniform() < 0.03 ? { ...point, value: point.value! * 4 } : point));
          const cut = Math.min(all.length, prefixLength);
          const prefix = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points: all.slice(0, cut) });
          const full = detectKpiAnomalies({ kpi: 'orders', measure: 'count', points: all });
          expect(full.slots.slice(0, prefix.slots.length)).toEqual(prefix.slots);
          expect(full.alerts.filter((alert) => alert.slot < prefix.slots.length)).toEqual(prefix.alerts);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('input', () => {
  it('rejects what cannot be scored, naming the rows', () => {
    const bad = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isMarkpiError(error)
          ? { code: error.code, rows: error.problems.map((problem) => problem.row) }
          : error;
      }
      return null;
    };
    expect(
      bad(() =>
        detectKpiAnomalies({
          kpi: 'spend',
          measure: 'amount',
          points: [
            { timestamp: '2026-01-01', value: 1 },
            { timestamp: '2026-01-02', value: -5 },
          ],
        }),
      ),
    ).toEqual({ code: 'invalid_monitor_input', rows: [2] });
    expect(
      bad(() =>
        detectKpiAnomalies({
          kpi: 'ctr',
          sampling: 'binomial',
          points: [{ timestamp: '2026-01-01', numerator: 5, denominator: 4 }],
        }),
      ),
    ).toEqual({ code: 'invalid_monitor_input', rows: [1] });
    expect(
      bad(() =>
        detectKpiAnomalies({
          kpi: 'spend',
          measure: 'amount',
          points: [{ timestamp: '2026-02-30', value: 1 }],
        }),
      ),
    ).toEqual({ code: 'invalid_timestamp', rows: [1] });
  });

  it('adds points that share a slot (rows of one day), and a ratio is a ratio of sums', () => {
    const detection = detectKpiAnomalies({
      kpi: 'ctr',
      sampling: 'binomial',
      points: [
        { timestamp: '2026-01-01', numerator: 1, denominator: 100 },
        { timestamp: '2026-01-01', numerator: 9, denominator: 100 },
        { timestamp: '2026-01-02', numerator: 3, denominator: 100 },
      ],
      scale: 100,
    });
    expect(detection.slots.map((slot) => [slot.time, slot.value, slot.status])).toEqual([
      ['2026-01-01', 5, 'warmup'],
      ['2026-01-02', 3, 'warmup'],
    ]);
  });
});
