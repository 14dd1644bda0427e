import type { Migration } from './migration.js';

/**
 * The monitor's delivery in the server's metadata database (`server.duckdb`), beside accounts:
 * each workspace's notification settings and their secrets, each member's preferences, the
 * dashboard inbox, the outbox of email and webhook messages, and the schedules of monitor and
 * digest runs. DuckDB only, like the rest of that database; nothing on an engine without
 * enforced keys.
 *
 * The outbox and the inbox are keyed by an idempotency key (what, for whom, by which channel):
 * a run redone after a crash inserts nothing twice. Times are ISO-8601 UTC strings.
 */
const NOTIFICATION_TABLES = [
  `CREATE TABLE IF NOT EXISTS server_notification_settings (
    workspace_id VARCHAR PRIMARY KEY,
    settings VARCHAR NOT NULL,
    secrets VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS server_notification_preferences (
    workspace_id VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    preferences VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  )`,
  'CREATE SEQUENCE IF NOT EXISTS server_inbox_seq',
  `CREATE TABLE IF NOT EXISTS server_inbox (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('server_inbox_seq'),
    idempotency_key VARCHAR NOT NULL UNIQUE,
    workspace_id VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    notification VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    read_at VARCHAR
  )`,
  // Drained in `seq` order: messages to one chat arrive in the order they were queued.
  'CREATE SEQUENCE IF NOT EXISTS server_outbox_seq',
  `CREATE TABLE IF NOT EXISTS server_outbox (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('server_outbox_seq'),
    idempotency_key VARCHAR NOT NULL UNIQUE,
    workspace_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    destination VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    payload VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    not_before VARCHAR NOT NULL,
    last_error VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    sent_at VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS server_schedules (
    id VARCHAR PRIMARY KEY,
    workspace_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    user_id VARCHAR,
    schedule VARCHAR NOT NULL,
    next_due VARCHAR NOT NULL,
    last_slot VARCHAR,
    last_run_at VARCHAR,
    last_missed INTEGER,
    last_error VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL
  )`,
];

/** Migrations of the server's notifications; versions 310–319 of the server's range (300–399). */
export const NOTIFICATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 310,
    name: 'notification settings, preferences, inbox, outbox, schedules',
    statements: (dialect) => (dialect.enforcedKeys ? NOTIFICATION_TABLES : []),
  },
];
