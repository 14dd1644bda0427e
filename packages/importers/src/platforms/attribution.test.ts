/**
 * Attribution's inputs imported end to end: shop orders, touch events, journey paths, the code
 * registry and creator fees, each fixture into a real workspace, every stored row checked
 * against figures worked out by hand in the comments (local times to UTC, refunds, currencies).
 */
import { describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { type ImportOptions, importFile } from '../load/import-files.js';
import type { Row } from '../load/warehouse.js';
import { fileSource } from '../read/source.js';
import { MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openTestWorkspace, type TestWorkspace, tableRows } from '../testing/workspace.js';

/** A workspace with the fixture FX table: USD 7, EUR 8 CNY from 2026-04-01. */
async function workspaceWithRates(): Promise<TestWorkspace> {
  const workspace = await openTestWorkspace();
  const report = await importFile(workspace, fileSource(`${FIXTURE_DIR}fx-rates.csv`), {
    mapping: validateMapping(MAPPINGS['fx-rates']),
  });
  expect(report.summary?.rowsAccepted).toBe(4);
  return workspace;
}

function canonical(rows: readonly Row[]): Row[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([name, value]) => value !== null && name !== 'import_id')),
  );
}

async function load(file: string, table: string, options: ImportOptions = {}) {
  const workspace = await workspaceWithRates();
  const report = await importFile(workspace, fileSource(`${FIXTURE_DIR}${file}`), options);
  expect(report.error).toBeUndefined();
  return { workspace, report, summary: report.summary!, rows: canonical(await tableRows(workspace, table)) };
}

/** Epoch milliseconds of a UTC wall-clock reading. */
const utc = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) =>
  Date.UTC(year, month - 1, day, hour, minute, second, ms);

describe('shop orders', () => {
  it('Tmall order report (GB18030, ="…" order numbers): paid orders net of refunds, Beijing time', async () => {
    const { summary, rows } = await load('tmall-orders-gb18030.csv', 'fact_conversions');
    expect(summary.profile).toMatchObject({ id: 'tmall_orders', forced: false });
    expect(summary.format.encoding).toBe('gb18030');
    expect(summary.format.reader).toBe('stream');
    const common = { shop: 'tmall', account: '露米官方旗舰店', currency: 'CNY' };
    expect(rows).toEqual([
      // 20:15:40 in Shanghai (UTC+8) is 12:15:40 UTC.
      {
        ...common,
        date: '2026-05-01',
        person: 'tb_lily',
        at: utc(2026, 5, 1, 12, 15, 40),
        order_id: '3245678901234567890',
        value: 299,
      },
      // 458 paid less 129 refunded.
      {
        ...common,
        date: '2026-05-02',
        person: 'tb_mia',
        at: utc(2026, 5, 2, 2, 0, 0),
        order_id: '3245678901234567891',
        value: 329,
      },
    ]);
    expect(summary.rowsRead).toBe(4);
    expect(summary.rowsAccepted).toBe(2);
    expect(summary.rowsRejected).toBe(0);
    // The unpaid order and the closed one, counted in one warning.
    expect(summary.warnings).toEqual([
      expect.objectContaining({ count: 2, firstRow: 4, message: expect.stringContaining('等待买家付款') }),
    ]);
  });

  it('JD order export (workbook date-time cells): the cancelled order left out', async () => {
    const { summary, rows } = await load('jd-orders.xlsx', 'fact_conversions');
    expect(summary.profile.id).toBe('jd_orders');
    expect(rows).toEqual([
      {
        date: '2026-05-04',
        shop: 'jd',
        account: '露米京东自营旗舰店',
        currency: 'CNY',
        person: 'jd_user_81',
        // 21:01:30 in Shanghai.
        at: utc(2026, 5, 4, 13, 1, 30),
        order_id: '301234567890',
        value: 319,
      },
    ]);
    expect(summary.warnings).toHaveLength(1);
  });

  it('Douyin shop orders: sub-orders under their main order, the selling creator kept, no buyer: the order is the person', async () => {
    const { summary, rows } = await load('douyin-shop-orders.csv', 'fact_conversions');
    expect(summary.profile.id).toBe('douyin_shop_orders');
    const common = { shop: 'douyin_shop', channel: 'douyin', currency: 'CNY' };
    const creatorOrder = {
      ...common,
      date: '2026-05-06',
      creator: '美妆小鹿',
      person: '6923456789012345678',
      at: utc(2026, 5, 6, 11, 30, 20),
      order_id: '6923456789012345678',
    };
    expect(rows).toEqual([
      { ...creatorOrder, value: 259 },
      { ...creatorOrder, value: 79 },
      // The shop's own sale: 达人 `-` is no creator.
      {
        ...common,
        date: '2026-05-07',
        person: '6923456789012345690',
        at: utc(2026, 5, 7, 4, 0, 45),
        order_id: '6923456789012345690',
        value: 438,
      },
    ]);
    expect(summary.rowsAccepted).toBe(3);
  });

  it('Shopify orders: first rows only, offsets as written, currencies converted, codes kept', async () => {
    const { summary, rows } = await load('shopify-orders.csv', 'fact_conversions');
    expect(summary.profile.id).toBe('shopify_orders');
    expect(rows).toEqual([
      // 10:15 at −04:00 is 14:15 UTC; 73 USD × 7.
      {
        date: '2026-05-08',
        shop: 'shopify',
        currency: 'USD',
        person: 'ava@example.com',
        at: utc(2026, 5, 8, 14, 15, 0),
        order_id: '#1001',
        coupon_code: 'LILY10',
        value: 511,
      },
      // 22:05:10 at +02:00 is 20:05:10 UTC; (90 − 25) EUR × 8.
      {
        date: '2026-05-08',
        shop: 'shopify',
        currency: 'EUR',
        person: 'ben@example.de',
        at: utc(2026, 5, 8, 20, 5, 10),
        order_id: '#1002',
        value: 520,
      },
    ]);
    // The second line item of #1001, the pending and the refunded orders.
    expect(summary.rowsRead).toBe(5);
    expect(summary.warnings.reduce((total, warning) => total + warning.count, 0)).toBe(3);
  });

  it('imports a shop file once: the same bytes again change nothing', async () => {
    const { workspace } = await load('tmall-orders-gb18030.csv', 'fact_conversions');
    const again = await importFile(workspace, fileSource(`${FIXTURE_DIR}tmall-orders-gb18030.csv`));
    expect(again.status).toBe('already_imported');
    expect(await tableRows(workspace, 'fact_conversions')).toHaveLength(2);
  });
});

