/**
 * Customers read from the order events (`fact_conversions`) by the warehouse: cohort activity,
 * each customer's purchase history, and purchase days for retention — the inputs of core's
 * `customers/` at the grain core expects, aggregated by the engine so that ten million orders
 * reach JavaScript as a few thousand cohort cells (or one row per customer for the models).
 *
 * Conventions (core `customers/orders.ts` states the rest):
 * - A customer is the conversion's `person` (rows without one are left out). Rows of one order
 *   (same person and `order_id`) are one order at its earliest row's time and day, through the
 *   channel of that row, worth their summed value; rows with no order id are one order per person
 *   and millisecond — as attribution reads them.
 * - An order's channel is the conversion's `channel`, else its `shop` (Tmall and JD exports name
 *   the shop, not a platform channel). A customer's first order is their earliest by time
 *   (`at`); its day's month is the cohort, its channel the first channel.
 * - `through` (a day) leaves later orders out; `filter` is a condition on the conversions'
 *   dimensions (`shop = 'tmall'`) in the formula language, its values bound as parameters.
 *
 * Only dialect functions: lists per customer stand in for joins and window functions, so the
 * same statements run on DuckDB and on ClickHouse 18.16.
 */
import {
  addDays,
  type CohortActivity,
  type CustomerHistory,
  type CustomerOrder,
  type Dialect,
  FACTS,
  isValidIsoDate,
  MarkpiError,
  type PurchaseDays,
  type Row,
} from '@markpi/core';
import { Parameters, renderEventFilter } from '../attribution/filter.js';
import type { Warehouse } from '../warehouse.js';

const CONVERSIONS = FACTS.find((fact) => fact.id === 'conversions')!;

export interface CustomerScope {
  /** Last day whose orders are read (`YYYY-MM-DD`); every order when absent. */
  through?: string | undefined;
  /** A condition on the conversions' dimensions: which orders count. */
  filter?: string | undefined;
}

export interface CustomerSql {
  sql: string;
  params: (string | number)[];
}

export function checkDay(day: string | undefined, field: string): void {
  if (day !== undefined && !isValidIsoDate(day)) {
    throw new MarkpiError('customers.invalid_input', `${field}: ${day} is not a date (YYYY-MM-DD)`, [
      { path: field, message: 'not a date (YYYY-MM-DD)' },
    ]);
  }
}

/** What `ordersSql` reads beyond the scope: the order's shop, and only some customers' orders. */
export interface OrderReading {
  /** Leaves out days before this one. */
  since?: string | undefined;
  /** Adds `o_shop`: the shop of the order's earliest row. */
  withShop?: boolean | undefined;
  /** Only customers with a row written by one of these imports (`import_id`). */
  customersOf?: readonly string[] | undefined;
}

/**
 * One row per order: `o_person`, `o_at`, `o_date`, `o_channel`, `o_value` (see the conventions),
 * and `o_shop` when asked.
 */
export function ordersSql(
  dialect: Dialect,
  scope: CustomerScope,
  parameters: Parameters,
  reading: OrderReading = {},
): string {
  checkDay(scope.through, 'through');
  const q = (name: string) => dialect.quote(name);
  const conditions = [`${q('person')} IS NOT NULL`, `${q('person')} <> ''`];
  if (scope.through !== undefined) conditions.push(`${q('date')} <= ${dialect.dateLiteral(scope.through)}`);
  if (reading.since !== undefined) conditions.push(`${q('date')} >= ${dialect.dateLiteral(reading.since)}`);
  if (scope.filter !== undefined && scope.filter.trim() !== '') {
    conditions.push(renderEventFilter(scope.filter, CONVERSIONS, dialect, parameters, 'filter'));
  }
  if (reading.customersOf !== undefined) {
    const ids = reading.customersOf.map((id) => parameters.bind(id, 'text'));
    // A subquery, not a join: the same text on DuckDB and ClickHouse 18.16.
    conditions.push(
      `${q('person')} IN (SELECT ${q('person')} FROM ${q(CONVERSIONS.table)} WHERE ${q('import_id')} IN (${ids.join(', ') || "''"}))`,
    );
  }
  const shop = reading.withShop ? `, COALESCE(${q('shop')}, '') AS r_shop` : '';
  const rows = `SELECT ${q('person')} AS r_person, ${q('at')} AS r_at, ${q('date')} AS r_date, CASE WHEN ${q('channel')} IS NULL OR ${q('channel')} = '' THEN COALESCE(${q('shop')}, '') ELSE ${q('channel')} END AS r_channel, COALESCE(${q('value')}, 0) AS r_value, COALESCE(${q('order_id')}, '') AS r_order, CASE WHEN ${q('order_id')} IS NULL THEN ${q('at')} ELSE 0 END AS r_alone${shop} FROM ${q(CONVERSIONS.table)} WHERE ${conditions.join(' AND ')}`;
  const orderShop = reading.withShop ? `, ${dialect.lastValue('r_shop', '-r_at')} AS o_shop` : '';
  return `SELECT r_person AS o_person, min(r_at) AS o_at, min(r_date) AS o_date, ${dialect.lastValue('r_channel', '-r_at')} AS o_channel, ${dialect.toFloat('sum(r_value)')} AS o_value${orderShop} FROM (${rows}) GROUP BY r_person, r_order, r_alone`;
}

