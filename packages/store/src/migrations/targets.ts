import { TARGET_TABLES } from '../targets/tables.js';
import type { Migration } from './migration.js';

/** Migrations of this area; versions 400–499 are reserved for it. */
export const TARGETS_MIGRATIONS: readonly Migration[] = [
  {
    version: 400,
    name: 'targets with versions, benchmarks, event calendars, scorecard templates',
    statements: () => [...TARGET_TABLES],
  },
];
