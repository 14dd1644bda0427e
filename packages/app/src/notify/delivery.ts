/**
 * From a notification to messages, and from messages to their recipients.
 *
 * `fanOut` decides who gets what: every member's inbox; email to members who gave an address,
 * when the workspace has SMTP, for incidents at or above their chosen severity; each enabled
 * chat webhook for incidents at or above its severity. Each message is said in its recipient's
 * language and gets an idempotency key — what, for whom, by which channel — so queuing it twice
 * stores it once. Messages that are not critical wait out quiet hours.
 *
 * `drainOutbox` sends what is due, one at a time in queue order: claim (pending → sending, one
 * more attempt, committed), send, then mark sent — or schedule a retry, or fail it for good.
 * Quiet hours are checked again at send time, so a window set after queuing still holds.
 */
import {
  DEFAULT_RETRY_POLICY,
  emailContent,
  type Notification,
  type NotificationPreferences,
  type NotificationSecrets,
  type NotificationSettings,
  nextAttemptAt,
  type QuietHours,
  quietHoursEnd,
  type RetryPolicy,
  releaseTime,
  renderNotification,
  type Sayer,
  severityAtLeast,
  webhookBody,
} from '@markpi/core';
import type {
  NewInboxEntry,
  NewOutboxMessage,
  NotificationStore,
  NotifyWorkspace,
  OutboxMessage,
} from './ports.js';
import { messageIdFor, type Transports } from './transports.js';

export interface Audience {
  /** Members with their preferences. */
  members: Map<string, NotificationPreferences>;
  settings: NotificationSettings;
  secrets: NotificationSecrets;
}

export interface FanOutOptions {
  /** What the notification is about, unique within the workspace: `incident:<id>`, `digest:<user>:<slot>`. */
  subject: string;
  /** Webhooks get incidents and tests, never a person's digest. */
  webhooks: boolean;
  /** Send email regardless of the member's severity floor (digests, tests). */
  emailAnySeverity?: boolean;
  now: Date;
  sayers?: readonly Sayer[];
}

/** The workspace's quiet hours in its own time zone unless they name one. */
export function quietHoursOf(settings: NotificationSettings, workspace: NotifyWorkspace): QuietHours | null {
  if (!settings.quietHours) return null;
  return { ...settings.quietHours, timeZone: settings.quietHours.timeZone ?? workspace.timeZone };
}

export function idempotencyKey(
  workspaceId: string,
  subject: string,
  channel: string,
  destination: string,
): string {
  return `${workspaceId}:${subject}:${channel}:${destination}`;
}

export function fanOut(
  notification: Notification,
  workspace: NotifyWorkspace,
  audience: Audience,
  options: FanOutOptions,
): { inbox: NewInboxEntry[]; outbox: NewOutboxMessage[] } {
  const { settings, secrets } = audience;
  const sayers = options.sayers ?? [];
  const baseUrl = settings.baseUrl ?? undefined;
  const quiet = quietHoursOf(settings, workspace);
  const notBefore = releaseTime(quiet, notification.severity, options.now).toISOString();
  const inbox: NewInboxEntry[] = [];
  const outbox: NewOutboxMessage[] = [];
  const base = {
    workspaceId: workspace.id,
    kind: notification.kind,
    severity: notification.severity,
  };
  for (const [userId, preferences] of audience.members) {
    inbox.push({
      ...base,
      idempotencyKey: idempotencyKey(workspace.id, options.subject, 'inbox', userId),
      userId,
      notification,
    });
    const wantsEmail =
      preferences.email !== null &&
      settings.email?.enabled === true &&
      (options.emailAnySeverity || severityAtLeast(notification.severity, preferences.emailMinSeverity));
    if (!wantsEmail || preferences.email === null) continue;
    const rendered = renderNotification(notification, { language: preferences.language, sayers, baseUrl });
    const key = idempotencyKey(workspace.id, options.subject, 'email', userId);
    outbox.push({
      ...base,
      idempotencyKey: key,
      channel: 'email',
      destination: userId,
      notBefore,
      payload: {
        channel: 'email',
        to: preferences.email,
        email: emailContent(rendered, workspace.name, sayers),
        messageId: messageIdFor(key),
        language: preferences.language,
      },
    });
  }
  if (options.webhooks) {
    for (const webhook of settings.webhooks) {
      if (!webhook.enabled || !secrets.webhooks[webhook.id]?.url) continue;
      if (notification.kind === 'incident' && !severityAtLeast(notification.severity, webhook.minSeverity))
        continue;
      const rendered = renderNotification(notification, { language: webhook.language, sayers, baseUrl });
      outbox.push({
        ...base,
        idempotencyKey: idempotencyKey(workspace.id, options.subject, 'webhook', webhook.id),
        channel: 'webhook',
        destination: webhook.id,
        notBefore,
        payload: {
          channel: 'webhook',
          kind: webhook.kind,
          body: webhookBody(webhook.kind, rendered),
          language: webhook.language,
        },
      });
    }
  }
  return { inbox, outbox };
}