/**
 * Activity per cohort, first channel and month (core `CohortActivity`): per customer and month
 * first, then each customer's months as one sorted list carried with their cohort and first
 * channel, unnested and counted.
 */
export function cohortActivityFromEventsSql(dialect: Dialect, scope: CustomerScope = {}): CustomerSql {
  const parameters = new Parameters(dialect);
  const lists = dialect.lists;
  const orders = ordersSql(dialect, scope, parameters);
  const month = dialect.truncateDate('month', 'o_date');
  const byMonth = `SELECT o_person AS m_person, ${month} AS m_month, count(*) AS m_orders, ${dialect.toFloat('sum(o_value)')} AS m_value, min(o_at) AS m_first_at, ${dialect.lastValue('o_channel', '-o_at')} AS m_channel FROM (${orders}) GROUP BY o_person, ${month}`;
  const byCustomer = `SELECT m_person AS c_person, min(m_month) AS c_cohort, ${dialect.lastValue('m_channel', '-m_first_at')} AS c_channel, ${lists.sortedTuples(['m_month', 'm_orders', 'm_value'], '1 = 1')} AS c_rows FROM (${byMonth}) GROUP BY m_person`;
  const fields = `SELECT c_cohort, c_channel, ${lists.field('c_rows', 1)} AS c_months, ${lists.field('c_rows', 2)} AS c_orders, ${lists.field('c_rows', 3)} AS c_values FROM (${byCustomer})`;
  const unnested = lists.unnest(
    fields,
    ['c_cohort', 'c_channel'],
    [
      { list: 'c_months', as: 'u_month' },
      { list: 'c_orders', as: 'u_orders' },
      { list: 'c_values', as: 'u_value' },
    ],
  );
  const sql = `SELECT ${dialect.formatDate('c_cohort')} AS cohort, c_channel AS channel, ${dialect.formatDate('u_month')} AS month, count(*) AS customers, sum(u_orders) AS orders, ${dialect.toFloat('sum(u_value)')} AS revenue FROM (${unnested}) GROUP BY c_cohort, c_channel, u_month ORDER BY cohort, channel, month`;
  return { sql, params: parameters.values as (string | number)[] };
}

/** Cohort activity read from the order events themselves (every order grouped three times). */
export async function cohortActivityFromEvents(
  warehouse: Warehouse,
  scope: CustomerScope = {},
): Promise<CohortActivity[]> {
  const { sql, params } = cohortActivityFromEventsSql(warehouse.dialect, scope);
  return cohortActivityOfRows(await warehouse.query(sql, params));
}

/** Rows with `cohort`, `channel`, `month`, `customers`, `orders`, `revenue` as core's cells. */
export function cohortActivityOfRows(rows: readonly Row[]): CohortActivity[] {
  return rows.map((row) => ({
    cohort: String(row.cohort).slice(0, 7),
    channel: String(row.channel ?? ''),
    month: String(row.month).slice(0, 7),
    customers: Number(row.customers),
    orders: Number(row.orders),
    revenue: Number(row.revenue ?? 0),
  }));
}

/** Each customer's history at the day grain (core `CustomerHistory`), by customer. */
export function customerHistoriesSql(dialect: Dialect, scope: CustomerScope = {}): CustomerSql {
  const parameters = new Parameters(dialect);
  const orders = ordersSql(dialect, scope, parameters);
  const byDay = `SELECT o_person AS d_person, o_date AS d_date, count(*) AS d_orders, ${dialect.toFloat('sum(o_value)')} AS d_value, min(o_at) AS d_first_at, ${dialect.lastValue('o_channel', '-o_at')} AS d_channel FROM (${orders}) GROUP BY o_person, o_date`;
  const sql = `SELECT d_person AS customer, ${dialect.formatDate('min(d_date)')} AS first_date, ${dialect.lastValue('d_channel', '-d_first_at')} AS first_channel, ${dialect.formatDate('max(d_date)')} AS last_date, count(*) AS purchase_days, sum(d_orders) AS orders, ${dialect.toFloat('sum(d_value)')} AS value, ${dialect.lastValue('d_value', '-d_first_at')} AS first_day_value FROM (${byDay}) GROUP BY d_person ORDER BY customer`;
  return { sql, params: parameters.values as (string | number)[] };
}

