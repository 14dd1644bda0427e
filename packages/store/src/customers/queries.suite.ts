/**
 * What every engine's customer queries must give: a small case worked out by hand, then core's
 * in-memory reading of the same random orders (cohort activity, histories, purchase days and
 * the retention they give), with and without a filter. Each engine's test file calls this once.
 */
import { cohortActivity, customerHistories, type PurchaseDays, periodRetention } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../attribution/testing.js';
import type { Warehouse } from '../warehouse.js';
import {
  cohortActivityFromEvents,
  lastOrderDay,
  warehouseCustomerDays,
  warehouseCustomerHistories,
  warehousePurchaseDays,
} from './queries.js';
import { loadOrders, ordersOfRows, randomOrderRows, type TestOrderRow } from './testing.js';

const at = (text: string) => Date.parse(`${text}Z`);

/** A: two rows of one order on 5 January (tmall first), then jd in March. B: one order without an id. */
const HAND_ROWS: TestOrderRow[] = [
  {
    customer: 'A',
    date: '2026-01-05',
    at: at('2026-01-05T09:00:00'),
    channel: 'tmall',
    value: 60,
    orderId: 'o1',
  },
  {
    customer: 'A',
    date: '2026-01-05',
    at: at('2026-01-05T09:01:00'),
    channel: 'jd',
    value: 40,
    orderId: 'o1',
  },
  {
    customer: 'A',
    date: '2026-03-02',
    at: at('2026-03-02T10:00:00'),
    channel: 'jd',
    value: 80,
    orderId: 'o2',
  },
  {
    customer: 'B',
    date: '2026-01-10',
    at: at('2026-01-10T08:00:00'),
    channel: '',
    shop: 'jd',
    value: 30,
    orderId: null,
  },
  {
    customer: 'B',
    date: '2026-01-10',
    at: at('2026-01-10T20:00:00'),
    channel: 'tmall',
    value: 20,
    orderId: 'o3',
  },
  {
    customer: 'B',
    date: '2026-02-15',
    at: at('2026-02-15T12:00:00'),
    channel: 'jd',
    value: 40,
    orderId: 'o4',
  },
  {
    customer: '',
    date: '2026-02-15',
    at: at('2026-02-15T13:00:00'),
    channel: 'jd',
    value: 99,
    orderId: 'o5',
  },
];

const byKey = <T extends { cohort: string; channel: string; month: string }>(rows: readonly T[]) =>
  [...rows].sort((left, right) =>
    `${left.cohort}|${left.channel}|${left.month}`.localeCompare(
      `${right.cohort}|${right.channel}|${right.month}`,
    ),
  );

