/**
 * Atomic, idempotent imports on ClickHouse, which has no multi-statement transactions.
 *
 * An import's rows go to staging tables (`CREATE TABLE … AS <table>`, so partitions and sorting
 * match) that no reader looks at. When the import's work is done, every month (partition) it
 * touches gets its complete new content: a partition where nothing is removed takes the staged
 * rows as they are (`ATTACH PARTITION … FROM`, no copy), a partition where rows are replaced is
 * rebuilt in a swap table (existing rows minus the replaced ones, plus the staged rows) and
 * swapped in with `REPLACE PARTITION … FROM`. Each of those statements is atomic. Before the
 * first one, a journal row (state `swapping`) lists them all; the import log row comes last, so
 * an import is either logged and complete, or being completed from its journal.
 *
 * Recovery (`finishInterruptedLoads`, run when a warehouse opens and before every import) rolls
 * a `swapping` journal forward — REPLACE is idempotent, and an ATTACH is skipped once the
 * partition holds the import's rows — and drops the staging tables of loads that never got
 * that far. On a cluster the staging, swap and replace happen on every shard's local table.
 *
 * Rollups (`rollup-sql.ts`) move with their fact: on every server, the rollup rows whose bucket
 * and kept dimensions hold a fact row the load adds or removes are summed again from the fact's
 * rows under those keys as they will stand after the load (rows of untouched partitions, the
 * swap tables, the staged rows); with the month's other rollup rows copied as they are, they make
 * the new rollup month, swapped in by `REPLACE PARTITION` right after the last fact partition it
 * reads, in the same journal: a crash rolls both forward together.
 *
 * One writer at a time: loads through one warehouse are serialised here; two processes loading
 * into the same workspace at once could overwrite each other's partition swaps.
 */
import { randomBytes } from 'node:crypto';
import {
  clickHouseDialect,
  FACTS,
  MarkpiError,
  nextBucket,
  ROLLUP_METADATA_TABLE,
  ROLLUP_ROWS_COLUMN,
  type RollupTable,
  rollupFromRow,
} from '@markpi/core';
import type {
  CellValue,
  ColumnBatch,
  ImportLoad,
  ImportLoadPlan,
  ImportReplacement,
  Row,
  Warehouse,
} from '../warehouse.js';
import {
  clickHouseRollupColumns,
  clickHouseRollupRowsSql,
  daysWithin,
  factMonthsOfRollupMonth,
  rollupKeyColumns,
  touchedRollupMonths,
} from './rollup-sql.js';

export const LOAD_JOURNAL_TABLE = 'meta_load_journal';
/** Every table a load creates starts with this and its attempt id, so recovery can find them all. */
const LOAD_TABLE_PREFIX = 'markpi_load_';

/** Where a load's tables live: the coordinating server, and on a cluster the shards. */
export interface LoadTopology {
  readonly main: Warehouse;
  /** Shard servers in `remote_servers` order (empty on a single server). */
  shards(): Promise<readonly Warehouse[]>;
  /** Whether the table's rows live in `<table>_local` on every shard. */
  isSharded(table: string): boolean;
  /** The Distributed engine clause routing rows to `localTable` the way the fact tables do. */
  distributedEngine(localTable: string): string;
}

export interface LoadOptions {
  /**
   * A load still staging after this long is taken for dead (its process crashed) and its tables
   * dropped by recovery. Generous, because another process may be staging a large file.
   */
  abandonStagingAfterSeconds?: number;
  /** Tests only: runs after each partition swap; never resolving there simulates a crash. */
  afterSwapStep?: (done: number, total: number) => Promise<void>;
}

const DEFAULT_ABANDON_AFTER_SECONDS = 24 * 60 * 60;

type ServerRef = 'main' | number;

/** One atomic statement of a load's swap phase, as the journal records it. */
interface SwapStep {
  server: ServerRef;
  table: string;
  /** The partition as a literal: `202605`, `7`, or `tuple()` for an unpartitioned table. */
  partition: string;
  partitionKey: string;
  /** `replace`: the partition becomes `source`'s; `attach`: `source`'s rows are added to it. */
  action: 'replace' | 'attach';
  source: string;
  importColumn: string;
  importId: string;
}

/** A table's rows on one server: the table itself, or a shard's `<table>_local`. */
interface Placement {
  server: ServerRef;
  warehouse: Warehouse;
  table: string;
}

interface Stage {
  /** Per placement, the staging table on that server. */
  local: string;
  /** Where appends go: the staging table, or on a cluster a Distributed table over them. */
  appendTo: string;
  placements: Placement[];
}

const q = (name: string) => clickHouseDialect.quote(name);

/** The partition key's value as a literal; only integer keys (months, buckets) or none. */
function partitionLiteral(partitionKey: string, value: string): string {
  if (!partitionKey) return 'tuple()';
  if (!/^\d+$/.test(value)) {
    throw new MarkpiError(
      'unsupported_partition_key',
      `cannot swap partition ${value} of a table partitioned by ${partitionKey}: loads need an integer partition key`,
    );
  }
  return value;
}

function partitionFilter(partitionKey: string, partitions: readonly string[]): string {
  return partitionKey ? `(${partitionKey}) IN (${partitions.join(', ')})` : '1';
}

/**
 * Waits for every task, failed or not, then fails with the first error: no statement of a load
 * is still running when its clean-up drops the load's tables.
 */
