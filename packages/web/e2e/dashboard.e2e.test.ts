/**
 * The dashboard in headless Chromium against a real server and a real DuckDB demo workspace:
 * logging in, both languages, a query whose number on screen is the API's, an upload counted,
 * a target set from a suggestion and changed as a new version, what a viewer may not do, what
 * a share link may not do, and one workspace's user seeing nothing of another. Every page
 * leaves a screenshot in test-artifacts/screenshots/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, OTHER_WORKSPACE, REPO_ROOT, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;

interface QueryResult {
  rows: Record<string, string | number | boolean | null>[];
}

/** Waits until a page's data region has loaded (not refreshing). */
async function ready(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid=${testId}][data-ready=true]`).first().waitFor({ timeout: 30_000 });
}

describe('the dashboard in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard({ targets: true });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('refuses a wrong password, then logs in to the overview with tiles and the funnel', async () => {
    const { context, page } = await dashboard.newPage();
    await page.goto(`${dashboard.url}/`);
    await page.locator('[data-testid=login-form]').waitFor();
    await dashboard.screenshot(page, '01-login');
    await page.locator('input[name=login]').fill('admin');
    await page.locator('input[name=password]').fill('not the password');
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-testid=login-error]').textContent()).resolves.toContain(
      'Wrong login or password',
    );

    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await ready(page, 'overview');
    await expect(page.locator('[data-testid=tiles] article').count()).resolves.toBe(8);
    await expect(page.locator('[data-testid=weakest-callout]').isVisible()).resolves.toBe(true);
    expect(await page.locator('.funnel-weakest').count()).toBeGreaterThan(0);
    await dashboard.screenshot(page, '02-overview');
    await context.close();
  });

  it('switches to Chinese: labels, catalog names and number formats follow, and the choice is remembered', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await ready(page, 'overview');
    await page.locator('[data-testid=language-zh-CN]').click();
    await expect(page.locator('[data-testid=nav-overview]').textContent()).resolves.toContain('概览');
    await expect(page.locator('h1').textContent()).resolves.toBe('概览');
    // KPI names come from the catalog in both languages.
    await expect(page.locator('[data-testid=tile-spend] .tile-name').textContent()).resolves.toBe('消耗');
    // Compact numbers in Chinese use 万 / 亿.
    const impressions = await page
      .locator('[data-testid=tile-impressions] [data-testid=tile-value]')
      .textContent();
    expect(impressions).toMatch(/[万亿]/);
    await dashboard.screenshot(page, '03-overview-zh');
    await page.reload();
    await ready(page, 'overview');
    await expect(page.locator('[data-testid=nav-explore]').textContent()).resolves.toContain('自助分析');
    await context.close();
  });

  it('says a target’s SMART check and pace notes in Chinese, and in English word for word as the API', async () => {
    interface Said {
      key: string;
      params: Record<string, unknown>;
    }
    interface Check {
      check: {
        letters: { letter: string; rating: string; reason: string; message: Said }[];
        position?: { summary: string; messages: { summary: Said } };
      };
    }
    const id = '618-2026-roi';
    const api = await dashboard.api('admin');
    const { check } = await api.json<Check>('GET', `/api/workspaces/${DEMO_WORKSPACE}/targets/${id}/check`);
    expect(check.letters.map((entry) => entry.letter)).toEqual([
      'specific',
      'measurable',
      'attainable',
      'relevant',
      'time_bound',
    ]);
    for (const entry of check.letters)
      expect(entry.message.key.startsWith(`smart.${entry.letter}.`)).toBe(true);
    expect(check.position?.summary.length).toBeGreaterThan(0);
    const { pace } = await api.json<{ pace: { notes: string[]; noteMessages: Said[] } }>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/targets/${id}/pace`,
    );
    // The demo's 618 target is over: core says so, and the note comes with its message.
    expect(pace.noteMessages.map((said) => said.key)).toContain('pace.period_over');
    expect(pace.notes.slice(-pace.noteMessages.length)).toContain(
      'the period is over: the projection is the final figure',
    );

    // What a message carries as written (the goal, the scope's name and filter, KPI ids and their
    // catalog names) may be in any language; every other English word of the reason must be gone.
    const carried = (said: Said, into: string[] = []): string[] => {
      for (const value of Object.values(said.params)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (typeof item === 'object' && item !== null) carried(item as Said, into);
          else if (typeof item === 'string') {
            into.push(item);
            const name = dashboard.demo.catalog.kpis.get(item)?.name;
            if (name) into.push(name.en, name.zh ?? name.en);
          }
        }
      }
      return into.sort((a, b) => b.length - a.length);
    };
    const without = (text: string, kept: string[]) =>
      kept.reduce((rest, item) => rest.replaceAll(item, ' '), text);
    const expectChinese = (shown: string, english: string, said: Said) => {
      expect(shown).toMatch(/[\u4e00-\u9fff]/);
      expect(shown).not.toBe(english);
      const kept = carried(said);
      const words = new Set(without(english, kept).match(/[A-Za-z]{2,}/g) ?? []);
      expect(words.size, english).toBeGreaterThan(0);
      const rest = without(shown, kept);
      for (const word of words) expect(rest, `“${word}” of “${english}” in “${shown}”`).not.toContain(word);
    };

    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/targets/${encodeURIComponent(id)}`);
    const card = page.locator('[data-testid=smart-check]');
    await card.waitFor({ timeout: 30_000 });
    const reasonOf = (letter: string) =>
      card.locator(`[data-testid=smart-${letter}] [data-testid=smart-reason]`).textContent();
    for (const entry of check.letters) {
      expectChinese((await reasonOf(entry.letter)) ?? '', entry.reason, entry.message);
    }
    const summary = card.locator('[data-testid=smart-summary]');
    expectChinese(
      (await summary.textContent()) ?? '',
      check.position!.summary,
      check.position!.messages.summary,
    );
    const notes = page.locator('[data-testid=pace-notes] li');
    const first = pace.notes.length - pace.noteMessages.length;
    await expect(notes.count()).resolves.toBe(pace.notes.length);
    for (const [index, said] of pace.noteMessages.entries())
      expectChinese((await notes.nth(first + index).textContent()) ?? '', pace.notes[first + index]!, said);
    await card.scrollIntoViewIfNeeded();
    await dashboard.screenshot(page, '09-target-smart-zh');

    // In English the card says the API's own English, word for word.
    await page.locator('[data-testid=language-en]').click();
    await expect(card.locator('h2').textContent()).resolves.toBe('SMART check');
    for (const entry of check.letters) await expect(reasonOf(entry.letter)).resolves.toBe(entry.reason);
    await expect(summary.textContent()).resolves.toBe(check.position!.summary);
    await expect(notes.allTextContents()).resolves.toEqual(pace.notes);
    await context.close();
  });

  it('runs a query in Explore and shows the same number the API answers', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    const from = '2026-06-01';
    const to = '2026-06-30';
    await page.goto(`${dashboard.url}${ws}/explore?kpis=spend,roas&from=${from}&to=${to}&grain=total`);
    await ready(page, 'explore-results');
    const cell = page.locator('[data-testid=result-table] [data-testid=cell-spend]').first();
    const shown = (await cell.textContent()) ?? '';

    const api = await dashboard.api('admin');
    const answer = await api.json<QueryResult>('POST', `/api/workspaces/${DEMO_WORKSPACE}/query`, {
      kpis: ['spend', 'roas'],
      from,
      to,
      grain: 'total',
      timeZone: 'Asia/Shanghai',
    });
    const spend = answer.rows[0]?.spend;
    expect(typeof spend).toBe('number');
    const expected = new Intl.NumberFormat('en', {
      style: 'currency',
      currency: 'CNY',
      maximumFractionDigits: 0,
    }).format(spend as number);
    expect(shown).toBe(expected);
    expect(Number(await cell.getAttribute('data-value'))).toBe(spend);

    // The same query by channel and day draws a chart; CSV, XLSX and PNG download.
    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=spend,conversions&dims=channel&from=${from}&to=${to}&grain=day&compare=previous`,
    );
    await ready(page, 'explore-results');
    await page.locator('.chart canvas').first().waitFor();
    for (const [button, extension] of [
      ['export-csv', '.csv'],
      ['export-xlsx', '.xlsx'],
      ['download-png', '.png'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`[data-testid=${button}]`).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`${extension.replace('.', '\\.')}$`));
    }
    await dashboard.screenshot(page, '04-explore');

    // A filter the server refuses is underlined where it is wrong.
    await page.locator('[data-testid=filter-input]').fill("chanel = 'douyin'");
    await page.locator('[data-testid=formula-problem]').first().waitFor();
    await dashboard.screenshot(page, '05-explore-filter-error');
    await context.close();
  });

  it('draws the target and pacing lines, RAG badges and the scorecard ranking', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/targets`);
    await page.locator('[data-testid=targets-table]').waitFor();
    expect(await page.locator('[data-testid=targets-table] [data-testid=rag-badge]').count()).toBe(4);
    await page
      .locator('[data-testid=scorecard-table]')
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    await dashboard.screenshot(page, '06-targets');

    await page.locator('[data-testid=targets-table] a').first().click();
    await page.locator('[data-testid=pace-summary]').waitFor();
    await page.locator('[data-testid=breakdown-table]').waitFor();
    await dashboard.screenshot(page, '07-target-detail');

    // The overview of the campaign's scope and period shows the targets' RAG badges.
    const filter = encodeURIComponent("campaign = '618-2026'");
    await page.goto(`${dashboard.url}${ws}/overview?from=2026-05-20&to=2026-06-20&filter=${filter}`);
    await ready(page, 'overview');
    await page.locator('[data-testid=tiles] [data-testid=rag-badge]').first().waitFor();
    await dashboard.screenshot(page, '08-overview-targets');

    await page.goto(
      `${dashboard.url}${ws}/explore?kpis=impressions&from=2026-05-01&to=2026-06-30&grain=day&filter=${filter}`,
    );
    await ready(page, 'explore-results');
    await page.locator('[data-testid=target-callout]').waitFor();
    await dashboard.screenshot(page, '09-explore-target-line');
    await context.close();
  });

  it('compares channels, campaigns and creators, sortable', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/compare/channels`);
    await ready(page, 'compare-results');
    await dashboard.screenshot(page, '10-compare-channels');
    await page.locator('[data-testid=compare-tab-creators]').click();
    await ready(page, 'compare-results');
    const headers = page.locator('[data-testid=compare-table] thead th');
    await expect(headers.nth(1).textContent()).resolves.toContain('Tier');
    // Sort by spend ascending, then descending.
    await page
      .locator('[data-testid=compare-table] thead')
      .getByRole('button', { name: 'Spend', exact: true })
      .click();
    await page.waitForURL(/sort=spend/);
    await ready(page, 'compare-results');
    await dashboard.screenshot(page, '11-compare-creators');
    await context.close();
  });

  it('uploads a platform export, previews it with its rows counted, and loads it', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}${ws}/imports`);
    await page
      .locator('[data-testid=upload-input]')
      .setInputFiles(path.join(REPO_ROOT, 'packages/importers/fixtures/ocean-engine-units-gb18030.csv'));
    const preview = page.locator('[data-testid=import-preview]');
    await preview.waitFor({ timeout: 30_000 });
    await expect(preview.locator('[data-testid=file-accepted]').textContent()).resolves.toBe('3');
    await expect(preview.locator('[data-testid=detected-platform]').textContent()).resolves.toMatch(/ocean/i);
    await dashboard.screenshot(page, '12-import-preview');
    await page.locator('[data-testid=confirm-import]').click();
    await page.locator('[data-testid=import-loaded]').waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=import-loaded]').textContent()).resolves.toContain('3');
    await dashboard.screenshot(page, '13-import-loaded');
    await context.close();
  });

  it('shows the catalog in both languages and checks a custom KPI formula as it is typed', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}${ws}/catalog`);
    await page.locator('[data-testid=kpi-ctr]').waitFor();
    await expect(page.locator('[data-testid=kpi-ctr]').textContent()).resolves.toContain('点击率');
    await dashboard.screenshot(page, '14-catalog');
    await page.locator('[data-testid=new-kpi]').click();
    await page.locator('[data-testid=kpi-formula]').fill('spend / clickz');
    await page.locator('[data-testid=formula-problem]').first().waitFor();
    await expect(page.locator('[data-testid=save-kpi]').isDisabled()).resolves.toBe(true);
    await dashboard.screenshot(page, '15-kpi-editor');
    await context.close();
  });

  it('lets a viewer read but not edit: no edit controls, and the API refuses', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await ready(page, 'overview');
    await expect(page.locator('[data-testid=nav-settings]').count()).resolves.toBe(0);
    await page.goto(`${dashboard.url}${ws}/imports`);
    await page.locator('[data-testid=viewer-note]').waitFor();
    await expect(page.locator('[data-testid=upload-input]').count()).resolves.toBe(0);
    await dashboard.screenshot(page, '16-viewer-imports');
    await page.goto(`${dashboard.url}${ws}/catalog`);
    await page.locator('[data-testid=kpi-list]').waitFor();
    await expect(page.locator('[data-testid=new-kpi]').count()).resolves.toBe(0);

    // The API refuses the same changes from the viewer's own browser session.
    const statuses = await page.evaluate(async (workspace) => {
      const csrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('markpi_csrf='))
          ?.slice(12) ?? '',
      );
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const put = await fetch(`/api/workspaces/${workspace}/kpis/my_kpi`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          name: { en: 'x', zh: 'x' },
          description: { en: 'x', zh: 'x' },
          formula: 'spend / clicks',
          unit: 'currency',
          direction: 'down',
          aggregation: 'ratio',
        }),
      });
      const link = await fetch(`/api/workspaces/${workspace}/share-links`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      return [put.status, link.status];
    }, DEMO_WORKSPACE);
    expect(statuses).toEqual([403, 403]);
    await context.close();
  });

  it('lets an editor set a target from a suggestion, see its SMART check, and change it as a new version', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    const api = await dashboard.api('editor');
    await page.goto(`${dashboard.url}${ws}/targets`);
    await page.locator('[data-testid=targets-table]').waitFor();
    await page.locator('[data-testid=new-target]').click();
    const form = page.locator('[data-testid=target-form]');
    await form.waitFor();

    // Conversions on Douyin in December 2026, suggested from December 2025.
    await form.locator('[data-testid=kpi-option-conversions]').check();
    await form.locator('[data-testid=target-channel] option[value=douyin]').waitFor({ state: 'attached' });
    await form.locator('[data-testid=target-channel]').selectOption('douyin');
    await form.locator('[data-testid=target-from]').fill('2026-12-01');
    await form.locator('[data-testid=target-to]').fill('2026-12-31');
    await form.locator('[data-testid=target-goal]').fill('Grow Douyin conversions for Double 12');
    await form.locator('[data-testid=target-owner]').fill('Growth team');
    await form.locator('[data-testid=suggest-target]').click();
    const suggested = form.locator('[data-testid=target-suggestion] [data-testid=suggested-value]');
    await suggested.waitFor({ timeout: 30_000 });
    await expect(form.locator('[data-testid=suggestion-basis]').getAttribute('data-kind')).resolves.toBe(
      'same_period_last_year',
    );
    const suggestedValue = Number(await suggested.getAttribute('data-value'));
    expect(suggestedValue).toBeGreaterThan(0);
    const filter = "channel = 'douyin'";
    const answer = await api.json<{ suggestion: { value: number } | null }>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/targets/suggest?kpi=conversions&from=2026-12-01&to=2026-12-31&filter=${encodeURIComponent(filter)}&basis=auto&growth=10%25`,
    );
    expect(answer.suggestion?.value).toBe(suggestedValue);
    // The suggestion fills the value field; it is what gets saved.
    const typedFirst = await form.locator('[data-testid=target-value]').inputValue();
    expect(Number(typedFirst)).toBe(suggestedValue);
    await dashboard.screenshot(page, '23-target-form-suggested');

    await form.locator('[data-testid=save-target]').click();
    const saved = page.locator('[data-testid=target-saved]');
    await saved.waitFor({ timeout: 30_000 });
    const href = (await saved.locator('a').getAttribute('href')) ?? '';
    const id = decodeURIComponent(href.split('/targets/')[1] ?? '');
    expect(id).toMatch(/^conversions-douyin-2026-12-01/);
    // Its SMART check, a rating and a reason per letter, and the target in the list.
    const check = page.locator('[data-testid=smart-check]');
    await check.waitFor({ timeout: 30_000 });
    expect(['pass', 'warn', 'fail']).toContain(await check.getAttribute('data-overall'));
    await expect(check.locator('.smart-letters li').count()).resolves.toBe(5);
    for (const letter of ['specific', 'measurable', 'attainable', 'relevant', 'time_bound']) {
      const entry = check.locator(`[data-testid=smart-${letter}]`);
      expect(['pass', 'warn', 'fail']).toContain(await entry.getAttribute('data-rating'));
      expect(((await entry.locator('.muted').textContent()) ?? '').length).toBeGreaterThan(0);
    }
    const listed = page.locator(`[data-testid=targets-table] [data-testid="target-link-${id}"]`);
    await listed.waitFor();
    await expect(page.locator('[data-testid=targets-table] tr.row-highlight').count()).resolves.toBe(1);
    await dashboard.screenshot(page, '24-target-saved-smart');

    interface StoredTarget {
      current: {
        version: number;
        reason?: string;
        target: { value: number; scope: { filter?: string; label: string }; goal?: string; owner?: string };
      };
      versions: unknown[];
    }
    const created = await api.json<StoredTarget>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/targets/${encodeURIComponent(id)}`,
    );
    expect(created.current.version).toBe(1);
    expect(created.current.target.value).toBe(Number(typedFirst));
    expect(created.current.target.scope).toEqual({ filter, label: 'Douyin' });
    expect(created.current.target.goal).toBe('Grow Douyin conversions for Double 12');

    // Edit on the target's page: a period the server refuses is reported at the period.
    await listed.click();
    await page.locator('[data-testid=pace-summary]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=edit-target]').click();
    const edit = page.locator('[data-testid=target-form]');
    await edit.waitFor();
    const typed = String(Math.round(suggestedValue * 1.25));
    await edit.locator('[data-testid=target-value]').fill(typed);
    await edit.locator('[data-testid=target-reason]').fill('Double 12 moved into the plan');
    await edit.locator('[data-testid=target-to]').fill('2026-11-15');
    await edit.locator('[data-testid=save-target]').click();
    const periodProblem = edit.locator('[data-testid=target-period] [data-testid=field-problems]');
    await periodProblem.waitFor();
    await expect(periodProblem.textContent()).resolves.toContain('the period must not end before it starts');
    // Beside the Save button too, named by its field: the period may be scrolled out of sight.
    await expect(edit.locator('[data-testid=target-form-error]').textContent()).resolves.toContain(
      'Period: the period must not end before it starts',
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await dashboard.screenshot(page, '25-target-form-server-error');

    await edit.locator('[data-testid=target-to]').fill('2026-12-31');
    await edit.locator('[data-testid=save-target]').click();
    await page.locator('[data-testid=target-saved]').waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=target-saved]').textContent()).resolves.toContain('version 2');
    await expect(page.locator('[data-testid=target-form]').count()).resolves.toBe(0);
    await page.locator('[data-testid=target-version]', { hasText: 'version 2' }).waitFor();
    await page.locator('[data-testid=smart-check]').waitFor({ timeout: 30_000 });
    await dashboard.screenshot(page, '26-target-edited');

    const changed = await api.json<StoredTarget>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}/targets/${encodeURIComponent(id)}`,
    );
    expect(changed.current.version).toBe(2);
    expect(changed.current.target.value).toBe(Number(typed));
    expect(changed.current.reason).toBe('Double 12 moved into the plan');
    expect(changed.versions).toHaveLength(2);

    // The form in Chinese.
    await page.locator('[data-testid=language-zh-CN]').click();
    await page.locator('[data-testid=edit-target]').click();
    await expect(page.locator('[data-testid=save-target]').textContent()).resolves.toBe('保存为第 3 版');
    await page.locator('[data-testid=suggest-target]').click();
    await page.locator('[data-testid=target-suggestion] [data-testid=suggested-value]').waitFor();
    await expect(page.locator('[data-testid=suggestion-basis]').textContent()).resolves.toContain('去年同期');
    await page.evaluate(() => window.scrollTo(0, 0));
    await dashboard.screenshot(page, '27-target-form-zh');
    await context.close();
  });

  it('sets a target for every campaign of a scorecard at once and scores them, in both languages', async () => {
    interface Card {
      entities: {
        entity: string;
        score: number | null;
        kpis: { kpi: string; status: string; target: number | null; basis?: string; targetSource?: string }[];
      }[];
    }
    const april = 'sfrom=2026-04-01&sto=2026-04-30';
    const api = await dashboard.api('admin');
    const cardOf = (query: string) =>
      api.json<Card>(
        'GET',
        `/api/workspaces/${DEMO_WORKSPACE}/scorecards?template=promotion&from=2026-04-01&to=2026-04-30&${query}`,
      );

    // English: April by campaign, nothing scored against baselines, so no campaign has a score yet.
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/targets?template=promotion&by=campaign&${april}&sbase=none`);
    // The first scorecard of the run (every campaign's KPIs over April) is planned and read while
    // the other test files hold the cores: the first-load wait the other files give a page.
    await page.locator('[data-testid=scorecard-table]').waitFor({ timeout: 60_000 });
    const before = await cardOf('by=campaign&baseline=none');
    expect(before.entities.filter((entity) => entity.score !== null)).toEqual([]);
    await page.locator('[data-testid=bulk-targets-open]').click();
    await page.locator('[data-testid=bulk-kpi]').selectOption('roi');
    await page.locator('[data-testid=bulk-value]').fill('1.5');
    await page.locator('[data-testid=bulk-save]').click();
    // Saving plans every campaign's baseline first: it waits as long as the first load.
    await page.locator('[data-testid=bulk-saved]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-testid=bulk-saved]').textContent()).resolves.toMatch(
      /\d+ targets? saved/,
    );
    const after = await cardOf('by=campaign&baseline=none');
    const scored = after.entities.filter((entity) => entity.score !== null);
    expect(scored.length).toBeGreaterThan(0);
    for (const entity of scored)
      expect(entity.kpis.find((kpi) => kpi.kpi === 'roi')).toMatchObject({
        status: 'scored',
        target: 1.5,
        basis: 'target',
        targetSource: `target roi-${entity.entity}-2026-04-01`,
      });
    // The table shows a rank for exactly the campaigns the API scored.
    await page
      .locator('[data-testid=scorecard-table] .kpi-score-scored')
      .first()
      .waitFor({ timeout: 30_000 });
    const ranked = await page
      .locator('[data-testid=scorecard-table] tbody tr')
      .evaluateAll((rows) => rows.filter((row) => row.textContent?.includes('#')).length);
    expect(ranked).toBe(scored.length);
    await dashboard.screenshot(page, '28-bulk-targets');
    await context.close();

    // Chinese: by channel, each channel's impressions from its own previous period + 10%; KPIs
    // without a target are scored against their own history and say so in Chinese.
    const zh = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(zh.page, 'admin');
    await zh.page.goto(
      `${dashboard.url}${ws}/targets?template=promotion&by=channel&${april}&sbase=own_history`,
    );
    await zh.page.locator('[data-testid=scorecard-table]').waitFor({ timeout: 30_000 });
    await zh.page.locator('[data-testid=bulk-targets-open]').click();
    await zh.page.locator('[data-testid=bulk-kpi]').selectOption('impressions');
    await zh.page.locator('[data-testid=bulk-mode]').selectOption('baseline');
    await zh.page.locator('[data-testid=bulk-uplift]').fill('10');
    await zh.page.locator('[data-testid=bulk-save]').click();
    await expect(zh.page.locator('[data-testid=bulk-saved]').textContent()).resolves.toMatch(
      /已保存 \d+ 个目标/,
    );
    const channels = await cardOf('by=channel&baseline=own_history');
    const impressions = channels.entities.map((entity) =>
      entity.kpis.find((kpi) => kpi.kpi === 'impressions'),
    );
    expect(impressions.filter((kpi) => kpi?.basis === 'target').length).toBeGreaterThan(0);
    expect(channels.entities.some((entity) => entity.kpis.some((kpi) => kpi.basis === 'own_history'))).toBe(
      true,
    );
    await zh.page.locator('[data-testid=score-basis]').first().waitFor({ timeout: 30_000 });
    await expect(zh.page.locator('[data-testid=score-basis]').first().textContent()).resolves.toContain(
      '对比自身历史',
    );
    await dashboard.screenshot(zh.page, '29-bulk-targets-zh');
    await zh.context.close();
  }, 150_000);

  it('shows a viewer the targets but no way to set or change one', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'viewer');
    await page.goto(`${dashboard.url}${ws}/targets`);
    await page.locator('[data-testid=targets-table]').waitFor();
    await expect(page.locator('[data-testid=new-target]').count()).resolves.toBe(0);
    await page.locator('[data-testid=targets-table] a').first().click();
    await page.locator('[data-testid=pace-summary]').waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=edit-target]').count()).resolves.toBe(0);
    const status = await page.evaluate(async (workspace) => {
      const csrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('markpi_csrf='))
          ?.slice(12) ?? '',
      );
      const response = await fetch(`/api/workspaces/${workspace}/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          kpi: 'conversions',
          period: { from: '2026-12-01', to: '2026-12-31' },
          value: 1,
        }),
      });
      return response.status;
    }, DEMO_WORKSPACE);
    expect(status).toBe(403);
    await context.close();
  });

  it('opens a share link read-only, refuses everything else with its token, and stops when revoked', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/settings/shareLinks`);
    await page.locator('input[aria-label=Label]').fill('Agency weekly');
    await page.locator('[data-testid=create-link]').click();
    const link = await page.locator('[data-testid=created-link]').inputValue();
    expect(link).toMatch(/\/share\/[^/]+$/);
    await page.locator('[data-testid=links-table]').waitFor();
    await dashboard.screenshot(page, '17-settings-share-links');

    const shared = await dashboard.browser.newContext({
      viewport: { width: 1366, height: 768 },
      reducedMotion: 'reduce',
    });
    const guest = await shared.newPage();
    await guest.goto(link);
    await ready(guest, 'overview');
    await guest.locator('[data-testid=read-only-badge]').waitFor();
    await expect(guest.locator('nav a').count()).resolves.toBe(0);
    await expect(guest.locator('[data-testid=logout]').count()).resolves.toBe(0);
    await dashboard.screenshot(guest, '18-share-view');
    const token = link.split('/share/')[1]!;
    const refused = await guest.evaluate(
      async ({ token, workspace }) => {
        const asToken = await fetch(`/api/share/${token}/query`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        const workspaceData = await fetch(`/api/workspaces/${workspace}/overview`);
        const imports = await fetch(`/api/share/${token}/imports`);
        return [asToken.status, workspaceData.status, imports.status];
      },
      { token, workspace: DEMO_WORKSPACE },
    );
    expect(refused[0]).toBeGreaterThanOrEqual(400);
    expect(refused[1]).toBe(401);
    expect(refused[2]).toBe(404);

    await page.locator('[data-testid=revoke-link]').first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=revoke-link]').length === 0);
    await guest.reload();
    await guest.locator('[data-testid=empty-state]').waitFor();
    await expect(guest.locator('[data-testid=empty-state]').textContent()).resolves.toContain('revoked');
    await shared.close();

    await page.locator('[data-testid=settings-tab-audit]').click();
    await page.locator('[data-testid=audit-table]').waitFor();
    // The action by its name; its id stays in the cell's title.
    await expect(page.locator('[data-testid=audit-table]').textContent()).resolves.toContain(
      'Share link revoked',
    );
    await expect(
      page.locator('[data-testid=audit-table] [title="share_link.revoke"]').count(),
    ).resolves.toBeGreaterThan(0);
    await dashboard.screenshot(page, '19-settings-audit');
    await page.locator('[data-testid=settings-tab-members]').click();
    await page.locator('[data-testid=members-table]').waitFor();
    await dashboard.screenshot(page, '20-settings-members');
    await context.close();
  });

  it('opens a board link’s board with the API’s numbers, an Explore link’s question within its scope, and never the overview', async () => {
    const admin = await dashboard.api('admin');
    const api = `/api/workspaces/${DEMO_WORKSPACE}`;
    const { period } = await admin.json<{ period: { from: string; to: string } }>('GET', `${api}/overview`);
    const tile = await admin.json<{ id: string }>('POST', `${api}/views`, {
      name: 'Spend, 30 days',
      kpis: ['spend'],
      ...period,
      compare: 'previous',
    });
    const table = await admin.json<{ id: string }>('POST', `${api}/views`, {
      name: 'Spend by channel',
      kpis: ['spend'],
      dimensions: ['channel'],
      ...period,
      grain: 'total',
      chart: 'table',
    });
    const board = await admin.json<{ id: string }>('POST', `${api}/boards`, {
      name: 'Agency board',
      shared: true,
      views: [tile.id, table.id],
    });

    // A board-only link, made on the settings page: the board is offered among the link's pages.
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'admin');
    await page.goto(`${dashboard.url}${ws}/settings/shareLinks`);
    await page.locator('input[aria-label=Label]').fill('Agency board only');
    await page.locator(`[data-testid="link-page-board:${board.id}"]`).check();
    await page.locator('[data-testid=link-page-overview]').uncheck();
    await page.locator('[data-testid=create-link]').click();
    const boardLink = await page.locator('[data-testid=created-link]').inputValue();
    const boardToken = boardLink.split('/share/')[1]!;
    await context.close();

    const shared = await dashboard.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const guest = await shared.newPage();
    await guest.goto(boardLink);
    await ready(guest, 'shared-board');
    await expect(guest.locator('[data-testid=share-tabs]').count()).resolves.toBe(0);
    interface BoardAnswer {
      cards: { view: string; tile?: { value: number | null }; rows?: Record<string, unknown>[] }[];
    }
    const answer = (await guest.evaluate(
      async ({ token, id }) => (await fetch(`/api/share/${token}/boards/${id}`)).json(),
      { token: boardToken, id: board.id },
    )) as BoardAnswer;
    const spend = answer.cards.find((card) => card.view === tile.id)?.tile?.value;
    expect(spend).toBeGreaterThan(0);
    const cards = guest.locator('[data-testid=board-card]');
    await expect(
      cards.nth(0).locator('[data-testid=board-card-value]').getAttribute('data-value'),
    ).resolves.toBe(String(spend));
    const channels = answer.cards.find((card) => card.view === table.id)?.rows ?? [];
    expect(channels.length).toBeGreaterThan(1);
    await expect(cards.nth(1).locator('[data-testid=board-card-table] tbody tr').count()).resolves.toBe(
      Math.min(channels.length, 8),
    );
    await dashboard.screenshot(guest, '18b-share-board');
    // The overview asked in the URL is not shown, and its route refuses the link.
    await guest.goto(`${boardLink}?page=overview`);
    await ready(guest, 'shared-board');
    await expect(guest.locator('[data-testid=overview]').count()).resolves.toBe(0);
    const overviewStatus = await guest.evaluate(
      async (token) => (await fetch(`/api/share/${token}/overview`)).status,
      boardToken,
    );
    expect(overviewStatus).toBe(403);

    // Explore and the board on Douyin alone: two tabs, the scope said in Chinese, a question
    // answered as the link's query route answers it, Douyin's row only.
    const created = await admin.json<{ path: string; token: string }>('POST', `${api}/share-links`, {
      label: 'Douyin desk',
      scope: { channels: ['douyin'] },
      pages: ['explore', `board:${board.id}`],
    });
    await guest.goto(`${dashboard.url}${created.path}`);
    await guest.locator('[data-testid=share-tabs]').waitFor();
    await expect(guest.locator('[data-testid=share-tabs] button').allTextContents()).resolves.toEqual([
      'Explore',
      'Agency board',
    ]);
    await guest.locator('[data-testid=language-zh-CN]').click();
    await expect(guest.locator('[data-testid=scope-chip]').textContent()).resolves.toBe('范围：抖音');
    await guest.locator('[data-testid=shared-explore]').waitFor();
    await guest.locator('[data-testid=dimension-chips] [title=channel]').click();
    await guest.locator('[data-testid=run-query]').click();
    await guest.waitForURL(/dims=channel/);
    await ready(guest, 'explore-results');
    const asked = new URL(guest.url()).searchParams;
    const result = (await guest.evaluate(
      async ({ token, from, to }) =>
        (
          await fetch(
            `/api/share/${token}/query?kpis=spend,conversions,roas&dimensions=channel&grain=total&from=${from}&to=${to}`,
          )
        ).json(),
      { token: created.token, from: asked.get('from') ?? '', to: asked.get('to') ?? '' },
    )) as QueryResult;
    expect(result.rows.map((row) => row.channel)).toEqual(['douyin']);
    await expect(
      guest.locator('[data-testid=result-table] [data-testid=cell-spend]').getAttribute('data-value'),
    ).resolves.toBe(String(result.rows[0]?.spend));
    await dashboard.screenshot(guest, '18c-share-explore-zh');
    await guest.locator('[data-testid=share-tab-board]').click();
    await ready(guest, 'shared-board');
    await shared.close();
  });

  it('gives a user of workspace B nothing of workspace A', async () => {
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'ownerB');
    expect(page.url()).toContain(`/workspaces/${OTHER_WORKSPACE}/`);
    const options = await page.locator('[data-testid=workspace-switcher] option').allTextContents();
    expect(options).toEqual(['Beta Drinks']);
    await dashboard.screenshot(page, '21-other-workspace-empty');
    await page.goto(`${dashboard.url}${ws}/overview`);
    await page.locator('[data-testid=empty-state]').waitFor();
    await expect(page.locator('[data-testid=tiles]').count()).resolves.toBe(0);
    await dashboard.screenshot(page, '22-other-workspace-denied');
    const statuses = await page.evaluate(async (workspace) => {
      const paths = [
        '',
        '/overview',
        '/catalog',
        '/imports',
        `/query?kpis=spend&from=2026-01-01&to=2026-01-31`,
      ];
      return Promise.all(
        paths.map(async (suffix) => (await fetch(`/api/workspaces/${workspace}${suffix}`)).status),
      );
    }, DEMO_WORKSPACE);
    expect(statuses).toEqual([404, 404, 404, 404, 404]);
    await context.close();
  });
});
