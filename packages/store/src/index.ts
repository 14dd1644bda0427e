export * from './attribution/index.js';
export { type CachedWarehouse, type CacheOptions, cachedWarehouse } from './cached-warehouse.js';
export * from './clickhouse/index.js';
export { type CopyReport, copyWorkspace, verifyCopy } from './copy-workspace.js';
export * from './customers/index.js';
export { type DataRange, dataRange, PERFORMANCE_TABLES } from './data-range.js';
export * from './demo/index.js';
export { type DuckDbOptions, openDuckDbWarehouse } from './duckdb/index.js';
export * from './lift/index.js';
export {
  createTableSql,
  MIGRATIONS,
  type Migration,
  migrate,
  SERVER_MIGRATIONS,
} from './migrations/index.js';
export * from './migrations/monitor.js';
export { cancellationOf, currentQuerySignal, withQuerySignal } from './query-signal.js';
export * from './remote/protocol.js';
export { remoteWarehouse } from './remote/remote-warehouse.js';
export * from './remote/server-note.js';
export * from './rollups/index.js';
export { type KpiResult, periodRowSpans, runKpiQuery, workspaceNavigation } from './run-query.js';
export { loadScenarioFixture, SCENARIO_TABLES } from './scenarios/fixture.js';
export * from './schema.js';
export * from './targets/index.js';
export type {
  CellValue,
  ColumnBatch,
  ImportLoad,
  ImportLoadPlan,
  ImportReplacement,
  Row,
  Warehouse,
} from './warehouse.js';
