/**
 * One's own account and refusals in one's language, in headless Chromium against a real server:
 * a daily question over six years is refused in Chinese on the Chinese dashboard, a user ends
 * the session of another browser from the account page, which that browser then finds ended,
 * and a member given a Douyin scope on the settings page sees a Chinese overview of Douyin only,
 * with the scope in the header; a Douyin-scoped editor is offered no action on a Douyin incident,
 * which an unscoped admin may act on.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

describe('the account page and refusals in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard({ performanceRows: 21_198 });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('says a limit’s refusal in Chinese on the Chinese dashboard', async () => {
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    try {
      await dashboard.login(page, 'viewer');
      await page.goto(
        `${dashboard.url}/workspaces/${DEMO_WORKSPACE}/explore?kpis=spend&grain=day&from=2020-01-01&to=2026-01-31`,
      );
      const alert = page.locator('.state-error').first();
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toContain(
        '按天查询最多跨 3 年：2020-01-01 至 2026-01-31 太长，最晚可到 2022-12-31',
      );
    } finally {
      await context.close();
    }
  });

  it('shows a Douyin-scoped member Douyin only, in Chinese', async () => {
    const admin = await dashboard.api('admin');
    const analyst = { login: 'douyin-analyst', password: 'douyin-analyst-password-1' };
    await admin.json('POST', '/api/users', { ...analyst, displayName: analyst.login });
    await admin.json('POST', `/api/workspaces/${DEMO_WORKSPACE}/members`, {
      login: analyst.login,
      role: 'viewer',
    });
    // The admin gives the scope on the settings page's members table.
    const settings = await dashboard.newPage({ language: 'zh-CN' });
    try {
      await dashboard.login(settings.page, 'admin');
      await settings.page.goto(`${dashboard.url}/workspaces/${DEMO_WORKSPACE}/settings/members`);
      await settings.page.locator(`[data-testid="edit-scope-${analyst.login}"]`).click();
      // The box follows the saved scope, so it ticks once the member is saved and read again.
      await settings.page.locator('[data-testid="member-scope-douyin"]').click();
      await expect
        .poll(async () => {
          const members = await admin.json<{ members: { login: string; scope: unknown }[] }>(
            'GET',
            `/api/workspaces/${DEMO_WORKSPACE}/members`,
          );
          return members.members.find((member) => member.login === analyst.login)?.scope;
        })
        .toEqual({ channels: ['douyin'] });
    } finally {
      await settings.context.close();
    }
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    try {
      await page.goto(`${dashboard.url}/`);
      await page.locator('input[name=login]').fill(analyst.login);
      await page.locator('input[name=password]').fill(analyst.password);
      await page.locator('form[data-testid=login-form] button[type=submit]').click();
      await page.locator('[data-testid=overview][data-ready=true]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid=scope-chip]').textContent()).toBe('范围：抖音');
      // Pages the server refuses a scope are not offered; the overview, Explore and the pages that
      // show the scope's slice (creators, incidents, lift) are.
      for (const name of ['attribution', 'cohorts', 'imports'])
        expect(await page.locator(`[data-testid=nav-${name}]`).count(), name).toBe(0);
      for (const name of ['explore', 'creators', 'incidents', 'lift'])
        expect(await page.locator(`[data-testid=nav-${name}]`).count(), name).toBe(1);
      // The funnel's channels: Douyin's row alone, where the unscoped overview has several.
      const rows = page.locator('tr[data-testid^="funnel-"]');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-testid')).toBe('funnel-douyin');
      expect(await page.locator('main').textContent()).not.toContain('小红书');
      await dashboard.screenshot(page, 'scoped-overview-zh');
    } finally {
      await context.close();
    }
  });

  it('offers a Douyin-scoped editor no action on a Douyin incident, in Chinese and English', async () => {
    const admin = await dashboard.api('admin');
    const member = { login: 'douyin-editor', password: 'douyin-editor-password-1' };
    await admin.json('POST', '/api/users', { ...member, displayName: member.login });
    await admin.json('POST', `/api/workspaces/${DEMO_WORKSPACE}/members`, {
      login: member.login,
      role: 'editor',
      scope: { channels: ['douyin'] },
    });
    // An incident on Douyin's spend alone, which the scope sees; written as the monitor records one.
    const id = 'inc-douyin-spend';
    const title = {
      message: { key: 'monitor.freshness.empty', params: {} },
      text: { en: 'Douyin spend above usual', zh: '抖音花费高于平常' },
    };
    const marker = {
      series: 'spend@channel:douyin',
      kpi: 'spend',
      segment: 'channel:douyin',
      time: '2026-01-02',
      kind: 'point',
      direction: 'above',
      value: 300,
      expected: 100,
      low: 50,
      high: 150,
      probability: 0.001,
      rarity: null,
      run: 1,
      event: null,
      said: title,
    };
    const detection = {
      kind: 'kpi',
      severity: 'warning',
      title,
      lines: [title],
      from: '2026-01-02',
      to: '2026-01-02',
      segment: 'channel:douyin',
      kpi: 'spend',
      direction: 'above',
      segments: ['channel:douyin'],
      kpis: ['spend'],
      series: [marker.series],
      markers: [marker],
      drivers: [],
      monitor: 'default',
    };
    await dashboard.demo.warehouse.append('monitor_incident_events', {
      rowCount: 1,
      columns: {
        incident_id: [id],
        seq: [1],
        kind: ['detected'],
        at: [new Date().toISOString()],
        actor: [null],
        body: [JSON.stringify({ detection })],
      },
    });
    const detail = (page: Page) =>
      page.locator(`[data-testid=incident-detail][data-incident="${id}"][data-ready=true]`);
    const url = `${dashboard.url}/workspaces/${DEMO_WORKSPACE}/incidents/${id}`;

    // The admin, unscoped, is offered the actions; the scoped editor none, and no comment box,
    // saying why. (Not the editor account: the sessions test counts that account's sessions.)
    const unscoped = await dashboard.newPage();
    try {
      await dashboard.login(unscoped.page, 'admin');
      await unscoped.page.goto(url);
      await detail(unscoped.page).waitFor({ timeout: 60_000 });
      expect(await unscoped.page.locator('[data-testid=incident-acknowledge]').count()).toBe(1);
    } finally {
      await unscoped.context.close();
    }
    for (const [language, note] of [
      ['zh-CN', '你的访问范围只是工作区的一部分：处理异常事件由能查看整个工作区的成员负责。'],
      [
        'en',
        'Your access covers part of the workspace: acting on incidents is left to members who see all of it.',
      ],
    ] as const) {
      const { context, page } = await dashboard.newPage({ language });
      try {
        await page.goto(`${dashboard.url}/`);
        await page.locator('input[name=login]').fill(member.login);
        await page.locator('input[name=password]').fill(member.password);
        await page.locator('form[data-testid=login-form] button[type=submit]').click();
        await page.locator('[data-testid=overview][data-ready=true]').waitFor({ timeout: 60_000 });
        await page.goto(url);
        await detail(page).waitFor({ timeout: 60_000 });
        expect(await page.locator('[data-testid=incident-actions]').count()).toBe(0);
        expect(await page.locator('[data-testid=incident-comment-text]').count()).toBe(0);
        expect(await page.locator('[data-testid=incident-scoped-note]').textContent()).toBe(note);
        if (language === 'zh-CN') await dashboard.screenshot(page, 'scoped-incident-zh');
      } finally {
        await context.close();
      }
    }
  });

  it('shows a campaign-scoped member a creator page that says, in Chinese, what it leaves out', async () => {
    const admin = await dashboard.api('admin');
    const api = `/api/workspaces/${DEMO_WORKSPACE}`;
    const campaigns = await admin.json<{ values: { value: string; count: number }[] }>(
      'GET',
      `${api}/values/campaign?kpi=spend`,
    );
    const campaign = campaigns.values.find((entry) => entry.count > 0)?.value;
    expect(campaign).toBeTruthy();
    const member = { login: 'campaign-viewer', password: 'campaign-viewer-password-1' };
    await admin.json('POST', '/api/users', { ...member, displayName: member.login });
    await admin.json('POST', `${api}/members`, {
      login: member.login,
      role: 'viewer',
      scope: { campaigns: [campaign] },
    });
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    try {
      await page.goto(`${dashboard.url}/`);
      await page.locator('input[name=login]').fill(member.login);
      await page.locator('input[name=password]').fill(member.password);
      await page.locator('form[data-testid=login-form] button[type=submit]').click();
      await page.locator('[data-testid=overview][data-ready=true]').waitFor({ timeout: 60_000 });
      // Search positions and audience stages carry no campaign: the server refuses both pages to
      // this scope, and the sidebar does not offer them.
      for (const name of ['search', 'audiences', 'attribution'])
        expect(await page.locator(`[data-testid=nav-${name}]`).count(), name).toBe(0);
      await page.locator('[data-testid=nav-creators]').click();
      const first = page.locator('[data-testid=creator-link]').first();
      await first.waitFor({ timeout: 60_000 });
      await first.click();
      await page.locator('[data-testid=creator-page][data-ready=true]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid=creator-page-notes] li').allTextContents()).toContain(
        '搜索排名数据不按账号或活动记录：收录篇数、前十声量份额以及据此评判的 KOC 榜单不在你的访问范围内显示',
      );
    } finally {
      await context.close();
    }
  });

  it('lists two browsers’ sessions and ends the other one', async () => {
    const other = await dashboard.newPage();
    const mine = await dashboard.newPage();
    try {
      await dashboard.login(other.page, 'editor');
      await dashboard.login(mine.page, 'editor');
      await mine.page.locator('[data-testid=account-link]').click();
      const table = mine.page.locator('[data-testid=sessions-table]');
      await table.waitFor();
      await expect.poll(() => mine.page.locator('[data-testid=end-session]').count()).toBe(1);
      expect(await mine.page.locator('[data-testid=end-this-session]').count()).toBe(1);
      await mine.page.locator('[data-testid=end-session]').click();
      await expect.poll(() => mine.page.locator('[data-testid=end-session]').count()).toBe(0);
      // The other browser's next request finds its session ended and shows the login form.
      await other.page.reload();
      await other.page.locator('input[name=login]').waitFor({ timeout: 30_000 });
      await dashboard.screenshot(mine.page, 'account-sessions');
    } finally {
      await other.context.close();
      await mine.context.close();
    }
  });
});
