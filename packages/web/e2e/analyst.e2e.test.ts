/**
 * The dashboard an analyst works in all day, in headless Chromium against a real server and the
 * demo workspace, in English and Chinese: 618 picked as the period is compared with 618 a year
 * earlier on its own dates (the API's windows, worked out by hand from the retail calendar), on
 * the overview and in Explore.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;

interface OverviewAnswer {
  period: { from: string; to: string };
  compare: string;
  comparePeriod: { from: string; to: string };
  compareEvent?: string;
  tiles: { kpi: string; value: number | null; previous: number | null }[];
}

/** A range as the dashboard writes it, by the browser's own calendar formatting. */
function rangeIn(page: Page, locale: string, from: string, to: string): Promise<string> {
  return page.evaluate(
    ([locale, from, to]) =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      }).formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)),
    [locale, from, to] as const,
  );
}

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 30_000 });
}

describe('an analyst’s dashboard in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('compares 618 with 618 last year on the overview and in Explore, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const answer = await client.json<OverviewAnswer>(
      'GET',
      `${api}/overview?period=event:618@2026&kpis=conversion_value`,
    );
    // The retail calendar's 618 is 18 June each year: 2026's is compared with 2025's, not with 17 June.
    expect(answer.period).toEqual({ from: '2026-06-18', to: '2026-06-18' });
    expect([answer.compare, answer.comparePeriod, answer.compareEvent]).toEqual([
      'same_event',
      { from: '2025-06-18', to: '2025-06-18' },
      '618 2025',
    ]);
    const lastYear = await client.json<{ rows: Record<string, number>[] }>('POST', `${api}/query`, {
      kpis: ['conversion_value'],
      from: '2025-06-18',
      to: '2025-06-18',
    });
    expect(answer.tiles[0]?.previous).toBeCloseTo(lastYear.rows[0]!.conversion_value!, 6);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await ready(page, 'overview');
    await page.locator('[data-testid=named-period]').selectOption('event:618@2026');
    await page.waitForURL(/period=event%3A618%402026/);
    await ready(page, 'overview');
    const subtitle = page.locator('.page-subtitle');
    await expect(subtitle.textContent()).resolves.toBe(
      'Jun 18, 2026 · compared with 618 2025 (Jun 18, 2025)',
    );
    await expect(page.locator('[data-testid=compare-select]').inputValue()).resolves.toBe('same_event');
    await dashboard.screenshot(page, 'analyst-01-618-overview');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(subtitle.textContent()).resolves.toBe('2026年6月18日 · 对比2025 618（2025年6月18日）');
    await expect(page.locator('[data-testid=named-period] option:checked').textContent()).resolves.toBe(
      '2026 618（2026年6月18日）',
    );

    // Explore by day over the presale: each day beside the same day of last year's presale.
    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=conversion_value&grain=day&period=${encodeURIComponent('event:618 presale@2026')}&compare=same_event`,
    );
    await ready(page, 'explore-results');
    const presale = await rangeIn(page, 'zh-CN', '2026-05-20', '2026-06-17');
    const presaleLastYear = await rangeIn(page, 'zh-CN', '2025-05-20', '2025-06-17');
    await expect(page.locator('[data-testid=explore-window]').textContent()).resolves.toBe(
      `${presale} 对比 2025 618 预售期（${presaleLastYear}）`,
    );
    await dashboard.screenshot(page, 'analyst-02-618-presale-explore-zh');
    await context.close();
  });
});
