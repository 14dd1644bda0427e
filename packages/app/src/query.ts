/**
 * A KPI question from any edge: validated once, its missing window and time zone filled from the
 * workspace, then answered by the one planner.
 */
import {
  type Catalog,
  COMPARE_PARAMS,
  type CompareParam,
  checkResultRows,
  checkWindow,
  invalidRequest,
  type KpiQuery,
  type KpiRequest,
  kpiQuerySchema,
  kpiRequestSchema,
  LIMITS,
  MarkpiError,
} from '@markpi/core';
import { type CellValue, type KpiResult, type Row, runKpiQuery, type Warehouse } from '@markpi/store';
import {
  type ComparisonWindow,
  comparisonWindowOf,
  resolvePeriodParams,
  runComparedKpiQuery,
} from './analytics/periods.js';
import { entityNames, hasEntityNames } from './entities.js';
import { defaultWindow, timeZoneOf, type WorkspaceContext } from './workspace.js';

/** The question with its defaults filled in: what is actually asked of the planner. */
export async function resolveKpiRequest(
  workspace: WorkspaceContext,
  input: KpiRequest | unknown,
  where = 'query',
): Promise<KpiQuery> {
  const parsed = kpiRequestSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, where);
  const request = parsed.data;
  const window = await defaultWindow(workspace, { from: request.from, to: request.to });
  const query = { ...request, ...window, timeZone: request.timeZone ?? timeZoneOf(workspace) };
  const checked = kpiQuerySchema.safeParse(query);
  if (!checked.success) throw invalidRequest(checked.error, where);
  checkWindow({ from: query.from, to: query.to, grain: checked.data.grain });
  return query;
}

export interface QueryAnswer {
  query: KpiQuery;
  result: KpiResult;
  /** The window compared with, when a comparison was asked by period rules (`analytics/periods.ts`). */
  comparison?: ComparisonWindow;
  /** How the rows were ranked, when a sort or a minimum was asked. */
  ranking?: Ranking;
  /** Readable names of the ids in the rows, per dimension that has them (`namesOfRows`). */
  names: Record<string, Record<string, string>>;
}

/**
 * A request that names its window as a `period` or asks for a comparison the planner does not
 * shift to by itself (`same_event`, `auto`, `none`): its period fields, and the rest of the question.
 */
function periodFieldsOf(
  input: unknown,
): { period?: string; compare?: CompareParam; rest: Record<string, unknown> } | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const { period, compare, ...rest } = input as Record<string, unknown>;
  const plannerCompare = compare === undefined || compare === 'previous' || compare === 'last_year';
  if (period === undefined && plannerCompare) return undefined;
  if (period !== undefined && typeof period !== 'string') return undefined;
  if (compare !== undefined && !(COMPARE_PARAMS as readonly unknown[]).includes(compare)) return undefined;
  return {
    ...(period === undefined ? {} : { period }),
    ...(compare === undefined ? {} : { compare: compare as CompareParam }),
    rest,
  };
}

/**
 * Runs a KPI question on the workspace; the answer carries the query it resolved to, the names of
 * its ids, and its ranking when the question has a `sort` or `min` (see `RankingRequest`).
 */
export async function answerKpiQuery(
  workspace: WorkspaceContext,
  input: (KpiRequest & RankingRequest) | unknown,
  where = 'query',
  maxRows: number = LIMITS.resultRows,
): Promise<QueryAnswer> {
  const { asked, rest } = rankingFieldsOf(input, workspace.catalog);
  if (!asked) {
    const answer = await answerUnranked(workspace, rest, where, maxRows);
    const dimensions = answer.query.dimensions ?? [];
    return { ...answer, names: await namesOfRows(workspace.warehouse, answer.result.rows, dimensions) };
  }
  // Ranked: every row is read (within the bound), so a limit keeps the best rows, not the first keys.
  const { limit, ...unlimited } = rest as Record<string, unknown>;
  const answer = await answerUnranked(workspace, unlimited, where, maxRows);
  const dimensions = answer.query.dimensions ?? [];
  const { ranked, apart, belowMinimum } = rankRows(
    answer.result.rows,
    answer.result.columns,
    dimensions,
    asked,
  );
  const kept = typeof limit === 'number' ? ranked.slice(0, limit) : ranked;
  const rows = [...kept, ...apart];
  return {
    ...answer,
    query: typeof limit === 'number' ? { ...answer.query, limit } : answer.query,
    result: { ...answer.result, rows },
    ranking: { ...asked, belowMinimum, apart: apart.length },
    names: await namesOfRows(workspace.warehouse, rows, dimensions),
  };
}

