/**
 * The demo data set: one skincare brand (Lumi 露米) on eight platforms for 18 months, with
 * campaigns, creators, seasonality and a few planted problems (`DEMO_STORY`). Deterministic:
 * `generateDemo(options)` yields the same columnar batches for the same options; `loadDemo`
 * appends them to a migrated workspace. `performanceRows` sizes it exactly for benchmarks
 * (10M and 100M rows stream through without holding rows in memory).
 */
export {
  DEMO_BATCH_ROWS,
  DEMO_TABLES,
  type DemoBatch,
  type DemoOptions,
  type DemoPlan,
  generateDemo,
  generateFromPlan,
  planDemo,
} from './generate.js';
export {
  DEMO_JOURNEYS,
  type DemoCode,
  generateJourneyDemo,
  JOURNEY_DEMO_TABLES,
  type JourneyDemo,
  journeyDemo,
} from './journeys.js';
export {
  carriesLiftStory,
  DEMO_BRAND_SEARCH,
  DEMO_GEO_TEST,
  DEMO_KOX,
  type DemoLiftTruth,
  demoLiftTruth,
  generateLiftDemo,
  LIFT_DEMO_ROWS,
} from './lift.js';
export { type DemoSummary, type LoadDemoOptions, loadDemo } from './load.js';
export {
  DEMO_IMPORT_ID,
  DEMO_PERIOD,
  DEMO_SEED,
  DEMO_STORY,
  type DemoAnomaly,
  type DemoStory,
  type DemoStoryCampaign,
  type DemoWeakFunnel,
} from './story.js';
