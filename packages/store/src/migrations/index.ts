/**
 * Versioned, forward-only migrations. Each runs once per workspace, in order, inside a
 * transaction; the applied versions are recorded in `meta_migrations`.
 */
import type { Dialect } from '@markpi/core';
import { type ColumnType, FACT_TABLES, type TableDefinition } from '../schema.js';
import type { Warehouse } from '../warehouse.js';
import { ACCESS_SCOPE_MIGRATIONS } from './access-scopes.js';
import { ATTRIBUTION_MIGRATIONS } from './attribution.js';
import { AUTH_MIGRATIONS } from './auth.js';
import { CUSTOMERS_MIGRATIONS } from './customers.js';
import { DASHBOARD_MIGRATIONS } from './dashboard.js';
import { IMPORTS_MIGRATIONS } from './imports.js';
import { LIFT_MIGRATIONS } from './lift.js';
import type { Migration } from './migration.js';
import { MONITOR_MIGRATIONS } from './monitor.js';
import { NOTIFICATION_MIGRATIONS } from './notifications.js';
import { ENTITY_TABLES_BEFORE_REGISTRY, registryMigrations } from './registry.js';
import { ROLLUP_MIGRATIONS } from './rollups.js';
import { SAVED_MAPPING_MIGRATIONS } from './saved-mappings.js';
import { TARGETS_MIGRATIONS } from './targets.js';

export type { Migration } from './migration.js';

/**
 * Column types as each engine spells them: the one place the store's DDL knows engines by name.
 * What an engine can do (nullable types, sorted and partitioned tables) comes from its dialect.
 */
const SQL_TYPES: Record<Dialect['name'], Record<ColumnType, string>> = {
  duckdb: {
    date: 'DATE',
    text: 'VARCHAR',
    number: 'DOUBLE',
    integer: 'BIGINT',
    boolean: 'BOOLEAN',
    timestamp: 'TIMESTAMP',
  },
  clickhouse: {
    date: 'Date',
    text: 'String',
    number: 'Float64',
    integer: 'Int64',
    boolean: 'UInt8',
    // Shown in UTC whatever the server's time zone, as the other engines show timestamps.
    timestamp: "DateTime('UTC')",
  },
};

/**
 * How a sorted table splits its rows: hash buckets when asked, months when dated, else one part.
 * Column names are the store's own plain identifiers, written bare as the loads expect to read
 * them back from the engine's table description.
 */
function partitionClause(table: TableDefinition): string {
  if (table.partitionBuckets) {
    const { column, count } = table.partitionBuckets;
    return ` PARTITION BY cityHash64(${column}) % ${Math.trunc(count)}`;
  }
  return table.columns.some((column) => column.name === 'date') ? ' PARTITION BY toYYYYMM(date)' : '';
}

/**
 * `CREATE TABLE IF NOT EXISTS` for a table; `name` renames it (a shard's local table). The one
 * DDL printer of the store: every table of every area is created through it.
 */
export function createTableSql(
  dialect: Dialect,
  table: TableDefinition,
  name: string = table.name,
  database?: string,
): string {
  const types = SQL_TYPES[dialect.name];
  const columns = table.columns.map((column) => {
    const type = types[column.type];
    if (dialect.nullableTypes) {
      return `${dialect.quote(column.name)} ${column.nullable ? `Nullable(${type})` : type}`;
    }
    return `${dialect.quote(column.name)} ${type}${column.nullable ? '' : ' NOT NULL'}`;
  });
  const qualified = database ? `${dialect.quote(database)}.${dialect.quote(name)}` : dialect.quote(name);
  const body = `CREATE TABLE IF NOT EXISTS ${qualified} (${columns.join(', ')})`;
  if (!dialect.sortedTables) return body;
  // Sorting keys can't be Nullable; a text key sorts its nulls as ''.
  const order = table.orderBy.map((key) => {
    const column = table.columns.find((candidate) => candidate.name === key);
    return column?.nullable
      ? `ifNull(${dialect.quote(key)}, ${column.type === 'text' ? "''" : '0'})`
      : dialect.quote(key);
  });
  return `${body} ENGINE = MergeTree()${partitionClause(table)} ORDER BY (${order.join(', ') || 'tuple()'})`;
}

/** `ALTER TABLE … ADD COLUMN …` for a nullable column, as each engine spells it. */
export function addColumnSql(dialect: Dialect, table: string, column: string, type: ColumnType): string {
  const spelled = SQL_TYPES[dialect.name][type];
  const nullable = dialect.nullableTypes ? `Nullable(${spelled})` : spelled;
  return `ALTER TABLE ${dialect.quote(table)} ADD COLUMN ${dialect.quote(column)} ${nullable}`;
}

const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'facts and entities',
    statements: () => [...FACT_TABLES, ...ENTITY_TABLES_BEFORE_REGISTRY],
  },
];

const byVersion = (a: Migration, b: Migration) => a.version - b.version;

/** What a workspace holds (facts, imports, targets), on every engine; each area keeps its own file. */
export const MIGRATIONS: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...IMPORTS_MIGRATIONS,
  ...TARGETS_MIGRATIONS,
  ...LIFT_MIGRATIONS,
  ...MONITOR_MIGRATIONS,
  ...ATTRIBUTION_MIGRATIONS,
  ...registryMigrations(addColumnSql),
  ...CUSTOMERS_MIGRATIONS,
  ...ROLLUP_MIGRATIONS,
  ...DASHBOARD_MIGRATIONS,
].sort(byVersion);

/**
 * What the HTTP server keeps about people (accounts, sessions, share links, audit) in its own
 * metadata database, never in a workspace: open it with `{ migrations: SERVER_MIGRATIONS }`.
 */
export const SERVER_MIGRATIONS: readonly Migration[] = [
  ...AUTH_MIGRATIONS,
  ...NOTIFICATION_MIGRATIONS,
  ...SAVED_MAPPING_MIGRATIONS,
  ...ACCESS_SCOPE_MIGRATIONS,
].sort(byVersion);

export async function appliedVersions(warehouse: Warehouse): Promise<number[]> {
  const rows = await warehouse.query('SELECT version FROM meta_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}

const LEDGER: TableDefinition = {
  name: 'meta_migrations',
  columns: [
    { name: 'version', type: 'integer', nullable: false },
    { name: 'name', type: 'text', nullable: false },
    { name: 'applied_at', type: 'text', nullable: false },
  ],
  orderBy: ['version'],
};

export async function migrate(
  warehouse: Warehouse,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await warehouse.createTable(LEDGER);
  const done = new Set(await appliedVersions(warehouse));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await warehouse.transaction(async (scoped) => {
      for (const step of migration.statements(warehouse.dialect)) {
        if (typeof step === 'string') await scoped.run(step);
        else await scoped.createTable(step);
      }
      await scoped.append(LEDGER.name, {
        rowCount: 1,
        columns: {
          version: [migration.version],
          name: [migration.name],
          applied_at: [new Date().toISOString()],
        },
      });
    });
    applied.push(migration.version);
  }
  return applied;
}
