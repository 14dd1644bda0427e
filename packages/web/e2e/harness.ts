/**
 * Everything an end-to-end test of the dashboard needs: the UI built from the current sources,
 * a real server on a free loopback port with a temporary data directory, a small demo
 * workspace in real DuckDB (plus a second workspace to prove isolation), an account per role,
 * and headless Chromium from the system (never downloaded).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoTargets } from '@markpi/app';
import type { Catalog } from '@markpi/core';
import { type StartedServer, type StartServerOptions, startServer } from '@markpi/server';
import { loadDemo, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import type { LightMyRequestResponse } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = path.resolve(WEB_ROOT, '../..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts/screenshots');
export const CHROMIUM = process.env.MARKPI_CHROMIUM ?? '/usr/bin/chromium';

/** The laptop screen the dashboard is designed for. */
export const VIEWPORT = { width: 1366, height: 768 };

export const DEMO_WORKSPACE = 'lumi';
export const OTHER_WORKSPACE = 'beta';

export const ACCOUNTS = {
  editor: { login: 'editor', password: 'editor-password-1', role: 'editor' },
  viewer: { login: 'viewer', password: 'viewer-password-1', role: 'viewer' },
  ownerB: { login: 'owner-b', password: 'owner-b-password-1', role: 'admin' },
} as const;
export type AccountName = keyof typeof ACCOUNTS | 'admin';

/** Every file the UI is built from (its own sources and core's), for the build's fingerprint. */
function uiSources(): string[] {
  return sourcesOf(
    [path.join(WEB_ROOT, 'src'), path.join(REPO_ROOT, 'packages/core/src')],
    [path.join(WEB_ROOT, 'index.html'), path.join(WEB_ROOT, 'vite.config.ts')],
  );
}

/** The non-test files under `roots`, with `extra`, sorted. */
function sourcesOf(roots: readonly string[], extra: readonly string[] = []): string[] {
  const files = [...extra];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.includes('.test.')) files.push(full);
    }
  };
  for (const root of roots) walk(root);
  return files.filter((file) => existsSync(file)).sort();
}

/**
 * Builds the UI from the current sources, once per set of sources: the files of a run share the
 * build (named by a hash of every source, so a changed file never meets a stale build). The first
 * process to take the lock builds; the others wait for its mark.
 */
export async function buildUi(): Promise<string> {
  const outDir = path.join(tmpdir(), `markpi-web-${fingerprint(uiSources())}`);
  return once(outDir, async (building) => {
    await build({
      root: WEB_ROOT,
      configFile: path.join(WEB_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: building, emptyOutDir: true },
    });
  });
}

