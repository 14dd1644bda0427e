import { describe, expect, it } from 'vitest';
import { formatShare, proratedShare } from './prorated';

describe('prorated values', () => {
  it('reads the share the planner answers beside a KPI, and nothing else', () => {
    const row = {
      spend: 580,
      spend__flag: 'approximate',
      spend__prorated: 440 / 580,
      reach__flag: 'upper_bound',
    };
    expect(proratedShare(row, 'spend')).toBeCloseTo(0.7586, 4);
    expect(proratedShare(row, 'reach')).toBeNull();
    expect(proratedShare({ ctr: 0.1, ctr__prorated: null }, 'ctr')).toBeNull();
  });

  it('says the share as a whole percentage, and a sliver as under 1 %', () => {
    expect(formatShare(440 / 580, 'en')).toBe('76%');
    expect(formatShare(1, 'zh-CN')).toBe('100%');
    expect(formatShare(0.004, 'en')).toBe('<1%');
  });
});
