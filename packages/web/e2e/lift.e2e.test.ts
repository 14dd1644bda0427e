/**
 * The incrementality page in headless Chromium against a real server and the demo workspace with
 * the lift story's rows: a geo test asked in the URL shows the treated-vs-synthetic chart and the
 * gap with the API's own figures, an editor records it in the ledger, calibrated ROAS then shows
 * in Explore, and withdrawing the entry takes it back. Both languages; screenshots in
 * test-artifacts/screenshots/.
 */
import { DEMO_GEO_TEST, generateLiftDemo, planDemo } from '@markpi/store';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const geoRequest = {
  kpi: 'conversions',
  filter: `campaign = '${DEMO_GEO_TEST.campaign}'`,
  treated: [...DEMO_GEO_TEST.treated],
  testFrom: DEMO_GEO_TEST.test.from,
  testTo: DEMO_GEO_TEST.test.to,
};
const pageUrl = (dashboard: Dashboard) =>
  `${dashboard.url}${ws}/lift?kpi=conversions&filter=${encodeURIComponent(geoRequest.filter)}&treated=${geoRequest.treated.join(',')}&testFrom=${geoRequest.testFrom}&testTo=${geoRequest.testTo}`;

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 30_000 });
}

describe('the incrementality page in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
    // The lift story comes with the demo at full size; the test's small demo gets its rows here.
    for (const { table, batch } of generateLiftDemo(planDemo({ performanceRows: 50_000 })))
      await dashboard.demo.warehouse.append(table, batch);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows a geo test with the API’s figures, the treated-vs-synthetic chart and the gap', async () => {
    const api = await dashboard.api('editor');
    const answer = await api.json<{
      cell: { incremental: number; weights: { weight: number }[] };
      summary: { text: { en: string; zh: string } };
    }>('POST', `/api/workspaces/${DEMO_WORKSPACE}/lift/geo`, geoRequest);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(pageUrl(dashboard));
    await ready(page, 'lift-geo-result');
    await expect(page.locator('[data-testid=lift-summary]').textContent()).resolves.toBe(
      answer.summary.text.en,
    );
    const shown = await page.locator('[data-testid=lift-incremental]').getAttribute('data-value');
    expect(Number(shown)).toBe(answer.cell.incremental);
    // Two charts (treated vs synthetic, the gap), drawn.
    expect(await page.locator('[data-testid=lift-geo-result] canvas').count()).toBeGreaterThanOrEqual(2);
    const weighted = answer.cell.weights.filter((entry) => Math.abs(entry.weight) >= 0.0005).length;
    expect(await page.locator('[data-testid=lift-weights] tbody tr').count()).toBe(weighted);
    await expect(page.locator('[data-testid=lift-factor]').textContent()).resolves.toMatch(/^0\.\d/);
    await dashboard.screenshot(page, 'lift-01-geo');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-lift]').textContent()).resolves.toContain('增量测试');
    await expect(page.locator('[data-testid=lift-summary]').textContent()).resolves.toBe(
      answer.summary.text.zh,
    );
    await dashboard.screenshot(page, 'lift-02-geo-zh');
    await context.close();
  });

  it('records the test; calibrated ROAS appears in Explore, and goes when the entry is withdrawn', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(pageUrl(dashboard));
    await ready(page, 'lift-geo-result');
    await page.locator('input[name=recordName]').fill('Douyin city test');
    await page.locator('[data-testid=lift-record]').click();
    await expect(page.locator('[data-testid=lift-recorded]').textContent()).resolves.toContain(
      'douyin-city-test',
    );
    await ready(page, 'lift-ledger-table');
    await expect(page.locator('[data-testid=lift-ledger-table] tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid=lift-calibrated]').textContent()).resolves.toContain(
      '“Douyin city test”',
    );
    await dashboard.screenshot(page, 'lift-03-ledger');

    await page.locator('[data-testid=lift-calibrated] a').click();
    await ready(page, 'explore-results');
    const explore = await page.locator('[data-testid=explore-results]').textContent();
    expect(explore).toContain('Calibrated ROAS');
    await dashboard.screenshot(page, 'lift-04-explore-calibrated');

    const api = await dashboard.api('viewer');
    const catalog = await api.json<{ kpis: { id: string }[] }>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/catalog`,
    );
    expect(catalog.kpis.some((kpi) => kpi.id === 'calibrated_roas')).toBe(true);

    await page.goto(`${dashboard.url}${ws}/lift`);
    await ready(page, 'lift-ledger-table');
    await page.locator('[data-testid=withdraw-douyin-city-test]').click();
    await page.locator('[data-testid=lift-ledger] [data-testid=empty-state]').waitFor();
    const after = await api.json<{ kpis: { id: string }[] }>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/catalog`,
    );
    expect(after.kpis.some((kpi) => kpi.id === 'calibrated_roas')).toBe(false);
    await context.close();
  });

  it('shows a viewer the test and the ledger without the buttons that change them', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(pageUrl(dashboard));
    await ready(page, 'lift-geo-result');
    expect(await page.locator('[data-testid=lift-record-form]').count()).toBe(0);
    await context.close();
  });
});
