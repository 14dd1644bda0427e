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
  close(): Promise<void>;
}
