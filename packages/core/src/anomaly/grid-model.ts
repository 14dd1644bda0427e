/**
 * From timestamps to the model's slots: each distinct grid slot between the first and the last
 * timestamp, its phase and weekday, and how much history the model keeps for that step.
 *
 * History per step (a convention, the same for every detector):
 * - days: phase = weekday; 8 weeks of history, half-weight at 4 weeks; scored after 14 days;
 * - shorter steps (hours, minutes): phase = slot of the day plus a weekday effect; 4 weeks of
 *   history, half-weight at 2 weeks; scored after 8 days; refitted about every 1000 slots of
 *   history (every slot for hours, every 40 minutes for minutes) so a year of minutes stays
 *   quick;
 * - months (and quarters): phase = month of the year; 3 years, half-weight at 18 months;
 *   scored after 15 months;
 * - anything else (two days, a week): no phase; 60 slots, half-weight at 30; scored after 8.
 * Up to a week of alerting slots in a row (a day for shorter steps, 3 months for monthly
 * series, 7 slots otherwise) stay out of the fits before they are taken as the new normal.
 */
import type { Family, ModelSettings } from './model.js';
import { type Grid, gridOf, slotOf, slotTime, type Timestamp, wallClock, weekdayOf } from './timeline.js';

export const DEFAULT_ALERT_PROBABILITY = 1e-3;

export interface Placed<T> {
  grid: Grid;
  /** Slot count from the first timestamp's slot to the last one's. */
  length: number;
  /** For each slot, the inputs that fell in it (in input order). */
  members: T[][];
  /** Wall-clock time of each slot. */
  times: number[];
}

/** Puts items on the grid their timestamps make (timestamps already checked). */
export function placeOnGrid<T extends { timestamp: Timestamp }>(items: readonly T[]): Placed<T> {
  const times = items.map((item) => wallClock(item.timestamp)!);
  const grid = gridOf(times);
  if (items.length === 0) return { grid, length: 0, members: [], times: [] };
  const slots = times.map((time) => slotOf(grid, time));
  const length = slots.reduce((last, slot) => Math.max(last, slot), 0) + 1;
  const members: T[][] = Array.from({ length }, () => []);
  items.forEach((item, index) => {
    members[slots[index]!]!.push(item);
  });
  return { grid, length, members, times: Array.from({ length }, (_, slot) => slotTime(grid, slot)) };
}

/** Phase and weekday of a slot under the settings the grid gets. */
export function slotPhase(grid: Grid, time: number): { phase: number; weekday: number } {
  const { periods, cadence } = grid;
  if (periods.day !== null && cadence.kind === 'fixed') {
    const dayMs = 86_400_000;
    const phase = Math.floor((((time % dayMs) + dayMs) % dayMs) / cadence.stepMs);
    return { phase, weekday: weekdayOf(time) };
  }
  if (periods.week !== null) return { phase: weekdayOf(time), weekday: -1 };
  if (periods.year !== null && cadence.kind === 'months') {
    const month = new Date(time).getUTCMonth();
    return { phase: Math.floor(month / cadence.months) % periods.year, weekday: -1 };
  }
  return { phase: -1, weekday: -1 };
}

export function settingsFor(
  grid: Grid,
  family: Family,
  options: { alertProbability?: number; bands?: boolean } = {},
): ModelSettings {
  const { periods } = grid;
  const common = {
    family,
    alertProbability: options.alertProbability ?? DEFAULT_ALERT_PROBABILITY,
    bands: options.bands ?? true,
  };
  if (periods.day !== null) {
    const window = 28 * periods.day;
    return {
      ...common,
      phases: periods.day,
      weekdays: true,
      window,
      halfLife: window / 2,
      warmup: 8 * periods.day,
      refitEvery: Math.max(1, Math.round(window / 1000)),
      quarantine: periods.day,
    };
  }
  if (periods.week !== null) {
    return {
      ...common,
      phases: 7,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
    };
  }
  if (periods.year !== null) {
    const window = 3 * periods.year;
    return {
      ...common,
      phases: periods.year,
      weekdays: false,
      window,
      halfLife: window / 2,
      warmup: periods.year + Math.ceil(periods.year / 4),
      refitEvery: 1,
      quarantine: 3,
    };
  }
  return {
    ...common,
    phases: 0,
    weekdays: false,
    window: 60,
    halfLife: 30,
    warmup: 8,
    refitEvery: 1,
    quarantine: 7,
  };
}
