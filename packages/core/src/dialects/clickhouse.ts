import { checkedDate } from '../plan/dates.js';
import type { Dialect, ListFunctions, ParameterType } from '../plan/dialect.js';

const TRUNCATE = {
  day: 'toDate',
  week: 'toMonday',
  month: 'toStartOfMonth',
  quarter: 'toStartOfQuarter',
  year: 'toStartOfYear',
} as const;

const CLICKHOUSE_TYPES: Record<ParameterType, string> = { text: 'String', number: 'Float64', date: 'Date' };

const params = (count: number, first = 1) =>
  Array.from({ length: count }, (_, index) => `l_${index + first}`);
const lambda = (names: readonly string[]) => (names.length === 1 ? names[0]! : `(${names.join(', ')})`);

/**
 * Lambdas of ClickHouse 18.16 see only their own arguments (a column of the row inside one is
 * an unknown identifier), so nothing looks a list up by index: counts come from ranking two
 * lists together and lookups from merging by sort and a running sum. Identical subexpressions
 * are computed once, so each function is one expression.
 */
const clickHouseLists: ListFunctions = {
  inlineSteps: true,
  sortedTuples: (fields, condition) => `arraySort(groupArrayIf(tuple(${fields.join(', ')}), ${condition}))`,
  field: (list, index) => `arrayMap(l_1 -> tupleElement(l_1, ${index}), ${list})`,
  joinedText: (value, keys, condition, separator) =>
    `arrayStringConcat(arrayMap(l_1 -> tupleElement(l_1, ${keys.length + 1}), arraySort(groupArrayIf(tuple(${[...keys, value].join(', ')}), ${condition}))), '${separator}')`,
  text: (expression) => `toString(${expression})`,
  length: (list) => `length(${list})`,
  indexes: (list) => `arrayMap(l_1 -> toInt64(l_1), arrayEnumerate(${list}))`,
  map: (lists, body) => {
    const names = params(lists.length);
    return `arrayMap(${lambda(names)} -> ${body(names)}, ${lists.join(', ')})`;
  },
  concat: (lists) => `arrayConcat(${lists.join(', ')})`,
  constant: (list, value) => `arrayMap(l_1 -> ${value}, ${list})`,
  append: (list, value) => `arrayPushBack(${list}, ${value})`,
  sortedDistinct: (list) => `arraySort(arrayDistinct(${list}))`,
  tuple: (fields) => `tuple(${fields.join(', ')})`,
  integer: (expression) => `toInt64(${expression})`,
  countBefore: (sorted, queries, strict, name) => {
    // On equal keys the queries go first when counting strictly smaller elements, last
    // otherwise; equal queries keep their order by their position.
    const [sortedTag, queryTag] = strict ? [1, 0] : [0, 1];
    const both = `arraySort(arrayConcat(arrayMap(l_1 -> tuple(l_1, ${sortedTag}, toUInt32(0)), ${sorted}), arrayMap((l_1, l_2) -> tuple(l_1, ${queryTag}, l_2), ${queries}, arrayEnumerate(${queries}))))`;
    // The queries' places in the merged list, in their own order: less their own positions.
    const places = `arrayFilter((l_1, l_2) -> tupleElement(l_2, 2) = ${queryTag}, arrayEnumerate(${both}), ${both})`;
    const expression = `arrayMap((l_1, l_2) -> toInt64(l_1) - toInt64(l_2), ${places}, arrayEnumerate(${queries}))`;
    return [{ name, expression }];
  },
  gather: (values, indexes, name) => {
    // Each value goes in at its own position with the step from the previous value, each
    // request at the position it asks for, after it; a running sum over the merged list then
    // reads the value at every request, which a sort puts back in the requests' order.
    const keys = `arrayConcat(arrayMap(l_1 -> tuple(toInt64(l_1), toInt64(0), toInt64(0)), arrayEnumerate(${values})), arrayMap((l_1, l_2) -> tuple(toInt64(l_1), toInt64(1), toInt64(l_2)), ${indexes}, arrayEnumerate(${indexes})))`;
    const steps = `arrayConcat(arrayMap((l_1, l_2) -> toInt64(l_1) - toInt64(l_2), ${values}, arrayPushFront(arrayPopBack(${values}), 0)), arrayMap(l_1 -> toInt64(0), ${indexes}))`;
    const sortedKeys = `arraySort(${keys})`;
    const running = `arrayCumSum(arraySort((l_1, l_2) -> l_2, ${steps}, ${keys}))`;
    const read = `arrayFilter((l_1, l_2) -> tupleElement(l_2, 2) = 1, ${running}, ${sortedKeys})`;
    const order = `arrayMap(l_1 -> tupleElement(l_1, 3), arrayFilter(l_1 -> tupleElement(l_1, 2) = 1, ${sortedKeys}))`;
    return [{ name, expression: `arraySort((l_1, l_2) -> l_2, ${read}, ${order})` }];
  },
  unnest: (source, keep, lists) =>
    `SELECT ${[...keep, ...lists.map((entry) => entry.as)].join(', ')} FROM (${source}) ARRAY JOIN ${lists.map((entry) => `${entry.list} AS ${entry.as}`).join(', ')}`,
};

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
  dayOffsets: (count) => `range(toUInt32(${count}))`,
  addToDate: (expression, amount, unit) =>
    `${unit === 'day' ? 'addDays' : 'addMonths'}(${expression}, ${Math.trunc(amount)})`,
  divide: (numerator, denominator) => `(${numerator} / nullIf(${denominator}, 0))`,
  lastValue: (value, order) => `argMax(${value}, ${order})`,
  nullNumber: () => 'CAST(NULL AS Nullable(Float64))',
  nullString: () => 'CAST(NULL AS Nullable(String))',
  formatDate: (expression) => `toString(${expression})`,
  toFloat: (expression) => `toNullable(toFloat64(${expression}))`,
  lists: clickHouseLists,
};
