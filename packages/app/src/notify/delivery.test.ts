/**
 * Who gets what, and the outbox's states, against a store kept in memory (independent of the
 * server's SQL) and transports that answer as told.
 */
import {
  type DeliveryOutcome,
  type NotificationPreferences,
  type NotificationSecrets,
  type NotificationSettings,
  notificationPreferencesSchema,
  notificationSettingsSchema,
  notifyMessage,
} from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { drainOutbox, fanOut } from './delivery.js';
import type {
  NotificationStore,
  NotifyWorkspace,
  OutboxMessage,
  RunRecord,
  ScheduleRecord,
} from './ports.js';
import type { Transports } from './transports.js';

const workspace: NotifyWorkspace = { id: 'lumi', name: 'Lumi', timeZone: 'Asia/Shanghai', currency: 'CNY' };

class MemoryStore implements NotificationStore {
  outbox: OutboxMessage[] = [];
  inboxKeys = new Set<string>();
  constructor(
    private readonly stored: { settings: NotificationSettings; secrets: NotificationSecrets },
    private readonly members: Map<string, NotificationPreferences>,
  ) {}
  async settings() {
    return this.stored;
  }
  async preferences() {
    return this.members;
  }
  async record(run: RunRecord) {
    let inbox = 0;
    let outbox = 0;
    for (const entry of run.inbox)
      if (!this.inboxKeys.has(entry.idempotencyKey)) {
        this.inboxKeys.add(entry.idempotencyKey);
        inbox++;
      }
    for (const message of run.outbox) {
      if (this.outbox.some((existing) => existing.idempotencyKey === message.idempotencyKey)) continue;
      this.outbox.push({
        ...message,
        id: `m${this.outbox.length}`,
        seq: this.outbox.length,
        state: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: run.at,
        updatedAt: run.at,
        sentAt: null,
      });
      outbox++;
    }
    return { inbox, outbox };
  }
  private byId(id: string) {
    return this.outbox.find((message) => message.id === id)!;
  }
  async due(now: Date, limit: number) {
    return this.outbox
      .filter((message) => message.state === 'pending' && message.notBefore <= now.toISOString())
      .slice(0, limit)
      .map((message) => ({ ...message }));
  }
  async claim(id: string) {
    const message = this.byId(id);
    if (message.state !== 'pending') return undefined;
    message.state = 'sending';
    message.attempts++;
    return { ...message };
  }
  async markSent(id: string, now: Date) {
    Object.assign(this.byId(id), { state: 'sent', sentAt: now.toISOString() });
  }
  async markRetry(id: string, notBefore: Date, error: string) {
    Object.assign(this.byId(id), { state: 'pending', notBefore: notBefore.toISOString(), lastError: error });
  }
  async markFailed(id: string, error: string) {
    Object.assign(this.byId(id), { state: 'failed', lastError: error });
  }
  async hold(id: string, until: Date) {
    this.byId(id).notBefore = until.toISOString();
  }
  async recoverInterrupted() {
    const interrupted = this.outbox.filter((message) => message.state === 'sending');
    for (const message of interrupted) message.state = 'pending';
    return interrupted.length;
  }
  async schedules(): Promise<ScheduleRecord[]> {
    return [];
  }
  async saveSchedule() {}
  async deleteSchedule() {}
  async scheduleFailed() {}
}

function scriptedTransports(answers: DeliveryOutcome[]): Transports & { sent: string[] } {
  const sent: string[] = [];
  const next = () => answers.shift() ?? { ok: true as const };
  return {
    sent,
    async sendEmail(_smtp, _password, payload) {
      sent.push(`email:${payload.to}:${payload.email.subject}`);
      return next();
    },
    async postWebhook(kind, _target, _payload, key) {
      sent.push(`${kind}:${key}`);
      return next();
    },
  };
}

const settings = notificationSettingsSchema.parse({
  email: { host: 'smtp.example.com', from: 'alerts@example.com' },
  webhooks: [
    { id: 'ops', kind: 'wecom', name: '运营群', language: 'zh', minSeverity: 'warning' },
    { id: 'oncall', kind: 'slack', name: '#oncall', language: 'en', minSeverity: 'critical' },
    { id: 'off', kind: 'feishu', name: 'old', enabled: false },
  ],
  quietHours: { start: '22:00', end: '08:00' },
});
const secrets: NotificationSecrets = {
  webhooks: {
    ops: { url: 'https://qyapi.example/x' },
    oncall: { url: 'https://hooks.example/y' },
    off: { url: 'u' },
  },
};
const members = new Map<string, NotificationPreferences>([
  ['ana', notificationPreferencesSchema.parse({ email: 'ana@example.com', language: 'zh' })],
  [
    'bo',
    notificationPreferencesSchema.parse({
      email: 'bo@example.com',
      language: 'en',
      emailMinSeverity: 'critical',
    }),
  ],
  ['cy', notificationPreferencesSchema.parse({})],
]);
const incident = (severity: 'info' | 'warning' | 'critical') => ({
  kind: 'incident' as const,
  severity,
  title: notifyMessage('notify.text.bilingual', { en: 'Spend spiked', zh: '消耗激增' }),
  sections: [],
});

