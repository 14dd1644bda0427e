import type { ColumnDefinition, TableDefinition } from '../schema.js';
import type { Migration } from './migration.js';

/**
 * The monitor's memory in the workspace, so the CLI can run it on a workspace file without a
 * server and a server finds what the CLI found: its settings, its incidents and the state it
 * carries from one run to the next (each target's last pace colour, the last run). Like the
 * targets' tables every table is append-only — a change is a new row with a higher version or
 * sequence number — so history is kept by construction and the layout works on engines without
 * cheap updates (ClickHouse). Bodies are JSON, validated by the application layer on read; times
 * are ISO-8601 UTC text.
 */
const column = (name: string, type: ColumnDefinition['type'], nullable = false): ColumnDefinition => ({
  name,
  type,
  nullable,
});

/** One row per version of the workspace's monitor settings. */
export const MONITOR_SETTINGS_TABLE: TableDefinition = {
  name: 'monitor_settings',
  columns: [
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['version'],
};

/**
 * Everything that happened to each incident, in order: what the monitor detected (again), who
 * acknowledged, snoozed, resolved or commented. An incident is the fold of its events.
 */
export const MONITOR_INCIDENT_EVENTS_TABLE: TableDefinition = {
  name: 'monitor_incident_events',
  columns: [
    column('incident_id', 'text'),
    column('seq', 'integer'),
    column('kind', 'text'),
    column('at', 'text'),
    column('actor', 'text', true),
    column('body', 'text'),
  ],
  orderBy: ['incident_id', 'seq'],
};

/** What one run leaves for the next, by key (`pace:<target>`, `run`); one row per version. */
export const MONITOR_STATE_TABLE: TableDefinition = {
  name: 'monitor_state',
  columns: [
    column('state_key', 'text'),
    column('version', 'integer'),
    column('body', 'text'),
    column('created_at', 'text'),
  ],
  orderBy: ['state_key', 'version'],
};

export const MONITOR_TABLES: readonly TableDefinition[] = [
  MONITOR_SETTINGS_TABLE,
  MONITOR_INCIDENT_EVENTS_TABLE,
  MONITOR_STATE_TABLE,
];

/** Migrations of this area; versions 700–799 are reserved for it. */
export const MONITOR_MIGRATIONS: readonly Migration[] = [
  {
    version: 700,
    name: 'monitor settings, incidents and their events, state between runs',
    statements: () => [...MONITOR_TABLES],
  },
];
