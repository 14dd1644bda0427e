/**
 * Incrementality over a workspace: pre/post, geo tests and their design over series the planner
 * gives, holdouts and search lift from counts, the lift ledger, and calibrated ROAS.
 */
export { calibrationOf, scopeSpend } from './analysis.js';
export * from './calibration.js';
export * from './design.js';
export * from './geo.js';
export * from './holdout.js';
export * from './ledger.js';
export * from './messages.js';
export * from './panel-file.js';
export * from './prepost.js';
export * from './records.js';
export {
  type DailySeries,
  dailySeries,
  daysBetween as liftDays,
  type LiftKpi,
  type LocationPanel,
  liftKpi,
  locationPanel,
  withLocations,
} from './series.js';
