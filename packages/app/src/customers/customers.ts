/**
 * Customers over a workspace: cohort retention, realised LTV curves, the BG/NBD and Gamma-Gamma
 * fit with projections per first channel, CAC with the cost ledger and payback — core's
 * `customers/` over the warehouse's reading of the order events (`store/src/customers`).
 *
 * Defaults: `through` (the last day of orders read) is the last day with an order; cohort
 * tables show months up to its month, and a month not yet over is said to be partial. CAC's
 * costs are media `spend` and the ledger's `non_media_cost` by channel and month, and its new
 * customers the customers fact's `new_customers` (else first orders), all through the planner
 * like every KPI; LTV comes from the orders, matched to CAC by channel name.
 */
import {
  type BacktestResult,
  type BgNbdFit,
  backtestPurchases,
  buildCatalog,
  type ChannelProjection,
  type CohortTable,
  type CustomerSummary,
  type CustomersMessage,
  channelEconomics,
  cohortTable,
  type EconomicsResult,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaFit,
  isMarkpiError,
  isMonth,
  isValidIsoDate,
  type LtvCurve,
  MarkpiError,
  monthIndex,
  monthOfIndex,
  type PeriodRetention,
  periodRetention,
  ltvCurves as poolLtvCurves,
  projectByChannel,
  sayCustomers,
  summariseHistory,
  type TimeUnit,
} from '@markpi/core';
import {
  acquiredByChannel,
  lastOrderDay,
  runKpiQuery,
  warehouseCohortActivity,
  warehouseCustomerDays,
  warehouseCustomerHistories,
  warehousePurchaseDays,
} from '@markpi/store';
import { keepScope, type WorkspaceContext } from '../workspace.js';

export interface SaidCustomersMessage {
  message: CustomersMessage;
  text: { en: string; zh: string };
}

function said(message: CustomersMessage): SaidCustomersMessage {
  return { message, text: { en: sayCustomers(message, 'en'), zh: sayCustomers(message, 'zh') } };
}

export interface CustomersRequest {
  /** Last day of orders read; the last day with an order when absent. */
  through?: string | undefined;
  /** A condition on the conversions' dimensions (`shop = 'tmall'`). */
  filter?: string | undefined;
}

export interface CohortRequest extends CustomersRequest {
  byChannel?: boolean | undefined;
  /** First cohort shown (`YYYY-MM`). */
  fromCohort?: string | undefined;
}

function invalid(field: string, message: string): MarkpiError {
  return new MarkpiError('customers.invalid_input', `${field}: ${message}`, [{ path: field, message }]);
}

function checkRequest(request: CohortRequest): void {
  if (request.through !== undefined && !isValidIsoDate(request.through)) {
    throw invalid('through', `${request.through} is not a date (YYYY-MM-DD)`);
  }
  if (request.fromCohort !== undefined && !isMonth(request.fromCohort)) {
    throw invalid('fromCohort', `${request.fromCohort} is not a month (YYYY-MM)`);
  }
}

/** The last day read: as asked, else the last day with an order; null when there are no orders. */
async function throughDay(workspace: WorkspaceContext, request: CustomersRequest): Promise<string | null> {
  return request.through ?? (await lastOrderDay(workspace.warehouse, request.filter));
}