async function allSettled<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** Runs tasks one at a time, in order of arrival. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class ClickHouseImportLoads {
  private readonly serial = new Serial();
  private journalReady = false;

  constructor(
    private readonly topology: LoadTopology,
    private readonly options: LoadOptions = {},
  ) {}

  loadImport<T>(plan: ImportLoadPlan, work: (load: ImportLoad) => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      await this.recover();
      await this.ensureJournal();
      const attempt = randomBytes(6).toString('hex');
      await this.journal(attempt, plan.importId, 'staging');
      const staged = new StagedImport(this.topology, plan, `${LOAD_TABLE_PREFIX}${attempt}_`);
      let steps: SwapStep[];
      let result: T;
      try {
        result = await work(staged);
        steps = await staged.prepareSwap();
      } catch (error) {
        // Nothing of the load is visible; if even the clean-up fails, recovery drops its tables later.
        await this.discard(attempt, plan.importId).catch(() => undefined);
        throw error;
      }
      // From here on the import is decided: recovery finishes it if this process does not.
      await this.journal(attempt, plan.importId, 'swapping', steps);
      await this.swap(attempt, plan.importId, steps, this.options.afterSwapStep);
      return result;
    });
  }

  finishInterruptedLoads(): Promise<void> {
    return this.serial.run(() => this.recover());
  }

  private async recover(): Promise<void> {
    if (!this.journalReady) {
      const [found] = await this.topology.main.query(
        'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {p0:String}',
        [LOAD_JOURNAL_TABLE],
      );
      if (Number(found?.n ?? 0) === 0) return;
      this.journalReady = true;
    }
    const rows = await this.topology.main.query(
      `SELECT attempt, import_id, state, steps, toUInt32(now()) - toUInt32(written_at) AS age_seconds
       FROM ${q(LOAD_JOURNAL_TABLE)}
       WHERE attempt NOT IN (SELECT attempt FROM ${q(LOAD_JOURNAL_TABLE)} WHERE state IN ('committed', 'abandoned'))
       ORDER BY attempt, written_at, state`,
    );
    const byAttempt = new Map<string, Row[]>();
    for (const row of rows) {
      const attempt = String(row.attempt);
      byAttempt.set(attempt, [...(byAttempt.get(attempt) ?? []), row]);
    }
    const abandonAfter = this.options.abandonStagingAfterSeconds ?? DEFAULT_ABANDON_AFTER_SECONDS;
    for (const [attempt, entries] of byAttempt) {
      const importId = String(entries[0]?.import_id);
      const swapping = entries.find((entry) => entry.state === 'swapping');
      if (swapping) {
        await this.swap(attempt, importId, JSON.parse(String(swapping.steps)) as SwapStep[]);
      } else if (entries.every((entry) => Number(entry.age_seconds) >= abandonAfter)) {
        await this.discard(attempt, importId);
      }
    }
    await this.dropLeftoversOfFinishedLoads();
  }

  /** Tables of loads the journal calls finished, left behind by a crash while dropping them. */
  private async dropLeftoversOfFinishedLoads(): Promise<void> {
    for (const server of [this.topology.main, ...(await this.topology.shards())]) {
      const tables = await server.query(
        'SELECT name FROM system.tables WHERE database = currentDatabase() AND position(name, {p0:String}) = 1 ORDER BY name',
        [LOAD_TABLE_PREFIX],
      );
      const attempts = [
        ...new Set(tables.map((table) => String(table.name).slice(LOAD_TABLE_PREFIX.length).split('_')[0]!)),
      ];
      if (attempts.length === 0) continue;
      const finished = await this.topology.main.query(
        `SELECT DISTINCT attempt FROM ${q(LOAD_JOURNAL_TABLE)} WHERE state IN ('committed', 'abandoned') AND attempt IN (${attempts.map((_, index) => `{p${index}:String}`).join(', ')}) ORDER BY attempt`,
        attempts,
      );
      for (const row of finished) await this.dropTablesOn(server, String(row.attempt));
    }
  }

  private async swap(
    attempt: string,
    importId: string,
    steps: readonly SwapStep[],
    afterStep?: LoadOptions['afterSwapStep'],
  ): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await this.runStep(step);
      await afterStep?.(index + 1, steps.length);
    }
    await this.journal(attempt, importId, 'committed');
    await this.dropTables(attempt);
  }

  private async runStep(step: SwapStep): Promise<void> {
    // The journal is text in a table: check what becomes SQL before running it again.
    if (step.partition !== 'tuple()' && !/^\d+$/.test(step.partition)) {
      throw new MarkpiError('bad_load_journal', `the load journal names partition ${step.partition}`);
    }
    const server = await this.server(step.server);
    const target = q(step.table);
    if (step.action === 'attach') {
      // ATTACH adds rows, so doing it twice would double them. Before it, the partition held no
      // row of this import (or the step would be a replace); after it, it does.
      const [present] = await server.query(
        `SELECT count() AS n FROM ${target} WHERE ${partitionFilter(step.partitionKey, [step.partition])} AND ${q(step.importColumn)} = {p0:String}`,
        [step.importId],
      );
      if (Number(present?.n ?? 0) > 0) return;
      await server.run(`ALTER TABLE ${target} ATTACH PARTITION ${step.partition} FROM ${q(step.source)}`);
      return;
    }
    await server.run(`ALTER TABLE ${target} REPLACE PARTITION ${step.partition} FROM ${q(step.source)}`);
  }

  private async discard(attempt: string, importId: string): Promise<void> {
    await this.dropTables(attempt);
    await this.journal(attempt, importId, 'abandoned');
  }

  private async dropTables(attempt: string): Promise<void> {
    for (const server of [this.topology.main, ...(await this.topology.shards())]) {
      await this.dropTablesOn(server, attempt);
    }
  }

  private async dropTablesOn(server: Warehouse, attempt: string): Promise<void> {
    const tables = await server.query(
      'SELECT name FROM system.tables WHERE database = currentDatabase() AND position(name, {p0:String}) = 1 ORDER BY name',
      [`${LOAD_TABLE_PREFIX}${attempt}_`],
    );
    // At once: each drop is a round trip the import waits for, and none depends on another.
    await allSettled(tables.map((table) => server.run(`DROP TABLE IF EXISTS ${q(String(table.name))}`)));
  }

  private async server(ref: ServerRef): Promise<Warehouse> {
    if (ref === 'main') return this.topology.main;
    const shard = (await this.topology.shards())[ref];
    if (!shard) throw new MarkpiError('unknown_shard', `the load journal names shard ${ref}`);
    return shard;
  }

  private async ensureJournal(): Promise<void> {
    if (this.journalReady) return;
    await this.topology.main.run(
      `CREATE TABLE IF NOT EXISTS ${q(LOAD_JOURNAL_TABLE)} (attempt String, import_id String, state String, steps String, written_at DateTime DEFAULT now()) ENGINE = MergeTree() ORDER BY (attempt, written_at)`,
    );
    this.journalReady = true;
  }

  private async journal(
    attempt: string,
    importId: string,
    state: 'staging' | 'swapping' | 'committed' | 'abandoned',
    steps: readonly SwapStep[] = [],
  ): Promise<void> {
    await this.topology.main.append(LOAD_JOURNAL_TABLE, {
      rowCount: 1,
      columns: {
        attempt: [attempt],
        import_id: [importId],
        state: [state],
        steps: [JSON.stringify(steps)],
      },
    });
  }
}

