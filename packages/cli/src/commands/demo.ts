import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import {
  ATTRIBUTED_TABLE,
  DEMO_IMPORT_ID,
  DEMO_PERIOD,
  ENTITY_TABLES,
  type LoadDemoOptions,
  loadDemo,
  planDemo,
  refreshAttribution,
  seedDemoTargets,
} from '@markpi/app';
import { buildCatalog, MarkpiError } from '@markpi/core';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';

export interface DemoFlags {
  rows?: string;
  seed?: string;
  /** Replace the workspace file even when it holds more than the demo. */
  force?: boolean;
}

/**
 * Why a file may not be replaced by the demo: a stable key and its parameters, said in English
 * or Chinese by `sayKeptWorkspace`.
 */
export type KeptWorkspace =
  | { key: 'not_duckdb'; params: Record<string, never> }
  | { key: 'unreadable'; params: { cause: string } }
  | { key: 'foreign_tables'; params: { tables: string[] } }
  | { key: 'imported_rows'; params: { rows: number } }
  | { key: 'people_targets'; params: { versions: number } }
  | { key: 'other_rows'; params: { tables: string[] } };

/** The author `seedDemoTargets` writes on the demo's own targets; people are recorded by login. */
const DEMO_TARGET_AUTHOR = 'markpi demo';

/** Tables of the demo's descriptions (campaigns, creators, content); people change them by importing. */
const ENTITY_TABLE_NAMES = new Set(ENTITY_TABLES.map((table) => table.name));

/** A DuckDB database file: an 8-byte checksum, then this magic. */
const DUCKDB_MAGIC = 'DUCK';

const count = (value: number) => value.toLocaleString('en-US');

const KEPT_WORKSPACE_TEXT: {
  [Key in KeptWorkspace['key']]: Record<
    'en' | 'zh',
    (params: Extract<KeptWorkspace, { key: Key }>['params']) => string
  >;
} = {
  not_duckdb: { en: () => 'it is not a markpi workspace', zh: () => '它不是 markpi 工作区' },
  unreadable: {
    en: ({ cause }) => `it cannot be read (${cause})`,
    zh: ({ cause }) => `无法读取它（${cause}）`,
  },
  foreign_tables: {
    en: ({ tables }) =>
      `it is not a markpi workspace: it has tables markpi does not make (${tables.join(', ')})`,
    zh: ({ tables }) => `它不是 markpi 工作区：其中有 markpi 不会建立的表（${tables.join('、')}）`,
  },
  imported_rows: {
    en: ({ rows }) => `it holds ${count(rows)} row(s) that are not demo data`,
    zh: ({ rows }) => `其中有 ${count(rows)} 行不是演示数据`,
  },
  people_targets: {
    en: ({ versions }) => `it holds ${count(versions)} target version(s) that people set`,
    zh: ({ versions }) => `其中有 ${count(versions)} 个由用户设定的目标版本`,
  },
  other_rows: {
    en: ({ tables }) => `it holds rows the demo does not write (in ${tables.join(', ')})`,
    zh: ({ tables }) => `其中有演示不会写入的数据（${tables.join('、')}）`,
  },
};

/** Says why a file was kept, as a clause after "<file> was kept: ". */
export function sayKeptWorkspace(reason: KeptWorkspace, language: 'en' | 'zh' = 'en'): string {
  const say = KEPT_WORKSPACE_TEXT[reason.key][language] as (params: KeptWorkspace['params']) => string;
  return say(reason.params);
}

function hasDuckDbHeader(file: string): boolean {
  const header = Buffer.alloc(12);
  const descriptor = openSync(file, 'r');
  try {
    const read = readSync(descriptor, header, 0, header.length, 0);
    return read === header.length && header.subarray(8).toString('latin1') === DUCKDB_MAGIC;
  } finally {
    closeSync(descriptor);
  }
}

async function tableNames(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
  );
  return rows.map((row) => String(row.table_name));
}

/** Every table a workspace of this markpi version has, from its migrations. */
async function workspaceTableNames(): Promise<Set<string>> {
  const empty = await openDuckDbWarehouse({ path: ':memory:' });
  try {
    return new Set(await tableNames(empty));
  } finally {
    await empty.close();
  }
}

