/**
 * Bounded work over HTTP: each request that once cost minutes, gigabytes or a 500 is now a 400
 * with the documented error shape, and the server keeps answering its health check.
 */
import { LIMITS, sayLimit } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

interface ErrorBody {
  error: { code: string; message: string; problems: { message: string; path?: string; hint?: string }[] };
}

describe('limits on what one request may ask for', () => {
  let harness: Harness;
  let owner: TestClient;
  let editor: TestClient;
  let token: string;
  beforeAll(async () => {
    harness = await createHarness();
    owner = await harness.as('ownerA');
    editor = await harness.as('editorA');
    // Overview and Explore: the query route opens only for a link that shares Explore.
    const link = await owner.post('/api/workspaces/alpha/share-links', {
      label: 'board',
      expiresInDays: 7,
      pages: ['overview', 'explore'],
    });
    token = link.json<{ token: string }>().token;
  });
  afterAll(async () => {
    await harness.close();
  });

  async function expectHealthy() {
    const health = await harness.client().get('/api/health');
    expect(health.statusCode).toBe(200);
  }

  it('refuses the share link overview over 1,000 years with a 400, not 102 MB', async () => {
    const guest = harness.client();
    const response = await guest.get(`/api/share/${token}/overview?from=1027-01-01&to=2026-10-31`);
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('date_out_of_range');
    expect(body.error.problems[0]).toMatchObject({ path: 'from' });
    expect(body.error.message).toBe(
      sayLimit(
        {
          key: 'limit.date_out_of_range',
          params: { field: 'from', date: '1027-01-01', earliest: '1900-01-01', latest: '2199-12-31' },
        },
        'en',
      ),
    );
    await expectHealthy();
  });

  it('refuses a year JavaScript would misread with a 400, where it was a 500 RangeError', async () => {
    const guest = harness.client();
    for (const path of ['overview', 'query']) {
      const kpis = path === 'query' ? '&kpis=spend' : '';
      const response = await guest.get(
        `/api/share/${token}/${path}?from=0027-01-01&to=2026-10-31&compare=last_year${kpis}`,
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(errorCode(response)).toBe('date_out_of_range');
    }
    await expectHealthy();
  });

  it('bounds the overview to the day grain and a query to its own grain', async () => {
    const viewer = await harness.as('viewerA');
    const overview = await viewer.get('/api/workspaces/alpha/overview?from=2020-01-01&to=2026-01-31');
    expect(overview.statusCode).toBe(400);
    expect(errorCode(overview)).toBe('window_too_long');
    expect(overview.json<ErrorBody>().error.message).toContain('the last day it may reach is 2022-12-31');
    const daily = await viewer.get(
      '/api/workspaces/alpha/query?kpis=spend&grain=day&from=2020-01-01&to=2026-01-31',
    );
    expect(errorCode(daily)).toBe('window_too_long');
    // The same six years by month are well inside a month's thirty.
    const monthly = await viewer.get(
      '/api/workspaces/alpha/query?kpis=spend&grain=month&from=2020-01-01&to=2026-01-31',
    );
    expect(monthly.statusCode, monthly.body).toBe(200);
    const edge = await viewer.get(
      '/api/workspaces/alpha/query?kpis=spend&grain=day&from=2024-01-01&to=2026-12-31',
    );
    expect(edge.statusCode, edge.body).toBe(200);
  });

  it('refuses a target over 1,000 years and a 400-digit target value, and saves an ordinary one', async () => {
    const base = {
      kpi: 'spend',
      period: { from: '2026-01-01', to: '2026-12-31' },
      value: 1_000_000,
      cadence: 'monthly',
    };
    const millennium = await editor.post('/api/workspaces/alpha/targets', {
      ...base,
      id: 'spend-millennium',
      period: { from: '2026-01-01', to: '3025-12-31' },
    });
    expect(millennium.statusCode).toBe(400);
    expect(errorCode(millennium)).toBe('date_out_of_range');
    const decade = await editor.post('/api/workspaces/alpha/targets', {
      ...base,
      id: 'spend-decade',
      period: { from: '2026-01-01', to: '2035-12-31' },
    });
    expect(errorCode(decade)).toBe('window_too_long');

    // JSON's own digits, as a client could send them: 400 overflow a double, 300 fit one (1e300)
    // but would overflow every sum, pace and breakdown made from it.
    for (const digits of [400, 300]) {
      const text = JSON.stringify({ ...base, id: `spend-${digits}`, value: 0 });
      const response = await editor.request(
        'POST',
        '/api/workspaces/alpha/targets',
        text.replace('"value":0', `"value":${'9'.repeat(digits)}`),
        { headers: { 'content-type': 'application/json' } },
      );
      expect(response.statusCode, response.body).toBe(400);
      const { error } = response.json<ErrorBody>();
      expect(error.problems.some((problem) => problem.path?.endsWith('value'))).toBe(true);
      if (digits === 300) expect(error.code).toBe('number_out_of_range');
    }

    const ordinary = await editor.post('/api/workspaces/alpha/targets', { ...base, id: 'spend-2026' });
    expect(ordinary.statusCode, ordinary.body).toBe(200);
    const tooBig = await editor.put('/api/workspaces/alpha/targets/spend-2026', { value: 2e15 });
    expect(tooBig.statusCode).toBe(400);
    expect(errorCode(tooBig)).toBe('number_out_of_range');
    const longer = await editor.put('/api/workspaces/alpha/targets/spend-2026', {
      period: { from: '2026-01-01', to: '2030-12-31' },
    });
    expect(errorCode(longer)).toBe('window_too_long');
    await expectHealthy();
  });

  it('refuses a KPI named with a million characters and keeps the catalog as it was', async () => {
    const definition = {
      name: { en: 'x'.repeat(1_000_000), zh: '长' },
      description: { en: 'Spend divided by likes.', zh: '消耗除以点赞数。' },
      formula: 'spend / likes',
      unit: 'currency',
      direction: 'down',
      aggregation: 'ratio',
    };
    const response = await editor.put('/api/workspaces/alpha/kpis/long_name', definition);
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('text_too_long');
    expect(body.error.problems[0]).toMatchObject({ path: 'name.en' });
    expect(body.error.message).toContain(`at most ${LIMITS.nameLength}`);
    const catalog = await editor.get('/api/workspaces/alpha/catalog');
    expect(catalog.json<{ kpis: { id: string }[] }>().kpis.some((kpi) => kpi.id === 'long_name')).toBe(false);
    await expectHealthy();
  });
});
