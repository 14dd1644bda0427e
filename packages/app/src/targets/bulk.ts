/**
 * One target for every entity of a scorecard at once: "ROI 1.5 for every campaign", or "each
 * channel's impressions of last period + 10%". One target per entity, scoped to exactly that
 * entity by its id (`campaign = '618-2026'`), saved together or not at all.
 */
import {
  type Catalog,
  entityScopeFilter,
  MarkpiError,
  type Period,
  samePeriodLastYear,
  type TargetInput,
  targetFromBaseline,
} from '@markpi/core';
import type { NewTarget, Warehouse } from '@markpi/store';
import { checkFilter } from '../checks.js';
import { kpiByDimension } from './kpi-data.js';
import { type AddedTarget, addTarget, findSameTarget, inOneTransaction } from './repository.js';
import { previousWindow } from './scorecard.js';

/** Where each entity's value comes from: one number for all, or its own baseline and an uplift. */
export type BulkTargetValue =
  | { same: number }
  | {
      /** `previous`: the same number of days just before the period; `last_year`: the same days a year earlier. */
      baseline: 'previous' | 'last_year';
      /** How much better than the baseline, in the KPI's direction: 0.1 is 10% better. */
      uplift: number;
    };

export interface BulkTargetRequest {
  kpi: string;
  /** The scorecard's dimension: `campaign`, `channel`, `creator_tier`… */
  by: string;
  period: Period;
  value: BulkTargetValue;
  /** The entities; absent: every entity with data for the KPI in the period (or its baseline window). */
  entities?: readonly string[];
  /** Only entities within this condition count when finding them (the scorecard's filter). */
  filter?: string;
  goal?: string;
  owner?: string;
  cadence?: TargetInput['cadence'];
  /** Replace targets with the same KPI, entity and period (a new version each) instead of refusing. */
  replace?: boolean;
  author?: string;
  now?: Date;
}

export interface BulkTargetResult {
  /** One per entity that got a target, in entity order. */
  saved: AddedTarget[];
  /** Entities left without one: no baseline to build it from. */
  skipped: { entity: string; reason: 'no_baseline' }[];
  /** The baseline window, when values came from baselines. */
  baselineWindow?: Period;
}

/**
 * Saves one target per entity. Every target is checked first: if any has the same KPI, scope
 * and period as a stored target (and `replace` is not set), none is saved and the error names
 * them all.
 */
export async function addTargetsForEntities(
  warehouse: Warehouse,
  catalog: Catalog,
  request: BulkTargetRequest,
): Promise<BulkTargetResult> {
  const kpi = catalog.kpi(request.kpi);
  catalog.dimension(request.by);
  if (request.filter) checkFilter(catalog, request.filter);
  const fromBaseline = 'baseline' in request.value ? request.value : undefined;
  const baselineWindow = fromBaseline
    ? fromBaseline.baseline === 'last_year'
      ? samePeriodLastYear(request.period)
      : previousWindow(request.period)
    : undefined;

  let entities = request.entities ? [...new Set(request.entities)] : undefined;
  let baselines: Map<string, { value: number | null }> | undefined;
  if (baselineWindow)
    baselines = await kpiByDimension(warehouse, catalog, kpi.id, request.by, request.filter, baselineWindow);
  if (!entities) {
    const inPeriod = await kpiByDimension(
      warehouse,
      catalog,
      kpi.id,
      request.by,
      request.filter,
      request.period,
    );
    entities = [...new Set([...inPeriod.keys(), ...(baselines?.keys() ?? [])])];
  }
  entities.sort();
  if (entities.length === 0) {
    throw new MarkpiError('invalid_target', `no ${request.by} has ${kpi.id} data to set targets for`, [
      { message: `no ${request.by} with ${kpi.id} data`, hint: 'name the entities, or pick another period' },
    ]);
  }

  const inputs: { entity: string; input: NewTarget & { scope: { filter: string; label: string } } }[] = [];
  const skipped: BulkTargetResult['skipped'] = [];
  for (const entity of entities) {
    const value =
      'same' in request.value
        ? request.value.same
        : targetFromBaseline(kpi, baselines?.get(entity)?.value ?? null, request.value.uplift);
    if (value === null) {
      skipped.push({ entity, reason: 'no_baseline' });
      continue;
    }
    inputs.push({
      entity,
      input: {
        kpi: kpi.id,
        // The label is the entity's id too: a code, not a display name in one language.
        scope: { filter: entityScopeFilter(request.by, entity), label: entity },
        period: request.period,
        value,
        ...(request.goal ? { goal: request.goal } : {}),
        ...(request.owner ? { owner: request.owner } : {}),
        ...(request.cadence ? { cadence: request.cadence } : {}),
      },
    });
  }

  return inOneTransaction(warehouse, async (scoped) => {
    if (!request.replace) {
      const clashes: { entity: string; id: string }[] = [];
      for (const { entity, input } of inputs) {
        const same = await findSameTarget(scoped, {
          kpi: kpi.id,
          scope: input.scope,
          period: request.period,
        });
        if (same) clashes.push({ entity, id: same.target.id });
      }
      if (clashes.length > 0) {
        throw new MarkpiError(
          'target_exists',
          `${clashes.length} of ${inputs.length} ${request.by} targets exist already: nothing was saved`,
          clashes.map((clash) => ({
            message: `${clash.entity} has target ${clash.id} for ${kpi.id} in ${request.period.from} … ${request.period.to}`,
            hint: 'replace them (a new version each, history kept) or pick another period',
          })),
        );
      }
    }
    const saved: AddedTarget[] = [];
    for (const { input } of inputs) {
      saved.push(
        await addTarget(scoped, catalog, input, {
          ...(request.replace ? { replace: true } : {}),
          ...(request.author ? { author: request.author } : {}),
          ...(request.now ? { now: request.now } : {}),
        }),
      );
    }
    return { saved, skipped, ...(baselineWindow ? { baselineWindow } : {}) };
  });
}
