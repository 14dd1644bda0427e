/**
 * A team runs the dashboard and the CLI on one workspace. DuckDB lets one process hold a file,
 * so while `markpi serve` holds it the CLI finds the note the server left beside it and works
 * through the server: the server stays the one writer, and the dashboard sees an import at once.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoTargets } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import {
  loadDemo,
  openDuckDbWarehouse,
  readServerNote,
  remoteWarehouse,
  serverNotePath,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { FIXTURE_DIR } from '../../importers/src/testing/paths.js';
import { type StartedServer, startServer } from './start.js';

describe('the CLI while markpi serve holds the workspace', () => {
  let folder: string;
  let file: string;
  let server: StartedServer;
  const cli = (...args: string[]) => runCliCaptured(folder, ['--db', file, ...args]);

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-serving-'));
    file = path.join(folder, 'team.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: file });
    await loadDemo(warehouse, { performanceRows: 40_000 });
    await seedDemoTargets(warehouse, buildCatalog(), { now: new Date('2026-05-01T00:00:00Z') });
    await warehouse.close();
    copyFileSync(path.join(FIXTURE_DIR, 'xiaohongshu-juguang.csv'), path.join(folder, 'juguang.csv'));
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

  it('leaves a note beside the file, readable by its owner alone', () => {
    const note = readServerNote(file);
    expect(note).toMatchObject({ pid: process.pid, workspace: server.workspace?.id });
    expect(statSync(serverNotePath(file)).mode & 0o777).toBe(0o600);
  });

  it('answers markpi query through the server, and says so', async () => {
    const { code, out, err } = await cli(
      'query',
      '--kpis',
      'spend',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--format',
      'json',
    );
    expect(code, err).toBe(0);
    expect(err).toContain('holds this workspace; working through it');
    expect((JSON.parse(out) as { spend: number }[])[0]!.spend).toBeGreaterThan(0);
  });

  it('imports through the server, and the dashboard sees the rows at once', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: server.demoAccount!.login, password: server.demoAccount!.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ');
    const xiaohongshuSpend = async () => {
      const response = await fetch(
        `${server.url}/api/workspaces/${server.workspace!.id}/query?kpis=spend&from=2026-05-01&to=2026-05-02&filter=${encodeURIComponent("channel = 'xiaohongshu'")}`,
        { headers: { cookie } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { rows: { spend: number | null }[] }).rows[0]?.spend ?? 0;
    };
    const before = await xiaohongshuSpend();
    const imported = await cli('import', 'juguang.csv');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('imported');
    // The server's cached answers were dropped by the write that went through it.
    expect(await xiaohongshuSpend()).not.toBe(before);
  });

  it('runs markpi targets through the server: add a target, then pace it', async () => {
    const added = await cli(
      'targets',
      'add',
      '--kpi',
      'spend',
      '--value',
      '1000000',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--id',
      'october-spend',
    );
    expect(added.code, added.err).toBe(0);
    const paced = await cli('targets', 'pace', 'october-spend', '--format', 'json');
    expect(paced.code, paced.err).toBe(0);
    expect((JSON.parse(paced.out) as { target: string }[])[0]?.target).toBe('october-spend');
  });

  it('rolls back a transaction whose work fails: nothing of it lands', async () => {
    const note = readServerNote(file)!;
    const remote = remoteWarehouse(note);
    const count = async () => Number((await remote.query('SELECT count(*) AS n FROM dim_campaigns'))[0]!.n);
    const before = await count();
    await expect(
      remote.transaction(async (scoped) => {
        await scoped.run("INSERT INTO dim_campaigns (campaign, name) VALUES ('half-done', 'Half done')");
        expect(Number((await scoped.query('SELECT count(*) AS n FROM dim_campaigns'))[0]!.n)).toBe(
          before + 1,
        );
        throw new Error('the client gave up');
      }),
    ).rejects.toThrow('the client gave up');
    expect(await count()).toBe(before);
  });

  it('refuses the channel without the note’s token', async () => {
    const note = readServerNote(file)!;
    const forged = remoteWarehouse({ ...note, token: 'not-the-token' });
    await expect(forged.query('SELECT 1 AS one')).rejects.toThrow(/token/);
  });

  it('removes the note when the server stops', async () => {
    await server.close();
    expect(existsSync(serverNotePath(file))).toBe(false);
    const direct = await cli('query', '--kpis', 'spend', '--format', 'json');
    expect(direct.code, direct.err).toBe(0);
    expect(direct.err).not.toContain('working through it');
    server = undefined as unknown as StartedServer;
  });
});
