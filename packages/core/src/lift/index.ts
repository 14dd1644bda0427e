/**
 * Incrementality: what a campaign added, from a daily series against its own forecast
 * (pre/post), from regions against a synthetic control (geo experiments) and the design of such
 * tests, from holdouts, and from brand search lift. Pure functions over plain arrays and panels;
 * each module's comment states its convention.
 */
export {
  type MarketCandidate,
  type MarketSelectionInput,
  type MarketSelectionResult,
  selectMarkets,
} from './design.js';
export { probabilityBetaGreater, studentTCdf, studentTQuantile } from './distributions.js';
export {
  type EconomicsInput,
  type Estimate,
  type LiftEconomics,
  liftEconomics,
  type OpenEstimate,
} from './economics.js';
export {
  analyzeGeoExperiment,
  DEFAULT_RIDGE_RELATIVE,
  type GeoCell,
  type GeoCellResult,
  type GeoDay,
  type GeoExperimentInput,
  type GeoExperimentResult,
  type GeoInference,
  type GeoInterval,
  type GeoLocationSeries,
  type GeoPanel,
  type GeoWeight,
  type RidgeOption,
  resolveRidge,
} from './geo.js';
export {
  analyzeHoldout,
  type BetaPrior,
  compareProportions,
  type GroupCounts,
  type HoldoutInput,
  type HoldoutResult,
  type HoldoutSampleSize,
  type HoldoutSampleSizeInput,
  holdoutSampleSize,
  type RateEstimate,
  type TwoProportions,
  wilsonInterval,
} from './holdout.js';
export {
  LIFT_MESSAGE_KEYS,
  type LiftLanguage,
  type LiftMessage,
  type LiftMessageKey,
  liftMessage,
  sayLiftMessage,
} from './messages.js';
export {
  analyzePrePost,
  type ControlSeries,
  type ErrorModel,
  type LiftEvent,
  type PrePostCoefficient,
  type PrePostDay,
  type PrePostInput,
  type PrePostResult,
  type TrendKind,
} from './prepost.js';
export {
  crossValidateRidge,
  RIDGE_GRID,
  type RidgeSelection,
  ridgeFolds,
  type SpanSums,
  seriesSpanSums,
} from './ridge.js';
export { type SearchLiftInput, type SearchLiftResult, searchLift } from './search.js';
export { type SimplexSolution, simplexLeastSquares } from './simplex.js';
