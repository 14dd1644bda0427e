/**
 * Rollups on ClickHouse, as the loads build them: a rollup table is partitioned by the month of
 * each row's bucket (`toYYYYMM(date)`, `date` the bucket's first day), so a load that changes
 * fact rows builds the new content of the rollup months holding them (the touched keys summed
 * again, the others copied) and swaps them in beside the fact's partitions.
 *
 * The rows are core's convention (`core/src/rollups/definition.ts`): per bucket and kept
 * dimensions, the sum of each held column (null when every row held null) and the raw rows
 * counted; each row also carries the id of the load that built it (`import_id`), which the
 * loads' swap machinery reads to keep a swap idempotent.
 */
import {
  addDays,
  addMonths,
  bucketStart,
  clickHouseDialect,
  nextBucket,
  ROLLUP_ROWS_COLUMN,
  type RollupGrain,
  type RollupTable,
} from '@markpi/core';

const q = (name: string) => clickHouseDialect.quote(name);

/** The column of a ClickHouse rollup row naming the load that wrote it. */
export const ROLLUP_LOAD_COLUMN = 'import_id';

/** The columns a ClickHouse rollup table holds, in order. */
export function clickHouseRollupColumns(rollup: RollupTable): string[] {
  return ['date', ...rollup.dimensions, ...rollup.columns, ROLLUP_ROWS_COLUMN, ROLLUP_LOAD_COLUMN];
}

/** `YYYYMM` of an ISO date, as `toYYYYMM` gives it. */
export function monthKey(isoDate: string): string {
  return `${isoDate.slice(0, 4)}${isoDate.slice(5, 7)}`;
}

function firstDayOf(month: string): string {
  return `${month.slice(0, 4)}-${month.slice(4, 6)}-01`;
}

/** The first bucket starting on or after `day`. */
function firstBucketFrom(grain: RollupGrain, day: string): string {
  const start = bucketStart(grain, day);
  return start === day ? day : nextBucket(grain, start);
}

/**
 * The days whose rows make up the buckets starting in a month, `[from, toExclusive)`: the month
 * itself for days and months; for weeks, from its first Monday to the next month's first Monday
 * (a week starting on the 29th ends in the next month).
 */
export function daysOfRollupMonth(grain: RollupGrain, month: string): { from: string; toExclusive: string } {
  const first = firstDayOf(month);
  return { from: firstBucketFrom(grain, first), toExclusive: firstBucketFrom(grain, addMonths(first, 1)) };
}

/** The rollup months holding a bucket with a day of fact month `month`. */
export function rollupMonthsOfFactMonth(grain: RollupGrain, month: string): string[] {
  const earliest = monthKey(bucketStart(grain, firstDayOf(month)));
  return earliest === month ? [month] : [earliest, month];
}

/** The fact months whose rows a rollup month's buckets read. */
export function factMonthsOfRollupMonth(grain: RollupGrain, month: string): string[] {
  const days = daysOfRollupMonth(grain, month);
  const last = monthKey(addDays(days.toExclusive, -1));
  return last === month ? [month] : [month, last];
}

/**
 * `SELECT` of a rollup's rows in `clickHouseRollupColumns` order from `source` (a table or a
 * parenthesised subquery with the fact's columns), restricted by `conditions` on the source's
 * rows; the load's id is the parameter `{p0:String}`. Inner columns are renamed first: ClickHouse
 * reads an alias that shadows a column as the alias. A source of partial sums (rows of a finer
 * rollup) names its row counts in `counted`: they are added up instead of its rows counted, and
 * its sums summed again (a null where every partial sum is null stays null, as a sum of raw rows
 * all null is).
 */
export function clickHouseRollupRowsSql(
  rollup: RollupTable,
  source: string,
  conditions: readonly string[] = [],
  counted?: string,
): string {
  const dimensions = rollup.dimensions.map((dimension, index) => ({
    column: dimension,
    inner: `d_${index}`,
  }));
  const sums = rollup.columns.map((column, index) => ({ column, inner: `c_${index}` }));
  const inner = `SELECT ${[
    `${clickHouseDialect.truncateDate(rollup.grain, q('date'))} AS rollup_bucket`,
    ...[...dimensions, ...sums].map((entry) => `${q(entry.column)} AS ${entry.inner}`),
    ...(counted ? [`${q(counted)} AS counted_rows`] : []),
  ].join(', ')} FROM ${source}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
  const outer = [
    `rollup_bucket AS ${q('date')}`,
    ...dimensions.map((entry) => `${entry.inner} AS ${q(entry.column)}`),
    ...sums.map((entry) => `${clickHouseDialect.toFloat(`sum(${entry.inner})`)} AS ${q(entry.column)}`),
    `toInt64(${counted ? 'sum(counted_rows)' : 'count()'}) AS ${q(ROLLUP_ROWS_COLUMN)}`,
    `{p0:String} AS ${q(ROLLUP_LOAD_COLUMN)}`,
  ];
  return `SELECT ${outer.join(', ')} FROM (${inner}) GROUP BY ${['rollup_bucket', ...dimensions.map((entry) => entry.inner)].join(', ')}`;
}

/** Conditions keeping a source's rows of the days `[from, toExclusive)`. */
export function daysWithin(range: { from: string; toExclusive: string }): string[] {
  return [
    `${q('date')} >= ${clickHouseDialect.dateLiteral(range.from)}`,
    `${q('date')} < ${clickHouseDialect.dateLiteral(range.toExclusive)}`,
  ];
}

/**
 * Kept dimensions as comparable key columns, for `IN` against a table of keys: per dimension
 * whether it is null and its text (so a null and an empty text stay apart, and no Nullable type
 * enters a tuple). `columns` name them in such a table (`k0_null`, `k0_value`, … in the order
 * given); `expressions` compute them from a row of the fact or of a rollup.
 */
export function rollupKeyColumns(dimensions: readonly string[]): {
  columns: string[];
  expressions: string[];
} {
  return {
    columns: dimensions.flatMap((_, index) => [`k${index}_null`, `k${index}_value`]),
    expressions: dimensions.flatMap((dimension) => [
      `isNull(${q(dimension)})`,
      `ifNull(${q(dimension)}, '')`,
    ]),
  };
}

/**
 * The rollup months holding a bucket of the given days (ascending ISO dates), each with its
 * first and last such bucket, by month.
 */
export function touchedRollupMonths(
  grain: RollupGrain,
  days: readonly string[],
): { month: string; first: string; last: string }[] {
  const months = new Map<string, { month: string; first: string; last: string }>();
  for (const day of days) {
    const bucket = bucketStart(grain, day);
    const month = monthKey(bucket);
    const known = months.get(month);
    if (!known) months.set(month, { month, first: bucket, last: bucket });
    else {
      if (bucket < known.first) known.first = bucket;
      if (bucket > known.last) known.last = bucket;
    }
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}
