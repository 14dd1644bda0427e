/**
 * Orders as the customer views read them, and each customer's purchase history summarised for
 * the models.
 *
 * Conventions:
 * - An order is one row: the customer, the order's local day, its time (epoch milliseconds, to
 *   order a day's orders), the channel it came through and its value in the base currency.
 * - A customer's first order is the earliest (by day, then time, then channel name); its day is
 *   the acquisition day, its month the cohort, its channel the first channel.
 * - The models count purchase *days*: several orders on one day are one transaction worth their
 *   sum (the convention of the published CDNOW analyses). Repeat transactions (frequency) are
 *   purchase days after the first; recency is the first to the last purchase day, age the first
 *   purchase day to the end of observation, both in days or weeks (days / 7); monetary is the
 *   mean value of the repeat transactions (the first is left out, as Gamma-Gamma asks).
 */
import { MarkpiError } from '../errors.js';
import { daysBetween, isValidIsoDate } from '../plan/dates.js';

export interface CustomerOrder {
  customer: string;
  /** The order's local day, `YYYY-MM-DD`. */
  date: string;
  /** Epoch milliseconds, to tell a day's orders apart; 0 when unknown. */
  at?: number;
  channel: string;
  value: number;
}

export type TimeUnit = 'day' | 'week';
export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7 };

/** What the warehouse (or `summariseCustomers`) gives per customer, at the day grain. */
export interface CustomerHistory {
  customer: string;
  firstDate: string;
  firstChannel: string;
  lastDate: string;
  /** Distinct purchase days. */
  purchaseDays: number;
  orders: number;
  value: number;
  /** Value of the orders on the first purchase day. */
  firstDayValue: number;
}

/** A customer in the models' terms (see the conventions above). */
export interface CustomerSummary {
  customer: string;
  firstDate: string;
  firstChannel: string;
  frequency: number;
  recency: number;
  age: number;
  monetary: number;
  orders: number;
  value: number;
}

export function checkOrders(orders: readonly CustomerOrder[]): void {
  const problems: { message: string; row: number }[] = [];
  for (const [index, order] of orders.entries()) {
    if (problems.length >= 20) break;
    if (order.customer === '') problems.push({ row: index + 1, message: 'an order needs a customer' });
    else if (!isValidIsoDate(order.date)) {
      problems.push({ row: index + 1, message: `${order.date} is not a date (YYYY-MM-DD)` });
    } else if (!Number.isFinite(order.value)) {
      problems.push({ row: index + 1, message: `order value ${order.value} is not a number` });
    }
  }
  if (problems.length > 0)
    throw new MarkpiError('customers.invalid_input', 'the orders are not valid', problems);
}

/** Orders in first-order order: day, then time, then channel. */
export function compareOrders(left: CustomerOrder, right: CustomerOrder): number {
  if (left.date !== right.date) return left.date < right.date ? -1 : 1;
  const byTime = (left.at ?? 0) - (right.at ?? 0);
  if (byTime !== 0) return byTime;
  return left.channel < right.channel ? -1 : left.channel > right.channel ? 1 : 0;
}

/** Each customer's orders, sorted by `compareOrders`. */
export function ordersByCustomer(orders: readonly CustomerOrder[]): Map<string, CustomerOrder[]> {
  const byCustomer = new Map<string, CustomerOrder[]>();
  for (const order of orders) {
    const list = byCustomer.get(order.customer);
    if (list) list.push(order);
    else byCustomer.set(order.customer, [order]);
  }
  for (const list of byCustomer.values()) list.sort(compareOrders);
  return byCustomer;
}

/** Each customer's history from their orders on or before `through` (every order when absent). */
export function customerHistories(orders: readonly CustomerOrder[], through?: string): CustomerHistory[] {
  checkOrders(orders);
  const kept = through === undefined ? orders : orders.filter((order) => order.date <= through);
  const histories: CustomerHistory[] = [];
  for (const [customer, list] of ordersByCustomer(kept)) {
    const first = list[0]!;
    const days = new Set(list.map((order) => order.date));
    histories.push({
      customer,
      firstDate: first.date,
      firstChannel: first.channel,
      lastDate: list.at(-1)!.date,
      purchaseDays: days.size,
      orders: list.length,
      value: list.reduce((sum, order) => sum + order.value, 0),
      firstDayValue: list
        .filter((order) => order.date === first.date)
        .reduce((sum, order) => sum + order.value, 0),
    });
  }
  return histories.sort((left, right) => (left.customer < right.customer ? -1 : 1));
}

/** A history in the models' terms, observed until the end of day `end`. */
export function summariseHistory(history: CustomerHistory, end: string, unit: TimeUnit): CustomerSummary {
  const unitDays = UNIT_DAYS[unit];
  const frequency = history.purchaseDays - 1;
  return {
    customer: history.customer,
    firstDate: history.firstDate,
    firstChannel: history.firstChannel,
    frequency,
    recency: daysBetween(history.firstDate, history.lastDate) / unitDays,
    age: daysBetween(history.firstDate, end) / unitDays,
    monetary: frequency > 0 ? (history.value - history.firstDayValue) / frequency : 0,
    orders: history.orders,
    value: history.value,
  };
}

/** Every customer acquired on or before `end`, summarised from their orders up to `end`. */
export function summariseCustomers(
  orders: readonly CustomerOrder[],
  end: string,
  unit: TimeUnit = 'week',
): CustomerSummary[] {
  if (!isValidIsoDate(end))
    throw new MarkpiError('customers.invalid_input', `${end} is not a date (YYYY-MM-DD)`);
  return customerHistories(orders, end).map((history) => summariseHistory(history, end, unit));
}
