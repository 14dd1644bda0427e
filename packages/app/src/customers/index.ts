/** Customers: cohort retention, LTV curves, the purchase and spend models, CAC and payback. */
export {
  type BacktestAnswer,
  type BacktestRequest,
  type CohortRequest,
  type CohortRetentionAnswer,
  type CustomersRequest,
  cohortRetention,
  customerRetention,
  type FitRequest,
  fitLtv,
  fitSummaries,
  type LtvCurvesAnswer,
  type LtvFit,
  ltvBacktest,
  ltvCurves,
  type PaybackAnswer,
  type PaybackRequest,
  payback,
  type RetentionRequest,
  type SaidCustomersMessage,
} from './customers.js';
export { fitLtvFile, type LtvFileOptions } from './file.js';
