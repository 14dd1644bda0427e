/**
 * Dashboard benchmark: how long, in headless Chromium, from navigating to the overview until its
 * tiles show their numbers, on a demo workspace of the given size (default 10M performance rows).
 * The first load is cold (a freshly started server: DuckDB's caches empty); the warm loads that
 * follow reload the page. Then the overview with a board of 12 saved views (made through the
 * API: nine single-KPI tiles and three charts by channel over the demo's last 30 days): until
 * its tiles and all 12 cards show their numbers, first load and warm reloads.
 * With `--rollups` the workspace first gets the rollups `markpi rollups plan` proposes for the
 * overview (`channel_day`, `channel_month`), as a workspace served for long would hold. The last
 * warm board load's requests are listed with their start and end, so a wait on another shows, and
 * so are the main thread's long tasks (over 50 ms: parsing, React's renders, ECharts' drawing) from
 * Chromium's performance timeline.
 * With `--web <dir>` the dashboard is served as built there (another commit's build, say, to
 * compare two in turns on the same machine's load) instead of being built from these sources.
 * Usage: node bench/dist/dashboard.js [rows] [--runs n] [--rollups] [--web dir]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, buildCatalog, type RollupDefinition } from '@markpi/core';
import { startServer } from '@markpi/server';
import { createRollup, DEMO_PERIOD, openDuckDbWarehouse } from '@markpi/store';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median } from './harness/measure.js';

const CHROMIUM = process.env.MARKPI_CHROMIUM ?? '/usr/bin/chromium';

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** What `markpi rollups plan` proposes for the overview's questions: channel by day and by month. */
const ROLLUPS: RollupDefinition[] = [
  { name: 'channel_day', fact: 'performance', grain: 'day', dimensions: ['channel'] },
  { name: 'channel_month', fact: 'performance', grain: 'month', dimensions: ['channel'] },
];

/** One request of a page load: its path and when it started and ended, from the navigation's start. */
interface Fetched {
  path: string;
  startMs: number;
  endMs: number;
}

/** Records the page's requests (API calls and scripts) until the returned function is called. */
function recordRequests(page: Page, base: string): () => Fetched[] {
  const fetched: Fetched[] = [];
  const listener = (request: import('playwright-core').Request) => {
    const timing = request.timing();
    // startTime is wall-clock milliseconds; the others count from it.
    fetched.push({
      path: request.url().replace(base, ''),
      startMs: timing.startTime,
      endMs: timing.startTime + timing.responseEnd,
    });
  };
  page.on('requestfinished', listener);
  return () => {
    page.off('requestfinished', listener);
    const origin = Math.min(...fetched.map((entry) => entry.startMs));
    return fetched
      .map((entry) => ({ ...entry, startMs: entry.startMs - origin, endMs: entry.endMs - origin }))
      .sort((a, b) => a.startMs - b.startMs);
  };
}

/** A task that held the page's main thread over 50 ms, in ms from the navigation's start. */
interface LongTask {
  startMs: number;
  durationMs: number;
}

/**
 * Runs in every page before its own scripts: keeps the long tasks the performance timeline reports,
 * to be read once the page is ready.
 */
function keepLongTasks(): void {
  const scope = globalThis as unknown as { markpiLongTasks?: LongTask[] };
  const kept: LongTask[] = [];
  scope.markpiLongTasks = kept;
  // Cast below: Node's types, which this project compiles with, know no browser entry type such as 'longtask'.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      kept.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: 'longtask', buffered: true } as never);
}

async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(
    () => (globalThis as unknown as { markpiLongTasks?: LongTask[] }).markpiLongTasks ?? [],
  );
}

/** Milliseconds from the start of navigation until the overview's tiles hold numbers. */
async function timeOverview(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  // Runs in the page (this project's types have no DOM, hence the cast); performance.now()
  // there counts from the navigation's start.
  const ready = await page.waitForFunction(
    (selector) => {
      const { document } = globalThis as unknown as { document: { querySelector(query: string): unknown } };
      return document.querySelector(selector) !== null ? performance.now() : false;
    },
    '[data-testid=overview][data-ready=true] [data-testid=tile-value]',
    { polling: 'raf', timeout: 120_000 },
  );
  return (await ready.jsonValue()) as number;
}

/** Milliseconds from the start of navigation until the overview's tiles and `cards` board cards hold numbers. */
async function timeBoard(page: Page, url: string, cards: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction(
    ({ tiles, answered, count }) => {
      const { document } = globalThis as unknown as {
        document: {
          querySelector(query: string): unknown;
          querySelectorAll(query: string): { length: number };
        };
      };
      return document.querySelector(tiles) !== null && document.querySelectorAll(answered).length >= count
        ? performance.now()
        : false;
    },
    {
      tiles: '[data-testid=overview][data-ready=true] [data-testid=tile-value]',
      answered: [
        '[data-testid=board-card] [data-testid=board-card-value]',
        '[data-testid=board-card] [data-testid=board-card-chart]',
        '[data-testid=board-card] [data-testid=board-card-table]',
      ].join(', '),
      count: cards,
    },
    { polling: 'raf', timeout: 120_000 },
  );
  return (await ready.jsonValue()) as number;
}

