/** The audit log: who changed what, when. Written by every route that changes something. */
import type { Row, Warehouse } from '@markpi/store';
import { newId } from '../auth/tokens.js';
import { json, optionalText, text } from './rows.js';

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  id: string;
  /** Increases with every entry; the order of the log and its paging cursor. */
  seq: number;
  at: string;
  /** Null for changes the server made itself (first admin, demo account). */
  userId: string | null;
  userLogin: string | null;
  /** Null for server-wide changes (accounts). */
  workspaceId: string | null;
  /** Dotted verb, e.g. `member.add`, `share_link.revoke`, `import.confirm`. */
  action: string;
  /** What was changed: a user login, a KPI id, a share link id, an import id. */
  target: string;
  details: AuditDetails;
}

const COLUMNS = 'id, occurred_at, user_id, user_login, workspace_id, action, target, details';
const SELECTED = `seq, ${COLUMNS}`;

function toEntry(row: Row): AuditEntry {
  return {
    id: text(row, 'id'),
    seq: Number(row.seq),
    at: text(row, 'occurred_at'),
    userId: optionalText(row, 'user_id'),
    userLogin: optionalText(row, 'user_login'),
    workspaceId: optionalText(row, 'workspace_id'),
    action: text(row, 'action'),
    target: text(row, 'target'),
    details: json<AuditDetails>(row, 'details'),
  };
}

export interface AuditFilter {
  /** One workspace's entries; undefined for all (server admins). */
  workspaceId?: string;
  action?: string;
  /** Entries before this `seq`, for paging backwards. */
  before?: number;
  limit: number;
}

export class AuditLog {
  constructor(private readonly db: Warehouse) {}

  async write(entry: Omit<AuditEntry, 'id' | 'seq'>, db: Warehouse = this.db): Promise<void> {
    const written = { id: newId(), ...entry };
    await db.run(`INSERT INTO server_audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      written.id,
      written.at,
      written.userId,
      written.userLogin,
      written.workspaceId,
      written.action,
      written.target,
      JSON.stringify(written.details),
    ]);
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    const bind = (condition: string, value: string | number) => {
      params.push(value);
      conditions.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.workspaceId !== undefined) bind('workspace_id = ?', filter.workspaceId);
    if (filter.action !== undefined) bind('action = ?', filter.action);
    if (filter.before !== undefined) bind('seq < ?', filter.before);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query(
      `SELECT ${SELECTED} FROM server_audit_log ${where} ORDER BY seq DESC LIMIT ${Math.trunc(filter.limit)}`,
      params,
    );
    return rows.map(toEntry);
  }
}
