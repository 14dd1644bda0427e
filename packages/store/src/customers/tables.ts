/**
 * Customers kept in the warehouse, so cohort and LTV answers group one row per customer and
 * month instead of every order three times:
 * - `dim_customers`: one row per customer — first order day (`date`), last order day, first
 *   order's time, cohort month, first channel and first shop, orders and revenue;
 * - `customer_months`: one row per customer and month with an order (`date`: the month's first
 *   day), carrying the customer's cohort and first channel, so a cohort table is one `GROUP BY`;
 * - `meta_customer_refreshes`: one row per refresh, with the fingerprint of the orders it read.
 *
 * Conventions: the tables say exactly what `queries.ts` reads from the order events (same
 * customers, orders, first channel and cohort), over every order and without a filter.
 *
 * Refresh (`refreshCustomerTables`, run after each import): when the orders outside the new
 * imports are exactly the ones the last refresh read (same fingerprint), only the customers with
 * a row in those imports are computed again; otherwise (first refresh, rows replaced or removed,
 * orders written some other way) every customer is. The fingerprint is the count of orders' rows
 * with a customer, the least and greatest time, the sum of the times modulo a prime and the sum
 * of values in cents: a change that keeps all five (a row's channel rewritten in place) goes
 * unseen, which no import does. Readers use the tables only while the fingerprint of the orders
 * equals the last refresh's; else they read the events, so an answer is never stale.
 *
 * Atomic: on DuckDB one transaction; on ClickHouse the import loads' staging and partition swap
 * (`loadImport`, the refresh log row last), the tables partitioned by a hash of the customer so a
 * refresh of a few customers rebuilds only their buckets. A crash leaves both tables as before.
 */
import { type CohortActivity, type ColumnBatch, type Dialect, FACTS } from '@markpi/core';
import { Parameters } from '../attribution/filter.js';
import type { TableDefinition } from '../schema.js';
import type { Warehouse } from '../warehouse.js';
import {
  type CustomerScope,
  checkDay,
  cohortActivityFromEvents,
  cohortActivityOfRows,
  ordersSql,
} from './queries.js';

export const CUSTOMERS_TABLE = 'dim_customers';
export const CUSTOMER_MONTHS_TABLE = 'customer_months';
export const CUSTOMER_REFRESHES_TABLE = 'meta_customer_refreshes';

/** Buckets of the customer tables on ClickHouse: a refresh rebuilds the buckets of its customers. */
const CUSTOMER_BUCKETS = 16;
/** Every day ClickHouse's `Date` holds: a refresh's replacement covers every row. */
const ALL_DAYS = { from: '1970-01-01', to: '2105-12-31' };
/** Rows appended per batch on engines where a refresh's rows pass through JavaScript. */
const BATCH_ROWS = 50_000;

const CONVERSIONS_TABLE = FACTS.find((fact) => fact.id === 'conversions')!.table;

const col = (name: string, type: TableDefinition['columns'][number]['type'], nullable = true) => ({
  name,
  type,
  nullable,
});

export const CUSTOMER_TABLES: readonly TableDefinition[] = [
  {
    name: CUSTOMERS_TABLE,
    columns: [
      col('customer', 'text', false),
      col('date', 'date', false),
      col('last_date', 'date', false),
      col('first_at', 'integer', false),
      col('cohort', 'date', false),
      col('first_channel', 'text', false),
      col('first_shop', 'text', false),
      col('orders', 'integer', false),
      col('revenue', 'number', false),
      col('import_id', 'text'),
    ],
    orderBy: ['customer'],
    partitionBuckets: { column: 'customer', count: CUSTOMER_BUCKETS },
  },
  {
    name: CUSTOMER_MONTHS_TABLE,
    columns: [
      col('customer', 'text', false),
      col('date', 'date', false),
      col('cohort', 'date', false),
      col('first_channel', 'text', false),
      col('orders', 'integer', false),
      col('revenue', 'number', false),
      col('import_id', 'text'),
    ],
    orderBy: ['cohort', 'first_channel', 'date', 'customer'],
    partitionBuckets: { column: 'customer', count: CUSTOMER_BUCKETS },
  },
  {
    name: CUSTOMER_REFRESHES_TABLE,
    columns: [
      col('id', 'text', false),
      col('sequence', 'integer', false),
      col('refreshed_at', 'text', false),
      col('mode', 'text', false),
      col('customers', 'integer', false),
      col('fingerprint', 'text', false),
      col('last_day', 'text'),
    ],
    orderBy: ['sequence'],
  },
];

