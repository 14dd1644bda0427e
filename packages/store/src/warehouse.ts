/**
 * The one interface every engine sits behind. Compiled KPI queries, loads and migrations go
 * through it; nothing outside a warehouse implementation talks to a driver.
 */
import type { Dialect } from '@markpi/core';
import type { TableDefinition } from './schema.js';

export type CellValue = string | number | boolean | null;

/** Rows in columnar form, the shape bulk loads use: one array per column, all of `rowCount`. */
export interface ColumnBatch {
  rowCount: number;
  columns: Record<string, ArrayLike<CellValue>>;
}

export type Row = Record<string, CellValue>;

/**
 * Which rows of earlier imports the rows of a new import replace: a restated day replaces the
 * old one. A row is replaced when it is dated within `from`–`to`, was written by another import
 * (of the same log value, when `sameLogValue` is set) and shares its `keyColumns` (text columns;
 * null matches null) with some row of the new import.
 */
export interface ImportReplacement {
  /** The table the import's rows were appended to; its rows carry `import_id`. */
  table: string;
  /** First and last day the import covers, ISO dates, inclusive. */
  from: string;
  to: string;
  keyColumns: readonly string[];
  /** Only rows of imports whose log row has `value` in `column` (e.g. the same platform). */
  sameLogValue?: { column: string; value: string };
}

/** What a `loadImport` writes besides the rows it is given. */
export interface ImportLoadPlan {
  /** The import's id; every row it appends carries it in `import_id` (the log in `log.idColumn`). */
  importId: string;
  /** The import log: one row per import, appended last; it is what marks an import done. */
  log: { table: string; idColumn: string };
  /**
   * Tables holding rows of an earlier load of the same import id, to remove with this load (a
   * forced re-import); the earlier log row goes too. Absent for a first import.
   */
  forget?: readonly string[];
}

/** The writes of one import, made visible all at once when the load's work returns. */
export interface ImportLoad {
  append(table: string, batch: ColumnBatch): Promise<void>;
  /** Declares the rows this import replaces (after its last data row) and counts them. */
  replaceOlderRows(replacement: ImportReplacement): Promise<number>;
}

export interface Warehouse {
  readonly dialect: Dialect;
  /** Runs a read and returns plain rows: BIGINTs as numbers, dates as `YYYY-MM-DD` strings. */
  query(sql: string, params?: readonly CellValue[]): Promise<Row[]>;
  /** Streams a read in columnar batches of at most `batchRows`, so memory stays flat. */
  scan(sql: string, params?: readonly CellValue[], batchRows?: number): AsyncIterable<ColumnBatch>;
  /** Runs a statement that returns nothing of interest. */
  run(sql: string, params?: readonly CellValue[]): Promise<void>;
  /** Creates a table if it does not exist, the engine's way. */
  createTable(table: TableDefinition): Promise<void>;
  /** Bulk-appends a batch to a table; columns not in the batch get their defaults. */
  append(table: string, batch: ColumnBatch): Promise<void>;
  /** Runs `work` atomically: all of its writes land, or none do. */
  transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
  /**
   * Loads one import all-or-nothing and idempotently, for engines whose `transaction` is not
   * atomic (ClickHouse). Engines with real transactions leave it out: the importers then run
   * the same work inside `transaction`.
   */
  loadImport?<T>(plan: ImportLoadPlan, work: (load: ImportLoad) => Promise<T>): Promise<T>;
  /**
   * Writes the result of a read to a CSV file (no header, `\\N` for null) by the engine itself,
   * for bulk moves between warehouses. Engines that can't leave it out.
   */
  exportCsv?(sql: string, file: string): Promise<void>;
  /** Appends a CSV file written by `exportCsv` (same columns, in order), read by the engine. */
  appendCsvFile?(table: string, columns: readonly string[], file: string): Promise<void>;
  /** Completes or discards loads a crash interrupted; cheap when there are none. */
  finishInterruptedLoads?(): Promise<void>;
  close(): Promise<void>;
}
