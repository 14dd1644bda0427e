import { describe, expect, it } from 'vitest';
import { monthAround, quarterAround, todayIn } from './dates';

describe('calendar periods', () => {
  it('finds whole months and quarters around a day, across years and leap days', () => {
    expect(monthAround('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthAround('2028-01-31', 1)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthAround('2026-01-15', -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(quarterAround('2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterAround('2026-12-31', 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
  });

  it('knows today in the workspace time zone', () => {
    // 2026-11-23 18:00 UTC is already the 24th in Shanghai, still the 23rd in Los Angeles.
    const now = new Date('2026-11-23T18:00:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-11-24');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-11-23');
    expect(todayIn('Not/A_Zone', now)).toBe('2026-11-23');
  });
});