const CUSTOMER_COLUMNS = CUSTOMER_TABLES[0]!.columns.map((column) => column.name);
const MONTH_COLUMNS = CUSTOMER_TABLES[1]!.columns.map((column) => column.name);

interface Statement {
  sql: string;
  params: (string | number)[];
}

/** One row per customer in `dim_customers`' columns (`import_id` the refresh's id, bound first). */
function customerRowsSql(dialect: Dialect, refreshId: string, customersOf?: readonly string[]): Statement {
  const parameters = new Parameters(dialect);
  const id = parameters.bind(refreshId, 'text');
  const orders = ordersSql(dialect, {}, parameters, { withShop: true, customersOf });
  const date = dialect.quote('date');
  const sql = `SELECT o_person AS customer, min(o_date) AS ${date}, max(o_date) AS last_date, min(o_at) AS first_at, ${dialect.truncateDate('month', 'min(o_date)')} AS cohort, ${dialect.lastValue('o_channel', '-o_at')} AS first_channel, ${dialect.lastValue('o_shop', '-o_at')} AS first_shop, count(*) AS orders, ${dialect.toFloat('sum(o_value)')} AS revenue, ${id} AS import_id FROM (${orders}) GROUP BY o_person`;
  return { sql, params: parameters.values as (string | number)[] };
}

/**
 * One row per customer and month in `customer_months`' columns: months per customer first, then
 * each customer's months as one list carried with their cohort and first channel, unnested —
 * lists for the join neither engine needs.
 */
function monthRowsSql(dialect: Dialect, refreshId: string, customersOf?: readonly string[]): Statement {
  const parameters = new Parameters(dialect);
  const id = parameters.bind(refreshId, 'text');
  const lists = dialect.lists;
  const orders = ordersSql(dialect, {}, parameters, { customersOf });
  const month = dialect.truncateDate('month', 'o_date');
  const byMonth = `SELECT o_person AS m_person, ${month} AS m_month, count(*) AS m_orders, ${dialect.toFloat('sum(o_value)')} AS m_value, min(o_at) AS m_first_at, ${dialect.lastValue('o_channel', '-o_at')} AS m_channel FROM (${orders}) GROUP BY o_person, ${month}`;
  const byCustomer = `SELECT m_person AS c_person, min(m_month) AS c_cohort, ${dialect.lastValue('m_channel', '-m_first_at')} AS c_channel, ${lists.sortedTuples(['m_month', 'm_orders', 'm_value'], '1 = 1')} AS c_rows FROM (${byMonth}) GROUP BY m_person`;
  const fields = `SELECT c_person, c_cohort, c_channel, ${lists.field('c_rows', 1)} AS c_months, ${lists.field('c_rows', 2)} AS c_orders, ${lists.field('c_rows', 3)} AS c_values FROM (${byCustomer})`;
  const unnested = lists.unnest(
    fields,
    ['c_person', 'c_cohort', 'c_channel'],
    [
      { list: 'c_months', as: 'u_month' },
      { list: 'c_orders', as: 'u_orders' },
      { list: 'c_values', as: 'u_value' },
    ],
  );
  const sql = `SELECT c_person AS customer, u_month AS ${dialect.quote('date')}, c_cohort AS cohort, c_channel AS first_channel, u_orders AS orders, u_value AS revenue, ${id} AS import_id FROM (${unnested})`;
  return { sql, params: parameters.values as (string | number)[] };
}

