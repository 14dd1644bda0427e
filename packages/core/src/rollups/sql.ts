/**
 * The SQL that fills and refreshes a rollup from its fact, printed through a dialect so DuckDB
 * and ClickHouse read the same statements (no joins, no window functions). Identifiers come from
 * the model and from checked rollup names; dates the code computed are typed literals; an
 * import's id is a bound parameter.
 */
import type { Row } from '../data-shapes.js';
import { FACTS, type FactId } from '../model/facts.js';
import type { Dialect } from '../plan/dialect.js';
import { bucketStart, nextBucket } from './buckets.js';
import { ROLLUP_ROWS_COLUMN, type RollupGrain, type RollupTable, rollupTableName } from './definition.js';

/** The table of rollup definitions in a workspace: one row per rollup. */
export const ROLLUP_METADATA_TABLE = 'meta_rollups';

/** A rollup as its metadata row holds it (lists as JSON text), created at `created_at` (ISO). */
export function rollupFromRow(row: Row): RollupTable & { createdAt: string } {
  const list = (value: unknown): string[] => JSON.parse(String(value ?? '[]')) as string[];
  const name = String(row.name);
  return {
    name,
    fact: String(row.fact) as FactId,
    grain: String(row.grain) as RollupGrain,
    dimensions: list(row.dimensions),
    columns: list(row.columns),
    table: rollupTableName(name),
    ...(row.rows !== null && row.rows !== undefined ? { rows: Number(row.rows) } : {}),
    ...(row.days !== null && row.days !== undefined ? { days: Number(row.days) } : {}),
    createdAt: String(row.created_at),
  };
}

export interface Statement {
  sql: string;
  params: (string | number)[];
}

/** Which raw rows a refresh recomputes: whole buckets of these days, for these keys. */
export interface RollupRefreshScope {
  /** First and last day touched, inclusive. */
  from: string;
  to: string;
  /**
   * Limits the refresh to the key values (e.g. channel and account) of the rows an import wrote:
   * the fact's rows with this `import_id` give them. Only the key columns a rollup keeps narrow
   * its refresh; a rollup summing over them recomputes the whole buckets.
   */
  keysOf?: { importId: string; columns: readonly string[] };
}

/**
 * `SELECT` of a rollup's rows from its fact table: the bucket's first day as `date`, the kept
 * dimensions, each held column's sum (null when every row held null) and the row count.
 * `conditions` are extra SQL conditions on the fact's rows (aliased `fact_rows`).
 */
