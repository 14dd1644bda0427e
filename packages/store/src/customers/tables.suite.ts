/**
 * What every engine's customer tables must give: the customers and months of a small case by
 * hand, then on random orders the same cohort activity as the order events (the statements the
 * tables replace) and as core's reading in memory — after a first refresh of every customer, and
 * after a second import that adds orders to existing customers and new ones, refreshed for its
 * customers alone. Each engine's test file calls this once.
 */
import { cohortActivity } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../attribution/testing.js';
import type { Warehouse } from '../warehouse.js';
import { cohortActivityFromEvents } from './queries.js';
import {
  CUSTOMER_MONTHS_TABLE,
  CUSTOMERS_TABLE,
  cohortActivityFromTables,
  cohortActivityWithSource,
  customerTablesState,
  refreshCustomerTables,
} from './tables.js';
import { appendOrders, loadOrders, ordersOfRows, randomOrderRows, type TestOrderRow } from './testing.js';

const at = (text: string) => Date.parse(`${text}Z`);

const order = (
  customer: string,
  time: string,
  channel: string,
  value: number,
  orderId: string | null,
  shop?: string,
): TestOrderRow => ({
  customer,
  date: time.slice(0, 10),
  at: at(time),
  channel,
  value,
  orderId,
  ...(shop === undefined ? {} : { shop }),
});

/** A: one order over two rows in January (tmall first, shop jd), one in March. B: January, February. */
const FIRST_IMPORT: TestOrderRow[] = [
  order('A', '2026-01-05T09:00:00', 'tmall', 60, 'o1', 'jd'),
  order('A', '2026-01-05T09:01:00', 'jd', 40, 'o1', 'tmall'),
  order('A', '2026-03-02T10:00:00', 'jd', 80, 'o2'),
  order('B', '2026-01-10T08:00:00', '', 30, null, 'jd'),
  order('B', '2026-02-15T12:00:00', 'jd', 40, 'o4'),
  order('', '2026-02-15T13:00:00', 'jd', 99, 'o5'),
];

/** B buys again in March and, earlier than anything before, in December; C is new. */
const SECOND_IMPORT: TestOrderRow[] = [
  order('B', '2026-03-20T12:00:00', 'douyin', 25, 'o6'),
  order('B', '2025-12-30T12:00:00', 'xiaohongshu', 10, 'o7', 'tmall'),
  order('C', '2026-03-21T12:00:00', 'douyin', 15, 'o8'),
];

const byKey = <T extends { cohort: string; channel: string; month: string }>(rows: readonly T[]) =>
  [...rows].sort((left, right) =>
    `${left.cohort}|${left.channel}|${left.month}`.localeCompare(
      `${right.cohort}|${right.channel}|${right.month}`,
    ),
  );

async function customerRows(warehouse: Warehouse) {
  const { dialect } = warehouse;
  const rows = await warehouse.query(
    `SELECT customer, ${dialect.formatDate(dialect.quote('date'))} AS first_day, ${dialect.formatDate('last_date')} AS last_day, ${dialect.formatDate('cohort')} AS cohort_month, first_channel, first_shop, orders, revenue FROM ${dialect.quote(CUSTOMERS_TABLE)} ORDER BY customer`,
  );
  return rows.map((row) => ({
    ...row,
    first_shop: String(row.first_shop),
    orders: Number(row.orders),
    revenue: Number(row.revenue),
  }));
}

async function monthRows(warehouse: Warehouse) {
  const { dialect } = warehouse;
  const rows = await warehouse.query(
    `SELECT customer, ${dialect.formatDate(dialect.quote('date'))} AS month, ${dialect.formatDate('cohort')} AS cohort_month, first_channel, orders, revenue FROM ${dialect.quote(CUSTOMER_MONTHS_TABLE)} ORDER BY customer, month`,
  );
  return rows.map((row) => ({ ...row, orders: Number(row.orders), revenue: Number(row.revenue) }));
}

function expectSameActivity(
  actual: ReturnType<typeof cohortActivity>,
  expected: ReturnType<typeof cohortActivity>,
) {
  expect(actual.length).toBe(expected.length);
  const sortedExpected = byKey(expected);
  byKey(actual).forEach((cell, index) => {
    const other = sortedExpected[index]!;
    expect({ ...cell, revenue: 0 }).toEqual({ ...other, revenue: 0 });
    expect(cell.revenue).toBeCloseTo(other.revenue, 6);
  });
}