describe('fan-out', () => {
  it('sends to every inbox, to the emails and webhooks whose severity floor it reaches, each in its language', () => {
    const day = new Date('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
    const warning = fanOut(
      incident('warning'),
      workspace,
      { members, settings, secrets },
      {
        subject: 'incident:1',
        webhooks: true,
        now: day,
      },
    );
    expect(warning.inbox.map((entry) => entry.userId)).toEqual(['ana', 'bo', 'cy']);
    expect(warning.outbox.map((message) => `${message.channel}:${message.destination}`)).toEqual([
      'email:ana',
      'webhook:ops',
    ]);
    const email = warning.outbox[0]!.payload;
    expect(email.channel === 'email' && email.email.subject).toBe('【警告】消耗激增');
    expect(warning.outbox.every((message) => message.notBefore === day.toISOString())).toBe(true);
    const critical = fanOut(
      incident('critical'),
      workspace,
      { members, settings, secrets },
      {
        subject: 'incident:2',
        webhooks: true,
        now: day,
      },
    );
    expect(critical.outbox.map((message) => message.idempotencyKey)).toEqual([
      'lumi:incident:2:email:ana',
      'lumi:incident:2:email:bo',
      'lumi:incident:2:webhook:ops',
      'lumi:incident:2:webhook:oncall',
    ]);
    const slack = critical.outbox[3]!.payload;
    expect(slack.channel === 'webhook' && slack.body).toEqual({ text: '*[critical] Spend spiked*' });
  });

  it('queues what is not critical for the end of quiet hours', () => {
    const night = new Date('2026-03-01T15:00:00Z'); // 23:00 in Shanghai
    const queued = fanOut(
      incident('warning'),
      workspace,
      { members, settings, secrets },
      {
        subject: 'incident:3',
        webhooks: true,
        now: night,
      },
    );
    expect(new Set(queued.outbox.map((message) => message.notBefore))).toEqual(
      new Set(['2026-03-02T00:00:00.000Z']),
    );
    const urgent = fanOut(
      incident('critical'),
      workspace,
      { members, settings, secrets },
      {
        subject: 'incident:4',
        webhooks: true,
        now: night,
      },
    );
    expect(new Set(urgent.outbox.map((message) => message.notBefore))).toEqual(
      new Set([night.toISOString()]),
    );
  });
});

describe('draining the outbox', () => {
  it('sends, retries with backoff, fails what is refused, and never sends a sent message again', async () => {
    const store = new MemoryStore({ settings: { ...settings, quietHours: null }, secrets }, members);
    let now = new Date('2026-03-02T02:00:00Z');
    const clock = () => now;
    await store.record({
      at: now.toISOString(),
      ...fanOut(
        incident('critical'),
        workspace,
        { members, settings, secrets },
        {
          subject: 'incident:5',
          webhooks: true,
          now,
        },
      ),
    });
    const transports = scriptedTransports([
      { ok: true },
      { ok: false, retryable: true, reason: 'HTTP 429', retryAfterMs: 120_000 },
      { ok: false, retryable: false, reason: 'code 93000' },
      { ok: true },
    ]);
    const lookup = async () => workspace;
    const policy = { firstDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 2 };
    expect(await drainOutbox(store, transports, lookup, { now: clock, policy })).toEqual({
      sent: 2,
      retried: 1,
      failed: 1,
      held: 0,
    });
    expect(store.outbox.map((message) => message.state)).toEqual(['sent', 'pending', 'failed', 'sent']);
    // Retry-After (2 minutes) beats the first backoff (1 minute).
    expect(store.outbox[1]!.notBefore).toBe('2026-03-02T02:02:00.000Z');
    now = new Date('2026-03-02T02:01:59Z');
    expect(await drainOutbox(store, transports, lookup, { now: clock, policy })).toMatchObject({ sent: 0 });
    now = new Date('2026-03-02T02:02:00Z');
    expect(await drainOutbox(store, transports, lookup, { now: clock, policy })).toMatchObject({ sent: 1 });
    expect(store.outbox[1]).toMatchObject({ state: 'sent', attempts: 2 });
    expect(transports.sent).toHaveLength(5);
    // Queued again by the same run redone: nothing new, nothing sent.
    await store.record({
      at: now.toISOString(),
      ...fanOut(
        incident('critical'),
        workspace,
        { members, settings, secrets },
        {
          subject: 'incident:5',
          webhooks: true,
          now,
        },
      ),
    });
    expect(await drainOutbox(store, transports, lookup, { now: clock, policy })).toMatchObject({ sent: 0 });
    expect(transports.sent).toHaveLength(5);
  });

  it('holds at send time when quiet hours began after queuing, and gives up after the last attempt', async () => {
    const store = new MemoryStore({ settings, secrets }, members);
    const queuedAt = new Date('2026-03-01T13:59:00Z'); // 21:59 in Shanghai, before the window
    await store.record({
      at: queuedAt.toISOString(),
      ...fanOut(
        incident('warning'),
        workspace,
        { members, settings: { ...settings, quietHours: null }, secrets },
        {
          subject: 'incident:6',
          webhooks: true,
          now: queuedAt,
        },
      ),
    });
    let now = new Date('2026-03-01T14:30:00Z'); // 22:30: inside
    const transports = scriptedTransports([
      { ok: false, retryable: true, reason: 'timeout' },
      { ok: false, retryable: true, reason: 'timeout' },
    ]);
    const policy = { firstDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 2 };
    const lookup = async () => workspace;
    expect(await drainOutbox(store, transports, lookup, { now: () => now, policy })).toMatchObject({
      held: 2,
    });
    expect(transports.sent).toEqual([]);
    now = new Date('2026-03-02T00:00:00Z');
    expect(await drainOutbox(store, transports, lookup, { now: () => now, policy })).toMatchObject({
      sent: 0,
      retried: 2,
    });
    now = new Date('2026-03-02T00:01:00Z');
    expect(await drainOutbox(store, transports, lookup, { now: () => now, policy })).toMatchObject({
      sent: 2,
      failed: 0,
    });
    // A message left sending by a stopped process is queued again, not lost.
    store.outbox[0]!.state = 'sending';
    expect(await store.recoverInterrupted()).toBe(1);
  });
});
