/**
 * The monitor in Chromium against a real server with the demo: a source that stopped delivering
 * shows in the header — how many sources are behind, the monitor's note and the source with its
 * last day and days behind — in English and in Chinese, as the freshness API says it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;
const DAYS_MISSING = 3;

interface Freshness {
  lastDay: string | null;
  completeThrough: string | null;
  sources: { source: string; channel: string; account: string; lastDay: string; daysBehind: number }[];
  behind: string[];
  note: { text: { en: string; zh: string } };
}

describe('the monitor in the dashboard', () => {
  let dashboard: Dashboard;
  let viewer: ApiClient;
  /** The source the test makes stale: the demo's largest performance account. */
  let stale: { channel: string; account: string };

  beforeAll(async () => {
    dashboard = await startDashboard();
    viewer = await dashboard.api('viewer');
    const { warehouse } = dashboard.demo;
    const [largest] = await warehouse.query(
      'SELECT channel, account, max(date) AS last_day FROM fact_performance GROUP BY channel, account ORDER BY count(*) DESC, channel, account LIMIT 1',
    );
    if (!largest) throw new Error('the demo should have performance rows');
    stale = { channel: String(largest.channel), account: String(largest.account) };
    // The account's last three days never arrived.
    await warehouse.run(
      `DELETE FROM fact_performance WHERE channel = ? AND account = ? AND date > CAST(? AS DATE) - INTERVAL ${DAYS_MISSING} DAY`,
      [stale.channel, stale.account, String(largest.last_day).slice(0, 10)],
    );
  }, 300_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows a stale source in the header, in English and in Chinese, as the freshness API says', async () => {
    const freshness = await viewer.json<Freshness>('GET', `${api}/freshness`);
    const staleId = `${stale.channel}/${stale.account}`;
    expect(freshness.behind).toContain(staleId);
    const staleSource = freshness.sources.find((source) => source.source === staleId);
    expect(staleSource?.daysBehind).toBe(DAYS_MISSING);
    const through = freshness.completeThrough ?? freshness.lastDay;

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview`);
    const chip = page.locator('[data-testid=freshness]');
    await chip.waitFor({ timeout: 60_000 });
    await expect(chip.getAttribute('data-behind')).resolves.toBe(String(freshness.behind.length));
    await expect(page.locator('[data-testid=freshness-through]').textContent()).resolves.toBe(
      `Data through ${through}`,
    );
    const behindLabel =
      freshness.behind.length === 1 ? '1 source behind' : `${freshness.behind.length} sources behind`;
    await expect(page.locator('[data-testid=freshness-behind]').textContent()).resolves.toBe(behindLabel);

    await page.locator('[data-testid=freshness] summary').click();
    await expect(page.locator('[data-testid=freshness-note]').textContent()).resolves.toBe(
      freshness.note.text.en,
    );
    expect(freshness.note.text.en).toContain(stale.account);
    const row = page.locator(`[data-testid=freshness-source][data-source="${staleId}"]`);
    await expect(row.textContent()).resolves.toContain(`${DAYS_MISSING} days behind`);
    await expect(row.textContent()).resolves.toContain(`last day ${staleSource?.lastDay}`);
    await dashboard.screenshot(page, 'monitor-freshness-en');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect
      .poll(() => page.locator('[data-testid=freshness-note]').textContent())
      .toBe(freshness.note.text.zh);
    expect(freshness.note.text.zh).not.toBe(freshness.note.text.en);
    await expect(page.locator('[data-testid=freshness-through]').textContent()).resolves.toBe(
      `数据截至 ${through}`,
    );
    await expect(page.locator('[data-testid=freshness-behind]').textContent()).resolves.toBe(
      `${freshness.behind.length} 个来源落后`,
    );
    await expect(row.textContent()).resolves.toContain(`落后 ${DAYS_MISSING} 天`);
    await dashboard.screenshot(page, 'monitor-freshness-zh');
    await context.close();
  }, 180_000);
});
