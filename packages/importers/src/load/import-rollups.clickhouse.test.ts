/**
 * Rollups stay in step with every load on ClickHouse 18.16, whose loads swap partitions instead
 * of committing a transaction: after a first load, a restatement across a month's end (weeks
 * spanning two months), another account, a report over a date range and a forced re-import, each
 * rollup holds what summing the raw table again gives (a plain `GROUP BY` written here). A
 * process killed while the load stages its rollup months leaves raw rows and rollups as they
 * were, and the retry moves both; one killed between a fact partition's swap and its rollup's is
 * rolled forward when the workspace opens, raw rows and rollups together. On a two-shard cluster
 * each shard's rollup months follow the rows it holds. The store is reached by path (tests
 * only): importers depend on core alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, buildCatalog, type KpiQuery, type RollupDefinition, type RollupTable } from '@markpi/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../read/source.js';
import { clickHouseInstalled, useLocalClickHouse, useLocalClickHouseCluster } from '../testing/clickhouse.js';
import { fixtureBytes } from '../testing/fixtures.js';
import { PERIOD_FIXTURES } from '../testing/period-fixtures.js';
import { importFile } from './import-files.js';
import type { ImportWarehouse, Row } from './warehouse.js';

interface StoreWarehouse extends ImportWarehouse {
  close(): Promise<void>;
}

interface Store {
  openClickHouseWarehouse(options: {
    url: string;
    skipMigrations?: boolean;
    loads?: { abandonStagingAfterSeconds?: number };
    cluster?: { name: string; shardUrls: string[] };
  }): Promise<StoreWarehouse>;
  createRollup(
    warehouse: StoreWarehouse,
    catalog: ReturnType<typeof buildCatalog>,
    definition: RollupDefinition,
  ): Promise<RollupTable>;
  listRollups(warehouse: StoreWarehouse): Promise<RollupTable[]>;
  runKpiQuery(
    warehouse: StoreWarehouse,
    catalog: ReturnType<typeof buildCatalog>,
    query: KpiQuery,
    options?: { rollups?: readonly RollupTable[] },
  ): Promise<{ rows: Row[]; rollups?: { rollup: string }[] }>;
}

const STORE = '../../../store/src/';
const store = {
  ...((await import(/* @vite-ignore */ `${STORE}clickhouse/index.js`)) as Store),
  ...((await import(/* @vite-ignore */ `${STORE}rollups/index.js`)) as Store),
  ...((await import(/* @vite-ignore */ `${STORE}run-query.js`)) as Store),
};

const available = clickHouseInstalled();

const catalog = buildCatalog();

const ROLLUPS: RollupDefinition[] = [
  { name: 'by_month', fact: 'performance', grain: 'month', dimensions: ['channel'] },
  {
    name: 'by_week_campaign',
    fact: 'performance',
    grain: 'week',
    dimensions: ['channel', 'account', 'campaign'],
  },
  { name: 'total_by_day', fact: 'performance', grain: 'day', dimensions: [] },
];

/** An Ocean Engine daily export: one row per day and project, figures scaled by `factor`. */
function oceanExport(days: readonly string[], projects: number, factor: number): Uint8Array {
  const lines = ['时间-天,项目名称,项目ID,单元名称,消耗,展示数,点击数,转化数'];
  for (const day of days) {
    for (let project = 0; project < projects; project++) {
      const seed = Number(day.slice(8)) * 7 + project;
      lines.push(
        `${day},项目${project},${7000 + project},单元${project},${((seed % 97) + 0.25) * factor},${1000 + seed * factor},${10 + (seed % 31)},${seed % 5}`,
      );
    }
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

const daysFrom = (first: number, last: number, month = '2026-01') =>
  Array.from(
    { length: last - first + 1 },
    (_, index) => `${month}-${String(first + index).padStart(2, '0')}`,
  );

const TRUNCATE = { day: 'toDate', week: 'toMonday', month: 'toStartOfMonth' } as const;

/** Rows in a stable order, numbers rounded to 1e-9 so sums in another order compare equal. */
async function sortedRows(warehouse: ImportWarehouse, sql: string): Promise<string[]> {
  const rows = await warehouse.query(sql);
  return rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
        ]),
      ),
    )
    .sort();
}

/**
 * Each rollup's table against summing the raw table again, written independently here. On a
 * cluster a bucket has a row per shard holding some of its days: those are added up first.
 */