export function describeCustomerContract(engine: string, open: () => Promise<Warehouse>, runs: number): void {
  describe(`customers in the warehouse (${engine})`, () => {
    it('gives the figures worked out by hand', async () => {
      const warehouse = await open();
      try {
        await loadOrders(warehouse, HAND_ROWS);
        // January cohort: A (tmall, its order's first row) and B (jd: no channel, the shop's name);
        // the blank person is left out.
        expect(byKey(await cohortActivityFromEvents(warehouse))).toEqual([
          { cohort: '2026-01', channel: 'jd', month: '2026-01', customers: 1, orders: 2, revenue: 50 },
          { cohort: '2026-01', channel: 'jd', month: '2026-02', customers: 1, orders: 1, revenue: 40 },
          { cohort: '2026-01', channel: 'tmall', month: '2026-01', customers: 1, orders: 1, revenue: 100 },
          { cohort: '2026-01', channel: 'tmall', month: '2026-03', customers: 1, orders: 1, revenue: 80 },
        ]);
        expect(await warehouseCustomerHistories(warehouse, { through: '2026-02-28' })).toEqual([
          {
            customer: 'A',
            firstDate: '2026-01-05',
            firstChannel: 'tmall',
            lastDate: '2026-01-05',
            purchaseDays: 1,
            orders: 1,
            value: 100,
            firstDayValue: 100,
          },
          {
            customer: 'B',
            firstDate: '2026-01-10',
            firstChannel: 'jd',
            lastDate: '2026-02-15',
            purchaseDays: 2,
            orders: 3,
            value: 90,
            firstDayValue: 50,
          },
        ]);
        // February with 30 days: days before 1 January (1 February − 31) would fold; none here.
        expect(
          await warehousePurchaseDays(warehouse, { from: '2026-02-01', to: '2026-02-28', churnDays: 30 }),
        ).toEqual([
          { customer: 'A', days: ['2026-01-05'] },
          { customer: 'B', days: ['2026-01-10', '2026-02-15'] },
        ]);
        // March, 7 days: days from 21 February (1 March − 8) are read; earlier ones fold into 20 February.
        expect(
          await warehousePurchaseDays(warehouse, { from: '2026-03-01', to: '2026-03-31', churnDays: 7 }),
        ).toEqual([
          { customer: 'A', days: ['2026-02-20', '2026-03-02'] },
          { customer: 'B', days: ['2026-02-20'] },
        ]);
        expect(await lastOrderDay(warehouse)).toBe('2026-03-02');
        expect(await lastOrderDay(warehouse, "shop = 'tmall'")).toBeNull();
        // Purchase days: B's two orders of 10 January are one day worth 50, through jd (the earlier).
        expect(await warehouseCustomerDays(warehouse, { through: '2026-01-31' })).toEqual([
          { customer: 'A', date: '2026-01-05', at: at('2026-01-05T09:00:00'), channel: 'tmall', value: 100 },
          { customer: 'B', date: '2026-01-10', at: at('2026-01-10T08:00:00'), channel: 'jd', value: 50 },
        ]);
        const tmallOnly = await cohortActivityFromEvents(warehouse, { filter: "shop = 'tmall'" });
        expect(tmallOnly).toEqual([]);
      } finally {
        await warehouse.close();
      }
    });

    it('reads random orders as core reads them in memory', async () => {
      const warehouse = await open();
      try {
        for (let run = 0; run < runs; run++) {
          const random = seededRandom(1000 + run);
          const rows = randomOrderRows(
            random,
            400 + Math.floor(random() * 400),
            60 + Math.floor(random() * 100),
          );
          await loadOrders(warehouse, rows);
          const through = '2025-10-15';
          const filter = run % 2 === 1 ? "shop in ('tmall', 'jd')" : undefined;
          const kept =
            filter === undefined ? rows : rows.filter((row) => row.shop === 'tmall' || row.shop === 'jd');
          const orders = ordersOfRows(kept);
          const activity = await cohortActivityFromEvents(warehouse, { through, filter });
          const expected = cohortActivity(orders.filter((order) => order.date <= through));
          expect(activity.length).toBe(expected.length);
          byKey(activity).forEach((cell, index) => {
            const other = byKey(expected)[index]!;
            expect({ ...cell, revenue: 0 }).toEqual({ ...other, revenue: 0 });
            expect(cell.revenue).toBeCloseTo(other.revenue, 6);
          });
          const histories = await warehouseCustomerHistories(warehouse, { through, filter });
          const expectedHistories = customerHistories(orders, through);
          expect(histories.map((history) => ({ ...history, value: 0, firstDayValue: 0 }))).toEqual(
            expectedHistories.map((history) => ({ ...history, value: 0, firstDayValue: 0 })),
          );
          histories.forEach((history, index) => {
            expect(history.value).toBeCloseTo(expectedHistories[index]!.value, 6);
            expect(history.firstDayValue).toBeCloseTo(expectedHistories[index]!.firstDayValue, 6);
          });
          const options = { from: '2025-06-01', to: '2025-08-31', churnDays: [7, 30, 90][run % 3]! };
          const days = await warehousePurchaseDays(warehouse, { ...options, filter });
          const inMemory: PurchaseDays[] = [];
          for (const history of expectedHistories) {
            const own = [
              ...new Set(
                orders.filter((order) => order.customer === history.customer).map((order) => order.date),
              ),
            ]
              .filter((day) => day <= options.to)
              .sort();
            if (own.length > 0) inMemory.push({ customer: history.customer, days: own });
          }
          expect(periodRetention(days, options)).toEqual(periodRetention(inMemory, options));
        }
      } finally {
        await warehouse.close();
      }
    });
  });
}
