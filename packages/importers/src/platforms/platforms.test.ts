/**
 * Every platform fixture, in its encoding, imported end to end into a warehouse: the exact
 * canonical rows (every non-null column), the recognised platform and the reconciliation
 * against the file's own totals. Expected values are computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { type ImportOptions, importFile } from '../load/import-files.js';
import type { Row } from '../load/warehouse.js';
import { fileSource } from '../read/source.js';
import { MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openTestWorkspace, type TestWorkspace, tableRows } from '../testing/workspace.js';

/** A workspace with the fixture FX table: USD 7, EUR 8, BRL 1.25, COP 0.002 CNY from 2026-04-01. */
async function workspaceWithRates(): Promise<TestWorkspace> {
  const workspace = await openTestWorkspace();
  const report = await importFile(workspace, fileSource(`${FIXTURE_DIR}fx-rates.csv`), {
    mapping: validateMapping(MAPPINGS['fx-rates']),
  });
  expect(report.summary?.rowsAccepted).toBe(4);
  return workspace;
}

/** Rows without nulls and without the import id: what the test asserts exactly. */
function canonical(rows: readonly Row[]): Row[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([name, value]) => value !== null && name !== 'import_id')),
  );
}

async function load(file: string, options: ImportOptions = {}, table = 'fact_performance') {
  const workspace = await workspaceWithRates();
  const report = await importFile(workspace, fileSource(`${FIXTURE_DIR}${file}`), options);
  return { report, summary: report.summary!, rows: canonical(await tableRows(workspace, table)) };
}

const meta = { channel: 'meta', traffic_type: 'paid' } as const;

