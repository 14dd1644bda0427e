/**
 * Attainment: how much of a target an actual value achieves, read in the KPI's direction. It is
 * the one number scorecards weigh and pacing colours, so both agree on what "on target" means.
 */
import type { Direction } from '../catalog/schema.js';

/**
 * Actual against target, 1 meaning exactly on target:
 * - `up` KPIs (impressions, ROI): actual / target.
 * - `down` KPIs (CPL, CPM): target / actual, so spending 40 per lead against a target of 50
 *   attains 1.25. A cost of 0 attains without limit (Infinity); callers cap it.
 * - `context` KPIs (spend) have no better side: closeness in either direction,
 *   min(actual / target, target / actual), so overspending a budget by 25% attains 0.8.
 * Null when the ratio means nothing: a missing value or a target that is not positive.
 */
export function attainment(
  direction: Direction,
  actual: number | null | undefined,
  target: number | null | undefined,
): number | null {
  if (actual === null || actual === undefined || target === null || target === undefined) return null;
  if (!Number.isFinite(actual) || !Number.isFinite(target) || target <= 0) return null;
  switch (direction) {
    case 'up':
      return actual / target;
    case 'down':
      return actual > 0 ? target / actual : Number.POSITIVE_INFINITY;
    case 'context':
      return actual > 0 ? Math.min(actual / target, target / actual) : 0;
  }
}

/** Whether an actual value is at least as good as its target, in the KPI's direction. */
export function meetsTarget(
  direction: Direction,
  actual: number,
  target: number,
  contextTolerance = 0.1,
): boolean {
  switch (direction) {
    case 'up':
      return actual >= target;
    case 'down':
      return actual <= target;
    case 'context':
      return Math.abs(actual - target) <= Math.abs(target) * contextTolerance;
  }
}

/**
 * Attainment as a scorecard counts it: never below 0 (a negative ROI earns nothing rather than
 * taking points from other KPIs) and never above `cap` (one runaway KPI must not hide a weak one).
 */
export function cappedAttainment(value: number, cap: number): number {
  return Math.min(cap, Math.max(0, value));
}
