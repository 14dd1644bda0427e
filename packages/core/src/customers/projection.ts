/**
 * Projected customer value and a backtest of the purchase model.
 *
 * Conventions:
 * - Projected value of a customer over the next `horizon` units = E[Y(horizon) | x, t_x, T]
 *   (BG/NBD) × E[M | x, m̄] (Gamma-Gamma), undiscounted; a customer without repeats takes the
 *   population mean spend. Totals per first channel add customers' projections.
 * - Backtest: the models are fitted on every customer's orders up to the end of the calibration
 *   period (customers acquired in it), and each customer's purchase days in the holdout
 *   (calibration end, holdout end] are predicted. The naive forecast gives each customer their
 *   own average rate over the calibration period, x / T purchases per unit (0 for a customer
 *   acquired on its last day), times the holdout's length. Errors are per customer (mean
 *   absolute, root mean square) and in total (predicted over actual − 1).
 */
import { isMarkpiError, MarkpiError } from '../errors.js';
import { daysBetween, isValidIsoDate } from '../plan/dates.js';
import {
  type BgNbdFit,
  type BgNbdParameters,
  bgNbdConditionalPurchases,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from './bgnbd.js';
import {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParameters,
  gammaGammaExpectedSpend,
} from './gamma-gamma.js';
import {
  type CustomerOrder,
  type CustomerSummary,
  ordersByCustomer,
  summariseCustomers,
  type TimeUnit,
  UNIT_DAYS,
} from './orders.js';

export interface CustomerProjection {
  customer: string;
  firstChannel: string;
  probabilityAlive: number;
  expectedPurchases: number;
  /** Null when the spend model has no mean (q ≤ 1) and the customer no repeat. */
  expectedSpend: number | null;
  projectedValue: number | null;
}

export function projectCustomer(
  purchase: BgNbdParameters,
  spend: GammaGammaParameters,
  customer: CustomerSummary,
  horizon: number,
): CustomerProjection {
  const expectedPurchases = bgNbdConditionalPurchases(purchase, customer, horizon);
  const expectedSpend = gammaGammaExpectedSpend(spend, customer) ?? null;
  return {
    customer: customer.customer,
    firstChannel: customer.firstChannel,
    probabilityAlive: bgNbdProbabilityAlive(purchase, customer),
    expectedPurchases,
    expectedSpend,
    projectedValue: expectedSpend === null ? null : expectedPurchases * expectedSpend,
  };
}

export interface ChannelProjection {
  channel: string;
  customers: number;
  expectedPurchases: number;
  projectedValue: number;
  /** Realised value to date (every order, the first included). */
  realisedValue: number;
}

/** Customers' projections added up per first channel. */
export function projectByChannel(
  purchase: BgNbdParameters,
  spend: GammaGammaParameters,
  customers: readonly CustomerSummary[],
  horizon: number,
): ChannelProjection[] {
  const byChannel = new Map<string, ChannelProjection>();
  for (const customer of customers) {
    const projection = projectCustomer(purchase, spend, customer, horizon);
    let row = byChannel.get(customer.firstChannel);
    if (!row) {
      row = {
        channel: customer.firstChannel,
        customers: 0,
        expectedPurchases: 0,
        projectedValue: 0,
        realisedValue: 0,
      };
      byChannel.set(customer.firstChannel, row);
    }
    row.customers++;
    row.expectedPurchases += projection.expectedPurchases;
    row.projectedValue += projection.projectedValue ?? 0;
    row.realisedValue += customer.value;
  }
  return [...byChannel.values()].sort((left, right) => left.channel.localeCompare(right.channel));
}

export interface ForecastError {
  /** Mean absolute error per customer, in purchases. */
  meanAbsolute: number;
  rootMeanSquare: number;
  /** Predicted total over actual total, less 1. */
  totalRelative: number;
  predictedTotal: number;
}

export interface BacktestResult {
  calibrationEnd: string;
  holdoutEnd: string;
  unit: TimeUnit;
  /** Holdout length in units. */
  holdout: number;
  customers: number;
  actualTotal: number;
  purchaseFit: BgNbdFit;
  spendFit: GammaGammaFit | null;
  model: ForecastError;
  naive: ForecastError;
}

export function backtestPurchases(
  orders: readonly CustomerOrder[],
  options: { calibrationEnd: string; holdoutEnd: string; unit?: TimeUnit },
): BacktestResult {
  const { calibrationEnd, holdoutEnd } = options;
  const unit = options.unit ?? 'week';
  if (!isValidIsoDate(calibrationEnd) || !isValidIsoDate(holdoutEnd) || holdoutEnd <= calibrationEnd) {
    throw new MarkpiError(
      'customers.invalid_input',
      `the holdout must end after the calibration: ${calibrationEnd} … ${holdoutEnd}`,
    );
  }
  const customers = summariseCustomers(orders, calibrationEnd, unit);
  const purchaseFit = fitBgNbd(customers);
  let spendFit: GammaGammaFit | null = null;
  try {
    spendFit = fitGammaGamma(customers);
  } catch (error) {
    // Too few repeat buyers for the spend model: the purchase backtest stands without it.
    if (!isMarkpiError(error)) throw error;
  }
  const holdout = daysBetween(calibrationEnd, holdoutEnd) / UNIT_DAYS[unit];
  const byCustomer = ordersByCustomer(orders);
  const actual = customers.map((customer) => {
    const days = new Set<string>();
    for (const order of byCustomer.get(customer.customer) ?? []) {
      if (order.date > calibrationEnd && order.date <= holdoutEnd) days.add(order.date);
    }
    return days.size;
  });
  const model = customers.map((customer) =>
    bgNbdConditionalPurchases(purchaseFit.parameters, customer, holdout),
  );
  const naive = customers.map((customer) =>
    customer.age > 0 ? (customer.frequency / customer.age) * holdout : 0,
  );
  const actualTotal = actual.reduce((sum, value) => sum + value, 0);
  return {
    calibrationEnd,
    holdoutEnd,
    unit,
    holdout,
    customers: customers.length,
    actualTotal,
    purchaseFit,
    spendFit,
    model: forecastError(model, actual),
    naive: forecastError(naive, actual),
  };
}

function forecastError(predicted: readonly number[], actual: readonly number[]): ForecastError {
  let absolute = 0;
  let squared = 0;
  let predictedTotal = 0;
  let actualTotal = 0;
  for (let index = 0; index < actual.length; index++) {
    const difference = predicted[index]! - actual[index]!;
    absolute += Math.abs(difference);
    squared += difference * difference;
    predictedTotal += predicted[index]!;
    actualTotal += actual[index]!;
  }
  const count = Math.max(actual.length, 1);
  return {
    meanAbsolute: absolute / count,
    rootMeanSquare: Math.sqrt(squared / count),
    totalRelative: actualTotal === 0 ? 0 : predictedTotal / actualTotal - 1,
    predictedTotal,
  };
}
