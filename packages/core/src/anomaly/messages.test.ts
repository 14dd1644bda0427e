import { describe, expect, it } from 'vitest';
import {
  ANOMALY_MESSAGE_KEYS,
  anomalyMessage,
  anomalyPhrase,
  anomalyTerm,
  figure,
  isAnomalyMessageKey,
  sayAnomaly,
  share,
} from './messages.js';
import { rarityOf, waitFor } from './rarity.js';
import type { Grid } from './timeline.js';

const grid = (stepMs: number): Grid => ({
  cadence: { kind: 'fixed', stepMs },
  origin: 0,
  periods: { day: null, week: null, year: null },
});
const DAILY = grid(86_400_000);
const HOURLY = grid(3_600_000);
const FIVE_MINUTES = grid(300_000);
const MONTHLY: Grid = {
  cadence: { kind: 'months', months: 1 },
  origin: 0,
  periods: { day: null, week: null, year: 12 },
};

describe('figures and shares for people', () => {
  it('groups large numbers and keeps three significant digits under 1,000', () => {
    expect([1_234_567, 1234.5, 999.4, 12.345, 0.012345, 0, -5, -1500].map(figure)).toEqual([
      '1,234,567',
      '1,235',
      '999',
      '12.3',
      '0.0123',
      '0',
      '−5',
      '−1,500',
    ]);
    expect(figure(Number.POSITIVE_INFINITY)).toBe('∞');
    expect([0.3, 0.045, 1.2].map(share)).toEqual(['30%', '4.5%', '120%']);
  });
});

describe('how unusual, in words', () => {
  it('counts the wait for such a value by chance in the series’ own time (worked by hand)', () => {
    // Daily, p = 0.001: one day in 1,000 = 2.74 years.
    expect(rarityOf(1e-3, DAILY)).toMatchObject({ level: 'unusual', count: 2.7, unit: 'year' });
    // Daily, p = 0.01: 100 days = 3.29 months of 30.44 days.
    expect(waitFor(1e-2, DAILY)).toMatchObject({ count: 3.3, unit: 'month' });
    // Daily, p = 0.03: 33.3 days.
    expect(waitFor(0.03, DAILY)).toMatchObject({ count: 33, unit: 'day' });
    // Daily, p = 1e-5: 100,000 days = 274 years: very unusual.
    expect(rarityOf(1e-5, DAILY)).toMatchObject({ level: 'very_unusual', count: 270, unit: 'year' });
    // Daily, p = 1e-7: 27,379 years: beyond chance.
    expect(rarityOf(1e-7, DAILY)).toMatchObject({ level: 'beyond_chance', count: 1000, unit: 'year' });
    // Hourly, p = 0.001: 1,000 hours = 41.7 days.
    expect(rarityOf(1e-3, HOURLY)).toMatchObject({ count: 42, unit: 'day' });
    // Five minutes, p = 0.01: 500 minutes = 8.3 hours; p = 0.1: 50 minutes.
    expect(waitFor(1e-2, FIVE_MINUTES)).toMatchObject({ count: 8.3, unit: 'hour' });
    expect(waitFor(0.1, FIVE_MINUTES)).toMatchObject({ count: 50, unit: 'minute' });
    // Monthly, p = 0.01: 100 months = 8.3 years.
    expect(waitFor(1e-2, MONTHLY)).toMatchObject({ count: 8.3, unit: 'year' });
  });

  it('says it in English and Chinese', () => {
    expect(sayAnomaly(rarityOf(1e-3, DAILY).message)).toBe('unusual: about once in 2.7 years by chance');
    expect(sayAnomaly(rarityOf(1e-3, DAILY).message, 'zh')).toBe('异常：纯属偶然的话，大约每2.7年出现一次');
    expect(sayAnomaly(rarityOf(1e-3, HOURLY).message)).toBe('unusual: about once in 42 days by chance');
    expect(sayAnomaly(rarityOf(1e-9, DAILY).message)).toBe(
      'far beyond chance: less than once in 1,000 years',
    );
    expect(sayAnomaly(rarityOf(1e-9, DAILY).message, 'zh')).toBe('远超偶然波动：一千年也不到一次');
  });
});

describe('the message table', () => {
  it('has English and Chinese for every key, and nested messages are said first', () => {
    expect(new Set(ANOMALY_MESSAGE_KEYS).size).toBe(ANOMALY_MESSAGE_KEYS.length);
    expect(ANOMALY_MESSAGE_KEYS.every((key) => key.startsWith('anomaly.'))).toBe(true);
    expect(isAnomalyMessageKey('anomaly.kpi.above')).toBe(true);
    expect(isAnomalyMessageKey('toString')).toBe(false);
    expect(() => sayAnomaly({ key: 'anomaly.nothing', params: {} })).toThrow(/anomaly\.nothing/);
    const alert = anomalyMessage('anomaly.kpi.sustained_below', {
      when: anomalyPhrase('anomaly.when.event', { time: '2026-06-18', event: '618 2026' }),
      kpi: 'ctr',
      value: 0.0116,
      expected: 0.0583,
      low: 0.041,
      high: 0.079,
      count: 3,
      unit: 'day',
      rarity: anomalyPhrase('anomaly.rarity.very_unusual', { count: 41, unit: 'year' }),
    });
    expect(sayAnomaly(alert)).toBe(
      'On 2026-06-18 (618 2026), ctr had run below expected for 3 days: 0.0116 against the expected 0.0583 (usual range 0.041–0.079); very unusual: about once in 41 years by chance',
    );
    expect(sayAnomaly(alert, 'zh')).toBe(
      '2026-06-18（618 2026），ctr 已连续 3天低于预期：0.0116，预期 0.0583（正常范围 0.041–0.079）；非常异常：纯属偶然的话，大约每41年出现一次',
    );
    expect(sayAnomaly(anomalyTerm('anomaly.pace.status.red'), 'zh')).toBe('红灯');
  });
});
