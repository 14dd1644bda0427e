import { describe, expect, it } from 'vitest';
import {
  formatPoints,
  formatPValue,
  formatShare,
  formatSignedShare,
  formatVolume,
  LIFT_MESSAGE_KEYS,
  type LiftMessage,
  type LiftMessageKey,
  sayLiftMessage,
} from './messages.js';

const interval = { incremental: 1234.5, low: -50, high: 2500, pValue: 0.0123, level: 0.95 };
const SAMPLES: Record<LiftMessageKey, LiftMessage['params']> = {
  'lift.prepost.summary': { ...interval, lift: 0.052 },
  'lift.prepost.summary_no_baseline': interval,
  'lift.geo.summary': { ...interval, cell: 'east', lift: 0.052 },
  'lift.geo.summary_no_interval': { cell: 'east', incremental: 1234.5, lift: 0.052, pValue: 0.2 },
  'lift.design.summary': { treated: ['shanghai', 'hangzhou'], effect: 0.04, incremental: 980, power: 0.8 },
  'lift.design.summary_budget': {
    treated: ['shanghai', 'hangzhou'],
    effect: 0.04,
    incremental: 980,
    power: 0.8,
    budget: 58_800,
  },
  'lift.design.not_detectable': { treated: ['shanghai'], power: 0.8 },
  'lift.design.biased': { treated: ['shanghai'], falsePositives: 0.45, lift: 0.129 },
  'lift.holdout.summary': { lift: 0.2, low: -0.01, high: 0.45, pValue: 0.06, probability: 0.97, level: 0.95 },
  'lift.holdout.summary_difference': {
    difference: 0.004,
    low: 0.001,
    high: 0.007,
    pValue: 0.0004,
    probability: 0.999,
    level: 0.9,
  },
  'lift.search.summary': {
    exposedRate: 0.031,
    baselineRate: 0.012,
    lift: 1.58,
    low: 1.1,
    high: 2.2,
    level: 0.95,
  },
  'lift.search.summary_no_baseline': { exposedRate: 0.031, baselineRate: 0 },
  'lift.note.events_left_out': { events: ['618 2026'], days: 1 },
  'lift.note.missing_days': { days: 3 },
  'lift.note.autocorrelated': { rho: 0.41 },
  'lift.note.few_degrees': { degrees: 6 },
  'lift.note.few_permutations': { days: 14, alpha: 0.05 },
  'lift.note.interval_open': { side: 'high' },
  'lift.note.no_positive_lift': {},
  'lift.note.small_counts': {},
};

describe('lift messages', () => {
  it('has a sample for every key, and says each in English and in Chinese', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...LIFT_MESSAGE_KEYS].sort());
    for (const key of LIFT_MESSAGE_KEYS) {
      const message = { key, params: SAMPLES[key] };
      const english = sayLiftMessage(message, 'en');
      const chinese = sayLiftMessage(message, 'zh');
      expect(english).not.toMatch(/undefined|NaN|\[object/);
      expect(chinese).not.toMatch(/undefined|NaN|\[object/);
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('says figures the same way in both languages', () => {
    const message = { key: 'lift.prepost.summary' as const, params: SAMPLES['lift.prepost.summary'] };
    expect(sayLiftMessage(message)).toBe(
      'incremental 1,235 (95.0% interval −50 to 2,500), +5.2% against the baseline forecast, p = 0.012',
    );
    expect(sayLiftMessage(message, 'zh')).toBe(
      '增量 1,235（95.0% 区间 −50 至 2,500），较基线预测 +5.2%，p = 0.012',
    );
  });

  it('formats volumes, shares, points and p-values', () => {
    expect(formatVolume(1234567.8)).toBe('1,234,568');
    expect(formatVolume(-0.012345)).toBe('−0.0123');
    expect(formatSignedShare(0.0004)).toBe('±0%');
    expect(formatSignedShare(-0.1234)).toBe('−12.3%');
    expect(formatSignedShare(2.5)).toBe('+250%');
    expect(formatShare(0.031)).toBe('3.10%');
    expect(formatPoints(0.0042)).toBe('+0.42 pp');
    expect(formatPValue(0.00002)).toBe('< 0.001');
    expect(formatPValue(0.04567)).toBe('= 0.046');
    expect(() => sayLiftMessage({ key: 'lift.unknown' as LiftMessageKey, params: {} })).toThrow(
      /no template/,
    );
  });
});
