import { describe, expect, it } from 'vitest';
import { changeTone, formatBucket, formatChange, formatDay, formatValue } from './format';

const en = { locale: 'en', currency: 'CNY' };
const zh = { locale: 'zh-CN', currency: 'CNY' };

describe('formatValue', () => {
  it('formats money in the workspace currency, compact in Chinese with 万', () => {
    expect(formatValue(1234.5, 'currency', en)).toBe('CN¥1,235');
    expect(formatValue(12.5, 'currency', en)).toBe('CN¥12.5');
    expect(formatValue(1_234_567, 'currency', zh, { compact: true })).toBe('¥123.46万');
    expect(formatValue(1_234_567, 'count', en, { compact: true })).toBe('1.23M');
  });

  it('reads ratios and percents as fractions', () => {
    expect(formatValue(0.025, 'ratio', en)).toBe('2.50%');
    expect(formatValue(0.5, 'percent', en)).toBe('50.0%');
    expect(formatValue(3.456, 'multiple', en)).toBe('3.46×');
  });

  it('marks bounds and estimates, and shows a dash for nothing', () => {
    expect(formatValue(1000, 'count', en, { flag: 'upper_bound' })).toBe('≤1,000');
    expect(formatValue(1000, 'count', en, { flag: 'approximate' })).toBe('≈1,000');
    expect(formatValue(null, 'count', en)).toBe('—');
    expect(formatValue(Number.NaN, 'count', en)).toBe('—');
  });

  it('keeps small values uncompacted', () => {
    expect(formatValue(9_999, 'count', en, { compact: true })).toBe('9,999');
  });
});

describe('changes and dates', () => {
  it('signs changes and judges them by the KPI direction', () => {
    expect(formatChange(0.1234, 'en')).toBe('+12.3%');
    expect(formatChange(-0.04, 'en')).toBe('-4.0%');
    expect(changeTone(0.1, 'up')).toBe('good');
    expect(changeTone(0.1, 'down')).toBe('bad');
    expect(changeTone(-0.1, 'down')).toBe('good');
    expect(changeTone(0.1, 'context')).toBe('neutral');
  });

  it('formats days in UTC so they never shift with the browser', () => {
    expect(formatDay('2026-06-18', 'en')).toBe('Jun 18, 2026');
    expect(formatDay('2026-06-18', 'zh-CN')).toBe('2026年6月18日');
    expect(formatBucket('2026-04-01', 'quarter', 'en')).toBe('2026 Q2');
    expect(formatBucket('2026-04-01', 'month', 'zh-CN')).toBe('2026年4月');
  });
});
