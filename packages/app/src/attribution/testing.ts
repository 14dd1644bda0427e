/**
 * Tests only: a small May 2026 of touchpoints, orders, creator fees and codes whose every
 * attribution figure is worked out by hand in the tests that load it. Times are Beijing time.
 *
 *   p1  xiaohongshu (kol_a, launch) 1 May → douyin (launch) 3 May → order o1 4 May, 300
 *   p2  xiaohongshu (kol_a, launch) 2 May 09:00 → order o2 2 May 20:00, 200, code KOLA10
 *   p3  douyin 5 May → order o3 6 May, two rows of 60 and 40
 *   p4  xiaohongshu (koc_b, seeding) 10 May, no order
 *   p5  douyin 1 April (beyond a 30-day lookback) → direct 9 May → order o5 10 May, 50
 *   p6  no touch → order o6 12 May, 80, code NOBODY (owned by no one)
 *
 * Fees: kol_a 250 (1 May), koc_b 40 (10 May). KOLA10 belongs to kol_a from 1 April. Spend on
 * 1 May: xiaohongshu 100, douyin 200.
 */
import type { Warehouse } from '@markpi/store';

const HOUR = 3_600_000;
/** Epoch milliseconds of a Beijing wall-clock time in 2026. */
export const beijing = (month: number, day: number, hour = 12) =>
  Date.UTC(2026, month - 1, day, hour) - 8 * HOUR;
const day = (month: number, date: number) =>
  `2026-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;

export const MAY = { from: '2026-05-01', to: '2026-05-31' } as const;

export async function loadAttributionFixture(warehouse: Warehouse): Promise<void> {
  const touches = [
    {
      person: 'p1',
      at: beijing(5, 1, 10),
      date: day(5, 1),
      channel: 'xiaohongshu',
      campaign: 'launch',
      creator: 'kol_a',
    },
    {
      person: 'p1',
      at: beijing(5, 3),
      date: day(5, 3),
      channel: 'douyin',
      campaign: 'launch',
      creator: null,
    },
    {
      person: 'p2',
      at: beijing(5, 2, 9),
      date: day(5, 2),
      channel: 'xiaohongshu',
      campaign: 'launch',
      creator: 'kol_a',
    },
    { person: 'p3', at: beijing(5, 5), date: day(5, 5), channel: 'douyin', campaign: null, creator: null },
    {
      person: 'p4',
      at: beijing(5, 10),
      date: day(5, 10),
      channel: 'xiaohongshu',
      campaign: 'seeding',
      creator: 'koc_b',
    },
    { person: 'p5', at: beijing(4, 1), date: day(4, 1), channel: 'douyin', campaign: null, creator: null },
    { person: 'p5', at: beijing(5, 9), date: day(5, 9), channel: 'direct', campaign: null, creator: null },
  ];
  const orders = [
    { person: 'p1', order_id: 'o1', at: beijing(5, 4), date: day(5, 4), value: 300, coupon_code: null },
    {
      person: 'p2',
      order_id: 'o2',
      at: beijing(5, 2, 20),
      date: day(5, 2),
      value: 200,
      coupon_code: 'KOLA10',
    },
    { person: 'p3', order_id: 'o3', at: beijing(5, 6), date: day(5, 6), value: 60, coupon_code: null },
    { person: 'p3', order_id: 'o3', at: beijing(5, 6), date: day(5, 6), value: 40, coupon_code: null },
    { person: 'p5', order_id: 'o5', at: beijing(5, 10), date: day(5, 10), value: 50, coupon_code: null },
    { person: 'p6', order_id: 'o6', at: beijing(5, 12), date: day(5, 12), value: 80, coupon_code: 'NOBODY' },
  ];
  const column = <T, K extends keyof T>(rows: readonly T[], key: K) => rows.map((row) => row[key]);
  await warehouse.transaction(async (scoped) => {
    await scoped.append('fact_touches', {
      rowCount: touches.length,
      columns: {
        date: column(touches, 'date'),
        person: column(touches, 'person'),
        at: column(touches, 'at'),
        channel: column(touches, 'channel'),
        campaign: column(touches, 'campaign'),
        creator: column(touches, 'creator'),
        import_id: touches.map(() => 'fixture'),
      },
    });
    await scoped.append('fact_conversions', {
      rowCount: orders.length,
      columns: {
        date: column(orders, 'date'),
        person: column(orders, 'person'),
        order_id: column(orders, 'order_id'),
        at: column(orders, 'at'),
        value: column(orders, 'value'),
        coupon_code: column(orders, 'coupon_code'),
        import_id: orders.map(() => 'fixture'),
      },
    });
    await scoped.append('fact_creator_fees', {
      rowCount: 2,
      columns: {
        date: [day(5, 1), day(5, 10)],
        channel: ['xiaohongshu', 'xiaohongshu'],
        creator: ['kol_a', 'koc_b'],
        fee_source: ['pugongying', 'pugongying'],
        fee: [250, 40],
        import_id: ['fixture', 'fixture'],
      },
    });
    await scoped.append('fact_coupon_codes', {
      rowCount: 1,
      columns: {
        date: [day(4, 1)],
        channel: ['xiaohongshu'],
        creator: ['kol_a'],
        code_kind: ['coupon'],
        code: ['KOLA10'],
        import_id: ['fixture'],
      },
    });
    await scoped.append('dim_creators', {
      rowCount: 2,
      columns: {
        creator: ['kol_a', 'koc_b'],
        name: ['A姐', 'B妹'],
        tier: ['kol', 'koc'],
        channel: ['xiaohongshu', 'xiaohongshu'],
      },
    });
    await scoped.append('fact_performance', {
      rowCount: 2,
      columns: {
        date: [day(5, 1), day(5, 1)],
        channel: ['xiaohongshu', 'douyin'],
        spend: [100, 200],
        import_id: ['fixture', 'fixture'],
      },
    });
  });
}
