/**
 * Pace monitors: each target paced as of the day data is complete through, against what the
 * last run saw (core's `paceTransition`): green turning amber or red alerts, and a period that has
 * ended reports once whether it was met or missed — never "at risk" after its end. Targets whose
 * period ended more than `ENDED_DAYS` (31) before today are left alone, so a first run does not
 * report the whole history. A target whose period changed starts afresh.
 *
 * Severity: red and a missed target are warnings; amber and a met target are info.
 */
import {
  addDays,
  isMarkpiError,
  type PaceAlert,
  type PaceState,
  paceTransition,
  type Severity,
} from '@markpi/core';
import { listTargets } from '@markpi/store';
import { paceTarget } from '../targets/services.js';
import type { WorkspaceContext } from '../workspace.js';
import type { Detection } from './incidents.js';
import { sayDetector } from './messages.js';

export const ENDED_DAYS = 31;

export interface StoredPace extends PaceState {
  period: { from: string; to: string };
}

export interface PaceCheck {
  /** State key → what the next run receives. */
  states: Map<string, StoredPace>;
  detections: Detection[];
  /** Targets that could not be paced, with why. */
  problems: { target: string; message: string }[];
}

export const paceStateKey = (target: string) => `pace:${target}`;

function severityOf(alert: PaceAlert): Severity {
  if (alert.kind === 'missed') return 'warning';
  if (alert.kind === 'met') return 'info';
  return alert.status === 'red' ? 'warning' : 'info';
}

export async function checkPace(
  workspace: WorkspaceContext,
  options: { asOf: string; today: string; previous: ReadonlyMap<string, unknown> },
): Promise<PaceCheck> {
  const result: PaceCheck = { states: new Map(), detections: [], problems: [] };
  const since = addDays(options.today, -ENDED_DAYS);
  const entries = (await listTargets(workspace.warehouse)).filter(
    (entry) => entry.target.period.to >= since && entry.target.period.from <= options.today,
  );
  for (const { target } of entries) {
    let pace: Awaited<ReturnType<typeof paceTarget>>;
    try {
      pace = await paceTarget(workspace.warehouse, workspace.catalog, target, {
        asOf: options.asOf,
        today: options.today,
      });
    } catch (error) {
      if (!isMarkpiError(error)) throw error;
      result.problems.push({ target: target.id, message: error.message });
      continue;
    }
    const key = paceStateKey(target.id);
    const stored = options.previous.get(key) as StoredPace | undefined;
    const samePeriod = stored?.period?.from === target.period.from && stored?.period?.to === target.period.to;
    const { state, alert } = paceTransition({
      target: target.id,
      previous: samePeriod && stored ? { status: stored.status, final: stored.final } : null,
      pace,
      today: options.today,
    });
    result.states.set(key, { ...state, period: { from: target.period.from, to: target.period.to } });
    if (!alert) continue;
    const title = sayDetector(alert.message);
    result.detections.push({
      kind: 'pace',
      severity: severityOf(alert),
      title,
      lines: [title],
      from: alert.day,
      to: alert.day,
      segment: 'workspace',
      kpi: target.kpi,
      direction: null,
      segments: ['workspace'],
      kpis: [target.kpi],
      series: [`pace:${target.id}:${alert.kind}`],
      markers: [],
      drivers: [],
      monitor: 'pace',
      target: target.id,
      ...(target.owner ? { suggestedOwner: target.owner } : {}),
    });
  }
  return result;
}
