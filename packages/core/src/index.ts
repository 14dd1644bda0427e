export * from './errors.js';
export * from './formula/index.js';
export * from './model/facts.js';
export * from './model/units.js';
export * from './catalog/index.js';
export * from './plan/index.js';
export { duckDbDialect } from './dialects/duckdb.js';
