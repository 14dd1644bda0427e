/**
 * Quiet hours: a window of the local day (22:00–08:00 crosses midnight) in which messages that
 * are not urgent wait. Convention: the window holds local times from `start` up to but not
 * including `end`, read on the wall clock of the time zone; a held message is released at the
 * first instant, at or after it was due, whose wall clock is outside the window. Across a
 * daylight-saving jump that is the jump itself when `end` falls in the gap, and the second
 * `end` when the clock repeats the night's last hour. Critical messages are urgent and never
 * wait; the dashboard's inbox is silent and never waits either.
 */
import { z } from 'zod';
import { MarkpiError } from '../errors.js';
import type { Severity } from './notification.js';
import { firstInstantAtOrAfterLocal, instantsOfLocal, localTimeOf, parseClock } from './zoned-time.js';

export const quietHoursSchema = z.strictObject({
  start: z.string().describe('local time the window opens, HH:MM'),
  end: z.string().describe('local time it closes, HH:MM; before `start` when it crosses midnight'),
  timeZone: z.string().optional().describe('IANA time zone; default: the workspace’s'),
});

export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

/** Checks the clock texts and that the window is not empty. */
export function checkQuietHours(quiet: QuietHours): QuietHours {
  const start = parseClock(quiet.start, 'quietHours.start');
  const end = parseClock(quiet.end, 'quietHours.end');
  if (start === end) {
    throw new MarkpiError('invalid_request', 'quiet hours that start when they end hold nothing', [
      { message: 'start equals end', path: 'quietHours.end', hint: 'remove quiet hours, or give an end' },
    ]);
  }
  return quiet;
}

/** Whether a local time of day (minutes after midnight) lies in the window. */
export function inQuietWindow(quiet: QuietHours, minutes: number): boolean {
  const start = parseClock(quiet.start, 'quietHours.start');
  const end = parseClock(quiet.end, 'quietHours.end');
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * When quiet hours holding a message due at `at` end; null when `at` is outside them. The end is
 * the local `end` of the day the window closes on: the same local day, or the next one when the
 * window crossed midnight and `at` is before it.
 */
export function quietHoursEnd(quiet: QuietHours, at: Date): Date | null {
  const local = localTimeOf(quiet.timeZone, at);
  if (!inQuietWindow(quiet, local.minutes)) return null;
  const start = parseClock(quiet.start, 'quietHours.start');
  const end = parseClock(quiet.end, 'quietHours.end');
  const closesOn = start > end && local.minutes >= start ? nextDate(local.date) : local.date;
  const readings = instantsOfLocal(quiet.timeZone, closesOn, end);
  // In a repeated hour the first reading of `end` may already be behind us.
  const after = readings.find((instant) => instant.getTime() > at.getTime());
  if (after) return after;
  if (readings.length === 0) return firstInstantAtOrAfterLocal(quiet.timeZone, closesOn, end);
  // Unreachable: a wall clock inside the window has the window's end ahead of it.
  throw new Error(`quiet hours around ${at.toISOString()} have no end`);
}

/** When a message of this severity, due at `at`, may go out: critical ones at once. */
export function releaseTime(quiet: QuietHours | null, severity: Severity, at: Date): Date {
  if (quiet === null || severity === 'critical') return at;
  return quietHoursEnd(quiet, at) ?? at;
}
