import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cadence, latestSlotAtOrBefore, nextSlotAfter, planRun, type Schedule } from './schedule.js';
import { localTimeOf, parseClock } from './zoned-time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Slots found by reading the wall clock of every minute (independent of the solver): hourly,
 * every minute showing the minute; daily and weekly, per local date the first minute showing the
 * time, or in a spring gap the minute showing the time moved forward by the gap.
 */
function bruteSlots(schedule: Schedule, from: number, to: number): number[] {
  const slots: number[] = [];
  const { cadence, timeZone } = schedule;
  if (cadence.every === 'hour') {
    for (let instant = from; instant <= to; instant += MINUTE)
      if (localTimeOf(timeZone, instant).minutes % 60 === cadence.minute) slots.push(instant);
    return slots;
  }
  const at = parseClock(cadence.at);
  const byDate = new Map<string, { exact?: number; jump?: { instant: number; skipped: number } }>();
  let previous = localTimeOf(timeZone, from - MINUTE);
  for (let instant = from; instant <= to; instant += MINUTE) {
    const local = localTimeOf(timeZone, instant);
    const entry = byDate.get(local.date) ?? {};
    if (local.minutes === at && entry.exact === undefined) entry.exact = instant;
    // A jump over `at` on the same date: minutes skipped between the two readings.
    if (local.date === previous.date && previous.minutes < at && local.minutes > at)
      entry.jump = { instant, skipped: local.minutes - previous.minutes - 1 };
    byDate.set(local.date, entry);
    previous = local;
  }
  for (const [date, entry] of byDate) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    if (cadence.every === 'week' && weekday !== cadence.weekday) continue;
    if (entry.exact !== undefined) slots.push(entry.exact);
    else if (entry.jump) {
      // Moved forward by the gap: the jump lands on (previous + 1 + skipped); `at` is `gapIndex` into it.
      const before = localTimeOf(timeZone, entry.jump.instant - MINUTE).minutes;
      slots.push(entry.jump.instant + (at - before - 1) * MINUTE);
    }
  }
  return slots.filter((slot) => slot >= from && slot <= to).sort((a, b) => a - b);
}

