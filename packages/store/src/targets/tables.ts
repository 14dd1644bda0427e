/**
 * Tables of targets and what they are judged by. Every table is append-only — a change is a
 * new row with a higher version — so history is kept by construction and the same layout works
 * on engines without cheap updates (ClickHouse).
 */
import type { ColumnDefinition, TableDefinition } from '../schema.js';

const column = (name: string, type: ColumnDefinition['type'], nullable = false): ColumnDefinition => ({
  name,
  type,
  nullable,
});

/** One row per version of a target; `body` is the target as JSON (validated on read). */
export const TARGET_VERSIONS_TABLE: TableDefinition = {
  name: 'target_versions',
  columns: [
    column('target_id', 'text'),
    column('version', 'integer'),
    column('kpi', 'text'),
    column('body', 'text'),
    // ISO-8601 UTC text: sorts as text and survives every engine unchanged.
    column('created_at', 'text'),
    column('author', 'text', true),
    column('reason', 'text', true),
  ],
  orderBy: ['target_id', 'version'],
};

/** Industry and channel levels the user imported, to compare targets with. */
export const BENCHMARKS_TABLE: TableDefinition = {
  name: 'target_benchmarks',
  columns: [
    column('kpi', 'text'),
    column('segment', 'text'),
    column('value', 'number'),
    column('source', 'text'),
    column('note', 'text', true),
    column('imported_at', 'text'),
  ],
  orderBy: ['kpi', 'segment'],
};

/** Calendars of weighted events (sales days, launch days) for breakdowns; one row per version. */
export const EVENT_CALENDARS_TABLE: TableDefinition = {
  name: 'target_event_calendars',
  columns: [
    column('calendar_id', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
  ],
  orderBy: ['calendar_id', 'version'],
};

/** Custom scorecard templates; one row per version. */
export const SCORECARD_TEMPLATES_TABLE: TableDefinition = {
  name: 'target_scorecard_templates',
  columns: [
    column('template_id', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
  ],
  orderBy: ['template_id', 'version'],
};

export const TARGET_TABLES: readonly TableDefinition[] = [
  TARGET_VERSIONS_TABLE,
  BENCHMARKS_TABLE,
  EVENT_CALENDARS_TABLE,
  SCORECARD_TEMPLATES_TABLE,
];
