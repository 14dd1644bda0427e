/**
 * Delivery end to end: a server whose settings point at a real SMTP server and a real HTTP
 * server standing in for WeCom, Feishu, DingTalk and Slack (checking their signatures as they
 * document them), driven tick by tick on a test clock.
 */
import type { MonitorIncident } from '@markpi/app';
import { type DigestIncident, notifyMessage } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countByKey,
  type SmtpReceiver,
  startSmtpReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../app/src/notify/testing/receivers.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const incidentTitle = (en: string, zh: string) => notifyMessage('notify.text.bilingual', { en, zh });

function incident(id: string, severity: MonitorIncident['severity']): MonitorIncident {
  return {
    id,
    severity,
    title: incidentTitle(`ROAS fell on Douyin (${id})`, `抖音 ROAS 下降（${id}）`),
    lines: [incidentTitle('ROAS 1.2 against an expected 2.4', 'ROAS 为 1.2，预期 2.4')],
    link: '/workspaces/alpha',
    openedAt: '2026-03-01',
  };
}

describe('notifications end to end', () => {
  let harness: Harness;
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  let owner: TestClient;
  let viewer: TestClient;
  const found: MonitorIncident[] = [];
  const open: DigestIncident[] = [];
  const at = (iso: string) => {
    harness.clock.current = new Date(iso);
  };
  const tick = () => harness.server.app.notifications.tick();

  beforeAll(async () => {
    smtp = await startSmtpReceiver({ user: 'markpi', pass: 's3cret-smtp' });
    hooks = await startWebhookReceiver(
      { 'fs-hook': 'feishu-signing-secret', 'dt-hook': 'SECdingtalk-secret' },
      () => harness.clock.current.getTime(),
    );
    harness = await createHarness({
      notifications: {
        worker: false,
        monitor: { runMonitor: async () => found.splice(0), openIncidents: async () => open },
        retryPolicy: { firstDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 3 },
      },
    });
    owner = await harness.as('ownerA');
    viewer = await harness.as('viewerA');
    const saved = await owner.put('/api/workspaces/alpha/notifications/settings', {
      email: { host: '127.0.0.1', port: smtp.port, from: 'markpi <alerts@example.com>', username: 'markpi' },
      smtpPassword: 's3cret-smtp',
      webhooks: [
        { id: 'wc', kind: 'wecom', name: '运营群', language: 'zh' },
        { id: 'fs', kind: 'feishu', name: 'Growth', language: 'en' },
        { id: 'dt', kind: 'dingtalk', name: '投放群', language: 'zh' },
        { id: 'sl', kind: 'slack', name: '#marketing', language: 'en', minSeverity: 'critical' },
      ],
      webhookSecrets: {
        wc: { url: `${hooks.url}/wecom/wc-hook?key=wecom-key-123` },
        fs: { url: `${hooks.url}/feishu/fs-hook`, secret: 'feishu-signing-secret' },
        dt: {
          url: `${hooks.url}/dingtalk/dt-hook?access_token=dingtalk-token`,
          secret: 'SECdingtalk-secret',
        },
        sl: { url: `${hooks.url}/slack/sl-hook` },
      },
      monitor: { every: 'hour', minute: 5 },
      baseUrl: 'https://markpi.example.com',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    for (const [client, body] of [
      [owner, { email: 'owner@example.com', language: 'zh', emailMinSeverity: 'warning' }],
      [viewer, { email: 'viewer@example.com', language: 'en', emailMinSeverity: 'critical' }],
    ] as const) {
      const response = await client.put('/api/workspaces/alpha/notifications/preferences', body);
      expect(response.statusCode, response.body).toBe(200);
    }
  });

  afterAll(async () => {
    await harness.close();
    await smtp.close();
    await hooks.close();
  });

  it('never answers with a secret, and keeps secrets left out of an update', async () => {
    const response = await owner.get('/api/workspaces/alpha/notifications/settings');
    expect(response.statusCode).toBe(200);
    for (const secret of [
      's3cret-smtp',
      'feishu-signing-secret',
      'SECdingtalk',
      'wecom-key-123',
      'dingtalk-token',
      'sl-hook',
    ])
      expect(response.body).not.toContain(secret);
    const view = response.json();
    expect(view.smtpPasswordSet).toBe(true);
    expect(view.webhookSecrets.fs).toEqual({ urlSet: true, host: hooks.url, secretSet: true });
    expect(view.webhookSecrets.wc.secretSet).toBe(false);
    // Members who are not admins can't read or change them.
    expect((await viewer.get('/api/workspaces/alpha/notifications/settings')).statusCode).toBe(403);
  });

  it('delivers an incident to the inbox, by email and to four chat platforms, each in its language, once', async () => {
    at('2026-03-01T09:00:00.000Z');
    expect((await tick()).runs).toEqual([]); // The monitor's first slot is 09:05Z.
    at('2026-03-01T09:06:00.000Z');
    found.push(incident('inc-1', 'warning'));
    const report = await tick();
    expect(report.runs.filter((run) => run.schedule === 'monitor:alpha')).toMatchObject([
      { slot: '2026-03-01T09:05:00.000Z', missed: 0, queued: 3 + 1 + 3 },
    ]);
    // Slack takes critical incidents only; the viewer emails only critical ones.
    expect(report.delivery).toEqual({ sent: 4, retried: 0, failed: 0, held: 0 });

    expect(smtp.emails).toHaveLength(1);
    const email = smtp.emails[0]!;
    expect(email.to).toEqual(['owner@example.com']);
    expect(email.auth).toBe('markpi');
    expect(email.subject).toBe('【警告】抖音 ROAS 下降（inc-1）');
    expect(email.contentLanguage).toBe('zh-CN');
    expect(email.text).toContain('ROAS 为 1.2，预期 2.4');
    expect(email.text).toContain('在 markpi 中查看: https://markpi.example.com/workspaces/alpha');
    expect(email.messageId).toMatch(/@markpi\.notify>$/);

    const byPlatform = Object.fromEntries(hooks.requests.map((request) => [request.platform, request]));
    expect(Object.keys(byPlatform).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    expect(byPlatform.feishu?.signatureValid).toBe(true);
    expect(byPlatform.dingtalk?.signatureValid).toBe(true);
    expect(byPlatform.wecom?.query.get('key')).toBe('wecom-key-123');
    expect((byPlatform.wecom!.body.markdown as { content: string }).content).toContain(
      '抖音 ROAS 下降（inc-1）',
    );
    const feishuPost = (byPlatform.feishu!.body.content as { post: Record<string, { title: string }> }).post;
    expect(feishuPost.en_us?.title).toBe('[warning] ROAS fell on Douyin (inc-1)');
    expect((byPlatform.dingtalk!.body.markdown as { title: string }).title).toBe(
      '【警告】抖音 ROAS 下降（inc-1）',
    );
    expect(new Set(hooks.requests.map((request) => request.idempotencyKey)).size).toBe(3);

    // Every member's inbox has it, in the language each asks for; the badge counts it.
    const inbox = (await viewer.get('/api/workspaces/alpha/inbox?language=en')).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.entries[0].text.subject).toBe('[warning] ROAS fell on Douyin (inc-1)');
    const zh = (await owner.get('/api/workspaces/alpha/inbox?language=zh')).json();
    expect(zh.entries[0].text.title).toBe('抖音 ROAS 下降（inc-1）');
    const read = await viewer.post('/api/workspaces/alpha/inbox/read', { id: inbox.entries[0].id });
    expect(read.json()).toEqual({ marked: 1, unread: 0 });
    expect((await viewer.get('/api/workspaces/alpha/inbox/unread')).json()).toEqual({ unread: 0 });
    expect((await owner.get('/api/workspaces/alpha/inbox/unread')).json()).toEqual({ unread: 1 });

    // Nothing is sent twice: another tick, and the same incident reported at the next run.
    expect((await tick()).delivery.sent).toBe(0);
    at('2026-03-01T10:06:00.000Z');
    found.push(incident('inc-1', 'warning'));
    expect((await tick()).delivery.sent).toBe(0);
    expect(smtp.emails).toHaveLength(1);
    expect([...countByKey(hooks.requests.map((request) => request.idempotencyKey)).values()]).toEqual([
      1, 1, 1,
    ]);
  });

  it('holds all but critical incidents during quiet hours and sends them when the window ends', async () => {
    const settings = (await owner.get('/api/workspaces/alpha/notifications/settings')).json();
    const { smtpPasswordSet: _p, webhookSecrets: _w, ...kept } = settings;
    const saved = await owner.put('/api/workspaces/alpha/notifications/settings', {
      ...kept,
      quietHours: { start: '22:00', end: '08:00' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const before = hooks.requests.length;
    // 23:06 in Shanghai.
    at('2026-03-01T15:06:00.000Z');
    found.push(incident('inc-2', 'warning'), incident('inc-3', 'critical'));
    const night = await tick();
    // The critical one goes out at once, to Slack too and to both emails; the warning waits.
    expect(night.delivery.sent).toBe(4 + 2);
    expect(
      hooks.requests
        .slice(before)
        .map((request) => request.platform)
        .sort(),
    ).toEqual(['dingtalk', 'feishu', 'slack', 'wecom']);
    expect(
      smtp.emails
        .slice(1)
        .map((email) => email.subject)
        .sort(),
    ).toEqual(['[critical] ROAS fell on Douyin (inc-3)', '【严重】抖音 ROAS 下降（inc-3）']);
    at('2026-03-01T23:59:00.000Z');
    expect((await tick()).delivery.sent).toBe(0);
    // 08:00 in Shanghai: the window is over.
    at('2026-03-02T00:00:30.000Z');
    expect((await tick()).delivery.sent).toBe(1 + 3);
    expect(smtp.emails.at(-1)?.subject).toBe('【警告】抖音 ROAS 下降（inc-2）');
    await owner.put('/api/workspaces/alpha/notifications/settings', { ...kept, quietHours: null });
  });

  it('retries a rate-limited webhook with backoff and fails a refused one', async () => {
    hooks.failNext('wecom', 1, { status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    const queued = await owner.post('/api/workspaces/alpha/notifications/test', {
      channel: 'webhook',
      webhookId: 'wc',
    });
    expect(queued.statusCode, queued.body).toBe(200);
    at('2026-03-02T01:00:00.000Z');
    expect((await tick()).delivery).toMatchObject({ sent: 0, retried: 1 });
    at('2026-03-02T01:00:59.000Z');
    expect((await tick()).delivery).toMatchObject({ sent: 0, retried: 0 });
    at('2026-03-02T01:01:00.000Z');
    expect((await tick()).delivery).toMatchObject({ sent: 1 });
    const [latest] = (await owner.get('/api/workspaces/alpha/notifications/deliveries?limit=1')).json()
      .deliveries;
    expect(latest).toMatchObject({ channel: 'webhook', destination: 'wc', state: 'sent', attempts: 2 });
    const wecom = hooks.requests.filter((request) => request.platform === 'wecom').at(-1)!;
    expect((wecom.body.markdown as { content: string }).content).toContain('Alpha Cosmetics：测试通知');

    // A signature the platform refuses is not retried.
    hooks.failNext('feishu', 1, { status: 200, body: '{"code":19021,"msg":"sign match fail"}' });
    await owner.post('/api/workspaces/alpha/notifications/test', { channel: 'webhook', webhookId: 'fs' });
    expect((await tick()).delivery).toMatchObject({ sent: 0, failed: 1 });
    const [failed] = (await owner.get('/api/workspaces/alpha/notifications/deliveries?limit=1')).json()
      .deliveries;
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('19021');
  });

  it('sends a daily digest in the member’s language, and one digest after days missed', async () => {
    const prefs = await owner.put('/api/workspaces/alpha/notifications/preferences', {
      email: 'owner@example.com',
      language: 'zh',
      digest: { cadence: 'daily', at: '08:30' },
      kpis: ['spend', 'ctr'],
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    open.push({
      id: 'inc-9',
      severity: 'warning',
      title: incidentTitle('CTR dropped', '点击率下降'),
      openedAt: '2026-03-01',
    });
    const emailsBefore = smtp.emails.length;
    at('2026-03-02T02:00:00.000Z');
    await tick(); // Creates the schedule: first due 3 March 08:30 (00:30Z).
    // Down for three days; back on 6 March at 09:00 local.
    at('2026-03-06T01:00:00.000Z');
    const report = await tick();
    const digestRuns = report.runs.filter((run) => run.schedule.startsWith('digest:'));
    expect(digestRuns).toEqual([
      {
        schedule: `digest:alpha:${harness.accounts.ownerA.id}`,
        slot: '2026-03-06T00:30:00.000Z',
        missed: 3,
        queued: 2,
      },
    ]);
    const digests = smtp.emails.slice(emailsBefore).filter((email) => email.subject.includes('日报'));
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest.subject).toMatch(/^Alpha Cosmetics 日报：\d{4}-\d{2}-\d{2}$/);
    expect(digest.text).toContain('你关注的 KPI');
    expect(digest.text).toContain('消耗：');
    expect(digest.text).toContain('点击率：');
    expect(digest.text).toContain('未关闭的异常（1）');
    expect(digest.text).toContain('【警告】点击率下降');
    // The same day again: nothing more.
    expect((await tick()).runs.filter((run) => run.schedule.startsWith('digest:'))).toEqual([]);
  });

  it('refuses preferences naming KPIs the workspace does not have', async () => {
    const response = await viewer.put('/api/workspaces/alpha/notifications/preferences', {
      kpis: ['no_such_kpi'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('unknown_kpi');
  });
});