async function expectInStep(warehouse: StoreWarehouse, sharded = false): Promise<void> {
  const rollups = await store.listRollups(warehouse);
  expect(rollups.map((rollup) => rollup.name).sort()).toEqual(ROLLUPS.map((rollup) => rollup.name).sort());
  for (const rollup of rollups) {
    const kept = rollup.dimensions.map((dimension) => `ifNull(${dimension}, '(null)') AS ${dimension}`);
    const stored = await sortedRows(
      warehouse,
      sharded
        ? `SELECT ${['day', ...rollup.dimensions.map((dimension, index) => `k${index} AS ${dimension}`), ...rollup.columns.map((column, index) => `sum(m${index}) AS ${column}`), 'toInt64(sum(r)) AS rollup_rows'].join(', ')} FROM (SELECT ${['toString(date) AS day', ...rollup.dimensions.map((dimension, index) => `ifNull(${dimension}, '(null)') AS k${index}`), ...rollup.columns.map((column, index) => `${column} AS m${index}`), 'rollup_rows AS r'].join(', ')} FROM ${rollup.table}) GROUP BY ${['day', ...rollup.dimensions.map((_, index) => `k${index}`)].join(', ')}`
        : `SELECT ${['toString(date) AS day', ...kept, ...rollup.columns, 'rollup_rows'].join(', ')} FROM ${rollup.table}`,
    );
    const sums = rollup.columns.map((column, index) => `sum(m${index}) AS ${column}`);
    const rebuilt = await sortedRows(
      warehouse,
      `SELECT ${['toString(bucket) AS day', ...rollup.dimensions.map((dimension, index) => `ifNull(k${index}, '(null)') AS ${dimension}`), ...sums, 'toInt64(count()) AS rollup_rows'].join(', ')} FROM (SELECT ${[`${TRUNCATE[rollup.grain]}(date) AS bucket`, ...rollup.dimensions.map((dimension, index) => `${dimension} AS k${index}`), ...rollup.columns.map((column, index) => `${column} AS m${index}`)].join(', ')} FROM fact_performance) GROUP BY ${['bucket', ...rollup.dimensions.map((_, index) => `k${index}`)].join(', ')}`,
    );
    expect(stored, rollup.name).toEqual(rebuilt);
  }
  const [leftovers] = await warehouse.query(
    "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND position(name, 'markpi_load_') = 1",
  );
  expect(Number(leftovers?.n)).toBe(0);
}

/** Random questions answered through the rollups and from the raw table: equal to 1e-9. */
async function expectSameAnswers(warehouse: StoreWarehouse, seed: number): Promise<number> {
  let throughRollups = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(['spend', 'ctr', 'cpc'], ['cvr', 'cpa', 'impressions'], ['spend', 'reach']),
      fc.constantFrom([], ['channel'], ['account'], ['campaign']),
      fc.constantFrom<KpiQuery['grain']>('day', 'week', 'month', 'total'),
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 40 }),
      async (kpis, dimensions, grain, start, length) => {
        const query: KpiQuery = {
          kpis: [...kpis],
          dimensions: [...dimensions],
          grain,
          from: addDays('2025-12-20', start),
          to: addDays('2025-12-20', start + length),
        };
        const through = await store.runKpiQuery(warehouse, catalog, query);
        const raw = await store.runKpiQuery(warehouse, catalog, query, { rollups: [] });
        if (through.rollups) throughRollups++;
        expect(through.rows.length).toBe(raw.rows.length);
        through.rows.forEach((row, index) => {
          for (const [key, value] of Object.entries(raw.rows[index]!)) {
            if (typeof value === 'number') expect(Number(row[key]), key).toBeCloseTo(value, 9);
            else expect(row[key], key).toEqual(value);
          }
        });
      },
    ),
    { numRuns: 8, seed },
  );
  return throughRollups;
}

/** What a crash must leave untouched or move together. */
async function snapshot(warehouse: StoreWarehouse) {
  return {
    raw: await sortedRows(
      warehouse,
      'SELECT toString(date) AS day, account, campaign, spend, impressions, import_id FROM fact_performance',
    ),
    month: await sortedRows(warehouse, 'SELECT toString(date) AS day, channel, spend FROM rollup_by_month'),
    week: await sortedRows(
      warehouse,
      'SELECT toString(date) AS day, account, campaign, spend, rollup_rows FROM rollup_by_week_campaign',
    ),
    day: await sortedRows(
      warehouse,
      'SELECT toString(date) AS day, spend, rollup_rows FROM rollup_total_by_day',
    ),
    imports: await sortedRows(warehouse, 'SELECT id FROM meta_imports'),
  };
}

