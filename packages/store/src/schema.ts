/**
 * Table layout of a workspace, derived from the core model so the store and the planner can
 * never disagree about a column. Migrations create and evolve these tables.
 */
import { FACTS, type FactDefinition, factMeasureColumns } from '@markpi/core';

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
}

const column = (name: string, type: ColumnType, nullable = true): ColumnDefinition => ({
  name,
  type,
  nullable,
});

export function factTable(fact: FactDefinition): TableDefinition {
  return {
    name: fact.table,
    columns: [
      column('date', 'date', false),
      ...fact.dimensions.map((dimension) => column(dimension, 'text')),
      ...factMeasureColumns(fact.id).map((measure) => column(measure, 'number')),
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
  {
    name: 'dim_creators',
    columns: [
      column('creator', 'text', false),
      column('name', 'text'),
      column('tier', 'text'),
      column('channel', 'text'),
      column('followers', 'number'),
    ],
    orderBy: ['creator'],
  },
  {
    name: 'dim_content',
    columns: [
      column('content', 'text', false),
      column('creator', 'text'),
      column('channel', 'text'),
      column('format', 'text'),
      column('published_on', 'date'),
      column('title', 'text'),
    ],
    orderBy: ['content'],
  },
];

export const FACT_TABLES: readonly TableDefinition[] = FACTS.map(factTable);

export function tableDefinition(name: string): TableDefinition | undefined {
  return [...FACT_TABLES, ...ENTITY_TABLES].find((table) => table.name === name);
}