/**
 * The ranking fields taken off a request, parsed, and the rest of it; a KPI ranked or cut by is
 * asked for too when the request did not name it, so the cut is seen in the table.
 */
function rankingFieldsOf(
  input: unknown,
  catalog: Catalog,
): { asked?: { sort?: RankSort; minimum: RankMinimum[] }; rest: unknown } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { rest: input };
  const { sort, min, ...rest } = input as Record<string, unknown>;
  if (sort !== undefined && typeof sort !== 'string') throw rankingTypeError('sort');
  const minTexts = typeof min === 'string' ? [min] : Array.isArray(min) ? (min as unknown[]) : undefined;
  if (min !== undefined && !minTexts?.every((text): text is string => typeof text === 'string'))
    throw rankingTypeError('min');
  const asked = resolveRanking({ sort, min: minTexts as string[] | undefined }, catalog);
  if (!asked) return { rest };
  const kpis = Array.isArray(rest.kpis) ? [...(rest.kpis as unknown[])] : undefined;
  if (kpis) {
    const wanted = [...asked.minimum.map((floor) => floor.kpi), asked.sort?.key];
    for (const key of wanted) {
      if (key !== undefined && catalog.kpis.has(key) && !kpis.includes(key)) kpis.push(key);
    }
  }
  return { asked, rest: kpis ? { ...rest, kpis } : rest };
}

function rankingTypeError(field: 'sort' | 'min'): MarkpiError {
  const expected = field === 'sort' ? '<column>[:asc|desc]' : '<kpi>=<number>, or a list of them';
  return new MarkpiError('invalid_request', `${field} is ${expected}`, [
    { message: `${field} is ${expected}`, path: field },
  ]);
}

async function answerUnranked(
  workspace: WorkspaceContext,
  input: unknown,
  where: string,
  maxRows: number,
): Promise<Omit<QueryAnswer, 'names'>> {
  const fields = periodFieldsOf(input);
  if (fields) return answerPeriodQuery(workspace, fields, where, maxRows);
  const query = await resolveKpiRequest(workspace, input, where);
  if (query.limit !== undefined) {
    return { query, result: await runKpiQuery(workspace.warehouse, workspace.catalog, query) };
  }
  // Asked without a limit: one row past the bound is fetched to tell a whole answer from a cut one.
  const bounded = { ...query, limit: maxRows + 1 };
  const result = await runKpiQuery(workspace.warehouse, workspace.catalog, bounded);
  checkResultRows(result.rows.length, maxRows);
  return { query, result };
}

async function answerPeriodQuery(
  workspace: WorkspaceContext,
  fields: { period?: string; compare?: CompareParam; rest: Record<string, unknown> },
  where: string,
  maxRows: number,
): Promise<Omit<QueryAnswer, 'names'>> {
  const from = typeof fields.rest.from === 'string' ? fields.rest.from : undefined;
  const to = typeof fields.rest.to === 'string' ? fields.rest.to : undefined;
  const { window, comparison } = await resolvePeriodParams(
    workspace,
    { period: fields.period, from, to, compare: fields.compare },
    'none',
  );
  const query = await resolveKpiRequest(workspace, { ...fields.rest, ...window.period }, where);
  const bounded = query.limit !== undefined ? query : { ...query, limit: maxRows + 1 };
  const result = await runComparedKpiQuery(workspace.warehouse, workspace.catalog, bounded, comparison);
  if (query.limit === undefined) checkResultRows(result.rows.length, maxRows);
  const said = comparisonWindowOf(comparison);
  return { query, result, ...(said ? { comparison: said } : {}) };
}

