/**
 * A KPI question from any edge: validated once, its missing window and time zone filled from the
 * workspace, then answered by the one planner.
 */
import {
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
} from '@markpi/core';
import { type KpiResult, runKpiQuery } from '@markpi/store';
import {
  type ComparisonWindow,
  comparisonWindowOf,
  resolvePeriodParams,
  runComparedKpiQuery,
} from './analytics/periods.js';
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

/** Runs a KPI question on the workspace; the answer carries the query it resolved to. */
export async function answerKpiQuery(
  workspace: WorkspaceContext,
  input: KpiRequest | unknown,
  where = 'query',
  maxRows: number = LIMITS.resultRows,
): Promise<QueryAnswer> {
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
): Promise<QueryAnswer> {
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
