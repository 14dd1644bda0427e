/**
 * The search-visibility page in headless Chromium against a real server and the demo workspace:
 * each platform and keyword with the API's share of voice in the top ten, the busiest keyword's
 * daily trend and the creators holding its positions, another keyword picked from the table, one
 * platform chosen; in English and Chinese. Screenshots in test-artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;

// The parts of the answer this test reads (the server's schema in `routes/creators.ts`).
interface KeywordRow {
  channel: string;
  keyword: string;
  top10Results: number;
  shareOfVoice: number | null;
  trend: unknown[];
  holders: { creator: string; top10Results: number; top10Share: number | null }[];
}
interface SearchAnswer {
  keywords: KeywordRow[];
}

const keyOf = (row: KeywordRow) => `${row.channel}|${row.keyword}`;

async function ready(page: Page): Promise<void> {
  await page.locator('[data-testid=search-results][data-ready=true]').first().waitFor({ timeout: 30_000 });
}

describe('the search-visibility page in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows the API’s share of voice, its trend and who holds the positions, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const answer = await client.json<SearchAnswer>('GET', `${api}/search-visibility`);
    expect(answer.keywords.length).toBeGreaterThan(2);
    const { page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/search`);
    await ready(page);
    const rows = page.locator('[data-testid=search-keywords] tbody tr');
    expect(await rows.count()).toBe(answer.keywords.length);
    for (const keyword of answer.keywords) {
      const cell = page.locator(`[data-testid="search-row-${keyOf(keyword)}"] td`).nth(6);
      const shown = await cell.getAttribute('data-value');
      if (keyword.shareOfVoice === null) expect(shown).toBe('');
      else expect(Number(shown)).toBeCloseTo(keyword.shareOfVoice, 12);
    }
    // The keyword in detail at first: the one with the most top-ten results.
    const busiest = [...answer.keywords].sort((a, b) => b.top10Results - a.top10Results)[0]!;
    await expect(page.locator('[data-testid=search-trend-title]').textContent()).resolves.toContain(
      busiest.keyword,
    );
    await expectHolders(page, busiest);
    await dashboard.screenshot(page, 'search-01-keywords');

    // Another keyword, picked from the table.
    const other = answer.keywords.find((row) => keyOf(row) !== keyOf(busiest) && row.holders.length > 0);
    if (other) {
      await page.locator(`[data-testid="search-row-${keyOf(other)}"] button`).click();
      await page.waitForURL(/focus=/);
      await expect
        .poll(() => page.locator('[data-testid=search-trend-title]').textContent())
        .toContain(other.keyword);
      await expectHolders(page, other);
    }

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-search]').textContent()).resolves.toContain('搜索可见度');
    await expect(page.locator('[data-testid=search-keywords] thead').textContent()).resolves.toContain(
      '前十屏占比',
    );
    await expect(page.locator('[data-testid=search-trend-title]').textContent()).resolves.toContain(
      '逐日走势',
    );
    await dashboard.screenshot(page, 'search-02-keywords-zh');

    // One platform: the API's rows for it.
    const channel = busiest.channel;
    const mine = await client.json<SearchAnswer>('GET', `${api}/search-visibility?channel=${channel}`);
    await page.locator('[data-testid=search-channel]').selectOption(channel);
    await page.waitForURL(new RegExp(`channel=${channel}`));
    await ready(page);
    await expect
      .poll(() => page.locator('[data-testid=search-keywords] tbody tr').count())
      .toBe(mine.keywords.length);
    expect(mine.keywords.every((row) => row.channel === channel)).toBe(true);
  });
});

/** The holders table is the API's: every creator, with their top-ten results and share. */
async function expectHolders(page: Page, row: KeywordRow): Promise<void> {
  const holders = page.locator('[data-testid=search-holders] tbody tr');
  await expect.poll(() => holders.count()).toBe(row.holders.length);
  for (const holder of row.holders) {
    const cells = page.locator(`[data-testid="search-holder-${holder.creator}"] td`);
    await expect(cells.nth(2).textContent()).resolves.toBe(holder.top10Results.toLocaleString('en-US'));
    const share = await cells.nth(3).getAttribute('data-value');
    if (holder.top10Share === null) expect(share).toBe('');
    else expect(Number(share)).toBeCloseTo(holder.top10Share, 12);
  }
}
