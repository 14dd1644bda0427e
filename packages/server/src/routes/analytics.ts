/**
 * KPI queries, the overview and the comparison tables of a workspace. The same functions
 * answer share links (share.ts), which reach them through a token instead of a session.
 */
import {
  answerComparison,
  answerKpiQuery,
  answerOverview,
  DEFAULT_COMPARISON_KPIS,
  DEFAULT_TILE_KPIS,
} from '@markpi/app';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { KeepKey } from '../http/kept-answers.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import {
  comparisonParams,
  comparisonParamsSchema,
  comparisonSchema,
  kpiPeriodRequestSchema,
  kpiQueryParamsSchema,
  overviewParamsSchema,
  overviewSchema,
  queryResultSchema,
  workspaceParams,
} from '../schemas.js';
import type { Services } from '../services.js';

export type QueryResult = z.input<typeof queryResultSchema>;

/** The header naming the rollups an answer read (`X-Markpi-Rollups: channel_day`); absent when none. */
export const ROLLUPS_HEADER = 'x-markpi-rollups';

/** Says in a header too which rollups the answer read, for clients that look at headers alone. */
function withRollupsHeader<Answer extends { rollups?: readonly { rollup: string }[] | undefined }>(
  reply: FastifyReply,
  answer: Answer,
): Answer {
  const names = [...new Set((answer.rollups ?? []).map((use) => use.rollup))];
  if (names.length > 0) reply.header(ROLLUPS_HEADER, names.join(', '));
  return answer;
}

/** Answers a KPI question for a route: the same use case as `markpi query`, defaults included. */
export async function answerQuery(
  services: Services,
  workspace: WorkspaceRecord,
  input: unknown,
  where: string,
): Promise<QueryResult> {
  const { query, result, comparison, ranking, names } = await answerKpiQuery(
    await services.registry.context(workspace, services.now),
    input,
    where,
  );
  return {
    columns: result.columns,
    rows: result.rows,
    warnings: result.warnings,
    period: { from: query.from, to: query.to },
    ...(comparison ? { comparison } : {}),
    ...(result.rollups ? { rollups: result.rollups } : {}),
    ...(ranking ? { ranking } : {}),
    ...(Object.keys(names).length > 0 ? { names } : {}),
  };
}

/** Every time zone in use is a whole number of quarter hours from UTC. */
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The key under which an overview is kept whole (`http/kept-answers.ts`): everything it depends
 * on besides the workspace's data — the workspace's custom KPIs and the caller's scope, the
 * question as parsed, whose tiles, and today's date in the workspace's time zone. The date enters
 * as the quarter hour of the clock, within which no time zone's date can change. Answers carry
 * message keys, not sentences, so the request's language does not enter (refusals are said in
 * it, and a refusal is never kept). Nothing is kept where other processes may write.
 */
export async function overviewKeepKey(
  services: Services,
  workspace: WorkspaceRecord,
  query: unknown,
  login: string | null,
): Promise<KeepKey | undefined> {
  const epoch = await services.registry.dataEpoch(workspace);
  if (!epoch) return undefined;
  const quarterHour = Math.floor(services.now().getTime() / QUARTER_HOUR_MS);
  const key = JSON.stringify([
    'overview',
    workspace.id,
    workspace.config ?? {},
    workspace.scope ?? null,
    query,
    login,
    quarterHour,
  ]);
  return { key, epoch };
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
    body: kpiPeriodRequestSchema,
    response: queryResultSchema,
    async handler(context) {
      const answer = await answerQuery(context.services, context.workspace().record, context.body, 'body');
      return withRollupsHeader(context.reply, answer);
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
      const answer = await answerQuery(context.services, context.workspace().record, context.query, 'query');
      return withRollupsHeader(context.reply, answer);
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
    keep(context) {
      const login = context.caller.user?.login ?? null;
      return overviewKeepKey(context.services, context.workspace().record, context.query, login);
    },
    async handler(context) {
      const { services } = context;
      const overview = await answerOverview(
        await services.registry.context(context.workspace().record, services.now),
        { ...context.query, login: context.caller.user?.login ?? null },
      );
      // Kept with the answer (`http/kept-answers.ts`), so a kept overview and a 304 name them too.
      return withRollupsHeader(context.reply, overview);
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
      const workspace = await services.registry.context(context.workspace().record, services.now);
      return answerComparison(workspace, params.table, query);
    },
  }),
];
