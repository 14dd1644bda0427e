/**
 * `markpi attribution` and `/api/workspaces/:ws/attribution…` are two edges over one use case:
 * the same question gets the same answer from both. The CLI answers first (one process holds a
 * DuckDB file at a time), then the server is pointed at the same file. The workspace is the
 * hand-made May of `app/src/attribution/testing.ts`, whose figures are worked out there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAttributionFixture } from '../../app/src/attribution/testing.js';
import { runCliCaptured } from '../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

type Json = Record<string, unknown>;
interface Row {
  key: string;
  markov: number;
  removal_effect: number;
  disagreement: { message: { key: string }; text: { en: string; zh: string } } | null;
}

const MAY = 'from=2026-05-01&to=2026-05-31';

describe('attribution from the CLI and the HTTP API', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  let editor: TestClient;
  const cliAnswers = new Map<string, Json>();

  const cli = async (key: string, ...args: string[]) => {
    const answer = await runCliCaptured(folder, ['--db', file, ...args, '--format', 'json']);
    expect(answer.code, answer.err).toBe(0);
    cliAnswers.set(key, JSON.parse(answer.out) as Json);
  };

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-attribution-api-'));
    file = path.join(folder, 'may.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadAttributionFixture(warehouse);
    await warehouse.close();
    const window = ['--from', '2026-05-01', '--to', '2026-05-31'];
    await cli('channels', 'attribution', ...window);
    await cli('value', 'attribution', ...window, '--measure', 'value', '--lookback', '7d');
    await cli('campaigns', 'attribution', ...window, '--by', 'campaign');
    await cli('creators', 'attribution', 'creators', ...window);

    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const record = await services.registry.registerFile(file, { id: 'may', name: 'May', createdAt });
    for (const [account, role] of [
      ['viewerA', 'viewer'],
      ['editorA', 'editor'],
    ] as const) {
      await services.workspaces.addMember({
        workspaceId: record.id,
        userId: harness.accounts[account].id,
        role,
        createdAt,
      });
    }
    viewer = await harness.as('viewerA');
    editor = await harness.as('editorA');
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function api(url: string, expected = 200): Promise<Json> {
    const response = await viewer.get(`/api/workspaces/may${url}`);
    expect(response.statusCode, response.body).toBe(expected);
    return response.json<Json>();
  }

  it('answers the channel view as the CLI does, with the hand-worked Markov credits', async () => {
    const body = await api(`/attribution?${MAY}`);
    expect(body).toEqual(cliAnswers.get('channels'));
    const rows = Object.fromEntries((body.rows as Row[]).map((row) => [row.key, row]));
    expect(rows.xiaohongshu!.markov).toBeCloseTo(1.6, 12);
    expect(rows.douyin!.markov).toBeCloseTo(1.6, 12);
    expect(rows.direct!.markov).toBeCloseTo(0.8, 12);
    expect(rows.direct!.removal_effect).toBeCloseTo(0.25, 12);
    expect(body.window).toEqual({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('takes the measure, lookback and key as the CLI takes them', async () => {
    expect(await api(`/attribution?${MAY}&measure=value&lookback=7`)).toEqual(cliAnswers.get('value'));
    expect(await api(`/attribution?${MAY}&by=campaign`)).toEqual(cliAnswers.get('campaigns'));
    const creators = await api(`/attribution/creators?${MAY}`);
    expect(creators).toEqual(cliAnswers.get('creators'));
    const kolA = (
      creators.creators as { creator: string; fee: number; coupon: { orders: number } | null }[]
    ).find((row) => row.creator === 'kol_a');
    expect(kolA).toMatchObject({ fee: 250, coupon: { orders: 1 } });
  });

  it('refuses a question it cannot answer', async () => {
    const lookback = await api(`/attribution?${MAY}&lookback=0`, 400);
    expect((lookback.error as { code: string }).code).toBe('invalid_request');
    await api(`/attribution?${MAY}&by=region`, 400);
    await api(`/attribution?${MAY}&factor=1`, 400);
    const filter = await api(
      `/attribution?${MAY}&by=creator&filter=${encodeURIComponent("channel = 'douyin'")}`,
      400,
    );
    expect((filter.error as { problems: { path: string }[] }).problems[0]?.path).toBe('filter');
  });

  it('lets an editor, not a viewer, refresh the attributed measures, which queries then read', async () => {
    const refused = await viewer.post('/api/workspaces/may/attribution/refresh', { lookbackDays: 30 });
    expect(refused.statusCode).toBe(403);
    const before = await viewer.get(
      `/api/workspaces/may/query?kpis=attributed_roas_markov&dimensions=channel&${MAY}`,
    );
    expect(before.statusCode, before.body).toBe(200);
    // Spend is there, attributed value not yet.
    expect(before.json<{ rows: Json[] }>().rows.map((row) => row.attributed_roas_markov)).toEqual([
      null,
      null,
    ]);

    const refreshed = await editor.post('/api/workspaces/may/attribution/refresh', { lookbackDays: 30 });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(refreshed.json()).toMatchObject({
      window: { from: '2026-05-02', to: '2026-05-12' },
      conversions: { credited: 4, untouched: 1 },
    });
    // The server's read cache is cleared by the write: the next query sees the new rows.
    const after = await viewer.get(
      `/api/workspaces/may/query?kpis=attributed_roas_markov,attributed_roas_last_touch&dimensions=channel&${MAY}`,
    );
    expect(after.statusCode, after.body).toBe(200);
    const rows = after.json<{ rows: Json[] }>().rows;
    const xiaohongshu = rows.find((row) => row.channel === 'xiaohongshu')!;
    // Markov credits xiaohongshu 650 · 8/17 of value against its 100 of spend; last touch 200.
    expect(xiaohongshu.attributed_roas_markov).toBeCloseTo((650 * 8) / 17 / 100, 9);
    expect(xiaohongshu.attributed_roas_last_touch).toBeCloseTo(2, 12);
  });
});
