/**
 * Soak: a server under many clients for minutes while uploads are previewed and loaded.
 *
 * The server (`markpi serve`'s `startServer`, in a child process: `harness/serve-child.ts`) holds
 * a copy of the demo workspace of `--rows` rows (default 1M, `bench/data/demo-<rows>.duckdb`).
 * One login and one share link (overview page) are shared by `--clients` clients (default 50),
 * each asking in turn, for `--minutes` (default 5):
 * - `overview`: the overview as the dashboard opens it (the last 30 days; a kept answer mostly);
 * - `query`: the query API, spend, clicks and CTR by channel over a 30-day window of its own;
 * - `share`: the share link's overview;
 * - `explore`: as Explore asks, three KPIs by campaign and week over a 90-day window of its own.
 * Meanwhile one uploader, every `--upload-every` seconds (default 20), uploads an Ocean Engine
 * CSV of `--upload-rows` rows (default 2,000; an account of its own each time, so no import
 * restates another's rows), waits for its preview, confirms it and waits until it is loaded.
 * Reported: every answer that was not 2xx by status (aim: none), p50/p95/p99 by kind and in all,
 * p99 of the answers that overlapped a preview in flight (aim under 2 s), and the performance
 * fact's rows before and after, which must differ by exactly the rows the imports loaded.
 * Usage: node bench/dist/soak.js [--minutes 5] [--clients 50] [--rows 1000000] [--upload-every 20] [--upload-rows 2000]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addDays } from '@markpi/core';
import { DEMO_PERIOD, openDuckDbWarehouse } from '@markpi/store';
import { demoFile } from './harness/demo-data.js';
import { OCEAN_HEADER } from './harness/import-data.js';
import { formatMs } from './harness/measure.js';

type Kind = 'overview' | 'query' | 'share' | 'explore';
const KINDS: readonly Kind[] = ['overview', 'query', 'share', 'explore'];

interface Sample {
  kind: Kind | 'upload' | 'confirm';
  startedAt: number;
  endedAt: number;
  status: number;
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!(value > 0)) throw new Error(`--${name} needs a positive number`);
  return value;
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
}

async function performanceRows(file: string): Promise<number> {
  const warehouse = await openDuckDbWarehouse({ path: file });
  try {
    const [row] = await warehouse.query('SELECT count(*) AS n FROM fact_performance');
    return Number(row?.n ?? 0);
  } finally {
    await warehouse.close();
  }
}

/** Starts the server child; resolves with its URL and workspace once it listens. */
async function serve(file: string, dataDir: string) {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness', 'serve-child.js');
  const child = spawn(process.execPath, [script, file, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  const { url, workspace } = JSON.parse(first) as { url: string; workspace: string };
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, workspace, stop };
}

async function login(url: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo', password: 'markpi-demo' }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((entry) => entry.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** An Ocean Engine report for one account of its own: `rows` rows over the demo's last 30 days. */
function uploadCsv(cycle: number, rows: number): string {
  const lines = [OCEAN_HEADER.join(',')];
  const units = Math.ceil(rows / 30);
  for (let index = 0; index < rows; index++) {
    const day = addDays(DEMO_PERIOD.to, -(index % 30));
    const unit = Math.floor(index / 30) % units;
    const impressions = 1000 + ((index * 7919 + cycle * 104_729) % 50_000);
    const clicks = Math.floor(impressions / 40);
    const spend = (impressions / 100).toFixed(2);
    lines.push(
      [
        day,
        `浸泡测试账户-${cycle}`,
        `浸泡项目-${unit % 8}`,
        String(1_787_100_000_000_000 + (unit % 8)),
        `浸泡单元-${cycle}-${unit}`,
        String(1_790_100_000_000_000 + cycle * 10_000 + unit),
        spend,
        spend,
        impressions,
        clicks,
        '2.50',
        '0.40',
        Math.floor(clicks / 10),
        '-',
        '3',
        impressions * 2,
        10,
        1,
        1,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const minutes = flag('minutes', 5);
  const clients = flag('clients', 50);
  const rows = flag('rows', 1_000_000);
  const uploadEverySeconds = flag('upload-every', 20);
  const uploadRows = flag('upload-rows', 2000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'markpi-soak-'));
  const file = path.join(scratch, 'workspace.duckdb');
  const built = path.resolve(`bench/data/demo-${rows}.duckdb`);
  copyFileSync(existsSync(built) ? built : await demoFile(rows), file);
  const rowsBefore = await performanceRows(file);
  console.log(
    `soak: ${clients} clients for ${minutes} min on the ${rows.toLocaleString('en-US')}-row demo, an upload of ${uploadRows.toLocaleString('en-US')} rows every ${uploadEverySeconds} s`,
  );
  console.log(`  load average at start ${loadAverage()}`);

  const server = await serve(file, path.join(scratch, 'data'));
  const samples: Sample[] = [];
  /** Previews in flight: [start, end) of each upload's request. */
  const previews: { startedAt: number; endedAt: number }[] = [];
  let loadedRows = 0;
  let imports = 0;
  try {
    const { cookie, csrf } = await login(server.url);
    const base = `${server.url}/api/workspaces/${server.workspace}`;
    const linked = await fetch(`${base}/share-links`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'soak', expiresInDays: 1, pages: ['overview'] }),
    });
    if (!linked.ok) throw new Error(`share link failed: ${linked.status} ${await linked.text()}`);
    const { token } = (await linked.json()) as { token: string };

    const days = (Date.parse(DEMO_PERIOD.to) - Date.parse(DEMO_PERIOD.from)) / 86_400_000;
    const windowOf = (seed: number, length: number) => {
      const to = addDays(DEMO_PERIOD.to, -((seed * 7919) % Math.max(1, days - length)));
      return `from=${addDays(to, -(length - 1))}&to=${to}`;
    };
    const urlOf = (kind: Kind, seed: number): string => {
      switch (kind) {
        case 'overview':
          return `${base}/overview`;
        case 'query':
          return `${base}/query?kpis=spend,clicks,ctr&dimensions=channel&${windowOf(seed, 30)}`;
        case 'share':
          return `${server.url}/api/share/${token}/overview`;
        case 'explore':
          return `${base}/query?kpis=spend,clicks,cpc&dimensions=campaign&grain=week&${windowOf(seed, 90)}`;
      }
    };

    const endsAt = performance.now() + minutes * 60_000;
    const asker = async (client: number) => {
      for (let turn = 0; performance.now() < endsAt; turn++) {
        const kind = KINDS[(client + turn) % KINDS.length]!;
        const startedAt = performance.now();
        let status = 0;
        try {
          const response = await fetch(urlOf(kind, client * 100_003 + turn), {
            headers: kind === 'share' ? {} : { cookie },
          });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
        samples.push({ kind, startedAt, endedAt: performance.now(), status });
      }
    };

    const request = async (kind: Sample['kind'], url: string, init: RequestInit) => {
      const startedAt = performance.now();
      const response = await fetch(url, init);
      const body = (await response.json()) as {
        import?: { id: string; status: string; report: { rowsLoaded: number } | null };
      };
      samples.push({ kind, startedAt, endedAt: performance.now(), status: response.status });
      return { response, body };
    };
    const uploader = async () => {
      for (let cycle = 0; performance.now() < endsAt; cycle++) {
        const cycleStart = performance.now();
        const form = new FormData();
        form.append('platform', 'ocean_engine');
        form.append(
          'file',
          new Blob([uploadCsv(cycle, uploadRows)], { type: 'text/csv' }),
          `soak-${cycle}.csv`,
        );
        const startedAt = performance.now();
        const uploaded = await request('upload', `${base}/imports`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrf },
          body: form,
        });
        previews.push({ startedAt, endedAt: performance.now() });
        const id = uploaded.body.import?.id;
        if (uploaded.response.ok && id && uploaded.body.import?.status === 'previewed') {
          const confirmed = await request('confirm', `${base}/imports/${id}/confirm`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
            body: '{}',
          });
          let record = confirmed.body.import;
          while (record && record.status === 'importing') {
            await new Promise((resolve) => setTimeout(resolve, 250));
            const polled = await fetch(`${base}/imports/${id}`, { headers: { cookie } });
            record = ((await polled.json()) as { import?: typeof record }).import;
          }
          if (record?.status === 'imported') {
            imports += 1;
            loadedRows += record.report?.rowsLoaded ?? 0;
          } else console.log(`  import ${id} ended ${record?.status ?? confirmed.response.status}`);
        } else {
          console.log(
            `  upload ${cycle} answered ${uploaded.response.status} ${uploaded.body.import?.status ?? ''}`,
          );
        }
        const wait = cycleStart + uploadEverySeconds * 1000 - performance.now();
        if (wait > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, endsAt - performance.now())));
      }
    };

    const started = performance.now();
    await Promise.all([uploader(), ...Array.from({ length: clients }, (_, client) => asker(client))]);
    const wallSeconds = (performance.now() - started) / 1000;
    console.log(`  load average at end ${loadAverage()}`);

    const asked = samples.filter((sample) => sample.kind !== 'upload' && sample.kind !== 'confirm');
    const failures = new Map<string, number>();
    for (const sample of samples) {
      if (sample.status < 200 || sample.status >= 300) {
        const key = `${sample.kind} ${sample.status === 0 ? 'no answer' : sample.status}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
    const line = (label: string, of: readonly Sample[]) => {
      const latencies = of.map((sample) => sample.endedAt - sample.startedAt);
      return `  ${label.padEnd(28)} ${String(of.length).padStart(6)} | p50 ${formatMs(percentile(latencies, 0.5)).padStart(8)} | p95 ${formatMs(percentile(latencies, 0.95)).padStart(8)} | p99 ${formatMs(percentile(latencies, 0.99)).padStart(8)}`;
    };
    console.log(
      `  ${asked.length} answers in ${wallSeconds.toFixed(0)} s (${(asked.length / wallSeconds).toFixed(1)}/s)`,
    );
    for (const kind of KINDS)
      console.log(
        line(
          kind,
          asked.filter((sample) => sample.kind === kind),
        ),
      );
    console.log(line('all', asked));
    const duringPreview = asked.filter((sample) =>
      previews.some((preview) => sample.startedAt < preview.endedAt && sample.endedAt > preview.startedAt),
    );
    console.log(line('while a preview ran', duringPreview));
    console.log(
      line(
        'upload and preview',
        samples.filter((sample) => sample.kind === 'upload'),
      ),
    );
    console.log(
      line(
        'confirm',
        samples.filter((sample) => sample.kind === 'confirm'),
      ),
    );
    console.log(
      `  errors: ${failures.size === 0 ? 'none' : [...failures].map(([key, count]) => `${key} ×${count}`).join(', ')}`,
    );
  } finally {
    await server.stop();
  }
  const rowsAfter = await performanceRows(file);
  const expected = rowsBefore + loadedRows;
  console.log(
    `  performance rows: before ${rowsBefore.toLocaleString('en-US')}, ${imports} imports loaded ${loadedRows.toLocaleString('en-US')}, after ${rowsAfter.toLocaleString('en-US')} (${rowsAfter === expected ? 'equal to before + loaded' : `expected ${expected.toLocaleString('en-US')}`})`,
  );
  rmSync(scratch, { recursive: true, force: true });
  if (rowsAfter !== expected) process.exitCode = 1;
}

await main();
