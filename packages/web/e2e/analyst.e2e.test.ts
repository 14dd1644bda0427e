/**
 * The dashboard an analyst works in all day, in headless Chromium against a real server and the
 * demo workspace, in English and Chinese: 618 picked as the period is compared with 618 a year
 * earlier on its own dates (the API's windows, worked out by hand from the retail calendar), on
 * the overview and in Explore; the overview filtered to one channel with its value picker, whose
 * values and counts are the API's; a note added from a chart point of one channel, then marked
 * on another chart of that channel and not on another channel's; Explore's note of the rollup
 * that answered and the edge days read from the raw table.
 */
import { readFileSync } from 'node:fs';
import { createRollup } from '@markpi/store';
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

  it('filters the overview to one channel with the value picker, in both languages', async () => {
    const client = await dashboard.api('viewer');
    const values = await client.json<{ values: { value: string; count: number }[] }>(
      'GET',
      `${api}/values/channel`,
    );
    expect(values.values.length).toBeGreaterThan(2);
    const second = values.values[1]!;
    expect(second.count).toBeLessThanOrEqual(values.values[0]!.count);

    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await ready(page, 'overview');
    await page.locator('[data-testid=picker-channel-toggle]').click();
    await page.locator('[data-testid=picker-channel-values][data-ready=true]').waitFor({ timeout: 30_000 });
    const rows = page.locator('[data-testid=picker-channel-values] .value-picker-row');
    await expect(
      rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-value'))),
    ).resolves.toEqual(values.values.map((entry) => entry.value));
    const row = page.locator(`[data-testid=picker-channel-values] [data-value="${second.value}"]`);
    expect(Number(await row.locator('[data-testid=value-count]').getAttribute('data-count'))).toBe(
      second.count,
    );
    await row.locator('input[type=checkbox]').check();
    await page.waitForURL(new RegExp(`pick\\.channel=${encodeURIComponent(second.value)}`));
    await ready(page, 'overview');
    // The funnel holds that channel alone, and the toggle names it (the dimension in Chinese).
    await expect(
      page
        .locator('[data-testid=funnel] tbody tr[data-testid^=funnel-]')
        .evaluateAll((all) => all.map((tr) => tr.getAttribute('data-testid'))),
    ).resolves.toEqual([`funnel-${second.value}`]);
    await expect(page.locator('[data-testid=picker-channel-toggle]').textContent()).resolves.toMatch(/^渠道/);
    const filtered = await client.json<OverviewAnswer>(
      'GET',
      `${api}/overview?filter=${encodeURIComponent(`channel = '${second.value}'`)}&kpis=impressions`,
    );
    const impressions = page.locator('[data-testid=tile-impressions] [data-testid=tile-value]');
    await expect(impressions.getAttribute('title')).resolves.toContain(
      new Intl.NumberFormat('zh-CN').format(filtered.tiles[0]!.value!),
    );
    await dashboard.screenshot(page, 'analyst-03-filter-channel-zh');

    await page.locator('[data-testid=language-en]').click();
    await expect(page.locator('[data-testid=picker-channel-toggle]').textContent()).resolves.toMatch(
      /^Channel/,
    );
    await context.close();
  });

  it('adds a note from a chart point and finds it on another chart of the same scope, in both languages', async () => {
    const douyin = encodeURIComponent("channel = 'douyin'");
    const window = 'from=2026-09-01&to=2026-09-30';
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}${ws}/explore?kpis=spend&grain=day&${window}&filter=${douyin}`);
    await ready(page, 'explore-results');
    // A point of the chart: its day is where the note goes ("why?" opens beside it; closed here).
    await page
      .locator('.explore-results .chart')
      .first()
      .click({ position: { x: 400, y: 160 } });
    await page.locator('[data-testid=why-panel]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=why-panel]').waitFor({ state: 'detached' });
    await expect(page.locator('[data-testid=annotations] .annotation-form').textContent()).resolves.toMatch(
      /Add a note on/,
    );
    await page.locator('[data-testid=annotation-input]').fill('Douyin price test');
    await page.locator('[data-testid=annotation-scope]').selectOption({ label: 'Channel douyin' });
    await page.locator('[data-testid=annotation-save]').click();
    await page.locator('[data-testid=annotations-in-view] li').first().waitFor();
    await expect(page.locator('[data-testid=annotation-text]').allTextContents()).resolves.toEqual([
      'Douyin price test',
    ]);
    await expect(page.locator('.explore-results .chart').first().getAttribute('data-notes')).resolves.toBe(
      '1',
    );

    const client = await dashboard.api('viewer');
    const listed = await client.json<{ annotations: { date: string; scope: string; value?: string }[] }>(
      'GET',
      `${api}/annotations?${window}`,
    );
    expect(listed.annotations).toHaveLength(1);
    expect(listed.annotations[0]).toMatchObject({ scope: 'channel', value: 'douyin' });
    expect(listed.annotations[0]!.date >= '2026-09-01' && listed.annotations[0]!.date <= '2026-09-30').toBe(
      true,
    );

    // Another chart of Douyin (clicks by week) marks it; Kuaishou's does not.
    await page.goto(`${dashboard.url}${ws}/explore?kpis=clicks&grain=week&${window}&filter=${douyin}`);
    await ready(page, 'explore-results');
    await page.locator('[data-testid=annotations-in-view] li').first().waitFor();
    await expect(page.locator('[data-testid=annotation-text]').allTextContents()).resolves.toEqual([
      'Douyin price test',
    ]);
    await expect(page.locator('.explore-results .chart').first().getAttribute('data-notes')).resolves.toBe(
      '1',
    );
    await dashboard.screenshot(page, 'analyst-04-note-on-another-chart');
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=annotations] h3').textContent()).resolves.toBe('备注');
    await expect(
      page.locator('[data-testid=annotations-in-view] li').first().textContent(),
    ).resolves.toContain('渠道 douyin');

    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=clicks&grain=week&${window}&filter=${encodeURIComponent("channel = 'kuaishou'")}`,
    );
    await ready(page, 'explore-results');
    await expect(page.locator('[data-testid=annotations]').textContent()).resolves.toContain(
      '当前时间段和范围内没有备注。',
    );
    // The overview's lines of days mark it too, with Douyin picked.
    await page.goto(`${dashboard.url}${ws}/overview?${window}&pick.channel=douyin`);
    await ready(page, 'overview');
    const mark = page.locator('[data-testid=tile-spend] [data-testid=note-mark]');
    await mark.waitFor();
    await expect(mark.getAttribute('data-day')).resolves.toBe(listed.annotations[0]!.date);
    // The event calendar's days in the window become workspace notes, shown on Kuaishou's chart too.
    await page.goto(`${dashboard.url}${ws}/explore?kpis=clicks&grain=day&from=2025-11-01&to=2025-11-30`);
    await ready(page, 'explore-results');
    await page.locator('[data-testid=annotation-import-events]').click();
    await page.locator('[data-testid=annotations-in-view] li').first().waitFor();
    // Said in the reader's language: the retail calendar's Double 11 is 双11.
    await expect(page.locator('[data-testid=annotation-text]').allTextContents()).resolves.toContain(
      '2025 双11',
    );
    await context.close();
  });

  it('saves a view with its period rule, pins it to a new board, rearranges it and finds it as left', async () => {
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'editor');
    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=spend&dims=campaign&grain=week&period=last_month&pick.channel=douyin`,
    );
    await ready(page, 'explore-results');
    await page.locator('[data-testid=view-name]').fill('抖音上月花费');
    await page.locator('[data-testid=view-save]').click();
    await page.locator('[data-testid=saved-view]').first().waitFor();
    await page.reload();
    await ready(page, 'explore-results');
    const link = page.locator('[data-testid=saved-view]');
    await link.first().waitFor();
    await expect(link.allTextContents()).resolves.toEqual(['抖音上月花费']);
    await expect(page.locator('[data-testid=saved-views] .field-label').textContent()).resolves.toBe(
      '已保存的视图',
    );
    const client = await dashboard.api('viewer');
    const { views } = await client.json<{ views: { period?: string; picks?: Record<string, string[]> }[] }>(
      'GET',
      `${api}/views`,
    );
    // The rule is kept, not the dates it meant today.
    expect(views).toMatchObject([{ period: 'last_month', picks: { channel: ['douyin'] } }]);
    await page.locator('[data-testid=language-en]').click();
    await expect(page.locator('[data-testid=saved-views] .field-label').textContent()).resolves.toBe(
      'Saved views',
    );

    // A second view, both pinned to a new board on the overview, rearranged by dragging, kept.
    await page.goto(`${dashboard.url}${ws}/explore?kpis=clicks&grain=day&period=month_to_date`);
    await ready(page, 'explore-results');
    await page.locator('[data-testid=view-name]').fill('Clicks this month');
    await page.locator('[data-testid=view-save]').click();
    await expect.poll(() => page.locator('[data-testid=saved-view]').count()).toBe(2);
    await page.goto(`${dashboard.url}${ws}/overview`);
    await ready(page, 'overview');
    await page.locator('[data-testid=boards][data-ready=true]').waitFor();
    await page.locator('[data-testid=board-name]').fill('My board');
    await page.locator('[data-testid=board-create]').click();
    await page.waitForURL(/board=bd_/);
    for (const name of ['抖音上月花费', 'Clicks this month']) {
      await page.locator('[data-testid=board-pin]').selectOption({ label: name });
      await page.locator('[data-testid=board-card]', { hasText: name }).waitFor();
    }
    const cards = page.locator('[data-testid=board-card-link]');
    await expect(cards.allTextContents()).resolves.toEqual(['抖音上月花费', 'Clicks this month']);
    await page
      .locator('[data-testid=board-card]', { hasText: 'Clicks this month' })
      .dragTo(page.locator('[data-testid=board-card]', { hasText: '抖音上月花费' }));
    await expect.poll(() => cards.allTextContents()).toEqual(['Clicks this month', '抖音上月花费']);
    // A third view over the overview's own 30 days, pinned through the API: its card's number is
    // the board answer's.
    const editorApi = await dashboard.api('editor');
    const { period } = await client.json<OverviewAnswer>('GET', `${api}/overview`);
    const gmv = await editorApi.json<{ id: string }>('POST', `${api}/views`, {
      name: 'GMV, 30 days',
      kpis: ['conversion_value'],
      from: period.from,
      to: period.to,
      compare: 'previous',
    });
    const boardId = new URL(page.url()).searchParams.get('board') ?? '';
    const { boards } = await editorApi.json<{ boards: { id: string; views: string[] }[] }>(
      'GET',
      `${api}/boards`,
    );
    const pinned = boards.find((board) => board.id === boardId)?.views ?? [];
    await editorApi.json('PUT', `${api}/boards/${boardId}`, { name: 'My board', views: [...pinned, gmv.id] });
    await page.reload();
    await page.locator('[data-testid=board-card]').first().waitFor();
    await expect(cards.allTextContents()).resolves.toEqual([
      'Clicks this month',
      '抖音上月花费',
      'GMV, 30 days',
    ]);
    const gmvCard = page.locator('[data-testid=board-card]', { hasText: 'GMV, 30 days' });
    await gmvCard.locator('[data-testid=board-card-value]').waitFor();
    const answer = await client.json<{ cards: { view: string; tile?: { value: number | null } }[] }>(
      'GET',
      `${api}/boards/${boardId}/answer`,
    );
    const gmvValue = answer.cards.find((card) => card.view === gmv.id)?.tile?.value;
    expect(gmvValue).toBeGreaterThan(0);
    await expect(gmvCard.locator('[data-testid=board-card-value]').getAttribute('data-value')).resolves.toBe(
      String(gmvValue),
    );
    await expect(gmvCard.locator('[data-testid=board-card-change]').textContent()).resolves.toContain('vs');
    await dashboard.screenshot(page, 'analyst-05-board');

    // The overview's tiles: GMV added for the whole workspace shows the card's number, is still
    // there after a reload, and the defaults come back on reset; the editor in Chinese.
    await page.locator('[data-testid=tiles-edit]').click();
    await page.locator('[data-testid=tiles-add]').selectOption('conversion_value');
    await page.locator('[data-testid=tiles-save]').click();
    const gmvTile = page.locator('[data-testid=tile-conversion_value]');
    await gmvTile.waitFor();
    await page.reload();
    await ready(page, 'overview');
    await gmvTile.waitFor();
    const overview = await client.json<OverviewAnswer>('GET', `${api}/overview`);
    expect(overview.tiles.at(-1)).toMatchObject({ kpi: 'conversion_value', value: gmvValue });
    await page.locator('[data-testid=language-zh-CN]').click();
    await page.locator('[data-testid=tiles-edit]').click();
    await expect(page.locator('[data-testid=tiles-editor] h2').textContent()).resolves.toBe('概览上的指标卡');
    await page.locator('[data-testid=tiles-reset]').click();
    await expect.poll(() => gmvTile.count()).toBe(0);
    await context.close();
  });

  it('ranks creators by ROAS above a minimum spend in Explore, the row without a creator apart, in both languages', async () => {
    const window = { from: '2026-10-01', to: '2026-10-31' };
    const client = await dashboard.api('viewer');
    const answer = await client.json<{
      rows: Record<string, string | number | boolean | null>[];
      ranking: { belowMinimum: number; apart: number };
      names: { creator: Record<string, string> };
    }>('POST', `${api}/query`, {
      kpis: ['roas', 'spend'],
      dimensions: ['creator'],
      ...window,
      sort: 'roas:desc',
      min: ['spend=1000'],
    });
    // Some creators spent under 1,000 and are counted, not ranked; brand ads have no creator.
    expect(answer.ranking.belowMinimum).toBeGreaterThan(0);
    expect(answer.ranking.apart).toBe(1);
    const ranked = answer.rows.filter((row) => row.__none !== true);
    expect(ranked.every((row) => (row.spend as number) >= 1000)).toBe(true);
    const first = ranked[0]!;
    const firstName = answer.names.creator[first.creator as string] ?? (first.creator as string);

    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=roas,spend&dims=creator&grain=total&from=${window.from}&to=${window.to}`,
    );
    await ready(page, 'explore-results');
    await page.locator('[data-testid=rank-kpi]').selectOption('roas');
    await page.locator('[data-testid=rank-order]').selectOption('desc');
    await page.locator('[data-testid=min-kpi]').selectOption('spend');
    await page.locator('[data-testid=min-value]').fill('1000');
    await page.locator('[data-testid=run-query]').click();
    await page.waitForURL(/sort=roas/);
    await ready(page, 'explore-results');
    const rows = page.locator('[data-testid=result-table] tbody tr');
    await expect(rows.count()).resolves.toBe(answer.rows.length);
    await expect(rows.first().locator('td').first().textContent()).resolves.toContain(firstName);
    await expect(rows.last().getAttribute('class')).resolves.toBe('row-apart');
    await expect(rows.last().locator('td').first().textContent()).resolves.toBe('(no creator)');
    await expect(page.locator('[data-testid=below-minimum]').getAttribute('data-count')).resolves.toBe(
      String(answer.ranking.belowMinimum),
    );
    await expect(page.locator('[data-testid=below-minimum]').textContent()).resolves.toContain(
      'below the minimum (Spend ≥ ',
    );
    await dashboard.screenshot(page, 'analyst-06-ranked-creators');

    // The CSV rounds money to the cent and ROAS to four significant digits; the PNG carries a
    // caption of three lines (workspace, KPI, period) above the chart: (12 + 3 × 20 + 12) CSS
    // pixels at twice the screen's resolution.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=export-csv]').click(),
    ]);
    const csvLines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\r\n');
    const [, roasCell, spendCell] = csvLines[1]!.split(',');
    expect(Number(roasCell)).toBe(Number((first.roas as number).toPrecision(4)));
    expect(Number(spendCell)).toBe(Number((first.spend as number).toFixed(2)));
    const chartBox = await page
      .locator('.chart')
      .first()
      .evaluate((element) => ({ width: element.clientWidth, height: element.clientHeight }));
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=download-png]').click(),
    ]);
    const image = readFileSync((await png.path())!);
    // A PNG's size is in its header: width and height as 32-bit integers at bytes 16 and 20.
    expect(image.readUInt32BE(16)).toBe(chartBox.width * 2);
    expect(image.readUInt32BE(20)).toBe(chartBox.height * 2 + (12 + 3 * 20 + 12) * 2);

    // At 1440 px four KPIs with a comparison fit without scrolling sideways: each KPI's change and
    // previous value sit under its number in its cell, and its "why?" lies over the cell, seen on
    // the row's hover, instead of taking room beside it.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=spend,conversions,roas,cpa&dims=channel&grain=total&from=${window.from}&to=${window.to}&compare=previous`,
    );
    await ready(page, 'explore-results');
    const room = await page.locator('[data-testid=result-table]').evaluate((table) => ({
      scroll: table.parentElement!.scrollWidth,
      client: table.parentElement!.clientWidth,
      headers: table.querySelectorAll('thead th').length,
    }));
    console.info('Explore table at 1440 px, 4 KPIs compared', room);
    expect(room.scroll).toBeLessThanOrEqual(room.client);
    expect(room.headers).toBe(5);
    const firstRow = page.locator('[data-testid=result-table] tbody tr').first();
    const spendCompared = firstRow.locator('td').nth(1);
    await expect(spendCompared.locator('[data-testid=cell-spend__change]').count()).resolves.toBe(1);
    await expect(spendCompared.locator('[data-testid=cell-spend__previous]').textContent()).resolves.toMatch(
      /^vs /,
    );
    const why = firstRow.locator('[data-testid=why-spend]');
    await expect(why.evaluate((button) => getComputedStyle(button).opacity)).resolves.toBe('0');
    await firstRow.hover();
    await expect(why.evaluate((button) => getComputedStyle(button).opacity)).resolves.toBe('1');
    await dashboard.screenshot(page, 'analyst-07-explore-1440');
    await page.goBack();
    await ready(page, 'explore-results');

    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(rows.last().locator('td').first().textContent()).resolves.toBe('（无达人）');
    await expect(page.locator('[data-testid=below-minimum]').textContent()).resolves.toContain('未参与排名');
    await expect(page.locator('[data-testid=rows-apart]').textContent()).resolves.toBe(
      '1 行无达人，单列于末尾，不参与排名',
    );

    // The comparison tables cut on any KPI and rank best first by the picked KPI's direction:
    // channels with at least the median channel's clicks, by CPA lowest first, kept in the URL.
    const channels = await client.json<{ rows: Record<string, string | number | null>[] }>(
      'GET',
      `${api}/compare/channels?from=${window.from}&to=${window.to}&limit=100`,
    );
    const clicks = channels.rows.map((row) => row.clicks as number).sort((a, b) => a - b);
    const floor = clicks[Math.floor(clicks.length / 2)]!;
    await page.goto(`${dashboard.url}${ws}/compare/channels?from=${window.from}&to=${window.to}`);
    await ready(page, 'compare-results');
    await page.locator('[data-testid=compare-rank-kpi]').selectOption('cpa');
    await page.locator('[data-testid=compare-min-kpi]').selectOption('clicks');
    await page.locator('[data-testid=compare-min-value]').fill(String(floor));
    await page.locator('[data-testid=compare-min-value]').blur();
    await expect.poll(() => new URL(page.url()).searchParams.get('min')).toBe(`clicks=${floor}`);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('cpa');
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    await ready(page, 'compare-results');
    await expect(page.locator('[data-testid=below-minimum]').textContent()).resolves.toContain('未参与排名');
    const shown = await page
      .locator('[data-testid=compare-table] tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [
          Number(row.querySelector('[data-testid=cell-clicks]')?.getAttribute('data-value')),
          row.querySelector('[data-testid=cell-cpa]')?.getAttribute('data-value') ?? '',
        ]),
      );
    // Cut and ranked by hand from the API's rows: at least the floor's clicks, CPA lowest first.
    const expected = channels.rows
      .filter((row) => (row.clicks as number) >= floor)
      .map((row) => [row.clicks as number, row.cpa === null ? '' : String(row.cpa)])
      .sort((a, b) => (a[1] === '' ? 1 : b[1] === '' ? -1 : Number(a[1]) - Number(b[1])));
    expect(shown).toEqual(expected);
    expect(shown.length).toBeLessThan(channels.rows.length);
    await context.close();
  });
  it('says under Explore’s results which rollup answered and the raw edge days, in both languages', async () => {
    const explore = `${dashboard.url}${ws}/explore?kpis=spend,ctr&dims=channel&grain=month&from=2025-10-31&to=2025-12-31`;
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(explore);
    await ready(page, 'explore-results');
    await expect(page.locator('[data-testid=explore-rollups]').count()).resolves.toBe(0);

    // November and December from the month rollup, 31 October (the window's cut edge) from the raw table.
    await createRollup(dashboard.demo.warehouse, dashboard.demo.catalog, {
      name: 'channel_month',
      fact: 'performance',
      grain: 'month',
      dimensions: ['channel'],
    });
    await page.goto(explore);
    await ready(page, 'explore-results');
    const note = page.locator('[data-testid=explore-rollups]');
    await expect(note.textContent()).resolves.toBe(
      `answered from rollup channel_month · raw edges ${await rangeIn(page, 'en', '2025-10-31', '2025-10-31')}`,
    );
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect
      .poll(() => note.textContent())
      .toBe(
        `由汇总表 channel_month 得出 · 边缘日期 ${await rangeIn(page, 'zh-CN', '2025-10-31', '2025-10-31')} 取自原始明细`,
      );
    await context.close();
  });
});
