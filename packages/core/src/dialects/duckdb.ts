import { checkedDate } from '../plan/dates.js';
import type { Dialect, ListFunctions } from '../plan/dialect.js';

const DATE_PARTS = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;

/**
 * DuckDB's lambdas read the row's columns, but an expression inside one is computed again for
 * every element: functions look columns up by index and name every list they compute twice.
 */
const duckDbLists: ListFunctions = {
  // A name read in the same SELECT is its expression again: computed anew inside every lambda.
  inlineSteps: false,
  // Ordered aggregates sort group by group; one unordered list sorted afterwards is far faster.
  sortedTuples: (fields, condition) =>
    `COALESCE(list_sort(list(row(${fields.join(', ')})) FILTER (WHERE ${condition})), [])`,
  field: (list, index) => `list_transform(${list}, lambda l_e: l_e[${index}])`,
  joinedText: (value, keys, condition, separator) =>
    `COALESCE(array_to_string(list_transform(list_sort(list(row(${[...keys, value].join(', ')})) FILTER (WHERE ${condition})), lambda l_e: l_e[${keys.length + 1}]), '${separator}'), '')`,
  text: (expression) => `CAST(${expression} AS VARCHAR)`,
  length: (list) => `len(${list})`,
  indexes: (list) => `range(1, len(${list}) + 1)`,
  // The first list's elements come as the lambda's argument, the others by its index.
  map: (lists, body) =>
    `list_transform(${lists[0]}, lambda l_e, l_i: ${body(['l_e', ...lists.slice(1).map((list) => `${list}[l_i]`)])})`,
  concat: (lists) => lists.reduce((joined, list) => `list_concat(${joined}, ${list})`),
  constant: (list, value) => `list_transform(${list}, lambda l_e: ${value})`,
  append: (list, value) => `list_append(${list}, ${value})`,
  sortedDistinct: (list) => `list_sort(list_distinct(${list}))`,
  tuple: (fields) => `row(${fields.join(', ')})`,
  integer: (expression) => `CAST(${expression} AS BIGINT)`,
  countBefore: (sorted, queries, strict, name) => {
    // On equal keys the queries go first when counting strictly smaller elements, last
    // otherwise; equal queries keep their order by their position.
    const [sortedTag, queryTag] = strict ? [1, 0] : [0, 1];
    const both = `${name}__both`;
    return [
      {
        name: both,
        expression: `list_sort(list_concat(list_transform(${sorted}, lambda l_e: row(l_e, ${sortedTag}, CAST(0 AS BIGINT))), list_transform(${queries}, lambda l_e, l_i: row(l_e, ${queryTag}, l_i))))`,
      },
      {
        // The queries' places in the merged list, in their own order, less their own positions.
        name,
        expression: `list_transform(list_where(range(1, len(${both}) + 1), list_transform(${both}, lambda l_e: l_e[2] = ${queryTag})), lambda l_e, l_i: l_e - l_i)`,
      },
    ];
  },
  gather: (values, indexes, name) => [
    { name, expression: `list_transform(${indexes}, lambda l_e: ${values}[l_e])` },
  ],
  unnest: (source, keep, lists) =>
    `SELECT ${[...keep, ...lists.map((entry) => `unnest(${entry.list}) AS ${entry.as}`)].join(', ')} FROM (${source})`,
};

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
  dayOffsets: (count) => `CAST(range(CAST(${count} AS BIGINT)) AS INTEGER[])`,
  addToDate: (expression, amount, unit) =>
    `CAST(${expression} + INTERVAL (${Math.trunc(amount)}) ${unit === 'day' ? 'DAY' : 'MONTH'} AS DATE)`,
  divide: (numerator, denominator) => `(${numerator} / NULLIF(${denominator}, 0))`,
  lastValue: (value, order) => `arg_max(${value}, ${order})`,
  nullNumber: () => 'CAST(NULL AS DOUBLE)',
  nullString: () => 'CAST(NULL AS VARCHAR)',
  formatDate: (expression) => `strftime(${expression}, '%Y-%m-%d')`,
  toFloat: (expression) => `CAST(${expression} AS DOUBLE)`,
  lists: duckDbLists,
};
