/** The workspace registry and who belongs to which workspace with which role. */
import type { AccessScope } from '@markpi/core';
import type { Row, Warehouse } from '@markpi/store';
import type { Role } from '../auth/roles.js';
import { flag, json, optionalJson, text } from './rows.js';

export interface WorkspaceRecord {
  /** URL-safe slug, e.g. `lumi`; every workspace route carries it. */
  id: string;
  name: string;
  /** Absolute path of the workspace's DuckDB file. */
  file: string;
  /** Files the server created (under its data directory) rather than ones it was pointed at. */
  ownedByServer: boolean;
  /** The workspace's custom measures and KPIs, in the form `buildCatalog` takes. */
  config: unknown;
  createdAt: string;
  /**
   * Set on the record a scoped caller's request carries (never stored here): the registry then
   * answers that request's KPI questions within it (`workspaces/registry.ts`).
   */
  scope?: AccessScope;
}

export interface MembershipRecord {
  workspaceId: string;
  userId: string;
  role: Role;
  createdAt: string;
  /** The rows this member may see; null: the whole workspace. */
  scope: AccessScope | null;
}

const WORKSPACE_COLUMNS = 'id, name, file, owned_by_server, config, created_at';
const MEMBERSHIP_COLUMNS = 'workspace_id, user_id, role, created_at, scope';

function toWorkspace(row: Row): WorkspaceRecord {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    file: text(row, 'file'),
    ownedByServer: flag(row, 'owned_by_server'),
    config: json<unknown>(row, 'config'),
    createdAt: text(row, 'created_at'),
  };
}

function toMembership(row: Row): MembershipRecord {
  return {
    workspaceId: text(row, 'workspace_id'),
    userId: text(row, 'user_id'),
    role: text(row, 'role') as Role,
    createdAt: text(row, 'created_at'),
    scope: optionalJson<AccessScope>(row, 'scope'),
  };
}

export class WorkspaceRepository {
  constructor(private readonly db: Warehouse) {}

  async list(): Promise<WorkspaceRecord[]> {
    return (await this.db.query(`SELECT ${WORKSPACE_COLUMNS} FROM server_workspaces ORDER BY name, id`)).map(
      toWorkspace,
    );
  }

  async byId(id: string): Promise<WorkspaceRecord | undefined> {
    const [row] = await this.db.query(`SELECT ${WORKSPACE_COLUMNS} FROM server_workspaces WHERE id = $1`, [
      id,
    ]);
    return row ? toWorkspace(row) : undefined;
  }

  async byFile(file: string): Promise<WorkspaceRecord | undefined> {
    const [row] = await this.db.query(`SELECT ${WORKSPACE_COLUMNS} FROM server_workspaces WHERE file = $1`, [
      file,
    ]);
    return row ? toWorkspace(row) : undefined;
  }

  async create(workspace: WorkspaceRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO server_workspaces (${WORKSPACE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        workspace.id,
        workspace.name,
        workspace.file,
        workspace.ownedByServer,
        JSON.stringify(workspace.config ?? {}),
        workspace.createdAt,
      ],
    );
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.run('UPDATE server_workspaces SET name = $1 WHERE id = $2', [name, id]);
  }

  async setConfig(id: string, config: unknown): Promise<void> {
    await this.db.run('UPDATE server_workspaces SET config = $1 WHERE id = $2', [JSON.stringify(config), id]);
  }

  /** Removes the workspace and everything that grants access to it, in one transaction. */
  async delete(id: string): Promise<void> {
    await this.db.transaction(async (db) => {
      await db.run('DELETE FROM server_memberships WHERE workspace_id = $1', [id]);
      await db.run('DELETE FROM server_share_links WHERE workspace_id = $1', [id]);
      await db.run('DELETE FROM server_workspaces WHERE id = $1', [id]);
    });
  }

  async membership(workspaceId: string, userId: string): Promise<MembershipRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM server_memberships WHERE workspace_id = $1 AND user_id = $2`,
      [workspaceId, userId],
    );
    return row ? toMembership(row) : undefined;
  }

  async membershipsOfUser(userId: string): Promise<MembershipRecord[]> {
    const rows = await this.db.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM server_memberships WHERE user_id = $1 ORDER BY workspace_id`,
      [userId],
    );
    return rows.map(toMembership);
  }

  async allMemberships(): Promise<MembershipRecord[]> {
    const rows = await this.db.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM server_memberships ORDER BY workspace_id`,
    );
    return rows.map(toMembership);
  }

  async members(workspaceId: string): Promise<MembershipRecord[]> {
    const rows = await this.db.query(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM server_memberships WHERE workspace_id = $1 ORDER BY created_at`,
      [workspaceId],
    );
    return rows.map(toMembership);
  }

  async addMember(
    membership: Omit<MembershipRecord, 'scope'> & { scope?: AccessScope | null },
    db: Warehouse = this.db,
  ): Promise<void> {
    await db.run(`INSERT INTO server_memberships (${MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
      membership.workspaceId,
      membership.userId,
      membership.role,
      membership.createdAt,
      membership.scope ? JSON.stringify(membership.scope) : null,
    ]);
  }

  async setRole(workspaceId: string, userId: string, role: Role): Promise<void> {
    await this.db.run('UPDATE server_memberships SET role = $1 WHERE workspace_id = $2 AND user_id = $3', [
      role,
      workspaceId,
      userId,
    ]);
  }

  /** Sets (or with null clears) the rows a member may see. */
  async setScope(workspaceId: string, userId: string, scope: AccessScope | null): Promise<void> {
    await this.db.run('UPDATE server_memberships SET scope = $1 WHERE workspace_id = $2 AND user_id = $3', [
      scope ? JSON.stringify(scope) : null,
      workspaceId,
      userId,
    ]);
  }

  async removeMemberships(userId: string, db: Warehouse = this.db): Promise<void> {
    await db.run('DELETE FROM server_memberships WHERE user_id = $1', [userId]);
  }

  async removeMember(workspaceId: string, userId: string): Promise<void> {
    await this.db.run('DELETE FROM server_memberships WHERE workspace_id = $1 AND user_id = $2', [
      workspaceId,
      userId,
    ]);
  }
}
