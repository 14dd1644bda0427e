/**
 * The KPI numbers targets need, always asked of the KPI engine (`runKpiQuery`): a value over a
 * window, or a series by day or month. Nothing here writes KPI SQL, so a target's actual is
 * the same number every dashboard and export shows.
 */
import type { Catalog, Period, WindowValue } from '@markpi/core';
import { type CellValue, runKpiQuery, type Warehouse } from '@markpi/store';

function numberOrNull(value: CellValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function flagOf(value: CellValue | undefined): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The KPI over a whole window (a ratio of the window's sums, a closing level, a total). */
export async function kpiOverWindow(
  warehouse: Warehouse,
  catalog: Catalog,
  kpi: string,
  filter: string | undefined,
  window: Period,
): Promise<WindowValue> {
  const result = await runKpiQuery(warehouse, catalog, {
    kpis: [kpi],
    from: window.from,
    to: window.to,
    ...(filter ? { filter } : {}),
  });
  const row = result.rows[0];
  return { ...window, value: numberOrNull(row?.[kpi]), flag: flagOf(row?.[`${kpi}__flag`]) };
}

export interface SeriesPoint {
  /** First day of the bucket (`YYYY-MM-DD`). */
  date: string;
  value: number | null;
  flag: string | null;
}

/** The KPI per day or per calendar month; buckets without data are left out. */
export async function kpiSeries(
  warehouse: Warehouse,
  catalog: Catalog,
  kpi: string,
  filter: string | undefined,
  window: Period,
  grain: 'day' | 'month',
): Promise<SeriesPoint[]> {
  const result = await runKpiQuery(warehouse, catalog, {
    kpis: [kpi],
    from: window.from,
    to: window.to,
    grain,
    ...(filter ? { filter } : {}),
  });
  return result.rows.map((row) => ({
    date: String(row[grain]),
    value: numberOrNull(row[kpi]),
    flag: flagOf(row[`${kpi}__flag`]),
  }));
}

/** The KPI per group of one dimension over a window; rows with no value for the dimension are left out. */
export async function kpiByDimension(
  warehouse: Warehouse,
  catalog: Catalog,
  kpi: string,
  dimension: string,
  filter: string | undefined,
  window: Period,
): Promise<Map<string, { value: number | null; flag: string | null }>> {
  const result = await runKpiQuery(warehouse, catalog, {
    kpis: [kpi],
    dimensions: [dimension],
    from: window.from,
    to: window.to,
    ...(filter ? { filter } : {}),
  });
  const values = new Map<string, { value: number | null; flag: string | null }>();
  for (const row of result.rows) {
    const key = row[dimension];
    if (key === null || key === undefined) continue;
    values.set(String(key), { value: numberOrNull(row[kpi]), flag: flagOf(row[`${kpi}__flag`]) });
  }
  return values;
}
