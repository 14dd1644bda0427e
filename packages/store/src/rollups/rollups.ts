/**
 * Rollup tables in a workspace: created from their fact and recorded in `meta_rollups` together,
 * listed, dropped. The planner reads the list (`rollupOptions`) and picks among them by itself.
 *
 * DuckDB: created with one `INSERT … SELECT` and recorded in the same transaction; imports keep
 * them in step inside their own transaction (`importers/src/load/import-files.ts`).
 *
 * ClickHouse (no multi-statement transaction): a rollup is created as a load is made
 * (`clickhouse/import-load.ts`): its rows built by `INSERT … SELECT` on every server from the fact
 * rows it holds into the load's staging, swapped in by partition, its `meta_rollups` row last, so
 * the planner never names a rollup not wholly there; a crash is rolled forward when the
 * workspace opens. Every later load rebuilds the rollup months its fact months touch in the same
 * swap. The table is partitioned by month like the fact and, on a cluster, sharded like it.
 */
import {
  type Catalog,
  type CompileOptions,
  type Dialect,
  daysBetween,
  type FactId,
  MarkpiError,
  nextBucket,
  ROLLUP_METADATA_TABLE,
  ROLLUP_ROWS_COLUMN,
  type RollupDefinition,
  type RollupTable,
  resolveRollup,
  rollupBuildStatement,
  rollupFromRow,
} from '@markpi/core';
import { isRollupLoad, LOAD_JOURNAL_TABLE } from '../clickhouse/import-load.js';
import { ROLLUP_LOAD_COLUMN } from '../clickhouse/rollup-sql.js';
import type { TableDefinition } from '../schema.js';
import type { Row, Warehouse } from '../warehouse.js';

export interface StoredRollup extends RollupTable {
  createdAt: string;
}

/**
 * The table a rollup is kept in: its bucket's first day, kept dimensions, sums, row count; on
 * ClickHouse also the load that wrote each row, which its partition swaps read.
 */
export function rollupTableDefinition(
  rollup: RollupTable,
  engine: Dialect['name'] = 'duckdb',
): TableDefinition {
  return {
    name: rollup.table,
    columns: [
      { name: 'date', type: 'date', nullable: false },
      ...rollup.dimensions.map((dimension) => ({ name: dimension, type: 'text' as const, nullable: true })),
      ...rollup.columns.map((column) => ({ name: column, type: 'number' as const, nullable: true })),
      { name: ROLLUP_ROWS_COLUMN, type: 'integer', nullable: false },
      ...(engine === 'clickhouse'
        ? [{ name: ROLLUP_LOAD_COLUMN, type: 'text' as const, nullable: true }]
        : []),
    ],
    orderBy: ['date', ...rollup.dimensions.slice(0, 2)],
  };
}

/**
 * Reads rows past any read cache (`cachedWarehouse` keeps answers until a write, or a minute on
 * ClickHouse): the list of rollups must be the one stored now, or the planner could name a table
 * another process has dropped.
 */
async function readFresh(
  warehouse: Warehouse,
  sql: string,
  params: readonly (string | number)[] = [],
): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of warehouse.scan(sql, params)) {
    const columns = Object.entries(batch.columns);
    for (let index = 0; index < batch.rowCount; index++) {
      rows.push(Object.fromEntries(columns.map(([name, values]) => [name, values[index] ?? null])));
    }
  }
  return rows;
}

/** Workspaces known to hold the metadata table (it never goes once there: migrations only add). */
const withMetadata = new WeakSet<Warehouse>();
/** ClickHouse workspaces known to hold the load journal (made by the first load, never dropped). */
const withJournal = new WeakSet<Warehouse>();

async function hasMetadata(warehouse: Warehouse): Promise<boolean> {
  if (withMetadata.has(warehouse)) return true;
  const name = warehouse.dialect.parameter(0, 'text');
  const found = await readFresh(
    warehouse,
    warehouse.dialect.name === 'clickhouse'
      ? `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${name}`
      : `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ${name}`,
    [ROLLUP_METADATA_TABLE],
  );
  const present = Number(found[0]?.n ?? 0) > 0;
  if (present) withMetadata.add(warehouse);
  return present;
}

/** The workspace's rollups, by name. Empty in a workspace without the rollup metadata. */
export async function listRollups(warehouse: Warehouse): Promise<StoredRollup[]> {
  if (!(await hasMetadata(warehouse))) return [];
  const rows = await readFresh(
    warehouse,
    `SELECT * FROM ${warehouse.dialect.quote(ROLLUP_METADATA_TABLE)} ORDER BY ${warehouse.dialect.quote('name')}`,
  );
  return rows.map(rollupFromRow);
}