/** What `replaceOlderRows` settled, kept until the swap is prepared. */
interface PendingReplacement {
  replacement: ImportReplacement;
  /** Keys of the import's rows and, when limited to some imports, their ids: tables per placement. */
  keysTable?: string;
  olderImportsTable?: string;
}

/**
 * What a load offers the store's rollups besides appends (`store/src/rollups`): a rollup built
 * into the load's staging on every server from the fact rows that server holds, and the removal
 * of a rollup's tables.
 */
export interface RollupLoad extends ImportLoad {
  /** Stages the whole rollup from its fact; its rows and first and last bucket. */
  stageRollup(
    rollup: RollupTable,
    factTable: string,
  ): Promise<{ rows: number; first?: string; last?: string }>;
  /** Drops a rollup's table (on a cluster, its local table on every shard and the one in front). */
  dropRollupTable(table: string): Promise<void>;
}

export function isRollupLoad(load: ImportLoad): load is RollupLoad {
  return typeof (load as Partial<RollupLoad>).stageRollup === 'function';
}

/** What a load does to a table on one server: the partitions it changes, and where their rows are. */
interface PlacementChange {
  placement: Placement;
  partitionKey: string;
  /** Partitions swapped in or attached. */
  changed: string[];
  /** Partitions rebuilt whole in `swap`. */
  rebuilt: string[];
  swap?: string;
  /** The staged rows on this server (attached where not rebuilt). */
  stage?: string;
  /** The condition on the table's rows that the rebuilt partitions leave out, and its parameters. */
  removed?: RowCondition;
}

/** The fact rows a load adds or removes on one server, by day and kept dimensions (`touchedKeys`). */
interface TouchedKeys {
  /** The table of distinct keys: `date`, then per dimension `kN_null`, `kN_value` in `dimensions` order. */
  table: string;
  dimensions: readonly string[];
  /** Its distinct days, ascending. */
  days: readonly string[];
}

/** A row's rollup key, of the fact or of the rollup: its bucket and kept dimensions' key columns. */
function rollupRowKey(rollup: RollupTable): string {
  return `(${[clickHouseDialect.truncateDate(rollup.grain, q('date')), ...rollupKeyColumns(rollup.dimensions).expressions].join(', ')})`;
}

/** The rollup's touched keys, as a subquery: the buckets of the touched days with their dimensions. */
function touchedKeysOf(rollup: RollupTable, touched: TouchedKeys): string {
  const columns = rollupKeyColumns(touched.dimensions).columns;
  const ofRollup = rollup.dimensions.flatMap((dimension) => {
    const at = touched.dimensions.indexOf(dimension);
    return [columns[2 * at]!, columns[2 * at + 1]!];
  });
  return `(SELECT DISTINCT ${[clickHouseDialect.truncateDate(rollup.grain, q('date')), ...ofRollup].join(', ')} FROM ${q(touched.table)})`;
}

/**
 * A day rollup's rows as they will stand once the load is swapped in, as a subquery of partial
 * sums for a coarser rollup of `grain`: its rebuilt months (`rebuild`: every row of each month the
 * load touches) and, for weeks, from its table as it stands, the days of other months, which the
 * load leaves alone (a week bucket may reach into one; a touched month bucket lies whole in the
 * rebuilt months). A rollup it holds sums its touched buckets from these.
 */