export interface DrainOptions {
  /** The clock, read at every step. */
  now: () => Date;
  policy?: RetryPolicy;
  /** Messages looked at per call; default 100. */
  limit?: number;
  /** Stops between messages when aborted (the server is closing). */
  signal?: AbortSignal;
  /** Called after each message is settled (sent, retried, failed or held): progress for logs and tests. */
  onSettled?: (message: OutboxMessage, outcome: 'sent' | 'retry' | 'failed' | 'held') => void;
}

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  held: number;
}

export async function drainOutbox(
  store: NotificationStore,
  transports: Transports,
  workspaces: (workspaceId: string) => Promise<NotifyWorkspace | undefined>,
  options: DrainOptions,
): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retried: 0, failed: 0, held: 0 };
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const settingsOf = new Map<string, Awaited<ReturnType<NotificationStore['settings']>>>();
  for (const due of await store.due(options.now(), options.limit ?? 100)) {
    if (options.signal?.aborted) break;
    const workspace = await workspaces(due.workspaceId);
    if (!workspace) {
      await store.markFailed(due.id, 'the workspace no longer exists', options.now());
      report.failed++;
      options.onSettled?.(due, 'failed');
      continue;
    }
    let stored = settingsOf.get(due.workspaceId);
    if (!stored) {
      stored = await store.settings(due.workspaceId);
      settingsOf.set(due.workspaceId, stored);
    }
    const quiet = quietHoursOf(stored.settings, workspace);
    const holdUntil = due.severity === 'critical' || !quiet ? null : quietHoursEnd(quiet, options.now());
    if (holdUntil) {
      await store.hold(due.id, holdUntil, options.now());
      report.held++;
      options.onSettled?.(due, 'held');
      continue;
    }
    const message = await store.claim(due.id, options.now());
    if (!message) continue;
    const outcome = await send(message, stored, transports);
    if (outcome.ok) {
      await store.markSent(message.id, options.now());
      report.sent++;
      options.onSettled?.(message, 'sent');
      continue;
    }
    const retryAt = outcome.retryable
      ? nextAttemptAt(policy, message.attempts, options.now(), outcome.retryAfterMs)
      : null;
    if (retryAt) {
      await store.markRetry(message.id, retryAt, outcome.reason, options.now());
      report.retried++;
      options.onSettled?.(message, 'retry');
    } else {
      await store.markFailed(message.id, outcome.reason, options.now());
      report.failed++;
      options.onSettled?.(message, 'failed');
    }
  }
  return report;
}

async function send(
  message: OutboxMessage,
  stored: { settings: NotificationSettings; secrets: NotificationSecrets },
  transports: Transports,
) {
  const { payload } = message;
  if (payload.channel === 'email') {
    const smtp = stored.settings.email;
    if (!smtp?.enabled)
      return { ok: false as const, retryable: false, reason: 'email is not set up for this workspace' };
    return transports.sendEmail(smtp, stored.secrets.smtpPassword, payload);
  }
  const webhook = stored.settings.webhooks.find((candidate) => candidate.id === message.destination);
  const target = stored.secrets.webhooks[message.destination];
  if (!webhook?.enabled || !target?.url)
    return {
      ok: false as const,
      retryable: false,
      reason: `webhook \`${message.destination}\` was removed or disabled`,
    };
  return transports.postWebhook(payload.kind, target, payload, message.idempotencyKey);
}
