/**
 * Values spread from a report over a date range, in headless Chromium against a real server and
 * the demo workspace: a period row that March and April cut through shows in Explore by month as
 * approximate, marked, with the API's prorated share in its tooltip, in English and Chinese; the
 * whole range shows it exactly, unmarked.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

// 20 March – 10 April 2026: 22 days, 12 in March and 10 in April; an account of its own.
const ACCOUNT = 'tiktok-period-report';
const filter = `account = '${ACCOUNT}'`;
const exploreUrl = (dashboard: Dashboard, from: string, to: string, grain: string) =>
  `${dashboard.url}/workspaces/${DEMO_WORKSPACE}/explore?kpis=spend&dims=channel&grain=${grain}&from=${from}&to=${to}&filter=${encodeURIComponent(filter)}`;

async function results(page: Page): Promise<void> {
  await page.locator('[data-testid=explore-results][data-ready=true]').first().waitFor({ timeout: 30_000 });
}

describe('prorated values in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
    await dashboard.demo.warehouse.append('fact_performance_periods', {
      rowCount: 1,
      columns: {
        date: ['2026-03-20'],
        period_end: ['2026-04-10'],
        channel: ['tiktok'],
        account: [ACCOUNT],
        spend: [2200],
        impressions: [22_000],
        clicks: [440],
        import_id: ['period-report'],
      },
    });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('marks a month that cuts through the report, with the API’s share, in both languages', async () => {
    const api = await dashboard.api('viewer');
    const answer = await api.json<{ rows: Record<string, number | string | null>[] }>(
      'POST',
      `/api/workspaces/${DEMO_WORKSPACE}/query`,
      {
        kpis: ['spend'],
        dimensions: ['channel'],
        from: '2026-03-01',
        to: '2026-04-30',
        grain: 'month',
        filter,
      },
    );
    // 2200 × 12/22 in March and × 10/22 in April, all of it spread.
    expect(answer.rows.map((row) => [row.month, row.spend, row.spend__flag, row.spend__prorated])).toEqual([
      ['2026-03-01', 1200, 'approximate', 1],
      ['2026-04-01', 1000, 'approximate', 1],
    ]);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(exploreUrl(dashboard, '2026-03-01', '2026-04-30', 'month'));
    await results(page);
    const cells = page.locator('[data-testid=explore-results] [data-testid=cell-spend][data-prorated]');
    expect(await cells.count()).toBe(2);
    expect(Number(await cells.first().getAttribute('data-prorated'))).toBe(1);
    await expect(cells.first().textContent()).resolves.toMatch(/^≈/);
    await expect(cells.first().getAttribute('title')).resolves.toBe(
      'Approximate: 100% of this value comes from reports totalling a date range that this period cuts through, spread evenly over their days.',
    );
    await dashboard.screenshot(page, 'periods-01-prorated');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(cells.first().getAttribute('title')).resolves.toBe(
      '近似值：其中 100% 来自按时间段汇总的报表，本期只覆盖其部分日期，已按天平均分摊。',
    );
    await dashboard.screenshot(page, 'periods-02-prorated-zh');

    // March and April together hold the whole report: its exact total, unmarked.
    await page.goto(exploreUrl(dashboard, '2026-03-01', '2026-04-30', 'total'));
    await results(page);
    const whole = page.locator('[data-testid=explore-results] [data-testid=cell-spend]');
    expect(await whole.count()).toBe(1);
    expect(Number(await whole.first().getAttribute('data-value'))).toBe(2200);
    expect(await whole.first().getAttribute('data-prorated')).toBeNull();
    await context.close();
  });
});