export function describeCustomerTablesContract(
  engine: string,
  open: () => Promise<Warehouse>,
  runs: number,
): void {
  describe(`customer tables in the warehouse (${engine})`, () => {
    it('hold the customers and months worked out by hand, refreshed for an import’s customers', async () => {
      const warehouse = await open();
      try {
        await loadOrders(warehouse, FIRST_IMPORT);
        expect(await customerTablesState(warehouse)).toEqual({ fresh: false, lastDay: null });
        expect(await refreshCustomerTables(warehouse, { importIds: ['test'] })).toEqual({
          mode: 'all',
          customers: 2,
          months: 4,
        });
        // A's first order is o1 at 09:00 through tmall, its earliest row's shop jd; B's is the
        // order without an id, through its shop jd.
        expect(await customerRows(warehouse)).toEqual([
          {
            customer: 'A',
            first_day: '2026-01-05',
            last_day: '2026-03-02',
            cohort_month: '2026-01-01',
            first_channel: 'tmall',
            first_shop: 'jd',
            orders: 2,
            revenue: 180,
          },
          {
            customer: 'B',
            first_day: '2026-01-10',
            last_day: '2026-02-15',
            cohort_month: '2026-01-01',
            first_channel: 'jd',
            first_shop: 'jd',
            orders: 2,
            revenue: 70,
          },
        ]);
        expect(await refreshCustomerTables(warehouse)).toEqual({ mode: 'none', customers: 0, months: 0 });
        expect(await customerTablesState(warehouse)).toEqual({ fresh: true, lastDay: '2026-03-02' });

        await appendOrders(warehouse, SECOND_IMPORT, 'second');
        expect((await customerTablesState(warehouse)).fresh).toBe(false);
        expect(await cohortActivityWithSource(warehouse)).toMatchObject({ source: 'events' });
        // Only B and C are computed again; B's cohort moves to December, through xiaohongshu.
        expect(await refreshCustomerTables(warehouse, { importIds: ['second'] })).toEqual({
          mode: 'customers',
          customers: 2,
          months: 5,
        });
        expect(await monthRows(warehouse)).toEqual([
          {
            customer: 'A',
            month: '2026-01-01',
            cohort_month: '2026-01-01',
            first_channel: 'tmall',
            orders: 1,
            revenue: 100,
          },
          {
            customer: 'A',
            month: '2026-03-01',
            cohort_month: '2026-01-01',
            first_channel: 'tmall',
            orders: 1,
            revenue: 80,
          },
          {
            customer: 'B',
            month: '2025-12-01',
            cohort_month: '2025-12-01',
            first_channel: 'xiaohongshu',
            orders: 1,
            revenue: 10,
          },
          {
            customer: 'B',
            month: '2026-01-01',
            cohort_month: '2025-12-01',
            first_channel: 'xiaohongshu',
            orders: 1,
            revenue: 30,
          },
          {
            customer: 'B',
            month: '2026-02-01',
            cohort_month: '2025-12-01',
            first_channel: 'xiaohongshu',
            orders: 1,
            revenue: 40,
          },
          {
            customer: 'B',
            month: '2026-03-01',
            cohort_month: '2025-12-01',
            first_channel: 'xiaohongshu',
            orders: 1,
            revenue: 25,
          },
          {
            customer: 'C',
            month: '2026-03-01',
            cohort_month: '2026-03-01',
            first_channel: 'douyin',
            orders: 1,
            revenue: 15,
          },
        ]);
        expect((await customerRows(warehouse)).map((row) => row.first_shop)).toEqual(['jd', 'tmall', '']);
        const read = await cohortActivityWithSource(warehouse);
        expect(read.source).toBe('tables');
        expect(byKey(read.activity)).toEqual(byKey(await cohortActivityFromEvents(warehouse)));
        // A month cut short is read from the events; a month's end from the tables.
        expect(await cohortActivityWithSource(warehouse, { through: '2026-03-10' })).toMatchObject({
          source: 'events',
        });
        const february = await cohortActivityWithSource(warehouse, { through: '2026-02-28' });
        expect(february.source).toBe('tables');
        expect(byKey(february.activity)).toEqual(
          byKey(await cohortActivityFromEvents(warehouse, { through: '2026-02-28' })),
        );
        expect(await cohortActivityWithSource(warehouse, { filter: "shop = 'jd'" })).toMatchObject({
          source: 'events',
        });

        // Rows gone some other way: the rest no longer matches the last refresh, so all again.
        await loadOrders(warehouse, FIRST_IMPORT.slice(0, 3));
        expect(await refreshCustomerTables(warehouse, { importIds: ['test'] })).toEqual({
          mode: 'all',
          customers: 1,
          months: 2,
        });
        await loadOrders(warehouse, []);
        expect(await refreshCustomerTables(warehouse)).toEqual({ mode: 'all', customers: 0, months: 0 });
        expect(await customerRows(warehouse)).toEqual([]);
        expect(await cohortActivityWithSource(warehouse)).toEqual({ activity: [], source: 'tables' });
      } finally {
        await warehouse.close();
      }
    });

    it('give the order events’ cohort activity on random orders, before and after a second import', async () => {
      const warehouse = await open();
      try {
        for (let run = 0; run < runs; run++) {
          const random = seededRandom(2000 + run);
          const customers = 60 + Math.floor(random() * 100);
          const first = randomOrderRows(random, 300 + Math.floor(random() * 300), customers);
          await loadOrders(warehouse, first);
          expect((await refreshCustomerTables(warehouse, { importIds: ['test'] })).mode).toBe('all');
          expectSameActivity(
            await cohortActivityFromTables(warehouse),
            await cohortActivityFromEvents(warehouse),
          );
          expectSameActivity(await cohortActivityFromTables(warehouse), cohortActivity(ordersOfRows(first)));

          // More orders of the same customers and some new ones, under order ids of their own.
          const second = randomOrderRows(random, 100 + Math.floor(random() * 200), customers + 20, 500).map(
            (row) => ({ ...row, orderId: row.orderId && `s${row.orderId}` }),
          );
          await appendOrders(warehouse, second, `second-${run}`);
          const refreshed = await refreshCustomerTables(warehouse, { importIds: [`second-${run}`] });
          expect(refreshed.mode).toBe('customers');
          expect(refreshed.customers).toBe(new Set(second.map((row) => row.customer)).size);
          const all = ordersOfRows([...first, ...second]);
          const fromTables = await cohortActivityFromTables(warehouse);
          expectSameActivity(fromTables, await cohortActivityFromEvents(warehouse));
          expectSameActivity(fromTables, cohortActivity(all));
          const monthEnd = '2025-09-30';
          expectSameActivity(
            await cohortActivityFromTables(warehouse, monthEnd),
            cohortActivity(all.filter((entry) => entry.date <= monthEnd)),
          );
        }
      } finally {
        await warehouse.close();
      }
    });
  });
}
