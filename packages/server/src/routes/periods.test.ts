/**
 * Periods over HTTP on the hand-made scenario workspace (today is 1 March 2026 on the harness's
 * clock): the picker's choices, `period=` and `compare=` on the query, overview and comparison
 * routes, and a refusal said in Chinese with its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

interface Window {
  from: string;
  to: string;
}

describe('periods over HTTP', () => {
  let harness: Harness;
  let viewer: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lists the presets as of today and 618 with last year’s 618', async () => {
    const response = await viewer.get('/api/workspaces/alpha/periods');
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      today: string;
      presets: { id: string; period: Window }[];
      events: { spec: string; period: Window; lastYear: Window | null }[];
    }>();
    expect(body.today).toBe('2026-03-01');
    expect(body.presets.find((preset) => preset.id === 'quarter_to_date')?.period).toEqual({
      from: '2026-01-01',
      to: '2026-03-01',
    });
    // 618 2026 has not begun by 1 March: the latest is 2025's, against 2024's.
    expect(body.events.find((event) => event.spec === 'event:618@2025')).toMatchObject({
      period: { from: '2025-06-18', to: '2025-06-18' },
      lastYear: { from: '2024-06-18', to: '2024-06-18' },
    });
  });

  it('answers last month against the month before, with the windows it read', async () => {
    const response = await viewer.get(
      '/api/workspaces/alpha/query?kpis=spend&period=last_month&compare=previous',
    );
    const body = response.json<{ rows: Record<string, number>[]; period: Window; comparison: unknown }>();
    expect(body.period).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(body.comparison).toEqual({ mode: 'previous', period: { from: '2026-01-01', to: '2026-01-31' } });
    // February: 50 + 0; January: 100 + 200 + 0 + 400.
    expect(body.rows[0]?.spend).toBe(50);
    expect(body.rows[0]?.spend__previous).toBe(700);
    expect(body.rows[0]?.spend__change).toBeCloseTo((50 - 700) / 700, 12);
  });

  it('compares an event with the same event by default on the overview and on request in tables', async () => {
    const overview = await viewer.get('/api/workspaces/alpha/overview?period=event:Double%2011&kpis=spend');
    expect(overview.json()).toMatchObject({
      period: { from: '2025-11-11', to: '2025-11-11' },
      periodSpec: 'event:Double 11@2025',
      compare: 'same_event',
      comparePeriod: { from: '2024-11-11', to: '2024-11-11' },
      compareEvent: 'Double 11 2024',
    });
    const table = await viewer.get(
      '/api/workspaces/alpha/compare/channels?kpis=spend&period=event:618%20presale@2025&compare=same_event',
    );
    expect(table.json()).toMatchObject({
      period: { from: '2025-05-20', to: '2025-06-17' },
      comparison: {
        mode: 'same_event',
        period: { from: '2024-05-20', to: '2024-06-17' },
        event: '618 presale 2024',
      },
    });
  });

  it('refuses an unknown event in the asker’s language, with the key', async () => {
    const response = await viewer.request(
      'GET',
      '/api/workspaces/alpha/overview?period=event:Singles%20day',
      undefined,
      {
        headers: { 'accept-language': 'zh-CN' },
      },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: {
        code: 'invalid_period',
        message: '事件日历中没有“Singles day”',
        said: { key: 'period.unknown_event', params: { event: 'Singles day' } },
      },
    });
  });
});
