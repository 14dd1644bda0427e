/**
 * Reports downloaded over a date range with no daily breakdown (Google Ads UI views, Meta Ads
 * Manager without Day) import with no flags as period rows, and the planner answers from them:
 * exactly over a window holding their periods, prorated and flagged over one cutting through
 * them. Daily rows of the same platform and account win over period rows of the same days,
 * whichever arrives first; a newer period report replaces the older one. Figures by hand.
 */
import { readFile } from 'node:fs/promises';
import { buildCatalog, type KpiQuery } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../read/source.js';
import { clickHouseInstalled, useLocalClickHouse } from '../testing/clickhouse.js';
import { fixtureBytes } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { PERIOD_FIXTURES } from '../testing/period-fixtures.js';
import { openTestWorkspace } from '../testing/workspace.js';
import { type ImportOptions, importFile } from './import-files.js';
import type { ImportWarehouse, Row } from './warehouse.js';

// The store runs the planner's SQL; reached by path (tests only), as the test workspace is.
const STORE_RUN_QUERY = '../../../store/src/run-query.js';
interface Store {
  runKpiQuery(
    warehouse: ImportWarehouse,
    catalog: ReturnType<typeof buildCatalog>,
    query: KpiQuery,
  ): Promise<{ rows: Row[]; columns: { key: string }[] }>;
}

const STORE_CLICKHOUSE = '../../../store/src/clickhouse/index.js';
const clickhouse = (await import(/* @vite-ignore */ STORE_CLICKHOUSE)) as {
  openClickHouseWarehouse(options: { url: string }): Promise<ImportWarehouse & { close(): Promise<void> }>;
};

const catalog = buildCatalog();
// The reports are in US dollars; a workspace kept in dollars stores them as written.
const options: ImportOptions = { baseCurrency: 'USD' };

async function ask(warehouse: ImportWarehouse, query: Partial<KpiQuery>): Promise<Row[]> {
  const store = (await import(/* @vite-ignore */ STORE_RUN_QUERY)) as Store;
  const result = await store.runKpiQuery(warehouse, catalog, {
    kpis: ['spend', 'clicks', 'ctr'],
    dimensions: ['channel'],
    from: '2025-04-01',
    to: '2025-09-30',
    ...query,
  });
  return result.rows;
}

const byChannel = (rows: readonly Row[], channel: string) => rows.find((row) => row.channel === channel);

describe('period rows from date-range reports', () => {
  it('the fixture files are what their definitions write', async () => {
    for (const fixture of PERIOD_FIXTURES) {
      const onDisk = new Uint8Array(await readFile(`${FIXTURE_DIR}${fixture.file}`));
      expect(Buffer.from(onDisk).equals(Buffer.from(await fixtureBytes(fixture))), fixture.file).toBe(true);
    }
  });

  it('import with no flags; exact over windows holding them, prorated and flagged over cuts; daily rows win', async () => {
    await periodImports(await openTestWorkspace());
  });

  describe.runIf(clickHouseInstalled())('on ClickHouse 18.16', () => {
    const server = useLocalClickHouse();
    it('the same imports, replacements and answers', async () => {
      const warehouse = await clickhouse.openClickHouseWarehouse({ url: server.storeUrl('periods') });
      try {
        await periodImports(warehouse);
      } finally {
        await warehouse.close();
      }
    }, 300_000);
  });
});

