/**
 * Comparison tables: one KPI query grouped by the table's dimension, then searched, sorted and
 * paged here. Sorting happens after the query because the planner returns rows in key order
 * and a table of channels, campaigns or creators is small enough to sort in memory.
 */
import {
  type Catalog,
  type CompareParam,
  type Comparison,
  type ComparisonResult,
  type ComparisonTable,
  MarkpiError,
  type Period,
  previousPeriod,
  samePeriodLastYear,
} from '@markpi/core';
import type { CellValue, Row, Warehouse } from '@markpi/store';
import { entityNames } from '../entities.js';
import type { WorkspaceContext } from '../workspace.js';
import { comparisonWindowOf, resolvePeriodParams, runComparedKpiQuery } from './periods.js';

export const DEFAULT_COMPARISON_KPIS = [
  'impressions',
  'clicks',
  'ctr',
  'conversions',
  'cvr',
  'spend',
  'cpa',
  'roas',
];

interface TableShape {
  /** The dimension each row is one value of. */
  dimension: string;
  /** Dimensions shown beside it (a creator's tier, a piece of content's format). */
  beside: string[];
}

export const COMPARISON_SHAPES: Readonly<Record<ComparisonTable, TableShape>> = {
  channels: { dimension: 'channel', beside: [] },
  campaigns: {
    dimension: 'campaign',
    beside: [],
  },
  creators: {
    dimension: 'creator',
    beside: ['creator_tier'],
  },
  content: {
    dimension: 'content',
    beside: ['content_format'],
  },
  regions: { dimension: 'region', beside: [] },
  audiences: { dimension: 'audience', beside: [] },
};

export interface ComparisonRequest {
  table: ComparisonTable;
  from: string;
  to: string;
  kpis: readonly string[];
  filter?: string | undefined;
  search?: string | undefined;
  sort?: string | undefined;
  order: 'asc' | 'desc';
  compare?: Comparison | undefined;
  /** The window compared with, when not the planner's for `compare`. */
  comparePeriod?: Period | undefined;
  limit: number;
  offset: number;
}

/** Sorts with empty cells last whichever the direction, so "worst first" never starts with blanks. */
function compareCells(a: CellValue | undefined, b: CellValue | undefined, order: 'asc' | 'desc'): number {
  const aEmpty = a === null || a === undefined;
  const bEmpty = b === null || b === undefined;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  const sign = order === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * sign;
  return String(a).localeCompare(String(b)) * sign;
}

export async function buildComparison(
  warehouse: Warehouse,
  catalog: Catalog,
  request: ComparisonRequest,
): Promise<ComparisonResult> {
  const shape = COMPARISON_SHAPES[request.table];
  const kpis = [...new Set(request.kpis)];
  const window = { from: request.from, to: request.to };
  const comparePeriod =
    request.comparePeriod ??
    (request.compare === 'previous'
      ? previousPeriod(window)
      : request.compare === 'last_year'
        ? samePeriodLastYear(window)
        : undefined);
  const result = await runComparedKpiQuery(
    warehouse,
    catalog,
    {
      kpis,
      dimensions: [shape.dimension, ...shape.beside],
      ...window,
      grain: 'total',
      timeZone: catalog.config.time_zone,
      ...(request.filter ? { filter: request.filter } : {}),
    },
    comparePeriod ? { period: comparePeriod } : null,
  );

  let rows: Row[] = result.rows;
  const needle = request.search?.trim().toLowerCase();
  // Searching matches names too, so it needs every name; otherwise only the page's are looked up.
  const allNames = needle ? await entityNames(warehouse, shape.dimension, 'all') : undefined;
  if (needle && allNames) {
    rows = rows.filter((row) => {
      const id = row[shape.dimension];
      if (typeof id !== 'string') return false;
      return id.toLowerCase().includes(needle) || (allNames.get(id)?.toLowerCase().includes(needle) ?? false);
    });
  }
  const sortKey = request.sort ?? kpis[0] ?? shape.dimension;
  if (!result.columns.some((column) => column.key === sortKey)) {
    throw new MarkpiError('invalid_sort', `can't sort by \`${sortKey}\`: it is not a column of this table`, [
      { message: `columns: ${result.columns.map((column) => column.key).join(', ')}`, path: 'sort' },
    ]);
  }
  rows = [...rows].sort((a, b) => compareCells(a[sortKey], b[sortKey], request.order));
  const page = rows.slice(request.offset, request.offset + request.limit);
  const pageIds = page
    .map((row) => row[shape.dimension])
    .filter((id): id is string => typeof id === 'string');
  const names = allNames ?? (await entityNames(warehouse, shape.dimension, [...new Set(pageIds)]));
  const labels: Record<string, string> = {};
  for (const row of page) {
    const id = row[shape.dimension];
    const name = typeof id === 'string' ? names.get(id) : undefined;
    if (typeof id === 'string' && name !== undefined) labels[id] = name;
  }
  return {
    table: request.table,
    dimension: shape.dimension,
    columns: result.columns,
    rows: page,
    warnings: result.warnings,
    total: rows.length,
    labels,
  };
}

export interface ComparisonParams
  extends Partial<Omit<ComparisonRequest, 'table' | 'kpis' | 'compare' | 'comparePeriod'>> {
  kpis?: readonly string[] | undefined;
  /** A preset or `event:<name>[@<year>]`, instead of `from` and `to`. */
  period?: string | undefined;
  /** No comparison unless asked; `auto` is the window's default (`analytics/periods.ts`). */
  compare?: CompareParam | undefined;
}

/** A comparison table over the default window and columns unless the request names its own. */
export async function answerComparison(
  workspace: WorkspaceContext,
  table: ComparisonTable,
  params: ComparisonParams = {},
): Promise<ComparisonResult> {
  const { period, compare, ...rest } = params;
  const { window, comparison } = await resolvePeriodParams(workspace, params, 'none');
  const said = comparisonWindowOf(comparison);
  const result = await buildComparison(workspace.warehouse, workspace.catalog, {
    ...rest,
    ...window.period,
    ...(said
      ? { compare: said.mode === 'same_event' ? undefined : said.mode, comparePeriod: said.period }
      : {}),
    table,
    kpis: params.kpis && params.kpis.length > 0 ? params.kpis : DEFAULT_COMPARISON_KPIS,
    order: params.order ?? 'desc',
    limit: params.limit ?? 100,
    offset: params.offset ?? 0,
  });
  return { ...result, period: window.period, ...(said ? { comparison: said } : {}) };
}
