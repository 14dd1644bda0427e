import type { ColumnDefinition, TableDefinition } from '../schema.js';
import type { Migration } from './migration.js';

/**
 * The dashboard's own records in the workspace: annotations (dated notes with a scope), saved
 * views (Explore questions kept by name), boards (views pinned in order) and the overview's tiles
 * (the workspace's, and a person's own over them). Like the monitor's tables each table is append-only — an
 * edit or a removal is a new row with a higher version, the latest row of an id is the record, an
 * empty body a removed one — so history is kept
 * and the layout works on engines without cheap updates (ClickHouse). Bodies are JSON validated
 * by the application layer on read; times are ISO-8601 UTC text.
 */
const column = (name: string, type: ColumnDefinition['type'], nullable = false): ColumnDefinition => ({
  name,
  type,
  nullable,
});

export const ANNOTATIONS_TABLE: TableDefinition = {
  name: 'dashboard_annotations',
  columns: [
    column('annotation_id', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['annotation_id', 'version'],
};

export const VIEWS_TABLE: TableDefinition = {
  name: 'dashboard_views',
  columns: [
    column('view_id', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['view_id', 'version'],
};

export const BOARDS_TABLE: TableDefinition = {
  name: 'dashboard_boards',
  columns: [
    column('board_id', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['board_id', 'version'],
};

/** The overview's tiles: `tiles_scope` is `workspace`, or `user:<login>` for a person's own. */
export const TILES_TABLE: TableDefinition = {
  name: 'dashboard_tiles',
  columns: [
    column('tiles_scope', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['tiles_scope', 'version'],
};

/** Migrations of this area; versions 1200–1299 are reserved for it. */
export const DASHBOARD_MIGRATIONS: readonly Migration[] = [
  {
    version: 1200,
    name: 'dashboard annotations',
    statements: () => [ANNOTATIONS_TABLE],
  },
  {
    version: 1201,
    name: 'dashboard saved views',
    statements: () => [VIEWS_TABLE],
  },
  {
    version: 1202,
    name: 'dashboard boards',
    statements: () => [BOARDS_TABLE],
  },
  {
    version: 1203,
    name: 'dashboard overview tiles',
    statements: () => [TILES_TABLE],
  },
];
