/**
 * Table layout of a workspace, derived from the core model so the store and the planner can
 * never disagree about a column. Migrations create and evolve these tables.
 */
import {
  CREATOR_REGISTRY_TABLES,
  FACTS,
  type FactColumnKind,
  type FactDefinition,
  FX_RATES_TABLE,
  factMeasureColumns,
  IMPORTS_TABLE,
  type ImportLogTable,
  PERIOD_END_COLUMN,
  REJECTED_ROWS_TABLE,
  type RegistryTable,
} from '@markpi/core';

export type ColumnType = 'date' | 'text' | 'number' | 'integer' | 'boolean' | 'timestamp';

export interface ColumnDefinition {
  name: string;
  type: ColumnType;
  /** Columns that may hold nulls; dimensions and measures may, keys may not. */
  nullable: boolean;
}

export interface TableDefinition {
  name: string;
  columns: readonly ColumnDefinition[];
  /** Columns the engine should sort or index by. */
  orderBy: readonly string[];
  /**
   * On engines that partition tables, spread the rows over `count` partitions by a hash of
   * `column`, instead of by month (tables with a `date` column) or not at all.
   */
  partitionBuckets?: { column: string; count: number };
}

const column = (name: string, type: ColumnType, nullable = true): ColumnDefinition => ({
  name,
  type,
  nullable,
});

/** How a fact's own column is stored: instants as whole epoch milliseconds, exact on every engine. */
const OWN_COLUMN_TYPES: Record<FactColumnKind, ColumnType> = {
  key: 'text',
  text: 'text',
  time: 'integer',
  money: 'number',
  count: 'number',
};

/** A registry table of core's model as the store lays it out: sorted by its key. */
export const registryTable = (table: RegistryTable): TableDefinition => ({
  name: table.name,
  columns: table.columns,
  orderBy: [...table.key],
});

export function factTable(fact: FactDefinition): TableDefinition {
  return {
    name: fact.table,
    columns: [
      column('date', 'date', false),
      ...fact.dimensions.map((dimension) => column(dimension, 'text')),
      ...factMeasureColumns(fact.id).map((measure) => column(measure, 'number')),
      ...(fact.columns ?? []).map((own) => column(own.id, OWN_COLUMN_TYPES[own.kind], !own.required)),
      // Which import wrote the row: lets a newer file replace exactly what an older one loaded.
      column('import_id', 'text'),
    ],
    orderBy: ['date', ...fact.dimensions.slice(0, 2)],
  };
}

/** Descriptive tables: what a campaign, creator or piece of content is. */
export const ENTITY_TABLES: readonly TableDefinition[] = [
  {
    name: 'dim_campaigns',
    columns: [
      column('campaign', 'text', false),
      column('name', 'text'),
      column('goal', 'text'),
      column('start_date', 'date'),
      column('end_date', 'date'),
      column('budget', 'number'),
    ],
    orderBy: ['campaign'],
  },
  // The creator registry's tables, laid out by core's model.
  ...CREATOR_REGISTRY_TABLES.map(registryTable),
];

/**
 * A fact's period rows (a total over a report's date range): the fact's columns, `date` being
 * the period's first day, and the period's last day after them, so a table made before it
 * existed and one made with it hold the same columns in the same order.
 */
export function periodTable(fact: FactDefinition): TableDefinition | undefined {
  if (!fact.periodTable) return undefined;
  const daily = factTable(fact);
  return {
    ...daily,
    name: fact.periodTable,
    columns: [...daily.columns, column(PERIOD_END_COLUMN, 'date', false)],
  };
}

/** Tables of the facts' period rows, beside the daily ones. */
export const PERIOD_TABLES: readonly TableDefinition[] = FACTS.flatMap((fact) => periodTable(fact) ?? []);

export const FACT_TABLES: readonly TableDefinition[] = [...FACTS.map(factTable), ...PERIOD_TABLES];

const importLogTable = (table: ImportLogTable, layout: Omit<TableDefinition, 'name' | 'columns'>) => ({
  name: table.name,
  columns: table.columns,
  ...layout,
});

/**
 * The import log (core's model), laid out for the loads on engines that swap whole partitions
 * in (ClickHouse): the partitioning decides how much a load rewrites.
 */
export const IMPORT_TABLES: readonly TableDefinition[] = [
  // A few rows per import: one partition, rebuilt whole only when a forced re-import replaces a row.
  importLogTable(IMPORTS_TABLE, { orderBy: ['id'] }),
  // Sixteen buckets by import: a forced re-import rewrites one sixteenth of the rejected rows.
  importLogTable(REJECTED_ROWS_TABLE, {
    orderBy: ['import_id'],
    partitionBuckets: { column: 'import_id', count: 16 },
  }),
  // By month like the fact tables: a restated day rewrites its month only.
  importLogTable(FX_RATES_TABLE, { orderBy: ['date'] }),
];

export function tableDefinition(name: string): TableDefinition | undefined {
  return [...FACT_TABLES, ...ENTITY_TABLES, ...IMPORT_TABLES].find((table) => table.name === name);
}
