/**
 * Executes KPI queries: compile in core with the warehouse's dialect, run, and hand back rows
 * keyed exactly as the compiled columns say, in that order.
 */
import {
  type Catalog,
  type CompiledQuery,
  type CompileOptions,
  compileKpiQuery,
  type KpiQuery,
} from '@markpi/core';
import { rollupOptions } from './rollups/rollups.js';
import type { CellValue, Row, Warehouse } from './warehouse.js';

export interface KpiResult {
  columns: CompiledQuery['columns'];
  rows: Row[];
  warnings: string[];
  /** The statement that ran, for `explain` and debugging. */
  sql: string;
  params: CompiledQuery['params'];
  /** The scans a rollup answered instead of the fact; absent when none did. */
  rollups?: CompiledQuery['rollups'];
}

export async function runKpiQuery(
  warehouse: Warehouse,
  catalog: Catalog,
  query: KpiQuery,
  /** Rollups the planner may read instead of the facts; by default the workspace's own. */
  options?: CompileOptions,
): Promise<KpiResult> {
  const navigation = options ?? (await rollupOptions(warehouse));
  const compiled = compileKpiQuery(catalog, query, warehouse.dialect, navigation);
  const raw = await warehouse.query(compiled.sql, compiled.params as CellValue[]);
  // A flag that speaks only of prorated period rows is left out when no row needed it.
  const columns = compiled.columns.filter(
    (column) => !column.onlyWhenSet || raw.some((row) => (row[column.key] ?? null) !== null),
  );
  const rows = raw.map((row) => {
    const ordered: Row = {};
    for (const column of columns) {
      const value = row[column.key] ?? null;
      ordered[column.key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
    }
    return ordered;
  });
  return {
    columns,
    rows,
    warnings: compiled.warnings,
    sql: compiled.sql,
    params: compiled.params,
    ...(compiled.rollups ? { rollups: compiled.rollups } : {}),
  };
}
