import type { Migration } from './migration.js';

/** Migrations of this area; versions 200–299 are reserved for it. */
export const IMPORTS_MIGRATIONS: readonly Migration[] = [];