function finerRollupRows(
  grain: RollupTable['grain'],
  finer: RollupTable,
  table: string,
  rebuild: string,
  touched: TouchedKeys,
): string {
  const columns = clickHouseRollupColumns(finer).map(q).join(', ');
  if (grain === 'month') return q(rebuild);
  const rebuilt = touchedRollupMonths('day', touched.days).map((month) => month.month);
  return `(SELECT ${columns} FROM ${q(rebuild)} UNION ALL SELECT ${columns} FROM ${q(table)} WHERE toYYYYMM(${q('date')}) NOT IN (${rebuilt.join(', ')}))`;
}

/**
 * A condition on a table's rows, as SQL that may be null (read through `ifNull(…, 0)`), with its
 * parameters; `bounds` are plain conditions on the date it implies, written outside the `ifNull`
 * so ClickHouse skips the partitions and parts they rule out (through `ifNull` it reads them all).
 */
interface RowCondition {
  sql: string;
  params: CellValue[];
  bounds: string[];
}

/** Where a row condition holds, partitions it rules out skipped. */
function rowsWhere(condition: RowCondition): string {
  return [...condition.bounds, `ifNull(${condition.sql}, 0)`].join(' AND ');
}

/** One import's staged writes: the `ImportLoad` its work sees. */
class StagedImport implements RollupLoad {
  private readonly stages = new Map<string, Stage>();
  /** By the table whose rows are replaced: daily rows may replace rows of two tables. */
  private readonly pending = new Map<string, PendingReplacement>();
  /** By table, what the swap changes on each of its placements. */
  private readonly changes = new Map<string, PlacementChange[]>();

  constructor(
    private readonly topology: LoadTopology,
    private readonly plan: ImportLoadPlan,
    private readonly prefix: string,
  ) {}

  async append(table: string, batch: ColumnBatch): Promise<void> {
    if (batch.rowCount === 0) return;
    const stage = await this.stage(table);
    await this.topology.main.append(stage.appendTo, batch);
  }

  async replaceOlderRows(replacement: ImportReplacement): Promise<number> {
    if (this.pending.has(replacement.table)) {
      throw new MarkpiError('replace_twice', 'an import declares what it replaces once');
    }
    // The keys come from this import's rows: of the replaced table, or of the one named.
    const stage = this.stages.get(replacement.keysFrom ?? replacement.table);
    if (!stage) return 0;
    const { main } = this.topology;
    let olderImports: string[] | undefined;
    if (replacement.sameLogValue) {
      const rows = await main.query(
        `SELECT ${q(this.plan.log.idColumn)} AS id FROM ${q(this.plan.log.table)} WHERE ${q(replacement.sameLogValue.column)} = {p0:String} AND ${q(this.plan.log.idColumn)} != {p1:String} ORDER BY id`,
        [replacement.sameLogValue.value, this.plan.importId],
      );
      olderImports = rows.map((row) => String(row.id));
      if (olderImports.length === 0) return 0;
    }
    const pending: PendingReplacement = { replacement };
    // The keys and import ids go into small tables on every server holding the table, so each
    // shard can decide on its own rows without a literal list that might outgrow a query.
    let keyRows: Row[] = [];
    if (replacement.keyColumns.length > 0) {
      keyRows = await main.query(
        `SELECT DISTINCT ${replacement.keyColumns.map((column, index) => `isNull(${q(column)}) AS k${index}_null, ifNull(${q(column)}, '') AS k${index}_value`).join(', ')} FROM ${q(stage.appendTo)}`,
      );
      pending.keysTable = `${this.prefix}${replacement.table}_keys`;
    }
    if (olderImports) pending.olderImportsTable = `${this.prefix}${replacement.table}_older_imports`;
    let count = 0;
    for (const placement of await this.placements(replacement.table)) {
      const { warehouse } = placement;
      if (pending.keysTable) {
        const columns = replacement.keyColumns.flatMap((_, index) => [
          `k${index}_null UInt8`,
          `k${index}_value String`,
        ]);
        await warehouse.run(`CREATE TABLE ${q(pending.keysTable)} (${columns.join(', ')}) ENGINE = Log`);
        await warehouse.append(pending.keysTable, {
          rowCount: keyRows.length,
          columns: Object.fromEntries(
            replacement.keyColumns.flatMap((_, index) => [
              [`k${index}_null`, keyRows.map((row) => row[`k${index}_null`] ?? 0)],
              [`k${index}_value`, keyRows.map((row) => row[`k${index}_value`] ?? '')],
            ]),
          ),
        });
      }
      if (pending.olderImportsTable && olderImports) {
        await warehouse.run(`CREATE TABLE ${q(pending.olderImportsTable)} (id String) ENGINE = Log`);
        await warehouse.append(pending.olderImportsTable, {
          rowCount: olderImports.length,
          columns: { id: olderImports },
        });
      }
      const replaced = this.replacedCondition(pending);
      const [counted] = await warehouse.query(
        `SELECT count() AS n FROM ${q(placement.table)} WHERE ${rowsWhere(replaced)}`,
        replaced.params,
      );
      count += Number(counted?.n ?? 0);
    }
    this.pending.set(replacement.table, pending);
    return count;
  }

