/**
 * Customers: retention by (CE − CN) / CS with a churn rule, cohort tables and realised LTV
 * curves by acquisition month and first channel, CAC with the cost ledger, LTV/CAC and payback,
 * and the BG/NBD and Gamma-Gamma models fitted by maximum likelihood. Each module's comment
 * states its convention.
 */
export {
  type BgNbdFit,
  type BgNbdParameters,
  bgNbdConditionalPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
  type ParameterEstimate,
  type PurchaseSummary,
} from './bgnbd.js';
export {
  type CohortActivity,
  type CohortCell,
  type CohortOptions,
  type CohortRow,
  type CohortTable,
  cohortActivity,
  cohortTable,
  isMonth,
  type LtvCurve,
  type LtvPoint,
  ltvCurves,
  monthIndex,
  monthOfIndex,
} from './cohorts.js';
export {
  type ChannelEconomics,
  type ChannelMonthCost,
  type ChannelMonthCustomers,
  channelEconomics,
  type EconomicsOptions,
  type EconomicsResult,
  paybackMonth,
} from './economics.js';
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParameters,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  type SpendSummary,
} from './gamma-gamma.js';
export {
  CUSTOMERS_MESSAGE_KEYS,
  type CustomersLanguage,
  type CustomersMessage,
  type CustomersMessageKey,
  type CustomersMessageValue,
  sayCustomers,
} from './messages.js';
export {
  type CustomerHistory,
  type CustomerOrder,
  type CustomerSummary,
  customerHistories,
  summariseCustomers,
  summariseHistory,
  type TimeUnit,
  UNIT_DAYS,
} from './orders.js';
export {
  type BacktestResult,
  backtestPurchases,
  type ChannelProjection,
  type CustomerProjection,
  type ForecastError,
  projectByChannel,
  projectCustomer,
} from './projection.js';
export {
  checkRetentionOptions,
  type PeriodRetention,
  type PurchaseDays,
  periodRetention,
  type RetentionOptions,
} from './retention.js';
