import { planRollups } from '@markpi/app';
import { buildCatalog, sayRollupMessage } from '@markpi/core';
import { createRollup, runKpiQuery } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

describe('the query API with rollups', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('says which rollups an answer read, and answers as the raw table does', async () => {
    const query = {
      kpis: ['spend', 'ctr', 'cvr'],
      dimensions: ['channel'],
      from: '2026-01-01',
      to: '2026-01-31',
      grain: 'month' as const,
    };
    const before = await viewer.post('/api/workspaces/alpha/query', query);
    expect(before.statusCode).toBe(200);
    expect(before.json().rollups).toBeUndefined();
    expect(before.headers['x-markpi-rollups']).toBeUndefined();

    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    await createRollup(warehouse, buildCatalog(), {
      name: 'channel_month',
      fact: 'performance',
      grain: 'month',
      dimensions: ['channel'],
    });
    const after = await viewer.post('/api/workspaces/alpha/query', query);
    expect(after.statusCode).toBe(200);
    const body = after.json();
    expect(after.headers['x-markpi-rollups']).toBe('channel_month');
    const asked = await viewer.get(
      '/api/workspaces/alpha/query?kpis=spend&dimensions=channel&from=2026-01-01&to=2026-01-31&grain=month',
    );
    expect(asked.statusCode).toBe(200);
    expect(asked.headers['x-markpi-rollups']).toBe('channel_month');
    expect(body.rollups).toEqual([
      {
        rollup: 'channel_month',
        table: 'rollup_channel_month',
        fact: 'performance',
        whole: { from: '2026-01-01', toExclusive: '2026-02-01' },
        edges: [],
        earlierWindow: false,
      },
    ]);
    const raw = await runKpiQuery(warehouse, buildCatalog(), query, { rollups: [] });
    expect(raw.rows.length).toBeGreaterThan(0);
    expect(body.rows).toHaveLength(raw.rows.length);
    body.rows.forEach((row: Record<string, unknown>, index: number) => {
      for (const [key, value] of Object.entries(raw.rows[index]!)) {
        if (typeof value === 'number') expect(row[key] as number).toBeCloseTo(value, 9);
        else expect(row[key]).toEqual(value);
      }
    });
  });

  it('the overview names the rollups its questions read, in its body and header, kept and on a 304', async () => {
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    await createRollup(warehouse, buildCatalog(), {
      name: 'channel_day',
      fact: 'performance',
      grain: 'day',
      dimensions: ['channel'],
    });
    const window = 'from=2026-01-05&to=2026-01-18';
    const url = `/api/workspaces/alpha/overview?${window}&kpis=spend,ctr`;
    const first = await viewer.get(url);
    expect(first.statusCode).toBe(200);
    const body = first.json<{ rollups?: { rollup: string }[] }>();
    // The same three questions through the query API: totals against the two weeks before, the
    // daily series, the funnel by channel. Each names the rollups it read; the overview names theirs.
    const common = { from: '2026-01-05', to: '2026-01-18' };
    const asked = await Promise.all(
      [
        { ...common, kpis: ['spend', 'ctr'], grain: 'total', compare: 'previous' },
        { ...common, kpis: ['spend', 'ctr'], grain: 'day' },
        {
          ...common,
          kpis: ['impressions', 'clicks', 'ctr', 'conversions', 'cvr'],
          dimensions: ['channel'],
          grain: 'total',
        },
      ].map(async (query) => (await viewer.post('/api/workspaces/alpha/query', query)).json<typeof body>()),
    );
    const expected = asked.flatMap((answer) => answer.rollups ?? []);
    // Two weeks from a Monday cut no month: every scan reads the day rollup.
    expect(expected.map((use) => use.rollup)).toEqual([
      'channel_day',
      'channel_day',
      'channel_day',
      'channel_day',
    ]);
    expect(body.rollups).toEqual(expected);
    expect(first.headers['x-markpi-rollups']).toBe('channel_day');

    // Kept whole: the same bytes, the same header; and on a 304 for its ETag.
    const kept = await viewer.get(url);
    expect(kept.body).toBe(first.body);
    expect(kept.headers['x-markpi-rollups']).toBe('channel_day');
    const etag = String(first.headers.etag);
    const unchanged = await viewer.request('GET', url, undefined, { headers: { 'if-none-match': etag } });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.headers['x-markpi-rollups']).toBe('channel_day');

    // Reach is never held: its tiles read the raw table, the funnel still the rollup.
    const reach = await viewer.get(`/api/workspaces/alpha/overview?${window}&kpis=reach`);
    expect(reach.json<typeof body>().rollups?.map((use) => use.rollup)).toEqual(['channel_day']);
    expect(reach.headers['x-markpi-rollups']).toBe('channel_day');
  });

  it('GET rollups/plan answers editors with the plan markpi rollups plan shows', async () => {
    const url = '/api/workspaces/alpha/rollups/plan?budget=50000';
    expect((await viewer.get(url)).statusCode).toBe(403);
    const editor = await harness.as('editorA');
    const answer = await editor.get(url);
    expect(answer.statusCode).toBe(200);
    const plan = answer.json<Awaited<ReturnType<typeof planRollups>>>();
    const context = await harness.server.services.registry.context(
      harness.alpha,
      harness.server.services.now,
    );
    expect(plan).toEqual(JSON.parse(JSON.stringify(await planRollups(context, 50_000))));
    expect(plan.read.key).toBe('rollup.plan.read');
    expect(plan.proposed.reduce((sum, entry) => sum + entry.estimatedRows, 0)).toBeLessThanOrEqual(50_000);
    expect(plan.existing.map((rollup) => rollup.name).sort()).toEqual(['channel_day', 'channel_month']);
    expect(sayRollupMessage(plan.rule)).toContain('within 50000 rows');
    for (const entry of plan.proposed)
      for (const question of entry.questions) expect(sayRollupMessage(question, 'zh')).not.toBe('');
    expect((await editor.get('/api/workspaces/alpha/rollups/plan?budget=lots')).statusCode).toBe(400);
  });
});
