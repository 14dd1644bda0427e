/**
 * Cohort tables and realised LTV curves.
 *
 * Conventions:
 * - A customer's cohort is the calendar month of their first order, their channel the first
 *   order's channel (`orders.ts`). Month k of a cohort is the k-th calendar month after it
 *   (k = 0 is the acquisition month itself, where every member is active by definition).
 * - A member is *active* in a month when they placed an order in it. Retention in month k is
 *   active members over the cohort's size; revenue is every order of the members in that month,
 *   the first one included.
 * - Realised LTV through month k is the members' cumulative revenue through month k over the
 *   cohort's size. A channel's (or all channels') curve at month k pools the cohorts that have
 *   reached month k by `through`: their summed cumulative revenue over their summed sizes, so a
 *   large cohort weighs as much as its customers.
 * - Months after `through` are not shown; `through` defaults to the latest month with activity.
 *
 * The table is built from activity counts — per cohort, first channel and month: active
 * members, orders and revenue — which the warehouse computes (`store/src/customers`) and
 * `cohortActivity` computes from orders in memory, the same way.
 */
import { MarkpiError } from '../errors.js';
import { type CustomerOrder, checkOrders, ordersByCustomer } from './orders.js';

/** Members of one cohort and first channel active in one month. */
export interface CohortActivity {
  /** The cohort: the month of the first order, `YYYY-MM`. */
  cohort: string;
  channel: string;
  month: string;
  customers: number;
  orders: number;
  revenue: number;
}

export interface CohortCell {
  /** Months after the cohort's (0: the acquisition month). */
  offset: number;
  month: string;
  activeCustomers: number;
  /** Active customers over the cohort's size. */
  retention: number;
  orders: number;
  revenue: number;
  cumulativeRevenue: number;
  /** Realised LTV: cumulative revenue through this month over the cohort's size. */
  ltv: number;
}

export interface CohortRow {
  cohort: string;
  /** The first channel, or null for every channel together. */
  channel: string | null;
  customers: number;
  cells: CohortCell[];
}

export interface CohortTable {
  through: string;
  rows: CohortRow[];
}

