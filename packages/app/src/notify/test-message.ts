/**
 * A test message from the settings page: one message to one channel, in that channel's
 * language (the member's for email), through the outbox like any other, so it proves the whole
 * path — settings, secrets, signing, the remote's answer.
 */
import { MarkpiError, notifyMessage } from '@markpi/core';
import { fanOut } from './delivery.js';
import type { NotificationStore, NotifyWorkspace } from './ports.js';

export type TestChannel = { channel: 'email'; userId: string } | { channel: 'webhook'; webhookId: string };

export async function queueTestNotification(
  store: NotificationStore,
  workspace: NotifyWorkspace,
  target: TestChannel,
  options: { now: Date; nonce: string },
): Promise<string[]> {
  const stored = await store.settings(workspace.id);
  const label =
    target.channel === 'email'
      ? 'email'
      : (stored.settings.webhooks.find((webhook) => webhook.id === target.webhookId)?.name ??
        target.webhookId);
  const members =
    target.channel === 'email' ? await store.preferences(workspace.id, [target.userId]) : new Map();
  const settings =
    target.channel === 'webhook'
      ? {
          ...stored.settings,
          webhooks: stored.settings.webhooks.filter((webhook) => webhook.id === target.webhookId),
        }
      : stored.settings;
  const { outbox } = fanOut(
    {
      kind: 'test',
      severity: 'info',
      title: notifyMessage('notify.test.title', { workspace: workspace.name }),
      sections: [{ lines: [notifyMessage('notify.test.body', { channel: label })] }],
    },
    workspace,
    { members, settings, secrets: stored.secrets },
    {
      subject: `test:${options.nonce}`,
      webhooks: target.channel === 'webhook',
      emailAnySeverity: true,
      now: options.now,
    },
  );
  if (outbox.length === 0) {
    throw new MarkpiError(
      'invalid_request',
      target.channel === 'email'
        ? 'no email can be sent: set up SMTP for the workspace and an email address in your preferences'
        : `no enabled webhook \`${target.webhookId}\` with a URL`,
    );
  }
  await store.record({ at: options.now.toISOString(), inbox: [], outbox });
  return outbox.map((message) => message.idempotencyKey);
}
