/**
 * The cohorts page in headless Chromium against a real server and the demo workspace: the
 * retention table shows the API's cohorts and retention in each month after acquisition, by
 * first channel too, in English and Chinese. Screenshots in test-artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;

// The parts of the answer this test reads (the server's schema in `routes/customers.ts`).
interface CohortAnswer {
  through: string | null;
  table: {
    rows: { cohort: string; channel: string | null; customers: number; cells: { retention: number }[] }[];
  };
  notes: { text: { en: string; zh: string } }[];
}

async function ready(page: Page): Promise<void> {
  await page.locator('[data-testid=cohorts-results][data-ready=true]').first().waitFor({ timeout: 30_000 });
}

describe('the cohorts page in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows the API’s cohort table, by first channel too, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const answer = await client.json<CohortAnswer>('GET', `${api}/customers/cohorts`);
    expect(answer.table.rows.length).toBeGreaterThan(6);
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/cohorts`);
    await ready(page);
    const rows = page.locator('[data-testid=cohort-table] tbody tr');
    expect(await rows.count()).toBe(answer.table.rows.length);
    // The first cohort's size and its retention in month 1, as the API gives them.
    const first = answer.table.rows[0]!;
    const firstRow = page.locator(`[data-testid=cohort-${first.cohort}]`);
    await expect(firstRow.locator('td').nth(1).textContent()).resolves.toBe(
      first.customers.toLocaleString('en-US'),
    );
    expect(Number(await firstRow.locator('td').nth(3).getAttribute('data-value'))).toBeCloseTo(
      first.cells[1]!.retention,
      12,
    );
    await expect(page.locator('[data-testid=cohort-table] thead').textContent()).resolves.toContain('M1');
    for (const note of answer.notes) {
      await expect(page.locator('[data-testid=cohort-notes]').textContent()).resolves.toContain(note.text.en);
    }
    await dashboard.screenshot(page, 'cohorts-01-table');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-cohorts]').textContent()).resolves.toContain('客户同期群');
    await expect(page.locator('[data-testid=cohort-table] thead').textContent()).resolves.toContain('第1月');
    await expect(page.locator('[data-testid=cohort-table] thead').textContent()).resolves.toContain(
      '获客月份',
    );
    await dashboard.screenshot(page, 'cohorts-02-table-zh');

    const byChannel = await client.json<CohortAnswer>('GET', `${api}/customers/cohorts?byChannel=true`);
    await page.locator('[data-testid=cohorts-by-channel]').check();
    await page.waitForURL(/byChannel=true/);
    await ready(page);
    await expect
      .poll(() => page.locator('[data-testid=cohort-table] tbody tr').count())
      .toBe(byChannel.table.rows.length);
    await expect(page.locator('[data-testid=cohort-table] thead').textContent()).resolves.toContain(
      '首单渠道',
    );
    await dashboard.screenshot(page, 'cohorts-03-by-channel-zh');
    await context.close();
  });
});
