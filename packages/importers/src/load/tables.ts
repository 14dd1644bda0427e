/**
 * The import log, the rejected rows and the FX table. Created here with `CREATE TABLE IF NOT
 * EXISTS` until the store's migration runner adopts them; types and, on ClickHouse, engine,
 * partitions and sorting follow the engine's dialect. Reads of them always ORDER BY.
 */
import type { ImportWarehouse } from './warehouse.js';

type LogColumnType = 'text' | 'date' | 'integer' | 'number' | 'timestamp';

/**
 * How the table is laid out on ClickHouse. A load swaps whole partitions in (see the store's
 * ClickHouse `loadImport`), so the partition key decides how much a load rewrites; columns in
 * a partition or sorting key cannot be Nullable there.
 */
interface ClickHouseLayout {
  partitionBy?: string;
  orderBy: readonly string[];
  notNull: readonly string[];
}

interface LogTable {
  name: string;
  columns: readonly (readonly [string, LogColumnType])[];
  clickhouse: ClickHouseLayout;
}

export const IMPORTS_TABLE: LogTable = {
  name: 'meta_imports',
  columns: [
    ['id', 'text'],
    ['file_name', 'text'],
    ['file_hash', 'text'],
    ['platform', 'text'],
    ['report_level', 'text'],
    ['target_table', 'text'],
    ['period_from', 'date'],
    ['period_to', 'date'],
    ['rows_read', 'integer'],
    ['rows_accepted', 'integer'],
    ['rows_rejected', 'integer'],
    ['rows_replaced', 'integer'],
    ['reconciliation', 'text'],
    ['reconciliation_detail', 'text'],
    ['currencies', 'text'],
    ['accounts', 'text'],
    ['imported_at', 'timestamp'],
  ],
  // A few rows per import: one partition, rebuilt whole only when a forced re-import replaces a row.
  clickhouse: { orderBy: ['id'], notNull: ['id'] },
};

export const REJECTED_TABLE: LogTable = {
  name: 'meta_rejected_rows',
  columns: [
    ['import_id', 'text'],
    ['file_name', 'text'],
    ['row_number', 'integer'],
    ['column_name', 'text'],
    ['reason', 'text'],
    ['raw_values', 'text'],
  ],
  // Sixteen buckets by import: a forced re-import rewrites one sixteenth of the rejected rows.
  clickhouse: { partitionBy: 'cityHash64(import_id) % 16', orderBy: ['import_id'], notNull: ['import_id'] },
};

export const FX_TABLE: LogTable = {
  name: 'meta_fx_rates',
  columns: [
    ['date', 'date'],
    ['currency', 'text'],
    ['rate', 'number'],
    ['base_currency', 'text'],
    ['import_id', 'text'],
  ],
  // By month like the fact tables: a restated day rewrites its month only.
  clickhouse: { partitionBy: 'toYYYYMM(date)', orderBy: ['date'], notNull: ['date'] },
};

const DUCKDB_TYPES: Record<LogColumnType, string> = {
  text: 'VARCHAR',
  date: 'DATE',
  integer: 'BIGINT',
  number: 'DOUBLE',
  timestamp: 'TIMESTAMP',
};

const CLICKHOUSE_TYPES: Record<LogColumnType, string> = {
  text: 'String',
  date: 'Date',
  integer: 'Int64',
  number: 'Float64',
  timestamp: 'DateTime',
};

export function createLogTableSql(warehouse: ImportWarehouse, table: LogTable): string {
  const { dialect } = warehouse;
  if (dialect.name !== 'clickhouse') {
    const columns = table.columns.map(([name, type]) => `${dialect.quote(name)} ${DUCKDB_TYPES[type]}`);
    return `CREATE TABLE IF NOT EXISTS ${dialect.quote(table.name)} (${columns.join(', ')})`;
  }
  const layout = table.clickhouse;
  const columns = table.columns.map(([name, type]) => {
    const base = CLICKHOUSE_TYPES[type];
    return `${dialect.quote(name)} ${layout.notNull.includes(name) ? base : `Nullable(${base})`}`;
  });
  const partition = layout.partitionBy ? ` PARTITION BY ${layout.partitionBy}` : '';
  const order = layout.orderBy.map((name) => dialect.quote(name)).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${dialect.quote(table.name)} (${columns.join(', ')}) ENGINE = MergeTree()${partition} ORDER BY (${order})`;
}

export async function ensureImportTables(warehouse: ImportWarehouse): Promise<void> {
  for (const table of [IMPORTS_TABLE, REJECTED_TABLE, FX_TABLE]) {
    await warehouse.run(createLogTableSql(warehouse, table));
  }
}
