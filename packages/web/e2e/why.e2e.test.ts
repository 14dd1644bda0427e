/**
 * "Why?" in Chromium against a real server and the DuckDB demo: the action on an overview tile
 * shows the server's ranked drivers and advice in English and Chinese, word for word; a chart
 * point asks about its own bucket; a drill-down from channel to campaign to creator keeps the
 * period and the filter, and its rows are the API's; and a funnel with one channel in scope is
 * judged against its own history, never against a median of itself.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;

interface Text {
  en: string;
  zh: string;
}
interface Why {
  window: { from: string; to: string };
  filter: string | null;
  summary: { text: Text }[];
  segments: { drivers: { where: { text: Text }; contribution: number }[] } | null;
  findings: { text: Text }[];
  advice: { text: Text }[];
}
interface Comparison {
  dimension: string;
  total: number;
  rows: Record<string, string | number | null>[];
}

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 60_000 });
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

describe('why a KPI moved, in the dashboard', () => {
  let dashboard: Dashboard;
  let client: ApiClient;

  beforeAll(async () => {
    dashboard = await startDashboard();
    client = await dashboard.api('viewer');
  }, 300_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows a tile’s ranked drivers and advice in English and Chinese, as the API says them', async () => {
    // The demo's Meta tracking outage: conversions fell on two days while spend and clicks held.
    const from = '2026-01-13';
    const to = '2026-01-14';
    const answer = await client.json<Why>('GET', `${api}/why?kpi=conversions&from=${from}&to=${to}`);
    const drivers = answer.segments?.drivers ?? [];
    expect(drivers.length).toBeGreaterThan(1);
    expect(answer.advice.length).toBeGreaterThan(0);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview?from=${from}&to=${to}`);
    await ready(page, 'overview');
    await page.locator('[data-testid=tile-conversions] [data-testid=why-conversions]').click();
    await ready(page, 'why-panel');
    const url = new URL(page.url());
    expect(url.searchParams.get('why')).toBe('conversions');
    expect([url.searchParams.get('why_from'), url.searchParams.get('why_to')]).toEqual([from, to]);

    const panel = '[data-testid=why-panel]';
    const where = `${panel} [data-testid=why-driver-where]`;
    const advice = `${panel} [data-testid=why-advice-item]`;
    const summary = `${panel} [data-testid=why-summary] li`;
    // Ranked as the API ranks them: the largest part first, Meta's outage at the top.
    await expect(texts(page, where)).resolves.toEqual(drivers.map((driver) => driver.where.text.en));
    expect(drivers[0]!.where.text.en).toMatch(/^Meta/);
    await expect(texts(page, advice)).resolves.toEqual(answer.advice.map((item) => item.text.en));
    await expect(texts(page, summary)).resolves.toEqual(answer.summary.map((item) => item.text.en));
    await expect(page.locator(`${panel} h2`).textContent()).resolves.toBe('Why did Conversions change?');
    await dashboard.screenshot(page, 'why-01-tile-en');

    // In Chinese: the same drivers and advice, said in Chinese, and the panel's own words too.
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(texts(page, where)).resolves.toEqual(drivers.map((driver) => driver.where.text.zh));
    await expect(texts(page, advice)).resolves.toEqual(answer.advice.map((item) => item.text.zh));
    for (const item of answer.advice) expect(item.text.zh).toMatch(/[\u4e00-\u9fff]/);
    await expect(page.locator(`${panel} [data-testid=why-drivers] h3`).textContent()).resolves.toBe(
      '驱动因素排名',
    );
    await expect(page.locator(`${panel} [data-testid=why-advice] h3`).textContent()).resolves.toBe('建议');
    await dashboard.screenshot(page, 'why-02-tile-zh');

    // The question is in the URL: a reload asks it again; Escape closes the panel and nothing else.
    await page.reload();
    await ready(page, 'why-panel');
    await expect(texts(page, advice)).resolves.toEqual(answer.advice.map((item) => item.text.zh));
    await page.keyboard.press('Escape');
    await page.locator(panel).waitFor({ state: 'detached' });
    const closed = new URL(page.url());
    expect(closed.searchParams.get('why')).toBeNull();
    expect([closed.searchParams.get('from'), closed.searchParams.get('to')]).toEqual([from, to]);
    await context.close();
  });

  it('asks a chart point about its own week', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    const from = '2026-06-01';
    const to = '2026-06-30';
    await page.goto(`${dashboard.url}${ws}/explore?kpis=spend&from=${from}&to=${to}&grain=week`);
    await ready(page, 'explore-results');
    const canvas = page.locator('.chart canvas').first();
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    // The middle of the plot: a week inside June, its spend line nearest the click.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await ready(page, 'why-panel');
    const url = new URL(page.url());
    const whyFrom = url.searchParams.get('why_from')!;
    const whyTo = url.searchParams.get('why_to')!;
    expect(url.searchParams.get('why')).toBe('spend');
    // A whole ISO week (Monday to Sunday) inside the window.
    expect(new Date(`${whyFrom}T00:00:00Z`).getUTCDay()).toBe(1);
    expect((Date.parse(whyTo) - Date.parse(whyFrom)) / 86_400_000).toBe(6);
    expect(whyFrom >= from && whyTo <= to).toBe(true);
    const answer = await client.json<Why>('GET', `${api}/why?kpi=spend&from=${whyFrom}&to=${whyTo}`);
    await expect(texts(page, '[data-testid=why-summary] li')).resolves.toEqual(
      answer.summary.map((item) => item.text.en),
    );

    // A table cell asks the same of its row.
    await page.locator('[data-testid=why-close]').click();
    await page
      .locator('[data-testid=result-table] tbody tr')
      .first()
      .locator('[data-testid=why-spend]')
      .click();
    await ready(page, 'why-panel');
    const cell = new URL(page.url());
    expect(cell.searchParams.get('why_from')).toBe(from);
    expect(new Date(`${cell.searchParams.get('why_to')}T00:00:00Z`).getUTCDay()).toBe(0);
    await dashboard.screenshot(page, 'why-03-explore-point');
    await context.close();
  });

  it('drills from channel to campaign to creator keeping the period and the filter', async () => {
    const from = '2026-06-01';
    const to = '2026-06-30';
    const filter = "campaign_goal != 'always_on'";
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(
      `${dashboard.url}${ws}/compare/channels?from=${from}&to=${to}&filter=${encodeURIComponent(filter)}`,
    );
    await ready(page, 'compare-results');
    const rowOf = (id: string) =>
      page.locator('[data-testid=compare-table] tbody tr', { has: page.locator(`code:text-is("${id}")`) });
    const ids = async () =>
      (await page.locator('[data-testid=compare-table] tbody tr td.cell-name').all()).length;

    // Douyin's row → its campaigns.
    const douyin = page.locator('[data-testid=compare-table] tbody tr', { hasText: 'Douyin' });
    await douyin.locator('[data-testid=drill-campaign]').click();
    await page.waitForURL(/\/compare\/campaigns\?/);
    await ready(page, 'compare-results');
    let url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe(from);
    expect(url.searchParams.get('to')).toBe(to);
    expect(url.searchParams.get('filter')).toBe(filter);
    expect(url.searchParams.get('drill.channel')).toBe('douyin');
    const campaigns = await client.json<Comparison>(
      'GET',
      `${api}/compare/campaigns?from=${from}&to=${to}&filter=${encodeURIComponent(`(${filter}) and (channel = 'douyin')`)}`,
    );
    expect(campaigns.total).toBeGreaterThan(0);
    expect(await ids()).toBe(campaigns.rows.length);
    expect(campaigns.rows.map((row) => row.campaign)).not.toContain('ao-dy');
    await expect(page.locator('[data-testid=drill-crumb-channel]').textContent()).resolves.toBe('Douyin');

    // A campaign with creators → its creators, under both steps of the path.
    const creators = new Map<string, Comparison>();
    for (const row of campaigns.rows) {
      const id = String(row.campaign);
      const scoped = `(${filter}) and (channel = 'douyin' and campaign = '${id}')`;
      creators.set(
        id,
        await client.json<Comparison>(
          'GET',
          `${api}/compare/creators?from=${from}&to=${to}&filter=${encodeURIComponent(scoped)}`,
        ),
      );
    }
    // Rows without a creator (paid ads) are listed too, as "—"; a campaign with named creators is taken.
    const [campaign, answer] = [...creators].find(([, found]) =>
      found.rows.some((row) => row.creator !== null),
    )!;
    await rowOf(campaign).locator('[data-testid=drill-creator]').click();
    await page.waitForURL(/\/compare\/creators\?/);
    await ready(page, 'compare-results');
    url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe(from);
    expect(url.searchParams.get('to')).toBe(to);
    expect(url.searchParams.get('filter')).toBe(filter);
    expect(url.searchParams.get('drill.channel')).toBe('douyin');
    expect(url.searchParams.get('drill.campaign')).toBe(campaign);
    expect(await ids()).toBe(answer.rows.length);
    const firstSpend = await page
      .locator('[data-testid=compare-table] tbody tr')
      .first()
      .locator('[data-testid=cell-spend]')
      .getAttribute('data-value');
    expect(Number(firstSpend)).toBe(answer.rows[0]!.spend);
    await expect(page.locator('[data-testid=drill-crumb-campaign]').textContent()).resolves.toBe(campaign);
    await dashboard.screenshot(page, 'why-04-drill-creators');

    // "Why?" on a creator's cell asks within the whole path, the filter and the creator.
    const named = answer.rows.findIndex((row) => row.creator !== null);
    const creator = String(answer.rows[named]!.creator);
    await page
      .locator('[data-testid=compare-table] tbody tr')
      .nth(named)
      .locator('[data-testid=why-spend]')
      .click();
    await ready(page, 'why-panel');
    const asked = new URL(page.url()).searchParams.get('why_filter');
    expect(asked).toBe(
      `((${filter}) and (channel = 'douyin' and campaign = '${campaign}')) and (creator = '${creator}')`,
    );
    await expect(page.locator('[data-testid=why-filter]').textContent()).resolves.toBe(asked);
    await page.locator('[data-testid=why-close]').click();

    // Up the path: its first step leads back to the campaigns of Douyin, filter and period kept.
    await page.locator('[data-testid=drill-crumb-channel] a').click();
    await page.waitForURL(/\/compare\/campaigns\?/);
    url = new URL(page.url());
    expect(url.searchParams.get('drill.campaign')).toBeNull();
    expect(url.searchParams.get('drill.channel')).toBe('douyin');
    expect(url.searchParams.get('filter')).toBe(filter);
    expect(url.searchParams.get('from')).toBe(from);
    await context.close();
  });

  it('judges one channel’s funnel against its own history, not a median of itself', async () => {
    const filter = "channel = 'weibo'";
    const from = '2026-10-02';
    const to = '2026-10-31';
    const link = await client.json<{ summary: { text: Text }; weakest: unknown }>(
      'GET',
      `${api}/weakest-link?from=${from}&to=${to}&filter=${encodeURIComponent(filter)}`,
    );
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(
      `${dashboard.url}${ws}/overview?from=${from}&to=${to}&filter=${encodeURIComponent(filter)}`,
    );
    await ready(page, 'overview');
    const callout = page.locator('[data-testid=weakest-callout][data-judged=history][data-ready=true]');
    await callout.waitFor({ timeout: 60_000 });
    await expect(callout.locator('[data-testid=weakest-summary]').textContent()).resolves.toBe(
      link.summary.text.en,
    );
    const said = (await callout.textContent()) ?? '';
    expect(said).not.toMatch(/median/i);
    expect(await callout.getAttribute('class')).toContain(link.weakest ? 'callout-bad' : 'callout-good');
    for (const cell of await texts(page, '[data-testid=funnel] [data-testid=funnel-relative]'))
      expect(cell).not.toMatch(/median/i);
    await expect(page.locator('[data-testid=funnel] .funnel-medians').isVisible()).resolves.toBe(false);
    await dashboard.screenshot(page, 'why-05-single-channel-funnel');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(callout.locator('[data-testid=weakest-summary]').textContent()).resolves.toBe(
      link.summary.text.zh,
    );
    expect((await callout.textContent()) ?? '').not.toContain('中位数');

    // Several channels: the median of the others still judges them.
    await page.goto(`${dashboard.url}${ws}/overview?from=${from}&to=${to}`);
    await ready(page, 'overview');
    await expect(page.locator('[data-testid=weakest-callout][data-judged=history]').count()).resolves.toBe(0);
    await context.close();
  });
});
