/**
 * Notifications in the metadata database: each workspace's settings and secrets, members'
 * preferences, the dashboard inbox, the outbox and the schedules (tables of the store's
 * `notifications` migration). Implements the application layer's `NotificationStore`.
 *
 * Exactly once where it can be: inbox entries and outbox messages are inserted by idempotency
 * key with `ON CONFLICT DO NOTHING`, together with the schedule's next due time in one
 * transaction; a message is claimed (one more attempt, committed) before it is sent and marked
 * sent right after the remote accepts it.
 */
import type {
  NewInboxEntry,
  NewOutboxMessage,
  NotificationStore,
  OutboxMessage,
  OutboxPayload,
  OutboxState,
  RunRecord,
  ScheduleKind,
  ScheduleRecord,
} from '@markpi/app';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  DEFAULT_NOTIFICATION_SETTINGS,
  type Notification,
  type NotificationKind,
  type NotificationPreferences,
  type NotificationSecrets,
  type NotificationSettings,
  notificationPreferencesSchema,
  notificationSettingsSchema,
  type Schedule,
  type Severity,
} from '@markpi/core';
import type { Row, Warehouse } from '@markpi/store';
import { newId } from '../auth/tokens.js';
import { json, optionalText, text } from './rows.js';

export interface InboxEntry {
  id: string;
  seq: number;
  kind: NotificationKind;
  severity: Severity;
  notification: Notification;
  createdAt: string;
  readAt: string | null;
}

const OUTBOX_COLUMNS =
  'id, seq, idempotency_key, workspace_id, kind, channel, destination, severity, payload, state, attempts, not_before, last_error, created_at, updated_at, sent_at';
const SCHEDULE_COLUMNS =
  'id, workspace_id, kind, user_id, schedule, next_due, last_slot, last_run_at, last_missed, last_error';

