/**
 * `markpi --store clickhouse://… serve`: the CLI serves a workspace kept in ClickHouse, and its
 * overview answers what the DuckDB workspace it was copied from answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answerOverview, copyWorkspace, loadDemo } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import {
  freePort,
  type LocalClickHouse,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  startLocalClickHouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK } from './program.js';
import { runCliCaptured } from './testing.js';

describe('markpi serve on a ClickHouse store', () => {
  let folder: string;
  let clickhouse: LocalClickHouse;
  let url: string;
  let expected: Awaited<ReturnType<typeof answerOverview>>;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-serve-store-'));
    const catalog = buildCatalog();
    const duck = await openDuckDbWarehouse({ path: ':memory:' });
    await loadDemo(duck, { performanceRows: 30_000 });
    expected = await answerOverview({ warehouse: duck, catalog, now: () => new Date() });
    clickhouse = await startLocalClickHouse();
    url = clickhouse.storeUrl('served');
    const target = await openClickHouseWarehouse({ url });
    expect((await copyWorkspace(duck, target, catalog)).ok).toBe(true);
    await target.close();
    await duck.close();
  }, 180_000);
  afterAll(async () => {
    await clickhouse?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the store and answers its overview as DuckDB does', async () => {
    const port = await freePort();
    const running = runCliCaptured(folder, [
      '--store',
      url,
      'serve',
      '--port',
      String(port),
      '--data-dir',
      path.join(folder, 'data'),
      '--demo-account',
    ]);
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let health: Response | undefined;
    while (!health && Date.now() < deadline) {
      health = await fetch(`${base}/api/health`).catch(() => undefined);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(health?.status).toBe(200);
    try {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'demo', password: 'markpi-demo' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((entry) => entry.split(';')[0])
        .join('; ');
      const overview = await fetch(`${base}/api/workspaces/served/overview`, { headers: { cookie } });
      expect(overview.status).toBe(200);
      const body = (await overview.json()) as typeof expected;
      expect(body.period).toEqual(expected.period);
      for (const tile of expected.tiles) {
        const served = body.tiles.find((entry) => entry.kpi === tile.kpi);
        expect(served?.value ?? null, tile.kpi).toBeCloseTo(tile.value ?? Number.NaN, 6);
      }
    } finally {
      process.emit('SIGINT');
    }
    const { code, out } = await running;
    expect(out).toContain('workspace: served');
    expect(code).toBe(EXIT_OK);
  }, 120_000);
});
