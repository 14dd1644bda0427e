import type { Migration } from './migration.js';

/**
 * Scoped access in the server's metadata database (`server.duckdb`): a member's scope and a share
 * link's scope and pages, as JSON text (`{"channels":["douyin"]}`, `["overview"]`). A null scope
 * sees the whole workspace; a link with null pages opens what links opened before pages existed
 * (the overview and its queries). The metadata database is always DuckDB; on an engine without
 * enforced keys this area, like the tables it extends, creates nothing.
 */
const SCOPE_COLUMNS = [
  'ALTER TABLE server_memberships ADD COLUMN scope VARCHAR',
  'ALTER TABLE server_share_links ADD COLUMN scope VARCHAR',
  'ALTER TABLE server_share_links ADD COLUMN pages VARCHAR',
];

/** Versions 330–339 of the server's range (300–399). */
export const ACCESS_SCOPE_MIGRATIONS: readonly Migration[] = [
  {
    version: 330,
    name: 'scopes of members and share links, pages of share links',
    statements: (dialect) => (dialect.enforcedKeys ? SCOPE_COLUMNS : []),
  },
];
