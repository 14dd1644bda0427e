export {
  type ColumnRole,
  type CompiledColumn,
  type CompiledQuery,
  compileKpiQuery,
  expandKpi,
  type ParameterValue,
} from './compile.js';
export * from './dates.js';
export type { Dialect, ListFunctions, ListStep, ParameterType } from './dialect.js';
export * from './query.js';
