/**
 * The creators and audiences pages in headless Chromium against a real server and the demo
 * workspace: the KOL leaderboard with a minimum-cost cut shows the API's ranking and leaves the
 * creators under the cut unranked, a creator's page shows their cost against fees and every
 * post, and the O-5A flow chart shows the API's flows into A3. Both languages; screenshots in
 * test-artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { sayCreators } from '@markpi/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;

// The parts of the answers this test reads (the server's schemas in `routes/creators.ts`).
type Said = Parameters<typeof sayCreators>[0];
interface Row {
  creator: string;
  cost: number;
  values: Record<string, number | null>;
  rehire: { reason: Said };
}
interface Leaderboards {
  window: { from: string; to: string };
  boards: { tier: Tier; sortBy: Metric; ranked: Row[]; belowCut: Row[]; notes: Said[] }[];
}
type Tier = 'kol' | 'kos' | 'koc';
type Metric = 'cpe' | 'save_rate' | 'effective_indexed_posts';
/** The Chinese name of the KPI each tier is ranked by first. */
const FIRST_METRIC_ZH: Record<Tier, string> = { kol: '单次互动成本', kos: '收藏率', koc: '有效收录篇数' };
interface CreatorPageAnswer {
  creator: {
    category: string | null;
    accounts: { channel: string; followers: number | null }[];
  };
  cost: { total: number };
  posts: unknown[];
  standing: Row | null;
}
interface AudienceAnswer {
  window: { from: string; to: string };
  total: { flows: { from: string; users: number; rate: number | null }[]; notes: Said[] };
}
/** The 180 days up to a day. */
const halfYearTo = (to: string) => {
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 179);
  return { from: from.toISOString().slice(0, 10), to };
};
const api = `/api/workspaces/${DEMO_WORKSPACE}`;

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 30_000 });
}