/** The fingerprint of the orders with a customer (see the module comment), those of `leaveOut` aside. */
async function ordersFingerprint(warehouse: Warehouse, leaveOut: readonly string[] = []): Promise<string> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const parameters = new Parameters(dialect);
  const conditions = [`${q('person')} IS NOT NULL`, `${q('person')} <> ''`];
  if (leaveOut.length > 0) {
    const ids = leaveOut.map((id) => parameters.bind(id, 'text'));
    conditions.push(`COALESCE(${q('import_id')}, '') NOT IN (${ids.join(', ')})`);
  }
  // Cents rounded row by row are whole numbers: their sum is exact in any order of adding.
  const [row] = await warehouse.query(
    `SELECT count(*) AS n, min(${q('at')}) AS first_at, max(${q('at')}) AS last_at, sum(${q('at')} % 1000003) AS at_sum, sum(round(COALESCE(${q('value')}, 0) * 100)) AS cents FROM ${q(CONVERSIONS_TABLE)} WHERE ${conditions.join(' AND ')}`,
    parameters.values,
  );
  const count = Number(row?.n ?? 0);
  if (count === 0) return '0';
  return [count, row?.first_at, row?.last_at, row?.at_sum, Number(row?.cents ?? 0)].map(String).join(':');
}

interface LastRefresh {
  sequence: number;
  fingerprint: string;
  lastDay: string | null;
}

async function lastRefresh(warehouse: Warehouse): Promise<LastRefresh | null> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const [row] = await warehouse.query(
    `SELECT ${q('sequence')} AS sequence, fingerprint, last_day FROM ${q(CUSTOMER_REFRESHES_TABLE)} ORDER BY ${q('sequence')} DESC LIMIT 1`,
  );
  if (!row) return null;
  return {
    sequence: Number(row.sequence),
    fingerprint: String(row.fingerprint),
    lastDay: row.last_day === null || row.last_day === undefined ? null : String(row.last_day),
  };
}

export interface CustomerRefreshRequest {
  /** Imports just loaded: their customers are computed again when the rest is unchanged. */
  importIds?: readonly string[] | undefined;
  /** Compute every customer again, whatever the fingerprints say. */
  full?: boolean | undefined;
  /** Clock of the refresh log. */
  now?: (() => Date) | undefined;
}

export interface CustomerRefreshSummary {
  /** `none`: the tables already held every order; `customers`: only the imports' customers. */
  mode: 'none' | 'customers' | 'all';
  /** Customers computed again. */
  customers: number;
  /** Their months written. */
  months: number;
}