describe('touch events', () => {
  it("GA4's BigQuery export: microsecond times, channels from the source, events that are no touch left out", async () => {
    const { summary, rows } = await load('ga4-events-bigquery.csv', 'fact_touches');
    expect(summary.profile).toMatchObject({ id: 'touch_events', forced: false });
    const first = { person: '1234567890.1700000001' };
    expect(rows).toEqual([
      {
        ...first,
        date: '2026-05-01',
        channel: 'xiaohongshu',
        campaign: 'spring_launch',
        content: 'https://lumi.example/serum',
        source_medium: 'xiaohongshu / social',
        touch_kind: 'visit',
        at: utc(2026, 5, 1, 8),
      },
      {
        ...first,
        date: '2026-05-03',
        channel: 'baidu',
        campaign: '(organic)',
        content: 'https://lumi.example/search?q=lumi',
        source_medium: 'baidu / organic',
        touch_kind: 'search',
        at: utc(2026, 5, 3, 8),
      },
      // 1777881600123456 µs: the milliseconds kept, the microseconds dropped.
      {
        ...first,
        date: '2026-05-04',
        channel: 'direct',
        campaign: '(direct)',
        content: 'https://lumi.example/',
        source_medium: '(direct) / (none)',
        touch_kind: 'visit',
        at: utc(2026, 5, 4, 8, 0, 0, 123),
      },
      {
        person: '987654321.1700000002',
        date: '2026-05-02',
        channel: 'douyin',
        campaign: 'always_on',
        content: 'https://lumi.example/cream',
        source_medium: 'douyin / cpc',
        touch_kind: 'click',
        at: utc(2026, 5, 2, 8),
      },
    ]);
    expect(summary.warnings.reduce((total, warning) => total + warning.count, 0)).toBe(2);
  });

  it('a Chinese session export in Beijing time: 来源/媒介 to channels, a row with no source refused', async () => {
    const { summary, rows } = await load('touch-sessions-zh.csv', 'fact_touches', {
      timeZone: 'Asia/Shanghai',
    });
    expect(rows).toEqual([
      {
        date: '2026-05-01',
        channel: 'xiaohongshu',
        campaign: '618预热',
        creator: '美妆小鹿',
        content: '/serum',
        source_medium: '小红书 / social',
        touch_kind: 'click',
        person: 'u_1001',
        at: utc(2026, 5, 1, 13),
      },
      {
        date: '2026-05-03',
        channel: 'douyin',
        campaign: '618预热',
        content: '/coupon',
        source_medium: '抖音 / cpc',
        touch_kind: 'coupon',
        person: 'u_1001',
        at: utc(2026, 5, 3, 1, 30),
      },
      {
        date: '2026-05-02',
        channel: 'wechat',
        content: '/home',
        source_medium: '微信 / referral',
        touch_kind: 'visit',
        person: 'u_1002',
        at: utc(2026, 5, 2, 0, 0, 5),
      },
    ]);
    expect(summary.rowsRejected).toBe(1);
    expect(summary.rejectedSample[0]).toMatchObject({
      row: 5,
      reason: expect.stringContaining('no channel'),
    });
  });

  it('the same file read in another time zone moves every instant, not the days written', async () => {
    const { rows } = await load('touch-sessions-zh.csv', 'fact_touches', { timeZone: 'UTC' });
    expect(rows.map((row) => [row.date, row.at])).toEqual([
      ['2026-05-01', utc(2026, 5, 1, 21)],
      ['2026-05-03', utc(2026, 5, 3, 9, 30)],
      ['2026-05-02', utc(2026, 5, 2, 8, 0, 5)],
    ]);
  });
});

