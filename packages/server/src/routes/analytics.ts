/**
 * KPI queries, the overview and the comparison tables of a workspace. The same functions
 * answer share links (share.ts), which reach them through a token instead of a session.
 */
import { addDays, isValidIsoDate, type KpiQuery, kpiQuerySchema, MarkpiError, todayIn } from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import type { z } from 'zod';
import { buildComparison, DEFAULT_COMPARISON_KPIS } from '../analytics/compare.js';
import { buildOverview, DEFAULT_TILE_KPIS, type Overview } from '../analytics/overview.js';
import { invalidRequest } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import {
  comparisonParams,
  comparisonParamsSchema,
  comparisonSchema,
  kpiQueryParamsSchema,
  overviewParamsSchema,
  overviewSchema,
  queryResultSchema,
  workspaceParams,
} from '../schemas.js';
import type { Services } from '../services.js';

export type QueryResult = z.input<typeof queryResultSchema>;

/** URL parameters of a GET query, turned into the query object the POST form takes. */
export function queryFromParams(params: z.output<typeof kpiQueryParamsSchema>): KpiQuery {
  return {
    kpis: params.kpis,
    from: params.from,
    to: params.to,
    ...(params.dimensions ? { dimensions: params.dimensions } : {}),
    ...(params.filter ? { filter: params.filter } : {}),
    ...(params.grain ? { grain: params.grain } : {}),
    ...(params.timeZone ? { timeZone: params.timeZone } : {}),
    ...(params.compare ? { compare: params.compare } : {}),
    ...(params.limit ? { limit: params.limit } : {}),
  };
}

export async function answerQuery(
  services: Services,
  workspace: WorkspaceRecord,
  input: unknown,
  where: string,
): Promise<QueryResult> {
  const parsed = kpiQuerySchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error, where);
  const catalog = services.registry.catalog(workspace);
  const warehouse = await services.registry.warehouse(workspace);
  const result = await runKpiQuery(warehouse, catalog, parsed.data);
  return { columns: result.columns, rows: result.rows, warnings: result.warnings };
}

function checkDate(date: string, field: string): string {
  if (!isValidIsoDate(date)) {
    throw new MarkpiError('invalid_request', `\`${field}\` is not a calendar date: ${date}`, [
      { message: 'not a calendar date', path: `query.${field}` },
    ]);
  }
  return date;
}

export async function answerOverview(
  services: Services,
  workspace: WorkspaceRecord,
  params: z.output<typeof overviewParamsSchema>,
): Promise<Overview> {
  const catalog = services.registry.catalog(workspace);
  const warehouse = await services.registry.warehouse(workspace);
  let to = params.to;
  if (to === undefined) {
    const range = await services.registry.dataRange(workspace);
    to = range?.to ?? todayIn(catalog.config.time_zone, services.now());
  }
  checkDate(to, 'to');
  const from = checkDate(params.from ?? addDays(to, -29), 'from');
  if (from > to) {
    throw new MarkpiError('invalid_request', '`from` must not be after `to`', [
      { message: 'after `to`', path: 'query.from' },
    ]);
  }
  return buildOverview(warehouse, catalog, {
    from,
    to,
    kpis: params.kpis && params.kpis.length > 0 ? params.kpis : DEFAULT_TILE_KPIS,
    filter: params.filter,
    compare: params.compare,
  });
}

export const analyticsRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/query',
    tag: 'analytics',
    summary: 'Run a KPI query',
    description:
      'The body is the KPI query every markpi edge takes (`kpiQuerySchema`). Rows are keyed by the `key` of each ' +
      'column: KPI ids, dimension ids, the grain name (`day`, `month`…) and `<kpi>__previous`, `<kpi>__change`, `<kpi>__flag`.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: kpiQuerySchema,
    response: queryResultSchema,
    async handler(context) {
      return answerQuery(context.services, context.workspace().record, context.body, 'body');
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/query',
    tag: 'analytics',
    summary: 'Run a KPI query given as URL parameters',
    description:
      'The same query as the POST form, with lists comma-separated: `?kpis=spend,ctr&dimensions=channel&from=…&to=…`.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: kpiQueryParamsSchema,
    response: queryResultSchema,
    async handler(context) {
      return answerQuery(
        context.services,
        context.workspace().record,
        queryFromParams(context.query),
        'query',
      );
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/overview',
    tag: 'analytics',
    summary: 'KPI tiles with change and sparkline, and the channel funnel with its weakest stage',
    description:
      'Defaults: the 30 days ending on the last day with data, compared with the 30 days before, tiles ' +
      `${DEFAULT_TILE_KPIS.join(', ')}.`,
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: overviewParamsSchema,
    response: overviewSchema,
    async handler(context) {
      return answerOverview(context.services, context.workspace().record, context.query);
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/compare/:table',
    tag: 'analytics',
    summary: 'Comparison table: KPIs per channel, campaign, creator (with tier), content, region or audience',
    description: `Default KPIs: ${DEFAULT_COMPARISON_KPIS.join(', ')}. Sorted by the first KPI, highest first, unless \`sort\`/\`order\` say otherwise.`,
    access: workspaceRole('viewer'),
    params: comparisonParams,
    query: comparisonParamsSchema,
    response: comparisonSchema,
    async handler(context) {
      const { services, query, params } = context;
      const record = context.workspace().record;
      checkDate(query.from, 'from');
      checkDate(query.to, 'to');
      return buildComparison(await services.registry.warehouse(record), services.registry.catalog(record), {
        ...query,
        table: params.table,
        kpis: query.kpis && query.kpis.length > 0 ? query.kpis : DEFAULT_COMPARISON_KPIS,
      });
    },
  }),
];