describe('schedules', () => {
  const shanghaiDaily: Schedule = { cadence: { every: 'day', at: '08:30' }, timeZone: 'Asia/Shanghai' };

  it('finds slots by hand', () => {
    // 08:30 in Shanghai is 00:30Z.
    expect(nextSlotAfter(shanghaiDaily, new Date('2026-03-01T09:00:00Z'))).toEqual(
      new Date('2026-03-02T00:30:00Z'),
    );
    expect(nextSlotAfter(shanghaiDaily, new Date('2026-03-02T00:30:00Z'))).toEqual(
      new Date('2026-03-03T00:30:00Z'),
    );
    expect(latestSlotAtOrBefore(shanghaiDaily, new Date('2026-03-02T00:30:00Z'))).toEqual(
      new Date('2026-03-02T00:30:00Z'),
    );
    // Mondays at 09:00 in Shanghai: 2026-03-02 is a Monday.
    const weekly: Schedule = {
      cadence: { every: 'week', weekday: 1, at: '09:00' },
      timeZone: 'Asia/Shanghai',
    };
    expect(nextSlotAfter(weekly, new Date('2026-03-02T01:00:00Z'))).toEqual(new Date('2026-03-09T01:00:00Z'));
    // Minute 5 of each hour in Kathmandu (+05:45) is minute 20 of the UTC hour.
    const hourly: Schedule = { cadence: { every: 'hour', minute: 5 }, timeZone: 'Asia/Kathmandu' };
    expect(nextSlotAfter(hourly, new Date('2026-03-01T10:20:00Z'))).toEqual(new Date('2026-03-01T11:20:00Z'));
    // 02:30 on New York's spring-forward day does not exist: the slot moves to 03:30 EDT.
    const newYork: Schedule = { cadence: { every: 'day', at: '02:30' }, timeZone: 'America/New_York' };
    expect(nextSlotAfter(newYork, new Date('2026-03-07T12:00:00Z'))).toEqual(
      new Date('2026-03-08T07:30:00Z'),
    );
    expect(nextSlotAfter(newYork, new Date('2026-03-08T07:30:00Z'))).toEqual(
      new Date('2026-03-09T06:30:00Z'),
    );
  });

  it('runs a missed schedule once, for the latest slot, and counts the ones skipped', () => {
    // Due on 2 March at 08:30; the server was down until 5 March 10:00 (local).
    const plan = planRun(shanghaiDaily, new Date('2026-03-02T00:30:00Z'), new Date('2026-03-05T02:00:00Z'));
    expect(plan).toEqual({
      due: true,
      slot: new Date('2026-03-05T00:30:00Z'),
      missed: 3,
      nextDue: new Date('2026-03-06T00:30:00Z'),
    });
    // The same plan asked again after the run has nothing to do.
    expect(planRun(shanghaiDaily, plan.nextDue, new Date('2026-03-05T02:00:00Z'))).toEqual({
      due: false,
      nextDue: new Date('2026-03-06T00:30:00Z'),
    });
    // On time: nothing skipped.
    expect(
      planRun(shanghaiDaily, new Date('2026-03-02T00:30:00Z'), new Date('2026-03-02T00:30:00Z')),
    ).toMatchObject({ due: true, missed: 0, slot: new Date('2026-03-02T00:30:00Z') });
  });

  it('agrees with a minute-by-minute reading of the wall clock, across transitions', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Asia/Shanghai',
    ];
    const cadences = fc.oneof(
      fc.record({ every: fc.constant('hour' as const), minute: fc.integer({ min: 0, max: 59 }) }),
      fc.record({
        every: fc.constant('day' as const),
        at: fc
          .integer({ min: 0, max: 1439 })
          .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`),
      }),
      fc.record({
        every: fc.constant('week' as const),
        weekday: fc.integer({ min: 1, max: 7 }),
        at: fc.constantFrom('00:15', '01:30', '02:30', '09:00', '23:45'),
      }),
    );
    // Windows around the 2026 transitions of the zones above.
    const centres = [
      '2026-03-08T07:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-04T15:00:00Z',
      '2026-10-25T01:00:00Z',
      '2026-11-01T06:00:00Z',
    ].map(Date.parse);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        cadences,
        fc.constantFrom(...centres),
        fc.integer({ min: -2 * 24 * 60, max: 2 * 24 * 60 }),
        (timeZone, cadence, centre, offset) => {
          const schedule: Schedule = { cadence: cadence as Cadence, timeZone };
          const at = centre + offset * MINUTE + 17_000;
          const span = cadence.every === 'week' ? 8 * DAY : 2 * DAY;
          const from = Math.floor((at - span) / MINUTE) * MINUTE;
          const slots = bruteSlots(schedule, from, at + span);
          const next = slots.find((slot) => slot > at);
          const latest = slots.filter((slot) => slot <= at).pop();
          if (next !== undefined) expect(nextSlotAfter(schedule, new Date(at)).getTime()).toBe(next);
          if (latest !== undefined)
            expect(latestSlotAtOrBefore(schedule, new Date(at)).getTime()).toBe(latest);
        },
      ),
      { numRuns: 24 },
    );
  });

  it('counts skipped slots as a step-by-step replay would', () => {
    const hourly: Schedule = { cadence: { every: 'hour', minute: 0 }, timeZone: 'Europe/London' };
    // Down from 00:00Z to 05:30Z on the autumn night (01:00 local repeats): slots every UTC hour.
    const plan = planRun(hourly, new Date('2026-10-25T00:00:00Z'), new Date('2026-10-25T05:30:00Z'));
    expect(plan).toMatchObject({ due: true, slot: new Date('2026-10-25T05:00:00Z'), missed: 5 });
  });
});
