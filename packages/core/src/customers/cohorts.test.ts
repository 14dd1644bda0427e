import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../plan/dates.js';
import { cohortActivity, cohortTable, ltvCurves, monthIndex } from './cohorts.js';
import { channelEconomics } from './economics.js';
import { type CustomerOrder, summariseCustomers } from './orders.js';
import { backtestPurchases } from './projection.js';
import { type PurchaseDays, periodRetention } from './retention.js';
import { betaDraw, gammaDraw, seededUniform, simulatePurchases } from './testing.js';

/** Four customers worked through by hand in the tests below. */
const ORDERS: CustomerOrder[] = [
  { customer: 'A', date: '2026-01-05', channel: 'tmall', value: 100 },
  { customer: 'A', date: '2026-01-20', channel: 'tmall', value: 50 },
  { customer: 'A', date: '2026-03-02', channel: 'jd', value: 80 },
  { customer: 'B', date: '2026-01-10', at: 2, channel: 'jd', value: 200 },
  { customer: 'B', date: '2026-01-10', at: 1, channel: 'tmall', value: 30 },
  { customer: 'B', date: '2026-02-15', channel: 'jd', value: 40 },
  { customer: 'C', date: '2026-02-03', channel: 'douyin', value: 60 },
  { customer: 'C', date: '2026-02-04', channel: 'douyin', value: 20 },
  { customer: 'C', date: '2026-04-01', channel: 'douyin', value: 100 },
  { customer: 'D', date: '2026-02-20', channel: 'tmall', value: 70 },
];

const cellsOf = (row: {
  cells: { activeCustomers: number; orders: number; revenue: number; ltv: number }[];
}) => row.cells.map((cell) => [cell.activeCustomers, cell.orders, cell.revenue, cell.ltv]);

describe('cohort tables, by hand', () => {
  it('counts each acquisition month’s members by month, with realised LTV', () => {
    const table = cohortTable(cohortActivity(ORDERS));
    expect(table.through).toBe('2026-04');
    expect(table.rows.map((row) => [row.cohort, row.channel, row.customers])).toEqual([
      ['2026-01', null, 2],
      ['2026-02', null, 2],
    ]);
    // January: A and B. January 4 orders worth 380; February B's 40; March A's 80; April nothing.
    expect(cellsOf(table.rows[0]!)).toEqual([
      [2, 4, 380, 190],
      [1, 1, 40, 210],
      [1, 1, 80, 250],
      [0, 0, 0, 250],
    ]);
    expect(table.rows[0]!.cells.map((cell) => cell.retention)).toEqual([1, 0.5, 0.5, 0]);
    // February: C and D. February 150; March nothing; April C's 100.
    expect(cellsOf(table.rows[1]!)).toEqual([
      [2, 3, 150, 75],
      [0, 0, 0, 75],
      [1, 1, 100, 125],
    ]);
  });

  it('takes the first channel from the first order of the first day, by time', () => {
    const table = cohortTable(cohortActivity(ORDERS), { byChannel: true });
    // B's first day has tmall at time 1 before jd at time 2, so both January customers are tmall's.
    expect(table.rows.map((row) => [row.cohort, row.channel, row.customers])).toEqual([
      ['2026-01', 'tmall', 2],
      ['2026-02', 'douyin', 1],
      ['2026-02', 'tmall', 1],
    ]);
  });

  it('pools LTV curves over the cohorts that reached each month', () => {
    const all = ltvCurves(cohortTable(cohortActivity(ORDERS)))[0]!;
    // (380 + 150) / 4, (420 + 150) / 4, (500 + 250) / 4, then January alone 500 / 2.
    expect(all.points.map((point) => point.ltv)).toEqual([132.5, 142.5, 187.5, 250]);
    expect(all.points.map((point) => point.retention)).toEqual([1, 0.25, 0.5, 0]);
    expect(all.points.map((point) => point.customers)).toEqual([4, 4, 4, 2]);
    const byChannel = ltvCurves(cohortTable(cohortActivity(ORDERS), { byChannel: true }));
    const tmall = byChannel.find((curve) => curve.channel === 'tmall')!;
    // January tmall (A, B) and February tmall (D, 70): 450 / 3, 490 / 3, 570 / 3, then 500 / 2.
    expect(tmall.points.map((point) => point.ltv)).toEqual([150, 490 / 3, 190, 250]);
  });

  it('stops at the month asked for and leaves earlier cohorts out when asked', () => {
    const table = cohortTable(cohortActivity(ORDERS), { through: '2026-02', fromCohort: '2026-02' });
    expect(table.rows).toHaveLength(1);
    expect(cellsOf(table.rows[0]!)).toEqual([[2, 3, 150, 75]]);
  });

  it('agrees with a customer-by-customer count over random orders', () => {
    const uniform = seededUniform(7);
    const channels = ['douyin', 'jd', 'tmall', 'xiaohongshu'];
    const orders: CustomerOrder[] = [];
    for (let index = 0; index < 3000; index++) {
      orders.push({
        customer: `c${Math.floor(uniform() * 400)}`,
        date: addDays('2025-01-01', Math.floor(uniform() * 500)),
        at: Math.floor(uniform() * 1000),
        channel: channels[Math.floor(uniform() * 4)]!,
        value: Math.round(uniform() * 10_000) / 100,
      });
    }
    const table = cohortTable(cohortActivity(orders), { byChannel: true });
    // Brute force: each customer's first order by scanning, then every (cohort, channel, offset).
    const first = new Map<string, CustomerOrder>();
    for (const order of orders) {
      const seen = first.get(order.customer);
      const earlier =
        !seen ||
        order.date < seen.date ||
        (order.date === seen.date &&
          ((order.at ?? 0) < (seen.at ?? 0) || (order.at === seen.at && order.channel < seen.channel)));
      if (earlier) first.set(order.customer, order);
    }
    for (const row of table.rows) {
      const members = [...first.values()].filter(
        (order) => order.date.slice(0, 7) === row.cohort && order.channel === row.channel,
      );
      expect(row.customers).toBe(members.length);
      const names = new Set(members.map((order) => order.customer));
      for (const cell of row.cells) {
        const inMonth = orders.filter(
          (order) =>
            names.has(order.customer) &&
            monthIndex(order.date.slice(0, 7)) - monthIndex(row.cohort) === cell.offset,
        );
        expect(cell.activeCustomers).toBe(new Set(inMonth.map((order) => order.customer)).size);
        expect(cell.orders).toBe(inMonth.length);
        expect(cell.revenue).toBeCloseTo(
          inMonth.reduce((sum, order) => sum + order.value, 0),
          8,
        );
      }
    }
    expect(table.rows.reduce((sum, row) => sum + row.customers, 0)).toBe(first.size);
  });
});

