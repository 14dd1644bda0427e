import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstInstantAtOrAfterLocal,
  instantOfLocal,
  instantsOfLocal,
  localTimeOf,
  offsetMinutes,
  parseClock,
} from './zoned-time.js';

const MINUTE = 60_000;

/** Every whole-minute instant within ±30 hours of the local time read as UTC whose wall clock shows it. */
function bruteInstants(timeZone: string, date: string, minutes: number): number[] {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  const found: number[] = [];
  for (let instant = wall - 30 * 60 * MINUTE; instant <= wall + 30 * 60 * MINUTE; instant += MINUTE) {
    const local = localTimeOf(timeZone, instant);
    if (local.date === date && local.minutes === minutes) found.push(instant);
  }
  return found;
}

describe('zoned time', () => {
  it('reads offsets by hand: Shanghai, New York in winter and summer, Kathmandu, Lord Howe', () => {
    expect(offsetMinutes('Asia/Shanghai', new Date('2026-03-01T00:00:00Z'))).toBe(480);
    expect(offsetMinutes('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(offsetMinutes('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(offsetMinutes('Asia/Kathmandu', new Date('2026-07-15T12:00:00Z'))).toBe(345);
    // Lord Howe moves by half an hour: +11:00 in summer, +10:30 in winter.
    expect(offsetMinutes('Australia/Lord_Howe', new Date('2026-01-15T12:00:00Z'))).toBe(660);
    expect(offsetMinutes('Australia/Lord_Howe', new Date('2026-07-15T12:00:00Z'))).toBe(630);
  });

  it('gives local date, minutes and weekday', () => {
    // 2026-03-01T16:30Z is Monday 00:30 on 2 March in Shanghai.
    expect(localTimeOf('Asia/Shanghai', new Date('2026-03-01T16:30:00Z'))).toEqual({
      date: '2026-03-02',
      minutes: 30,
      weekday: 1,
    });
  });

  it('maps local times to none, one or two instants (New York, 2026)', () => {
    // Clocks jump from 02:00 to 03:00 on 8 March and fall back from 02:00 to 01:00 on 1 November.
    expect(instantsOfLocal('America/New_York', '2026-03-08', parseClock('02:30'))).toEqual([]);
    expect(instantsOfLocal('America/New_York', '2026-03-08', parseClock('03:30'))).toEqual([
      new Date('2026-03-08T07:30:00Z'),
    ]);
    expect(instantsOfLocal('America/New_York', '2026-11-01', parseClock('01:30'))).toEqual([
      new Date('2026-11-01T05:30:00Z'),
      new Date('2026-11-01T06:30:00Z'),
    ]);
    // The calendar convention: a gap time moves forward by the gap, a repeat takes the earlier.
    expect(instantOfLocal('America/New_York', '2026-03-08', parseClock('02:30'))).toEqual(
      new Date('2026-03-08T07:30:00Z'),
    );
    expect(instantOfLocal('America/New_York', '2026-11-01', parseClock('01:30'))).toEqual(
      new Date('2026-11-01T05:30:00Z'),
    );
    // The first instant at or past 02:30 on the spring day is the jump itself, 07:00Z (03:00 EDT).
    expect(firstInstantAtOrAfterLocal('America/New_York', '2026-03-08', parseClock('02:30'))).toEqual(
      new Date('2026-03-08T07:00:00Z'),
    );
  });

  it('agrees with a minute-by-minute scan around every 2026 transition of four zones', () => {
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Europe/London', '2026-03-29'],
      ['Europe/London', '2026-10-25'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Asia/Shanghai', '2026-06-18'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.integer({ min: 0, max: 1439 }),
        ([timeZone, date], minutes) => {
          const brute = bruteInstants(timeZone, date, minutes);
          expect(instantsOfLocal(timeZone, date, minutes).map((instant) => instant.getTime())).toEqual(brute);
          // At or after: the first whole minute whose wall clock on that date is at or past it.
          const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
          let first = wall - 30 * 60 * MINUTE;
          for (; ; first += MINUTE) {
            const local = localTimeOf(timeZone, first);
            if (local.date > date || (local.date === date && local.minutes >= minutes)) break;
          }
          expect(firstInstantAtOrAfterLocal(timeZone, date, minutes).getTime()).toBe(first);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses clock texts that are not times of day', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('23:59')).toBe(1439);
    for (const bad of ['24:00', '8:30', '08:60', '0830', ''])
      expect(() => parseClock(bad)).toThrow(/not a time of day/);
  });
});
