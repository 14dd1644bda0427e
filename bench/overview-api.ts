/**
 * Dashboard API latency: the overview endpoint on a demo workspace under concurrent clients
 * (default 20) sharing one session, p50 and p95 over all requests.
 * Usage: node bench/dist/overview-api.js [rows] [clients] [requestsPerClient]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer } from '@markpi/server';
import { demoFile } from './harness/demo-data.js';
import { formatMs, median } from './harness/measure.js';

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

async function main(): Promise<void> {
  const [rowsArg, clientsArg, requestsArg] = process.argv.slice(2);
  const rows = Number(rowsArg ?? 10_000_000);
  const clients = Number(clientsArg ?? 20);
  const requestsPerClient = Number(requestsArg ?? 10);
  const file = await demoFile(rows);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'markpi-bench-server-'));
  const server = await startServer({
    dataDir,
    port: 0,
    defaultWorkspaceFile: file,
    demoAccount: true,
    logLevel: 'warn',
  });
  try {
    const workspace = server.workspace!.id;
    // One session shared by every client: logins are rate-limited, and the cost measured is the query.
    const session = await login(server.url);
    const sessions = Array.from({ length: clients }, () => session);
    const overview = `${server.url}/api/workspaces/${workspace}/overview`;
    const first = performance.now();
    const warm = await fetch(overview, { headers: { cookie: sessions[0]! } });
    if (!warm.ok) throw new Error(`overview failed: ${warm.status} ${await warm.text()}`);
    await warm.json();
    const firstMs = performance.now() - first;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      sessions.map(async (cookie) => {
        for (let request = 0; request < requestsPerClient; request++) {
          const sent = performance.now();
          const response = await fetch(overview, { headers: { cookie } });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`overview failed: ${response.status}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const wall = performance.now() - started;
    console.log(
      `overview API, ${rows.toLocaleString('en-US')} rows, ${clients} concurrent clients × ${requestsPerClient} requests`,
    );
    console.log(
      `  first request ${formatMs(firstMs)} | p50 ${formatMs(percentile(latencies, 0.5))} | p95 ${formatMs(percentile(latencies, 0.95))} | median ${formatMs(median(latencies))} | ${(latencies.length / (wall / 1000)).toFixed(1)} requests/s`,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