describe('retention by (CE − CN) / CS, by hand', () => {
  const days = (orders: readonly CustomerOrder[]): PurchaseDays[] => {
    const byCustomer = new Map<string, Set<string>>();
    for (const order of orders) {
      const set = byCustomer.get(order.customer) ?? new Set();
      set.add(order.date);
      byCustomer.set(order.customer, set);
    }
    return [...byCustomer].map(([customer, set]) => ({ customer, days: [...set].sort() }));
  };

  it('counts a return after churning as acquired again', () => {
    // February, 30 days: A and B at the start; B (back on 15 Feb after 36 days away), C and D
    // at the end; CN = B, C, D. (3 − 3) / 2 = 0, while B alone stayed: 1 / 2.
    const retention = periodRetention(days(ORDERS), { from: '2026-02-01', to: '2026-02-28', churnDays: 30 });
    expect(retention).toMatchObject({
      startCustomers: 2,
      endCustomers: 3,
      acquiredCustomers: 3,
      reactivatedCustomers: 1,
      retention: 0,
      retainedCustomers: 1,
      retainedShare: 0.5,
    });
  });

  it('keeps everyone with a longer churn rule', () => {
    // 60 days: A (last 20 Jan, 39 days before 28 Feb) and B stay; C and D are new. (4 − 2) / 2 = 1.
    const retention = periodRetention(days(ORDERS), { from: '2026-02-01', to: '2026-02-28', churnDays: 60 });
    expect([retention.startCustomers, retention.endCustomers, retention.acquiredCustomers]).toEqual([
      2, 4, 2,
    ]);
    expect(retention.retention).toBe(1);
  });

  it('agrees with a day-by-day walk of every customer’s state', () => {
    const uniform = seededUniform(11);
    const customers: PurchaseDays[] = [];
    for (let index = 0; index < 300; index++) {
      const set = new Set<string>();
      const count = 1 + Math.floor(uniform() * 6);
      for (let order = 0; order < count; order++) set.add(addDays('2026-01-01', Math.floor(uniform() * 200)));
      customers.push({ customer: `c${index}`, days: [...set].sort() });
    }
    for (const churnDays of [7, 15, 30]) {
      const options = { from: '2026-03-01', to: '2026-04-30', churnDays };
      const result = periodRetention(customers, options);
      let start = 0;
      let end = 0;
      let acquired = 0;
      for (const { days: list } of customers) {
        // Walk the days, keeping "days since the last order" and whether the customer counts.
        let since = Number.POSITIVE_INFINITY;
        let acquiredHere = false;
        let countedBefore = false;
        for (let day = '2025-12-01'; day <= options.to; day = addDays(day, 1)) {
          const ordered = list.includes(day);
          const wasCounted = since < churnDays;
          since = ordered ? 0 : since + 1;
          if (day === addDays(options.from, -1)) countedBefore = since < churnDays;
          if (ordered && day >= options.from && !wasCounted) acquiredHere = true;
        }
        if (countedBefore) start++;
        if (since < churnDays) end++;
        if (acquiredHere) acquired++;
      }
      expect([result.startCustomers, result.endCustomers, result.acquiredCustomers]).toEqual([
        start,
        end,
        acquired,
      ]);
      expect(result.retention).toBe((end - acquired) / start);
    }
  });
});

