/**
 * The values of one dimension for a value picker: every value with data in the window (a period or
 * dates, within the page's filter), its display name where the dimension has names, and a count
 * from the planner — by default the window's impressions, the volume a picker ranks channels,
 * campaigns and creators by; a dimension of another fact takes a KPI of its own (`kpi`). Values
 * are searched by id and name, the largest first, the ones with no count last.
 */
import { MarkpiError } from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { entityNames } from '../entities.js';
import type { WorkspaceContext } from '../workspace.js';
import { resolvePeriodParams } from './periods.js';

export const DEFAULT_VALUE_KPI = 'impressions';
export const DEFAULT_VALUE_LIMIT = 100;

export interface DimensionValuesParams {
  search?: string | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  filter?: string | undefined;
  kpi?: string | undefined;
  limit?: number | undefined;
}

export interface DimensionValues {
  dimension: string;
  /** What `count` is. */
  kpi: string;
  period: { from: string; to: string };
  /** Values that matched the search, before the limit. */
  total: number;
  values: { value: string; label?: string; count: number | null }[];
}

export async function answerDimensionValues(
  workspace: WorkspaceContext,
  dimension: string,
  params: DimensionValuesParams = {},
): Promise<DimensionValues> {
  const { catalog, warehouse } = workspace;
  if (!catalog.dimensions.has(dimension)) {
    throw new MarkpiError('unknown_dimension', `unknown dimension \`${dimension}\``, [
      { message: `dimensions: ${[...catalog.dimensions.keys()].join(', ')}`, path: 'dimension' },
    ]);
  }
  const kpi = params.kpi ?? DEFAULT_VALUE_KPI;
  const { window } = await resolvePeriodParams(workspace, { ...params, compare: 'none' }, 'none');
  const result = await runKpiQuery(warehouse, catalog, {
    kpis: [kpi],
    dimensions: [dimension],
    ...window.period,
    grain: 'total',
    timeZone: catalog.config.time_zone,
    ...(params.filter?.trim() ? { filter: params.filter } : {}),
  });
  const counted = result.rows.flatMap((row) => {
    const value = row[dimension];
    if (typeof value !== 'string' || value === '') return [];
    const count = row[kpi];
    return [{ value, count: typeof count === 'number' && Number.isFinite(count) ? count : null }];
  });
  const names = await entityNames(warehouse, dimension, [...new Set(counted.map((entry) => entry.value))]);
  const needle = params.search?.trim().toLowerCase();
  const found = counted
    .map((entry): DimensionValues['values'][number] => {
      const label = names.get(entry.value);
      return label === undefined ? entry : { ...entry, label };
    })
    .filter(
      (entry) =>
        !needle ||
        entry.value.toLowerCase().includes(needle) ||
        (entry.label?.toLowerCase().includes(needle) ?? false),
    )
    .sort(
      (a, b) =>
        (a.count === null ? 1 : 0) - (b.count === null ? 1 : 0) ||
        (b.count ?? 0) - (a.count ?? 0) ||
        a.value.localeCompare(b.value),
    );
  return {
    dimension,
    kpi,
    period: window.period,
    total: found.length,
    values: found.slice(0, params.limit ?? DEFAULT_VALUE_LIMIT),
  };
}
