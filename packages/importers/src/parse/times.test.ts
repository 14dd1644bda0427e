import { describe, expect, it } from 'vitest';
import { parseId } from './ids.js';
import { parseTime } from './times.js';

const utc = (text: string) => Date.parse(`${text}Z`);

describe('parseTime', () => {
  it('reads wall-clock times in the zone, by hand: Shanghai is UTC+8 all year', () => {
    expect(parseTime('2026-05-01 20:15:40', 'Asia/Shanghai')).toEqual({
      ok: true,
      at: utc('2026-05-01T12:15:40'),
      day: '2026-05-01',
    });
    // Early morning in Shanghai is the previous day in UTC; the day kept is the one written.
    expect(parseTime('2026/5/3 7:05', 'Asia/Shanghai')).toEqual({
      ok: true,
      at: utc('2026-05-02T23:05:00'),
      day: '2026-05-03',
    });
    expect(parseTime('2026年5月3日 09:30:00', 'Asia/Shanghai')).toMatchObject({
      at: utc('2026-05-03T01:30:00'),
    });
    expect(parseTime('2026-05-03T09:30:00.250', 'UTC')).toMatchObject({ at: utc('2026-05-03T09:30:00.250') });
    // A day alone is its midnight.
    expect(parseTime('2026-05-03', 'Asia/Shanghai')).toMatchObject({ at: utc('2026-05-02T16:00:00') });
  });

  it('takes a written offset over the zone', () => {
    expect(parseTime('2026-05-08 10:15:00 -0400', 'Asia/Shanghai')).toEqual({
      ok: true,
      at: utc('2026-05-08T14:15:00'),
      day: '2026-05-08',
    });
    expect(parseTime('2026-05-08T22:05:10+02:00', 'UTC')).toMatchObject({ at: utc('2026-05-08T20:05:10') });
    expect(parseTime('2026-05-08T22:05:10Z', 'Asia/Shanghai')).toMatchObject({
      at: utc('2026-05-08T22:05:10'),
    });
  });

  it('follows daylight saving in New York: −5 in winter, −4 in summer, the gap moved forward', () => {
    expect(parseTime('2026-01-15 12:00:00', 'America/New_York')).toMatchObject({
      at: utc('2026-01-15T17:00:00'),
    });
    expect(parseTime('2026-07-15 12:00:00', 'America/New_York')).toMatchObject({
      at: utc('2026-07-15T16:00:00'),
    });
    // 8 March 2026, 02:30 does not exist (02:00 → 03:00): read as 03:30 EDT.
    expect(parseTime('2026-03-08 02:30:00', 'America/New_York')).toMatchObject({
      at: utc('2026-03-08T07:30:00'),
    });
    // 1 November 2026, 01:30 happens twice: the earlier, EDT.
    expect(parseTime('2026-11-01 01:30:00', 'America/New_York')).toMatchObject({
      at: utc('2026-11-01T05:30:00'),
    });
  });

  it('tells epoch seconds, milliseconds and microseconds apart by their digits', () => {
    const at = utc('2026-05-01T08:00:00');
    expect(parseTime('1777622400', 'UTC')).toEqual({ ok: true, at, day: '2026-05-01' });
    expect(parseTime('1777622400000', 'UTC')).toEqual({ ok: true, at, day: '2026-05-01' });
    expect(parseTime('1777622400999999', 'UTC')).toEqual({ ok: true, at: at + 999, day: '2026-05-01' });
    // The day of an epoch number is the local one: 16:00 UTC is past midnight in Shanghai.
    expect(parseTime(1777651200, 'Asia/Shanghai')).toEqual({
      ok: true,
      at: utc('2026-05-01T16:00:00'),
      day: '2026-05-02',
    });
  });

  it('reads a workbook date-time number in the zone', () => {
    // 46143 is 2026-05-01; .5 is noon.
    expect(parseTime(46143.5, 'Asia/Shanghai')).toEqual({
      ok: true,
      at: utc('2026-05-01T04:00:00'),
      day: '2026-05-01',
    });
  });

  it('gives no value for empty cells and placeholders, and a reason for anything else', () => {
    expect(parseTime(null, 'UTC')).toEqual({ ok: true, at: null });
    expect(parseTime('  ', 'UTC')).toEqual({ ok: true, at: null });
    expect(parseTime('--', 'UTC')).toEqual({ ok: true, at: null });
    expect(parseTime('2026-02-30 10:00', 'UTC')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a date'),
    });
    expect(parseTime('2026-05-01 24:00', 'UTC')).toMatchObject({ ok: false });
    expect(parseTime('12345', 'UTC')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('10, 13 or 16'),
    });
    expect(parseTime('yesterday', 'UTC')).toMatchObject({ ok: false });
  });
});

describe('parseId', () => {
  it('reads the text inside the ="…" formulas shop exports write', () => {
    expect(parseId('="3245678901234567890"')).toEqual({ value: '3245678901234567890' });
    expect(parseId('=""')).toEqual({ value: null });
  });
});
