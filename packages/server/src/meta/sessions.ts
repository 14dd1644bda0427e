/**
 * Login sessions. The cookie holds a random token; the database holds only its digest, so a
 * copy of the database can't be replayed as a login. Each session carries its own CSRF token.
 */
import type { Row, Warehouse } from '@markpi/store';
import { digest, newSecret } from '../auth/tokens.js';
import { text } from './rows.js';

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

function toSession(row: Row): SessionRecord {
  return {
    tokenHash: text(row, 'token_hash'),
    userId: text(row, 'user_id'),
    csrfToken: text(row, 'csrf_token'),
    createdAt: text(row, 'created_at'),
    expiresAt: text(row, 'expires_at'),
  };
}

/** The least gain in idle expiry worth a write. */
export const EXTEND_STEP_MS = 60_000;

export class SessionRepository {
  constructor(
    private readonly db: Warehouse,
    private readonly now: () => Date,
    /** Idle lifetime; every use within it extends the session by as much again. */
    private readonly lifetimeMs: number,
    /** Absolute lifetime: however often it is used, a session ends this long after the login. */
    private readonly absoluteLifetimeMs = Number.POSITIVE_INFINITY,
  ) {}

  /** The idle expiry from `fromMs`, never past the session's absolute end. */
  private expiryFrom(fromMs: number, createdAt: string): string {
    return new Date(
      Math.min(fromMs + this.lifetimeMs, Date.parse(createdAt) + this.absoluteLifetimeMs),
    ).toISOString();
  }

  /** Starts a session and returns the cookie token (only ever held by the client) and the record. */
  async create(userId: string): Promise<{ token: string; session: SessionRecord }> {
    const token = newSecret();
    const now = this.now();
    const session: SessionRecord = {
      tokenHash: digest(token),
      userId,
      csrfToken: newSecret(),
      createdAt: now.toISOString(),
      expiresAt: '',
    };
    session.expiresAt = this.expiryFrom(now.getTime(), session.createdAt);
    await this.db.run(
      'INSERT INTO server_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.tokenHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt],
    );
    return { token, session };
  }

  /**
   * The live session for a cookie token, its idle expiry moved to a full idle lifetime from now
   * when that gains more than `EXTEND_STEP_MS` (`extended` tells the caller to re-issue the
   * cookies). So a session ends after between its idle lifetime less a minute and its idle
   * lifetime without use — 29 to 30 minutes at ASVS's 30 — and is written at most once a minute.
   */
  async find(token: string): Promise<{ session: SessionRecord; extended: boolean } | undefined> {
    const [row] = await this.db.query(
      'SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM server_sessions WHERE token_hash = $1',
      [digest(token)],
    );
    if (!row) return undefined;
    const session = toSession(row);
    const now = this.now().getTime();
    const expires = Date.parse(session.expiresAt);
    if (expires <= now) {
      await this.db.run('DELETE FROM server_sessions WHERE token_hash = $1', [session.tokenHash]);
      return undefined;
    }
    // Extending on every request would write on every read; a step of a minute is often enough.
    const step = Math.min(EXTEND_STEP_MS, this.lifetimeMs / 2);
    if (expires - now > this.lifetimeMs - step) return { session, extended: false };
    const extendedTo = this.expiryFrom(now, session.createdAt);
    // Near its absolute end a session runs out instead of being extended.
    if (extendedTo <= session.expiresAt) return { session, extended: false };
    session.expiresAt = extendedTo;
    await this.db.run('UPDATE server_sessions SET expires_at = $1 WHERE token_hash = $2', [
      session.expiresAt,
      session.tokenHash,
    ]);
    return { session, extended: true };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM server_sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Ends every session of a user, except optionally the one making the change. */
  async deleteForUser(userId: string, except?: string, db: Warehouse = this.db): Promise<void> {
    await db.run('DELETE FROM server_sessions WHERE user_id = $1 AND token_hash <> $2', [
      userId,
      except ?? '',
    ]);
  }

  /** A user's live sessions, newest first. */
  async listForUser(userId: string): Promise<SessionRecord[]> {
    const rows = await this.db.query(
      'SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM server_sessions ' +
        'WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, token_hash',
      [userId, this.now().toISOString()],
    );
    return rows.map(toSession);
  }

  async deleteExpired(): Promise<void> {
    await this.db.run('DELETE FROM server_sessions WHERE expires_at <= $1', [this.now().toISOString()]);
  }
}
