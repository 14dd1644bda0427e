import { buildCatalog } from '@markpi/core';
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
});
