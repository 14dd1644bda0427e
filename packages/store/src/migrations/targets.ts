import type { Migration } from './migration.js';

/** Migrations of this area; versions 400–499 are reserved for it. */
export const TARGETS_MIGRATIONS: readonly Migration[] = [];
