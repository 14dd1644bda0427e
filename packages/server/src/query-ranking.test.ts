/**
 * Ranking over HTTP: `sort` and `min` on the query (POST body and URL parameters) and `min` on the
 * comparison tables answer what the planner's rows give when cut and sorted here by hand.
 */
import { buildCatalog } from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

describe('ranked answers over HTTP', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const window = { from: '2026-01-01', to: '2026-02-28' };

  /** The planner's rows by channel, cut at a minimum spend and sorted by ROAS, highest first. */
  const byHand = async (minimumSpend: number) => {
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    const { rows } = await runKpiQuery(warehouse, buildCatalog(), {
      kpis: ['roas', 'spend'],
      dimensions: ['channel'],
      ...window,
    });
    const kept = rows.filter((row) => typeof row.spend === 'number' && row.spend >= minimumSpend);
    const ranked = kept.sort((a, b) => {
      if (a.roas === null || b.roas === null) return a.roas === b.roas ? 0 : a.roas === null ? 1 : -1;
      return (b.roas as number) - (a.roas as number);
    });
    return { ranked, below: rows.length - kept.length };
  };

  it('ranks and cuts the same in the POST and GET forms, and says what it cut', async () => {
    const all = await byHand(Number.NEGATIVE_INFINITY);
    expect(all.ranked.length).toBeGreaterThan(2);
    // A floor between the smallest and the largest channel's spend, so the cut takes some.
    const spends = all.ranked.map((row) => row.spend as number).sort((a, b) => a - b);
    const floor = ((spends[0] ?? 0) + (spends[1] ?? 0)) / 2;
    const expected = await byHand(floor);
    expect(expected.below).toBeGreaterThan(0);
    const posted = await viewer.post('/api/workspaces/alpha/query', {
      kpis: ['roas'],
      dimensions: ['channel'],
      ...window,
      sort: 'roas',
      min: [`spend=${floor}`],
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.json().rows).toEqual(expected.ranked);
    expect(posted.json().ranking).toEqual({
      sort: { key: 'roas', order: 'desc' },
      minimum: [{ kpi: 'spend', value: floor }],
      belowMinimum: expected.below,
      apart: 0,
    });
    const got = await viewer.get(
      `/api/workspaces/alpha/query?kpis=roas,spend&dimensions=channel&from=${window.from}&to=${window.to}` +
        `&sort=roas:desc&min=${encodeURIComponent(`spend=${floor}`)}`,
    );
    expect(got.statusCode).toBe(200);
    expect(got.json().rows).toEqual(expected.ranked);
    const table = await viewer.get(
      `/api/workspaces/alpha/compare/channels?kpis=roas&from=${window.from}&to=${window.to}` +
        `&sort=roas&min=${encodeURIComponent(`spend=${floor}`)}`,
    );
    expect(table.statusCode).toBe(200);
    expect(table.json().rows.map((row: { channel: string }) => row.channel)).toEqual(
      expected.ranked.map((row) => row.channel),
    );
    expect(table.json().ranking.belowMinimum).toBe(expected.below);
  });

  it('refuses a minimum that is not <kpi>=<number>', async () => {
    const response = await viewer.post('/api/workspaces/alpha/query', {
      kpis: ['roas'],
      dimensions: ['channel'],
      ...window,
      min: 'spend>100',
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('invalid_query');
  });
});