describe('journey paths', () => {
  it("an attribution tool's path table: steps trimmed, filed on the period's first day", async () => {
    const { summary, rows } = await load('journey-paths.csv', 'fact_journey_paths', {
      currency: 'CNY',
      period: { from: '2026-05-01', to: '2026-05-31' },
    });
    expect(summary.profile.id).toBe('journey_paths');
    const common = { date: '2026-05-01', currency: 'CNY' };
    expect(rows).toEqual([
      { ...common, path: 'xiaohongshu>douyin', conversions: 12, value: 3480.5, nulls: 230 },
      { ...common, path: 'xiaohongshu', conversions: 3, value: 897, nulls: 410 },
      { ...common, path: 'douyin>douyin>tmall_search', conversions: 5, value: 1450, nulls: 64 },
      { ...common, path: 'direct', conversions: 0, value: 0, nulls: 120 },
    ]);
  });

  it('a Chinese path report (workbook, arrows, a date per row)', async () => {
    const { rows } = await load('journey-paths-zh.xlsx', 'fact_journey_paths', { currency: 'CNY' });
    expect(rows).toEqual([
      { date: '2026-05-01', currency: 'CNY', path: '小红书>抖音', conversions: 4, value: 1196, nulls: 37 },
      { date: '2026-05-01', currency: 'CNY', path: '抖音', conversions: 2, value: 518, nulls: 88 },
    ]);
  });
});

describe('code registry and creator fees (saved mappings)', () => {
  it('codes and 口令 belong to a creator and optionally a campaign', async () => {
    const { rows } = await load('coupon-codes.csv', 'fact_coupon_codes', {
      mapping: validateMapping(MAPPINGS['coupon-codes']),
    });
    expect(rows).toEqual([
      {
        date: '2026-04-28',
        channel: 'xiaohongshu',
        campaign: '618预热',
        creator: 'Lily',
        code_kind: 'coupon',
        code: 'LILY10',
      },
      { date: '2026-04-28', channel: 'xiaohongshu', creator: 'Mia', code_kind: 'coupon', code: 'MIA15' },
      {
        date: '2026-04-30',
        channel: 'douyin',
        campaign: '618预热',
        creator: '美妆小鹿',
        code_kind: 'passphrase',
        code: '露米小鹿',
      },
    ]);
  });

  it('fees from 星图, 蒲公英 and an agency invoice, per post or contract', async () => {
    const { rows } = await load('creator-fees.csv', 'fact_creator_fees', {
      mapping: validateMapping(MAPPINGS['creator-fees']),
    });
    expect(rows).toEqual([
      {
        date: '2026-05-01',
        channel: 'douyin',
        creator: '美妆小鹿',
        content: 'https://www.douyin.com/video/7400000000000000001',
        fee_source: 'xingtu',
        currency: 'CNY',
        contract: 'XT-20260425-001',
        fee: 28000,
      },
      {
        date: '2026-05-02',
        channel: 'xiaohongshu',
        creator: 'Lily',
        content: 'https://www.xiaohongshu.com/explore/abc',
        fee_source: 'pugongying',
        currency: 'CNY',
        contract: 'PGY-5566',
        fee: 8000,
      },
      {
        date: '2026-05-31',
        channel: 'xiaohongshu',
        creator: 'Mia',
        fee_source: 'agency_invoice',
        currency: 'CNY',
        contract: 'INV-2026-05-07',
        fee: 15000,
      },
    ]);
  });

  it('a mapping of events needs a time or a date, and a known time zone', () => {
    expect(() =>
      validateMapping({
        name: 'clicks',
        target: 'touches',
        columns: { uid: 'person', ts: 'at', ch: 'channel' },
      }),
    ).not.toThrow();
    expect(() =>
      validateMapping({ name: 'clicks', target: 'touches', columns: { uid: 'person', ch: 'channel' } }),
    ).toThrow(/no column is mapped to `date`/);
    expect(() =>
      validateMapping({
        name: 'clicks',
        target: 'touches',
        timeZone: 'Mars/Olympus',
        columns: { uid: 'person', ts: 'at', ch: 'channel' },
      }),
    ).toThrow(/not a time zone/);
  });
});
