/**
 * The shapes data travels in between the store and the importers: cells, columnar batches, rows,
 * and what one import asks a warehouse to do. Types only; the engines live in the store.
 */

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
  /**
   * The table whose rows of this import give the keys, when not `table` itself: daily rows
   * replacing the period rows of their accounts.
   */
  keysFrom?: string;
  /**
   * A column holding each row's last day (period rows): a row is replaced when any of its days,
   * `date` through this column, falls in `from`–`to`, not only its first.
   */
  lastDayColumn?: string;
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