export interface CohortOptions {
  /** Last month shown, `YYYY-MM`; the latest month with activity when absent. */
  through?: string;
  /** Rows per cohort and first channel (true) or per cohort over every channel (false, the default). */
  byChannel?: boolean;
  /** Cohorts from this month on only. */
  fromCohort?: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

export function monthIndex(month: string): number {
  const match = MONTH.exec(month);
  if (!match) throw new MarkpiError('customers.invalid_input', `${month} is not a month (YYYY-MM)`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

export function monthOfIndex(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Activity per cohort, first channel and month, from orders held in memory (through `through`). */
export function cohortActivity(orders: readonly CustomerOrder[], through?: string): CohortActivity[] {
  checkOrders(orders);
  const cells = new Map<string, CohortActivity & { members: Set<string> }>();
  for (const [customer, list] of ordersByCustomer(orders)) {
    const first = list[0]!;
    const cohort = first.date.slice(0, 7);
    for (const order of list) {
      const month = order.date.slice(0, 7);
      if (through !== undefined && month > through) continue;
      const key = `${cohort}|${first.channel}|${month}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          cohort,
          channel: first.channel,
          month,
          customers: 0,
          orders: 0,
          revenue: 0,
          members: new Set(),
        };
        cells.set(key, cell);
      }
      cell.members.add(customer);
      cell.orders++;
      cell.revenue += order.value;
    }
  }
  return [...cells.values()]
    .map(({ members, ...cell }) => ({ ...cell, customers: members.size }))
    .sort(compareActivity);
}

function compareActivity(left: CohortActivity, right: CohortActivity): number {
  return (
    left.cohort.localeCompare(right.cohort) ||
    left.channel.localeCompare(right.channel) ||
    left.month.localeCompare(right.month)
  );
}

/** The cohort table (see the conventions above). */
export function cohortTable(activity: readonly CohortActivity[], options: CohortOptions = {}): CohortTable {
  let latest = '';
  for (const cell of activity) if (cell.month > latest) latest = cell.month;
  const through = options.through ?? latest;
  if (through === '') return { through: '', rows: [] };
  const throughIndex = monthIndex(through);
  if (options.fromCohort !== undefined) monthIndex(options.fromCohort);
  const groups = new Map<
    string,
    { cohort: string; channel: string | null; byMonth: Map<number, CohortActivity> }
  >();
  for (const cell of activity) {
    if (cell.cohort > through || (options.fromCohort !== undefined && cell.cohort < options.fromCohort))
      continue;
    const channel = options.byChannel ? cell.channel : null;
    const key = `${cell.cohort}|${channel ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { cohort: cell.cohort, channel, byMonth: new Map() };
      groups.set(key, group);
    }
    const offset = monthIndex(cell.month) - monthIndex(cell.cohort);
    if (offset < 0) {
      throw new MarkpiError(
        'customers.invalid_input',
        `activity in ${cell.month} before its cohort ${cell.cohort}`,
      );
    }
    const found = group.byMonth.get(offset);
    if (found) {
      found.customers += cell.customers;
      found.orders += cell.orders;
      found.revenue += cell.revenue;
    } else group.byMonth.set(offset, { ...cell });
  }
  const rows: CohortRow[] = [];
  for (const group of groups.values()) {
    const size = group.byMonth.get(0)?.customers ?? 0;
    if (size === 0) continue;
    const cells: CohortCell[] = [];
    let cumulative = 0;
    const cohortIndex = monthIndex(group.cohort);
    for (let offset = 0; cohortIndex + offset <= throughIndex; offset++) {
      const cell = group.byMonth.get(offset);
      cumulative += cell?.revenue ?? 0;
      cells.push({
        offset,
        month: monthOfIndex(cohortIndex + offset),
        activeCustomers: cell?.customers ?? 0,
        retention: (cell?.customers ?? 0) / size,
        orders: cell?.orders ?? 0,
        revenue: cell?.revenue ?? 0,
        cumulativeRevenue: cumulative,
        ltv: cumulative / size,
      });
    }
    rows.push({ cohort: group.cohort, channel: group.channel, customers: size, cells });
  }
  rows.sort(
    (left, right) =>
      left.cohort.localeCompare(right.cohort) || (left.channel ?? '').localeCompare(right.channel ?? ''),
  );
  return { through, rows };
}

export interface LtvPoint {
  offset: number;
  /** Cohorts that have reached this month. */
  cohorts: number;
  /** Their customers. */
  customers: number;
  /** Pooled realised LTV: their cumulative revenue through this month over their customers. */
  ltv: number;
  /** Pooled retention: their active customers this month over their customers. */
  retention: number;
}

export interface LtvCurve {
  /** The first channel, or null for every channel. */
  channel: string | null;
  customers: number;
  points: LtvPoint[];
}

/** Pooled realised LTV curves per channel of the table's rows (one curve when not by channel). */
export function ltvCurves(table: CohortTable): LtvCurve[] {
  const byChannel = new Map<string | null, CohortRow[]>();
  for (const row of table.rows) {
    const list = byChannel.get(row.channel);
    if (list) list.push(row);
    else byChannel.set(row.channel, [row]);
  }
  const curves: LtvCurve[] = [];
  for (const [channel, rows] of byChannel) {
    const longest = Math.max(...rows.map((row) => row.cells.length));
    const points: LtvPoint[] = [];
    for (let offset = 0; offset < longest; offset++) {
      let customers = 0;
      let revenue = 0;
      let active = 0;
      let cohorts = 0;
      for (const row of rows) {
        const cell = row.cells[offset];
        if (!cell) continue;
        cohorts++;
        customers += row.customers;
        revenue += cell.cumulativeRevenue;
        active += cell.activeCustomers;
      }
      points.push({ offset, cohorts, customers, ltv: revenue / customers, retention: active / customers });
    }
    curves.push({ channel, customers: rows.reduce((sum, row) => sum + row.customers, 0), points });
  }
  return curves.sort((left, right) => (left.channel ?? '').localeCompare(right.channel ?? ''));
}
