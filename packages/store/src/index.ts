export { openDuckDbWarehouse, type DuckDbOptions } from './duckdb/index.js';
export { migrate, MIGRATIONS, createTableSql } from './migrations/index.js';
export * from './schema.js';
export { type KpiResult, runKpiQuery } from './run-query.js';
export type { CellValue, ColumnBatch, Row, Warehouse } from './warehouse.js';