  /** Works out every partition this import changes, and builds the swap tables for them. */
  async prepareSwap(): Promise<SwapStep[]> {
    const { log } = this.plan;
    const tables = [...this.pending.keys(), ...(this.plan.forget ?? []), ...this.stages.keys()].filter(
      (table, index, all) => table !== log.table && all.indexOf(table) === index,
    );
    // Read while the fact's partitions are prepared: one round trip less for the rollups.
    const rollups = this.storedRollups();
    rollups.catch(() => undefined);
    const steps: SwapStep[] = [];
    for (const table of tables) {
      for (const placement of await this.placements(table)) {
        steps.push(...(await this.preparePlacement(table, placement)));
      }
    }
    const withRollups = await this.prepareRollups(steps, await rollups);
    // The log row last: once it is in, the import counts as done.
    for (const placement of await this.placements(log.table)) {
      withRollups.push(...(await this.preparePlacement(log.table, placement)));
    }
    return withRollups;
  }

  /**
   * Rebuilds the rollup months the fact steps change, per server, and places each rollup step
   * right after the last fact step whose partition it reads. The keys a load touches are found
   * once per fact and server, for all of that fact's rollups.
   */
  private async prepareRollups(
    factSteps: readonly SwapStep[],
    rollups: readonly RollupTable[],
  ): Promise<SwapStep[]> {
    const following = new Map<number, SwapStep[]>();
    const unplaced: SwapStep[] = [];
    const byFactTable = new Map<string, RollupTable[]>();
    for (const rollup of rollups) {
      const factTable = FACTS.find((fact) => fact.id === rollup.fact)?.table;
      if (factTable) byFactTable.set(factTable, [...(byFactTable.get(factTable) ?? []), rollup]);
    }
    for (const [factTable, ofFact] of byFactTable) {
      for (const change of this.changes.get(factTable) ?? []) {
        if (change.changed.length === 0) continue;
        const here: { rollup: RollupTable; placement: Placement }[] = [];
        for (const rollup of ofFact) {
          const placement = (await this.placements(rollup.table)).find(
            (candidate) => candidate.server === change.placement.server,
          );
          if (placement) here.push({ rollup, placement });
        }
        if (here.length === 0) continue;
        const touched = await this.touchedKeys(
          factTable,
          change,
          here.map((entry) => entry.rollup),
        );
        if (!touched) continue;
        // A rollup that a day rollup of the same server holds (its dimensions and sums among the
        // day rollup's) is summed again from that rollup's rows as they will stand, not from the
        // fact: a month's touched buckets are whole months of fact rows, but 30 days of the
        // day rollup's.
        const finer = new Map<RollupTable, { rollup: RollupTable; placement: Placement }>();
        for (const entry of here) {
          if (entry.rollup.grain === 'day') continue;
          const source = here.find(
            (candidate) =>
              candidate.rollup.grain === 'day' &&
              entry.rollup.dimensions.every((dimension) => candidate.rollup.dimensions.includes(dimension)) &&
              entry.rollup.columns.every((column) => candidate.rollup.columns.includes(column)),
          );
          if (source) finer.set(entry.rollup, source);
        }
        const fromFact = here.filter((entry) => !finer.has(entry.rollup));
        const fromDayRollup = here.filter((entry) => finer.has(entry.rollup));
        // Statements that do not wait on each other run at once: an import's refresh is a dozen
        // small statements whose round trips, not their rows, are most of its cost.
        const summed = this.sumTouchedRows(
          factTable,
          change,
          fromFact.map((entry) => entry.rollup),
          touched,
        );
        await allSettled<unknown>([
          summed,
          ...here.map(({ rollup, placement }) =>
            placement.warehouse.run(`CREATE TABLE ${q(this.rebuildTable(rollup))} AS ${q(placement.table)}`),
          ),
        ]);
        const sums = await summed;
        const rebuildEach = (entries: typeof here) =>
          allSettled(
            entries.map(async ({ rollup, placement }) => {
              const source = finer.get(rollup);
              const partialSums = source
                ? finerRollupRows(
                    rollup.grain,
                    source.rollup,
                    source.placement.table,
                    this.rebuildTable(source.rollup),
                    touched,
                  )
                : q(sums);
              return {
                rollup,
                steps: await this.rebuildRollupMonths(rollup, placement, touched, partialSums),
              };
            }),
          );
        // The day rollups are rebuilt first: the rollups they hold read their rebuilt months.
        const rebuilt = [...(await rebuildEach(fromFact)), ...(await rebuildEach(fromDayRollup))];
        for (const { rollup, steps: rollupSteps } of rebuilt) {
          for (const step of rollupSteps) {
            const reads = factMonthsOfRollupMonth(rollup.grain, step.partition);
            const after = factSteps.findLastIndex(
              (fact) =>
                fact.server === change.placement.server &&
                fact.table === change.placement.table &&
                reads.includes(fact.partition),
            );
            if (after < 0) unplaced.push(step);
            else following.set(after, [...(following.get(after) ?? []), step]);
          }
        }
      }
    }
    const steps: SwapStep[] = [];
    factSteps.forEach((step, index) => {
      steps.push(step, ...(following.get(index) ?? []));
    });
    return [...steps, ...unplaced];
  }

