/**
 * Rollups stay in step with every import: after a first load, a restatement of some days, an
 * import of another account, a report over a date range and a forced re-import, each rollup
 * holds exactly what building it again from the raw table gives. A process killed inside the
 * refresh (after the rollup's old buckets are deleted, before they are written again) leaves
 * the raw rows and the rollups as they were, and the retry brings both forward together. Random
 * questions after the restatements answer through the rollups as from the raw table.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  buildCatalog,
  duckDbDialect,
  type KpiQuery,
  type RollupDefinition,
  type RollupTable,
  rollupSelectSql,
} from '@markpi/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesSource } from '../read/source.js';
import { fixtureBytes } from '../testing/fixtures.js';
import { PERIOD_FIXTURES } from '../testing/period-fixtures.js';
import { openTestWorkspace, type TestWorkspace } from '../testing/workspace.js';
import { importFile } from './import-files.js';
import type { Row } from './warehouse.js';

const catalog = buildCatalog();

// The store creates rollups; reached by path (tests only), as the test workspace is.
const STORE_ROLLUPS = '../../../store/src/rollups/index.js';
const STORE_RUN_QUERY = '../../../store/src/run-query.js';
interface RunQuery {
  runKpiQuery(
    warehouse: TestWorkspace,
    catalog: ReturnType<typeof buildCatalog>,
    query: KpiQuery,
    options?: { rollups?: readonly RollupTable[] },
  ): Promise<{ rows: Row[]; rollups?: { rollup: string }[] }>;
}
const { runKpiQuery } = (await import(/* @vite-ignore */ STORE_RUN_QUERY)) as RunQuery;
interface Store {
  createRollup(
    warehouse: TestWorkspace,
    catalog: ReturnType<typeof buildCatalog>,
    definition: RollupDefinition,
  ): Promise<RollupTable>;
  listRollups(warehouse: TestWorkspace): Promise<RollupTable[]>;
}
const store = (await import(/* @vite-ignore */ STORE_ROLLUPS)) as Store;

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

/** A rollup's rows in a stable order, numbers as numbers. */
async function rollupRows(warehouse: TestWorkspace, sql: string): Promise<Row[]> {
  const rows = await warehouse.query(sql);
  return rows
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]),
      ),
    )
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * Random questions over the imported days answered through the rollups (the planner's own
 * choice) and from the raw table: equal to 1e-9, flags included. Returns how many read a rollup.
 */
async function expectSameAnswers(warehouse: TestWorkspace, seed: number): Promise<number> {
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
        const through = await runKpiQuery(warehouse, catalog, query);
        const raw = await runKpiQuery(warehouse, catalog, query, { rollups: [] });
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
    { numRuns: 25, seed },
  );
  return throughRollups;
}

/** Each rollup's table against building it again from the raw table now: equal to 1e-9. */
async function expectInStep(warehouse: TestWorkspace): Promise<void> {
  for (const rollup of await store.listRollups(warehouse)) {
    const columns = ['date', ...rollup.dimensions, ...rollup.columns, 'rollup_rows'].map(
      (column) => `"${column}"`,
    );
    const stored = await rollupRows(warehouse, `SELECT ${columns.join(', ')} FROM "${rollup.table}"`);
    const rebuilt = await rollupRows(warehouse, rollupSelectSql(duckDbDialect, rollup, 'fact_performance'));
    expect(stored.length, rollup.name).toBe(rebuilt.length);
    stored.forEach((row, index) => {
      for (const [key, value] of Object.entries(rebuilt[index]!)) {
        if (typeof value === 'number')
          expect(Number(row[key]), `${rollup.name} ${key}`).toBeCloseTo(value, 9);
        else expect(row[key], `${rollup.name} ${key}`).toEqual(value);
      }
    });
  }
}