// The child loads the built packages, as the DuckDB kill test does.
const root = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const folder = mkdtempSync(path.join(tmpdir(), 'markpi-rollup-kill-clickhouse-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * Imports a file into a ClickHouse workspace and kills its own process with SIGKILL: `staging`
 * as the load starts building its rollup months, `swapped` right after the load's first
 * partition swap (a fact month swapped in, its rollup months not yet).
 */
const CHILD = `
import { openClickHouseWarehouse } from ${JSON.stringify(path.join(root, 'packages/store/dist/index.js'))};
import { importFile, fileSource } from ${JSON.stringify(path.join(root, 'packages/importers/dist/index.js'))};
const [url, file, when] = process.argv.slice(2);
const die = () => process.kill(process.pid, 'SIGKILL');
const warehouse = await openClickHouseWarehouse({
  url,
  loads: when === 'swapped' ? { afterSwapStep: async (done) => { if (done === 1) die(); } } : {},
});
if (when === 'staging') {
  const engine = Object.getPrototypeOf(warehouse);
  const run = engine.run;
  engine.run = function (sql, params) {
    if (/^INSERT INTO \\S*_rebuild/.test(sql)) die();
    return run.call(this, sql, params);
  };
}
await importFile(warehouse, fileSource(file), { constants: { account: 'acc1' } });
console.log('finished');
`;

async function killedImport(url: string, file: string, when: 'staging' | 'swapped'): Promise<void> {
  const script = path.join(folder, 'child.mjs');
  writeFileSync(script, CHILD);
  const child = spawn(process.execPath, [script, url, file, when], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, sig) => resolve(sig)),
  );
  expect(signal, output).toBe('SIGKILL');
  expect(output).not.toContain('finished');
}

