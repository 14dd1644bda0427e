import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFixture } from '../../store/src/scenarios/fixture.js';
import { DEMO_PASSWORD, type StartedServer, startServer } from './start.js';

describe('startServer', () => {
  let root: string;
  let workspaceFile: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'markpi-start-'));
    workspaceFile = path.join(root, 'lumi.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: workspaceFile });
    await loadScenarioFixture(warehouse);
    await warehouse.close();
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  async function login(server: StartedServer, login: string, password: string) {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    return {
      response,
      cookie: response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; '),
    };
  }

  it('first start: creates an admin, serves the workspace file, and listens', async () => {
    const dataDir = path.join(root, 'data');
    const server = await startServer({
      dataDir,
      port: 0,
      webDir: null,
      defaultWorkspaceFile: workspaceFile,
      demoAccount: true,
    });
    try {
      expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(server.initialAdmin?.login).toBe('admin');
      expect(server.initialAdmin?.password).toHaveLength(20);
      expect(server.workspace).toEqual({ id: 'lumi', name: 'lumi', file: workspaceFile });
      expect(server.demoAccount).toEqual({ login: 'demo', password: DEMO_PASSWORD, role: 'admin' });

      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ ok: true, version: '0.1.0' });
      const admin = await login(server, 'admin', server.initialAdmin!.password);
      expect(admin.response.status).toBe(200);
      const demo = await login(server, 'demo', DEMO_PASSWORD);
      const overview = await fetch(
        `${server.url}/api/workspaces/lumi/overview?from=2026-01-01&to=2026-01-31`,
        {
          headers: { cookie: demo.cookie },
        },
      );
      expect(overview.status).toBe(200);
      expect(((await overview.json()) as { tiles: unknown[] }).tiles).toHaveLength(8);
    } finally {
      await server.close();
    }

    // Second start: no new admin, the same workspace, the demo password still the printed one.
    const again = await startServer({
      dataDir,
      port: 0,
      webDir: null,
      defaultWorkspaceFile: workspaceFile,
      demoAccount: true,
    });
    try {
      expect(again.initialAdmin).toBeUndefined();
      expect(again.workspace?.id).toBe('lumi');
      expect((await again.services.workspaces.list()).map((workspace) => workspace.id)).toEqual(['lumi']);
      expect((await login(again, 'demo', DEMO_PASSWORD)).response.status).toBe(200);
      const audit = await again.services.audit.list({ limit: 10 });
      expect(audit.map((entry) => `${entry.action} ${entry.target}`)).toEqual(
        expect.arrayContaining(['user.create admin', 'user.create demo', 'member.add demo']),
      );
    } finally {
      await again.close();
    }
  });

  it('serves the built web UI with an SPA fallback, and JSON 404s under /api', async () => {
    const webDir = path.join(root, 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>markpi web</title><div id="root"></div>',
    );
    writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log("app")');
    const server = await startServer({ dataDir: path.join(root, 'data-web'), port: 0, webDir });
    try {
      const index = await fetch(`${server.url}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('markpi web');
      expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
      const asset = await fetch(`${server.url}/assets/app.js`);
      expect(asset.headers.get('content-type')).toContain('javascript');
      const deepLink = await fetch(`${server.url}/workspaces/lumi/overview`);
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain('markpi web');
      const apiMissing = await fetch(`${server.url}/api/nope`);
      expect(apiMissing.status).toBe(404);
      expect(await apiMissing.json()).toEqual({
        error: { code: 'not_found', message: 'no route GET /api/nope', problems: [] },
      });
      expect(apiMissing.headers.get('cache-control')).toBe('no-store');
      expect(apiMissing.headers.get('referrer-policy')).toBe('no-referrer');
    } finally {
      await server.close();
    }
  });

  it('shows a plain page when the web UI is not built', async () => {
    const server = await startServer({
      dataDir: path.join(root, 'data-bare'),
      port: 0,
      webDir: path.join(root, 'missing'),
    });
    try {
      const page = await fetch(`${server.url}/settings`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('npm run build -w @markpi/web');
    } finally {
      await server.close();
    }
  });
});
