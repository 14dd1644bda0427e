/**
 * A dated FX table: how many units of the base currency one unit of a currency was worth on a
 * day. An amount is converted with the rate of its own day, or the latest earlier one; with
 * no rate on or before the day, the row is rejected with the reason — currencies are never
 * added up unconverted.
 */

import { type Refusal, refusal } from '../said.js';
export interface FxRate {
  date: string;
  currency: string;
  /** Units of the base currency per one unit of `currency`. */
  rate: number;
}

export type Conversion = { ok: true; value: number; rate: number; rateDate: string } | Refusal;

/** Converted amounts keep six decimals: enough for any currency, without float noise. */
const roundAmount = (value: number) => Math.round(value * 1e6) / 1e6;

export class FxTable {
  private readonly byCurrency = new Map<string, { dates: string[]; rates: number[] }>();

  constructor(
    readonly baseCurrency: string,
    rates: Iterable<FxRate> = [],
  ) {
    const grouped = new Map<string, Map<string, number>>();
    for (const { date, currency, rate } of rates) {
      const days = grouped.get(currency) ?? new Map<string, number>();
      days.set(date, rate);
      grouped.set(currency, days);
    }
    for (const [currency, days] of grouped) {
      const dates = [...days.keys()].sort();
      this.byCurrency.set(currency, { dates, rates: dates.map((date) => days.get(date)!) });
    }
  }

  /** This table with more rates; a later rate for the same day and currency wins. */
  with(rates: Iterable<FxRate>): FxTable {
    const all: FxRate[] = [];
    for (const [currency, { dates, rates: values }] of this.byCurrency) {
      dates.forEach((date, index) => {
        all.push({ date, currency, rate: values[index]! });
      });
    }
    return new FxTable(this.baseCurrency, [...all, ...rates]);
  }

  currencies(): string[] {
    return [...this.byCurrency.keys()].sort();
  }

  /** The rate in force on `date`: that day's, or the latest earlier one. */
  rateOn(currency: string, date: string): { rate: number; date: string } | undefined {
    if (currency === this.baseCurrency) return { rate: 1, date };
    const series = this.byCurrency.get(currency);
    if (!series) return undefined;
    let low = 0;
    let high = series.dates.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (series.dates[middle]! <= date) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found === -1 ? undefined : { rate: series.rates[found]!, date: series.dates[found]! };
  }

  convert(amount: number, currency: string, date: string): Conversion {
    if (currency === this.baseCurrency) return { ok: true, value: amount, rate: 1, rateDate: date };
    const rate = this.rateOn(currency, date);
    if (!rate) {
      const known = this.byCurrency.get(currency);
      const pair = { currency, base: this.baseCurrency };
      return known
        ? refusal('import.reason.no_rate_since', { ...pair, date, first: known.dates[0]! })
        : refusal('import.reason.no_rate', pair);
    }
    return { ok: true, value: roundAmount(amount * rate.rate), rate: rate.rate, rateDate: rate.date };
  }
}
