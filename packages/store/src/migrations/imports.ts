import { IMPORT_TABLES, PERIOD_TABLES } from '../schema.js';
import type { Migration } from './migration.js';

/** Migrations of this area; versions 200–299 are reserved for it. */
export const IMPORTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    // Workspaces the importers used before this migration already hold these tables, created
    // with the same columns: `IF NOT EXISTS` leaves them as they are.
    name: 'import log, rejected rows, FX rates',
    statements: () => [...IMPORT_TABLES],
  },
  {
    version: 201,
    // Totals over a report's date range, kept beside the daily rows (new workspaces already
    // have these tables from the facts' own migration: `IF NOT EXISTS` leaves them).
    name: 'period rows',
    statements: () => [...PERIOD_TABLES],
  },
];
