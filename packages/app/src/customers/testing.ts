/**
 * Tests only: a small workspace worked out by hand — the orders of core's customer tests
 * (`customers/cohorts.test.ts`), media spend and a cost ledger with shared staff costs — for the
 * use cases, the CLI and the API.
 */
import type { Warehouse } from '@markpi/store';

const at = (text: string) => Date.parse(`${text}T12:00:00Z`);

/** The orders of core's hand-worked tests (`customers/cohorts.test.ts`), one row per order. */
const ORDERS = [
  ['A', '2026-01-05', 'tmall', 100],
  ['A', '2026-01-20', 'tmall', 50],
  ['A', '2026-03-02', 'jd', 80],
  ['B', '2026-01-10', 'tmall', 30],
  ['B', '2026-02-15', 'jd', 40],
  ['C', '2026-02-03', 'douyin', 60],
  ['C', '2026-02-04', 'douyin', 20],
  ['C', '2026-04-01', 'douyin', 100],
  ['D', '2026-02-20', 'tmall', 70],
] as const;

export async function loadHandWorkspace(warehouse: Warehouse): Promise<void> {
  await warehouse.append('fact_conversions', {
    rowCount: ORDERS.length,
    columns: {
      date: ORDERS.map((order) => order[1]),
      person: ORDERS.map((order) => order[0]),
      at: ORDERS.map((order) => at(order[1])),
      channel: ORDERS.map((order) => order[2]),
      order_id: ORDERS.map((_, index) => `o${index}`),
      value: ORDERS.map((order) => order[3]),
      import_id: ORDERS.map(() => 'test'),
    },
  });
  // Media: tmall 200 in January and 100 in February, douyin 90 in February.
  const spend = [
    ['2026-01-10', 'tmall', 200],
    ['2026-02-10', 'tmall', 100],
    ['2026-02-10', 'douyin', 90],
  ] as const;
  await warehouse.append('fact_performance', {
    rowCount: spend.length,
    columns: {
      date: spend.map((row) => row[0]),
      channel: spend.map((row) => row[1]),
      spend: spend.map((row) => row[2]),
      import_id: spend.map(() => 'test'),
    },
  });
  // Ledger: tmall's SEO 50 in January, douyin's content 10 in February; staff 60 in January and
  // 30 in March with no channel (shared).
  const ledger = [
    ['2026-01-01', 'tmall', 'seo', 50],
    ['2026-02-01', 'douyin', 'content', 10],
    ['2026-01-01', null, 'staff', 60],
    ['2026-03-01', null, 'staff', 30],
  ] as const;
  await warehouse.append('fact_costs', {
    rowCount: ledger.length,
    columns: {
      date: ledger.map((row) => row[0]),
      channel: ledger.map((row) => row[1]),
      cost_type: ledger.map((row) => row[2]),
      amount: ledger.map((row) => row[3]),
      import_id: ledger.map(() => 'test'),
    },
  });
}
