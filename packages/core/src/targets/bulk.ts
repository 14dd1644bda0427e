/**
 * One target for every entity of a scorecard at once: each entity's scope, and each entity's
 * value when it comes from the entity's own baseline rather than one number for all.
 */
import { MarkpiError } from '../errors.js';
import { roundTo } from './rounding.js';
import { type KpiTraits, kpiPrecision } from './traits.js';

/**
 * The scope condition that is exactly one entity: `campaign = '618-2026'`. Stored by id or code,
 * never by display name, so a target reads the same in any language and survives a rename.
 * A quote inside the value is doubled, as the formula language reads it.
 */
export function entityScopeFilter(dimension: string, entity: string): string {
  return `${dimension} = '${entity.replaceAll("'", "''")}'`;
}

/**
 * A target `uplift` better than a baseline, in the KPI's direction: `up` and `context` KPIs
 * baseline × (1 + uplift) (10% more impressions); `down` KPIs baseline ÷ (1 + uplift), so a CPL of
 * 50 improved by 25% is 40 — the same reading as `improvementOver`, under which 40 is exactly 25%
 * better than 50. Rounded to the KPI's unit (whole counts, cents) and, for other units, to 6
 * decimals. Null when the baseline cannot carry a target (missing, or not above 0).
 */
export function targetFromBaseline(
  kpi: Pick<KpiTraits, 'direction' | 'unit'>,
  baseline: number | null,
  uplift: number,
): number | null {
  if (!Number.isFinite(uplift) || uplift <= -1) {
    throw new MarkpiError('invalid_target', `an uplift must be above −100%, not ${uplift}`, [
      { message: 'an uplift above −1 (−100%)', path: 'uplift' },
    ]);
  }
  if (baseline === null || !Number.isFinite(baseline) || baseline <= 0) return null;
  const exact = kpi.direction === 'down' ? baseline / (1 + uplift) : baseline * (1 + uplift);
  const decimals = ['count', 'currency', 'seconds'].includes(kpi.unit) ? kpiPrecision(kpi.unit) : 6;
  return roundTo(exact, decimals);
}
