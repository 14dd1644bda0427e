import { REJECTED_ROWS_TABLE } from '@markpi/core';
import { IMPORT_TABLES, PERIOD_TABLES } from '../schema.js';
import { addColumnSql } from './index.js';
import type { Migration } from './migration.js';

/** Columns added to the import log after its first migration, each by a migration of its own. */
const ADDED_LATER: Readonly<Record<string, readonly string[]>> = {
  [REJECTED_ROWS_TABLE.name]: ['reason_said'],
};

/**
 * The import log as the first migration creates it, so every workspace, old or new, reaches
 * today's columns through the same later migrations (ClickHouse 18.16 has no
 * `ADD COLUMN IF NOT EXISTS`: a column must be added exactly once).
 */
const IMPORT_TABLES_AT_FIRST = IMPORT_TABLES.map((table) => {
  const later = ADDED_LATER[table.name];
  return later
    ? { ...table, columns: table.columns.filter((column) => !later.includes(column.name)) }
    : table;
});

/** Migrations of this area; versions 200–299 and 1300–1399 are reserved for it. */
export const IMPORTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    // Workspaces the importers used before this migration already hold these tables, created
    // with the same columns: `IF NOT EXISTS` leaves them as they are.
    name: 'import log, rejected rows, FX rates',
    statements: () => [...IMPORT_TABLES_AT_FIRST],
  },
  {
    version: 201,
    // Totals over a report's date range, kept beside the daily rows (new workspaces already
    // have these tables from the facts' own migration: `IF NOT EXISTS` leaves them).
    name: 'period rows',
    statements: () => [...PERIOD_TABLES],
  },
  {
    version: 1300,
    // A rejected row's reason as a message, said in the reader's language.
    name: 'rejected rows: the reason as a message',
    statements: (dialect) => [addColumnSql(dialect, REJECTED_ROWS_TABLE.name, 'reason_said', 'text')],
  },
];