function monthEnd(month: string): string {
  const next = monthOfIndex(monthIndex(month) + 1);
  const date = new Date(`${next}-01T00:00:00Z`);
  date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function partialMonthNotes(through: string): SaidCustomersMessage[] {
  const month = through.slice(0, 7);
  return through < monthEnd(month)
    ? [said({ key: 'customers.partial_month', params: { month, date: through } })]
    : [];
}

export interface CohortRetentionAnswer {
  /** Last day read (null: no orders). */
  through: string | null;
  table: CohortTable;
  notes: SaidCustomersMessage[];
}

/** The cohort table by acquisition month (and first channel when asked). */
export async function cohortRetention(
  workspace: WorkspaceContext,
  request: CohortRequest = {},
): Promise<CohortRetentionAnswer> {
  checkRequest(request);
  const through = await throughDay(workspace, request);
  if (through === null) return { through, table: { through: '', rows: [] }, notes: [] };
  const activity = await warehouseCohortActivity(workspace.warehouse, { through, filter: request.filter });
  const table = cohortTable(activity, {
    through: through.slice(0, 7),
    byChannel: request.byChannel ?? false,
    ...(request.fromCohort === undefined ? {} : { fromCohort: request.fromCohort }),
  });
  return { through, table, notes: partialMonthNotes(through) };
}

export interface RetentionRequest {
  from: string;
  to: string;
  churnDays: number;
  filter?: string | undefined;
}

/** Retention by (CE − CN) / CS over a period with a churn rule (core `customers/retention.ts`). */
export async function customerRetention(
  workspace: WorkspaceContext,
  request: RetentionRequest,
): Promise<PeriodRetention> {
  const options = { from: request.from, to: request.to, churnDays: request.churnDays };
  const days = await warehousePurchaseDays(workspace.warehouse, { ...options, filter: request.filter });
  return periodRetention(days, options);
}

export interface LtvCurvesAnswer {
  through: string | null;
  curves: LtvCurve[];
  /** Each cohort's own curve: the table's rows. */
  table: CohortTable;
  notes: SaidCustomersMessage[];
}

/** Realised LTV curves pooled per first channel (or over all channels), with each cohort's own. */
export async function ltvCurves(
  workspace: WorkspaceContext,
  request: CohortRequest = {},
): Promise<LtvCurvesAnswer> {
  const answer = await cohortRetention(workspace, request);
  return {
    through: answer.through,
    curves: poolLtvCurves(answer.table),
    table: answer.table,
    notes: answer.notes,
  };
}

export interface FitRequest extends CustomersRequest {
  /** Time unit of the models; default week. */
  unit?: TimeUnit | undefined;
  /** Units ahead projected; default 52 weeks (or 365 days). */
  horizon?: number | undefined;
}

export interface LtvFit {
  through: string | null;
  unit: TimeUnit;
  horizon: number;
  purchase: BgNbdFit | null;
  spend: GammaGammaFit | null;
  channels: ChannelProjection[];
  notes: SaidCustomersMessage[];
}

/** Summaries of every customer acquired through `through`, in the models' terms. */
async function workspaceSummaries(
  workspace: WorkspaceContext,
  through: string,
  unit: TimeUnit,
  filter: string | undefined,
): Promise<CustomerSummary[]> {
  const histories = await warehouseCustomerHistories(workspace.warehouse, { through, filter });
  return histories.map((history) => summariseHistory(history, through, unit));
}

/** BG/NBD and Gamma-Gamma fitted on the workspace's customers, projected per first channel. */
export async function fitLtv(workspace: WorkspaceContext, request: FitRequest = {}): Promise<LtvFit> {
  checkRequest(request);
  const unit = request.unit ?? 'week';
  const horizon = request.horizon ?? (unit === 'week' ? 52 : 365);
  if (!(horizon > 0) || !Number.isFinite(horizon))
    throw invalid('horizon', `${horizon} is not a length above 0`);
  const through = await throughDay(workspace, request);
  const empty = { through, unit, horizon, purchase: null, spend: null, channels: [], notes: [] };
  if (through === null) return empty;
  const customers = await workspaceSummaries(workspace, through, unit, request.filter);
  if (customers.length === 0) return empty;
  return fitSummaries(customers, { unit, horizon, through });
}

/** The two fits and projections over summaries a caller already has (the workspace's, or a file's). */
export function fitSummaries(
  customers: readonly CustomerSummary[],
  options: { unit: TimeUnit; horizon: number; through: string | null },
): LtvFit {
  const notes: SaidCustomersMessage[] = [];
  const purchase = fitBgNbd(customers);
  if (!purchase.converged) notes.push(said({ key: 'customers.not_converged', params: { model: 'bgnbd' } }));
  if (purchase.dropout === 'not_identified') {
    notes.push(said({ key: 'customers.no_dropout', params: { customers: purchase.customers } }));
  }
  let spend: GammaGammaFit | null = null;
  try {
    spend = fitGammaGamma(customers);
    if (!spend.converged)
      notes.push(said({ key: 'customers.not_converged', params: { model: 'gamma_gamma' } }));
  } catch (error) {
    if (!isMarkpiError(error) || error.code !== 'customers.invalid_input') throw error;
    const repeat = customers.filter((customer) => customer.frequency > 0 && customer.monetary > 0).length;
    notes.push(said({ key: 'customers.no_spend_model', params: { customers: repeat } }));
  }
  const channels = spend
    ? projectByChannel(purchase.parameters, spend.parameters, customers, options.horizon)
    : [];
  return { ...options, purchase, spend, channels, notes };
}

export interface PaybackRequest extends CustomersRequest {
  /** First acquisition month counted (`YYYY-MM`); default twelve months before `through`'s. */
  fromCohort?: string | undefined;
  /** Gross margin on revenue (0 < margin ≤ 1); default 1. */
  margin?: number | undefined;
  /** Months of LTV for LTV/CAC; default 12. */
  horizon?: number | undefined;
}

export interface PaybackAnswer extends EconomicsResult {
  through: string | null;
  fromCohort: string | null;
  /**
   * Where CAC's new customers come from: the customers fact's `new_customers` by channel (the
   * catalog's `cac` KPI reads the same), or, when that fact is empty over the months, the first
   * orders per first channel.
   */
  acquisitionSource: 'customers_fact' | 'orders' | null;
  curves: LtvCurve[];
  notes: SaidCustomersMessage[];
}

/**
 * CAC (media + the cost ledger, shared costs spread by new customers), LTV/CAC and payback month
 * per first channel, over the cohorts from `fromCohort` to `through`'s month.
 */
export async function payback(
  workspace: WorkspaceContext,
  request: PaybackRequest = {},
): Promise<PaybackAnswer> {
  checkRequest(request);
  const through = await throughDay(workspace, request);
  if (through === null) {
    return {
      ...channelEconomics([], [], [], request),
      through,
      fromCohort: null,
      acquisitionSource: null,
      curves: [],
      notes: [],
    };
  }
  const lastMonth = through.slice(0, 7);
  const fromCohort = request.fromCohort ?? monthOfIndex(monthIndex(lastMonth) - 11);
  const activity = await warehouseCohortActivity(workspace.warehouse, { through, filter: request.filter });
  const table = cohortTable(activity, { through: lastMonth, byChannel: true, fromCohort });
  const curves = poolLtvCurves(table);
  const monthly = await monthlyCosts(workspace, `${fromCohort}-01`, through);
  const fromFact = monthly.filter((row) => row.newCustomers > 0 && row.channel !== '');
  const acquisitionSource = fromFact.length > 0 ? 'customers_fact' : 'orders';
  const acquired =
    acquisitionSource === 'customers_fact'
      ? fromFact.map((row) => ({ channel: row.channel, month: row.month, customers: row.newCustomers }))
      : acquiredByChannel(activity).filter((entry) => entry.month >= fromCohort);
  const result = channelEconomics(monthly, acquired, curves, request);
  const notes = partialMonthNotes(through);
  if (result.unallocatedShared > 0) {
    notes.push(said({ key: 'customers.unallocated_shared', params: { amount: result.unallocatedShared } }));
  }
  return { ...result, through, fromCohort, acquisitionSource, curves, notes };
}

/** The ledger's costs as a KPI of their own, so the planner reads them like every KPI. */
const LEDGER_COST_KPI = {
  id: 'customers_ledger_cost',
  name: { en: 'Non-media cost', zh: '非媒体费用' },
  description: {
    en: 'SEO, content, agency, staff and other costs.',
    zh: 'SEO、内容、代理、人力等非媒体费用。',
  },
  formula: 'non_media_cost',
  unit: 'currency',
  direction: 'context',
  aggregation: 'additive',
  sources: [],
} as const;

/** Media spend and ledger costs per channel and month, through the planner. */
async function monthlyCosts(workspace: WorkspaceContext, from: string, to: string) {
  const config = workspace.catalog.config;
  const catalog = keepScope(
    workspace.catalog,
    buildCatalog({
      ...config,
      kpis: [...config.kpis.filter((kpi) => kpi.id !== LEDGER_COST_KPI.id), LEDGER_COST_KPI],
    }),
  );
  const result = await runKpiQuery(workspace.warehouse, catalog, {
    kpis: ['spend', LEDGER_COST_KPI.id, 'new_customers'],
    dimensions: ['channel'],
    from,
    to,
    grain: 'month',
    timeZone: workspace.catalog.config.time_zone,
  });
  return result.rows.map((row) => ({
    channel: row.channel === null || row.channel === undefined ? '' : String(row.channel),
    month: String(row.month).slice(0, 7),
    media: Number(row.spend ?? 0),
    nonMedia: Number(row[LEDGER_COST_KPI.id] ?? 0),
    newCustomers: Number(row.new_customers ?? 0),
  }));
}

export interface BacktestRequest {
  calibrationEnd: string;
  holdoutEnd: string;
  unit?: TimeUnit | undefined;
  filter?: string | undefined;
}

export interface BacktestAnswer extends BacktestResult {
  notes: SaidCustomersMessage[];
}

/**
 * Fits on the orders up to `calibrationEnd` and predicts each customer's purchase days up to
 * `holdoutEnd`, against each customer's own average rate (core `backtestPurchases`).
 */
export async function ltvBacktest(
  workspace: WorkspaceContext,
  request: BacktestRequest,
): Promise<BacktestAnswer> {
  const orders = await warehouseCustomerDays(workspace.warehouse, {
    through: request.holdoutEnd,
    filter: request.filter,
  });
  const result = backtestPurchases(orders, {
    calibrationEnd: request.calibrationEnd,
    holdoutEnd: request.holdoutEnd,
    unit: request.unit ?? 'week',
  });
  const message: CustomersMessage = {
    key: 'customers.backtest',
    params: {
      holdout: result.holdout,
      unit: result.unit,
      modelError: result.model.meanAbsolute,
      naiveError: result.naive.meanAbsolute,
    },
  };
  return { ...result, notes: [said(message)] };
}