/** Brings `dim_customers` and `customer_months` up to the orders (see the module comment). */
export async function refreshCustomerTables(
  warehouse: Warehouse,
  request: CustomerRefreshRequest = {},
): Promise<CustomerRefreshSummary> {
  const importIds = [...new Set(request.importIds ?? [])];
  const previous = await lastRefresh(warehouse);
  const current = await ordersFingerprint(warehouse);
  if (!request.full && previous?.fingerprint === current) return { mode: 'none', customers: 0, months: 0 };
  const onlyImports =
    !request.full &&
    previous !== null &&
    importIds.length > 0 &&
    (await ordersFingerprint(warehouse, importIds)) === previous.fingerprint;
  const mode = onlyImports ? 'customers' : 'all';
  const customersOf = onlyImports ? importIds : undefined;
  const sequence = (previous?.sequence ?? 0) + 1;
  const refreshId = `customers-${sequence}-${(request.now ?? (() => new Date()))().getTime()}`;
  const lastDay = await lastConversionDay(warehouse);
  const log = (customers: number): ColumnBatch => ({
    rowCount: 1,
    columns: {
      id: [refreshId],
      sequence: [sequence],
      refreshed_at: [(request.now ?? (() => new Date()))().toISOString()],
      mode: [mode],
      customers: [customers],
      fingerprint: [current],
      last_day: [lastDay],
    },
  });
  const customerRows = customerRowsSql(warehouse.dialect, refreshId, customersOf);
  const monthRows = monthRowsSql(warehouse.dialect, refreshId, customersOf);
  if (warehouse.loadImport) {
    return warehouse.loadImport(
      { importId: refreshId, log: { table: CUSTOMER_REFRESHES_TABLE, idColumn: 'id' } },
      async (load) => {
        const customers = await appendRows(warehouse, customerRows, (batch) =>
          load.append(CUSTOMERS_TABLE, batch),
        );
        const months = await appendRows(warehouse, monthRows, (batch) =>
          load.append(CUSTOMER_MONTHS_TABLE, batch),
        );
        if (customers === 0 && mode === 'all') {
          // Nothing staged to swap in: an empty table is a truncation (no orders are left at all).
          await warehouse.run(`TRUNCATE TABLE ${warehouse.dialect.quote(CUSTOMERS_TABLE)}`);
          await warehouse.run(`TRUNCATE TABLE ${warehouse.dialect.quote(CUSTOMER_MONTHS_TABLE)}`);
        }
        // Older rows of the same customers (of every customer, for a full refresh) go in the swap.
        const keyColumns = mode === 'customers' ? ['customer'] : [];
        await load.replaceOlderRows({ table: CUSTOMERS_TABLE, ...ALL_DAYS, keyColumns });
        await load.replaceOlderRows({ table: CUSTOMER_MONTHS_TABLE, ...ALL_DAYS, keyColumns });
        await load.append(CUSTOMER_REFRESHES_TABLE, log(customers));
        return { mode, customers, months };
      },
    );
  }
  return warehouse.transaction(async (scoped) => {
    const q = (name: string) => scoped.dialect.quote(name);
    for (const table of [CUSTOMERS_TABLE, CUSTOMER_MONTHS_TABLE]) {
      if (customersOf === undefined) {
        await scoped.run(`DELETE FROM ${q(table)}`);
        continue;
      }
      const ids = customersOf.map((_, index) => scoped.dialect.parameter(index, 'text'));
      await scoped.run(
        `DELETE FROM ${q(table)} WHERE customer IN (SELECT ${q('person')} FROM ${q(CONVERSIONS_TABLE)} WHERE ${q('import_id')} IN (${ids.join(', ')}))`,
        customersOf,
      );
    }
    await scoped.run(
      `INSERT INTO ${q(CUSTOMERS_TABLE)} (${CUSTOMER_COLUMNS.map(q).join(', ')}) ${customerRows.sql}`,
      customerRows.params,
    );
    await scoped.run(
      `INSERT INTO ${q(CUSTOMER_MONTHS_TABLE)} (${MONTH_COLUMNS.map(q).join(', ')}) ${monthRows.sql}`,
      monthRows.params,
    );
    const counted = await scoped.query(
      `SELECT (SELECT count(*) FROM ${q(CUSTOMERS_TABLE)} WHERE import_id = ${scoped.dialect.parameter(0, 'text')}) AS customers, (SELECT count(*) FROM ${q(CUSTOMER_MONTHS_TABLE)} WHERE import_id = ${scoped.dialect.parameter(0, 'text')}) AS months`,
      [refreshId],
    );
    const customers = Number(counted[0]?.customers ?? 0);
    await scoped.append(CUSTOMER_REFRESHES_TABLE, log(customers));
    return { mode, customers, months: Number(counted[0]?.months ?? 0) };
  });
}

/** Streams a statement's rows into `append`, batch by batch; returns the rows written. */
async function appendRows(
  warehouse: Warehouse,
  statement: Statement,
  append: (batch: ColumnBatch) => Promise<void>,
): Promise<number> {
  let rows = 0;
  for await (const batch of warehouse.scan(statement.sql, statement.params, BATCH_ROWS)) {
    if (batch.rowCount === 0) continue;
    rows += batch.rowCount;
    await append(batch);
  }
  return rows;
}

