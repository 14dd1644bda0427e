export * from './catalog/index.js';
export { clickHouseDialect } from './dialects/clickhouse.js';
export { duckDbDialect } from './dialects/duckdb.js';
export * from './errors.js';
export * from './formula/index.js';
export * from './model/facts.js';
export * from './model/units.js';
export * from './plan/index.js';
export * from './targets/index.js';
