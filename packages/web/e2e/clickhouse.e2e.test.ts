/**
 * `markpi serve --store clickhouse://…`: the demo copied to a real ClickHouse server is served
 * by the same server code as a DuckDB file, and the dashboard in Chromium shows the same
 * overview numbers on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoTargets } from '@markpi/app';
import { buildCatalog } from '@markpi/core';
import { type StartedServer, startServer } from '@markpi/server';
import {
  copyWorkspace,
  type LocalClickHouse,
  loadDemo,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  startLocalClickHouse,
} from '@markpi/store';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi, CHROMIUM, VIEWPORT } from './harness';

describe('the dashboard on a ClickHouse workspace', () => {
  let folder: string;
  let webDir: string;
  let clickhouse: LocalClickHouse;
  let onDuckDb: StartedServer;
  let onClickHouse: StartedServer;
  let browser: Browser;
  const failures: string[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-e2e-ch-'));
    const file = path.join(folder, 'lumi.duckdb');
    const catalog = buildCatalog();
    const duck = await openDuckDbWarehouse({ path: file });
    await loadDemo(duck, { performanceRows: 30_000 });
    await seedDemoTargets(duck, catalog);
    clickhouse = await startLocalClickHouse();
    const url = clickhouse.storeUrl('lumi');
    const target = await openClickHouseWarehouse({ url });
    const copied = await copyWorkspace(duck, target, catalog);
    expect(copied.ok).toBe(true);
    await target.close();
    await duck.close();

    webDir = await buildUi();
    const common = { webDir, port: 0, host: '127.0.0.1', logLevel: false as const, demoAccount: true };
    onDuckDb = await startServer({
      ...common,
      dataDir: path.join(folder, 'duck'),
      defaultWorkspaceFile: file,
    });
    onClickHouse = await startServer({
      ...common,
      dataDir: path.join(folder, 'ch'),
      defaultWorkspaceFile: url,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await onDuckDb?.close();
    await onClickHouse?.close();
    await clickhouse?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** The overview's tiles as the browser shows them: KPI → the value's text. */
  async function overviewTiles(server: StartedServer): Promise<Record<string, string>> {
    const context = await browser.newContext({
      viewport: VIEWPORT,
      locale: 'en',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.status() >= 500) failures.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const base = server.url.replace('localhost', '127.0.0.1');
    await page.goto(`${base}/`);
    await page.locator('input[name=login]').fill(server.demoAccount!.login);
    await page.locator('input[name=password]').fill(server.demoAccount!.password);
    await page.locator('form[data-testid=login-form] button[type=submit]').click();
    await page.locator('[data-testid=user-name]').waitFor();
    await page.goto(`${base}/workspaces/${server.workspace!.id}/overview`);
    await page.locator('[data-testid=overview][data-ready=true]').first().waitFor({ timeout: 60_000 });
    const tiles: Record<string, string> = {};
    for (const tile of await page.locator('[data-testid=tiles] article').all()) {
      const kpi = await tile.getAttribute('data-kpi');
      tiles[kpi ?? '?'] = (await tile.locator('[data-testid=tile-value]').textContent()) ?? '';
    }
    await context.close();
    return tiles;
  }

  it('shows the same overview numbers as the DuckDB workspace it was copied from', async () => {
    const fromDuckDb = await overviewTiles(onDuckDb);
    const fromClickHouse = await overviewTiles(onClickHouse);
    expect(Object.keys(fromDuckDb)).toHaveLength(8);
    expect(Object.values(fromDuckDb).every((text) => /\d/.test(text))).toBe(true);
    expect(fromClickHouse).toEqual(fromDuckDb);
    // Every request the page sent was answered (the freshness chip's once failed on ClickHouse).
    expect(failures).toEqual([]);
  });
});
