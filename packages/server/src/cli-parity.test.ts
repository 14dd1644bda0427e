/**
 * The CLI and the HTTP API are two edges over one application layer: the same question with no
 * optional flags gets the same answer from both, default window included. Runs on a small demo
 * with the 618 targets; the CLI answers first (one process holds a DuckDB file at a time), then
 * the server is pointed at the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoTargets } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { DEMO_PERIOD, loadDemo, openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { createHarness, type Harness, type TestClient } from './testing/harness.js';

type Json = Record<string, unknown>;

describe('the CLI and the HTTP API give the same answers', () => {
  let harness: Harness;
  let folder: string;
  let file: string;
  let viewer: TestClient;
  const cliAnswers = new Map<string, unknown>();

  async function cli(...args: string[]): Promise<unknown> {
    const { code, out, err } = await runCliCaptured(folder, ['--db', file, ...args, '--format', 'json']);
    if (code !== 0) throw new Error(`markpi ${args.join(' ')} failed: ${err}`);
    return JSON.parse(out);
  }

  async function api(url: string): Promise<Json> {
    const response = await viewer.get(`/api/workspaces/demo${url}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Json>();
  }

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-parity-'));
    file = path.join(folder, 'demo.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadDemo(warehouse, { performanceRows: 50_000 });
    await seedDemoTargets(warehouse, buildCatalog(), { now: new Date('2026-05-01T00:00:00Z') });
    await warehouse.close();

    cliAnswers.set('query', await cli('query', '--kpis', 'spend,ctr,roas', '--by', 'channel'));
    cliAnswers.set('overview', await cli('overview'));
    cliAnswers.set('compare', await cli('compare', 'channels'));
    cliAnswers.set('pace', await cli('targets', 'pace'));
    cliAnswers.set('scorecard', await cli('scorecard'));

    harness = await createHarness();
    const { services } = harness.server;
    const createdAt = harness.clock.now().toISOString();
    const demo = await services.registry.registerFile(file, { id: 'demo', name: 'Demo', createdAt });
    await services.workspaces.addMember({
      workspaceId: demo.id,
      userId: harness.accounts.viewerA.id,
      role: 'viewer',
      createdAt,
    });
    viewer = await harness.as('viewerA');
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('query: the same rows over the same default window (the 30 days up to the last day with data)', async () => {
    const body = await api('/query?kpis=spend,ctr,roas&dimensions=channel');
    expect(body.period).toEqual({ from: '2026-10-02', to: DEMO_PERIOD.to });
    expect((body.rows as Json[]).length).toBe(8);
    expect(cliAnswers.get('query')).toEqual(body.rows);
  });

  it('overview: the same tiles, funnel and window', async () => {
    const body = await api('/overview');
    expect(body.period).toEqual({ from: '2026-10-02', to: DEMO_PERIOD.to });
    expect(cliAnswers.get('overview')).toEqual(body);
  });

  it('comparison table: the same rows, labels and window', async () => {
    const body = await api('/compare/channels');
    expect(body.period).toEqual({ from: '2026-10-02', to: DEMO_PERIOD.to });
    expect(cliAnswers.get('compare')).toEqual(body);
  });

  it('targets pace: the same as-of day and the same figures per target', async () => {
    const body = await api('/targets');
    const cliRows = cliAnswers.get('pace') as Json[];
    const targets = body.targets as { target: { id: string }; pace: Json }[];
    expect(targets.length).toBe(4);
    expect(cliRows.map((row) => row.target).sort()).toEqual(targets.map((entry) => entry.target.id).sort());
    for (const target of targets) {
      const row = cliRows.find((entry) => entry.target === target.target.id)!;
      expect(row.as_of).toBe(target.pace.asOf);
      expect(row.actual).toBe(target.pace.actualToDate);
      expect(row.status).toBe(target.pace.status);
    }
  });

  it('scorecard with no dates: the 618 campaign’s window, and the same scores', async () => {
    const body = await api('/scorecards');
    expect(body.period).toEqual({ from: '2026-05-20', to: '2026-06-20' });
    const entities = body.entities as { entity: string; score: number | null }[];
    expect(entities.some((entity) => entity.score !== null)).toBe(true);
    const cliRows = cliAnswers.get('scorecard') as { entity: string; score: number | null }[];
    expect(cliRows.map((row) => [row.entity, row.score])).toEqual(
      entities.map((entity) => [entity.entity, entity.score]),
    );
  });
});