async function lastConversionDay(warehouse: Warehouse): Promise<string | null> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  // Counted first: an empty table's max() is a default day on ClickHouse, not null.
  const [row] = await warehouse.query(
    `SELECT count(*) AS n, ${dialect.formatDate(`max(${q('date')})`)} AS last_day FROM ${q(CONVERSIONS_TABLE)} WHERE ${q('person')} IS NOT NULL AND ${q('person')} <> ''`,
  );
  return row && Number(row.n) > 0 ? String(row.last_day) : null;
}

/**
 * Whether the customer tables hold exactly the orders there are now; with the last order day
 * they read (null when there are no orders).
 */
export async function customerTablesState(
  warehouse: Warehouse,
): Promise<{ fresh: boolean; lastDay: string | null }> {
  const [previous, current] = await Promise.all([lastRefresh(warehouse), ordersFingerprint(warehouse)]);
  if (previous === null || previous.fingerprint !== current) return { fresh: false, lastDay: null };
  return { fresh: true, lastDay: previous.lastDay };
}

function lastDayOfMonth(day: string): boolean {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

/**
 * Cohort activity from `customer_months` (one `GROUP BY`), for every order up to `through`.
 * Valid when the tables are fresh and `through` cuts no month short: it ends a month, or no
 * order is later. Callers check that (`warehouseCohortActivity` does).
 */
export async function cohortActivityFromTables(
  warehouse: Warehouse,
  through?: string,
): Promise<CohortActivity[]> {
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const where = through === undefined ? '' : ` WHERE ${q('date')} <= ${dialect.dateLiteral(through)}`;
  // Renamed first: ClickHouse reads an alias that shadows a column as the alias.
  const months = `SELECT cohort AS t_cohort, first_channel AS t_channel, ${q('date')} AS t_month, orders AS t_orders, revenue AS t_revenue FROM ${q(CUSTOMER_MONTHS_TABLE)}${where}`;
  const sql = `SELECT ${dialect.formatDate('t_cohort')} AS cohort, t_channel AS channel, ${dialect.formatDate('t_month')} AS month, count(*) AS customers, sum(t_orders) AS orders, ${dialect.toFloat('sum(t_revenue)')} AS revenue FROM (${months}) GROUP BY t_cohort, t_channel, t_month ORDER BY cohort, channel, month`;
  return cohortActivityOfRows(await warehouse.query(sql));
}

/** Where an answer was read: the customer tables, or the order events. */
export type CustomerSource = 'tables' | 'events';

/**
 * Activity per cohort, first channel and month (core `CohortActivity`): from the customer tables
 * when they hold every order and the scope asks nothing they cannot answer (no filter; `through`
 * at a month's end or after the last order), else from the order events. Same figures either way.
 */
export async function warehouseCohortActivity(
  warehouse: Warehouse,
  scope: CustomerScope = {},
): Promise<CohortActivity[]> {
  return (await cohortActivityWithSource(warehouse, scope)).activity;
}

export async function cohortActivityWithSource(
  warehouse: Warehouse,
  scope: CustomerScope = {},
): Promise<{ activity: CohortActivity[]; source: CustomerSource }> {
  const filtered = scope.filter !== undefined && scope.filter.trim() !== '';
  if (!filtered) {
    checkDay(scope.through, 'through');
    const state = await customerTablesState(warehouse);
    const through = scope.through;
    if (state.fresh) {
      if (state.lastDay === null) return { activity: [], source: 'tables' };
      if (through === undefined || through >= state.lastDay) {
        return { activity: await cohortActivityFromTables(warehouse), source: 'tables' };
      }
      if (lastDayOfMonth(through)) {
        return { activity: await cohortActivityFromTables(warehouse, through), source: 'tables' };
      }
    }
  }
  return { activity: await cohortActivityFromEvents(warehouse, scope), source: 'events' };
}
