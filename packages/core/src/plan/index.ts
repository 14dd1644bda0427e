export {
  type ColumnRole,
  type CompiledColumn,
  type CompiledQuery,
  type CompileOptions,
  compileKpiQuery,
  expandKpi,
  type ParameterValue,
  type PeriodRowSpan,
  type RollupUse,
} from './compile.js';
export * from './dates.js';
export type { Dialect, ListFunctions, ListStep, ParameterType } from './dialect.js';
export * from './query.js';
