/**
 * Dashboard API latency: the overview endpoint on a copy of a demo workspace under concurrent
 * clients (default 20) sharing one session, p50, p95 and p99 over all requests; the workspace
 * without rollups, then with the two `markpi rollups plan` proposes for the overview (channel by
 * day and by month), each on a freshly started server. Two request patterns each:
 * - the same overview for everyone (the last 30 days): what twenty people opening the dashboard
 *   ask; the server's read cache answers all but the first;
 * - a different 30-day window for every request: no answer can be reused, so each one runs its
 *   queries (the workspace's navigation, rollups and period rows, is kept until a write).
 * `--server child` runs the server in a child process of its own (`harness/serve-child.ts`, what
 * `markpi serve` starts), so the clients' fetches and timers do not share its event loop;
 * `--server both` measures each workspace both ways, in turns (which goes first alternates).
 * `--rollups-only` skips the workspace without rollups.
 * Usage: node bench/dist/overview-api.js [rows] [clients] [requestsPerClient] [--server same|child|both]
 *   [--rollups-only]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addDays, buildCatalog, type RollupDefinition } from '@markpi/core';
import { startServer } from '@markpi/server';
import { createRollup, DEMO_PERIOD, openDuckDbWarehouse } from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median } from './harness/measure.js';

const ROLLUPS: RollupDefinition[] = [
  { name: 'channel_month', fact: 'performance', grain: 'month', dimensions: ['channel'] },
  { name: 'channel_day', fact: 'performance', grain: 'day', dimensions: ['channel'] },
];

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo', password: 'markpi-demo' }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  return cookies.join('; ');
}

/** Runs `clients` clients of `requests` requests each; `query(client, request)` is each one's query string. */
async function load(
  url: string,
  cookie: string,
  clients: number,
  requests: number,
  query: (client: number, request: number) => string,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let request = 0; request < requests; request++) {
        const sent = performance.now();
        const response = await fetch(`${url}${query(client, request)}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`overview failed: ${response.status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

function report(label: string, { latencies, wallMs }: { latencies: number[]; wallMs: number }): string {
  return `  ${label.padEnd(34)} p50 ${formatMs(percentile(latencies, 0.5)).padStart(8)} | p95 ${formatMs(percentile(latencies, 0.95)).padStart(8)} | p99 ${formatMs(percentile(latencies, 0.99)).padStart(8)} | median ${formatMs(median(latencies))} | ${(latencies.length / (wallMs / 1000)).toFixed(1)} requests/s`;
}

type Placement = 'same' | 'child';

interface RunningServer {
  url: string;
  workspace: string;
  close(): Promise<void>;
}

/** The server in this process, beside the clients. */
async function serveHere(file: string, dataDir: string): Promise<RunningServer> {
  const server = await startServer({
    dataDir,
    port: 0,
    defaultWorkspaceFile: file,
    demoAccount: true,
    logLevel: 'warn',
  });
  return { url: server.url, workspace: server.workspace!.id, close: () => server.close() };
}

/** The server in a child process; resolves once it listens. */
async function serveApart(file: string, dataDir: string): Promise<RunningServer> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness', 'serve-child.js');
  const child = spawn(process.execPath, [script, file, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  const { url, workspace } = JSON.parse(first) as { url: string; workspace: string };
  return {
    url,
    workspace,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function measure(file: string, clients: number, requests: number, placement: Placement): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'markpi-bench-server-'));
  const server = await (placement === 'child' ? serveApart : serveHere)(file, dataDir);
  console.log(
    placement === 'child'
      ? '  server in a child process, clients here'
      : '  server and clients in this process',
  );
  try {
    const overview = `${server.url}/api/workspaces/${server.workspace}/overview`;
    // One session shared by every client: logins are rate-limited, and the cost measured is the query.
    const cookie = await login(server.url);
    const first = performance.now();
    const warm = await fetch(overview, { headers: { cookie } });
    if (!warm.ok) throw new Error(`overview failed: ${warm.status} ${await warm.text()}`);
    await warm.json();
    console.log(`  first request ${formatMs(performance.now() - first)}`);
    console.log(report('same overview for all', await load(overview, cookie, clients, requests, () => '')));
    // Windows ending on distinct days before the demo's last: none asked twice.
    const windowOf = (client: number, request: number) => {
      const to = addDays(DEMO_PERIOD.to, -1 - (client * requests + request));
      return `?from=${addDays(to, -29)}&to=${to}`;
    };
    console.log(report('a different window each', await load(overview, cookie, clients, requests, windowOf)));
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The machine's 1, 5 and 15-minute load averages: on a shared machine, what the figures stood in. */
function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const serverAt = args.indexOf('--server');
  const serverOption = serverAt >= 0 ? args[serverAt + 1] : 'same';
  if (serverOption !== 'same' && serverOption !== 'child' && serverOption !== 'both') {
    throw new Error(`--server takes same, child or both, not ${serverOption}`);
  }
  const rollupsOnly = args.includes('--rollups-only');
  const placements: Placement[] = serverOption === 'both' ? ['same', 'child'] : [serverOption];
  const [rowsArg, clientsArg, requestsArg] = args.filter(
    (arg, index) => !arg.startsWith('--') && args[index - 1] !== '--server',
  );
  const rows = Number(rowsArg ?? 10_000_000);
  const clients = Number(clientsArg ?? 20);
  const requestsPerClient = Number(requestsArg ?? 10);
  const scratch = mkdtempSync(path.join(tmpdir(), 'markpi-bench-overview-'));
  try {
    // Copies, so the bench never changes or holds the shared bench/data file.
    const plain = path.join(scratch, 'plain.duckdb');
    const rolled = path.join(scratch, 'rollups.duckdb');
    // Copied as it lies when it exists: another bench may hold it open (opening it takes a lock).
    const built = path.resolve(`bench/data/demo-${rows}.duckdb`);
    const demo = existsSync(built) ? built : await demoFile(rows);
    if (!rollupsOnly) copyFileSync(demo, plain);
    copyFileSync(demo, rolled);
    const setup = await openDuckDbWarehouse({ path: rolled });
    try {
      for (const definition of ROLLUPS) await createRollup(setup, buildCatalog(), definition);
      await setup.run('CHECKPOINT');
    } finally {
      await setup.close();
    }
    console.log(
      `overview API, ${rows.toLocaleString('en-US')} rows, ${clients} concurrent clients × ${requestsPerClient} requests`,
    );
    console.log(`  load average ${loadAverage()}`);
    const workspaces = [
      ...(rollupsOnly ? [] : [{ label: 'without rollups', file: plain }]),
      { label: `with rollups ${ROLLUPS.map((rollup) => rollup.name).join(', ')}`, file: rolled },
    ];
    for (const [index, workspace] of workspaces.entries()) {
      console.log(workspace.label);
      // With both placements, the one going first alternates between the workspaces.
      const order = index % 2 === 0 ? placements : [...placements].reverse();
      for (const placement of order) {
        await measure(workspace.file, clients, requestsPerClient, placement);
        console.log(`  load average ${loadAverage()}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
