/** Local accounts. Logins are compared case-insensitively and stored lower-case. */
import type { Row, Warehouse } from '@markpi/store';
import { newId } from '../auth/tokens.js';
import { flag, text } from './rows.js';

export interface UserRecord {
  id: string;
  login: string;
  displayName: string;
  passwordHash: string;
  /** Server admins manage accounts and workspaces and act as admin in every workspace. */
  serverAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

const COLUMNS = 'id, login, display_name, password_hash, server_admin, disabled, created_at';

function toUser(plain: Row): UserRecord {
  return {
    id: text(plain, 'id'),
    login: text(plain, 'login'),
    displayName: text(plain, 'display_name'),
    passwordHash: text(plain, 'password_hash'),
    serverAdmin: flag(plain, 'server_admin'),
    disabled: flag(plain, 'disabled'),
    createdAt: text(plain, 'created_at'),
  };
}

export class UserRepository {
  constructor(private readonly db: Warehouse) {}

  async count(): Promise<number> {
    const [row] = await this.db.query('SELECT count(*) AS n FROM server_users');
    return Number(row?.n ?? 0);
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM server_users ORDER BY login`);
    return rows.map(toUser);
  }

  async byId(id: string, db: Warehouse = this.db): Promise<UserRecord | undefined> {
    const [row] = await db.query(`SELECT ${COLUMNS} FROM server_users WHERE id = $1`, [id]);
    return row ? toUser(row) : undefined;
  }

  async byLogin(login: string, db: Warehouse = this.db): Promise<UserRecord | undefined> {
    const [row] = await db.query(`SELECT ${COLUMNS} FROM server_users WHERE login = $1`, [
      normalizeLogin(login),
    ]);
    return row ? toUser(row) : undefined;
  }

  async create(
    input: {
      login: string;
      displayName: string;
      passwordHash: string;
      serverAdmin: boolean;
      createdAt: string;
    },
    db: Warehouse = this.db,
  ): Promise<UserRecord> {
    const user: UserRecord = { id: newId(), ...input, login: normalizeLogin(input.login), disabled: false };
    await db.run(`INSERT INTO server_users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      user.id,
      user.login,
      user.displayName,
      user.passwordHash,
      user.serverAdmin,
      user.disabled,
      user.createdAt,
    ]);
    return user;
  }

  async update(
    id: string,
    changes: Partial<Pick<UserRecord, 'displayName' | 'passwordHash' | 'serverAdmin' | 'disabled'>>,
    db: Warehouse = this.db,
  ): Promise<void> {
    const current = await this.byId(id, db);
    if (!current) return;
    const next = { ...current, ...changes };
    await db.run(
      'UPDATE server_users SET display_name = $1, password_hash = $2, server_admin = $3, disabled = $4 WHERE id = $5',
      [next.displayName, next.passwordHash, next.serverAdmin, next.disabled, id],
    );
  }

  async delete(id: string, db: Warehouse = this.db): Promise<void> {
    await db.run('DELETE FROM server_users WHERE id = $1', [id]);
  }

  async countActiveServerAdmins(db: Warehouse = this.db): Promise<number> {
    const [row] = await db.query(
      'SELECT count(*) AS n FROM server_users WHERE server_admin AND NOT disabled',
    );
    return Number(row?.n ?? 0);
  }
}
