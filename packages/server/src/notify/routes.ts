/**
 * Notifications over HTTP: the dashboard's inbox and its badge (every member, their own
 * entries), each member's preferences, and the workspace's settings (admins), whose secrets are
 * write-only — answers say whether a secret is set, never what it is — plus a test message and
 * the recent deliveries with their state.
 */
import { randomUUID } from 'node:crypto';
import { incidentLink, queueTestNotification, visibleIncidentIds } from '@markpi/app';
import {
  checkQuietHours,
  checkTimeZone,
  DIGEST_CADENCES,
  isScoped,
  MarkpiError,
  type Notification,
  type NotificationSecrets,
  type NotificationSettings,
  notificationPreferencesSchema,
  notificationSettingsSchema,
  notificationSettingsUpdateSchema,
  renderNotification,
  SEVERITIES,
} from '@markpi/core';
import { z } from 'zod';
import { fail } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { NotificationRepository } from '../meta/notifications.js';
import { type AnyContext, audit, workspaceContextOf } from '../routes/support.js';
import { workspaceParams } from '../schemas.js';
import { serverDirectory } from './directory.js';

const languageSchema = z.enum(['en', 'zh']);

const renderedSchema = z.object({
  subject: z.string(),
  title: z.string(),
  sections: z.array(z.object({ heading: z.string().nullable(), lines: z.array(z.string()) })),
  link: z.object({ url: z.string(), label: z.string() }).nullable(),
});

const inboxEntrySchema = z.object({
  id: z.string(),
  seq: z.number(),
  kind: z.string(),
  severity: z.enum(SEVERITIES),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  text: renderedSchema.describe('the notification said in the language asked for'),
});

export const inboxSchema = z.object({ entries: z.array(inboxEntrySchema), unread: z.number().int() });