/**
 * The swap phases of ClickHouse loads, as a reader sees them: `busy` while a load is between its
 * first partition swap and its last (or died there and no process has rolled it forward yet), when
 * its facts and rollups may disagree for a while; `mark` the loads that have started and ended
 * their swaps, which changes whenever one does. Undefined on engines whose loads are transactions.
 */
export async function loadSwaps(warehouse: Warehouse): Promise<{ busy: boolean; mark: string } | undefined> {
  if (warehouse.dialect.name !== 'clickhouse') return undefined;
  const q = (identifier: string) => warehouse.dialect.quote(identifier);
  if (!withJournal.has(warehouse)) {
    const [found] = await readFresh(
      warehouse,
      `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${warehouse.dialect.parameter(0, 'text')}`,
      [LOAD_JOURNAL_TABLE],
    );
    if (Number(found?.n ?? 0) === 0) return { busy: false, mark: 'no loads' };
    withJournal.add(warehouse);
  }
  // By attempt: recovery may finish a load that its own process finishes too.
  const [counted] = await readFresh(
    warehouse,
    `SELECT uniqExactIf(attempt, state = 'swapping') AS swapping, uniqExactIf(attempt, state = 'committed') AS committed, uniqExactIf(attempt, state = 'swapping' AND attempt NOT IN (SELECT attempt FROM ${q(LOAD_JOURNAL_TABLE)} WHERE state IN ('committed', 'abandoned'))) AS open FROM ${q(LOAD_JOURNAL_TABLE)}`,
  );
  return {
    busy: Number(counted?.open ?? 0) > 0,
    mark: `${Number(counted?.swapping ?? 0)}/${Number(counted?.committed ?? 0)}`,
  };
}

/** The loads' swap mark a navigation was planned at (ClickHouse), by the navigation. */
const plannedAt = new WeakMap<CompileOptions, { busy: boolean; mark: string }>();

/**
 * The loads' swap mark read when `navigation` was planned, if this process planned it: a read
 * through its rollups compares the mark after it with this one instead of reading one before it
 * (any change since the planning, a finished load too, counts as a swap the read may have met).
 */
export function swapsWhenPlanned(navigation: CompileOptions): { busy: boolean; mark: string } | undefined {
  return plannedAt.get(navigation);
}

/**
 * What the planner needs to navigate: the rollups, with their sizes (`runKpiQuery` reads it
 * itself). None while a ClickHouse load is swapping partitions: a question asked then reads the
 * facts alone, never a fact month swapped beside a rollup month not yet. A new object each call,
 * which the caller may complete (`swapsWhenPlanned` knows it by its identity).
 */
export async function rollupOptions(warehouse: Warehouse): Promise<CompileOptions> {
  const rollups = await listRollups(warehouse);
  if (rollups.length === 0) return {};
  const swaps = await loadSwaps(warehouse);
  if (swaps?.busy) return {};
  const options = await navigableRollups(warehouse, rollups);
  if (swaps) plannedAt.set(options, swaps);
  return options;
}

/** The rollups with the fact's raw rows a day, which the planner prices a window's edges by. */
async function navigableRollups(warehouse: Warehouse, rollups: StoredRollup[]): Promise<CompileOptions> {
  // The raw rows a day of each fact holds, to price the edge days a window cuts: the smallest
  // rollup of the fact counts them (its row counts sum to the fact's rows, kept in step).
  const smallest = new Map<FactId, StoredRollup>();
  for (const rollup of rollups) {
    const held = smallest.get(rollup.fact);
    if ((rollup.days ?? 0) > 0 && (!held || (rollup.rows ?? 0) < (held.rows ?? 0)))
      smallest.set(rollup.fact, rollup);
  }
  if (smallest.size === 0) return { rollups };
  const q = (identifier: string) => warehouse.dialect.quote(identifier);
  const counted = await readFresh(
    warehouse,
    [...smallest.entries()]
      .map(
        ([fact, rollup]) =>
          `SELECT ${warehouse.dialect.parameter([...smallest.keys()].indexOf(fact), 'text')} AS ${q('fact')}, SUM(${q(ROLLUP_ROWS_COLUMN)}) AS ${q('n')} FROM ${q(rollup.table)}`,
      )
      .join(' UNION ALL '),
    [...smallest.keys()],
  );
  const factRowsPerDay: Partial<Record<FactId, number>> = {};
  for (const row of counted) {
    const fact = String(row.fact) as FactId;
    const days = smallest.get(fact)?.days ?? 0;
    if (days > 0) factRowsPerDay[fact] = Number(row.n ?? 0) / days;
  }
  return { rollups, statistics: { factRowsPerDay } };
}

