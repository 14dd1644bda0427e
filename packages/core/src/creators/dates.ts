import { parseIsoDate } from '../plan/dates.js';

/** An ISO date as a whole number of days since 1970-01-01, for slopes over days. */
export function dayNumber(date: string): number {
  return parseIsoDate(date).getTime() / 86_400_000;
}