describe('CAC, LTV/CAC and payback, by hand', () => {
  const costs = [
    { channel: 'tmall', month: '2026-01', media: 200, nonMedia: 50 },
    { channel: 'tmall', month: '2026-02', media: 100, nonMedia: 0 },
    { channel: 'douyin', month: '2026-02', media: 90, nonMedia: 10 },
    { channel: '', month: '2026-01', media: 0, nonMedia: 60 },
    { channel: '', month: '2026-03', media: 0, nonMedia: 30 },
  ];
  const acquired = [
    { channel: 'tmall', month: '2026-01', customers: 2 },
    { channel: 'tmall', month: '2026-02', customers: 1 },
    { channel: 'douyin', month: '2026-02', customers: 1 },
  ];
  const curves = ltvCurves(cohortTable(cohortActivity(ORDERS), { byChannel: true }));

  it('adds the ledger and shared costs to media and finds the payback month', () => {
    const result = channelEconomics(costs, acquired, curves);
    // Tmall: 300 media + 50 ledger + all of January's shared 60 (only tmall acquired then) = 410
    // for 3 customers: CAC 136.67, reached by month 0's LTV of 150. Douyin: 100 for 1, LTV 80, 80,
    // 180: payback in month 2. March's shared 30 had no new customer to go to.
    const [douyin, tmall] = result.channels;
    expect(tmall).toMatchObject({
      cost: 410,
      shared: 60,
      newCustomers: 3,
      paybackMonth: 0,
      ltv: 250,
      ltvMonths: 4,
    });
    expect(tmall!.cac).toBeCloseTo(410 / 3, 12);
    expect(tmall!.ltvToCac).toBeCloseTo(250 / (410 / 3), 12);
    expect(douyin).toMatchObject({
      cost: 100,
      cac: 100,
      paybackMonth: 2,
      ltv: 180,
      ltvMonths: 3,
      ltvToCac: 1.8,
    });
    expect(result.unallocatedShared).toBe(30);
  });

  it('pays back later on margin, or not within the months observed', () => {
    // Margin 0.8 on tmall: 120, 130.67, 152 ≥ 136.67 in month 2. Margin 0.5: at most 125.
    expect(channelEconomics(costs, acquired, curves, { margin: 0.8 }).channels[1]!.paybackMonth).toBe(2);
    expect(channelEconomics(costs, acquired, curves, { margin: 0.5 }).channels[1]!.paybackMonth).toBeNull();
    expect(() => channelEconomics(costs, acquired, curves, { margin: 1.5 })).toThrow(/not valid/);
  });
});

describe('customer summaries and the backtest', () => {
  it('summarises purchase days, by hand', () => {
    const [a, b] = summariseCustomers(ORDERS, '2026-03-31', 'week');
    // A: three purchase days; 5 Jan → 2 Mar is 56 days (8 weeks), → 31 Mar 85; repeats 50 and 80.
    expect(a).toMatchObject({ customer: 'A', frequency: 2, recency: 8, monetary: 65, firstChannel: 'tmall' });
    expect(a!.age).toBeCloseTo(85 / 7, 12);
    // B: the first day's two orders are one transaction (230); one repeat of 40.
    expect(b).toMatchObject({ frequency: 1, monetary: 40, orders: 3, value: 270, firstChannel: 'tmall' });
    expect(summariseCustomers(ORDERS, '2026-01-31', 'day').map((customer) => customer.customer)).toEqual([
      'A',
      'B',
    ]);
  });

  it('predicts a holdout better than each customer’s average rate on simulated buyers', () => {
    const uniform = seededUniform(42);
    const orders: CustomerOrder[] = [];
    for (let index = 0; index < 2000; index++) {
      const perDay = gammaDraw(uniform, 0.5, 20);
      const p = betaDraw(uniform, 1.2, 4);
      const start = Math.floor(uniform() * 180);
      const horizonDays = daysBetween('2025-01-01', '2026-06-30') - start;
      const { times } = simulatePurchases(uniform, perDay, p, horizonDays);
      const first = addDays('2025-01-01', start);
      orders.push({ customer: `c${index}`, date: first, channel: 'tmall', value: 50 });
      for (const time of times) {
        const value = Math.round(gammaDraw(uniform, 4, 0.08) * 100) / 100;
        orders.push({
          customer: `c${index}`,
          date: addDays(first, Math.floor(time)),
          channel: 'tmall',
          value,
        });
      }
    }
    const result = backtestPurchases(orders, { calibrationEnd: '2025-12-31', holdoutEnd: '2026-06-30' });
    expect(result.purchaseFit.converged).toBe(true);
    expect(result.model.meanAbsolute).toBeLessThan(result.naive.meanAbsolute);
    expect(Math.abs(result.model.totalRelative)).toBeLessThan(Math.abs(result.naive.totalRelative));
  });
});