/** A hash of files' names and contents. */
function fingerprint(files: readonly string[], salt = ''): string {
  const hash = createHash('sha256').update(salt);
  for (const file of files)
    hash.update(path.relative(REPO_ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 20);
}

/**
 * Makes the folder `outDir` once: the first process to take the lock runs `make` into a fresh
 * folder and renames it into place with a mark; the others wait for the mark.
 */
async function once(outDir: string, make: (building: string) => Promise<void>): Promise<string> {
  const done = path.join(outDir, '.built');
  const lock = `${outDir}.lock`;
  const deadline = Date.now() + 600_000;
  while (!existsSync(done)) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Another process is building; a lock older than ten minutes belongs to a process that died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 600_000) rmSync(lock, { recursive: true, force: true });
    }
    if (mine) {
      try {
        if (!existsSync(done)) {
          const building = mkdtempSync(`${outDir}.building-`);
          await make(building);
          writeFileSync(path.join(building, '.built'), '');
          rmSync(outDir, { recursive: true, force: true });
          renameSync(building, outDir);
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`waited ten minutes for ${outDir}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return outDir;
}

/**
 * The demo workspace of `rows` performance rows as a DuckDB file, loaded once per set of sources
 * that make it (the store's and core's) and shared by the run's files, each serving a copy.
 */
async function demoTemplate(rows: number): Promise<string> {
  const sources = sourcesOf([
    path.join(REPO_ROOT, 'packages/store/src'),
    path.join(REPO_ROOT, 'packages/core/src'),
  ]);
  const outDir = path.join(tmpdir(), `markpi-demo-${fingerprint(sources, String(rows))}`);
  await once(outDir, async (building) => {
    const warehouse = await openDuckDbWarehouse({ path: path.join(building, 'demo.duckdb') });
    try {
      await loadDemo(warehouse, { performanceRows: rows });
    } finally {
      await warehouse.close();
    }
  });
  return path.join(outDir, 'demo.duckdb');
}

/** A cookie-keeping client over `app.inject`, to ask the API what the screen should show. */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly server: StartedServer) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0)
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const response = await this.server.app.inject({
      method,
      url,
      headers,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    for (const cookie of response.cookies as { name: string; value: string }[])
      this.cookies.set(cookie.name, cookie.value);
    return response;
  }

  async login(login: string, password: string): Promise<void> {
    const response = await this.request('POST', '/api/auth/login', { login, password });
    if (response.statusCode !== 200)
      throw new Error(`login ${login}: ${response.statusCode} ${response.body}`);
    this.csrf = response.json<{ csrfToken: string }>().csrfToken;
  }

  async json<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.request(method, url, body);
    if (response.statusCode >= 400)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  }
}

export interface Dashboard {
  server: StartedServer;
  url: string;
  browser: Browser;
  admin: { login: string; password: string };
  demo: { warehouse: Warehouse; catalog: Catalog };
  /** A client logged in to the API as an account. */
  api(account: AccountName): Promise<ApiClient>;
  /** A fresh browser context (its own cookies and storage) with one page at the laptop size. */
  newPage(options?: { language?: 'en' | 'zh-CN' }): Promise<{ context: BrowserContext; page: Page }>;
  /** Logs in through the login form and waits for the overview. */
  login(page: Page, account: AccountName): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export interface DashboardOptions {
  performanceRows?: number;
  /** Add the demo's 618 2026 targets. */
  targets?: boolean;
  /** The server's clock and notification loop, for tests that move time or drive deliveries. */
  server?: Pick<StartServerOptions, 'now' | 'notifications'>;
}

export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const webDir = await buildUi();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'markpi-e2e-'));
  const server = await startServer({
    dataDir,
    webDir,
    port: 0,
    host: '127.0.0.1',
    logLevel: false,
    // Every test logs in from the same address.
    loginLimits: { perAccount: 1000, perAddress: 1000 },
    ...options.server,
  });
  const admin = server.initialAdmin;
  if (!admin) throw new Error('a fresh data directory should create the first admin');
  const { services } = server;
  const createdAt = new Date().toISOString();

  // The demo is loaded once for the run's files; each serves a copy of its own.
  const demoFile = path.join(dataDir, 'workspaces', `${DEMO_WORKSPACE}.duckdb`);
  mkdirSync(path.dirname(demoFile), { recursive: true });
  copyFileSync(await demoTemplate(options.performanceRows ?? 50_000), demoFile);
  const demoRecord = await services.registry.registerFile(demoFile, {
    id: DEMO_WORKSPACE,
    name: 'Lumi 露米',
    createdAt,
  });
  const warehouse = await services.registry.warehouse(demoRecord);
  const catalog = services.registry.catalog(demoRecord);
  if (options.targets) await seedDemoTargets(warehouse, catalog);
  await services.registry.createOwned({ id: OTHER_WORKSPACE, name: 'Beta Drinks', createdAt });

  const root = new ApiClient(server);
  await root.login(admin.login, admin.password);
  for (const account of Object.values(ACCOUNTS)) {
    await root.json('POST', '/api/users', {
      login: account.login,
      displayName: account.login,
      password: account.password,
    });
    const workspace = account === ACCOUNTS.ownerB ? OTHER_WORKSPACE : DEMO_WORKSPACE;
    await root.json('POST', `/api/workspaces/${workspace}/members`, {
      login: account.login,
      role: account.role,
    });
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const credentials = (account: AccountName) => (account === 'admin' ? admin : ACCOUNTS[account]);

  return {
    server,
    url: server.url.replace('localhost', '127.0.0.1'),
    browser,
    admin,
    demo: { warehouse, catalog },
    async api(account) {
      const client = new ApiClient(server);
      const { login, password } = credentials(account);
      await client.login(login, password);
      return client;
    },
    async newPage({ language = 'en' } = {}) {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        deviceScaleFactor: 1,
        locale: language,
        acceptDownloads: true,
        timezoneId: 'Asia/Shanghai',
        // Charts draw at once, so screenshots show them whole.
        reducedMotion: 'reduce',
      });
      await context.addInitScript((chosen) => {
        if (!window.localStorage.getItem('markpi.language'))
          window.localStorage.setItem('markpi.language', chosen);
      }, language);
      const page = await context.newPage();
      return { context, page };
    },
    async login(page, account) {
      const { login, password } = credentials(account);
      await page.goto(`${server.url.replace('localhost', '127.0.0.1')}/`);
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill(password);
      await page.locator('form[data-testid=login-form] button[type=submit]').click();
      await page.locator('[data-testid=user-name]').waitFor();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      // The UI build is shared by the run's files (see `buildUi`) and stays.
    },
  };
}