// ---------------------------------------------------------------- ranking

/**
 * How a table of KPI rows is ranked, the same for `markpi query`, the query API and the comparison
 * tables. Convention:
 * - `sort` is `<column>[:asc|desc]`; without a direction a KPI ranks best first by its own
 *   direction (ROAS highest first, CPA lowest first), anything else highest first. Empty cells go
 *   last in either direction, so "best first" never starts with blanks.
 * - `min` is `<kpi>=<value>`, each a floor every ranked row must reach (value ≥ floor; an empty
 *   value does not reach it). Rows under a floor leave the table and are counted, never dropped
 *   unsaid: a tiny account cannot top ROAS on one lucky order.
 * - A row without a value for a grouped dimension (no creator, no content) is not an entity: it
 *   is never ranked nor cut, and follows the ranked rows with `__none: true`.
 * - With a time grain, rows are ranked within each bucket, the buckets in time order; a limit
 *   keeps the first rows of that order.
 */
export interface RankingRequest {
  sort?: string | undefined;
  min?: string | readonly string[] | undefined;
}

export interface RankSort {
  key: string;
  order: 'asc' | 'desc';
}

export interface RankMinimum {
  kpi: string;
  value: number;
}

export interface Ranking {
  sort?: RankSort;
  minimum: RankMinimum[];
  /** Rows under a minimum, left out of the table. */
  belowMinimum: number;
  /** Rows without a value for a grouped dimension, after the ranked rows and flagged `__none`. */
  apart: number;
}

/** The flag on a row that has no value for a grouped dimension. */
export const NONE_ROW_FLAG = '__none';

const SORT_PATTERN = /^\s*([^:\s]+)\s*(?::\s*(asc|desc)\s*)?$/i;
const MINIMUM_PATTERN = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/;

/** `roas:desc` → key and order; a KPI without an order ranks best first by its direction. */
export function parseRankSort(text: string, catalog: Catalog): RankSort {
  const match = SORT_PATTERN.exec(text);
  if (!match?.[1]) {
    throw new MarkpiError('invalid_sort', `sort ${text} is not <column>[:asc|desc]`, [
      { message: `sort ${text} is not <column>[:asc|desc]`, path: 'sort', hint: 'e.g. roas:desc or cpa' },
    ]);
  }
  const key = match[1];
  const order = match[2]?.toLowerCase();
  if (order === 'asc' || order === 'desc') return { key, order };
  return { key, order: catalog.kpis.get(key)?.direction === 'down' ? 'asc' : 'desc' };
}

/** `spend=1000` → the KPI and its floor. */
export function parseRankMinimum(text: string, catalog: Catalog): RankMinimum {
  const match = MINIMUM_PATTERN.exec(text);
  const value = match?.[2] === undefined ? Number.NaN : Number(match[2]);
  if (!match?.[1] || !Number.isFinite(value)) {
    throw new MarkpiError('invalid_query', `minimum ${text} is not <kpi>=<number>`, [
      { message: `minimum ${text} is not <kpi>=<number>`, path: 'min', hint: 'e.g. spend=1000' },
    ]);
  }
  // A typo fails here with "did you mean", not as a table quietly cut by nothing.
  catalog.kpi(match[1]);
  return { kpi: match[1], value };
}

function minimumTexts(min: RankingRequest['min']): string[] {
  if (min === undefined) return [];
  const texts = typeof min === 'string' ? [min] : min;
  return texts
    .flatMap((text) => text.split(','))
    .map((text) => text.trim())
    .filter((text) => text.length > 0);
}

