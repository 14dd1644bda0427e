/**
 * The first and last day a workspace has data for: the default window of a query, the
 * overview and pacing, and the span a copy is verified over. One query over the chosen facts.
 */
import { PERIOD_END_COLUMN } from '@markpi/core';
import { FACT_TABLES, type TableDefinition } from './schema.js';
import type { Warehouse } from './warehouse.js';

export interface DataRange {
  from: string;
  to: string;
}

export async function dataRange(
  warehouse: Warehouse,
  tables: readonly TableDefinition[] = FACT_TABLES,
): Promise<DataRange | null> {
  const { dialect } = warehouse;
  const parts = tables.map((table) => {
    // A period row's data runs through its last day.
    const last = table.columns.some((column) => column.name === PERIOD_END_COLUMN)
      ? PERIOD_END_COLUMN
      : 'date';
    // An empty table gives no row: ClickHouse's min() of nothing is its zero date, not NULL.
    return `SELECT min(${dialect.quote('date')}) AS first_day, max(${dialect.quote(last)}) AS last_day FROM ${dialect.quote(table.name)} HAVING count(*) > 0`;
  });
  const [row] = await warehouse.query(
    `SELECT ${dialect.formatDate('min(first_day)')} AS first_day, ${dialect.formatDate('max(last_day)')} AS last_day FROM (${parts.join(' UNION ALL ')}) AS ranges`,
  );
  const from = row?.first_day;
  const to = row?.last_day;
  return typeof from === 'string' && typeof to === 'string' ? { from, to } : null;
}

/** The performance fact alone, its daily and its period rows: where the platforms' exports land. */
export const PERFORMANCE_TABLES: readonly TableDefinition[] = FACT_TABLES.filter(
  (table) => table.name === 'fact_performance' || table.name === 'fact_performance_periods',
);
