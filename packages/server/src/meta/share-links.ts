/**
 * Read-only share links: a secret token that opens one workspace's pages (the overview, Explore,
 * a board) within a scope until it expires or is revoked. Only the token's digest is stored; the
 * token is shown once.
 */
import { type AccessScope, LEGACY_SHARE_PAGES, type SharePage } from '@markpi/core';
import type { Row, Warehouse } from '@markpi/store';
import { digest, newId, newSecret } from '../auth/tokens.js';
import { optionalJson, optionalText, text } from './rows.js';

export interface ShareLinkRecord {
  id: string;
  workspaceId: string;
  label: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** The rows the link shows; null: the whole workspace. */
  scope: AccessScope | null;
  /** What it opens; a link made before pages existed opens the overview and its queries. */
  pages: SharePage[];
}

const COLUMNS = 'id, workspace_id, label, created_by, created_at, expires_at, revoked_at, scope, pages';

function toLink(row: Row): ShareLinkRecord {
  return {
    id: text(row, 'id'),
    workspaceId: text(row, 'workspace_id'),
    label: text(row, 'label'),
    createdBy: text(row, 'created_by'),
    createdAt: text(row, 'created_at'),
    expiresAt: text(row, 'expires_at'),
    revokedAt: optionalText(row, 'revoked_at'),
    scope: optionalJson<AccessScope>(row, 'scope'),
    pages: optionalJson<SharePage[]>(row, 'pages') ?? [...LEGACY_SHARE_PAGES],
  };
}

export class ShareLinkRepository {
  constructor(private readonly db: Warehouse) {}

  async create(
    input: Omit<ShareLinkRecord, 'id' | 'revokedAt'>,
  ): Promise<{ token: string; link: ShareLinkRecord }> {
    const token = newSecret();
    const link: ShareLinkRecord = { id: newId(), ...input, revokedAt: null };
    await this.db.run(
      `INSERT INTO server_share_links (token_hash, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        digest(token),
        link.id,
        link.workspaceId,
        link.label,
        link.createdBy,
        link.createdAt,
        link.expiresAt,
        null,
        link.scope ? JSON.stringify(link.scope) : null,
        JSON.stringify(link.pages),
      ],
    );
    return { token, link };
  }

  async list(workspaceId: string): Promise<ShareLinkRecord[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM server_share_links WHERE workspace_id = $1 ORDER BY created_at DESC`,
      [workspaceId],
    );
    return rows.map(toLink);
  }

  async byId(workspaceId: string, id: string): Promise<ShareLinkRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS} FROM server_share_links WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row ? toLink(row) : undefined;
  }

  async byToken(token: string): Promise<ShareLinkRecord | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM server_share_links WHERE token_hash = $1`, [
      digest(token),
    ]);
    return row ? toLink(row) : undefined;
  }

  async revoke(workspaceId: string, id: string, at: string): Promise<void> {
    await this.db.run(
      'UPDATE server_share_links SET revoked_at = $1 WHERE workspace_id = $2 AND id = $3 AND revoked_at IS NULL',
      [at, workspaceId, id],
    );
  }
}
