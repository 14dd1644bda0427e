/**
 * Targets as the edges ask about them: many at once, with the workspace's defaults filled in.
 * The CLI's `targets pace` / `targets check` and the API's target routes call these, so "as of"
 * and "today" mean the same day on both.
 */
import { isMarkpiError, type TargetVersion } from '@markpi/core';
import { getTarget, listTargets, type TargetFilter } from '@markpi/store';
import { lastDayWithData, type WorkspaceContext, workspaceToday } from '../workspace.js';
import {
  type CheckOptions,
  checkTarget,
  type PaceOptions,
  paceTarget,
  type TargetCheck,
  type TargetPace,
} from './services.js';

export interface PaceRequest extends TargetFilter {
  /** Target ids; absent: every current target (that meets the filter). */
  ids?: readonly string[];
  /** Absent: the last day the workspace has data (each target is paced at most to its last day). */
  asOf?: string | undefined;
  options?: Omit<PaceOptions, 'asOf' | 'today'>;
}

export interface PacedTarget {
  entry: TargetVersion;
  /** Null when the pace cannot be computed (its KPI was deleted); `problem` says why. */
  pace: TargetPace | null;
  problem?: string;
}

/**
 * Paces targets as of one day. Targets named by id must pace (an unknown id is an error); when
 * listing all, one that can't be paced is reported with its problem instead of failing the rest.
 */
export async function paceTargets(
  workspace: WorkspaceContext,
  request: PaceRequest = {},
): Promise<{ asOf: string; targets: PacedTarget[] }> {
  const { warehouse, catalog } = workspace;
  const asOf = request.asOf ?? (await lastDayWithData(workspace));
  const named = request.ids !== undefined && request.ids.length > 0;
  const entries = named
    ? await Promise.all(request.ids!.map((id) => getTarget(warehouse, id)))
    : await listTargets(warehouse, {
        ...(request.kpi ? { kpi: request.kpi } : {}),
        ...(request.activeOn ? { activeOn: request.activeOn } : {}),
      });
  const targets: PacedTarget[] = [];
  for (const entry of entries) {
    try {
      const pace = await paceTarget(warehouse, catalog, entry.target, { ...request.options, asOf });
      targets.push({ entry, pace });
    } catch (error) {
      if (named || !isMarkpiError(error)) throw error;
      targets.push({ entry, pace: null, problem: error.message });
    }
  }
  return { asOf, targets };
}

/** SMART checks judged as of `today` (default: today in the workspace's time zone). */
export async function checkTargets(
  workspace: WorkspaceContext,
  ids: readonly string[],
  options: Omit<CheckOptions, 'today'> & { today?: string | undefined } = {},
): Promise<TargetCheck[]> {
  const today = options.today ?? workspaceToday(workspace);
  const checks: TargetCheck[] = [];
  for (const id of ids)
    checks.push(await checkTarget(workspace.warehouse, workspace.catalog, id, { ...options, today }));
  return checks;
}
