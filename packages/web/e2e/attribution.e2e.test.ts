/**
 * The attribution page in headless Chromium against a real server: the demo workspace with a
 * May 2026 of journeys added (the hand-made one of `app/src/attribution/testing.ts`, plus a run of
 * people Xiaohongshu reaches first and Douyin converts), every model side by side with the number
 * the API answers, a disagreement flag said in English and Chinese, creators' ROI, and — once an
 * editor refreshes — attributed ROAS in Explore equal to the API's query.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijing, loadAttributionFixture } from '../../app/src/attribution/testing';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const MAY = 'from=2026-05-01&to=2026-05-31';

interface Row {
  key: string;
  markov: number;
  first_touch: number;
  last_touch: number;
  disagreement: { text: { en: string; zh: string } } | null;
}
interface Report {
  models: string[];
  rows: Row[];
}

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 30_000 });
}

describe('the attribution page in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
    const { warehouse } = dashboard.demo;
    await loadAttributionFixture(warehouse);
    // Eight more people: Xiaohongshu first, Douyin a day later, an order the day after.
    const people = Array.from({ length: 8 }, (_, index) => `opener${index}`);
    await warehouse.append('fact_touches', {
      rowCount: people.length * 2,
      columns: {
        date: people.flatMap((_, index) => [
          `2026-05-${String(14 + index).padStart(2, '0')}`,
          `2026-05-${String(15 + index).padStart(2, '0')}`,
        ]),
        person: people.flatMap((person) => [person, person]),
        at: people.flatMap((_, index) => [beijing(5, 14 + index), beijing(5, 15 + index)]),
        channel: people.flatMap(() => ['xiaohongshu', 'douyin']),
        import_id: people.flatMap(() => ['e2e', 'e2e']),
      },
    });
    await warehouse.append('fact_conversions', {
      rowCount: people.length,
      columns: {
        date: people.map((_, index) => `2026-05-${String(16 + index).padStart(2, '0')}`),
        person: people,
        order_id: people.map((person) => `order-${person}`),
        at: people.map((_, index) => beijing(5, 16 + index)),
        value: people.map(() => 100),
        import_id: people.map(() => 'e2e'),
      },
    });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows every model side by side with the API’s numbers and flags where they disagree', async () => {
    const api = await dashboard.api('admin');
    const report = await api.json<Report>('GET', `/api/workspaces/${DEMO_WORKSPACE}/attribution?${MAY}`);
    const xiaohongshu = report.rows.find((row) => row.key === 'xiaohongshu')!;
    // Xiaohongshu opens ten of the twelve converting journeys and closes one.
    expect(xiaohongshu.first_touch).toBeGreaterThan(4 * xiaohongshu.last_touch);
    expect(xiaohongshu.disagreement?.text.en).toMatch(/it opens journeys that others close$/);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/attribution?${MAY}`);
    await ready(page, 'attribution-results');
    await expect(page.locator('[data-testid=nav-attribution]').getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    const headers = await page.locator('[data-testid=attribution-table] thead th').allTextContents();
    for (const name of [
      'First touch',
      'Last touch',
      'Linear',
      'Position-based',
      'Time decay',
      'Markov',
      'Shapley',
      'Removal effect',
    ])
      expect(
        headers.some((header) => header.includes(name)),
        name,
      ).toBe(true);
    await page.locator('.chart canvas').first().waitFor();

    const row = page.locator('[data-testid=attribution-table] tbody tr', { hasText: 'Xiaohongshu' });
    expect(Number(await row.locator('[data-testid=cell-markov]').getAttribute('data-value'))).toBe(
      xiaohongshu.markov,
    );
    await expect(row.locator('[data-testid=disagreement-badge]').isVisible()).resolves.toBe(true);
    const flags = await page.locator('[data-testid=attribution-disagreement]').allTextContents();
    expect(flags).toContain(xiaohongshu.disagreement!.text.en);
    await dashboard.screenshot(page, '20-attribution');

    // In Chinese: the same flag in the server's Chinese.
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('h1').textContent()).resolves.toBe('归因分析');
    await expect(page.locator('[data-testid=attribution-disagreement]').allTextContents()).resolves.toContain(
      xiaohongshu.disagreement!.text.zh,
    );
    await dashboard.screenshot(page, '21-attribution-zh');
    await context.close();
  });

  it('shows creators’ ROI against their fees under the model chosen', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/attribution?${MAY}&by=creator&model=last_touch`);
    await ready(page, 'attribution-results');
    const row = page.locator('[data-testid=creator-roi-table] tbody tr', { hasText: 'A姐' });
    await row.waitFor();
    // Last touch gives kol_a p2's order, 200 against a fee of 250: −20%.
    await expect(row.locator('[data-testid=creator-roi-value]').textContent()).resolves.toBe('-20.0%');
    await dashboard.screenshot(page, '22-attribution-creators');
    await context.close();
  });

  it('refreshes the attributed measures, and Explore shows attributed ROAS as the API computes it', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/attribution?${MAY}`);
    await ready(page, 'attribution-results');
    await page.locator('[data-testid=attribution-refresh]').click();
    await page.locator('[data-testid=attribution-refreshed]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid=attributed-explore]').click();
    await ready(page, 'explore-results');
    expect(page.url()).toContain(
      'kpis=attributed_roas_last_touch,attributed_roas_markov,attributed_roas_shapley',
    );

    const api = await dashboard.api('admin');
    const answer = await api.json<{ rows: Record<string, number | string | null>[] }>(
      'POST',
      `/api/workspaces/${DEMO_WORKSPACE}/query`,
      {
        kpis: ['attributed_roas_markov'],
        dimensions: ['channel'],
        from: '2026-05-01',
        to: '2026-05-31',
        grain: 'total',
        timeZone: 'Asia/Shanghai',
      },
    );
    const expected = answer.rows.find((entry) => entry.channel === 'xiaohongshu')!.attributed_roas_markov;
    expect(typeof expected).toBe('number');
    expect(expected).toBeGreaterThan(0);
    const cell = page
      .locator('[data-testid=result-table] tbody tr', { hasText: 'Xiaohongshu' })
      .locator('[data-testid=cell-attributed_roas_markov]');
    expect(Number(await cell.getAttribute('data-value'))).toBe(expected);
    await dashboard.screenshot(page, '23-explore-attributed-roas');
    await context.close();
  });
});
