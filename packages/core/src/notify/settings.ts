/**
 * What a workspace and each of its members choose about notifications, as the API takes and
 * gives it. Secrets — the SMTP password, webhook URLs (their tokens are the credential) and
 * signing secrets — are write-only: requests may carry them, answers only say whether they are set.
 */
import { z } from 'zod';
import { WEBHOOK_KINDS } from './channels.js';
import { LANGUAGES } from './messages.js';
import { SEVERITIES } from './notification.js';
import { quietHoursSchema } from './quiet-hours.js';
import { cadenceSchema } from './schedule.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24-hour)');
const channelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
  .max(40);

export const smtpSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the connection is encrypted. */
  requireTls: z.boolean().default(false),
  from: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .describe('sender, `name@example.com` or `markpi <name@example.com>`'),
  username: z.string().max(320).optional(),
});
export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

export const webhookSettingsSchema = z.strictObject({
  id: channelId,
  kind: z.enum(WEBHOOK_KINDS),
  name: z.string().trim().min(1).max(100),
  /** The group's language: a chat has one audience. */
  language: z.enum(LANGUAGES).default('zh'),
  /** The least severe incident sent there. */
  minSeverity: z.enum(SEVERITIES).default('warning'),
  enabled: z.boolean().default(true),
});
export type WebhookSettings = z.output<typeof webhookSettingsSchema>;

export const DEFAULT_MONITOR_CADENCE = { every: 'hour', minute: 5 } as const;

export const notificationSettingsSchema = z.strictObject({
  email: smtpSettingsSchema.nullable().default(null),
  webhooks: z.array(webhookSettingsSchema).max(20).default([]),
  quietHours: quietHoursSchema.nullable().default(null),
  /** How often the monitor runs; null: never. */
  monitor: cadenceSchema.nullable().default(DEFAULT_MONITOR_CADENCE),
  /** The public address of the dashboard (`https://markpi.example.com`), for links in messages. */
  baseUrl: z.url().max(500).nullable().default(null),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});

/** Write-only values kept beside the settings. */
export interface NotificationSecrets {
  smtpPassword?: string;
  webhooks: Record<string, { url: string; secret?: string }>;
}

/**
 * A settings update: the settings as above, and the secrets to change. A secret left out stays
 * as it is; `null` clears it.
 */
export const notificationSettingsUpdateSchema = notificationSettingsSchema.extend({
  smtpPassword: z.string().max(1000).nullable().optional(),
  webhookSecrets: z
    .record(
      z.string(),
      z.strictObject({
        url: z.url().max(2000).optional(),
        secret: z.string().max(1000).nullable().optional(),
      }),
    )
    .default({}),
});
export type NotificationSettingsUpdate = z.output<typeof notificationSettingsUpdateSchema>;

export const DIGEST_CADENCES = ['off', 'daily', 'weekly'] as const;

export const notificationPreferencesSchema = z.strictObject({
  /** Where email goes; null: no email. */
  email: z.email().max(320).nullable().default(null),
  language: z.enum(LANGUAGES).default('zh'),
  digest: z
    .strictObject({
      cadence: z.enum(DIGEST_CADENCES).default('off'),
      /** Local time of day, in the workspace's time zone. */
      at: clock.default('08:30'),
      /** ISO weekday of a weekly digest: 1 Monday … 7 Sunday. */
      weekday: z.number().int().min(1).max(7).default(1),
    })
    .default({ cadence: 'off', at: '08:30', weekday: 1 }),
  /** KPI ids the digest reports, in this order. */
  kpis: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** The least severe incident emailed; the inbox gets every one. */
  emailMinSeverity: z.enum(SEVERITIES).default('warning'),
});
export type NotificationPreferences = z.output<typeof notificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = notificationPreferencesSchema.parse(
  {},
);