describe.runIf(available)('rollups kept in step by loads on ClickHouse', () => {
  const server = useLocalClickHouse();
  const open: StoreWarehouse[] = [];
  const openDatabase = async (database: string, skipMigrations = false) => {
    // A load still staging when the workspace opens is taken for dead at once (a day, by default).
    const warehouse = await store.openClickHouseWarehouse({
      url: server.storeUrl(database),
      skipMigrations,
      loads: { abandonStagingAfterSeconds: 0 },
    });
    open.push(warehouse);
    return warehouse;
  };
  afterAll(async () => {
    for (const warehouse of open) await warehouse.close();
  });

  it('follow a first load, a restatement, another account, a period report and a forced re-import', async () => {
    const warehouse = await openDatabase('followed');
    const first = bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1));
    await importFile(warehouse, first, { constants: { account: 'acc1' } });
    for (const definition of ROLLUPS) await store.createRollup(warehouse, catalog, definition);
    await expectInStep(warehouse);

    // Days 20 January – 9 February restated: the week of 26 January spans both months.
    const restated = bytesSource(
      'ocean-restated.csv',
      oceanExport([...daysFrom(20, 31), ...daysFrom(1, 9, '2026-02')], 2, 3),
    );
    const report = await importFile(warehouse, restated, { constants: { account: 'acc1' } });
    expect(report.rowsReplaced).toBe(36);
    await expectInStep(warehouse);
    expect(await expectSameAnswers(warehouse, 1)).toBeGreaterThan(2);

    await importFile(warehouse, bytesSource('ocean-acc2.csv', oceanExport(daysFrom(15, 25), 2, 2)), {
      constants: { account: 'acc2' },
    });
    await expectInStep(warehouse);

    // A report over a date range goes to the period rows, which no rollup holds: nothing moves.
    const monthBefore = await sortedRows(warehouse, 'SELECT * FROM rollup_by_month');
    const quarter = PERIOD_FIXTURES.find(
      (fixture) => fixture.file === 'google-ads-landing-page-quarter.csv',
    )!;
    const periods = await importFile(warehouse, bytesSource(quarter.file, await fixtureBytes(quarter)), {
      baseCurrency: 'USD',
    });
    expect(periods.summary?.periodRows).toBeDefined();
    expect(await sortedRows(warehouse, 'SELECT * FROM rollup_by_month')).toEqual(monthBefore);
    await expectInStep(warehouse);

    // The first file forced again: its rows replace the restated ones of its days.
    await importFile(warehouse, first, { constants: { account: 'acc1' }, force: true });
    await expectInStep(warehouse);
    expect(await expectSameAnswers(warehouse, 2)).toBeGreaterThan(2);
    // Five loads and as many checks of every rollup against the raw table.
  }, 120_000);

  it('a process killed while staging the rollup months changes nothing; the retry moves both', async () => {
    const setup = await openDatabase('killed_staging');
    await importFile(setup, bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1)), {
      constants: { account: 'acc1' },
    });
    for (const definition of ROLLUPS) await store.createRollup(setup, catalog, definition);
    const before = await snapshot(setup);

    const file = path.join(folder, 'restated-staging.csv');
    writeFileSync(file, oceanExport([...daysFrom(10, 31), ...daysFrom(1, 3, '2026-02')], 3, 5));
    await killedImport(server.storeUrl('killed_staging'), file, 'staging');

    const after = await openDatabase('killed_staging');
    expect(await snapshot(after)).toEqual(before);
    const retry = await importFile(
      after,
      bytesSource(
        'restated-staging.csv',
        oceanExport([...daysFrom(10, 31), ...daysFrom(1, 3, '2026-02')], 3, 5),
      ),
      { constants: { account: 'acc1' } },
    );
    expect(retry.status).toBe('imported');
    await expectInStep(after);
    expect(await snapshot(after)).not.toEqual(before);
  }, 120_000);

  it('a process killed between a fact swap and its rollups is rolled forward with them', async () => {
    const setup = await openDatabase('killed_swapping');
    await importFile(setup, bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1)), {
      constants: { account: 'acc1' },
    });
    for (const definition of ROLLUPS) await store.createRollup(setup, catalog, definition);
    const before = await snapshot(setup);

    const file = path.join(folder, 'restated-swapping.csv');
    writeFileSync(file, oceanExport(daysFrom(10, 31), 3, 5));
    await killedImport(server.storeUrl('killed_swapping'), file, 'swapped');

    // Read without finishing the load: January's facts are swapped, its rollup months not yet.
    const halfway = await openDatabase('killed_swapping', true);
    const seen = await snapshot(halfway);
    expect(seen.raw).not.toEqual(before.raw);
    expect({ ...seen, raw: before.raw }).toEqual(before);
    // Meanwhile questions read the facts alone, whatever rollups could answer them.
    const question: KpiQuery = {
      kpis: ['spend', 'cpc'],
      dimensions: ['channel'],
      grain: 'month',
      from: '2026-01-01',
      to: '2026-01-31',
    };
    const whileSwapping = await store.runKpiQuery(halfway, catalog, question);
    expect(whileSwapping.rollups).toBeUndefined();
    expect(whileSwapping.rows).toEqual(
      (await store.runKpiQuery(halfway, catalog, question, { rollups: [] })).rows,
    );

    const reopened = await openDatabase('killed_swapping');
    const after = await snapshot(reopened);
    expect(after.imports).toHaveLength(2);
    await expectInStep(reopened);
    expect((await store.runKpiQuery(reopened, catalog, question)).rollups?.map((use) => use.rollup)).toEqual([
      'by_month',
    ]);
    const retry = await importFile(
      reopened,
      bytesSource('restated-swapping.csv', oceanExport(daysFrom(10, 31), 3, 5)),
      { constants: { account: 'acc1' } },
    );
    expect(retry.status).toBe('already_imported');
    expect(await snapshot(reopened)).toEqual(after);
  }, 120_000);
});

describe.runIf(available)('rollups kept in step by loads on a two-shard ClickHouse cluster', () => {
  const cluster = useLocalClickHouseCluster();
  let warehouse: StoreWarehouse | undefined;
  afterAll(async () => {
    await warehouse?.close();
  });

  it("rebuild every shard's rollup months from the rows it holds", async () => {
    warehouse = await store.openClickHouseWarehouse(cluster.store('sharded'));
    await importFile(warehouse, bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1)), {
      constants: { account: 'acc1' },
    });
    for (const definition of ROLLUPS) await store.createRollup(warehouse, catalog, definition);
    await expectInStep(warehouse, true);
    const restated = bytesSource(
      'ocean-restated.csv',
      oceanExport([...daysFrom(20, 31), ...daysFrom(1, 9, '2026-02')], 2, 3),
    );
    expect((await importFile(warehouse, restated, { constants: { account: 'acc1' } })).rowsReplaced).toBe(36);
    await expectInStep(warehouse, true);
    await importFile(warehouse, bytesSource('ocean-acc2.csv', oceanExport(daysFrom(15, 25), 2, 2)), {
      constants: { account: 'acc2' },
    });
    await expectInStep(warehouse, true);
    expect(await expectSameAnswers(warehouse, 1)).toBeGreaterThan(2);
  }, 120_000);
});