describe('Meta Ads Manager', () => {
  it('new layout, English, UTF-8: summary row reconciles, results by type, USD converted', async () => {
    const { summary, rows } = await load('meta-en-ad-daily.csv');
    expect(summary.profile).toMatchObject({ id: 'meta', forced: false });
    expect(summary.profile.confidence).toBeGreaterThan(0.8);
    expect(summary.reportLevel).toBe('ad');
    const common = { ...meta, campaign: 'Spring Sale', currency: 'USD' };
    expect(rows).toEqual([
      // 50.00 USD × 7 = 350; "Website purchases" results are conversions.
      {
        ...common,
        date: '2026-05-01',
        ad_group: 'Broad 25-44',
        content: 'Video A',
        impressions: 12000,
        reach: 9000,
        clicks: 180,
        spend: 350,
        conversions: 8,
        store_visits: 120,
        video_views: 4000,
        views_50pct: 1100,
      },
      // 35.025 × 7 = 245.175
      {
        ...common,
        date: '2026-05-02',
        ad_group: 'Broad 25-44',
        content: 'Video A',
        impressions: 10000,
        reach: 7500,
        clicks: 150,
        spend: 245.175,
        conversions: 7,
        store_visits: 100,
        video_views: 3000,
        views_50pct: 800,
      },
      // 25.225 × 7 = 176.575; "Leads" results are leads.
      {
        ...common,
        date: '2026-05-02',
        ad_group: 'Lookalike 1%',
        content: 'Carousel B',
        impressions: 8000,
        reach: 4500,
        clicks: 120,
        spend: 176.575,
        leads: 5,
        store_visits: 80,
        video_views: 2000,
        views_50pct: 600,
      },
    ]);
    expect(summary.totalsRows).toBe(1);
    // 50 + 35.025 + 25.225 = 110.25 USD, 12000 + 10000 + 8000 = 30000 impressions…
    expect(summary.reconciliation.status).toBe('matched');
    expect(summary.reconciliation.measures).toContainEqual({
      measure: 'spend',
      fileTotal: 110.25,
      importedSum: 110.25,
      difference: 0,
      matched: true,
    });
    expect(summary.reconciliation.measures.map((measure) => measure.measure)).not.toContain('reach');
    expect(summary.columns.find((column) => column.header === 'hook rate')?.field).toBeNull();
    expect(summary.period).toEqual({ from: '2026-05-01', to: '2026-05-02' });
  });

  it('old layout with BOM: a one-day report window is the date; Purchases before Results', async () => {
    const { summary, rows } = await load('meta-en-old-layout.csv');
    expect(summary.format).toMatchObject({ encoding: 'utf-8', encodingReason: 'UTF-8 byte-order mark' });
    expect(rows).toEqual([
      // 159.51 × 7 = 1116.57; Purchases (31) wins over Results (38 checkouts initiated).
      {
        ...meta,
        date: '2026-05-25',
        ad_group: 'Retargeting 30d',
        content: 'Andrew Hypes — launch',
        currency: 'USD',
        spend: 1116.57,
        impressions: 21997,
        reach: 7076,
        conversions: 31,
      },
      // No Purchases value: Results count because the indicator is a purchase.
      {
        ...meta,
        date: '2026-05-25',
        ad_group: 'Prospecting',
        content: 'Evergreen static',
        currency: 'USD',
        spend: 462,
        impressions: 9000,
        reach: 5000,
        conversions: 12,
      },
    ]);
    expect(summary.columns.find((column) => column.header === 'Ad ID')?.shadowedBy).toBe('Ad name');
  });

  it('a two-week window without Day is stored as one period total, or filed on its first day when asked', async () => {
    const { rows, summary, report } = await load('meta-en-two-weeks.csv', {}, 'fact_performance_periods');
    const total = {
      ...meta,
      campaign: 'Always on',
      currency: 'USD',
      // 159.51 USD × 7 = 1116.57
      spend: 1116.57,
      impressions: 21997,
      reach: 7076,
      clicks: 310,
    };
    expect(rows).toEqual([{ ...total, date: '2026-05-25', period_end: '2026-06-07' }]);
    expect(summary.period).toEqual({ from: '2026-05-25', to: '2026-06-07' });
    expect(summary.periodRows).toEqual({
      table: 'fact_performance_periods',
      count: 1,
      from: '2026-05-25',
      to: '2026-06-07',
    });
    expect(report.periodRowsLeftOut).toBe(0);
    const daily = await load('meta-en-two-weeks.csv', { periodRows: 'start-date' });
    expect(daily.rows).toEqual([{ ...total, date: '2026-05-25' }]);
  });

  it('Chinese headers in GB18030 with fullwidth brackets', async () => {
    const { summary, rows } = await load('meta-zh-gb18030.csv');
    expect(summary.format).toMatchObject({ encoding: 'gb18030' });
    const common = { ...meta, campaign: '春季大促', ad_group: '广泛受众', content: '视频A', currency: 'USD' };
    expect(rows).toEqual([
      // 88.8 × 7 = 621.6; clicks = 链接点击量, not 点击量（全部）.
      {
        ...common,
        date: '2026-05-03',
        spend: 621.6,
        impressions: 15000,
        reach: 11000,
        clicks: 210,
        conversions: 9,
      },
      // "1,011.2" × 7 = 7078.4
      {
        ...common,
        date: '2026-05-04',
        spend: 7078.4,
        impressions: 25000,
        reach: 18000,
        clicks: 390,
        conversions: 14,
      },
    ]);
  });

  it('Spanish headers, COP', async () => {
    const { rows } = await load('meta-es.csv');
    expect(rows).toEqual([
      // 1,500,000 COP × 0.002 = 3000
      {
        ...meta,
        date: '2026-05-05',
        campaign: 'Campaña Madres',
        currency: 'COP',
        spend: 3000,
        impressions: 50000,
        reach: 30000,
        clicks: 800,
        conversions: 25,
      },
      // 250000.5 × 0.002 = 500.001; "Clientes potenciales" results are leads.
      {
        ...meta,
        date: '2026-05-05',
        campaign: 'Campaña Leads',
        currency: 'COP',
        spend: 500.001,
        impressions: 10000,
        reach: 9000,
        clicks: 100,
        leads: 40,
      },
    ]);
  });

  it('Portuguese headers, semicolons and comma decimals', async () => {
    const { summary, rows } = await load('meta-pt-br.csv');
    expect(summary.format).toMatchObject({ delimiter: ';', decimalStyle: 'comma' });
    const common = { ...meta, campaign: 'Campanha Inverno', ad_group: 'Público amplo', currency: 'BRL' };
    expect(rows).toEqual([
      // 1.234,56 BRL × 1.25 = 1543.2; 40.000 is forty thousand.
      {
        ...common,
        date: '2026-05-06',
        spend: 1543.2,
        impressions: 40000,
        reach: 25000,
        clicks: 612,
        conversions: 18,
      },
      // 987,5 × 1.25 = 1234.375
      {
        ...common,
        date: '2026-05-07',
        spend: 1234.375,
        impressions: 32100,
        reach: 20050,
        clicks: 499,
        conversions: 11,
      },
    ]);
  });

  it('French headers in XLSX, date and percent cells', async () => {
    const { summary, rows } = await load('meta-fr.xlsx');
    expect(summary.format.kind).toBe('xlsx');
    const common = { ...meta, campaign: 'Soldes', ad_group: 'Large', currency: 'EUR' };
    expect(rows).toEqual([
      {
        ...common,
        date: '2026-05-08',
        spend: 340,
        impressions: 9000,
        reach: 7000,
        clicks: 135,
        conversions: 6,
      },
      {
        ...common,
        date: '2026-05-09',
        spend: 460,
        impressions: 11000,
        reach: 8000,
        clicks: 165,
        conversions: 9,
      },
    ]);
  });
});