/** Each fixture in turn, with the answers the planner then gives, worked by hand. */
async function periodImports(warehouse: ImportWarehouse): Promise<void> {
  const load = (file: string, extra: ImportOptions = {}) =>
    importFile(warehouse, fileSource(`${FIXTURE_DIR}${file}`), { ...options, ...extra });

  // Google Ads landing pages, 18 May – 15 Aug 2025 (90 days: 44 in Q2, 46 in Q3, 30 in June).
  const landing = await load('google-ads-landing-page-quarter.csv');
  expect(landing.status).toBe('imported');
  expect(landing.summary?.periodRows).toMatchObject({ count: 2, from: '2025-05-18', to: '2025-08-15' });
  expect(landing.summary?.reconciliation).toMatchObject({
    status: 'matched',
    label: 'Total: Landing pages',
  });
  const [dailyRows] = await warehouse.query('SELECT count(*) AS n FROM fact_performance');
  expect(Number(dailyRows?.n)).toBe(0);

  const halfYear = byChannel(await ask(warehouse, {}), 'google_ads');
  expect(halfYear).toMatchObject({ spend: 1800, clicks: 1800, ctr: 1800 / 78_000 });
  expect(halfYear?.spend__flag ?? null).toBeNull();

  const june = byChannel(await ask(warehouse, { from: '2025-06-01', to: '2025-06-30' }), 'google_ads');
  // 1800 × 30 / 90: all of it prorated.
  expect(Number(june?.spend)).toBeCloseTo(600, 9);
  expect(june?.spend__flag).toBe('approximate');
  expect(june?.spend__prorated).toBe(1);

  // Meta: ads over 2–15 June (a summary row first), then the 2025 layout over 16–22 June.
  const twoWeeks = await load('meta-ads-ad-two-weeks.csv');
  expect(twoWeeks.summary?.periodRows).toMatchObject({ count: 3, from: '2025-06-02', to: '2025-06-15' });
  expect(twoWeeks.summary?.reconciliation.status).toBe('matched');
  // Reach is people: the report's own total (62,000) is below its rows' sum (77,000), and says so.
  expect(twoWeeks.summary?.reconciliation.nonAdditive).toEqual([
    { measure: 'reach', fileTotal: 62_000, rowsSum: 77_000 },
  ]);
  const week = await load('meta-ads-2025-layout-week.csv');
  expect(week.summary?.periodRows).toMatchObject({ count: 2, from: '2025-06-16', to: '2025-06-22' });
  expect(week.summary?.reconciliation.status).toBe('matched');
  expect(week.periodRowsReplaced).toBe(0);

  // Q2 holds both Meta reports whole: exact sums, and CTR is their ratio of sums.
  const q2 = await ask(warehouse, { from: '2025-04-01', to: '2025-06-30' });
  expect(byChannel(q2, 'meta')).toMatchObject({
    spend: 1000 + 210,
    clicks: 1930 + 420,
    ctr: (1930 + 420) / (131_000 + 30_000),
  });
  expect(byChannel(q2, 'meta')?.spend__flag ?? null).toBeNull();
  // Google's 44 of 90 days in Q2: 880, prorated.
  expect(Number(byChannel(q2, 'google_ads')?.spend)).toBeCloseTo(880, 9);
  expect(byChannel(q2, 'google_ads')?.spend__flag).toBe('approximate');

  // 1–18 June cuts the week: 3 of its 7 days, 90 of 1090 prorated.
  const cut = byChannel(await ask(warehouse, { from: '2025-06-01', to: '2025-06-18' }), 'meta');
  expect(Number(cut?.spend)).toBeCloseTo(1000 + 90, 9);
  expect(cut?.spend__flag).toBe('approximate');
  expect(Number(cut?.spend__prorated)).toBeCloseTo(90 / 1090, 9);

  // The same account's age report over the same range restates it: the landing pages go.
  const age = await load('google-ads-age-quarter.csv');
  expect(age.periodRowsReplaced).toBe(2);
  const ageTotals = byChannel(await ask(warehouse, { kpis: ['spend', 'roas', 'cvr'] }), 'google_ads');
  expect(ageTotals).toMatchObject({ spend: 1800, roas: 4600 / 1800, cvr: 47 / 1900 });
  const video = await load('google-ads-video-quarter.csv');
  expect(video.periodRowsReplaced).toBe(3);
  expect(
    byChannel(await ask(warehouse, { kpis: ['spend', 'impressions', 'cpm'] }), 'google_ads'),
  ).toMatchObject({
    spend: 900,
    impressions: 60_000,
    cpm: (900 / 60_000) * 1000,
  });

  // Meta by day for 9–10 June: the more detailed rows replace the two-week totals they overlap.
  const daily = await load('meta-ads-ad-daily-june.csv');
  expect(daily.periodRowsReplaced).toBe(3);
  expect(byChannel(await ask(warehouse, { from: '2025-04-01', to: '2025-06-30' }), 'meta')).toMatchObject({
    spend: 60 + 210,
    clicks: 120 + 420,
  });
  // The two-week report again: its totals overlap those daily rows, so they are left out, and said so.
  const again = await load('meta-ads-ad-two-weeks.csv', { force: true });
  expect(again.status).toBe('imported');
  expect(again.periodRowsLeftOut).toBe(3);
  expect(byChannel(await ask(warehouse, { from: '2025-04-01', to: '2025-06-30' }), 'meta')?.spend).toBe(270);
}
