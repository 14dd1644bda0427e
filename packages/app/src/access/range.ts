/**
 * The first and last day with data a scoped caller sees: those of the fact rows inside the scope,
 * so a Douyin member's default window ends on Douyin's last day, not on a day only another
 * channel has reached. Read from every fact table whose rows carry each dimension the scope
 * restricts, with the scope as conditions (`sql.ts`); a table without one can't show which of
 * its rows lie inside and adds nothing. A period row's data runs through its last day, as the
 * workspace's own range reads it (`@markpi/store`'s `dataRange`).
 */
import { type AccessScope, isScoped, PERIOD_END_COLUMN, scopeRestrictions } from '@markpi/core';
import { type DataRange, dataRange, FACT_TABLES, type Warehouse } from '@markpi/store';
import { scopeConditions } from './sql.js';

export async function scopeDataRange(
  warehouse: Warehouse,
  scope: AccessScope | null | undefined,
): Promise<DataRange | null> {
  if (!isScoped(scope)) return dataRange(warehouse);
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const dimensions = scopeRestrictions(scope).map(({ dimension }) => dimension);
  const tables = FACT_TABLES.filter((table) =>
    dimensions.every((dimension) => table.columns.some((column) => column.name === dimension)),
  );
  if (tables.length === 0) return null;
  const params: string[] = [];
  const parts = tables.map((table) => {
    const last = table.columns.some((column) => column.name === PERIOD_END_COLUMN)
      ? PERIOD_END_COLUMN
      : 'date';
    const inside = scopeConditions(
      { scope, warehouse },
      table.columns.map((column) => column.name),
      params.length,
    );
    params.push(...inside.params);
    // An empty table gives no row: ClickHouse's min() of nothing is its zero date, not NULL.
    return `SELECT min(${q('date')}) AS first_day, max(${q(last)}) AS last_day FROM ${q(table.name)} WHERE ${inside.conditions.join(' AND ')} HAVING count(*) > 0`;
  });
  const [row] = await warehouse.query(
    `SELECT ${dialect.formatDate('min(first_day)')} AS first_day, ${dialect.formatDate('max(last_day)')} AS last_day FROM (${parts.join(' UNION ALL ')}) AS ranges`,
    params,
  );
  const from = row?.first_day;
  const to = row?.last_day;
  return typeof from === 'string' && typeof to === 'string' ? { from, to } : null;
}
