/**
 * `markpi rollups plan` on a workspace file that `markpi serve` holds: the CLI works through the
 * server's local channel, so the plan reads the saved views the dashboard keeps in the workspace,
 * one saved over HTTP while serving included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays } from '@markpi/core';
import { type StartedServer, startServer } from '@markpi/server';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let file: string;
let server: StartedServer;

// 60 days × 2 channels × 2 regions × 10 ad groups: 2,400 rows.
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-rollups-served-'));
  file = path.join(folder, 'served.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: file });
  const columns: Record<string, (string | number)[]> = {
    date: [],
    channel: [],
    region: [],
    ad_group: [],
    spend: [],
    import_id: [],
  };
  for (let day = 0; day < 60; day++)
    for (const channel of ['douyin', 'tmall'])
      for (const region of ['north', 'south'])
        for (let group = 0; group < 10; group++) {
          columns.date!.push(addDays('2026-01-01', day));
          columns.channel!.push(channel);
          columns.region!.push(region);
          columns.ad_group!.push(`g${group}`);
          columns.spend!.push(group + 1);
          columns.import_id!.push('seed');
        }
  await warehouse.append('fact_performance', { rowCount: columns.date!.length, columns });
  await warehouse.close();
  server = await startServer({
    dataDir: path.join(folder, 'server'),
    port: 0,
    webDir: null,
    defaultWorkspaceFile: file,
    demoAccount: true,
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('markpi rollups plan while markpi serve holds the workspace', () => {
  it('reads the views saved on the dashboard through the server', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: server.demoAccount!.login, password: server.demoAccount!.password }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ');
    const saved = await fetch(`${server.url}/api/workspaces/${server.workspace!.id}/views`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        name: 'Spend by region',
        kpis: ['spend'],
        dimensions: ['region'],
        from: '2026-01-05',
        to: '2026-02-22',
        grain: 'week',
      }),
    });
    expect(saved.status).toBe(200);

    const plan = await runCliCaptured(folder, ['--db', file, 'rollups', 'plan', '--budget', '5000']);
    expect(plan.code, plan.err).toBe(EXIT_OK);
    expect(plan.err).toContain('holds this workspace; working through it');
    // By region per week: the fact's 60 days are 9 weeks, × 2 regions = 18 rows, for the view alone.
    expect(plan.out).toMatch(/performance_region_week .* 18 .* saved view “Spend by region”/);
    expect(plan.out).toContain('saved views: 1 (shared boards: 0)');
  });
});
