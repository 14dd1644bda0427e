/**
 * What the workspace keeps about imports besides their rows: one log row per import, the rows
 * it rejected, and exchange rates imported as data. Like the facts, this is data: the store
 * creates the tables from it (its `imports` migrations) and the importers write them.
 */

/** How a log column is stored: numbers are doubles, integers whole, timestamps to the second. */
export type ImportLogColumnType = 'text' | 'date' | 'integer' | 'number' | 'timestamp';

export interface ImportLogColumn {
  name: string;
  type: ImportLogColumnType;
  /** Columns that may hold nulls; the key each table is found by may not. */
  nullable: boolean;
}

export interface ImportLogTable {
  name: string;
  columns: readonly ImportLogColumn[];
}

const column = (name: string, type: ImportLogColumnType, nullable = true): ImportLogColumn => ({
  name,
  type,
  nullable,
});

/** One row per import, appended last: its presence is what marks an import done. */
export const IMPORTS_TABLE: ImportLogTable = {
  name: 'meta_imports',
  columns: [
    // The sha256 of the file's bytes: the same file twice is the same import.
    column('id', 'text', false),
    column('file_name', 'text'),
    column('file_hash', 'text'),
    column('platform', 'text'),
    column('report_level', 'text'),
    column('target_table', 'text'),
    column('period_from', 'date'),
    column('period_to', 'date'),
    column('rows_read', 'integer'),
    column('rows_accepted', 'integer'),
    column('rows_rejected', 'integer'),
    column('rows_replaced', 'integer'),
    column('reconciliation', 'text'),
    column('reconciliation_detail', 'text'),
    column('currencies', 'text'),
    column('accounts', 'text'),
    column('imported_at', 'timestamp'),
  ],
};

/** Rows an import did not load, with why and the row's cells, for export and correction. */
export const REJECTED_ROWS_TABLE: ImportLogTable = {
  name: 'meta_rejected_rows',
  columns: [
    column('import_id', 'text', false),
    column('file_name', 'text'),
    column('row_number', 'integer'),
    column('column_name', 'text'),
    column('reason', 'text'),
    // The row's cells by header, as JSON.
    column('raw_values', 'text'),
    // The reason as a message (key and parameters, JSON), said in the reader's language; null in
    // rows kept before reasons were messages, which read as their English.
    column('reason_said', 'text'),
  ],
};

/** Exchange rates imported from a file: one rate per day and currency into `base_currency`. */
export const FX_RATES_TABLE: ImportLogTable = {
  name: 'meta_fx_rates',
  columns: [
    column('date', 'date', false),
    column('currency', 'text'),
    column('rate', 'number'),
    column('base_currency', 'text'),
    column('import_id', 'text'),
  ],
};

export const IMPORT_LOG_TABLES: readonly ImportLogTable[] = [
  IMPORTS_TABLE,
  REJECTED_ROWS_TABLE,
  FX_RATES_TABLE,
];
