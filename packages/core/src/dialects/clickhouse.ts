import { checkedDate } from '../plan/dates.js';
import type { Dialect, ParameterType } from '../plan/dialect.js';

const TRUNCATE = {
  day: 'toDate',
  week: 'toMonday',
  month: 'toStartOfMonth',
  quarter: 'toStartOfQuarter',
  year: 'toStartOfYear',
} as const;

const CLICKHOUSE_TYPES: Record<ParameterType, string> = { text: 'String', number: 'Float64', date: 'Date' };

/**
 * ClickHouse, written to run on the 18.16 server Debian ships and on current releases alike:
 * no window functions, no joins in KPI queries, typed `{pN:Type}` placeholders (bound by the
 * server where it supports query parameters, rendered by one escaping function where not).
 */
export const clickHouseDialect: Dialect = {
  name: 'clickhouse',
  nullableTypes: true,
  sortedTables: true,
  // Keys only sort; nothing stops two rows with the same one.
  enforcedKeys: false,
  quote: (identifier) => `\`${identifier.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  parameter: (index, type) => `{p${index}:${CLICKHOUSE_TYPES[type]}}`,
  dateLiteral: (isoDate) => `toDate('${checkedDate(isoDate)}')`,
  truncateDate: (grain, expression) => `${TRUNCATE[grain]}(${expression})`,
  addToDate: (expression, amount, unit) =>
    `${unit === 'day' ? 'addDays' : 'addMonths'}(${expression}, ${Math.trunc(amount)})`,
  divide: (numerator, denominator) => `(${numerator} / nullIf(${denominator}, 0))`,
  lastValue: (value, order) => `argMax(${value}, ${order})`,
  nullNumber: () => 'CAST(NULL AS Nullable(Float64))',
  nullString: () => 'CAST(NULL AS Nullable(String))',
  formatDate: (expression) => `toString(${expression})`,
  toFloat: (expression) => `toNullable(toFloat64(${expression}))`,
};
