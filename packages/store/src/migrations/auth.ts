import type { Migration } from './migration.js';

/**
 * Tables of the HTTP server's own metadata database (`server.duckdb`, opened with
 * `SERVER_MIGRATIONS`): accounts, workspace registry, memberships, sessions, share links, audit
 * log and uploads. They never go into a workspace. They rely on enforced keys (one login per
 * person) and a sequence; the metadata database is always DuckDB, so the statements are DuckDB's,
 * and on an engine without enforced keys this area creates nothing.
 *
 * Times are ISO-8601 UTC strings (`2026-01-31T12:00:00.000Z`): they sort as text and keep their
 * milliseconds, which the warehouse's timestamps do not.
 */
const SERVER_TABLES = [
  `CREATE TABLE IF NOT EXISTS server_users (
    id VARCHAR PRIMARY KEY,
    login VARCHAR NOT NULL UNIQUE,
    display_name VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    server_admin BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL,
    created_at VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS server_workspaces (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    owned_by_server BOOLEAN NOT NULL,
    config VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS server_memberships (
    workspace_id VARCHAR NOT NULL,
    user_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
  )`,
  `CREATE TABLE IF NOT EXISTS server_sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    expires_at VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS server_share_links (
    id VARCHAR PRIMARY KEY,
    token_hash VARCHAR NOT NULL UNIQUE,
    workspace_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    expires_at VARCHAR NOT NULL,
    revoked_at VARCHAR
  )`,
  // Entries are ordered and paged by `seq`: times can tie, a sequence can't.
  'CREATE SEQUENCE IF NOT EXISTS server_audit_seq',
  `CREATE TABLE IF NOT EXISTS server_audit_log (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('server_audit_seq'),
    occurred_at VARCHAR NOT NULL,
    user_id VARCHAR,
    user_login VARCHAR,
    workspace_id VARCHAR,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    details VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS server_imports (
    id VARCHAR PRIMARY KEY,
    workspace_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    files VARCHAR NOT NULL,
    options VARCHAR NOT NULL,
    report VARCHAR,
    error VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL
  )`,
];

/** Migrations of this area; versions 300–399 are reserved for it. */
export const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 300,
    name: 'server accounts, workspaces, sessions, share links, audit log, uploads',
    statements: (dialect) => (dialect.enforcedKeys ? SERVER_TABLES : []),
  },
];