const historyOf = (row: Row): CustomerHistory => ({
  customer: String(row.customer),
  firstDate: String(row.first_date),
  firstChannel: String(row.first_channel ?? ''),
  lastDate: String(row.last_date),
  purchaseDays: Number(row.purchase_days),
  orders: Number(row.orders),
  value: Number(row.value ?? 0),
  firstDayValue: Number(row.first_day_value ?? 0),
});

export async function warehouseCustomerHistories(
  warehouse: Warehouse,
  scope: CustomerScope = {},
): Promise<CustomerHistory[]> {
  const { sql, params } = customerHistoriesSql(warehouse.dialect, scope);
  return (await warehouse.query(sql, params)).map(historyOf);
}

/**
 * Purchase days for retention over `from … to` with a churn rule of `churnDays`: each customer's
 * distinct days from `from − churnDays − 1` to `to`, and every earlier day folded into one day
 * before those (`from − churnDays − 2`), which keeps "ordered before" without reading all history:
 * a day that far back is never counted at the start, and a return after it is a reactivation —
 * exactly as the earlier days themselves would be read by core's `periodRetention`.
 */
export function purchaseDaysSql(
  dialect: Dialect,
  options: { from: string; to: string; churnDays: number; filter?: string | undefined },
): CustomerSql & { foldedDay: string } {
  checkDay(options.from, 'from');
  checkDay(options.to, 'to');
  const parameters = new Parameters(dialect);
  const orders = ordersSql(dialect, { through: options.to, filter: options.filter }, parameters);
  const folded = addDays(options.from, -options.churnDays - 2);
  const day = `greatest(o_date, ${dialect.dateLiteral(folded)})`;
  const sql = `SELECT o_person AS customer, ${dialect.formatDate(day)} AS day FROM (${orders}) GROUP BY o_person, ${day} ORDER BY customer, day`;
  return { sql, params: parameters.values as (string | number)[], foldedDay: folded };
}

export async function warehousePurchaseDays(
  warehouse: Warehouse,
  options: { from: string; to: string; churnDays: number; filter?: string | undefined },
): Promise<PurchaseDays[]> {
  const { sql, params } = purchaseDaysSql(warehouse.dialect, options);
  const customers: PurchaseDays[] = [];
  let current: { customer: string; days: string[] } | undefined;
  for (const row of await warehouse.query(sql, params)) {
    const customer = String(row.customer);
    if (current?.customer !== customer) {
      current = { customer, days: [] };
      customers.push(current);
    }
    current.days.push(String(row.day));
  }
  return customers;
}

/** Customers acquired per first channel and month: the month-0 cells of the cohort activity. */
export function acquiredByChannel(activity: readonly CohortActivity[]) {
  return activity
    .filter((cell) => cell.month === cell.cohort)
    .map((cell) => ({ channel: cell.channel, month: cell.cohort, customers: cell.customers }));
}

/** The last day with an order (with a customer) in the conversion fact; null when there is none. */
export async function lastOrderDay(warehouse: Warehouse, filter?: string): Promise<string | null> {
  const dialect = warehouse.dialect;
  const parameters = new Parameters(dialect);
  const q = (name: string) => dialect.quote(name);
  const conditions = [`${q('person')} IS NOT NULL`, `${q('person')} <> ''`];
  if (filter !== undefined && filter.trim() !== '') {
    conditions.push(renderEventFilter(filter, CONVERSIONS, dialect, parameters, 'filter'));
  }
  // Counted first: an empty table's max() is a default day on ClickHouse, not null.
  const [row] = await warehouse.query(
    `SELECT count(*) AS n, ${dialect.formatDate(`max(${q('date')})`)} AS last_day FROM ${q(CONVERSIONS.table)} WHERE ${conditions.join(' AND ')}`,
    parameters.values,
  );
  return row && Number(row.n) > 0 ? String(row.last_day) : null;
}

/**
 * Each customer's purchase days with the day's value and first channel (orders of one day added
 * up: what the models count as one transaction), by customer and day.
 */
export async function warehouseCustomerDays(
  warehouse: Warehouse,
  scope: CustomerScope = {},
): Promise<CustomerOrder[]> {
  const dialect = warehouse.dialect;
  const parameters = new Parameters(dialect);
  const orders = ordersSql(dialect, scope, parameters);
  const sql = `SELECT o_person AS customer, ${dialect.formatDate('o_date')} AS day, min(o_at) AS first_at, ${dialect.lastValue('o_channel', '-o_at')} AS channel, ${dialect.toFloat('sum(o_value)')} AS value FROM (${orders}) GROUP BY o_person, o_date ORDER BY customer, day`;
  return (await warehouse.query(sql, parameters.values)).map((row) => ({
    customer: String(row.customer),
    date: String(row.day),
    at: Number(row.first_at),
    channel: String(row.channel ?? ''),
    value: Number(row.value ?? 0),
  }));
}
