/**
 * Executes KPI queries: compile in core with the warehouse's dialect, run, and hand back rows
 * keyed exactly as the compiled columns say, in that order.
 */
import {
  type Catalog,
  type CompiledQuery,
  type CompileOptions,
  compileKpiQuery,
  type FactId,
  type KpiQuery,
  PERIOD_END_COLUMN,
  type PeriodRowSpan,
} from '@markpi/core';
import { queryPastCache, rememberUntilWrite } from './cached-warehouse.js';
import { loadSwaps, rollupOptions, swapsWhenPlanned } from './rollups/rollups.js';
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

/**
 * Where each fact's period rows lie (the earliest first day, the latest last day), or null when
 * it has none: one small statement over the period tables, which hold a row per report. DuckDB
 * only for now; elsewhere the planner reads period rows in every window, as before.
 */
export async function periodRowSpans(
  warehouse: Warehouse,
  catalog: Catalog,
): Promise<Partial<Record<FactId, PeriodRowSpan | null>>> {
  const facts = [...catalog.facts.values()].filter((fact) => fact.periodTable);
  if (facts.length === 0 || warehouse.dialect.name !== 'duckdb') return {};
  const { dialect } = warehouse;
  const q = (identifier: string) => dialect.quote(identifier);
  const sql = facts
    .map(
      (fact, index) =>
        `SELECT ${dialect.parameter(index, 'text')} AS ${q('fact')}, ${dialect.formatDate(`MIN(${q('date')})`)} AS ${q('first')}, ${dialect.formatDate(`MAX(${q(PERIOD_END_COLUMN)})`)} AS ${q('last')} FROM ${q(fact.periodTable!)}`,
    )
    .join(' UNION ALL ');
  const spans: Partial<Record<FactId, PeriodRowSpan | null>> = {};
  // Read afresh: a caller keeps the spans only as long as the data stays as it is.
  for (const row of await queryPastCache(
    warehouse,
    sql,
    facts.map((fact) => fact.id),
  )) {
    const { first, last } = row;
    spans[String(row.fact) as FactId] =
      typeof first === 'string' && typeof last === 'string' ? { first, last } : null;
  }
  return spans;
}

/**
 * What the planner may read for this workspace: its rollups with their sizes, and where period
 * rows lie. Kept by a server's read cache until the next write (every import, rollup refresh,
 * creation and drop writes through it); read afresh elsewhere.
 */
export function workspaceNavigation(warehouse: Warehouse, catalog: Catalog): Promise<CompileOptions> {
  const tables = [...catalog.facts.values()].flatMap((fact) =>
    fact.periodTable ? [fact.table, fact.periodTable] : [fact.table],
  );
  return rememberUntilWrite(warehouse, `navigation:${tables.join(',')}`, async () => {
    // One after the other: two scans at once on one DuckDB connection lose rows.
    // Completed in place: the swap mark it was planned at is kept by the object's identity.
    const navigation = await rollupOptions(warehouse);
    navigation.periodRows = await periodRowSpans(warehouse, catalog);
    return navigation;
  });
}

/**
 * Reads a compiled query whose rollups agree with its facts throughout. On ClickHouse a load
 * swaps a fact month and then the rollup months that read it, one statement after another: a read
 * through rollups that a swap phase overlapped may have met a fact month swapped beside a rollup
 * month not yet. Such a read, or one planned before a swap phase still going on, is read again
 * from the facts alone (`fromFactsAlone`). Elsewhere loads are transactions: read as compiled.
 */
async function readInStep(
  warehouse: Warehouse,
  navigation: CompileOptions,
  compiled: CompiledQuery,
  fromFactsAlone: () => CompiledQuery,
): Promise<{ compiled: CompiledQuery; raw: Row[] }> {
  const read = (statement: CompiledQuery) => warehouse.query(statement.sql, statement.params as CellValue[]);
  // The mark the navigation was planned at serves as the one before the read: one round trip less.
  const before = compiled.rollups
    ? (swapsWhenPlanned(navigation) ?? (await loadSwaps(warehouse)))
    : undefined;
  if (!before) return { compiled, raw: await read(compiled) };
  if (!before.busy) {
    const raw = await read(compiled);
    if ((await loadSwaps(warehouse))?.mark === before.mark) return { compiled, raw };
  }
  const facts = fromFactsAlone();
  return { compiled: facts, raw: await read(facts) };
}

export async function runKpiQuery(
  warehouse: Warehouse,
  catalog: Catalog,
  query: KpiQuery,
  /** Rollups the planner may read instead of the facts; by default the workspace's own. */
  options?: CompileOptions,
): Promise<KpiResult> {
  const navigation = options ?? (await workspaceNavigation(warehouse, catalog));
  const { compiled, raw } = await readInStep(
    warehouse,
    navigation,
    compileKpiQuery(catalog, query, warehouse.dialect, navigation),
    () => compileKpiQuery(catalog, query, warehouse.dialect, { ...navigation, rollups: [] }),
  );
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