describe('Google Ads', () => {
  it('campaign report: preamble, quoted thousands, `--`, totals reconcile', async () => {
    const { summary, rows } = await load('google-ads-campaign-daily.csv');
    expect(summary.profile.id).toBe('google_ads');
    expect(summary.format.headerRow).toBe(3);
    expect(summary.preamble).toEqual({
      title: 'Campaign report',
      period: { from: '2026-05-01', to: '2026-05-03' },
      periodSource: 'preamble',
    });
    const google = { channel: 'google_ads', traffic_type: 'paid', currency: 'USD' };
    expect(rows).toEqual([
      // 120.40 × 7 = 842.8; "1,414" impressions; 412.00 × 7 = 2884
      {
        ...google,
        date: '2026-05-01',
        campaign: 'Brand Search',
        spend: 842.8,
        impressions: 1414,
        clicks: 88,
        conversions: 5.5,
        conversion_value: 2884,
      },
      {
        ...google,
        date: '2026-05-01',
        campaign: 'Generic Search',
        spend: 2175.25,
        impressions: 12877,
        clicks: 301,
        conversions: 12.25,
        conversion_value: 6863.5,
      },
      {
        ...google,
        date: '2026-05-02',
        campaign: 'Brand Search',
        spend: 686.7,
        impressions: 1200,
        clicks: 75,
        conversions: 4,
        conversion_value: 2100,
      },
      // ` --` is no value, not zero.
      {
        ...google,
        date: '2026-05-02',
        campaign: 'Display Remarketing',
        spend: 105,
        impressions: 25000,
        clicks: 20,
      },
      {
        ...google,
        date: '2026-05-03',
        campaign: 'Brand Search',
        spend: 0,
        impressions: 0,
        clicks: 0,
        conversions: 0,
        conversion_value: 0,
      },
    ]);
    // Checked against `Total: Campaigns` (544.25, 40,491, 484, 21.75, 1692.50), not the account total.
    expect(summary.reconciliation).toMatchObject({
      status: 'matched',
      label: 'Total: Campaigns',
      totalsRow: 9,
    });
    expect(summary.reconciliation.measures).toEqual([
      { measure: 'spend', fileTotal: 544.25, importedSum: 544.25, difference: 0, matched: true },
      { measure: 'impressions', fileTotal: 40491, importedSum: 40491, difference: 0, matched: true },
      { measure: 'clicks', fileTotal: 484, importedSum: 484, difference: 0, matched: true },
      { measure: 'conversions', fileTotal: 21.75, importedSum: 21.75, difference: 0, matched: true },
      { measure: 'conversion_value', fileTotal: 1692.5, importedSum: 1692.5, difference: 0, matched: true },
    ]);
    expect(summary.reconciliation.otherTotals).toEqual([
      { row: 10, label: 'Total: Account' },
      { row: 11, label: 'Total: Search' },
    ]);
    expect(summary.totalsRows).toBe(3);
  });

  it('the UTF-16LE tab-separated "Excel CSV", interactions as clicks', async () => {
    const { summary, rows } = await load('google-ads-adgroup-excel.csv');
    expect(summary.format).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headerRow: 3 });
    const google = {
      channel: 'google_ads',
      traffic_type: 'paid',
      currency: 'EUR',
      campaign: 'Brand Search',
      ad_group: 'Exact',
    };
    expect(rows).toEqual([
      // 1,020.50 EUR × 8 = 8164
      { ...google, date: '2026-05-04', spend: 8164, impressions: 3400, clicks: 210, conversions: 7 },
      { ...google, date: '2026-05-05', spend: 7836, impressions: 3100, clicks: 190, conversions: 6 },
    ]);
    expect(summary.reconciliation).toMatchObject({ status: 'matched', label: 'Total: Ad groups' });
  });

  it('a landing-page report over a week: each page one period total', async () => {
    const { summary, rows } = await load('google-ads-landing-page.csv', {}, 'fact_performance_periods');
    expect(summary.reportLevel).toBe('landing_page');
    const google = {
      channel: 'google_ads',
      traffic_type: 'paid',
      currency: 'USD',
      date: '2026-05-18',
      period_end: '2026-05-24',
    };
    expect(rows).toEqual([
      // 1317.31 × 7 = 9221.17
      {
        ...google,
        content: 'https://example.com/gyms/fayetteville',
        spend: 9221.17,
        impressions: 6114,
        clicks: 379,
      },
      // 1225.20 × 7 = 8576.4
      { ...google, content: 'https://example.com/join', spend: 8576.4, impressions: 20400, clicks: 1021 },
    ]);
    expect(summary.reconciliation).toMatchObject({ status: 'matched', label: 'Total: Landing pages' });
  });
});

