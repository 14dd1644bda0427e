import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsUpdateSchema } from '@markpi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NotificationSettingsUpdate, NotificationSettingsView } from '../api/types';
import { type Draft, draftOf, keepSecret, type SecretDraft, settingsUpdate } from './notification-settings';

const smtp = {
  enabled: true,
  host: 'smtp.example.com',
  port: 587,
  secure: false,
  requireTls: true,
  from: 'a@b.cn',
};
const hook = (id: string) => ({
  id,
  kind: 'feishu' as const,
  name: id,
  language: 'zh' as const,
  minSeverity: 'warning' as const,
  enabled: true,
});

interface Stored {
  smtpPassword?: string;
  webhooks: Record<string, { url: string; secret?: string }>;
}

/**
 * What the server keeps after an update, as `PUT …/notifications/settings` documents it: a secret
 * given replaces, `null` clears, left out keeps; a webhook's URL can't be cleared.
 */
function serverMerge(stored: Stored, update: NotificationSettingsUpdate): Stored {
  const password =
    update.smtpPassword === undefined ? stored.smtpPassword : (update.smtpPassword ?? undefined);
  const webhooks: Stored['webhooks'] = {};
  for (const webhook of update.webhooks) {
    const change = update.webhookSecrets[webhook.id];
    const url = change?.url ?? stored.webhooks[webhook.id]?.url;
    const secret =
      change?.secret === undefined ? stored.webhooks[webhook.id]?.secret : (change.secret ?? undefined);
    if (url) webhooks[webhook.id] = { url, ...(secret ? { secret } : {}) };
  }
  return { ...(password ? { smtpPassword: password } : {}), webhooks };
}

function viewOf(stored: Stored, ids: string[]): NotificationSettingsView {
  return {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    email: smtp,
    webhooks: ids.map(hook),
    smtpPasswordSet: stored.smtpPassword !== undefined,
    webhookSecrets: Object.fromEntries(
      ids.map((id) => [
        id,
        { urlSet: Boolean(stored.webhooks[id]), host: null, secretSet: Boolean(stored.webhooks[id]?.secret) },
      ]),
    ),
  };
}

const secretDraft = fc.oneof(
  fc.constant(keepSecret()),
  fc.constant<SecretDraft>({ value: '', clear: true }),
  fc.string({ minLength: 1, maxLength: 8 }).map((value): SecretDraft => ({ value, clear: false })),
);

describe('the notification settings form', () => {
  it('sends no secret it was not given: stored settings go back as they came', () => {
    const view = viewOf({ smtpPassword: 'pw', webhooks: { ops: { url: 'https://x/1', secret: 's' } } }, [
      'ops',
    ]);
    const update = settingsUpdate(draftOf(view));
    expect(update).not.toHaveProperty('smtpPassword');
    expect(update.webhookSecrets).toEqual({ ops: {} });
    expect(update).not.toHaveProperty('smtpPasswordSet');
    expect(update).not.toHaveProperty('webhookSecrets.ops.url');
    // What the server's schema accepts, with nothing added or dropped on the way.
    expect(notificationSettingsUpdateSchema.parse(update)).toEqual(update);
  });

  it('replaces a typed secret, removes a cleared one, and drops the password with the email server', () => {
    const draft: Draft = {
      ...draftOf(viewOf({ webhooks: {} }, ['ops', 'sales'])),
      password: { value: 'new password', clear: false },
      webhooks: {
        ops: { url: ' https://open.feishu.cn/hook/abc ', secret: { value: '', clear: true } },
        sales: { url: '', secret: { value: 'sign', clear: false } },
      },
    };
    const update = settingsUpdate(draft);
    expect(update.smtpPassword).toBe('new password');
    expect(update.webhookSecrets).toEqual({
      ops: { url: 'https://open.feishu.cn/hook/abc', secret: null },
      sales: { secret: 'sign' },
    });
    expect(
      settingsUpdate({ ...draft, settings: { ...draft.settings, email: null } }).smtpPassword,
    ).toBeNull();
  });

  it('leaves the server holding what the admin meant, whatever was stored', () => {
    const stored = fc.record({
      smtpPassword: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }),
      ops: fc.option(
        fc.record({
          url: fc.constant('https://a/1'),
          secret: fc.option(fc.constant('old'), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    });
    const typedUrl = fc.option(fc.constant('https://b/2'), { nil: undefined });
    fc.assert(
      fc.property(stored, secretDraft, secretDraft, typedUrl, (before, password, secret, url) => {
        const storedSecrets: Stored = {
          ...(before.smtpPassword !== undefined ? { smtpPassword: before.smtpPassword } : {}),
          webhooks: before.ops
            ? { ops: { url: before.ops.url, ...(before.ops.secret ? { secret: before.ops.secret } : {}) } }
            : {},
        };
        const draft: Draft = {
          ...draftOf(viewOf(storedSecrets, ['ops'])),
          password,
          webhooks: { ops: { url: url ?? '', secret } },
        };
        const after = serverMerge(storedSecrets, settingsUpdate(draft));
        const meant = (typed: SecretDraft, old: string | undefined) =>
          typed.clear ? undefined : typed.value || old;
        expect(after.smtpPassword).toBe(meant(password, before.smtpPassword));
        const hookUrl = url ?? before.ops?.url;
        if (!hookUrl) expect(after.webhooks.ops).toBeUndefined();
        else {
          expect(after.webhooks.ops?.url).toBe(hookUrl);
          expect(after.webhooks.ops?.secret).toBe(meant(secret, before.ops?.secret));
        }
      }),
    );
  });
});
