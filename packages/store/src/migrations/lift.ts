import { LIFT_TABLES } from '../lift/tables.js';
import type { Migration } from './migration.js';

/** Migrations of this area; versions 500–599 are reserved for it. */
export const LIFT_MIGRATIONS: readonly Migration[] = [
  {
    version: 500,
    name: 'lift ledger',
    statements: () => [...LIFT_TABLES],
  },
];
