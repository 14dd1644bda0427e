import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCatalog } from '@markpi/core';
import { addTarget, openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkspace, type KeptWorkspace, keptWorkspace, sayKeptWorkspace } from './commands/demo.js';
import { EXIT_OK, EXIT_USER } from './program.js';
import { runCliCaptured } from './testing.js';

// The smallest demo the generator plans exactly; enough to tell a demo workspace from others.
const DEMO_ROWS = '60000';

let folder: string;
/** A demo workspace built once; each case works on its own copy. */
let demoFile: string;
let copies = 0;

const cli = (...args: string[]) => runCliCaptured(folder, args);
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function copyOfDemo(): string {
  copies += 1;
  const file = path.join(folder, `copy-${copies}.duckdb`);
  copyFileSync(demoFile, file);
  return file;
}

async function change(file: string, work: (warehouse: Warehouse) => Promise<void>): Promise<void> {
  const warehouse = await openDuckDbWarehouse({ path: file });
  try {
    await work(warehouse);
    await warehouse.run('CHECKPOINT');
  } finally {
    await warehouse.close();
  }
}

async function performanceRows(file: string): Promise<{ demo: number; other: number }> {
  const warehouse = await openDuckDbWarehouse({ path: file, skipMigrations: true });
  try {
    const rows = await warehouse.query(
      "SELECT count(*) FILTER (WHERE import_id = 'demo') AS demo, count(*) FILTER (WHERE import_id <> 'demo') AS other FROM fact_performance",
    );
    return { demo: Number(rows[0]?.demo), other: Number(rows[0]?.other) };
  } finally {
    await warehouse.close();
  }
}