describe('the creators and audiences pages in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard();
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('ranks a tier as the API does, leaves creators under the minimum cost unranked, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const latest = await client.json<Leaderboards>('GET', `${api}/creators`);
    const { from, to } = halfYearTo(latest.window.to);
    // The tier with the most creators in the (small) demo: its costs give a cut at the median.
    const everyTier = await client.json<Leaderboards>('GET', `${api}/creators?from=${from}&to=${to}`);
    const widest = [...everyTier.boards].sort((a, b) => b.ranked.length - a.ranked.length)[0]!;
    const tier = widest.tier;
    const costs = widest.ranked.map((row) => row.cost).sort((a, b) => a - b);
    expect(costs.length).toBeGreaterThan(1);
    const minSpend = Math.round(costs[Math.floor(costs.length / 2)]!);
    const answer = await client.json<Leaderboards>(
      'GET',
      `${api}/creators?tier=${tier}&minSpend=${minSpend}&from=${from}&to=${to}`,
    );
    const board = answer.boards[0]!;
    expect(board.ranked.length).toBeGreaterThan(0);
    expect(board.belowCut.length).toBeGreaterThan(0);
    const sortBy = board.sortBy;

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/creators?tier=${tier}&minSpend=${minSpend}&from=${from}&to=${to}`);
    await ready(page, 'creators-results');
    const ranked = page.locator('[data-testid=creators-table] tbody tr');
    expect(await ranked.count()).toBe(board.ranked.length);
    expect(await page.locator('[data-testid=creators-below-cut] tbody tr').count()).toBe(
      board.belowCut.length,
    );
    // The first row is the API's first, with its cost and the KPI it is ranked by.
    const first = ranked.first();
    await expect(first.locator('[data-testid=creator-link]').getAttribute('data-creator')).resolves.toBe(
      board.ranked[0]!.creator,
    );
    expect(Number(await first.locator('[data-testid=creator-cost]').getAttribute('data-value'))).toBe(
      board.ranked[0]!.cost,
    );
    expect(Number(await first.locator(`[data-testid=metric-${sortBy}]`).getAttribute('data-value'))).toBe(
      board.ranked[0]!.values[sortBy],
    );
    // Every cost under the cut is below it.
    const cut = await page
      .locator('[data-testid=creators-below-cut] [data-testid=creator-cost]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    for (const value of cut) expect(value).toBeLessThan(minSpend);
    await expect(page.locator('[data-testid=creators-notes]').textContent()).resolves.toContain(
      sayCreators(board.notes[0]!, 'en'),
    );
    await dashboard.screenshot(page, 'creators-01-leaderboard');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-creators]').textContent()).resolves.toContain('达人');
    await expect(page.locator('[data-testid=creators-table] thead').textContent()).resolves.toContain(
      FIRST_METRIC_ZH[tier],
    );
    await expect(page.locator('[data-testid=creators-notes]').textContent()).resolves.toContain(
      sayCreators(board.notes[0]!, 'zh'),
    );
    await dashboard.screenshot(page, 'creators-02-leaderboard-zh');

    // Another tier is judged by its own KPIs.
    const other = tier === 'kos' ? 'kol' : 'kos';
    await page.locator(`[data-testid=creators-tier-${other}]`).click();
    await page
      .locator(`[data-testid=creators-results][data-tier=${other}][data-ready=true]`)
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=creators-table] thead').textContent()).resolves.toContain(
      FIRST_METRIC_ZH[other],
    );
    await context.close();
  });

  it('opens a creator’s page with cost against fees and every post, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const latest = await client.json<Leaderboards>('GET', `${api}/creators?tier=kol`);
    const { from, to } = halfYearTo(latest.window.to);
    const board = (await client.json<Leaderboards>('GET', `${api}/creators?tier=kol&from=${from}&to=${to}`))
      .boards[0]!;
    const creator = board.ranked[0]!.creator;
    const answer = await client.json<CreatorPageAnswer>(
      'GET',
      `${api}/creators/${creator}?from=${from}&to=${to}`,
    );

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/creators?tier=kol&from=${from}&to=${to}`);
    await ready(page, 'creators-results');
    await page.locator(`[data-testid=creator-link][data-creator="${creator}"]`).click();
    await ready(page, 'creator-page');
    expect(Number(await page.locator('[data-testid=creator-cost-vs-fee]').getAttribute('data-value'))).toBe(
      answer.cost.total,
    );
    expect(await page.locator('[data-testid=creator-posts] tbody tr').count()).toBe(answer.posts.length);
    await expect(page.locator('[data-testid=creator-standing]').getAttribute('data-rank')).resolves.toBe('1');
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    // The registry's profile: category, agency and every account with its followers, as the API gives them.
    expect(answer.creator.accounts.length).toBeGreaterThan(0);
    await expect(page.locator('[data-testid=creator-category]').textContent()).resolves.toBe(
      answer.creator.category ?? '—',
    );
    const accountRows = page.locator('[data-testid=creator-accounts] tbody tr');
    expect(await accountRows.count()).toBe(answer.creator.accounts.length);
    expect(
      await accountRows.evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-channel'), row.getAttribute('data-followers')]),
      ),
    ).toEqual(answer.creator.accounts.map((account) => [account.channel, String(account.followers ?? '')]));
    await dashboard.screenshot(page, 'creators-03-creator-page');
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=creator-cost-vs-fee]').textContent()).resolves.toMatch(
      /^费用 .+ \+ 媒体消耗 .+ = 花费 /,
    );
    await expect(page.locator('[data-testid=creator-standing]').textContent()).resolves.toContain(
      sayCreators(answer.standing!.rehire.reason, 'zh'),
    );
    await expect(page.locator('[data-testid=creator-profile] h2').textContent()).resolves.toBe('资料与账号');
    await expect(page.locator('[data-testid=creator-accounts] thead').textContent()).resolves.toBe(
      '平台账号粉丝数',
    );
    await dashboard.screenshot(page, 'creators-04-creator-page-zh');
    await context.close();
  });

  it('draws the O-5A flow chart with the API’s flows into A3, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const probe = await client.json<AudienceAnswer>('GET', `${api}/audiences`);
    const { from, to } = probe.window;
    const answer = await client.json<AudienceAnswer>('GET', `${api}/audiences?from=${from}&to=${to}`);
    const flow = answer.total.flows.find((entry) => entry.from === 'a1_a2')!;
    expect(flow.users).toBeGreaterThan(0);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/audiences?from=${from}&to=${to}`);
    await ready(page, 'audiences-results');
    expect(Number(await page.locator('[data-testid=audience-flow-a1_a2]').getAttribute('data-value'))).toBe(
      flow.rate,
    );
    expect(Number(await page.locator('[data-testid=audience-flow-a1_a2]').getAttribute('data-users'))).toBe(
      flow.users,
    );
    expect(await page.locator('[data-testid=audiences-results] canvas').count()).toBe(1);
    expect(await page.locator('[data-testid=audience-stages] tbody tr').count()).toBe(5);
    // The chart's image under its caption of three lines (workspace and title, KPI, period; every
    // platform, so no filter line): (12 + 3 × 20 + 12) CSS pixels above the chart, all at twice the
    // screen's resolution. A PNG's size is in its header: width and height at bytes 16 and 20.
    const chartBox = await page
      .locator('[data-testid=audiences-results] .chart')
      .evaluate((element) => ({ width: element.clientWidth, height: element.clientHeight }));
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=audiences-png]').click(),
    ]);
    const image = readFileSync((await png.path())!);
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(image.readUInt32BE(16)).toBe(chartBox.width * 2);
    expect(image.readUInt32BE(20)).toBe(chartBox.height * 2 + (12 + 3 * 20 + 12) * 2);
    expect(png.suggestedFilename()).toBe(`markpi-${DEMO_WORKSPACE}-o5a-all.png`);
    await dashboard.screenshot(page, 'audiences-01-flows');
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-audiences]').textContent()).resolves.toContain('人群资产');
    await expect(page.locator('[data-testid=audience-notes]').textContent()).resolves.toContain(
      sayCreators(answer.total.notes.at(-1)!, 'zh'),
    );
    await expect(page.locator('[data-testid=audience-flow-a1_a2]').textContent()).resolves.toContain(
      'A1+A2 → A3',
    );
    await dashboard.screenshot(page, 'audiences-02-flows-zh');
    await context.close();
  });
});
