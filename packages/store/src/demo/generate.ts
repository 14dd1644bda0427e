/**
 * The deterministic demo data set of markpi: one skincare brand, Lumi 露米, marketing on eight
 * Chinese and global platforms for 18 months. Pure: no I/O, no clock, no `Math.random`; the
 * same options give the same rows, byte for byte. Rows stream out in columnar batches of at
 * most 64k rows, so any size can be generated without holding the rows.
 */
import {
  generateAudienceSizes,
  generateAudienceStages,
  generateCosts,
  generateCustomers,
  generateEntities,
  generateFollowers,
  generateSearchResults,
} from './derived.js';
import { generateJourneyDemo } from './journeys.js';
import { liftDemoFor } from './lift.js';
import { generatePerformance, PerformanceTotals } from './performance.js';
import { type DemoOptions, type DemoPlan, planDemo } from './plan.js';
import type { DemoBatch } from './writer.js';

export type { DemoOptions, DemoPlan } from './plan.js';
export { planDemo } from './plan.js';
export { DEMO_BATCH_ROWS, type DemoBatch } from './writer.js';

/** Tables in the order the generator fills them. */
export const DEMO_TABLES = [
  'dim_campaigns',
  'dim_creators',
  'dim_content',
  'dim_creator_accounts',
  'fact_performance',
  'fact_followers',
  'fact_customers',
  'fact_audience_stages',
  'fact_audience_sizes',
  'fact_costs',
  'fact_search_results',
  'fact_touches',
  'fact_conversions',
  'fact_coupon_codes',
  'fact_creator_fees',
] as const;

/** Every row of the demo, table by table, in batches of at most `DEMO_BATCH_ROWS` rows. */
export function* generateDemo(options: DemoOptions = {}): Generator<DemoBatch> {
  yield* generateFromPlan(planDemo(options));
}

/** Like `generateDemo`, for a plan already made (its `rowCounts` tell how many rows come). */
export function* generateFromPlan(plan: DemoPlan): Generator<DemoBatch> {
  yield* generateEntities(plan);
  const totals = new PerformanceTotals(
    plan.calendar.length,
    plan.calendar.monthStarts.length,
    plan.accounts.length,
  );
  yield* generatePerformance(plan, totals);
  yield* generateFollowers(plan, totals);
  yield* generateCustomers(plan, totals);
  yield* generateAudienceStages(plan, totals);
  yield* generateAudienceSizes(plan);
  yield* generateCosts(plan, totals);
  yield* generateSearchResults(plan);
  yield* liftDemoFor(plan);
  yield* generateJourneyDemo(plan);
}
