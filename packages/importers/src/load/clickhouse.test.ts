/**
 * Imports on a real ClickHouse (its own throwaway server; each test its own database): the
 * same rows as DuckDB, idempotent, restated days replaced, nothing visible of a failed load,
 * an interrupted swap rolled forward, and the same on a two-shard cluster. The store is reached
 * by path (tests only): importers depend on core alone.
 */
import { FACTS, factMeasureColumns, PERIOD_END_COLUMN } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { bytesSource, fileSource, type ImportSource } from '../read/source.js';
import { clickHouseInstalled, useLocalClickHouse, useLocalClickHouseCluster } from '../testing/clickhouse.js';
import { FIXTURE_OPTIONS } from '../testing/fixture-options.js';
import { FIXTURES, MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { exportRejectedRows, importFile } from './import-files.js';
import type { ImportLoad, ImportWarehouse, Row } from './warehouse.js';

interface StoreWarehouse extends ImportWarehouse {
  close(): Promise<void>;
}

interface LoadOptions {
  abandonStagingAfterSeconds?: number;
  afterSwapStep?: (done: number, total: number) => Promise<void>;
}

interface ClickHouseStore {
  openClickHouseWarehouse(options: {
    url: string;
    skipMigrations?: boolean;
    cluster?: { name: string; shardUrls: string[] };
    loads?: LoadOptions;
  }): Promise<StoreWarehouse>;
}

const STORE = '../../../store/src/';
const clickhouse = (await import(/* @vite-ignore */ `${STORE}clickhouse/index.js`)) as ClickHouseStore;
const duckdb = (await import(/* @vite-ignore */ `${STORE}duckdb/index.js`)) as {
  openDuckDbWarehouse(options: { path: string }): Promise<StoreWarehouse>;
};

const available = clickHouseInstalled();

const NOW = () => new Date('2026-06-01T08:00:00Z');
const USD = [{ date: '2026-01-01', currency: 'USD', rate: 7 }];

async function importEveryFixture(warehouse: ImportWarehouse, only?: ReadonlySet<string>): Promise<void> {
  const fx = await importFile(warehouse, fileSource(`${FIXTURE_DIR}fx-rates.csv`), {
    mapping: validateMapping(MAPPINGS['fx-rates']),
    now: NOW,
  });
  expect(fx.status).toBe('imported');
  for (const fixture of FIXTURES) {
    if (fixture.file === 'fx-rates.csv' || (only && !only.has(fixture.file))) continue;
    const report = await importFile(warehouse, fileSource(`${FIXTURE_DIR}${fixture.file}`), {
      ...FIXTURE_OPTIONS[fixture.file],
      now: NOW,
    });
    expect(report.status, fixture.file).toBe('imported');
  }
}

/**
 * The first fixture (in fixture order) of each table its rows land in, a fact's period table
 * counted apart: each kind of load once, found by loading every fixture into DuckDB.
 */
async function oneFixturePerTable(): Promise<Set<string>> {
  const scratch = await duckdb.openDuckDbWarehouse({ path: ':memory:' });
  try {
    await importEveryFixture(scratch);
    const tablesOf = new Map<string, Set<string>>();
    const add = (file: string, table: string) =>
      tablesOf.set(file, (tablesOf.get(file) ?? new Set()).add(table));
    for (const row of await scratch.query('SELECT file_name, target_table FROM meta_imports')) {
      add(String(row.file_name), String(row.target_table));
    }
    for (const fact of FACTS) {
      if (!fact.periodTable) continue;
      const rows = await scratch.query(
        `SELECT DISTINCT file_name FROM meta_imports WHERE id IN (SELECT import_id FROM ${fact.periodTable})`,
      );
      for (const row of rows) add(String(row.file_name), fact.periodTable);
    }
    const chosen = new Set<string>();
    const covered = new Set<string>();
    for (const fixture of FIXTURES) {
      const tables = [...(tablesOf.get(fixture.file) ?? [])];
      if (tables.some((table) => !covered.has(table))) chosen.add(fixture.file);
      for (const table of tables) covered.add(table);
    }
    return chosen;
  } finally {
    await scratch.close();
  }
}

/** A Google Ads campaign report for the days in its range line. */
function googleReport(range: string, rows: readonly string[]): ImportSource {
  return bytesSource(
    `${range}.csv`,
    new TextEncoder().encode(
      ['Campaign report', `"${range}"`, 'Day,Campaign,Currency code,Cost,Impr.', ...rows, ''].join('\n'),
    ),
  );
}

const stable = (rows: readonly Row[]) =>
  rows.map((row) => JSON.stringify(row)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every row of the facts and of the import metadata, in an engine-independent order. */
async function canonicalContent(warehouse: ImportWarehouse): Promise<Record<string, string[]>> {
  const q = (name: string) => warehouse.dialect.quote(name);
  const content: Record<string, string[]> = {};
  for (const fact of FACTS) {
    const columns = ['date', ...fact.dimensions, ...factMeasureColumns(fact.id), 'import_id'];
    content[fact.table] = stable(
      await warehouse.query(`SELECT ${columns.map(q).join(', ')} FROM ${q(fact.table)}`),
    );
    if (fact.periodTable) {
      content[fact.periodTable] = stable(
        await warehouse.query(
          `SELECT ${[...columns, PERIOD_END_COLUMN].map(q).join(', ')} FROM ${q(fact.periodTable)}`,
        ),
      );
    }
  }
  content.meta_imports = stable(
    await warehouse.query(
      'SELECT id, file_name, platform, target_table, period_from, period_to, rows_read, rows_accepted, rows_rejected, rows_replaced, reconciliation FROM meta_imports',
    ),
  );
  content.meta_rejected_rows = stable(
    await warehouse.query(
      'SELECT import_id, file_name, row_number, column_name, reason, raw_values FROM meta_rejected_rows',
    ),
  );
  content.meta_fx_rates = stable(
    await warehouse.query(`SELECT ${q('date')}, currency, rate, base_currency, import_id FROM meta_fx_rates`),
  );
  return content;
}

/** Tables a load left behind (staging, swap, keys): there must never be any once it is over. */
async function loadTables(warehouse: ImportWarehouse): Promise<string[]> {
  const rows = await warehouse.query(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND position(name, 'markpi_load_') = 1 ORDER BY name",
  );
  return rows.map((row) => String(row.name));
}

const JOURNAL_ORDER = ['staging', 'swapping', 'committed', 'abandoned'];

/** The journal's states, in the order a load passes through them (seconds may tie). */
async function journalStates(warehouse: ImportWarehouse): Promise<string[]> {
  const rows = await warehouse.query('SELECT state FROM meta_load_journal ORDER BY state');
  return rows
    .map((row) => String(row.state))
    .sort((a, b) => JOURNAL_ORDER.indexOf(a) - JOURNAL_ORDER.indexOf(b));
}

/** Appends through `load` until the `failAt`-th, which throws like a dying connection. */
function failingOnAppend(warehouse: StoreWarehouse, failAt: number): ImportWarehouse {
  let appends = 0;
  return {
    dialect: warehouse.dialect,
    query: (sql, params) => warehouse.query(sql, params),
    run: (sql, params) => warehouse.run(sql, params),
    append: (table, batch) => warehouse.append(table, batch),
    transaction: (work) => warehouse.transaction(work),
    finishInterruptedLoads: () => warehouse.finishInterruptedLoads!(),
    loadImport: (plan, work) =>
      warehouse.loadImport!(plan, (load) =>
        work({
          append: async (table, batch) => {
            appends += 1;
            if (appends >= failAt) throw new Error('simulated crash while appending');
            await load.append(table, batch);
          },
          replaceOlderRows: (replacement) => load.replaceOlderRows(replacement),
        }),
      ),
  };
}

describe.runIf(available)('imports on ClickHouse', () => {
  const server = useLocalClickHouse();
  const open: StoreWarehouse[] = [];

  async function openDatabase(database: string, loads?: LoadOptions): Promise<StoreWarehouse> {
    const warehouse = await clickhouse.openClickHouseWarehouse({
      url: server.storeUrl(database),
      ...(loads ? { loads } : {}),
    });
    open.push(warehouse);
    return warehouse;
  }

  afterAll(async () => {
    for (const warehouse of open) await warehouse.close();
  });

  it('loads every fixture into the same rows, log and totals as DuckDB', async () => {
    const reference = await duckdb.openDuckDbWarehouse({ path: ':memory:' });
    try {
      await importEveryFixture(reference);
      const warehouse = await openDatabase('fixtures');
      await importEveryFixture(warehouse);
      const [ours, theirs] = [await canonicalContent(warehouse), await canonicalContent(reference)];
      expect(ours).toEqual(theirs);
      expect(ours.fact_performance).toHaveLength(51);
      expect(ours.fact_performance_periods).toHaveLength(2);
      const totals =
        'SELECT channel, SUM(spend) AS spend, SUM(impressions) AS impressions FROM fact_performance GROUP BY channel ORDER BY channel';
      const [chTotals, duckTotals] = [await warehouse.query(totals), await reference.query(totals)];
      expect(chTotals.map((row) => row.channel)).toEqual(duckTotals.map((row) => row.channel));
      chTotals.forEach((row, index) => {
        expect(Number(row.spend)).toBeCloseTo(Number(duckTotals[index]!.spend), 6);
        expect(Number(row.impressions)).toBe(Number(duckTotals[index]!.impressions));
      });
      expect(await exportRejectedRows(warehouse)).toBe(await exportRejectedRows(reference));
      expect(await loadTables(warehouse)).toEqual([]);
    } finally {
      await reference.close();
    }
    // Every fixture on ClickHouse and DuckDB: 20 s alone, three times that at the start of a full
    // run, beside the heaviest Chromium file.
  }, 150_000);

  it('imports the same file once; a forced re-import replaces itself', async () => {
    const warehouse = await openDatabase('twice');
    const file = `${FIXTURE_DIR}google-ads-campaign-daily.csv`;
    const options = { fxRates: USD, now: NOW };
    const first = await importFile(warehouse, fileSource(file), options);
    expect(first.status).toBe('imported');
    const before = await canonicalContent(warehouse);
    const again = await importFile(warehouse, fileSource(file), options);
    expect(again.status).toBe('already_imported');
    expect(again.previouslyImportedAt).toBe('2026-06-01 08:00:00');
    expect(await canonicalContent(warehouse)).toEqual(before);
    const forced = await importFile(warehouse, fileSource(file), { ...options, force: true });
    expect(forced.status).toBe('imported');
    expect(forced.rowsReplaced).toBe(0);
    expect(await canonicalContent(warehouse)).toEqual(before);
    expect(await loadTables(warehouse)).toEqual([]);
  });

  it("replaces restated days, across months, and leaves other platforms' rows alone", async () => {
    const warehouse = await openDatabase('restated');
    await importFile(warehouse, fileSource(`${FIXTURE_DIR}meta-en-ad-daily.csv`), {
      fxRates: USD,
      now: NOW,
    });
    const metaRows = await warehouse.query(
      "SELECT count() AS n FROM fact_performance WHERE channel = 'meta'",
    );
    await importFile(
      warehouse,
      googleReport('Apr 30, 2026 - May 2, 2026', [
        '2026-04-30,A,USD,1,10',
        '2026-05-01,A,USD,2,20',
        '2026-05-02,A,USD,3,30',
      ]),
      { fxRates: USD, now: NOW },
    );
    const restated = await importFile(
      warehouse,
      googleReport('Apr 30, 2026 - May 1, 2026', ['2026-05-01,A,USD,5,50']),
      { fxRates: USD, now: NOW },
    );
    expect(restated.rowsReplaced).toBe(2);
    expect(
      await warehouse.query(
        "SELECT toString(date) AS day, impressions FROM fact_performance WHERE channel = 'google_ads' ORDER BY day",
      ),
    ).toEqual([
      { day: '2026-05-01', impressions: 50 },
      { day: '2026-05-02', impressions: 30 },
    ]);
    expect(await warehouse.query("SELECT count() AS n FROM fact_performance WHERE channel = 'meta'")).toEqual(
      metaRows,
    );
    expect(
      (await warehouse.query('SELECT rows_replaced FROM meta_imports ORDER BY rows_replaced')).map(
        (row) => row.rows_replaced,
      ),
    ).toEqual([0, 0, 2]);
    expect(await loadTables(warehouse)).toEqual([]);
  });

  it('leaves every table exactly as it was when a load fails midway', async () => {
    const warehouse = await openDatabase('failures');
    await importFile(
      warehouse,
      googleReport('May 1, 2026 - May 2, 2026', ['2026-05-01,A,USD,1,10', '2026-05-02,A,USD,2,20']),
      { fxRates: USD, now: NOW },
    );
    const before = await canonicalContent(warehouse);

    // 30 000 good rows in batches of 5 000, then a row cut off.
    const rows = Array.from({ length: 30_000 }, (_, index) => `2026-05-03,C${index},USD,1,1`);
    const cut = new TextEncoder().encode(
      `Day,Campaign,Currency code,Cost,Impr.\n${rows.join('\n')}\n2026-05-03,C,USD`,
    );
    await expect(
      importFile(warehouse, bytesSource('cut.csv', cut), { fxRates: USD, batchRows: 5000 }),
    ).rejects.toThrow(/cut\.csv:30002:Cost/);
    expect(await canonicalContent(warehouse)).toEqual(before);

    // A restatement that dies on its second append (its log row), after declaring what it replaces.
    const restatement = googleReport('May 2, 2026 - May 2, 2026', ['2026-05-02,A,USD,3,30']);
    await expect(
      importFile(failingOnAppend(warehouse, 2), restatement, { fxRates: USD, now: NOW }),
    ).rejects.toThrow(/simulated crash/);
    expect(await canonicalContent(warehouse)).toEqual(before);

    // A rejected row with all-or-nothing.
    const bad = googleReport('May 2, 2026 - May 2, 2026', ['2026-05-02,A,USD,3,30', '2026-05-02,B,USD,x,1']);
    const report = await importFile(warehouse, bad, {
      fxRates: USD,
      rejectPolicy: 'all-or-nothing',
    }).catch((error: Error) => error);
    expect(report).toBeInstanceOf(Error);
    expect(await canonicalContent(warehouse)).toEqual(before);

    expect(await loadTables(warehouse)).toEqual([]);
    expect((await journalStates(warehouse)).filter((state) => state === 'abandoned')).toHaveLength(3);
  });

  it('rolls an import interrupted between partition swaps forward', async () => {
    const first = await openDatabase('interrupted');
    await importFile(
      first,
      googleReport('Apr 30, 2026 - May 2, 2026', [
        '2026-04-30,A,USD,1,10',
        '2026-05-01,A,USD,2,20',
        '2026-05-02,A,USD,3,30',
      ]),
      { fxRates: USD, now: NOW },
    );
    let crashed: () => void = () => undefined;
    const crash = new Promise<void>((resolve) => {
      crashed = resolve;
    });
    const dying = await openDatabase('interrupted', {
      // After its first partition swap the process "dies": nothing of this load runs again.
      afterSwapStep: async (done) => {
        if (done !== 1) return;
        crashed();
        await new Promise<void>(() => undefined);
      },
    });
    // A restatement of April and May: both months are rebuilt, April first.
    void importFile(dying, googleReport('Apr 30, 2026 - May 1, 2026', ['2026-05-01,A,USD,5,50']), {
      fxRates: USD,
      now: NOW,
    }).catch(() => undefined);
    await crash;

    const day = 'SELECT toString(date) AS day, impressions FROM fact_performance ORDER BY day';
    expect(await journalStates(first)).toEqual(['staging', 'staging', 'swapping', 'swapping', 'committed']);
    // Half-swapped: April is rebuilt (30 April replaced), May not yet, the log knows nothing.
    expect(await first.query(day)).toEqual([
      { day: '2026-05-01', impressions: 20 },
      { day: '2026-05-02', impressions: 30 },
    ]);
    expect(await first.query('SELECT count() AS n FROM meta_imports')).toEqual([{ n: 1 }]);

    // A restarted process rolls it forward when it opens the workspace.
    const restarted = await openDatabase('interrupted');
    expect(await restarted.query(day)).toEqual([
      { day: '2026-05-01', impressions: 50 },
      { day: '2026-05-02', impressions: 30 },
    ]);
    expect(
      await restarted.query('SELECT rows_accepted, rows_replaced FROM meta_imports ORDER BY rows_replaced'),
    ).toEqual([
      { rows_accepted: 3, rows_replaced: 0 },
      { rows_accepted: 1, rows_replaced: 2 },
    ]);
    expect(await journalStates(restarted)).toEqual([
      'staging',
      'staging',
      'swapping',
      'swapping',
      'committed',
      'committed',
    ]);
    expect(await loadTables(restarted)).toEqual([]);
    // Rolling forward twice changes nothing.
    await restarted.finishInterruptedLoads!();
    expect(await restarted.query(day)).toHaveLength(2);
  });

  it('drops the staging tables of a load that died while staging', async () => {
    const warehouse = await openDatabase('abandoned');
    let staged: () => void = () => undefined;
    const stagedOnce = new Promise<void>((resolve) => {
      staged = resolve;
    });
    const hanging: ImportWarehouse = {
      ...failingOnAppend(warehouse, Number.POSITIVE_INFINITY),
      loadImport: (plan, work) =>
        warehouse.loadImport!(plan, (load: ImportLoad) =>
          work({
            append: async (table, batch) => {
              await load.append(table, batch);
              staged();
              await new Promise<void>(() => undefined);
            },
            replaceOlderRows: (replacement) => load.replaceOlderRows(replacement),
          }),
        ),
    };
    void importFile(hanging, googleReport('May 1, 2026 - May 1, 2026', ['2026-05-01,A,USD,1,10']), {
      fxRates: USD,
    }).catch(() => undefined);
    await stagedOnce;
    expect((await loadTables(warehouse)).length).toBeGreaterThan(0);

    // Another process, a minute later, leaves a load that may still be running alone …
    await openDatabase('abandoned');
    expect((await loadTables(warehouse)).length).toBeGreaterThan(0);
    // … but one started long ago is dead: its tables go, and nothing of it was ever visible.
    const later = await openDatabase('abandoned', { abandonStagingAfterSeconds: 0 });
    expect(await loadTables(later)).toEqual([]);
    expect(await journalStates(later)).toEqual(['staging', 'abandoned']);
    expect(await later.query('SELECT count() AS n FROM fact_performance')).toEqual([{ n: 0 }]);
  });
});

describe.runIf(available)('imports on a two-shard ClickHouse cluster', () => {
  const { servers, store } = useLocalClickHouseCluster();
  let warehouse: StoreWarehouse;

  beforeAll(async () => {
    warehouse = await clickhouse.openClickHouseWarehouse(store('loads'));
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it('stages and swaps on every shard, with the same rows as DuckDB', async () => {
    // Each kind of load once (the one-server test loads every fixture), and the daily Google Ads
    // report the restatement below replaces days of.
    const chosen = (await oneFixturePerTable()).add('google-ads-campaign-daily.csv');
    expect(chosen.size).toBeGreaterThan(5);
    const reference = await duckdb.openDuckDbWarehouse({ path: ':memory:' });
    try {
      const steps = async (target: ImportWarehouse) => {
        await importEveryFixture(target, chosen);
        const restated = await importFile(
          target,
          googleReport('May 1, 2026 - May 3, 2026', ['2026-05-01,Brand,USD,5,50']),
          { fxRates: USD, now: NOW },
        );
        return restated.rowsReplaced;
      };
      const [ours, theirs] = [await steps(warehouse), await steps(reference)];
      expect(ours).toBe(theirs);
      expect(ours).toBeGreaterThan(0);
      expect(await canonicalContent(warehouse)).toEqual(await canonicalContent(reference));
      for (const server of servers) {
        const shard = await clickhouse.openClickHouseWarehouse({
          url: server.storeUrl('loads'),
          skipMigrations: true,
        });
        try {
          const [row] = await shard.query('SELECT count() AS n FROM fact_performance_local');
          expect(Number(row?.n)).toBeGreaterThan(0);
          expect(await loadTables(shard)).toEqual([]);
        } finally {
          await shard.close();
        }
      }
    } finally {
      await reference.close();
    }
  }, 150_000);
});
