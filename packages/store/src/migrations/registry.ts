import { CREATOR_REGISTRY_TABLES, type Dialect, type RegistryTable, registryTableBefore } from '@markpi/core';
import { type ColumnType, ENTITY_TABLES, registryTable, type TableDefinition } from '../schema.js';
import type { Migration } from './migration.js';

/**
 * The entity tables as the first migration creates them (the registry's without its columns),
 * so every workspace, old or new, reaches today's layout through the same registry migration:
 * ClickHouse 18.16 has no `ADD COLUMN IF NOT EXISTS`, so a column must be added exactly once.
 */
export const ENTITY_TABLES_BEFORE_REGISTRY: readonly TableDefinition[] = ENTITY_TABLES.flatMap((table) => {
  const registered = CREATOR_REGISTRY_TABLES.find((entry) => entry.name === table.name);
  if (!registered) return [table];
  const before = registryTableBefore(registered);
  return before ? [registryTable(before)] : [];
});

/** Prints `ALTER TABLE … ADD COLUMN …`: the store's DDL printer (migrations/index.ts), passed in. */
export type AddColumnSql = (dialect: Dialect, table: string, column: string, type: ColumnType) => string;

function registrySteps(
  dialect: Dialect,
  table: RegistryTable,
  addColumnSql: AddColumnSql,
): (string | TableDefinition)[] {
  if (table.addedTable) return [registryTable(table)];
  return table.addedColumns.map((name) => {
    const column = table.columns.find((entry) => entry.name === name);
    if (!column) throw new Error(`registry column ${table.name}.${name} is not in the model`);
    return addColumnSql(dialect, table.name, name, column.type);
  });
}

/** Migrations of this area; versions 900–999 are reserved for it. */
export function registryMigrations(addColumnSql: AddColumnSql): Migration[] {
  return [
    {
      version: 900,
      name: 'creator registry: category, agency, content type, post links and campaigns, accounts per platform',
      statements: (dialect) =>
        CREATOR_REGISTRY_TABLES.flatMap((table) => registrySteps(dialect, table, addColumnSql)),
    },
  ];
}