/** The ranking asked for, parsed; undefined when neither a sort nor a minimum was. */
export function resolveRanking(
  request: RankingRequest,
  catalog: Catalog,
): { sort?: RankSort; minimum: RankMinimum[] } | undefined {
  const minimum = minimumTexts(request.min).map((text) => parseRankMinimum(text, catalog));
  const sort = request.sort?.trim() ? parseRankSort(request.sort, catalog) : undefined;
  if (!sort && minimum.length === 0) return undefined;
  return { ...(sort ? { sort } : {}), minimum };
}

/** Empty cells last whichever the direction; numbers by value, texts in locale order. */
export function compareCells(
  a: CellValue | undefined,
  b: CellValue | undefined,
  order: 'asc' | 'desc',
): number {
  const aEmpty = a === null || a === undefined;
  const bEmpty = b === null || b === undefined;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  const sign = order === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * sign;
  return String(a).localeCompare(String(b)) * sign;
}

/** A row with no value for one of the grouped dimensions: no creator, no content. */
export function isNoneRow(row: Row, dimensions: readonly string[]): boolean {
  return dimensions.some((dimension) => {
    const value = row[dimension];
    return value === null || value === undefined || value === '';
  });
}

/**
 * Ranks rows: the none rows taken apart, the rest cut at each minimum and sorted (stably, so
 * ties keep the planner's key order). Returns the ranked rows and the none rows separately.
 */
export function rankRows(
  rows: readonly Row[],
  columns: readonly { key: string; role?: string }[],
  dimensions: readonly string[],
  ranking: { sort?: RankSort; minimum: readonly RankMinimum[] },
): { ranked: Row[]; apart: Row[]; belowMinimum: number } {
  // With a time grain, rows are ranked within each bucket, buckets in time order.
  const timeKey = columns.find((column) => column.role === 'time')?.key;
  const keys = new Set(columns.map((column) => column.key));
  for (const key of [ranking.sort?.key, ...ranking.minimum.map((floor) => floor.kpi)]) {
    if (key !== undefined && !keys.has(key)) {
      throw new MarkpiError('invalid_sort', `can't rank by \`${key}\`: it is not a column of this table`, [
        { message: `columns: ${[...keys].join(', ')}`, path: 'sort' },
      ]);
    }
  }
  const apart: Row[] = [];
  const entities: Row[] = [];
  for (const row of rows) (isNoneRow(row, dimensions) ? apart : entities).push(row);
  const ranked = entities.filter((row) =>
    ranking.minimum.every((floor) => {
      const value = row[floor.kpi];
      return typeof value === 'number' && value >= floor.value;
    }),
  );
  const sort = ranking.sort;
  if (sort)
    ranked.sort(
      (a, b) =>
        (timeKey === undefined ? 0 : compareCells(a[timeKey], b[timeKey], 'asc')) ||
        compareCells(a[sort.key], b[sort.key], sort.order),
    );
  return {
    ranked,
    apart: apart.map((row) => ({ ...row, [NONE_ROW_FLAG]: true })),
    belowMinimum: entities.length - ranked.length,
  };
}

/**
 * Readable names of the ids in the rows, per grouped dimension that has an entity table
 * (`entities.ts`); dimensions without one, and ids without a name, are left out.
 */
export async function namesOfRows(
  warehouse: Warehouse,
  rows: readonly Row[],
  dimensions: readonly string[],
): Promise<Record<string, Record<string, string>>> {
  const names: Record<string, Record<string, string>> = {};
  for (const dimension of dimensions) {
    if (!hasEntityNames(dimension)) continue;
    const ids = [
      ...new Set(rows.map((row) => row[dimension]).filter((id): id is string => typeof id === 'string')),
    ];
    if (ids.length === 0) continue;
    // A long list of ids reads the whole (small) entity table rather than binding thousands of parameters.
    const found = await entityNames(warehouse, dimension, ids.length > 500 ? 'all' : ids);
    const wanted = new Set(ids);
    const own: Record<string, string> = {};
    for (const [id, name] of found) if (wanted.has(id)) own[id] = name;
    if (Object.keys(own).length > 0) names[dimension] = own;
  }
  return names;
}
