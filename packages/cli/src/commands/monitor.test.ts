/**
 * `markpi monitor run` killed mid-drain: fifty messages (ten incidents, each by email and to four
 * chat platforms) wait in a server's outbox; the built command sends them to a real SMTP server
 * and a real local webhook server and is killed (SIGKILL) while one webhook request is in flight;
 * run again, it sends the rest. Every message arrives; none arrives twice except the one in
 * flight at the kill, which comes again with the same idempotency key — the documented
 * at-least-once edge, which a receiver that honours the key collapses.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fanOut, type NotifyWorkspace } from '@markpi/app';
import { notificationPreferencesSchema, notificationSettingsSchema, notifyMessage } from '@markpi/core';
import { createServer } from '@markpi/server';
import { openDuckDbWarehouse, SERVER_MIGRATIONS } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countByKey,
  type SmtpReceiver,
  startSmtpReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../app/src/notify/testing/receivers.js';
import { NotificationRepository } from '../../../server/src/meta/notifications.js';
import { createAccount } from '../../../server/src/routes/users.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const builtCli = path.resolve(here, '../../dist/main.js');

const INCIDENTS = 10;
const CHANNELS = 5;
/** The webhook request (0-based) in flight when the command is killed. */
const KILL_AT = 17;

function runCli(dataDir: string) {
  return spawn(process.execPath, [builtCli, 'monitor', 'run', '--data-dir', dataDir, '--format', 'json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function outboxStates(dataDir: string): Promise<Record<string, number>> {
  const meta = await openDuckDbWarehouse({
    path: path.join(dataDir, 'server.duckdb'),
    migrations: SERVER_MIGRATIONS,
  });
  try {
    const rows = await meta.query(
      'SELECT state, count(*) AS n FROM server_outbox GROUP BY state ORDER BY state',
    );
    return Object.fromEntries(rows.map((row) => [String(row.state), Number(row.n)]));
  } finally {
    await meta.close();
  }
}

describe.runIf(existsSync(builtCli))('markpi monitor run, killed mid-drain', () => {
  let dataDir: string;
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  const queuedKeys: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'markpi-monitor-kill-'));
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver({ 'fs-hook': 'feishu-secret', 'dt-hook': 'SECdingtalk' });
    const server = await createServer({ dataDir, webDir: null, notifications: { worker: false } });
    try {
      const { services } = server;
      const now = new Date();
      const record = await services.registry.createOwned({
        id: 'lumi',
        name: 'Lumi',
        createdAt: now.toISOString(),
      });
      const { user } = await createAccount(services, {
        login: 'ops',
        password: 'password-of-ops',
        serverAdmin: false,
      });
      await services.workspaces.addMember({
        workspaceId: record.id,
        userId: user.id,
        role: 'admin',
        createdAt: now.toISOString(),
      });
      const store = new NotificationRepository(services.meta);
      const settings = notificationSettingsSchema.parse({
        email: { host: '127.0.0.1', port: smtp.port, from: 'alerts@example.com' },
        webhooks: [
          { id: 'wc', kind: 'wecom', name: 'wecom', minSeverity: 'info' },
          { id: 'fs', kind: 'feishu', name: 'feishu', minSeverity: 'info' },
          { id: 'dt', kind: 'dingtalk', name: 'dingtalk', minSeverity: 'info' },
          { id: 'sl', kind: 'slack', name: 'slack', language: 'en', minSeverity: 'info' },
        ],
        monitor: null,
      });
      const secrets = {
        webhooks: {
          wc: { url: `${hooks.url}/wecom/wc-hook?key=k` },
          fs: { url: `${hooks.url}/feishu/fs-hook`, secret: 'feishu-secret' },
          dt: { url: `${hooks.url}/dingtalk/dt-hook?access_token=t`, secret: 'SECdingtalk' },
          sl: { url: `${hooks.url}/slack/sl-hook` },
        },
      };
      await store.saveSettings(record.id, settings, secrets, now);
      const preferences = notificationPreferencesSchema.parse({
        email: 'ops@example.com',
        emailMinSeverity: 'info',
      });
      await store.savePreferences(record.id, user.id, preferences, now);
      const workspace: NotifyWorkspace = {
        id: record.id,
        name: 'Lumi',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      };
      for (let n = 0; n < INCIDENTS; n++) {
        const { outbox } = fanOut(
          {
            kind: 'incident',
            severity: 'warning',
            title: notifyMessage('notify.text.as_is', { text: `incident ${n}` }),
            sections: [],
          },
          workspace,
          { members: new Map([[user.id, preferences]]), settings, secrets },
          { subject: `incident:${n}`, webhooks: true, now },
        );
        await store.record({ at: now.toISOString(), inbox: [], outbox });
        queuedKeys.push(...outbox.map((message) => message.idempotencyKey));
      }
    } finally {
      await server.close();
    }
  });

  afterAll(async () => {
    await smtp?.close();
    await hooks?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and sends nothing twice but the message in flight, which keeps its key', async () => {
    expect(queuedKeys).toHaveLength(INCIDENTS * CHANNELS);
    hooks.setDelay(20);
    const held = hooks.holdRequest(KILL_AT);
    const first = runCli(dataDir);
    const exited = new Promise<void>((resolve) => first.once('exit', () => resolve()));
    const { release } = await Promise.race([
      held,
      exited.then(() => {
        throw new Error('the command finished before it could be killed');
      }),
    ]);
    first.kill('SIGKILL');
    await exited;
    release();
    expect(first.signalCode).toBe('SIGKILL');

    // Killed with one message claimed and in flight: sent before it, pending after it.
    const midway = await outboxStates(dataDir);
    expect(midway.sending).toBe(1);
    expect((midway.sent ?? 0) + 1 + (midway.pending ?? 0)).toBe(INCIDENTS * CHANNELS);
    expect(midway.sent).toBeGreaterThanOrEqual(KILL_AT);

    hooks.setDelay(0);
    const second = runCli(dataDir);
    let out = '';
    second.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    const report = JSON.parse(out) as { recovered: number; delivery: { sent: number; failed: number } };
    expect(report.recovered).toBe(1);
    expect(report.delivery.failed).toBe(0);
    expect(await outboxStates(dataDir)).toEqual({ sent: INCIDENTS * CHANNELS });

    // Every queued message arrived, by its key.
    const webhookCounts = countByKey(hooks.requests.map((request) => request.idempotencyKey));
    const emailKeys = smtp.emails.map((email) => email.messageId);
    expect(webhookCounts.size + new Set(emailKeys).size).toBe(INCIDENTS * CHANNELS);
    expect([...webhookCounts.keys()].sort()).toEqual(
      queuedKeys.filter((key) => key.includes(':webhook:')).sort(),
    );
    // No email twice; no webhook twice but the one in flight at the kill.
    expect(emailKeys).toHaveLength(INCIDENTS);
    const inFlight = hooks.requests[KILL_AT]!;
    expect(inFlight.answered).toBe(false);
    for (const [key, count] of webhookCounts)
      expect(count, key).toBe(key === inFlight.idempotencyKey ? 2 : 1);
    // Signed platforms accepted every signature, the resent one's fresh one included.
    expect(hooks.requests.every((request) => request.signatureValid !== false)).toBe(true);
  }, 120_000);
});
