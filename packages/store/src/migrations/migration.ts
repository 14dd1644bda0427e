import type { Dialect } from '@markpi/core';
import type { TableDefinition } from '../schema.js';

/**
 * A step is SQL text, or a table to create: the warehouse decides how (on a ClickHouse
 * cluster a fact table becomes a local table on every shard with a Distributed table in front).
 */
export type MigrationStep = string | TableDefinition;

/** One forward-only schema change; steps may differ per dialect. */
export interface Migration {
  version: number;
  name: string;
  statements(dialect: Dialect): MigrationStep[];
}
