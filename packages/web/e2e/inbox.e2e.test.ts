/**
 * Notifications in Chromium against a real server whose clock the test moves and whose delivery
 * loop it drives: a member sets a daily digest in their preferences, the digest arrives in the
 * inbox with the unread badge in the header, in English and Chinese, and marking it read clears
 * the badge; an admin adds chat webhooks whose URLs are never shown again and sends a test to
 * each, seeing one delivered to a real local webhook server and one refused by it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;
const api = `/api/workspaces/${DEMO_WORKSPACE}`;
const DAY_MS = 86_400_000;

interface Inbox {
  entries: { id: string; kind: string; readAt: string | null; text: { title: string } }[];
  unread: number;
}

/** A chat platform on this machine: answers `ok` on /hook, refuses on /broken, keeps what came. */
async function webhookServer(): Promise<{
  server: Server;
  url: string;
  received: { path: string; body: string }[];
}> {
  const received: { path: string; body: string }[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((request, response) => {
    void read(request).then((body) => {
      received.push({ path: request.url ?? '', body });
      if (request.url?.startsWith('/broken')) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_token');
      } else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 60_000 });
}

describe('notifications in the dashboard', () => {
  let dashboard: Dashboard;
  let hooks: Awaited<ReturnType<typeof webhookServer>>;
  /** How far the server's clock is ahead of this machine's. */
  let ahead = 0;
  let viewer: ApiClient;

  beforeAll(async () => {
    hooks = await webhookServer();
    dashboard = await startDashboard({
      server: {
        now: () => new Date(Date.now() + ahead),
        // The monitor's detectors are the monitor file's to test: without them the tick two days
        // on runs the digest alone. With them it spent 92 s (load 11) on the demo's 1,075 series
        // and, still running past the step's limit, queued incident alerts to the next step's
        // webhooks.
        notifications: { worker: false, monitor: { runMonitor: async () => [] } },
      },
    });
    viewer = await dashboard.api('viewer');
  }, 300_000);

  afterAll(async () => {
    await dashboard?.close();
    hooks?.server.close();
  });

  it('sets a digest, shows it in the inbox with the badge in both languages, and marks it read', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/inbox`);
    await ready(page, 'inbox');
    await page.locator('[data-testid=empty-state]').waitFor();
    await expect(page.locator('[data-testid=inbox-badge]').count()).resolves.toBe(0);

    // Preferences: a daily digest of spend and ROAS, in English.
    await page.locator('[data-testid=inbox-tab-preferences]').click();
    await page.locator('[data-testid=preferences]').waitFor();
    await page.locator('[data-testid=preferences-digest]').selectOption('daily');
    await page.locator('[data-testid=preferences-at]').fill('09:00');
    await page.locator('[data-testid=preferences-language]').selectOption('en');
    await page.locator('[data-testid=kpi-option-spend]').check();
    await page.locator('[data-testid=kpi-option-roas]').check();
    await page.locator('[data-testid=preferences-save]').click();
    await page.locator('[data-testid=preferences-saved]').waitFor();
    const saved = await viewer.json<{
      digest: { cadence: string; at: string };
      kpis: string[];
      language: string;
    }>('GET', `${api}/notifications/preferences`);
    expect(saved).toMatchObject({
      digest: { cadence: 'daily', at: '09:00' },
      kpis: ['spend', 'roas'],
      language: 'en',
    });
    await dashboard.screenshot(page, 'inbox-01-preferences');

    // The loop sets the schedule up; two days later the digest is due and lands in the inbox.
    await dashboard.server.app.notifications.tick();
    ahead += 2 * DAY_MS;
    await dashboard.server.app.notifications.tick();
    const english = await viewer.json<Inbox>('GET', `${api}/inbox?language=en`);
    const chinese = await viewer.json<Inbox>('GET', `${api}/inbox?language=zh`);
    expect(english.unread).toBeGreaterThan(0);
    expect(english.entries.map((entry) => entry.kind)).toContain('digest');

    await page.locator('[data-testid=inbox-tab-inbox]').click();
    await page.reload();
    await ready(page, 'inbox');
    const badge = page.locator('[data-testid=inbox-badge]');
    await expect(badge.textContent()).resolves.toBe(String(english.unread));
    const titles = page.locator('[data-testid=inbox-entry] [data-testid=inbox-title]');
    await expect(titles.allTextContents()).resolves.toEqual(english.entries.map((entry) => entry.text.title));
    await dashboard.screenshot(page, 'inbox-02-digest-en');
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect
      .poll(() => titles.allTextContents(), { timeout: 30_000 })
      .toEqual(chinese.entries.map((entry) => entry.text.title));
    expect(chinese.entries[0]!.text.title).toMatch(/[\u4e00-\u9fff]/);
    await expect(page.locator('[data-testid=inbox-tab-inbox]').textContent()).resolves.toBe('消息');
    await dashboard.screenshot(page, 'inbox-03-digest-zh');

    // Marking read clears the badge at once, and the server agrees.
    for (let left = english.unread; left > 0; left--) {
      await page
        .locator('[data-testid=inbox-entry][data-read=false] [data-testid=inbox-mark-read]')
        .first()
        .click();
      await page.locator(`[data-testid=inbox][data-unread="${left - 1}"][data-ready=true]`).waitFor();
    }
    await expect(badge.count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=inbox-entry][data-read=false]').count()).resolves.toBe(0);
    expect((await viewer.json<Inbox>('GET', `${api}/inbox/unread`)).unread).toBe(0);
    // Another page keeps the header's count without a badge.
    await page.goto(`${dashboard.url}${ws}/overview`);
    await page.locator('[data-testid=inbox-bell][data-unread="0"]').waitFor();
    await context.close();
  });

  it('keeps webhook URLs secret and shows how each test was delivered', async () => {
    const token = 'T0KEN-never-shown';
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/notifications`);
    await page.locator('[data-testid=notification-settings]').waitFor();

    const fill = async (index: number, id: string, name: string, url: string) => {
      await page.locator('[data-testid=webhook-add]').click();
      await page.locator(`[data-testid=webhook-${index}-id]`).fill(id);
      await page.locator(`[data-testid=webhook-${index}-name]`).fill(name);
      await page.locator(`[data-testid=webhook-${index}-kind]`).selectOption('slack');
      await page.locator(`[data-testid=webhook-${index}-url]`).fill(url);
    };
    await fill(0, 'ops', 'Ops room', `${hooks.url}/hook/${token}`);
    await fill(1, 'broken', 'Old room', `${hooks.url}/broken/${token}`);
    await page.locator('[data-testid=notifications-save]').click();
    await page.locator('[data-testid=notifications-saved]').waitFor();

    // Written, never read back: the fields are empty, the host is named, the token is nowhere.
    await expect(page.locator('[data-testid=webhook-0-url]').inputValue()).resolves.toBe('');
    await expect(page.locator('[data-testid=webhook-0-url-state]').textContent()).resolves.toContain(
      hooks.url,
    );
    const admin = await dashboard.api('admin');
    const stored = await admin.request('GET', `${api}/notifications/settings`);
    expect(stored.body).not.toContain(token);
    await page.reload();
    await page.locator('[data-testid=webhook-1-url-state]').waitFor();
    expect(await page.content()).not.toContain(token);
    await dashboard.screenshot(page, 'inbox-04-notification-settings');

    // A test to each: queued, then the loop delivers one and the platform refuses the other.
    await page.locator('[data-testid=webhook-0-test]').click();
    await page.locator('[data-testid=webhook-0-test-result][data-status=pending]').waitFor();
    await page.locator('[data-testid=webhook-1-test]').click();
    await page.locator('[data-testid=webhook-1-test-result][data-status=pending]').waitFor();
    await dashboard.server.app.notifications.tick();
    const delivered = page.locator('[data-testid=webhook-0-test-result][data-status=sent]');
    await delivered.waitFor({ timeout: 30_000 });
    await expect(delivered.textContent()).resolves.toBe('Delivered');
    const refused = page.locator('[data-testid=webhook-1-test-result][data-status=failed]');
    await refused.waitFor({ timeout: 30_000 });
    await expect(refused.textContent()).resolves.toContain('HTTP 400');

    const arrived = hooks.received.filter((entry) => entry.path === `/hook/${token}`);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.body).toContain('Ops room');
    await page.locator('[data-testid=deliveries-table]').waitFor();
    await expect(page.locator('[data-testid=deliveries-table] tbody tr').count()).resolves.toBe(2);
    await dashboard.screenshot(page, 'inbox-05-test-results');

    // Only admins see the page; a viewer is told so, and the navigation doesn't offer it.
    const other = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(other.page, 'viewer');
    await expect(other.page.locator('[data-testid=nav-notifications]').count()).resolves.toBe(0);
    await other.page.goto(`${dashboard.url}${ws}/notifications`);
    await expect(other.page.locator('[data-testid=empty-state]').textContent()).resolves.toContain(
      '只有本工作区的管理员可以查看',
    );
    await other.context.close();
    await context.close();
  });
});