const inboxQuery = z.object({
  language: languageSchema.default('en'),
  unread: z.enum(['true', 'false']).default('false'),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const settingsViewSchema = notificationSettingsSchema.extend({
  smtpPasswordSet: z.boolean(),
  webhookSecrets: z.record(
    z.string(),
    z.object({
      urlSet: z.boolean(),
      /** Scheme and host only: enough to recognise it, not to use it. */
      host: z.string().nullable(),
      secretSet: z.boolean(),
    }),
  ),
});

export const deliverySchema = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      channel: z.string(),
      destination: z.string(),
      severity: z.string(),
      state: z.string(),
      attempts: z.number().int(),
      notBefore: z.string(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function settingsView(settings: NotificationSettings, secrets: NotificationSecrets) {
  return {
    ...settings,
    smtpPasswordSet: Boolean(secrets.smtpPassword),
    webhookSecrets: Object.fromEntries(
      settings.webhooks.map((webhook) => {
        const stored = secrets.webhooks[webhook.id];
        return [
          webhook.id,
          { urlSet: Boolean(stored?.url), host: hostOf(stored?.url), secretSet: Boolean(stored?.secret) },
        ];
      }),
    ),
  };
}

const repository = (context: {
  services: { meta: ConstructorParameters<typeof NotificationRepository>[0] };
}) => new NotificationRepository(context.services.meta);

/** Enough entries to hold any member's inbox, for a scoped member's, which is filtered before its limit. */
const WHOLE_INBOX = 100_000;

/**
 * Which of a member's notifications they see: all of them, unless their role is scoped. Then
 * an incident's only when the incident lies inside the scope (as the incidents list decides),
 * a test message always, and never a digest, whose figures span the workspace.
 */
async function inboxVisibility(
  context: Pick<AnyContext, 'services' | 'workspace'>,
): Promise<((notification: Notification) => boolean) | null> {
  const { record } = context.workspace();
  if (!isScoped(record.scope)) return null;
  const visible = await visibleIncidentIds(await workspaceContextOf(context));
  const links = new Set([...visible].map((id) => incidentLink(record.id, id)));
  return (notification) =>
    notification.kind === 'test' ||
    (notification.kind === 'incident' && notification.link !== undefined && links.has(notification.link));
}

/** The ids of a scoped member's unread notifications they see. */
async function visibleUnread(
  store: NotificationRepository,
  workspaceId: string,
  userId: string,
  visible: (notification: Notification) => boolean,
): Promise<string[]> {
  const unread = await store.inbox(workspaceId, userId, { unreadOnly: true, limit: WHOLE_INBOX });
  return unread.filter((entry) => visible(entry.notification)).map((entry) => entry.id);
}

export const notificationRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/inbox',
    tag: 'notifications',
    summary: 'Your notifications in this workspace, newest first, said in the language asked for',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: inboxQuery,
    response: inboxSchema,
    async handler(context) {
      const store = repository(context);
      const workspaceId = context.workspace().record.id;
      const userId = context.user().id;
      const visible = await inboxVisibility(context);
      const read = {
        unreadOnly: context.query.unread === 'true',
        ...(context.query.before !== undefined ? { before: context.query.before } : {}),
      };
      const entries = visible
        ? (await store.inbox(workspaceId, userId, { ...read, limit: WHOLE_INBOX }))
            .filter((entry) => visible(entry.notification))
            .slice(0, context.query.limit)
        : await store.inbox(workspaceId, userId, { ...read, limit: context.query.limit });
      const { settings } = await store.settings(workspaceId);
      return {
        entries: entries.map((entry) => ({
          id: entry.id,
          seq: entry.seq,
          kind: entry.kind,
          severity: entry.severity,
          createdAt: entry.createdAt,
          readAt: entry.readAt,
          text: renderNotification(entry.notification, {
            language: context.query.language,
            ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
          }),
        })),
        unread: visible
          ? (await visibleUnread(store, workspaceId, userId, visible)).length
          : await store.unreadCount(workspaceId, userId),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/inbox/unread',
    tag: 'notifications',
    summary: 'How many of your notifications are unread (the badge)',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: z.object({ unread: z.number().int() }),
    async handler(context) {
      const store = repository(context);
      const workspaceId = context.workspace().record.id;
      const visible = await inboxVisibility(context);
      return {
        unread: visible
          ? (await visibleUnread(store, workspaceId, context.user().id, visible)).length
          : await store.unreadCount(workspaceId, context.user().id),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/inbox/read',
    tag: 'notifications',
    summary: 'Mark one notification read, or all of yours when no id is given',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: z.object({ id: z.string().optional() }),
    response: z.object({ marked: z.number().int(), unread: z.number().int() }),
    async handler(context) {
      const store = repository(context);
      const workspaceId = context.workspace().record.id;
      const userId = context.user().id;
      const { id } = context.body;
      const notFound = () => fail.notFound('not_found', `no notification \`${id}\` in your inbox`);
      if (id !== undefined && !(await store.hasInboxEntry(workspaceId, userId, id))) throw notFound();
      const visible = await inboxVisibility(context);
      if (!visible) {
        const marked = await store.markRead(workspaceId, userId, context.services.now(), id);
        return { marked, unread: await store.unreadCount(workspaceId, userId) };
      }
      // A scoped member marks what they see: a hidden entry is not found, and "all" is all they see.
      const unseen = await visibleUnread(store, workspaceId, userId, visible);
      if (id !== undefined) {
        const [entry] = (
          await store.inbox(workspaceId, userId, { unreadOnly: false, limit: WHOLE_INBOX })
        ).filter((candidate) => candidate.id === id);
        if (!entry || !visible(entry.notification)) throw notFound();
      }
      let marked = 0;
      for (const entryId of id !== undefined ? unseen.filter((candidate) => candidate === id) : unseen)
        marked += await store.markRead(workspaceId, userId, context.services.now(), entryId);
      return { marked, unread: unseen.length - marked };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/notifications/preferences',
    tag: 'notifications',
    summary: 'Your notification preferences in this workspace',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: notificationPreferencesSchema,
    async handler(context) {
      const userId = context.user().id;
      const found = await repository(context).preferences(context.workspace().record.id, [userId]);
      return found.get(userId)!;
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/notifications/preferences',
    tag: 'notifications',
    summary: 'Set your email address, language, digest and followed KPIs',
    description: `Digest cadences: ${DIGEST_CADENCES.join(', ')}; the digest's time is in the workspace's time zone.`,
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: notificationPreferencesSchema,
    response: notificationPreferencesSchema,
    async handler(context) {
      const { record } = context.workspace();
      const catalog = context.services.registry.catalog(record);
      const unknown = context.body.kpis.filter((kpi) => !catalog.kpis.has(kpi));
      if (unknown.length > 0) {
        throw new MarkpiError(
          'unknown_kpi',
          `not KPIs of this workspace: ${unknown.join(', ')}`,
          unknown.map((kpi) => ({ message: `unknown KPI \`${kpi}\``, path: 'kpis' })),
        );
      }
      await repository(context).savePreferences(
        record.id,
        context.user().id,
        context.body,
        context.services.now(),
      );
      return context.body;
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/notifications/settings',
    tag: 'notifications',
    summary: 'The workspace’s email, webhooks, quiet hours and monitor cadence (secrets only as set or not)',
    access: workspaceRole('admin'),
    params: workspaceParams,
    response: settingsViewSchema,
    async handler(context) {
      const { settings, secrets } = await repository(context).settings(context.workspace().record.id);
      return settingsView(settings, secrets);
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/notifications/settings',
    tag: 'notifications',
    summary: 'Set the workspace’s email, webhooks, quiet hours and monitor cadence',
    description:
      'Secrets are write-only: `smtpPassword` and `webhookSecrets[id].url|secret` replace what is stored when given, `null` clears, leaving them out keeps them.',
    access: workspaceRole('admin'),
    params: workspaceParams,
    body: notificationSettingsUpdateSchema,
    response: settingsViewSchema,
    async handler(context) {
      const store = repository(context);
      const workspaceId = context.workspace().record.id;
      const { smtpPassword, webhookSecrets, ...settings } = context.body;
      const ids = settings.webhooks.map((webhook) => webhook.id);
      if (new Set(ids).size !== ids.length)
        throw new MarkpiError('invalid_request', 'two webhooks share an id', [
          { message: 'duplicate webhook id', path: 'webhooks' },
        ]);
      if (settings.quietHours) {
        checkQuietHours({ ...settings.quietHours, timeZone: settings.quietHours.timeZone ?? 'UTC' });
        if (settings.quietHours.timeZone) checkTimeZone(settings.quietHours.timeZone, 'quietHours.timeZone');
      }
      const { secrets: stored } = await store.settings(workspaceId);
      const secrets: NotificationSecrets = { webhooks: {} };
      const password = smtpPassword === undefined ? stored.smtpPassword : (smtpPassword ?? undefined);
      if (password) secrets.smtpPassword = password;
      const missing: string[] = [];
      for (const webhook of settings.webhooks) {
        const change = webhookSecrets[webhook.id];
        const url = change?.url ?? stored.webhooks[webhook.id]?.url;
        const secret =
          change?.secret === undefined ? stored.webhooks[webhook.id]?.secret : (change.secret ?? undefined);
        if (!url) missing.push(webhook.id);
        else secrets.webhooks[webhook.id] = { url, ...(secret ? { secret } : {}) };
      }
      if (missing.length > 0)
        throw new MarkpiError(
          'invalid_request',
          `webhooks without a URL: ${missing.join(', ')}`,
          missing.map((id) => ({ message: 'no URL', path: `webhookSecrets.${id}.url` })),
        );
      await store.saveSettings(workspaceId, settings, secrets, context.services.now());
      await audit(context, {
        action: 'notifications.settings',
        target: workspaceId,
        details: {
          email: settings.email?.host ?? null,
          webhooks: settings.webhooks.map((webhook) => `${webhook.kind}:${webhook.id}`),
          quietHours: settings.quietHours ? `${settings.quietHours.start}-${settings.quietHours.end}` : null,
        },
      });
      return settingsView(settings, secrets);
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/notifications/test',
    tag: 'notifications',
    summary: 'Queue a test message to your email or to one webhook',
    access: workspaceRole('admin'),
    params: workspaceParams,
    body: z.object({ channel: z.enum(['email', 'webhook']), webhookId: z.string().optional() }),
    response: z.object({ queued: z.array(z.string()) }),
    async handler(context) {
      const store = repository(context);
      const { record } = context.workspace();
      const workspace = await serverDirectory(context.services).workspace(record.id);
      if (!workspace) throw fail.notFound('workspace_not_found', `workspace \`${record.id}\` can't be read`);
      const { channel, webhookId } = context.body;
      if (channel === 'webhook' && !webhookId)
        throw new MarkpiError('invalid_request', 'name the webhook to test', [
          { message: 'required for a webhook', path: 'webhookId' },
        ]);
      const queued = await queueTestNotification(
        store,
        workspace,
        channel === 'email'
          ? { channel, userId: context.user().id }
          : { channel, webhookId: webhookId ?? '' },
        { now: context.services.now(), nonce: randomUUID() },
      );
      return { queued };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/notifications/deliveries',
    tag: 'notifications',
    summary: 'Recent email and webhook messages with their state, attempts and last error',
    access: workspaceRole('admin'),
    params: workspaceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: deliverySchema,
    async handler(context) {
      const messages = await repository(context).deliveries(
        context.workspace().record.id,
        context.query.limit,
      );
      return {
        deliveries: messages.map((message) => ({
          id: message.id,
          kind: message.kind,
          channel: message.channel,
          destination: message.destination,
          severity: message.severity,
          state: message.state,
          attempts: message.attempts,
          notBefore: message.notBefore,
          lastError: message.lastError,
          createdAt: message.createdAt,
          sentAt: message.sentAt,
        })),
      };
    },
  }),
];
