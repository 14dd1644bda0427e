/**
 * Value pickers' values over HTTP on the hand-made scenario workspace: each channel with data in
 * the window and its impressions (worked out from the fixture's rows), searched, narrowed by the
 * page's filter, and an unknown dimension refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

describe('dimension values over HTTP', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const base = '/api/workspaces/alpha/values';

  it('lists each channel with its impressions, largest first, ties by name', async () => {
    const response = await viewer.get(`${base}/channel?from=2026-01-01&to=2026-02-28`);
    expect(response.statusCode).toBe(200);
    // douyin 1000 + 3000 + 0, meta 4000, xiaohongshu 500 + 2000.
    expect(response.json()).toEqual({
      dimension: 'channel',
      kpi: 'impressions',
      period: { from: '2026-01-01', to: '2026-02-28' },
      total: 3,
      values: [
        { value: 'douyin', count: 4000 },
        { value: 'meta', count: 4000 },
        { value: 'xiaohongshu', count: 2500 },
      ],
    });
  });

  it('searches, narrows by the page’s filter and a named period, and counts another KPI', async () => {
    const searched = await viewer.get(`${base}/channel?from=2026-01-01&to=2026-02-28&search=XIAO`);
    expect(searched.json<{ values: unknown[] }>().values).toEqual([{ value: 'xiaohongshu', count: 2500 }]);
    const filtered = await viewer.get(
      `${base}/region?from=2026-01-01&to=2026-02-28&kpi=clicks&filter=${encodeURIComponent("channel = 'douyin'")}`,
    );
    // douyin's clicks: east 10 + 90, north 0.
    expect(filtered.json<{ values: unknown[] }>().values).toEqual([
      { value: 'east', count: 100 },
      { value: 'north', count: 0 },
    ]);
    // Last month on the harness's 1 March 2026: February's xiaohongshu 2000 and douyin 0.
    const named = await viewer.get(`${base}/channel?period=last_month`);
    expect(named.json()).toMatchObject({
      period: { from: '2026-02-01', to: '2026-02-28' },
      values: [
        { value: 'xiaohongshu', count: 2000 },
        { value: 'douyin', count: 0 },
      ],
    });
  });

  it('refuses a dimension the catalog does not have', async () => {
    const response = await viewer.get(`${base}/planet`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('unknown_dimension');
  });
});