  /** The workspace's rollups; none when it has no rollup metadata (a workspace not migrated). */
  private async storedRollups(): Promise<RollupTable[]> {
    const { main } = this.topology;
    const [found] = await main.query(
      'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {p0:String}',
      [ROLLUP_METADATA_TABLE],
    );
    if (Number(found?.n ?? 0) === 0) return [];
    return (await main.query(`SELECT * FROM ${q(ROLLUP_METADATA_TABLE)} ORDER BY name`)).map(rollupFromRow);
  }

  /**
   * The distinct days and kept dimensions (of any of `rollups`) of the fact rows this load adds
   * (staged) or removes (replaced, forgotten) on one server, written once into a small table
   * there: each rollup's touched keys are its buckets of those rows. Undefined when the load
   * adds and removes no row of the fact there.
   */
  private async touchedKeys(
    factTable: string,
    change: PlacementChange,
    rollups: readonly RollupTable[],
  ): Promise<TouchedKeys | undefined> {
    const { warehouse } = change.placement;
    if (change.partitionKey !== 'toYYYYMM(date)') {
      throw new MarkpiError(
        'unsupported_partition_key',
        `rollups of ${change.placement.table} need it partitioned by month, not by ${change.partitionKey}`,
      );
    }
    const dimensions = [...new Set(rollups.flatMap((rollup) => rollup.dimensions))];
    const keys = rollupKeyColumns(dimensions);
    const read = [...new Set(['date', ...dimensions])].map(q).join(', ');
    const removes = change.removed && change.rebuilt.length > 0 ? change.removed : undefined;
    const changedRows = [
      ...(change.stage ? [`SELECT ${read} FROM ${q(change.stage)}`] : []),
      ...(removes
        ? [
            `SELECT ${read} FROM ${q(change.placement.table)} WHERE ${partitionFilter(change.partitionKey, change.rebuilt)} AND ${rowsWhere(removes)}`,
          ]
        : []),
    ];
    if (changedRows.length === 0) return undefined;
    const table = `${this.prefix}${factTable}_touched`;
    const changed = `(${changedRows.join(' UNION ALL ')})`;
    const params = removes?.params ?? [];
    // The table (made by its SELECT: the key columns are `UInt8` and `String` by their
    // expressions) and its days at once, each from the changed rows.
    const dayRows = warehouse.query(
      `SELECT DISTINCT toString(${q('date')}) AS day FROM ${changed} ORDER BY day`,
      params,
    );
    await allSettled<unknown>([
      warehouse.run(
        `CREATE TABLE ${q(table)} ENGINE = Log AS SELECT DISTINCT ${[q('date'), ...keys.expressions.map((expression, index) => `${expression} AS ${keys.columns[index]}`)].join(', ')} FROM ${changed}`,
        params,
      ),
      dayRows,
    ]);
    const days = (await dayRows).map((row) => String(row.day));
    if (days.length === 0) return undefined;
    return { table, dimensions, days };
  }

  /**
   * The fact's rows under any of `rollups`' touched keys, as they will stand once the load is
   * swapped in (untouched partitions of the table, the rebuilt partitions' swap table, the staged
   * rows of the partitions attached), summed by day and every kept dimension of those rollups
   * into one small table on the server: each rollup then sums its touched rows from these partial
   * sums, so the fact's rows are read once per load however many rollups it has. The days read
   * are those of the touched buckets.
   */
  private async sumTouchedRows(
    factTable: string,
    change: PlacementChange,
    rollups: readonly RollupTable[],
    touched: TouchedKeys,
  ): Promise<string> {
    const { warehouse } = change.placement;
    const columns = [...new Set(rollups.flatMap((rollup) => rollup.columns))];
    const factColumns = [...new Set(['date', ...touched.dimensions, ...columns])].map(q).join(', ');
    const ranges = rollups.flatMap((rollup) =>
      touchedRollupMonths(rollup.grain, touched.days).map(
        (month) =>
          `(${daysWithin({ from: month.first, toExclusive: nextBucket(rollup.grain, month.last) }).join(' AND ')})`,
      ),
    );
    const days = `(${[...new Set(ranges)].join(' OR ')})`;
    const underTouchedKeys = `(${rollups.map((rollup) => `${rollupRowKey(rollup)} IN ${touchedKeysOf(rollup, touched)}`).join(' OR ')})`;
    const notRebuilt =
      change.rebuilt.length > 0 ? [`(${change.partitionKey}) NOT IN (${change.rebuilt.join(', ')})`] : [];
    const sources = [
      { table: change.placement.table, conditions: notRebuilt },
      ...(change.swap ? [{ table: change.swap, conditions: [] }] : []),
      ...(change.stage ? [{ table: change.stage, conditions: notRebuilt }] : []),
    ];
    const union = sources
      .map(
        (source) =>
          `SELECT ${factColumns} FROM ${q(source.table)} WHERE ${[days, ...source.conditions, underTouchedKeys].join(' AND ')}`,
      )
      .join(' UNION ALL ');
    const byDay: RollupTable = {
      name: 'touched_sums',
      fact: rollups[0]!.fact,
      grain: 'day',
      dimensions: touched.dimensions,
      columns,
      table: `${this.prefix}${factTable}_sums`,
    };
    await warehouse.run(
      `CREATE TABLE ${q(byDay.table)} ENGINE = Log AS ${clickHouseRollupRowsSql(byDay, `(${union})`)}`,
      [this.plan.importId],
    );
    return byDay.table;
  }

