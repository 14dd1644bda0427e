/** Input checks the lift models share: every problem collected, then one `MarkpiError`. */
import { MarkpiError, type Problem } from '../errors.js';
import { parseIsoDate } from '../plan/dates.js';
import type { Period } from '../targets/periods.js';

export const DEFAULT_LEVEL = 0.95;

export class ProblemList {
  readonly problems: Problem[] = [];

  add(message: string, path?: string, hint?: string): void {
    this.problems.push({ message, ...(path === undefined ? {} : { path }), ...(hint ? { hint } : {}) });
  }

  /** Throws the collected problems as one error, if there are any. */
  check(what: string): void {
    if (this.problems.length > 0)
      throw new MarkpiError(
        'invalid_lift_input',
        `${what}: ${this.problems.length} problem(s) in the input`,
        this.problems,
      );
  }
}

/** Days since 1970-01-01 of an ISO date; null when it is not a calendar date. */
export function dayNumber(date: string): number | null {
  try {
    return Math.round(parseIsoDate(date).getTime() / 86_400_000);
  } catch {
    return null;
  }
}

/** Day numbers of strictly increasing calendar dates; problems for the others. */
export function checkDates(dates: readonly string[], path: string, problems: ProblemList): number[] {
  const numbers: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  dates.forEach((date, index) => {
    const day = dayNumber(date);
    if (day === null) problems.add(`not a date (YYYY-MM-DD): ${date}`, `${path}[${index}]`);
    else if (day <= previous)
      problems.add(`dates must increase: ${date} comes after ${dates[index - 1]}`, `${path}[${index}]`);
    numbers.push(day ?? Number.NaN);
    if (day !== null) previous = day;
  });
  if (dates.length === 0) problems.add('no dates', path);
  return numbers;
}

export function checkPeriod(period: Period, path: string, problems: ProblemList): boolean {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (from === null || to === null) {
    problems.add(`not a pair of dates (YYYY-MM-DD): ${period.from} … ${period.to}`, path);
    return false;
  }
  if (from > to) {
    problems.add(`starts ${period.from}, after it ends ${period.to}`, path);
    return false;
  }
  return true;
}

export function checkLevel(level: number, problems: ProblemList, path = 'level'): void {
  if (!(level > 0 && level < 1))
    problems.add(`the interval level must be between 0 and 1, got ${level}`, path);
}

export function checkProbability(value: number, path: string, problems: ProblemList): void {
  if (!(value > 0 && value < 1)) problems.add(`must be between 0 and 1 (exclusive), got ${value}`, path);
}

/** Whether an ISO date lies in an inclusive period (ISO dates order as strings). */
export function inPeriod(date: string, period: Period): boolean {
  return date >= period.from && date <= period.to;
}
