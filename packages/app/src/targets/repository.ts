/**
 * Targets, calendars, benchmarks and scorecard templates as saved in the workspace. The store
 * keeps them; the edges reach them here, with the rest of the application layer, so a rule about
 * saving (an audit, a check) has one place to go.
 */
import { checkSavedNumber, checkWindow } from '@markpi/core';
import { addTarget as addStoredTarget, updateTarget as updateStoredTarget } from '@markpi/store';

export {
  getTarget,
  importBenchmarks,
  listBenchmarks,
  listEventCalendars,
  listScorecardTemplates,
  listTargets,
  type NewTarget,
  type SaveOptions,
  saveEventCalendar,
  saveScorecardTemplate,
  type TargetFilter,
  type TargetHistory,
  targetHistory,
} from '@markpi/store';

/**
 * A target's period is broken down and paced by day, so it takes the day grain's window limit;
 * its value is a saved number (`limits.ts`). Checked before the store sees it.
 */
function checkTargetLimits(input: {
  period?: { from: string; to: string } | undefined;
  value?: number;
}): void {
  if (input.period) checkWindow({ ...input.period, grain: 'day' });
  checkSavedNumber(input.value, 'value');
}

/** Saves a new target (version 1), within core's limits. */
export async function addTarget(
  ...args: Parameters<typeof addStoredTarget>
): ReturnType<typeof addStoredTarget> {
  checkTargetLimits(args[2]);
  return addStoredTarget(...args);
}

/** Saves a changed target as a new version, within core's limits. */
export async function updateTarget(
  ...args: Parameters<typeof updateStoredTarget>
): ReturnType<typeof updateStoredTarget> {
  checkTargetLimits(args[3]);
  return updateStoredTarget(...args);
}
