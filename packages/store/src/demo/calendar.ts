/** Day arithmetic on `YYYY-MM-DD` strings, in UTC, with no reference to the current time. */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export function epochDay(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: ${iso}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The days of a period, with what the generator needs to know about each. */
export class Calendar {
  readonly first: number;
  readonly length: number;
  /** `YYYY-MM-DD` of each day. */
  readonly dates: readonly string[];
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: Uint8Array;
  /** Day of year, 0-based. */
  readonly dayOfYear: Uint16Array;
  /** Index of the calendar month the day falls in (0 = the period's first month). */
  readonly month: Uint16Array;
  /** First day (index) of each month, dated the 1st; the first month starts at the period's start. */
  readonly monthStarts: readonly number[];

  constructor(from: string, to: string) {
    this.first = epochDay(from);
    this.length = epochDay(to) - this.first + 1;
    const dates: string[] = [];
    this.weekday = new Uint8Array(this.length);
    this.dayOfYear = new Uint16Array(this.length);
    this.month = new Uint16Array(this.length);
    const monthStarts: number[] = [];
    for (let index = 0; index < this.length; index++) {
      const date = new Date((this.first + index) * DAY_MS);
      dates.push(date.toISOString().slice(0, 10));
      this.weekday[index] = (date.getUTCDay() + 6) % 7;
      this.dayOfYear[index] = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS);
      if (index === 0 || date.getUTCDate() === 1) monthStarts.push(index);
      this.month[index] = monthStarts.length - 1;
    }
    this.dates = dates;
    this.monthStarts = monthStarts;
  }

  /** Index of an ISO date in the period (may be outside 0…length-1). */
  index(iso: string): number {
    return epochDay(iso) - this.first;
  }
}