  /** Where a rollup's touched months are built on each server before they are swapped in. */
  private rebuildTable(rollup: RollupTable): string {
    return `${this.prefix}${rollup.table}_rebuild`;
  }

  /**
   * Builds, in a staging table beside the rollup's on this server, the new content of every
   * rollup month holding a bucket the load touches, and returns a swap step for each.
   *
   * A rollup row is touched when some fact row the load adds or removes falls in its bucket with
   * its kept dimensions (`touchedKeys`): only those rows can change. A touched month's new
   * content is its untouched rows as they stand (copied, so bit-identical) and the touched ones
   * summed again from partial sums under those keys: of the fact's rows (`sumTouchedRows`), or
   * of a day rollup that holds this one (`finerRollupRows`). The cost follows the rows under the
   * touched keys and the rollup months' own rows, not the fact's whole months. One statement
   * fills every touched month of the table (created empty by the caller); the swap still
   * replaces month by month.
   */
  private async rebuildRollupMonths(
    rollup: RollupTable,
    placement: Placement,
    touched: TouchedKeys,
    partialSums: string,
  ): Promise<SwapStep[]> {
    const { warehouse } = placement;
    const months = touchedRollupMonths(rollup.grain, touched.days);
    if (months.length === 0) return [];
    const touchedKeys = touchedKeysOf(rollup, touched);
    const rollupColumns = clickHouseRollupColumns(rollup).map(q).join(', ');
    const rebuild = this.rebuildTable(rollup);
    // One statement: the untouched rows of the touched months as they stand (a rollup row's date
    // is its bucket), and the touched rows summed again from the partial sums under their keys.
    await warehouse.run(
      `INSERT INTO ${q(rebuild)} (${rollupColumns}) SELECT ${rollupColumns} FROM ${q(placement.table)} WHERE toYYYYMM(${q('date')}) IN (${months.map((month) => month.month).join(', ')}) AND ${rollupRowKey(rollup)} NOT IN ${touchedKeys} UNION ALL ${clickHouseRollupRowsSql(rollup, partialSums, [`${rollupRowKey(rollup)} IN ${touchedKeys}`], ROLLUP_ROWS_COLUMN)}`,
      [this.plan.importId],
    );
    return months.map((month) => ({
      server: placement.server,
      table: placement.table,
      partition: month.month,
      partitionKey: 'toYYYYMM(date)',
      action: 'replace' as const,
      source: rebuild,
      importColumn: 'import_id',
      importId: this.plan.importId,
    }));
  }

  async stageRollup(
    rollup: RollupTable,
    factTable: string,
  ): Promise<{ rows: number; first?: string; last?: string }> {
    const stage = await this.stage(rollup.table);
    const facts = await this.placements(factTable);
    let rows = 0;
    let first: string | undefined;
    let last: string | undefined;
    for (const placement of stage.placements) {
      const fact = facts.find((candidate) => candidate.server === placement.server);
      if (!fact) continue;
      // Each server sums the fact rows it holds: on a cluster a bucket has a row per shard
      // holding some of its days, and reading through the table in front adds them up.
      await placement.warehouse.run(
        `INSERT INTO ${q(stage.local)} (${clickHouseRollupColumns(rollup).map(q).join(', ')}) ${clickHouseRollupRowsSql(rollup, q(fact.table))}`,
        [this.plan.importId],
      );
      const [counted] = await placement.warehouse.query(
        `SELECT count() AS n, toString(min(date)) AS first, toString(max(date)) AS last FROM ${q(stage.local)}`,
      );
      const n = Number(counted?.n ?? 0);
      if (n === 0) continue;
      rows += n;
      const low = String(counted?.first);
      const high = String(counted?.last);
      if (first === undefined || low < first) first = low;
      if (last === undefined || high > last) last = high;
    }
    return { rows, ...(first ? { first } : {}), ...(last ? { last } : {}) };
  }

  async dropRollupTable(table: string): Promise<void> {
    for (const placement of await this.placements(table)) {
      await placement.warehouse.run(`DROP TABLE IF EXISTS ${q(placement.table)}`);
    }
    if (this.topology.isSharded(table)) await this.topology.main.run(`DROP TABLE IF EXISTS ${q(table)}`);
  }