describe('GA4', () => {
  it('`#` preamble, YYYYMMDD, channels from source / medium, unknown sources rejected', async () => {
    const { summary, rows } = await load('ga4-traffic-acquisition.csv', { currency: 'CNY' });
    expect(summary.profile.id).toBe('ga4');
    expect(summary.preamble.period).toEqual({ from: '2026-05-01', to: '2026-05-02' });
    expect(summary.format.headerRow).toBe(10);
    expect(rows).toEqual([
      {
        date: '2026-05-01',
        channel: 'google_ads',
        traffic_type: 'paid',
        currency: 'CNY',
        store_visits: 1200,
        conversions: 30,
        conversion_value: 4500.5,
      },
      {
        date: '2026-05-01',
        channel: 'meta',
        traffic_type: 'paid',
        currency: 'CNY',
        store_visits: 800,
        conversions: 12,
        conversion_value: 1800,
      },
      {
        date: '2026-05-01',
        channel: 'meta',
        traffic_type: 'organic',
        currency: 'CNY',
        store_visits: 300,
        conversions: 2,
        conversion_value: 150,
      },
      {
        date: '2026-05-02',
        channel: 'google_ads',
        traffic_type: 'paid',
        currency: 'CNY',
        store_visits: 1100,
        conversions: 28,
        conversion_value: 4200,
      },
    ]);
    expect(summary.rowsRejected).toBe(1);
    expect(summary.rejectedSample[0]).toMatchObject({
      row: 14,
      column: 'Session source / medium',
      reason: expect.stringContaining('"(direct) / (none)" is none of markpi\'s channels'),
    });
  });

  it('asks for a currency when revenue has none', async () => {
    const workspace = await workspaceWithRates();
    await expect(
      importFile(workspace, fileSource(`${FIXTURE_DIR}ga4-traffic-acquisition.csv`)),
    ).rejects.toThrow(
      /ga4-traffic-acquisition\.csv:10:Total revenue: "Total revenue" is an amount but the file does not say in which currency \(name the currency of the whole file/,
    );
  });

  it('files every row under a given channel', async () => {
    const { rows } = await load('ga4-traffic-acquisition.csv', { currency: 'CNY', channel: 'wechat' });
    expect(rows.map((row) => row.channel)).toEqual(['wechat', 'wechat', 'wechat', 'wechat', 'wechat']);
  });
});

describe('TikTok Ads Manager', () => {
  it('XLSX renamed .csv; destination clicks; mangled IDs flagged', async () => {
    const { summary, rows } = await load('tiktok-ads-xlsx-renamed.csv');
    expect(summary.profile.id).toBe('tiktok');
    expect(summary.format.kind).toBe('xlsx');
    const tiktok = {
      channel: 'tiktok',
      traffic_type: 'paid',
      currency: 'USD',
      campaign: 'TT Launch',
      ad_group: 'Gen Z',
    };
    expect(rows).toEqual([
      // 200 × 7 = 1400; 1500 × 7 = 10500
      {
        ...tiktok,
        date: '2026-05-10',
        content: '1.80012E+18',
        spend: 1400,
        impressions: 50000,
        reach: 30000,
        clicks: 600,
        conversions: 20,
        conversion_value: 10500,
        video_views: 20000,
        views_50pct: 5000,
        likes: 900,
        follows: 40,
      },
      // 150.5 × 7 = 1053.5; 1100.25 × 7 = 7701.75
      {
        ...tiktok,
        date: '2026-05-11',
        content: '7123456789012345678',
        spend: 1053.5,
        impressions: 40000,
        reach: 25000,
        clicks: 480,
        conversions: 15,
        conversion_value: 7701.75,
        video_views: 16000,
        views_50pct: 4000,
        likes: 700,
        follows: 30,
      },
    ]);
    expect(summary.warnings).toEqual([
      {
        column: 'Ad ID',
        message: 'ID "1.80012E+18" is in scientific notation: Excel rounded it and its digits are lost',
        said: { key: 'import.warning.id_scientific', params: { value: '1.80012E+18' } },
        count: 1,
        firstRow: 2,
      },
    ]);
  });
});

describe('Ocean Engine and Qianchuan', () => {
  it('巨量引擎 units in GB18030: 消耗 (with 赠款) as spend, 合计 reconciles', async () => {
    const { summary, rows } = await load('ocean-engine-units-gb18030.csv');
    expect(summary.profile.id).toBe('ocean_engine');
    const douyin = { channel: 'douyin', traffic_type: 'paid', currency: 'CNY', campaign: '618预热' };
    expect(rows).toEqual([
      {
        ...douyin,
        date: '2026-05-01',
        ad_group: '单元一',
        spend: 1234.56,
        impressions: 120000,
        clicks: 2400,
        conversions: 48,
        follows: 30,
      },
      {
        ...douyin,
        date: '2026-05-01',
        ad_group: '单元二',
        spend: 765.44,
        impressions: 80000,
        clicks: 1600,
        conversions: 32,
      },
      {
        ...douyin,
        date: '2026-05-02',
        ad_group: '单元一',
        spend: 2000,
        impressions: 150000,
        clicks: 3000,
        conversions: 60,
        follows: 45,
      },
    ]);
    expect(summary.columns.find((column) => column.header === '非赠款消耗(元)')?.shadowedBy).toBe('消耗');
    expect(summary.reconciliation).toMatchObject({ status: 'matched', label: '合计' });
  });

  it('千川 XLSX: orders and GMV', async () => {
    const { summary, rows } = await load('qianchuan.xlsx');
    expect(summary.profile.id).toBe('qianchuan');
    const douyin = {
      channel: 'douyin',
      traffic_type: 'paid',
      currency: 'CNY',
      campaign: '直播间-五月',
      ad_group: '计划A',
    };
    expect(rows).toEqual([
      {
        ...douyin,
        date: '2026-05-01',
        spend: 500,
        impressions: 20000,
        clicks: 800,
        conversions: 25,
        conversion_value: 5000,
      },
      {
        ...douyin,
        date: '2026-05-02',
        spend: 600.5,
        impressions: 22000,
        clicks: 900,
        conversions: 30,
        conversion_value: 6600.55,
      },
    ]);
  });
});

describe('Douyin creator works', () => {
  it('`1.2万`, `3w`, `-`; views_5s derived from 5s完播率 × 播放量', async () => {
    const { summary, rows } = await load('douyin-creator-works.csv', { account: 'douyin-brand' });
    expect(summary.profile.id).toBe('douyin_creator');
    expect(summary.reportLevel).toBe('content');
    const douyin = { channel: 'douyin', traffic_type: 'organic', account: 'douyin-brand' };
    expect(rows).toEqual([
      // 1.2万 = 12000 plays; 0.5 × 12000 = 6000
      {
        ...douyin,
        date: '2026-05-01',
        content: '春日穿搭分享',
        content_format: '视频',
        video_views: 12000,
        views_5s: 6000,
        likes: 860,
        comments: 45,
        shares: 30,
        saves: 120,
        follows: 25,
      },
      // round(0.42 × 8500) = 3570
      {
        ...douyin,
        date: '2026-05-03',
        content: '探店vlog',
        content_format: '视频',
        video_views: 8500,
        views_5s: 3570,
        likes: 310,
        comments: 12,
        saves: 40,
        follows: 8,
      },
      // 3w = 30000; no rate, so no views_5s.
      {
        ...douyin,
        date: '2026-05-04',
        content: '图文合集',
        content_format: '图文',
        video_views: 30000,
        likes: 15000,
        comments: 200,
        shares: 150,
        saves: 2000,
        follows: 300,
      },
    ]);
    expect(summary.notes.join(' ')).toContain('views_5s = round(`5s完播率` × `播放量`)');
  });
});

describe('Kuaishou', () => {
  it('磁力引擎 in GB18030: cover impressions and clicks', async () => {
    const { summary, rows } = await load('kuaishou-ads-gb18030.csv');
    expect(summary.profile.id).toBe('kuaishou_ads');
    const kuaishou = {
      channel: 'kuaishou',
      traffic_type: 'paid',
      currency: 'CNY',
      campaign: '快手拉新',
      ad_group: '组A',
    };
    expect(rows).toEqual([
      {
        ...kuaishou,
        date: '2026-05-01',
        spend: 300.5,
        impressions: 50000,
        clicks: 1500,
        video_views: 20000,
        likes: 400,
        comments: 30,
        shares: 20,
        follows: 15,
        leads: 12,
      },
      {
        ...kuaishou,
        date: '2026-05-02',
        spend: 299.5,
        impressions: 48000,
        clicks: 1440,
        video_views: 19000,
        likes: 380,
        comments: 28,
        shares: 18,
        follows: 14,
        leads: 10,
      },
    ]);
  });

  it('磁力金牛 XLSX: only material impressions, GMV', async () => {
    const { summary, rows } = await load('kuaishou-jinniu.xlsx');
    expect(summary.profile.id).toBe('kuaishou_jinniu');
    const kuaishou = { channel: 'kuaishou', traffic_type: 'paid', currency: 'CNY', campaign: '金牛直播' };
    expect(rows).toEqual([
      {
        ...kuaishou,
        date: '2026-05-05',
        spend: 1000,
        impressions: 80000,
        clicks: 2000,
        conversions: 120,
        conversion_value: 8000,
      },
      {
        ...kuaishou,
        date: '2026-05-06',
        spend: 1200,
        impressions: 90000,
        clicks: 2300,
        conversions: 150,
        conversion_value: 10200.5,
      },
    ]);
  });
});

describe('Xiaohongshu', () => {
  it('creator notes XLSX: header below the title rows, `1.2万`, clicks from cover CTR', async () => {
    const { summary, rows } = await load('xiaohongshu-notes.xlsx', { account: 'xhs-brand' });
    expect(summary.profile.id).toBe('xiaohongshu_creator');
    expect(summary.format.headerRow).toBe(4);
    const xhs = { channel: 'xiaohongshu', traffic_type: 'organic', account: 'xhs-brand' };
    expect(rows).toEqual([
      // 10.5% × 12000 = 1260 cover clicks
      {
        ...xhs,
        date: '2026-05-02',
        content: '夏日防晒测评',
        content_format: '图文',
        impressions: 12000,
        video_views: 3400,
        clicks: 1260,
        likes: 520,
        comments: 36,
        saves: 210,
        follows: 18,
        shares: 12,
      },
      // 8.2% × 25000 = 2050; 1.1万 likes
      {
        ...xhs,
        date: '2026-05-05',
        content: '露营装备清单',
        content_format: '视频',
        impressions: 25000,
        video_views: 9800,
        clicks: 2050,
        likes: 11000,
        comments: 120,
        saves: 2000,
        follows: 150,
        shares: 90,
      },
      {
        ...xhs,
        date: '2026-05-07',
        content: '新品开箱',
        content_format: '视频',
        likes: 15,
        comments: 2,
        saves: 3,
        follows: 0,
        shares: 1,
      },
    ]);
  });

  it('聚光 paid notes', async () => {
    const { summary, rows } = await load('xiaohongshu-juguang.csv');
    expect(summary.profile.id).toBe('xiaohongshu_juguang');
    const xhs = {
      channel: 'xiaohongshu',
      traffic_type: 'paid',
      currency: 'CNY',
      campaign: '防晒种草',
      ad_group: '单元-女性',
    };
    expect(rows).toEqual([
      {
        ...xhs,
        date: '2026-05-01',
        spend: 1500.8,
        impressions: 60000,
        clicks: 1800,
        likes: 300,
        saves: 80,
        comments: 40,
        follows: 20,
        shares: 10,
        leads: 6,
      },
      {
        ...xhs,
        date: '2026-05-02',
        spend: 1499.2,
        impressions: 58000,
        clicks: 1750,
        likes: 290,
        saves: 75,
        comments: 38,
        follows: 18,
        shares: 9,
        leads: 5,
      },
    ]);
  });
});

describe('Tencent / WeChat ads', () => {
  it('API-shaped file: cost in 分 divided by 100', async () => {
    const { summary, rows } = await load('tencent-ads-api.csv');
    expect(summary.profile.id).toBe('tencent_ads');
    const wechat = {
      channel: 'wechat',
      traffic_type: 'paid',
      currency: 'CNY',
      campaign: 'WX-Moments-618',
      ad_group: 'Moments-Female',
    };
    expect(rows).toEqual([
      // 150000 分 = 1500 元
      {
        ...wechat,
        date: '2026-05-01',
        impressions: 100000,
        reach: 80000,
        clicks: 1500,
        spend: 1500,
        conversions: 45,
        video_views: 30000,
        likes: 200,
        shares: 50,
      },
      // 130050 分 = 1300.5 元
      {
        ...wechat,
        date: '2026-05-02',
        impressions: 90000,
        reach: 70000,
        clicks: 1300,
        spend: 1300.5,
        conversions: 40,
        video_views: 28000,
        likes: 180,
        shares: 45,
      },
    ]);
  });

  it('UI export in GB18030: money in 元', async () => {
    const { summary, rows } = await load('tencent-ads-ui-gb18030.csv');
    expect(summary.profile.id).toBe('tencent_ads');
    const wechat = {
      channel: 'wechat',
      traffic_type: 'paid',
      currency: 'CNY',
      campaign: '视频号-直播引流',
      ad_group: '直播间A',
    };
    expect(rows).toEqual([
      { ...wechat, date: '2026-05-03', impressions: 50000, clicks: 800, spend: 1200, conversions: 20 },
      { ...wechat, date: '2026-05-04', impressions: 52000, clicks: 820, spend: 1250.5, conversions: 22 },
    ]);
  });
});

describe('Weibo', () => {
  it('`ctr` is an interaction rate: clicks come from traffic_bhv', async () => {
    const { summary, rows } = await load('weibo-api.csv');
    expect(summary.profile.id).toBe('weibo');
    const weibo = { channel: 'weibo', traffic_type: 'paid', currency: 'CNY', campaign: '微博新品' };
    expect(rows).toEqual([
      {
        ...weibo,
        date: '2026-05-01',
        spend: 800,
        impressions: 200000,
        clicks: 1200,
        shares: 300,
        comments: 500,
        likes: 2500,
        saves: 400,
        follows: 300,
        video_views: 50000,
      },
      {
        ...weibo,
        date: '2026-05-02',
        spend: 700,
        impressions: 180000,
        clicks: 1000,
        shares: 260,
        comments: 450,
        likes: 2200,
        saves: 390,
        follows: 300,
        video_views: 45000,
      },
    ]);
    expect(summary.notes.join(' ')).toMatch(/interaction rate/);
  });
});

describe('generic mappings', () => {
  it('cost ledger: months, Chinese month labels, a refund', async () => {
    const { rows, summary } = await load(
      'cost-ledger.csv',
      { mapping: validateMapping(MAPPINGS['cost-ledger']) },
      'fact_costs',
    );
    expect(summary.profile.id).toBe('mapping:cost-ledger');
    expect(rows).toEqual([
      { date: '2026-05-01', channel: 'xiaohongshu', cost_type: 'agency', amount: 30000 },
      { date: '2026-05-01', channel: 'douyin', cost_type: 'content', amount: 12500.5 },
      { date: '2026-06-01', channel: 'weibo', cost_type: 'other', amount: -2000 },
    ]);
  });

  it('follower snapshots: day-first dates settled by a later row, channel names in Chinese', async () => {
    const { rows, summary } = await load(
      'followers.csv',
      { mapping: validateMapping(MAPPINGS.followers) },
      'fact_followers',
    );
    expect(summary.format.dateOrder).toBe('dmy');
    expect(rows).toEqual([
      { date: '2026-05-03', channel: 'xiaohongshu', account: 'brand_official', followers: 12000 },
      { date: '2026-05-04', channel: 'xiaohongshu', account: 'brand_official', followers: 12150 },
      { date: '2026-05-05', channel: 'douyin', account: 'brand_official', followers: 30000 },
      { date: '2026-05-13', channel: 'douyin', account: 'brand_official', followers: 31200 },
    ]);
  });

  it('settles the date order from rows beyond the sample by reading the file again', async () => {
    const { summary } = await load(
      'followers.csv',
      { mapping: validateMapping(MAPPINGS.followers), sampleRows: 2 },
      'fact_followers',
    );
    expect(summary.format.dateOrder).toBe('dmy');
  });

  it('customers with revenue in USD', async () => {
    const { rows } = await load(
      'customers.csv',
      { mapping: validateMapping(MAPPINGS.customers) },
      'fact_customers',
    );
    expect(rows).toEqual([
      // 1,050.00 × 7 = 7350
      {
        date: '2026-05-01',
        channel: 'meta',
        region: 'US-West',
        new_customers: 12,
        orders: 15,
        revenue: 7350,
      },
      {
        date: '2026-05-01',
        channel: 'google_ads',
        region: 'US-East',
        new_customers: 8,
        orders: 9,
        revenue: 4413.5,
      },
    ]);
  });

  it('an unknown export gets the closest platforms and a draft mapping, then imports with one', async () => {
    const workspace = await workspaceWithRates();
    const error = await importFile(workspace, fileSource(`${FIXTURE_DIR}agency-kol-report.csv`)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'import.unknown_source' });
    const message = (error as Error).message;
    expect(message).toMatch(/^agency-kol-report\.csv:1:1: markpi does not recognise this export/);
    const problems = (error as { problems: { message: string }[] }).problems;
    expect(problems[1]!.message).toContain('"Likes":"likes"');

    const { rows } = await load('agency-kol-report.csv', {
      mapping: validateMapping(MAPPINGS['kol-agency']),
    });
    const xhs = { channel: 'xiaohongshu', traffic_type: 'paid', currency: 'CNY' };
    expect(rows).toEqual([
      {
        ...xhs,
        date: '2026-05-02',
        creator: 'Lily',
        creator_tier: 'koc',
        content: 'https://www.xiaohongshu.com/explore/abc',
        video_views: 12000,
        likes: 300,
        saves: 150,
        spend: 800,
      },
      {
        ...xhs,
        date: '2026-05-03',
        creator: 'Mia',
        creator_tier: 'kol',
        content: 'https://www.xiaohongshu.com/explore/def',
        video_views: 56000,
        likes: 2400,
        saves: 1900,
        spend: 12000,
      },
    ]);
  });
});