export function rollupSelectSql(
  dialect: Dialect,
  rollup: RollupTable,
  factTable: string,
  conditions: readonly string[] = [],
): string {
  const q = (identifier: string) => dialect.quote(identifier);
  const bucket = q('rollup_bucket');
  const dimensions = rollup.dimensions.map(q);
  const inner = `SELECT ${[
    `${dialect.truncateDate(rollup.grain, q('date'))} AS ${bucket}`,
    ...dimensions,
    ...rollup.columns.map(q),
  ].join(
    ', ',
  )} FROM ${q(factTable)} AS ${q('fact_rows')}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
  const sums = rollup.columns.map((column) => `${dialect.toFloat(`SUM(${q(column)})`)} AS ${q(column)}`);
  return `SELECT ${[`${bucket} AS ${q('date')}`, ...dimensions, ...sums, `COUNT(*) AS ${q(ROLLUP_ROWS_COLUMN)}`].join(', ')} FROM (${inner}) AS ${q('bucketed')} GROUP BY ${[bucket, ...dimensions].join(', ')}`;
}

/** The columns of a rollup table in order, as `rollupSelectSql` gives them. */
export function rollupTableColumns(rollup: RollupTable): string[] {
  return ['date', ...rollup.dimensions, ...rollup.columns, ROLLUP_ROWS_COLUMN];
}

/** Fills an empty rollup from the whole fact. */
export function rollupBuildStatement(dialect: Dialect, rollup: RollupTable, factTable: string): Statement {
  const q = (identifier: string) => dialect.quote(identifier);
  return {
    sql: `INSERT INTO ${q(rollup.table)} (${rollupTableColumns(rollup).map(q).join(', ')}) ${rollupSelectSql(dialect, rollup, factTable)}`,
    params: [],
  };
}

/** The whole buckets of a rollup's grain holding the days `from`–`to` (inclusive): `[from, toExclusive)`. */
export function bucketsHolding(
  rollup: RollupTable,
  from: string,
  to: string,
): { from: string; toExclusive: string } {
  return {
    from: bucketStart(rollup.grain, from),
    toExclusive: nextBucket(rollup.grain, bucketStart(rollup.grain, to)),
  };
}

/**
 * Statements that bring a rollup in step with its fact after the fact's rows of `scope` changed:
 * delete the rollup's rows of every bucket holding a touched day (for the touched keys it keeps)
 * and insert them again from the raw rows. Run inside the transaction that changed the fact, so
 * no reader sees one without the other.
 */
export function rollupRefreshStatements(
  dialect: Dialect,
  rollup: RollupTable,
  factTable: string,
  scope: RollupRefreshScope,
): Statement[] {
  const q = (identifier: string) => dialect.quote(identifier);
  const buckets = bucketsHolding(rollup, scope.from, scope.to);
  const inBuckets = (alias: string) => [
    `${alias}.${q('date')} >= ${dialect.dateLiteral(buckets.from)}`,
    `${alias}.${q('date')} < ${dialect.dateLiteral(buckets.toExclusive)}`,
  ];
  const keys = (scope.keysOf?.columns ?? []).filter((column) => rollup.dimensions.includes(column));
  const params: (string | number)[] = [];
  // The keys the import wrote, as one text per row compared with the set of them (computed once,
  // not per row). Two keys may print alike (a null and the text `(null)`, a `|` inside a value):
  // both are then refreshed, which is exact too, as the delete and the insert take the same rows.
  const keyText = (alias: string) =>
    keys.map((column) => `COALESCE(${alias}.${q(column)}, '(null)')`).join(` || '|' || `);
  const touchedKeys = (alias: string): string[] => {
    if (!scope.keysOf || keys.length === 0) return [];
    return [
      `${keyText(alias)} IN (SELECT DISTINCT ${keyText(q('fresh'))} FROM ${q(factTable)} AS ${q('fresh')} WHERE ${q('fresh')}.${q('import_id')} = ${dialect.parameter(0, 'text')})`,
    ];
  };
  if (scope.keysOf && keys.length > 0) params.push(scope.keysOf.importId);
  const table = q(rollup.table);
  const deleteConditions = [...inBuckets(table), ...touchedKeys(table)];
  const insertConditions = [...inBuckets(q('fact_rows')), ...touchedKeys(q('fact_rows'))];
  return [
    { sql: `DELETE FROM ${table} WHERE ${deleteConditions.join(' AND ')}`, params: [...params] },
    {
      sql: `INSERT INTO ${table} (${rollupTableColumns(rollup).map(q).join(', ')}) ${rollupSelectSql(dialect, rollup, factTable, insertConditions)}`,
      params: [...params],
    },
  ];
}

/** What one import changed, as the refresh of the rollups needs it. */
export interface ImportChange {
  /** The daily tables the import wrote to or removed rows from. */
  tables: readonly string[];
  /** First and last day of the import's daily rows; absent when it wrote none (period rows only). */
  days?: { from: string; to: string };
  importId: string;
  /** The columns an import's rows replace older rows by (channel and account). */
  keyColumns: readonly string[];
  /**
   * The import replaced an earlier load of the same id (a forced re-import), whose days and keys
   * may have been others: the rollups of its tables are rebuilt whole.
   */
  rebuild: boolean;
}

/**
 * The statements keeping every rollup of the tables an import touched in step, to run in the
 * import's own transaction after its rows are written and the rows it replaces are gone. Period
 * rows have no rollups, so an import of period rows alone changes none.
 */
export function rollupImportStatements(
  dialect: Dialect,
  rollups: readonly RollupTable[],
  change: ImportChange,
): Statement[] {
  const statements: Statement[] = [];
  for (const rollup of rollups) {
    const factTable = FACTS.find((fact) => fact.id === rollup.fact)?.table;
    if (!factTable || !change.tables.includes(factTable)) continue;
    if (change.rebuild) {
      statements.push({ sql: `DELETE FROM ${dialect.quote(rollup.table)}`, params: [] });
      statements.push(rollupBuildStatement(dialect, rollup, factTable));
    } else if (change.days) {
      statements.push(
        ...rollupRefreshStatements(dialect, rollup, factTable, {
          ...change.days,
          keysOf: { importId: change.importId, columns: change.keyColumns },
        }),
      );
    }
  }
  return statements;
}
