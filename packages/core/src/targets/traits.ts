/**
 * What the target logic needs to know about a KPI, and the rules its aggregation class implies
 * for splitting a target, comparing history and rounding. A `CatalogKpi` fits `KpiTraits`.
 */
import type { AggregationClass, Direction } from '../catalog/schema.js';
import type { KpiUnit } from '../model/units.js';

export interface KpiTraits {
  id: string;
  unit: KpiUnit;
  direction: Direction;
  aggregation: AggregationClass;
}

/**
 * How a period's target relates to its parts:
 * - `split`: the parts add up to the whole (impressions, spend). Also used, approximately, for
 *   counts of distinct people or posts, whose parts add up to at least the whole.
 * - `level`: every part keeps the whole's level (CTR, ROI, viral-post rate).
 * - `end_of_period`: a level to reach by the end of each part (followers).
 */
export type BreakdownMethod = 'split' | 'level' | 'end_of_period';

export function breakdownMethod(kpi: Pick<KpiTraits, 'aggregation' | 'unit'>): BreakdownMethod {
  switch (kpi.aggregation) {
    case 'additive':
      return 'split';
    case 'snapshot':
      return 'end_of_period';
    case 'distinct':
    case 'threshold':
      return kpi.unit === 'count' ? 'split' : 'level';
    case 'ratio':
    case 'period_over_period':
      return 'level';
  }
}

/** True when parts of a `split` KPI add up to more than the whole (a person reached twice). */
export function splitIsApproximate(kpi: Pick<KpiTraits, 'aggregation'>): boolean {
  return kpi.aggregation === 'distinct' || kpi.aggregation === 'threshold';
}

/**
 * Decimals a split target is rounded to, so parts are amounts someone could actually plan:
 * whole counts and seconds, cents of currency, 4 decimals for anything else.
 */
export function kpiPrecision(unit: KpiUnit): number {
  switch (unit) {
    case 'count':
    case 'seconds':
      return 0;
    case 'currency':
      return 2;
    default:
      return 4;
  }
}

/** (value − reference) / |reference|; null when the reference is 0. */
export function relativeChange(value: number, reference: number): number | null {
  if (reference === 0 || !Number.isFinite(reference) || !Number.isFinite(value)) return null;
  return (value - reference) / Math.abs(reference);
}

/**
 * How much better `value` is than `reference` in the KPI's direction: +0.25 means 25% better
 * (25% more impressions, or a CPL cut from 50 to 40 since 50 / 40 = 1.25). Context KPIs read
 * as `up`, since a plan above history is still the bigger plan.
 */
export function improvementOver(
  direction: KpiTraits['direction'],
  value: number,
  reference: number,
): number | null {
  return direction === 'down' ? relativeChange(reference, value) : relativeChange(value, reference);
}