  private async preparePlacement(table: string, placement: Placement): Promise<SwapStep[]> {
    const { warehouse } = placement;
    const [described] = await warehouse.query(
      'SELECT partition_key FROM system.tables WHERE database = currentDatabase() AND name = {p0:String}',
      [placement.table],
    );
    if (!described) return [];
    const partitionKey = String(described.partition_key ?? '');
    const partitionOf = partitionKey ? `toString(${partitionKey})` : "'tuple()'";
    const stage = this.stages.get(table);
    const stagedPartitions = stage
      ? (
          await warehouse.query(
            `SELECT DISTINCT ${partitionOf} AS partition_value FROM ${q(stage.local)} ORDER BY partition_value`,
          )
        ).map((row) => partitionLiteral(partitionKey, String(row.partition_value)))
      : [];
    const removal = this.removalCondition(table);
    const rebuilt = removal
      ? (
          await warehouse.query(
            `SELECT DISTINCT ${partitionOf} AS partition_value FROM ${q(placement.table)} WHERE ${rowsWhere(removal)} ORDER BY partition_value`,
            removal.params,
          )
        ).map((row) => partitionLiteral(partitionKey, String(row.partition_value)))
      : [];
    const importColumn = table === this.plan.log.table ? this.plan.log.idColumn : 'import_id';
    const step = (partition: string, action: SwapStep['action'], source: string): SwapStep => ({
      server: placement.server,
      table: placement.table,
      partition,
      partitionKey,
      action,
      source,
      importColumn,
      importId: this.plan.importId,
    });
    const steps = stagedPartitions
      .filter((partition) => !rebuilt.includes(partition))
      .map((partition) => step(partition, 'attach', stage!.local));
    if (rebuilt.length > 0 && removal) {
      const swap = `${this.prefix}${table}_swap`;
      await warehouse.run(`CREATE TABLE ${q(swap)} AS ${q(placement.table)}`);
      await warehouse.run(
        `INSERT INTO ${q(swap)} SELECT * FROM ${q(placement.table)} WHERE ${partitionFilter(partitionKey, rebuilt)} AND NOT ifNull(${removal.sql}, 0)`,
        removal.params,
      );
      if (stage) {
        await warehouse.run(
          `INSERT INTO ${q(swap)} SELECT * FROM ${q(stage.local)} WHERE ${partitionFilter(partitionKey, rebuilt)}`,
        );
      }
      steps.push(...rebuilt.map((partition) => step(partition, 'replace', swap)));
    }
    this.changes.set(table, [
      ...(this.changes.get(table) ?? []),
      {
        placement,
        partitionKey,
        changed: steps.map((entry) => entry.partition),
        rebuilt: rebuilt.length > 0 && removal ? rebuilt : [],
        ...(rebuilt.length > 0 && removal ? { swap: `${this.prefix}${table}_swap`, removed: removal } : {}),
        ...(stage ? { stage: stage.local } : {}),
      },
    ]);
    return steps;
  }

  /** Rows the load removes from `table`: an earlier load of the same id, and replaced rows. */
  private removalCondition(table: string): RowCondition | undefined {
    const forgotten =
      this.plan.forget && (table === this.plan.log.table || this.plan.forget.includes(table))
        ? `${q(table === this.plan.log.table ? this.plan.log.idColumn : 'import_id')} = {p0:String}`
        : undefined;
    const pending = this.pending.get(table);
    const replaced = pending ? this.replacedCondition(pending) : undefined;
    if (!forgotten && !replaced) return undefined;
    if (!replaced) return { sql: `(${forgotten})`, params: [this.plan.importId], bounds: [] };
    // A forgotten load's rows may lie on any day: the replaced rows' dates bound nothing then.
    return forgotten
      ? { sql: `((${forgotten}) OR ${replaced.sql})`, params: replaced.params, bounds: [] }
      : replaced;
  }

  /** The rows the import replaces (parameters: import id, first day, last day). */
  private replacedCondition(pending: PendingReplacement): RowCondition {
    const { replacement } = pending;
    const conditions = [
      // A period row goes when any of its days falls in the range, not only its first.
      `${q(replacement.lastDayColumn ?? 'date')} >= {p1:Date}`,
      `${q('date')} <= {p2:Date}`,
      'import_id IS NOT NULL',
      `ifNull(import_id, '') != {p0:String}`,
    ];
    if (pending.olderImportsTable) {
      conditions.push(`ifNull(import_id, '') IN (SELECT id FROM ${q(pending.olderImportsTable)})`);
    }
    if (pending.keysTable) {
      const row = replacement.keyColumns.flatMap((column) => [
        `isNull(${q(column)})`,
        `ifNull(${q(column)}, '')`,
      ]);
      const keys = replacement.keyColumns.flatMap((_, index) => [`k${index}_null`, `k${index}_value`]);
      conditions.push(`(${row.join(', ')}) IN (SELECT ${keys.join(', ')} FROM ${q(pending.keysTable)})`);
    }
    return {
      sql: `(${conditions.join(' AND ')})`,
      params: [this.plan.importId, replacement.from, replacement.to],
      // Two of its conditions, again: a daily row lies within the range; a period row starts by its end.
      bounds: [
        ...(replacement.lastDayColumn ? [] : [`${q('date')} >= {p1:Date}`]),
        `${q('date')} <= {p2:Date}`,
      ],
    };
  }

  private async placements(table: string): Promise<Placement[]> {
    if (!this.topology.isSharded(table)) {
      return [{ server: 'main', warehouse: this.topology.main, table }];
    }
    const shards = await this.topology.shards();
    return shards.map((warehouse, index) => ({ server: index, warehouse, table: `${table}_local` }));
  }

  private async stage(table: string): Promise<Stage> {
    const known = this.stages.get(table);
    if (known) return known;
    const local = `${this.prefix}${table}_stage`;
    const placements = await this.placements(table);
    for (const placement of placements) {
      await placement.warehouse.run(`CREATE TABLE ${q(local)} AS ${q(placement.table)}`);
    }
    let appendTo = local;
    if (this.topology.isSharded(table)) {
      // Rows reach the shard their day belongs to, as they would through the real table.
      appendTo = `${this.prefix}${table}_front`;
      await this.topology.main.run(
        `CREATE TABLE ${q(appendTo)} AS ${q(table)} ENGINE = ${this.topology.distributedEngine(local)}`,
      );
    }
    const stage: Stage = { local, appendTo, placements };
    this.stages.set(table, stage);
    return stage;
  }
}
