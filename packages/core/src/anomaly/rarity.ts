/**
 * How unusual a probability is, in words: how often chance alone would produce a value this far
 * from expected, counted in the series' own time. A slot's probability p means about one such
 * slot in 1/p; on a daily series p = 0.001 is "about once in 2.7 years".
 *
 * Levels: unusual (p above 1e-5), very unusual (above 1e-7), extremely unusual (below), and
 * beyond chance once the wait would be over 1,000 years. The wait is said with two significant
 * digits in hours (under two days, for series shorter than a day), days (under 60 days), months
 * (under two years) or years; monthly series in months or years.
 */

import type { MessageTerm } from '../targets/messages.js';
import { anomalyTerm, type TimeUnit } from './messages.js';
import { DAY_MS, type Grid, HOUR_MS } from './timeline.js';

export type RarityLevel = 'unusual' | 'very_unusual' | 'extremely_unusual' | 'beyond_chance';

export interface Rarity {
  level: RarityLevel;
  /** The wait for one such value by chance, in `unit`s (two significant digits). */
  count: number;
  unit: TimeUnit;
  message: MessageTerm;
}

const YEAR_DAYS = 365.25;
const MONTH_DAYS = YEAR_DAYS / 12;

const twoDigits = (value: number) => Number(value.toPrecision(2));

/** The wait for one value as unlikely as p, in the grid's time. */
export function waitFor(p: number, grid: Grid): { count: number; unit: TimeUnit; years: number } {
  const slots = 1 / Math.max(p, Number.MIN_VALUE);
  if (grid.cadence.kind === 'months') {
    const months = slots * grid.cadence.months;
    const years = months / 12;
    return months < 24
      ? { count: twoDigits(months), unit: 'month', years }
      : { count: twoDigits(years), unit: 'year', years };
  }
  const ms = slots * grid.cadence.stepMs;
  const days = ms / DAY_MS;
  const years = days / YEAR_DAYS;
  if (grid.cadence.stepMs < DAY_MS && ms < 2 * DAY_MS) {
    const hours = ms / HOUR_MS;
    return hours < 2
      ? { count: twoDigits(ms / 60_000), unit: 'minute', years }
      : { count: twoDigits(hours), unit: 'hour', years };
  }
  if (days < 60) return { count: twoDigits(days), unit: 'day', years };
  if (days < 2 * YEAR_DAYS) return { count: twoDigits(days / MONTH_DAYS), unit: 'month', years };
  return { count: twoDigits(years), unit: 'year', years };
}

export function rarityOf(p: number, grid: Grid): Rarity {
  const wait = waitFor(p, grid);
  if (wait.years > 1000) {
    return {
      level: 'beyond_chance',
      count: 1000,
      unit: 'year',
      message: anomalyTerm('anomaly.rarity.beyond_chance'),
    };
  }
  const level: RarityLevel = p > 1e-5 ? 'unusual' : p > 1e-7 ? 'very_unusual' : 'extremely_unusual';
  return {
    level,
    count: wait.count,
    unit: wait.unit,
    message: anomalyTerm(`anomaly.rarity.${level}`, { count: wait.count, unit: wait.unit }),
  };
}
