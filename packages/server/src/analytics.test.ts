import { funnelWithWeakestStage, median } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

describe('analytics', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const direct = async (query: Parameters<typeof runKpiQuery>[2]) =>
    runKpiQuery(await harness.server.services.registry.warehouse(harness.alpha), buildCatalog(), query);

  it('the query endpoint returns exactly what runKpiQuery returns', async () => {
    const query = {
      kpis: ['spend', 'ctr', 'cvr', 'reach', 'followers_total'],
      dimensions: ['channel'],
      from: '2026-01-01',
      to: '2026-01-31',
      grain: 'month' as const,
      compare: 'previous' as const,
    };
    const response = await viewer.post('/api/workspaces/alpha/query', query);
    expect(response.statusCode).toBe(200);
    const expected = await direct(query);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(response.json()).toEqual({
      columns: expected.columns,
      rows: expected.rows,
      warnings: expected.warnings,
      period: { from: query.from, to: query.to },
    });
  });

  it('the GET form answers the same query from URL parameters', async () => {
    const url =
      '/api/workspaces/alpha/query?kpis=spend,ctr&dimensions=channel,creator_tier&from=2026-01-01&to=2026-02-28' +
      `&filter=${encodeURIComponent("channel in ('douyin', 'xiaohongshu')")}&limit=10`;
    const response = await viewer.get(url);
    expect(response.statusCode).toBe(200);
    const expected = await direct({
      kpis: ['spend', 'ctr'],
      dimensions: ['channel', 'creator_tier'],
      from: '2026-01-01',
      to: '2026-02-28',
      filter: "channel in ('douyin', 'xiaohongshu')",
      limit: 10,
    });
    expect(response.json().rows).toEqual(expected.rows);
  });

  it('bad queries are 400 with every problem and a hint', async () => {
    const unknown = await viewer.post('/api/workspaces/alpha/query', {
      kpis: ['ctrr'],
      dimensions: ['chanel'],
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_query');
    expect(unknown.json().error.problems).toEqual([
      expect.objectContaining({ message: 'unknown KPI `ctrr`', hint: expect.stringContaining('ctr') }),
      expect.objectContaining({
        message: 'unknown dimension `chanel`',
        hint: expect.stringContaining('channel'),
      }),
    ]);
    const shape = await viewer.post('/api/workspaces/alpha/query', { kpis: [], from: 'January' });
    expect(shape.statusCode).toBe(400);
    expect(errorCode(shape)).toBe('invalid_request');
    expect(shape.json().error.problems.map((problem: { path: string }) => problem.path)).toEqual(
      expect.arrayContaining(['body.kpis', 'body.from']),
    );
    const filter = await viewer.get(
      "/api/workspaces/alpha/query?kpis=ctr&from=2026-01-01&to=2026-01-31&filter=chanel%20%3D%20'x'",
    );
    expect(filter.statusCode).toBe(400);
    expect(filter.json().error.problems[0]).toMatchObject({ start: 0, end: 6 });
  });

  it('the overview: tiles with change and a daily sparkline, all from runKpiQuery', async () => {
    const response = await viewer.get(
      '/api/workspaces/alpha/overview?from=2026-02-01&to=2026-02-28&kpis=spend,ctr,impressions',
    );
    expect(response.statusCode).toBe(200);
    const overview = response.json();
    const totals = await direct({
      kpis: ['spend', 'ctr', 'impressions'],
      from: '2026-02-01',
      to: '2026-02-28',
      compare: 'previous',
    });
    const row = totals.rows[0]!;
    expect(overview.period).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(overview.tiles.map((tile: { kpi: string }) => tile.kpi)).toEqual(['spend', 'ctr', 'impressions']);
    const spend = overview.tiles[0];
    expect(spend).toMatchObject({
      name: { en: 'Spend', zh: expect.any(String) },
      unit: 'currency',
      value: row.spend,
      previous: row.spend__previous,
      change: row.spend__change,
    });
    expect(spend.value).toBe(50);
    expect(spend.previous).toBe(700);
    expect(spend.sparkline).toHaveLength(28);
    expect(spend.sparkline[0]).toEqual({ date: '2026-02-01', value: 50 });
    expect(spend.sparkline[1]).toEqual({ date: '2026-02-02', value: null });
    expect(spend.sparkline.find((point: { date: string }) => point.date === '2026-02-15').value).toBe(0);
  });

  it('the overview defaults to the 30 days up to the last day with data', async () => {
    const response = await viewer.get('/api/workspaces/alpha/overview');
    expect(response.statusCode).toBe(200);
    expect(response.json().period).toEqual({ from: '2026-01-30', to: '2026-02-28' });
    expect(response.json().tiles.map((tile: { kpi: string }) => tile.kpi)).toEqual([
      'spend',
      'impressions',
      'clicks',
      'ctr',
      'conversions',
      'cvr',
      'cpa',
      'roas',
    ]);
  });

  it('the funnel marks the stage furthest below the median of the channels', async () => {
    const response = await viewer.get('/api/workspaces/alpha/overview?from=2026-01-01&to=2026-01-31');
    const { funnel } = response.json();
    const byChannel = await direct({
      kpis: ['impressions', 'clicks', 'conversions', 'ctr', 'cvr'],
      dimensions: ['channel'],
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(funnel.channels.map((entry: { channel: string }) => entry.channel)).toEqual(
      byChannel.rows.map((row) => row.channel),
    );
    // January: douyin CTR 2.5%, CVR 10%; xiaohongshu 10%, 0%; meta 2%, 5%.
    expect(funnel.medians.ctr).toBeCloseTo(0.025);
    expect(funnel.medians.cvr).toBeCloseTo(0.05);
    expect(funnel.weakest).toEqual({ channel: 'xiaohongshu', stage: 'conversion', relativeToMedian: 0 });
    const xiaohongshu = funnel.channels.find((entry: { channel: string }) => entry.channel === 'xiaohongshu');
    expect(xiaohongshu.weakestStage).toBe('conversion');
    expect(
      xiaohongshu.stages.map((stage: { stage: string; weakest: boolean }) => [stage.stage, stage.weakest]),
    ).toEqual([
      ['exposure', false],
      ['click', false],
      ['conversion', true],
    ]);
    const meta = funnel.channels.find((entry: { channel: string }) => entry.channel === 'meta');
    expect(meta.weakestStage).toBe('click');
  });

  it('comparison tables sort, search, page and label', async () => {
    const channels = await viewer.get(
      '/api/workspaces/alpha/compare/channels?from=2026-01-01&to=2026-02-28&kpis=spend,ctr&sort=ctr&order=asc',
    );
    expect(channels.statusCode).toBe(200);
    const table = channels.json();
    expect(table.dimension).toBe('channel');
    expect(table.total).toBe(3);
    const ctrs = table.rows.map((row: { ctr: number }) => row.ctr);
    expect(ctrs).toEqual([...ctrs].sort((a, b) => a - b));

    const creators = (
      await viewer.get('/api/workspaces/alpha/compare/creators?from=2026-01-01&to=2026-02-28&kpis=clicks')
    ).json();
    expect(creators.columns.map((column: { key: string }) => column.key)).toEqual([
      'creator',
      'creator_tier',
      'clicks',
    ]);
    expect(creators.rows[0]).toMatchObject({ creator: 'cr1', creator_tier: 'kol', clicks: 100 });
    // Empty cells sort last whichever the order.
    expect(creators.rows.at(-1).creator).toBeNull();

    const searched = (
      await viewer.get(
        '/api/workspaces/alpha/compare/content?from=2026-01-01&to=2026-02-28&search=NOTE&limit=1',
      )
    ).json();
    expect(searched.total).toBe(2);
    expect(searched.rows).toHaveLength(1);
    const second = (
      await viewer.get(
        '/api/workspaces/alpha/compare/content?from=2026-01-01&to=2026-02-28&search=note&limit=1&offset=1',
      )
    ).json();
    expect(second.rows[0].content).not.toBe(searched.rows[0].content);

    const badSort = await viewer.get(
      '/api/workspaces/alpha/compare/channels?from=2026-01-01&to=2026-02-28&sort=nope',
    );
    expect(badSort.statusCode).toBe(400);
    expect(
      (await viewer.get('/api/workspaces/alpha/compare/planets?from=2026-01-01&to=2026-02-28')).statusCode,
    ).toBe(400);
  });

  it('the catalog lists KPIs in both languages, measures, dimensions and facts', async () => {
    const catalog = (await viewer.get('/api/workspaces/alpha/catalog')).json();
    const ctr = catalog.kpis.find((kpi: { id: string }) => kpi.id === 'ctr');
    expect(ctr).toMatchObject({
      name: { en: 'Click-through rate (CTR)', zh: '点击率' },
      formula: 'clicks / impressions',
      builtin: true,
    });
    expect(
      catalog.dimensions.find((dimension: { id: string }) => dimension.id === 'channel').values,
    ).toContain('douyin');
    expect(catalog.facts.map((fact: { id: string }) => fact.id)).toContain('performance');
    expect(catalog.measures.length).toBeGreaterThan(10);
  });

  it('validates formulas as they are typed, with offsets', async () => {
    const check = (body: object) => viewer.post('/api/workspaces/alpha/kpis/validate', body);
    const good = (await check({ formula: 'spend / clicks', unit: 'currency' })).json();
    expect(good).toMatchObject({
      valid: true,
      problems: [],
      aggregation: 'ratio',
      references: { measures: ['spend', 'clicks'] },
    });
    expect(good.suggestedUnits).toContain('currency');

    const typo = (await check({ formula: 'clikcs / impressions' })).json();
    expect(typo.valid).toBe(false);
    expect(typo.problems[0]).toMatchObject({ start: 0, end: 6, hint: expect.stringContaining('clicks') });

    const unfinished = (await check({ formula: 'clicks / ' })).json();
    expect(unfinished.valid).toBe(false);
    expect(unfinished.problems[0].start).toBeGreaterThanOrEqual(7);

    const wrongUnit = (await check({ formula: 'clicks / impressions', unit: 'currency' })).json();
    expect(wrongUnit.valid).toBe(false);
    expect(wrongUnit.problems[0].hint).toContain('percent');

    const filter = (await check({ formula: "channel = 'douyin'", mode: 'filter' })).json();
    expect(filter.valid).toBe(true);
  });

  it('custom KPIs: save, use in a query, refuse broken ones, delete — all audited', async () => {
    const editor = await harness.as('editorA');
    const definition = {
      name: { en: 'Spend per like', zh: '单赞成本' },
      description: { en: 'Spend divided by likes.', zh: '消耗除以点赞数。' },
      formula: 'spend / likes',
      unit: 'currency',
      direction: 'down',
      aggregation: 'ratio',
    };
    const saved = await editor.put('/api/workspaces/alpha/kpis/spend_per_like', definition);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().kpi).toMatchObject({ id: 'spend_per_like', builtin: false });

    const query = await viewer.post('/api/workspaces/alpha/query', {
      kpis: ['spend_per_like'],
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(query.statusCode).toBe(200);
    expect(query.json().rows[0].spend_per_like).toBeCloseTo(700 / 2340);
    // Beta's catalog is its own.
    const ownerB = await harness.as('ownerB');
    expect(
      (
        await ownerB.post('/api/workspaces/beta/query', {
          kpis: ['spend_per_like'],
          from: '2026-01-01',
          to: '2026-01-31',
        })
      ).statusCode,
    ).toBe(400);

    const broken = await editor.put('/api/workspaces/alpha/kpis/broken', { ...definition, unit: 'percent' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.problems[0].path).toMatch(/unit$/);
    const builtin = await editor.put('/api/workspaces/alpha/kpis/ctr', definition);
    expect(builtin.statusCode).toBe(400);

    const dependent = await editor.put('/api/workspaces/alpha/kpis/spend_per_like_x100', {
      ...definition,
      formula: 'spend_per_like * 100',
      // A constant times a ratio KPI is still a ratio.
      aggregation: 'ratio',
    });
    expect(dependent.statusCode, dependent.body).toBe(200);
    const inUse = await editor.delete('/api/workspaces/alpha/kpis/spend_per_like');
    expect(inUse.statusCode).toBe(409);
    expect(errorCode(inUse)).toBe('kpi_in_use');
    expect((await editor.delete('/api/workspaces/alpha/kpis/spend_per_like_x100')).statusCode).toBe(200);
    expect((await editor.delete('/api/workspaces/alpha/kpis/spend_per_like')).statusCode).toBe(200);
    expect((await editor.delete('/api/workspaces/alpha/kpis/spend_per_like')).statusCode).toBe(404);

    const owner = await harness.as('ownerA');
    const audit = (await owner.get('/api/workspaces/alpha/audit?limit=10')).json();
    const actions = audit.entries.map(
      (entry: { action: string; target: string }) => `${entry.action} ${entry.target}`,
    );
    expect(actions.slice(0, 4)).toEqual([
      'kpi.delete spend_per_like',
      'kpi.delete spend_per_like_x100',
      'kpi.create spend_per_like_x100',
      'kpi.create spend_per_like',
    ]);
    expect(audit.entries[0]).toMatchObject({
      userLogin: 'editora',
      workspaceId: 'alpha',
      details: { formula: 'spend / likes' },
    });
  });

  it('workspace settings: currency and time zone, validated', async () => {
    const owner = await harness.as('ownerA');
    const updated = await owner.patch('/api/workspaces/alpha', {
      timeZone: 'Europe/Berlin',
      baseCurrency: 'EUR',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().workspace).toMatchObject({
      timeZone: 'Europe/Berlin',
      baseCurrency: 'EUR',
      dataRange: { from: '2025-01-10', to: '2026-02-28' },
    });
    expect((await owner.patch('/api/workspaces/alpha', { timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    await owner.patch('/api/workspaces/alpha', { timeZone: 'Asia/Shanghai', baseCurrency: 'CNY' });
  });
});

describe('funnel arithmetic', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('ignores channels without impressions and rates without a median', () => {
    const funnel = funnelWithWeakestStage([
      { channel: 'a', impressions: 0, clicks: 0, conversions: 0, ctr: null, cvr: null },
      { channel: 'b', impressions: 100, clicks: 10, conversions: 1, ctr: 0.1, cvr: 0.1 },
      { channel: 'c', impressions: 100, clicks: 5, conversions: 1, ctr: 0.05, cvr: 0.3 },
    ]);
    expect(funnel.channels.map((entry) => entry.channel)).toEqual(['b', 'c']);
    // Medians: CTR 0.075, CVR 0.2. b's CVR is half the median, c's CTR two thirds of it.
    expect(funnel.weakest).toEqual({ channel: 'b', stage: 'conversion', relativeToMedian: 0.5 });
    expect(funnel.channels.map((entry) => entry.weakestStage)).toEqual(['conversion', 'click']);
  });
});
