import { ROLLUP_METADATA_TABLE } from '@markpi/core';
import type { TableDefinition } from '../schema.js';
import type { Migration } from './migration.js';

/** One row per rollup: its definition (lists as JSON text), when it was built and its size then. */
export const ROLLUP_METADATA: TableDefinition = {
  name: ROLLUP_METADATA_TABLE,
  columns: [
    { name: 'name', type: 'text', nullable: false },
    { name: 'fact', type: 'text', nullable: false },
    { name: 'grain', type: 'text', nullable: false },
    { name: 'dimensions', type: 'text', nullable: false },
    { name: 'columns', type: 'text', nullable: false },
    { name: 'created_at', type: 'text', nullable: false },
    { name: 'rows', type: 'integer', nullable: true },
    { name: 'days', type: 'integer', nullable: true },
  ],
  orderBy: ['name'],
};

/** Migrations of this area; versions 1100–1199 are reserved for it. */
export const ROLLUP_MIGRATIONS: readonly Migration[] = [
  {
    version: 1100,
    name: 'rollup definitions',
    statements: () => [ROLLUP_METADATA],
  },
];