describe('rollups kept in step by imports', () => {
  it('follow a first load, a restatement, another account, a period report and a forced re-import', async () => {
    const warehouse = await openTestWorkspace();
    const first = bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1));
    await importFile(warehouse, first, { constants: { account: 'acc1' } });
    for (const definition of ROLLUPS) await store.createRollup(warehouse, catalog, definition);
    await expectInStep(warehouse);

    // Days 20–31 January and 1–9 February restated with other figures: the buckets of those
    // weeks and months (for this account) are rebuilt, the others left as they were.
    const restated = bytesSource(
      'ocean-restated.csv',
      oceanExport([...daysFrom(20, 31), ...daysFrom(1, 9, '2026-02')], 2, 3),
    );
    const report = await importFile(warehouse, restated, { constants: { account: 'acc1' } });
    expect(report.rowsReplaced).toBe(36);
    await expectInStep(warehouse);
    expect(await expectSameAnswers(warehouse, 1)).toBeGreaterThan(5);

    // Another account on overlapping days.
    await importFile(warehouse, bytesSource('ocean-acc2.csv', oceanExport(daysFrom(15, 25), 2, 2)), {
      constants: { account: 'acc2' },
    });
    await expectInStep(warehouse);

    // A report over a date range goes to the period rows, which no rollup holds: nothing moves.
    const monthBefore = await rollupRows(warehouse, 'SELECT * FROM rollup_by_month');
    const quarter = PERIOD_FIXTURES.find(
      (fixture) => fixture.file === 'google-ads-landing-page-quarter.csv',
    )!;
    const periods = await importFile(warehouse, bytesSource(quarter.file, await fixtureBytes(quarter)), {
      baseCurrency: 'USD',
    });
    expect(periods.summary?.periodRows).toBeDefined();
    expect(await rollupRows(warehouse, 'SELECT * FROM rollup_by_month')).toEqual(monthBefore);
    await expectInStep(warehouse);

    // The first file forced again: its rows replace the restated ones of its days.
    await importFile(warehouse, first, { constants: { account: 'acc1' }, force: true });
    await expectInStep(warehouse);
    expect(await expectSameAnswers(warehouse, 2)).toBeGreaterThan(5);
    const [sums] = await warehouse.query(
      `SELECT (SELECT SUM(rollup_rows) FROM rollup_total_by_day) AS rolled, (SELECT COUNT(*) FROM fact_performance) AS raw`,
    );
    expect(Number(sums?.rolled)).toBe(Number(sums?.raw));
  });
});

// The child loads the built packages, as the CLI's kill test runs the built CLI.
const root = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const folder = mkdtempSync(path.join(tmpdir(), 'markpi-rollup-kill-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * Imports a file and kills its own process with SIGKILL just before the first rollup's buckets
 * are written again, when its old ones are already deleted inside the open transaction.
 */
const CHILD = `
import { openDuckDbWarehouse } from ${JSON.stringify(path.join(root, 'packages/store/dist/index.js'))};
import { importFile, fileSource } from ${JSON.stringify(path.join(root, 'packages/importers/dist/index.js'))};
const [db, file] = process.argv.slice(2);
const inner = await openDuckDbWarehouse({ path: db });
const killingRuns = (scoped) => new Proxy(scoped, {
  get(target, property) {
    if (property === 'run') {
      return async (sql, params) => {
        if (sql.startsWith('INSERT INTO "rollup_')) process.kill(process.pid, 'SIGKILL');
        return target.run(sql, params);
      };
    }
    const value = target[property];
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
const warehouse = new Proxy(inner, {
  get(target, property) {
    if (property === 'transaction') return (work) => target.transaction((scoped) => work(killingRuns(scoped)));
    const value = target[property];
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
await importFile(warehouse, fileSource(file), { constants: { account: 'acc1' } });
console.log('finished');
`;

describe('a process killed inside the refresh', () => {
  it('leaves the raw rows and the rollups as they were; the retry moves both', async () => {
    const db = path.join(folder, 'killed.duckdb');
    const setup = await openTestWorkspace(db);
    await importFile(setup, bytesSource('ocean-jan.csv', oceanExport(daysFrom(1, 31), 3, 1)), {
      constants: { account: 'acc1' },
    });
    for (const definition of ROLLUPS) await store.createRollup(setup, catalog, definition);
    const snapshot = async (warehouse: TestWorkspace) => ({
      raw: await rollupRows(warehouse, 'SELECT * FROM fact_performance'),
      month: await rollupRows(warehouse, 'SELECT * FROM rollup_by_month'),
      week: await rollupRows(warehouse, 'SELECT * FROM rollup_by_week_campaign'),
      day: await rollupRows(warehouse, 'SELECT * FROM rollup_total_by_day'),
      imports: await rollupRows(warehouse, 'SELECT id FROM meta_imports'),
    });
    const before = await snapshot(setup);
    await setup.run('CHECKPOINT');
    await setup.close();

    const restated = path.join(folder, 'restated.csv');
    writeFileSync(restated, oceanExport(daysFrom(10, 31), 3, 5));
    const script = path.join(folder, 'child.mjs');
    writeFileSync(script, CHILD);
    const child = spawn(process.execPath, [script, db, restated], { stdio: ['ignore', 'pipe', 'pipe'] });
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

    const after = await openTestWorkspace(db);
    expect(await snapshot(after)).toEqual(before);
    await expectInStep(after);
    const retry = await importFile(after, bytesSource('restated.csv', oceanExport(daysFrom(10, 31), 3, 5)), {
      constants: { account: 'acc1' },
    });
    expect(retry.status).toBe('imported');
    await expectInStep(after);
    expect(await snapshot(after)).not.toEqual(before);
  }, 120_000);
});