/** Rows and days spanned of a built rollup, for the navigation's estimates. */
async function measure(warehouse: Warehouse, rollup: RollupTable): Promise<{ rows: number; days: number }> {
  const q = (identifier: string) => warehouse.dialect.quote(identifier);
  const [row] = await warehouse.query(
    `SELECT COUNT(*) AS n, ${warehouse.dialect.formatDate(`MIN(${q('date')})`)} AS first, ${warehouse.dialect.formatDate(`MAX(${q('date')})`)} AS last FROM ${q(rollup.table)}`,
  );
  const rows = Number(row?.n ?? 0);
  if (rows === 0 || row?.first === null || row?.last === null) return { rows, days: 0 };
  return { rows, days: daysBetween(String(row?.first), nextBucket(rollup.grain, String(row?.last))) };
}

/**
 * Creates a rollup and fills it from its fact, all in one transaction (on ClickHouse, one load):
 * readers see it whole or not at all, and an import waits for it (one writer per workspace).
 */
export async function createRollup(
  warehouse: Warehouse,
  catalog: Catalog,
  definition: RollupDefinition,
  now: () => Date = () => new Date(),
): Promise<StoredRollup> {
  const rollup = resolveRollup(catalog, definition);
  const existing = await listRollups(warehouse);
  if (existing.some((stored) => stored.name === rollup.name)) {
    throw new MarkpiError('rollup_exists', `a rollup named ${rollup.name} exists`, [
      { message: `rollup ${rollup.name} exists`, hint: 'drop it first, or choose another name' },
    ]);
  }
  const fact = catalog.facts.get(rollup.fact)!;
  const createdAt = now().toISOString();
  const record = (size: { rows: number; days: number }) => ({
    rowCount: 1,
    columns: {
      name: [rollup.name],
      fact: [rollup.fact],
      grain: [rollup.grain],
      dimensions: [JSON.stringify(rollup.dimensions)],
      columns: [JSON.stringify(rollup.columns)],
      created_at: [createdAt],
      rows: [size.rows],
      days: [size.days],
    },
  });
  if (warehouse.loadImport) {
    // The load's id is the rollup's name, the key of its row in `meta_rollups` (the load's log).
    return warehouse.loadImport(
      { importId: rollup.name, log: { table: ROLLUP_METADATA_TABLE, idColumn: 'name' } },
      async (load) => {
        if (!isRollupLoad(load)) {
          throw new MarkpiError(
            'invalid_rollup',
            `this ${warehouse.dialect.name} workspace cannot build rollups`,
          );
        }
        // A table of this name without a definition is what an interrupted create or drop left.
        await load.dropRollupTable(rollup.table);
        await warehouse.createTable(rollupTableDefinition(rollup, warehouse.dialect.name));
        const built = await load.stageRollup(rollup, fact.table);
        const size = {
          rows: built.rows,
          days:
            built.first && built.last ? daysBetween(built.first, nextBucket(rollup.grain, built.last)) : 0,
        };
        await load.append(ROLLUP_METADATA_TABLE, record(size));
        return { ...rollup, ...size, createdAt };
      },
    );
  }
  return warehouse.transaction(async (scoped) => {
    await scoped.createTable(rollupTableDefinition(rollup));
    const build = rollupBuildStatement(scoped.dialect, rollup, fact.table);
    await scoped.run(build.sql, build.params);
    const size = await measure(scoped, rollup);
    await scoped.append(ROLLUP_METADATA_TABLE, record(size));
    return { ...rollup, ...size, createdAt };
  });
}

/** Drops a rollup's table and its definition (on ClickHouse the definition first, then the table). */
export async function dropRollup(warehouse: Warehouse, name: string): Promise<void> {
  const stored = (await listRollups(warehouse)).find((rollup) => rollup.name === name);
  if (!stored) {
    throw new MarkpiError('unknown_rollup', `no rollup named ${name}`, [
      { message: `no rollup named ${name}`, hint: 'markpi rollups list shows them' },
    ]);
  }
  if (warehouse.loadImport) {
    // The definition goes first, swapped out of `meta_rollups` at once (its row is the load's
    // log row, forgotten), so no plan names the table once it is gone; then the table.
    const plan = { importId: name, log: { table: ROLLUP_METADATA_TABLE, idColumn: 'name' } };
    await warehouse.loadImport({ ...plan, forget: [] }, async () => undefined);
    await warehouse.loadImport(plan, async (load) => {
      if (isRollupLoad(load)) await load.dropRollupTable(stored.table);
    });
    return;
  }
  const q = (identifier: string) => warehouse.dialect.quote(identifier);
  await warehouse.transaction(async (scoped) => {
    await scoped.run(`DROP TABLE IF EXISTS ${q(stored.table)}`);
    await scoped.run(
      `DELETE FROM ${q(ROLLUP_METADATA_TABLE)} WHERE ${q('name')} = ${scoped.dialect.parameter(0, 'text')}`,
      [name],
    );
  });
}