/** Rows of `table`, or only those whose `column` is not `value`. */
async function countRows(warehouse: Warehouse, table: string, unlike?: { column: string; value: string }) {
  const { dialect } = warehouse;
  // Only names of this version's own tables and columns reach the statement (checked by the caller).
  const where = unlike
    ? ` WHERE ${dialect.quote(unlike.column)} IS DISTINCT FROM ${dialect.parameter(0, 'text')}`
    : '';
  const rows = await warehouse.query(
    `SELECT count(*) AS n FROM ${dialect.quote(table)}${where}`,
    unlike ? [unlike.value] : [],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Whether replacing `file` with the demo would lose nothing but demo data, and if not, why. A
 * file qualifies when it is a markpi workspace whose fact rows all carry the demo's import id
 * (attributed credit aside, derived from them), whose targets are all the demo's own, and whose other tables (imports, rejected rows,
 * benchmarks, calendars, templates) are empty — the state `markpi demo` leaves it in. An empty
 * workspace qualifies too. The file is only read.
 */
export async function keptWorkspace(file: string): Promise<KeptWorkspace | undefined> {
  if (!hasDuckDbHeader(file)) return { key: 'not_duckdb', params: {} };
  let warehouse: Warehouse;
  try {
    warehouse = await openDuckDbWarehouse({ path: file, skipMigrations: true });
  } catch (error) {
    return { key: 'unreadable', params: { cause: (error as Error).message.split('\n')[0] ?? '' } };
  }
  try {
    const known = await workspaceTableNames();
    const present = await tableNames(warehouse);
    const foreign = present.filter((table) => !known.has(table));
    if (foreign.length > 0) return { key: 'foreign_tables', params: { tables: foreign } };
    const importColumns = await warehouse.query(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'main' AND column_name = 'import_id'",
    );
    const factTables = new Set(importColumns.map((row) => String(row.table_name)));
    let importedRows = 0;
    let peopleTargets = 0;
    const otherTables: string[] = [];
    for (const table of present) {
      // Attributed credit is derived from the touches and conversions, which are checked themselves.
      if (table === ATTRIBUTED_TABLE) continue;
      if (factTables.has(table)) {
        importedRows += await countRows(warehouse, table, { column: 'import_id', value: DEMO_IMPORT_ID });
      } else if (table === 'target_versions') {
        peopleTargets += await countRows(warehouse, table, { column: 'author', value: DEMO_TARGET_AUTHOR });
      } else if (!ENTITY_TABLE_NAMES.has(table) && table !== 'meta_migrations') {
        if ((await countRows(warehouse, table)) > 0) otherTables.push(table);
      }
    }
    if (importedRows > 0) return { key: 'imported_rows', params: { rows: importedRows } };
    if (peopleTargets > 0) return { key: 'people_targets', params: { versions: peopleTargets } };
    if (otherTables.length > 0) return { key: 'other_rows', params: { tables: otherTables } };
    return undefined;
  } finally {
    await warehouse.close();
  }
}

/**
 * Throws, with the reason and the way out, when `file` exists and is not a file (never replaced),
 * or holds more than the demo and `force` is not set.
 */
async function refuseToReplaceUnlessDemo(file: string, force: boolean): Promise<void> {
  if (!existsSync(file)) return;
  if (!statSync(file).isFile()) {
    throw new MarkpiError(
      'demo_target_not_a_file',
      `${file} is not a file; choose a workspace file with --db`,
    );
  }
  if (force) return;
  const reason = await keptWorkspace(file);
  if (!reason) return;
  throw new MarkpiError(
    'demo_would_replace_workspace',
    `${file} was kept: ${sayKeptWorkspace(reason)}; add --force to replace it with the demo, or choose another file with --db`,
  );
}

export interface DemoBuildEvents {
  /** Once the file may be replaced, before building starts. */
  onStart?: () => void;
  /** After each batch: rows written so far, and in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Builds the demo workspace next to its final place and swaps it in, so a failure leaves the old
 * one. A file there that holds more than the demo is kept unless `flags.force` (checked before
 * building, and again before the swap in case it changed meanwhile); a folder is never replaced.
 */
/**
 * `--rows` and `--seed` as the generator's options, checked by planning the demo (quick) before
 * anything is built: a size the generator can't meet is the user's to change.
 */
function demoOptions(flags: DemoFlags): LoadDemoOptions {
  const options: LoadDemoOptions = {
    ...(flags.rows ? { performanceRows: Number(flags.rows) } : {}),
    ...(flags.seed ? { seed: Number(flags.seed) } : {}),
  };
  try {
    planDemo(options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const flag = flags.rows ? `--rows ${flags.rows}` : `--seed ${flags.seed ?? ''}`;
    throw new MarkpiError('invalid_flag', `${flag}: ${error.message}`, [
      {
        message: error.message,
        hint: 'leave out --rows for the standard demo, or ask for 50000 rows or more',
      },
    ]);
  }
  return options;
}

export async function buildDemoWorkspace(file: string, flags: DemoFlags, events: DemoBuildEvents = {}) {
  const force = flags.force === true;
  const options = demoOptions(flags);
  await refuseToReplaceUnlessDemo(file, force);
  events.onStart?.();
  const building = `${file}.building`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  const warehouse = await openDuckDbWarehouse({ path: building });
  let summary: Awaited<ReturnType<typeof loadDemo>>;
  try {
    summary = await loadDemo(warehouse, options, events.onProgress);
    // Targets for the 618 campaign, so pacing and the scorecard have something to show.
    const catalog = buildCatalog();
    await seedDemoTargets(warehouse, catalog);
    // Every model's credit for the buyer panel's orders, so the attributed ROAS KPIs have values.
    const attributed = await refreshAttribution({ warehouse, catalog, now: () => new Date() });
    summary.rows[ATTRIBUTED_TABLE] = attributed.rows;
    summary.totalRows += attributed.rows;
    await warehouse.run('CHECKPOINT');
  } finally {
    await warehouse.close();
  }
  try {
    // The file may have appeared, or changed, while the demo was being built.
    await refuseToReplaceUnlessDemo(file, force);
  } catch (error) {
    rmSync(building, { force: true });
    rmSync(`${building}.wal`, { force: true });
    throw error;
  }
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  renameSync(building, file);
  return { summary, period: DEMO_PERIOD };
}
