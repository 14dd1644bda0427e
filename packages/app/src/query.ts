/**
 * A KPI question from any edge: validated once, its missing window and time zone filled from the
 * workspace, then answered by the one planner.
 */
import {
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
}

/** Runs a KPI question on the workspace; the answer carries the query it resolved to. */
export async function answerKpiQuery(
  workspace: WorkspaceContext,
  input: KpiRequest | unknown,
  where = 'query',
  maxRows: number = LIMITS.resultRows,
): Promise<QueryAnswer> {
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
