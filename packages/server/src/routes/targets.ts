/**
 * Targets, their pacing, breakdowns and SMART checks, target suggestions, and scorecards. Thin,
 * like the CLI's `markpi targets` and `markpi scorecard`: inputs are checked here, the work is
 * the store's target services, so the dashboard shows exactly the numbers the CLI prints.
 */

import {
  addTarget,
  addTargetsForEntities,
  answerScorecard,
  breakdownTarget,
  checkFilter,
  checkPeriod,
  checkTargets,
  findSameTarget,
  getTarget,
  listScorecardTemplates,
  type PaceOptions,
  paceTargets,
  type ScorecardResult,
  suggestTarget,
  targetHistory,
  updateTarget,
  type WorkspaceContext,
} from '@markpi/app';
import {
  type Catalog,
  diffTargets,
  isBuiltinTemplateId,
  isMarkpiError,
  MarkpiError,
  type Target,
  type TargetChange,
  type TargetInput,
  type TargetVersion,
} from '@markpi/core';
import type { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import {
  breakdownParamsSchema,
  breakdownResponseSchema,
  bulkTargetBodySchema,
  bulkTargetResultSchema,
  checkParamsSchema,
  checkResponseSchema,
  createTargetBodySchema,
  paceParamsSchema,
  paceResponseSchema,
  savedTargetSchema,
  scorecardParamsSchema,
  scorecardResultSchema,
  scorecardTemplateListSchema,
  scorecardTemplatesParamsSchema,
  suggestionSchema,
  suggestParamsSchema,
  targetDetailSchema,
  targetListParamsSchema,
  targetListSchema,
  targetParams,
  type targetVersionSchema,
  updateTargetBodySchema,
  workspaceParams,
} from '../schemas.js';
import type { Services } from '../services.js';
import { audit } from './support.js';

const TAG = 'targets';

type VersionView = z.input<typeof targetVersionSchema>;

function versionView(entry: TargetVersion): VersionView {
  return {
    target: entry.target,
    version: entry.version,
    createdAt: entry.createdAt,
    ...(entry.author ? { author: entry.author } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

/**
 * The store names its errors for the CLI; over HTTP a missing target is a 404 and a duplicate
 * id a 409, with the store's message and hints kept.
 */
function httpError(error: unknown): unknown {
  if (!isMarkpiError(error)) return error;
  if (error.code === 'unknown_target') return new MarkpiError('not_found', error.message, error.problems);
  if (error.code === 'target_exists') return new MarkpiError('already_exists', error.message, error.problems);
  return error;
}

async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw httpError(error);
  }
}

interface Workspace extends WorkspaceContext {
  record: WorkspaceRecord;
}

async function open(services: Services, record: WorkspaceRecord): Promise<Workspace> {
  return { record, ...(await services.registry.context(record, services.now)) };
}

/**
 * One condition from the CLI's `where` or the API's usual `filter`, checked up front: the
 * scorecard would otherwise report a broken condition as every KPI being unavailable.
 */
function whereOf(
  catalog: Catalog,
  query: { where?: string | undefined; filter?: string | undefined },
): string | undefined {
  const { where, filter } = query;
  if (where !== undefined && filter !== undefined && where.trim() !== filter.trim()) {
    throw new MarkpiError('invalid_request', '`where` and `filter` are the same parameter: send one', [
      { message: 'differs from `where`', path: 'query.filter' },
    ]);
  }
  const condition = (where ?? filter)?.trim();
  if (!condition) return undefined;
  checkFilter(catalog, condition, where !== undefined ? 'query.where' : 'query.filter');
  return condition;
}

function paceOptions(query: z.output<typeof paceParamsSchema>): Omit<PaceOptions, 'asOf'> {
  const red = query.red ?? 0.9;
  const green = query.green ?? 1;
  return {
    ...(query.red !== undefined || query.green !== undefined ? { bands: { red, green } } : {}),
    ...(query.interval !== undefined ? { interval: query.interval } : {}),
    ...(query.runRateDays !== undefined ? { runRateDays: query.runRateDays } : {}),
  };
}

/** Audit details of a change: the fields it touched, and the new value and period. */
function changeDetails(target: Target, changes: readonly TargetChange[]) {
  return {
    kpi: target.kpi,
    value: target.value,
    scope: target.scope.label,
    from: target.period.from,
    to: target.period.to,
    changed: [...new Set(changes.map((change) => change.field.split('.')[0]!))],
  };
}

/** A scorecard as the API shows it: the store's result, and which KPIs each entity is missing. */
export function scorecardView(result: ScorecardResult): z.input<typeof scorecardResultSchema> {
  return {
    template: result.template,
    by: result.by,
    period: result.period,
    ...(result.filter ? { filter: result.filter } : {}),
    cap: result.cap,
    entities: result.entities.map((entity) => ({
      ...entity,
      missingKpis: entity.kpis.filter((kpi) => kpi.status !== 'scored').map((kpi) => kpi.kpi),
    })),
    ...(result.notScored ? { notScored: result.notScored } : {}),
    notes: result.notes,
    noteMessages: result.noteMessages,
  };
}

export const targetRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets',
    tag: TAG,
    summary:
      'Targets (current versions), each with its pace: RAG, attainment to date, projection, probability',
    description:
      'Paced as of `asOf`, by default the last day the workspace has data (at most each target’s last day). ' +
      'A target whose pace cannot be computed (its KPI was deleted) has `pace: null` and a `problem`.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: targetListParamsSchema,
    response: targetListSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await open(services, context.workspace().record);
      const paced = await paceTargets(workspace, {
        asOf: query.asOf,
        ...(query.kpi ? { kpi: query.kpi } : {}),
        ...(query.activeOn ? { activeOn: query.activeOn } : {}),
      });
      const targets = paced.targets.map(({ entry, pace, problem }) =>
        pace
          ? { ...versionView(entry), pace }
          : { ...versionView(entry), pace: null, problem: problem ?? '' },
      );
      const { asOf } = paced;
      return { asOf, targets };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets/suggest',
    tag: TAG,
    summary: 'Baselines for a KPI and scope, and a suggested target with where it sits in history',
    description:
      'Baselines: the previous period, the same period last year, a trailing window, the best, median and ' +
      'worst months, and imported benchmarks. The suggestion is the basis (default: last year, else trailing, ' +
      'else previous) improved by `growth` in the KPI’s direction.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: suggestParamsSchema,
    response: suggestionSchema,
    async handler(context) {
      const { services, query } = context;
      checkPeriod(query.from, query.to);
      const workspace = await open(services, context.workspace().record);
      const filter = whereOf(workspace.catalog, query);
      return suggestTarget(workspace.warehouse, workspace.catalog, {
        kpi: query.kpi,
        period: { from: query.from, to: query.to },
        ...(filter ? { filter } : {}),
        basis: query.basis,
        ...(query.growth !== undefined ? { growth: query.growth } : {}),
        ...(query.trailingMonths !== undefined ? { trailingMonths: query.trailingMonths } : {}),
      });
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets/:id',
    tag: TAG,
    summary: 'One target: its current version, every version, and what each one changed',
    access: workspaceRole('viewer'),
    params: targetParams,
    response: targetDetailSchema,
    async handler(context) {
      const workspace = await open(context.services, context.workspace().record);
      const history = await translated(() => targetHistory(workspace.warehouse, context.params.id));
      return {
        current: versionView(history.versions.at(-1)!),
        versions: history.versions.map(versionView),
        changes: history.changes,
      };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/targets',
    tag: TAG,
    summary: 'Add a target (version 1)',
    description:
      'A KPI, a scope (a filter and its label; default the whole workspace), a period, a value, and optionally ' +
      'the goal it serves, an owner, a review cadence and a breakdown mode. The KPI must be measurable in the ' +
      'scope (400 `invalid_target` otherwise); an id that exists already is 409 `already_exists`. ' +
      'Rate it with `GET …/targets/:id/check`.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: createTargetBodySchema,
    response: savedTargetSchema,
    async handler(context) {
      const { services, body } = context;
      const workspace = await open(services, context.workspace().record);
      const { reason, replace, ...input } = body;
      const before = replace ? await findSameTarget(workspace.warehouse, { ...input }) : undefined;
      const saved = await translated(() =>
        addTarget(workspace.warehouse, workspace.catalog, input, {
          now: services.now(),
          author: context.user().login,
          ...(reason ? { reason } : {}),
          ...(replace ? { replace } : {}),
        }),
      );
      const changes = before ? diffTargets(before.target, saved.target) : [];
      await audit(context, {
        action: saved.replaced ? 'target.update' : 'target.create',
        target: saved.target.id,
        details: { ...changeDetails(saved.target, changes), version: saved.version },
      });
      return {
        current: versionView(saved),
        changes,
        ...(saved.replaced ? { replaced: saved.replaced } : {}),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/targets/bulk',
    tag: TAG,
    summary: 'One target for every entity of a scorecard at once (every campaign, channel, creator tier…)',
    description:
      "Each entity gets a target scoped to exactly it by its id (`campaign = '618-2026'`), with the same " +
      'value or its own baseline (the same-length window before, or last year) improved by `uplift` in the ' +
      'KPI’s direction; entities without a baseline are listed in `skipped`. All are saved or none: a target ' +
      'with the same KPI, entity and period is 409 `already_exists` naming every clash, unless `replace`.',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: bulkTargetBodySchema,
    response: bulkTargetResultSchema,
    async handler(context) {
      const { services, body } = context;
      const workspace = await open(services, context.workspace().record);
      const result = await translated(() =>
        addTargetsForEntities(workspace.warehouse, workspace.catalog, {
          ...body,
          now: services.now(),
          author: context.user().login,
        }),
      );
      for (const saved of result.saved)
        await audit(context, {
          action: saved.version > 1 ? 'target.update' : 'target.create',
          target: saved.target.id,
          details: { ...changeDetails(saved.target, []), version: saved.version },
        });
      return {
        saved: result.saved.map((saved) => ({
          ...versionView(saved),
          ...(saved.replaced ? { replaced: saved.replaced } : {}),
        })),
        skipped: result.skipped,
        ...(result.baselineWindow ? { baselineWindow: result.baselineWindow } : {}),
      };
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/targets/:id',
    tag: TAG,
    summary: 'Change a target: saves a new version, the old ones stay',
    description:
      'Send only the fields to change (`null` removes an optional one) and, ideally, a `reason`. A change ' +
      'that changes nothing is 400 `no_change`.',
    access: workspaceRole('editor'),
    params: targetParams,
    body: updateTargetBodySchema,
    response: savedTargetSchema,
    async handler(context) {
      const { services, body, params } = context;
      const workspace = await open(services, context.workspace().record);
      const { reason, ...fields } = body;
      // `null` removes an optional field: the store merges the changes over the current version.
      const changes: Partial<Omit<TargetInput, 'id'>> = {};
      for (const [key, value] of Object.entries(fields)) {
        (changes as Record<string, unknown>)[key] = value === null ? undefined : value;
      }
      const { previous, saved } = await translated(async () => {
        const before = await getTarget(workspace.warehouse, params.id);
        const after = await updateTarget(workspace.warehouse, workspace.catalog, params.id, changes, {
          now: services.now(),
          author: context.user().login,
          ...(reason ? { reason } : {}),
        });
        return { previous: before, saved: after };
      });
      const changed = diffTargets(previous.target, saved.target);
      await audit(context, {
        action: 'target.update',
        target: saved.target.id,
        details: { ...changeDetails(saved.target, changed), version: saved.version, reason: reason ?? null },
      });
      return { current: versionView(saved), changes: changed };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets/:id/pace',
    tag: TAG,
    summary: 'Pace of a target: to date vs plan, projection band, probability, and the daily series',
    description:
      'As of `asOf` (default the last day with data; after the period, its last day). `series` has every day of ' +
      'the period: the cumulative target, the actual to date and the projected path after `asOf`; ' +
      '`projection.low`/`high` are the band of the projection at the period’s end.',
    access: workspaceRole('viewer'),
    params: targetParams,
    query: paceParamsSchema,
    response: paceResponseSchema,
    async handler(context) {
      const { services, query, params } = context;
      const workspace = await open(services, context.workspace().record);
      const paced = await translated(() =>
        paceTargets(workspace, { ids: [params.id], asOf: query.asOf, options: paceOptions(query) }),
      );
      return { pace: paced.targets[0]!.pace! };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets/:id/breakdown',
    tag: TAG,
    summary: 'A target split into quarters, months and days (even, seasonal or by events)',
    description:
      'Additive KPIs split so the parts add up to the target exactly; ratio KPIs keep their level; snapshot KPIs ' +
      'get a path whose level is checked at each part’s end. `parts` is the `level` asked for (default month); ' +
      '`breakdown` has every level.',
    access: workspaceRole('viewer'),
    params: targetParams,
    query: breakdownParamsSchema,
    response: breakdownResponseSchema,
    async handler(context) {
      const { services, query, params } = context;
      const workspace = await open(services, context.workspace().record);
      const breakdown = await translated(() =>
        breakdownTarget(workspace.warehouse, workspace.catalog, params.id, {
          ...(query.mode ? { mode: query.mode } : {}),
          ...(query.calendar ? { calendar: query.calendar } : {}),
        }),
      );
      const parts =
        query.level === 'quarter'
          ? breakdown.quarters
          : query.level === 'month'
            ? breakdown.months
            : breakdown.days;
      return { level: query.level, parts, breakdown };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/targets/:id/check',
    tag: TAG,
    summary: 'SMART check: each letter rated pass, warn or fail, with its reason',
    description:
      'Specific (a KPI and a scope), Measurable (the workspace has data for them), Attainable (where the value ' +
      'sits in history), Relevant (a stated goal; the campaign goal’s scorecard), Time-bound (a period that suits ' +
      'the review cadence). `position` and `baselines` are the evidence for Attainable.',
    access: workspaceRole('viewer'),
    params: targetParams,
    query: checkParamsSchema,
    response: checkResponseSchema,
    async handler(context) {
      const { services, query, params } = context;
      const workspace = await open(services, context.workspace().record);
      const [check] = await translated(() => checkTargets(workspace, [params.id], { today: query.today }));
      return { check: check! };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/scorecard-templates',
    tag: TAG,
    summary: 'Scorecard templates: the built-in launch, promotion and word of mouth, then saved ones',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: scorecardTemplatesParamsSchema,
    response: scorecardTemplateListSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await open(services, context.workspace().record);
      const templates = await listScorecardTemplates(
        workspace.warehouse,
        query.other ? { otherKpi: query.other } : {},
      );
      // Saved templates can't take a built-in id, so the id says which is which.
      return {
        templates: templates.map((template) => ({ ...template, builtin: isBuiltinTemplateId(template.id) })),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/scorecards',
    tag: TAG,
    summary: 'Weighted scorecard per campaign, channel, creator… ranked, with per-KPI attainment',
    description:
      'Each KPI scores its attainment against its target in the KPI’s direction, capped at `cap`; targets are ' +
      'stored targets whose scope is exactly the entity (scored on the days they cover), else `targets`. A KPI ' +
      'that cannot be scored hands its weight to the others and is listed in `missingKpis` and `flags`. ' +
      'Defaults: template promotion, by campaign, the 30 days ending on the last day with data.',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: scorecardParamsSchema,
    response: scorecardResultSchema,
    async handler(context) {
      const { services, query } = context;
      const workspace = await open(services, context.workspace().record);
      const filter = whereOf(workspace.catalog, query);
      const result = await answerScorecard(workspace, {
        template: query.template,
        by: query.by,
        period: { from: query.from, to: query.to },
        ...(filter ? { filter } : {}),
        ...(query.targets ? { targets: query.targets } : {}),
        useStoredTargets: query.storedTargets,
        baseline: query.baseline,
        cap: query.cap,
        ...(query.other ? { templates: { otherKpi: query.other } } : {}),
      });
      return scorecardView(result);
    },
  }),
];
