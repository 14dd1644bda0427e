import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkQuietHours,
  inQuietWindow,
  type QuietHours,
  quietHoursEnd,
  releaseTime,
} from './quiet-hours.js';
import { localTimeOf, parseClock } from './zoned-time.js';

const MINUTE = 60_000;

/** The first instant at or after `at` whose wall clock is outside the window, read minute by minute. */
function bruteRelease(quiet: QuietHours, at: number): number | null {
  const outside = (instant: number) => !inQuietWindow(quiet, localTimeOf(quiet.timeZone, instant).minutes);
  if (outside(at)) return null;
  for (let instant = Math.ceil(at / MINUTE) * MINUTE; ; instant += MINUTE)
    if (outside(instant)) return instant;
}

describe('quiet hours', () => {
  const night: QuietHours = { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' };

  it('holds a message due at night until 08:00 the next morning (Shanghai, by hand)', () => {
    // 23:00 on 1 March in Shanghai is 15:00Z; 08:00 on 2 March is 00:00Z.
    expect(quietHoursEnd(night, new Date('2026-03-01T15:00:00Z'))).toEqual(new Date('2026-03-02T00:00:00Z'));
    // 06:59:30 on 2 March is inside too and ends the same morning.
    expect(quietHoursEnd(night, new Date('2026-03-01T22:59:30Z'))).toEqual(new Date('2026-03-02T00:00:00Z'));
    // 21:00 and 08:00 itself are outside.
    expect(quietHoursEnd(night, new Date('2026-03-01T13:00:00Z'))).toBeNull();
    expect(quietHoursEnd(night, new Date('2026-03-02T00:00:00Z'))).toBeNull();
    // A window within one day: 12:00–14:00.
    const lunch: QuietHours = { start: '12:00', end: '14:00', timeZone: 'Asia/Shanghai' };
    expect(quietHoursEnd(lunch, new Date('2026-03-02T04:30:00Z'))).toEqual(new Date('2026-03-02T06:00:00Z'));
  });

  it('lets critical messages through and holds the others', () => {
    const at = new Date('2026-03-01T15:00:00Z');
    expect(releaseTime(night, 'critical', at)).toEqual(at);
    expect(releaseTime(night, 'warning', at)).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(releaseTime(null, 'info', at)).toEqual(at);
  });

  it('ends at the jump when the end falls in a spring gap, and at the second end in a repeated hour', () => {
    // New York, 8 March 2026: 02:00 → 03:00. A window ending 02:30 ends when the clocks jump, 07:00Z.
    const gap: QuietHours = { start: '22:00', end: '02:30', timeZone: 'America/New_York' };
    expect(quietHoursEnd(gap, new Date('2026-03-08T05:00:00Z'))).toEqual(new Date('2026-03-08T07:00:00Z'));
    // 1 November: 02:00 EDT → 01:00 EST. At 01:10 EST (06:10Z) a window ending 01:30 ends at 01:30 EST.
    const repeat: QuietHours = { start: '22:00', end: '01:30', timeZone: 'America/New_York' };
    expect(quietHoursEnd(repeat, new Date('2026-11-01T06:10:00Z'))).toEqual(new Date('2026-11-01T06:30:00Z'));
    expect(quietHoursEnd(repeat, new Date('2026-11-01T05:10:00Z'))).toEqual(new Date('2026-11-01T05:30:00Z'));
  });

  it('agrees with a minute-by-minute reading of the wall clock', () => {
    const clock = fc
      .integer({ min: 0, max: 1439 })
      .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    const centres = [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-10-04T16:00:00Z',
      '2026-11-01T06:00:00Z',
    ].map(Date.parse);
    fc.assert(
      fc.property(
        fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Shanghai'),
        clock,
        clock,
        fc.constantFrom(...centres),
        fc.integer({ min: -36 * 60, max: 36 * 60 }),
        fc.integer({ min: 0, max: 59_999 }),
        (timeZone, start, end, centre, minutes, ms) => {
          fc.pre(start !== end);
          const quiet = { start, end, timeZone };
          const at = centre + minutes * MINUTE + ms;
          expect(quietHoursEnd(quiet, new Date(at))?.getTime() ?? null).toBe(bruteRelease(quiet, at));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('refuses an empty window and bad clock texts', () => {
    expect(() => checkQuietHours({ start: '08:00', end: '08:00', timeZone: 'UTC' })).toThrow(/hold nothing/);
    expect(() => checkQuietHours({ start: '8:00', end: '09:00', timeZone: 'UTC' })).toThrow(/time of day/);
    expect(inQuietWindow(night, parseClock('21:59'))).toBe(false);
    expect(inQuietWindow(night, parseClock('22:00'))).toBe(true);
    expect(inQuietWindow(night, parseClock('07:59'))).toBe(true);
  });
});
