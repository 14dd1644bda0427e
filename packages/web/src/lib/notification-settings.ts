/**
 * The notification settings form's state and what it sends. Secrets are write-only: the server
 * answers whether each is set, never its value, so the form holds only what the admin typed.
 * The update carries a secret only when it changes — a new value replaces, `null` removes, and
 * one left out is kept as stored — which is exactly the contract of `PUT …/notifications/settings`.
 */
import type {
  NotificationSettings,
  NotificationSettingsUpdate,
  NotificationSettingsView,
} from '../api/types';

export interface SecretDraft {
  /** What was typed; empty keeps what is stored. */
  value: string;
  /** Remove what is stored. */
  clear: boolean;
}

export interface Draft {
  settings: NotificationSettings;
  password: SecretDraft;
  /** Per webhook id: a new URL (empty keeps it) and the signing secret. */
  webhooks: Record<string, { url: string; secret: SecretDraft }>;
}

export const keepSecret = (): SecretDraft => ({ value: '', clear: false });

/** The form for stored settings: every secret kept. */
export function draftOf(view: NotificationSettingsView): Draft {
  const { smtpPasswordSet: _password, webhookSecrets: _secrets, ...settings } = view;
  return {
    settings,
    password: keepSecret(),
    webhooks: Object.fromEntries(
      view.webhooks.map((webhook) => [webhook.id, { url: '', secret: keepSecret() }]),
    ),
  };
}

function secretChange(entry: SecretDraft): string | null | undefined {
  if (entry.clear) return null;
  return entry.value ? entry.value : undefined;
}

/** The PUT body: the settings, and only the secrets that change. No email server: no password. */
export function settingsUpdate(draft: Draft): NotificationSettingsUpdate {
  const password = draft.settings.email === null ? null : secretChange(draft.password);
  const webhookSecrets: NotificationSettingsUpdate['webhookSecrets'] = {};
  for (const webhook of draft.settings.webhooks) {
    const entry = draft.webhooks[webhook.id];
    const change: { url?: string; secret?: string | null } = {};
    if (entry?.url.trim()) change.url = entry.url.trim();
    const secret = entry ? secretChange(entry.secret) : undefined;
    if (secret !== undefined) change.secret = secret;
    webhookSecrets[webhook.id] = change;
  }
  return {
    ...draft.settings,
    ...(password !== undefined ? { smtpPassword: password } : {}),
    webhookSecrets,
  };
}
