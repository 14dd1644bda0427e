/**
 * Tests only: orders loaded into a warehouse's conversion fact, and random orders to compare
 * the warehouse's customer queries with core's in-memory reading of the same orders.
 */
import type { CustomerOrder } from '@markpi/core';
import type { Warehouse } from '../warehouse.js';

/** An order row as the fact holds it: one order may span rows (same order id). */
export interface TestOrderRow extends CustomerOrder {
  at: number;
  orderId: string | null;
  shop?: string;
}

export async function loadOrders(warehouse: Warehouse, rows: readonly TestOrderRow[]): Promise<void> {
  await warehouse.run(`TRUNCATE TABLE ${warehouse.dialect.quote('fact_conversions')}`);
  if (rows.length === 0) return;
  await warehouse.append('fact_conversions', {
    rowCount: rows.length,
    columns: {
      date: rows.map((row) => row.date),
      person: rows.map((row) => row.customer),
      at: rows.map((row) => row.at),
      channel: rows.map((row) => (row.channel === '' ? null : row.channel)),
      order_id: rows.map((row) => row.orderId),
      value: rows.map((row) => row.value),
      shop: rows.map((row) => row.shop ?? null),
      import_id: rows.map(() => 'test'),
    },
  });
}

/** An order row's channel as the warehouse reads it: its channel, else its shop. */
const channelOf = (row: TestOrderRow) => (row.channel === '' ? (row.shop ?? '') : row.channel);

/** The orders core reads from those rows: rows of one order added up at the earliest row. */
export function ordersOfRows(rows: readonly TestOrderRow[]): CustomerOrder[] {
  const byOrder = new Map<string, CustomerOrder & { at: number }>();
  for (const row of rows) {
    const key = row.orderId === null ? `${row.customer}|-|${row.at}` : `${row.customer}|${row.orderId}`;
    const found = byOrder.get(key);
    if (!found) {
      byOrder.set(key, {
        customer: row.customer,
        date: row.date,
        at: row.at,
        channel: channelOf(row),
        value: row.value,
      });
      continue;
    }
    found.value += row.value;
    if (row.at < found.at) Object.assign(found, { at: row.at, date: row.date, channel: channelOf(row) });
  }
  return [...byOrder.values()];
}

const DAY_MS = 86_400_000;

/** Random order rows over `days` days from 2025-01-01, times distinct, some orders over two rows. */
export function randomOrderRows(
  random: () => number,
  count: number,
  customers: number,
  days = 420,
): TestOrderRow[] {
  const channels = ['douyin', '', 'tmall', 'xiaohongshu'];
  const shops = ['tmall', 'jd', 'douyin'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  const rows: TestOrderRow[] = [];
  const used = new Set<number>();
  for (let index = 0; rows.length < count; index++) {
    let at = start + Math.floor(random() * days * DAY_MS);
    while (used.has(at)) at++;
    used.add(at);
    const row: TestOrderRow = {
      customer: `c${Math.floor(random() * customers)}`,
      date: new Date(at).toISOString().slice(0, 10),
      at,
      channel: channels[Math.floor(random() * channels.length)]!,
      value: Math.round(random() * 50_000) / 100,
      orderId: random() < 0.9 ? `o${index}` : null,
      shop: shops[Math.floor(random() * shops.length)]!,
    };
    rows.push(row);
    if (row.orderId !== null && random() < 0.15) {
      const second = row.at + 1 + Math.floor(random() * 1000);
      used.add(second);
      rows.push({ ...row, at: second, channel: 'tmall', value: Math.round(random() * 5000) / 100 });
    }
  }
  return rows;
}

/** Appends order rows as one more import (`importId`), keeping what the fact already holds. */
export async function appendOrders(
  warehouse: Warehouse,
  rows: readonly TestOrderRow[],
  importId: string,
): Promise<void> {
  if (rows.length === 0) return;
  await warehouse.append('fact_conversions', {
    rowCount: rows.length,
    columns: {
      date: rows.map((row) => row.date),
      person: rows.map((row) => row.customer),
      at: rows.map((row) => row.at),
      channel: rows.map((row) => (row.channel === '' ? null : row.channel)),
      order_id: rows.map((row) => row.orderId),
      value: rows.map((row) => row.value),
      shop: rows.map((row) => row.shop ?? null),
      import_id: rows.map(() => importId),
    },
  });
}
