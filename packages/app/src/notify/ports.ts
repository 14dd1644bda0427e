/**
 * What the monitor's delivery needs from where it runs: a store for settings, the inbox, the
 * outbox and the schedules (the server keeps them in its metadata database), the workspaces and
 * their members, and the monitor's detectors. The use cases in this folder are written against
 * these, so the server's worker and `markpi monitor run` drive the same code.
 */
import type {
  DigestIncident,
  EmailContent,
  Notification,
  NotificationKind,
  NotificationPreferences,
  NotificationSecrets,
  NotificationSettings,
  NotifyMessage,
  Sayer,
  Schedule,
  Severity,
  WebhookKind,
} from '@markpi/core';
import type { WorkspaceContext } from '../workspace.js';

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** What is sent, fixed when queued so every attempt sends the same thing. */
export type OutboxPayload =
  | { channel: 'email'; to: string; email: EmailContent; messageId: string; language: string }
  | { channel: 'webhook'; kind: WebhookKind; body: Record<string, unknown>; language: string };

export interface NewOutboxMessage {
  idempotencyKey: string;
  workspaceId: string;
  kind: NotificationKind;
  channel: DeliveryChannel;
  /** A user id (email) or a webhook id: where secrets and addresses are looked up at send time. */
  destination: string;
  severity: Severity;
  payload: OutboxPayload;
  /** Not sent before this instant (quiet hours). */
  notBefore: string;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: string;
  seq: number;
  state: OutboxState;
  /** Attempts started, the one in flight included. */
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface NewInboxEntry {
  idempotencyKey: string;
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  severity: Severity;
  notification: Notification;
}

export type ScheduleKind = 'monitor' | 'digest';

export interface ScheduleRecord {
  /** `monitor:<workspace>` or `digest:<workspace>:<user>`. */
  id: string;
  workspaceId: string;
  kind: ScheduleKind;
  userId: string | null;
  schedule: Schedule;
  nextDue: string;
  lastSlot: string | null;
  lastRunAt: string | null;
  lastMissed: number | null;
  lastError: string | null;
}

/** A run's results, written in one transaction: a crash leaves all of it or none. */
export interface RunRecord {
  /** When the run queued these. */
  at: string;
  inbox: NewInboxEntry[];
  outbox: NewOutboxMessage[];
  /** The schedule's state after the run. */
  schedule?: { id: string; nextDue: string; lastSlot: string; lastRunAt: string; lastMissed: number };
}

export interface NotificationStore {
  settings(workspaceId: string): Promise<{ settings: NotificationSettings; secrets: NotificationSecrets }>;
  /** Preferences of the given users; those who saved none get the defaults. */
  preferences(workspaceId: string, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>>;

  /** Inserts what is new (by idempotency key) and moves the schedule on, atomically. */
  record(run: RunRecord): Promise<{ inbox: number; outbox: number }>;

  /** Pending messages whose time has come, oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Pending → sending with one more attempt; undefined when it was not pending. */
  claim(id: string, now: Date): Promise<OutboxMessage | undefined>;
  markSent(id: string, now: Date): Promise<void>;
  /** Back to pending, not before `notBefore`; `error` says why the attempt failed. */
  markRetry(id: string, notBefore: Date, error: string, now: Date): Promise<void>;
  markFailed(id: string, error: string, now: Date): Promise<void>;
  /** Pending, not before `until` (quiet hours), without counting an attempt. */
  hold(id: string, until: Date, now: Date): Promise<void>;
  /**
   * Messages left `sending` by a process that stopped mid-send go back to pending: whether the
   * remote took them is unknown, so they are sent again (with the same idempotency key).
   */
  recoverInterrupted(now: Date): Promise<number>;

  schedules(): Promise<ScheduleRecord[]>;
  saveSchedule(schedule: ScheduleRecord, now: Date): Promise<void>;
  deleteSchedule(id: string): Promise<void>;
  /** A run that failed: when to try again, and why. */
  scheduleFailed(id: string, retryAt: Date, error: string, now: Date): Promise<void>;
}

export interface NotifyWorkspace {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}

export interface NotifyDirectory {
  workspaces(): Promise<NotifyWorkspace[]>;
  context(workspaceId: string): Promise<WorkspaceContext>;
  /** Ids of the workspace's members who can log in. */
  members(workspaceId: string): Promise<string[]>;
}

/** An incident the monitor wants people told about. Its id is stable across runs. */
export interface MonitorIncident {
  id: string;
  severity: Severity;
  title: NotifyMessage;
  lines: NotifyMessage[];
  /** A dashboard page or an absolute URL. */
  link?: string;
  openedAt: string;
}

/** The monitor's detectors, injected: the delivery does not depend on what detects. */
export interface MonitorHooks {
  /** Runs the monitor for one slot and returns the incidents to notify about. */
  runMonitor(workspace: NotifyWorkspace, context: WorkspaceContext, slot: Date): Promise<MonitorIncident[]>;
  /** Incidents still open, for digests. */
  openIncidents(workspace: NotifyWorkspace, context: WorkspaceContext): Promise<DigestIncident[]>;
  /** Sayers for the monitor's message keys. */
  sayers: readonly Sayer[];
}

/** Until the detectors arrive: nothing to report, nothing open. */
export const NO_MONITOR: MonitorHooks = {
  runMonitor: async () => [],
  openIncidents: async () => [],
  sayers: [],
};
