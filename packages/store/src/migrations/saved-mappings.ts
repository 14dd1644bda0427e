import type { Migration } from './migration.js';

/**
 * Column mappings remembered per workspace in the server's metadata database (`server.duckdb`),
 * keyed by the shape of the header they were made for (importers' `headerFingerprint`): an
 * upload whose files all have a remembered shape is read with its mapping, with no editing.
 * The mapping is the JSON `markpi import --mapping` reads; times are ISO-8601 UTC strings.
 */
const SAVED_MAPPING_TABLES = [
  `CREATE TABLE IF NOT EXISTS server_saved_mappings (
    workspace_id VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    mapping VARCHAR NOT NULL,
    saved_by VARCHAR NOT NULL,
    saved_at VARCHAR NOT NULL,
    PRIMARY KEY (workspace_id, fingerprint)
  )`,
];

/** Versions 320–329 of the server's range (300–399). */
export const SAVED_MAPPING_MIGRATIONS: readonly Migration[] = [
  {
    version: 320,
    name: 'column mappings remembered by header shape',
    statements: (dialect) => (dialect.enforcedKeys ? SAVED_MAPPING_TABLES : []),
  },
];
