/**
 * The one interface every engine sits behind. Compiled KPI queries, loads and migrations go
 * through it; nothing outside a warehouse implementation talks to a driver.
 */
import type {
  CellValue,
  ColumnBatch,
  CsvFileSql,
  Dialect,
  ImportLoad,
  ImportLoadPlan,
  ImportReplacement,
  Row,
} from '@markpi/core';
import type { TableDefinition } from './schema.js';

export type { CellValue, ColumnBatch, ImportLoad, ImportLoadPlan, ImportReplacement, Row };

/**
 * What every engine promises is checked by one suite (`warehouse.suite.ts`) on each of them.
 * Values read back are plain: integers and doubles as numbers, text as strings, dates as
 * `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS` in UTC, null as null; booleans as true and
 * false, or 1 and 0 on engines without a boolean type (ClickHouse 18.16).
 */
export interface Warehouse {
  readonly dialect: Dialect;
  /** Runs a read and returns plain rows (see above). */
  query(sql: string, params?: readonly CellValue[]): Promise<Row[]>;
  /** Streams a read in columnar batches of at most `batchRows`, so memory stays flat. */
  scan(sql: string, params?: readonly CellValue[], batchRows?: number): AsyncIterable<ColumnBatch>;
  /** Runs a statement that returns nothing of interest. */
  run(sql: string, params?: readonly CellValue[]): Promise<void>;
  /**
   * Runs one long statement, reporting the engine's own progress through it (the fraction done), for imports the engine reads itself. Engines that can't report leave it out.
   */
  runWithProgress?(
    sql: string,
    params: readonly CellValue[],
    onProgress: (fraction: number) => void,
  ): Promise<void>;
  /** Creates a table if it does not exist, the engine's way. */
  createTable(table: TableDefinition): Promise<void>;
  /** Bulk-appends a batch to a table; columns not in the batch get their defaults. */
  append(table: string, batch: ColumnBatch): Promise<void>;
  /**
   * Runs `work` atomically on engines with transactions: all of its writes land or none do, and
   * other readers see them only once `work` returns. Engines without (ClickHouse) run `work`
   * directly and offer `loadImport` for the one kind of write that must be all-or-nothing.
   */
  transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
  /**
   * The SQL to read a CSV file on this machine within a statement, on engines that can (see
   * core's `CsvFileSql`): a large import then loads in one `INSERT … SELECT`, inside `transaction`.
   */
  readonly csvFiles?: CsvFileSql;
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
  /** Releases the engine; any call after it fails. */
  close(): Promise<void>;
}
