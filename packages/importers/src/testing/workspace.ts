/**
 * Workspaces for the importers' tests: the store's DuckDB in memory, migrated as the CLI and the
 * server open one, so every test loads through the real engine into the tables imports really
 * use. Test support only: the store is reached by path when a test runs, so the importers
 * package itself keeps depending on core alone (see core's architecture test).
 */
import { onTestFinished } from 'vitest';
import type { ImportWarehouse, Row } from '../load/warehouse.js';

export interface TestWorkspace extends ImportWarehouse {
  close(): Promise<void>;
}

const STORE_DUCKDB = '../../../store/src/duckdb/index.js';

interface DuckDbStore {
  openDuckDbWarehouse(options: { path: string }): Promise<TestWorkspace>;
}

/**
 * A fresh workspace. Opened inside a test, it is closed when the test finishes; `close` may
 * also be called earlier.
 */
export async function openTestWorkspace(path = ':memory:'): Promise<TestWorkspace> {
  const store = (await import(/* @vite-ignore */ STORE_DUCKDB)) as DuckDbStore;
  const warehouse = await store.openDuckDbWarehouse({ path });
  const closeEngine = warehouse.close.bind(warehouse);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeEngine();
    return closing;
  };
  try {
    onTestFinished(close);
  } catch {
    // Outside a test (a beforeAll): the caller closes it.
  }
  return Object.assign(warehouse, { close });
}

/** Every row of a table, in the order the rows were written. */
export function tableRows(warehouse: ImportWarehouse, table: string): Promise<Row[]> {
  return warehouse.query(`SELECT * FROM ${warehouse.dialect.quote(table)} ORDER BY rowid`);
}

/** Every table with its rows, to show that a failed import changed nothing. */
export async function workspaceContent(warehouse: ImportWarehouse): Promise<Record<string, Row[]>> {
  const tables = await warehouse.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
  );
  const content: Record<string, Row[]> = {};
  for (const { table_name: table } of tables)
    content[String(table)] = await tableRows(warehouse, String(table));
  return content;
}

/** What a wrapped workspace changes: a hook before each append, and whether it reads CSV files. */
interface Changes {
  beforeAppend?: () => void;
  csvFiles: boolean;
}

/** The warehouse with `changes`, and so its transactions too. */
function changed(warehouse: ImportWarehouse, changes: Changes): ImportWarehouse {
  return {
    dialect: warehouse.dialect,
    ...(changes.csvFiles && warehouse.csvFiles ? { csvFiles: warehouse.csvFiles } : {}),
    query: (sql, params) => warehouse.query(sql, params),
    run: (sql, params) => warehouse.run(sql, params),
    append: async (table, batch) => {
      changes.beforeAppend?.();
      await warehouse.append(table, batch);
    },
    transaction: (work) => warehouse.transaction((scoped) => work(changed(scoped, changes))),
  };
}

export interface CrashingWorkspace extends TestWorkspace {
  /** Throws on the `nth` append from now (1-based), to crash a load midway; undefined: never. */
  crashOnAppend(nth: number | undefined): void;
}

/** The workspace, with appends that can be made to fail, inside transactions too. */
export function crashing(workspace: TestWorkspace): CrashingWorkspace {
  let appends = 0;
  let crashAt: number | undefined;
  const beforeAppend = () => {
    appends += 1;
    if (crashAt !== undefined && appends >= crashAt) throw new Error('simulated crash while appending');
  };
  return {
    ...changed(workspace, { beforeAppend, csvFiles: true }),
    close: () => workspace.close(),
    crashOnAppend: (nth) => {
      crashAt = nth === undefined ? undefined : appends + nth;
    },
  };
}

/** The workspace as an engine that cannot read the user's files would be (a remote server). */
export function withoutCsvFiles(workspace: TestWorkspace): TestWorkspace {
  return { ...changed(workspace, { csvFiles: false }), close: () => workspace.close() };
}
