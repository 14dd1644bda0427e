import { checkedDate } from '../plan/dates.js';
import type { Dialect } from '../plan/dialect.js';

const DATE_PARTS = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;

export const duckDbDialect: Dialect = {
  name: 'duckdb',
  nullableTypes: false,
  sortedTables: false,
  enforcedKeys: true,
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  parameter: (index, type) => (type === 'date' ? `CAST($${index + 1} AS DATE)` : `$${index + 1}`),
  // date_trunc on a DATE returns a TIMESTAMP in DuckDB; cast back so buckets stay dates.
  dateLiteral: (isoDate) => `DATE '${checkedDate(isoDate)}'`,
  truncateDate: (grain, expression) => `CAST(date_trunc('${DATE_PARTS[grain]}', ${expression}) AS DATE)`,
  addToDate: (expression, amount, unit) =>
    `CAST(${expression} + INTERVAL (${Math.trunc(amount)}) ${unit === 'day' ? 'DAY' : 'MONTH'} AS DATE)`,
  divide: (numerator, denominator) => `(${numerator} / NULLIF(${denominator}, 0))`,
  lastValue: (value, order) => `arg_max(${value}, ${order})`,
  nullNumber: () => 'CAST(NULL AS DOUBLE)',
  nullString: () => 'CAST(NULL AS VARCHAR)',
  formatDate: (expression) => `strftime(${expression}, '%Y-%m-%d')`,
  toFloat: (expression) => `CAST(${expression} AS DOUBLE)`,
};