/** A port nobody listens on right now, found by letting the system pick one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-demo-'));
  demoFile = path.join(folder, 'demo.duckdb');
  await buildDemoWorkspace(demoFile, { rows: DEMO_ROWS });
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('attribution on a fresh demo', () => {
  it('credits the buyer panel under every model, so attributed ROAS has values', async () => {
    const file = copyOfDemo();
    const warehouse = await openDuckDbWarehouse({ path: file, skipMigrations: true });
    let byModel: { model: string; conversions: number; value: number }[];
    let orders: number;
    try {
      const rows = await warehouse.query(
        "SELECT attribution_model AS model, sum(attributed_conversions) AS conversions, sum(attributed_value) AS value FROM fact_attributed WHERE date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30' GROUP BY 1 ORDER BY 1",
      );
      byModel = rows.map((row) => ({
        model: String(row.model),
        conversions: Number(row.conversions),
        value: Number(row.value),
      }));
      const counted = await warehouse.query(
        "SELECT count(*) AS n FROM fact_conversions WHERE date BETWEEN DATE '2026-06-01' AND DATE '2026-06-30'",
      );
      orders = Number(counted[0]?.n);
    } finally {
      await warehouse.close();
    }
    expect(byModel.map((row) => row.model)).toEqual(
      expect.arrayContaining(['last_touch', 'markov', 'shapley']),
    );
    // Every model credits the same conversions (those a touch reached), at most the month's orders.
    const credited = byModel[0]!.conversions;
    expect(credited).toBeGreaterThan(0.5 * orders);
    expect(credited).toBeLessThanOrEqual(orders);
    for (const row of byModel) expect(row.conversions).toBeCloseTo(credited, 6);

    const query = await cli(
      '--db',
      file,
      'query',
      '--kpis',
      'attributed_roas_markov,attributed_roas_last_touch,spend',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-30',
      '--format',
      'json',
    );
    expect(query.code, query.err).toBe(EXIT_OK);
    const [june] = JSON.parse(query.out) as {
      attributed_roas_markov: number | null;
      attributed_roas_last_touch: number | null;
      spend: number;
    }[];
    const creditOf = (model: string) => byModel.find((row) => row.model === model)!.value;
    expect(june!.attributed_roas_markov).toBeGreaterThan(0);
    expect(june!.attributed_roas_markov! * june!.spend).toBeCloseTo(creditOf('markov'), 4);
    expect(june!.attributed_roas_last_touch! * june!.spend).toBeCloseTo(creditOf('last_touch'), 4);
  });
});

describe('recognising a demo workspace', () => {
  it('takes what markpi demo builds for a demo, and an empty workspace (nothing to lose)', async () => {
    expect(await keptWorkspace(demoFile)).toBeUndefined();
    const empty = path.join(folder, 'empty.duckdb');
    await change(empty, async () => undefined);
    expect(await keptWorkspace(empty)).toBeUndefined();
  });

  it('counts the rows that did not come from the demo', async () => {
    const file = copyOfDemo();
    // Three rows as an imported file would leave them: a different import id.
    await change(file, (warehouse) =>
      warehouse.run(
        "INSERT INTO fact_performance SELECT * REPLACE ('sha256:a-file' AS import_id) FROM fact_performance LIMIT 3",
      ),
    );
    expect(await keptWorkspace(file)).toEqual({ key: 'imported_rows', params: { rows: 3 } });
  });

  it('counts target versions people set, but not the demo’s own', async () => {
    const file = copyOfDemo();
    const catalog = buildCatalog();
    await change(file, async (warehouse) => {
      for (const id of ['own-ctr', 'own-cpc']) {
        await addTarget(
          warehouse,
          catalog,
          { id, kpi: id.slice(4), period: { from: '2026-11-01', to: '2026-11-30' }, value: 0.02 },
          { author: 'alice' },
        );
      }
    });
    expect(await keptWorkspace(file)).toEqual({ key: 'people_targets', params: { versions: 2 } });
  });

  it('names the tables holding rows the demo never writes', async () => {
    const file = copyOfDemo();
    await change(file, (warehouse) =>
      warehouse.run(
        "INSERT INTO target_benchmarks VALUES ('ctr', 'douyin', 0.012, 'agency report', NULL, '2026-11-02T00:00:00Z')",
      ),
    );
    expect(await keptWorkspace(file)).toEqual({
      key: 'other_rows',
      params: { tables: ['target_benchmarks'] },
    });
  });

  it('refuses DuckDB files that are not markpi workspaces, and files that are not DuckDB at all', async () => {
    const foreign = path.join(folder, 'sales.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: foreign, skipMigrations: true });
    await warehouse.run('CREATE TABLE sales (day DATE, amount DOUBLE)');
    await warehouse.close();
    expect(await keptWorkspace(foreign)).toEqual({ key: 'foreign_tables', params: { tables: ['sales'] } });

    for (const [name, bytes] of [
      ['report.csv', 'date,spend\n2026-10-01,12.5\n'],
      ['blank.duckdb', ''],
    ] as const) {
      const file = path.join(folder, name);
      writeFileSync(file, bytes);
      expect(await keptWorkspace(file)).toEqual({ key: 'not_duckdb', params: {} });
    }
  });

  it('says every reason in English and Chinese', () => {
    const reasons: KeptWorkspace[] = [
      { key: 'not_duckdb', params: {} },
      { key: 'unreadable', params: { cause: 'locked' } },
      { key: 'foreign_tables', params: { tables: ['sales', 'costs'] } },
      { key: 'imported_rows', params: { rows: 1204 } },
      { key: 'people_targets', params: { versions: 2 } },
      { key: 'other_rows', params: { tables: ['meta_imports'] } },
    ];
    const english = reasons.map((reason) => sayKeptWorkspace(reason, 'en'));
    const chinese = reasons.map((reason) => sayKeptWorkspace(reason, 'zh'));
    expect(english[3]).toBe('it holds 1,204 row(s) that are not demo data');
    expect(chinese[2]).toContain('sales、costs');
    // Each language says each reason differently, and the two languages differ.
    expect(new Set(english).size).toBe(reasons.length);
    expect(new Set(chinese).size).toBe(reasons.length);
    for (const [index, text] of chinese.entries()) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toBe(english[index]);
    }
  });
});

describe('markpi demo over an existing file', () => {
  it('replaces an earlier demo', async () => {
    const file = copyOfDemo();
    const { code, err } = await cli('--db', file, 'demo', '--no-serve', '--rows', DEMO_ROWS);
    expect(code, err).toBe(EXIT_OK);
    expect(await performanceRows(file)).toEqual({ demo: 60_000, other: 0 });
  }, 120_000);

  it('keeps a workspace holding imported rows, byte for byte, and says why in one line with the way out', async () => {
    const file = copyOfDemo();
    await change(file, (warehouse) =>
      warehouse.run(
        "INSERT INTO fact_performance SELECT * REPLACE ('sha256:a-file' AS import_id) FROM fact_performance LIMIT 5",
      ),
    );
    const before = digest(file);
    const { code, out, err } = await cli('--db', file, 'demo', '--no-serve', '--rows', DEMO_ROWS);
    expect(code).toBe(EXIT_USER);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toEqual([
      `error: ${file} was kept: it holds 5 row(s) that are not demo data; add --force to replace it with the demo, or choose another file with --db`,
    ]);
    expect(digest(file)).toBe(before);
    expect(await performanceRows(file)).toEqual({ demo: 60_000, other: 5 });
  });

  it('replaces it with --force', async () => {
    const file = copyOfDemo();
    await change(file, (warehouse) =>
      warehouse.run(
        "INSERT INTO fact_performance SELECT * REPLACE ('sha256:a-file' AS import_id) FROM fact_performance LIMIT 5",
      ),
    );
    const { code, err } = await cli('--db', file, 'demo', '--no-serve', '--rows', DEMO_ROWS, '--force');
    expect(code, err).toBe(EXIT_OK);
    expect(await performanceRows(file)).toEqual({ demo: 60_000, other: 0 });
  }, 120_000);

  it('keeps a file that is not a workspace, and never replaces a folder, even with --force', async () => {
    const file = path.join(folder, 'notes.txt');
    writeFileSync(file, 'campaign notes\n');
    const kept = await cli('--db', file, 'demo', '--no-serve', '--rows', DEMO_ROWS);
    expect(kept.code).toBe(EXIT_USER);
    expect(kept.err).toContain('was kept: it is not a markpi workspace; add --force');
    expect(readFileSync(file, 'utf8')).toBe('campaign notes\n');

    const directory = path.join(folder, 'a-folder.duckdb');
    mkdirSync(directory);
    writeFileSync(path.join(directory, 'inside.txt'), 'kept');
    const refused = await cli('--db', directory, 'demo', '--no-serve', '--rows', DEMO_ROWS, '--force');
    expect(refused.code).toBe(EXIT_USER);
    expect(refused.err.trim()).toBe(`error: ${directory} is not a file; choose a workspace file with --db`);
    expect(readFileSync(path.join(directory, 'inside.txt'), 'utf8')).toBe('kept');
  });
});

describe('markpi demo --port', () => {
  it('refuses what is not a port before building anything', async () => {
    const file = path.join(folder, 'never-built.duckdb');
    for (const port of ['', 'abc', '1e3', '0x50', '-1', '65536', '3700.5']) {
      const { code, err } = await cli('--db', file, 'demo', '--rows', DEMO_ROWS, '--port', port);
      expect(code, port).toBe(EXIT_USER);
      expect(err).toContain(`--port ${port} is not a port number`);
    }
    expect(() => readFileSync(file)).toThrow();
  });

  it('serves the dashboard on the port asked for, until stopped, and leaves a demo workspace', async () => {
    const file = copyOfDemo();
    const port = await freePort();
    let out = '';
    const running = runCliCaptured(folder, [
      '--db',
      file,
      'demo',
      '--rows',
      DEMO_ROWS,
      '--port',
      String(port),
    ]);
    // The in-process runner returns only at the end; watch the server's own answer instead.
    const deadline = Date.now() + 110_000;
    let health: Response | undefined;
    while (!health && Date.now() < deadline) {
      health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(health?.status).toBe(200);
    process.emit('SIGINT');
    ({ out } = await running);
    expect(out).toContain(`markpi is running at http://localhost:${port}`);
    expect((await running).code).toBe(EXIT_OK);
    expect(await keptWorkspace(file)).toBeUndefined();
  }, 120_000);
});
