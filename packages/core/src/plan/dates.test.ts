import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayIn } from './dates.js';

describe('today in a time zone', () => {
  it('is the local date (by hand): 23:30 in Shanghai is still the day, 00:30 the next', () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-01-01T15:30:00Z'))).toBe('2026-01-01');
    expect(todayIn('Asia/Shanghai', new Date('2026-01-01T16:30:00Z'))).toBe('2026-01-02');
    expect(todayIn('America/Los_Angeles', new Date('2026-01-01T07:30:00Z'))).toBe('2025-12-31');
    expect(todayIn('UTC', new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01');
  });

  it('matches fixed offsets for any instant, zones asked in any order (against date arithmetic)', () => {
    const hour = 3_600_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2150, 0, 1) }), (instant) => {
        const now = new Date(instant);
        expect(todayIn('UTC', now)).toBe(now.toISOString().slice(0, 10));
        // China has kept UTC+8 without daylight saving since 1992 (its last summer time was 1991's).
        expect(todayIn('Asia/Shanghai', now)).toBe(new Date(instant + 8 * hour).toISOString().slice(0, 10));
        expect(todayIn('Asia/Kolkata', now)).toBe(new Date(instant + 5.5 * hour).toISOString().slice(0, 10));
      }),
      { numRuns: 300 },
    );
  });
});
