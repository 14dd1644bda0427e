import type { Migration } from './migration.js';

/** Migrations of this area; versions 300–399 are reserved for it. */
export const AUTH_MIGRATIONS: readonly Migration[] = [];