/** Twelve saved views over the demo's last 30 days: nine tiles, three charts by channel. */
const BOARD_TO = DEMO_PERIOD.to;
const BOARD_FROM = addDays(BOARD_TO, -29);
const BOARD_VIEWS = [
  ...['spend', 'impressions', 'clicks', 'ctr', 'conversions', 'cvr', 'cpa', 'roas', 'cpc'].map((kpi) => ({
    name: `${kpi} last 30 days`,
    kpis: [kpi],
    compare: 'previous' as const,
  })),
  ...['spend', 'ctr', 'roas'].map((kpi) => ({
    name: `${kpi} by channel`,
    kpis: [kpi],
    dimensions: ['channel'],
  })),
].map((view) => ({ ...view, from: BOARD_FROM, to: BOARD_TO, grain: 'day' as const, chart: 'line' as const }));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 10;
  const rows = Number(args.find((arg, index) => /^\d+$/.test(arg) && index !== runsFlag + 1) ?? 10_000_000);
  const withRollups = args.includes('--rollups');
  const webFlag = args.indexOf('--web');
  const builtWeb = webFlag >= 0 ? path.resolve(args[webFlag + 1]!) : undefined;

  const scratch = mkdtempSync(path.join(tmpdir(), 'markpi-bench-dashboard-'));
  try {
    console.log(
      `dashboard benchmark: overview in Chromium, demo workspace of ${rows.toLocaleString('en-US')} rows`,
    );
    // A copy, so the benchmark never holds a lock on the shared bench/data file.
    const workspaceFile = path.join(scratch, 'lumi.duckdb');
    // Copied as it lies when it exists: another bench may hold it open (opening it takes a lock).
    const built = path.resolve(`bench/data/demo-${rows}.duckdb`);
    copyFileSync(existsSync(built) ? built : await demoFile(rows), workspaceFile);
    if (withRollups) {
      const warehouse = await openDuckDbWarehouse({ path: workspaceFile });
      try {
        for (const definition of ROLLUPS) await createRollup(warehouse, buildCatalog(), definition);
        await warehouse.run('CHECKPOINT');
      } finally {
        await warehouse.close();
      }
      console.log(`  rollups: ${ROLLUPS.map((rollup) => rollup.name).join(', ')}`);
    } else console.log('  no rollups');
    const webDir = builtWeb ?? path.join(scratch, 'web');
    if (builtWeb) console.log(`  dashboard as built in ${builtWeb}`);
    else {
      await build({
        root: path.resolve('packages/web'),
        configFile: path.resolve('packages/web/vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: webDir, emptyOutDir: true },
      });
    }
    const server = await startServer({
      dataDir: path.join(scratch, 'data'),
      webDir,
      port: 0,
      host: '127.0.0.1',
      defaultWorkspaceFile: workspaceFile,
      // An editor, who may save views and make a board.
      demoAccount: { role: 'editor' },
      logLevel: false,
    });
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
    try {
      const base = server.url.replace('localhost', '127.0.0.1');
      const overview = `${base}/workspaces/${server.workspace!.id}/overview`;
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        reducedMotion: 'reduce',
      });
      await context.addInitScript(keepLongTasks);
      const page = await context.newPage();
      // Log in through the API (the context keeps the cookie), so the first page the browser
      // opens is the measured overview, on a server that has answered no query yet.
      const login = await context.request.post(`${base}/api/auth/login`, {
        data: { login: server.demoAccount!.login, password: server.demoAccount!.password },
      });
      if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
      // Writes through the API carry the session's CSRF token.
      const csrf = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };

      const cold = await timeOverview(page, overview);
      const warm: number[] = [];
      for (let run = 0; run < runs; run++) warm.push(await timeOverview(page, overview));
      console.log(`  cold (first load after start): ${formatMs(cold)}`);
      console.log(
        `  warm (${runs} loads): median ${formatMs(median(warm))}, p95 ${formatMs(percentile(warm, 0.95))}, best ${formatMs(Math.min(...warm))}`,
      );

      const api = `${base}/api/workspaces/${server.workspace!.id}`;
      const views: string[] = [];
      for (const view of BOARD_VIEWS) {
        const saved = await context.request.post(`${api}/views`, { data: view, headers: csrf });
        if (!saved.ok()) throw new Error(`saving a view failed: ${saved.status()} ${await saved.text()}`);
        views.push(((await saved.json()) as { id: string }).id);
      }
      const made = await context.request.post(`${api}/boards`, {
        data: { name: 'Twelve views', shared: true, views },
        headers: csrf,
      });
      if (!made.ok()) throw new Error(`making the board failed: ${made.status()} ${await made.text()}`);
      const board = `${overview}?board=${((await made.json()) as { id: string }).id}`;
      const first = await timeBoard(page, board, views.length);
      const boardWarm: number[] = [];
      for (let run = 0; run < runs - 1; run++) boardWarm.push(await timeBoard(page, board, views.length));
      const requests = recordRequests(page, base);
      boardWarm.push(await timeBoard(page, board, views.length));
      const lastRequests = requests();
      const lastLongTasks = await longTasks(page);
      console.log(`  overview + a board of ${views.length} saved views:`);
      console.log(`    first load: ${formatMs(first)}`);
      console.log(
        `    warm (${runs} loads): median ${formatMs(median(boardWarm))}, p95 ${formatMs(percentile(boardWarm, 0.95))}, best ${formatMs(Math.min(...boardWarm))}`,
      );
      console.log(`    the last warm load's requests (start → end, ms from the first request):`);
      for (const request of lastRequests) {
        console.log(
          `      ${request.startMs.toFixed(0).padStart(5)} → ${request.endMs.toFixed(0).padStart(5)}  ${request.path}`,
        );
      }
      console.log(`    its long tasks on the main thread (start, duration, ms from the navigation's start):`);
      for (const task of lastLongTasks) {
        console.log(
          `      ${task.startMs.toFixed(0).padStart(5)}  ${task.durationMs.toFixed(0).padStart(4)} ms`,
        );
      }
      await context.close();
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
