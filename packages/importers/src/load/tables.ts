/**
 * The import log, the rejected rows and the FX table. Created here with `CREATE TABLE IF NOT
 * EXISTS` until the store's migration runner adopts them; types follow the engine's dialect.
 */
import type { ImportWarehouse } from './warehouse.js';

type LogColumnType = 'text' | 'date' | 'integer' | 'number' | 'timestamp';

interface LogTable {
  name: string;
  columns: readonly (readonly [string, LogColumnType])[];
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
};

const DUCKDB_TYPES: Record<LogColumnType, string> = {
  text: 'VARCHAR',
  date: 'DATE',
  integer: 'BIGINT',
  number: 'DOUBLE',
  timestamp: 'TIMESTAMP',
};

const CLICKHOUSE_TYPES: Record<LogColumnType, string> = {
  text: 'Nullable(String)',
  date: 'Nullable(Date)',
  integer: 'Nullable(Int64)',
  number: 'Nullable(Float64)',
  timestamp: 'Nullable(DateTime)',
};

export function createLogTableSql(warehouse: ImportWarehouse, table: LogTable): string {
  const { dialect } = warehouse;
  const clickhouse = dialect.name === 'clickhouse';
  const types = clickhouse ? CLICKHOUSE_TYPES : DUCKDB_TYPES;
  const columns = table.columns.map(([name, type]) => `${dialect.quote(name)} ${types[type]}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${dialect.quote(table.name)} (${columns})${clickhouse ? ' ENGINE = MergeTree() ORDER BY tuple()' : ''}`;
}

export async function ensureImportTables(warehouse: ImportWarehouse): Promise<void> {
  for (const table of [IMPORTS_TABLE, REJECTED_TABLE, FX_TABLE]) {
    await warehouse.run(createLogTableSql(warehouse, table));
  }
}