function toOutbox(row: Row): OutboxMessage {
  return {
    id: text(row, 'id'),
    seq: Number(row.seq),
    idempotencyKey: text(row, 'idempotency_key'),
    workspaceId: text(row, 'workspace_id'),
    kind: text(row, 'kind') as NotificationKind,
    channel: text(row, 'channel') as OutboxMessage['channel'],
    destination: text(row, 'destination'),
    severity: text(row, 'severity') as Severity,
    payload: json<OutboxPayload>(row, 'payload'),
    state: text(row, 'state') as OutboxState,
    attempts: Number(row.attempts),
    notBefore: text(row, 'not_before'),
    lastError: optionalText(row, 'last_error'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    sentAt: optionalText(row, 'sent_at'),
  };
}

function toSchedule(row: Row): ScheduleRecord {
  return {
    id: text(row, 'id'),
    workspaceId: text(row, 'workspace_id'),
    kind: text(row, 'kind') as ScheduleKind,
    userId: optionalText(row, 'user_id'),
    schedule: json<Schedule>(row, 'schedule'),
    nextDue: text(row, 'next_due'),
    lastSlot: optionalText(row, 'last_slot'),
    lastRunAt: optionalText(row, 'last_run_at'),
    lastMissed: row.last_missed === null || row.last_missed === undefined ? null : Number(row.last_missed),
    lastError: optionalText(row, 'last_error'),
  };
}

function toInbox(row: Row): InboxEntry {
  return {
    id: text(row, 'id'),
    seq: Number(row.seq),
    kind: text(row, 'kind') as NotificationKind,
    severity: text(row, 'severity') as Severity,
    notification: json<Notification>(row, 'notification'),
    createdAt: text(row, 'created_at'),
    readAt: optionalText(row, 'read_at'),
  };
}

export class NotificationRepository implements NotificationStore {
  constructor(private readonly db: Warehouse) {}

  // ---------------------------------------------------------------- settings

  async settings(
    workspaceId: string,
  ): Promise<{ settings: NotificationSettings; secrets: NotificationSecrets }> {
    const [row] = await this.db.query(
      'SELECT settings, secrets FROM server_notification_settings WHERE workspace_id = $1',
      [workspaceId],
    );
    if (!row) return { settings: DEFAULT_NOTIFICATION_SETTINGS, secrets: { webhooks: {} } };
    // Parsed again so settings saved by an older version get today's defaults.
    return {
      settings: notificationSettingsSchema.parse(json<unknown>(row, 'settings')),
      secrets: json<NotificationSecrets>(row, 'secrets'),
    };
  }

  async saveSettings(
    workspaceId: string,
    settings: NotificationSettings,
    secrets: NotificationSecrets,
    now: Date,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO server_notification_settings (workspace_id, settings, secrets, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings, secrets = excluded.secrets, updated_at = excluded.updated_at`,
      [workspaceId, JSON.stringify(settings), JSON.stringify(secrets), now.toISOString()],
    );
  }

  async preferences(
    workspaceId: string,
    userIds: readonly string[],
  ): Promise<Map<string, NotificationPreferences>> {
    const rows = await this.db.query(
      'SELECT user_id, preferences FROM server_notification_preferences WHERE workspace_id = $1',
      [workspaceId],
    );
    const saved = new Map(rows.map((row) => [text(row, 'user_id'), json<unknown>(row, 'preferences')]));
    const result = new Map<string, NotificationPreferences>();
    for (const userId of userIds) {
      const stored = saved.get(userId);
      result.set(
        userId,
        stored === undefined ? DEFAULT_NOTIFICATION_PREFERENCES : notificationPreferencesSchema.parse(stored),
      );
    }
    return result;
  }

  async savePreferences(
    workspaceId: string,
    userId: string,
    preferences: NotificationPreferences,
    now: Date,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO server_notification_preferences (workspace_id, user_id, preferences, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET preferences = excluded.preferences, updated_at = excluded.updated_at`,
      [workspaceId, userId, JSON.stringify(preferences), now.toISOString()],
    );
  }

  // ---------------------------------------------------------------- queuing

  async record(run: RunRecord): Promise<{ inbox: number; outbox: number }> {
    return this.db.transaction(async (db) => {
      let inbox = 0;
      let outbox = 0;
      const { at } = run;
      for (const entry of run.inbox) inbox += await insertInbox(db, entry, at);
      for (const message of run.outbox) outbox += await insertOutbox(db, message, at);
      if (run.schedule) {
        const { id, nextDue, lastSlot, lastRunAt, lastMissed } = run.schedule;
        await db.run(
          'UPDATE server_schedules SET next_due = $1, last_slot = $2, last_run_at = $3, last_missed = $4, last_error = NULL, updated_at = $3 WHERE id = $5',
          [nextDue, lastSlot, lastRunAt, lastMissed, id],
        );
      }
      return { inbox, outbox };
    });
  }

  // ---------------------------------------------------------------- the outbox

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.query(
      `SELECT ${OUTBOX_COLUMNS} FROM server_outbox WHERE state = 'pending' AND not_before <= $1 ORDER BY seq LIMIT ${Math.trunc(limit)}`,
      [now.toISOString()],
    );
    return rows.map(toOutbox);
  }

  async claim(id: string, now: Date): Promise<OutboxMessage | undefined> {
    const [row] = await this.db.query(
      `UPDATE server_outbox SET state = 'sending', attempts = attempts + 1, updated_at = $1 WHERE id = $2 AND state = 'pending' RETURNING ${OUTBOX_COLUMNS}`,
      [now.toISOString(), id],
    );
    return row ? toOutbox(row) : undefined;
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.db.run(
      "UPDATE server_outbox SET state = 'sent', sent_at = $1, updated_at = $1, last_error = NULL WHERE id = $2",
      [now.toISOString(), id],
    );
  }

  async markRetry(id: string, notBefore: Date, error: string, now: Date): Promise<void> {
    await this.db.run(
      "UPDATE server_outbox SET state = 'pending', not_before = $1, last_error = $2, updated_at = $3 WHERE id = $4",
      [notBefore.toISOString(), error, now.toISOString(), id],
    );
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.db.run(
      "UPDATE server_outbox SET state = 'failed', last_error = $1, updated_at = $2 WHERE id = $3",
      [error, now.toISOString(), id],
    );
  }

  async hold(id: string, until: Date, now: Date): Promise<void> {
    await this.db.run(
      "UPDATE server_outbox SET not_before = $1, updated_at = $2 WHERE id = $3 AND state = 'pending'",
      [until.toISOString(), now.toISOString(), id],
    );
  }

  async recoverInterrupted(now: Date): Promise<number> {
    const rows = await this.db.query(
      "UPDATE server_outbox SET state = 'pending', last_error = 'interrupted while sending: sent again', updated_at = $1 WHERE state = 'sending' RETURNING id",
      [now.toISOString()],
    );
    return rows.length;
  }

  /** Recent messages of a workspace, newest first, for the settings page. */
  async deliveries(workspaceId: string, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.query(
      `SELECT ${OUTBOX_COLUMNS} FROM server_outbox WHERE workspace_id = $1 ORDER BY seq DESC LIMIT ${Math.trunc(limit)}`,
      [workspaceId],
    );
    return rows.map(toOutbox);
  }

  // ---------------------------------------------------------------- schedules

  async schedules(): Promise<ScheduleRecord[]> {
    const rows = await this.db.query(`SELECT ${SCHEDULE_COLUMNS} FROM server_schedules ORDER BY id`);
    return rows.map(toSchedule);
  }

  async saveSchedule(record: ScheduleRecord, now: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO server_schedules (${SCHEDULE_COLUMNS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (id) DO UPDATE SET schedule = excluded.schedule, next_due = excluded.next_due, last_error = excluded.last_error, updated_at = excluded.updated_at`,
      [
        record.id,
        record.workspaceId,
        record.kind,
        record.userId,
        JSON.stringify(record.schedule),
        record.nextDue,
        record.lastSlot,
        record.lastRunAt,
        record.lastMissed,
        record.lastError,
        now.toISOString(),
      ],
    );
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.db.run('DELETE FROM server_schedules WHERE id = $1', [id]);
  }

  async scheduleFailed(id: string, retryAt: Date, error: string, now: Date): Promise<void> {
    await this.db.run(
      'UPDATE server_schedules SET next_due = $1, last_error = $2, updated_at = $3 WHERE id = $4',
      [retryAt.toISOString(), error, now.toISOString(), id],
    );
  }

  // ---------------------------------------------------------------- the inbox

  async inbox(
    workspaceId: string,
    userId: string,
    filter: { unreadOnly: boolean; before?: number; limit: number },
  ): Promise<InboxEntry[]> {
    const params: (string | number)[] = [workspaceId, userId];
    let where = 'workspace_id = $1 AND user_id = $2';
    if (filter.unreadOnly) where += ' AND read_at IS NULL';
    if (filter.before !== undefined) {
      params.push(filter.before);
      where += ` AND seq < $${params.length}`;
    }
    const rows = await this.db.query(
      `SELECT id, seq, kind, severity, notification, created_at, read_at FROM server_inbox WHERE ${where} ORDER BY seq DESC LIMIT ${Math.trunc(filter.limit)}`,
      params,
    );
    return rows.map(toInbox);
  }

  async unreadCount(workspaceId: string, userId: string): Promise<number> {
    const [row] = await this.db.query(
      'SELECT count(*) AS n FROM server_inbox WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL',
      [workspaceId, userId],
    );
    return Number(row?.n ?? 0);
  }

  /** Marks entries read (all of the user's when `id` is absent); answers how many changed. */
  async markRead(workspaceId: string, userId: string, now: Date, id?: string): Promise<number> {
    const params: string[] = [now.toISOString(), workspaceId, userId];
    let where = 'workspace_id = $2 AND user_id = $3 AND read_at IS NULL';
    if (id !== undefined) {
      params.push(id);
      where += ' AND id = $4';
    }
    const rows = await this.db.query(
      `UPDATE server_inbox SET read_at = $1 WHERE ${where} RETURNING id`,
      params,
    );
    return rows.length;
  }

  /** Whether the entry exists for this user (read or not). */
  async hasInboxEntry(workspaceId: string, userId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 AS found FROM server_inbox WHERE workspace_id = $1 AND user_id = $2 AND id = $3',
      [workspaceId, userId, id],
    );
    return rows.length > 0;
  }
}

async function insertInbox(db: Warehouse, entry: NewInboxEntry, at: string): Promise<number> {
  const rows = await db.query(
    `INSERT INTO server_inbox (id, idempotency_key, workspace_id, user_id, kind, severity, notification, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      newId(),
      entry.idempotencyKey,
      entry.workspaceId,
      entry.userId,
      entry.kind,
      entry.severity,
      JSON.stringify(entry.notification),
      at,
    ],
  );
  return rows.length;
}

async function insertOutbox(db: Warehouse, message: NewOutboxMessage, at: string): Promise<number> {
  const rows = await db.query(
    `INSERT INTO server_outbox (id, idempotency_key, workspace_id, kind, channel, destination, severity, payload, state, attempts, not_before, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $10, $10) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      newId(),
      message.idempotencyKey,
      message.workspaceId,
      message.kind,
      message.channel,
      message.destination,
      message.severity,
      JSON.stringify(message.payload),
      message.notBefore,
      at,
    ],
  );
  return rows.length;
}
