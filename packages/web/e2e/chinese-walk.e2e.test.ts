/**
 * The dashboard in Chinese says nothing in English: every page of the demo workspace, and a few
 * error states (a refused period, a weak password), opened in headless Chromium with the
 * language set to Chinese; the visible text of each is read and every
 * Latin-letter word in it must be a proper name, a KPI abbreviation or a unit on the short
 * allow-list below, or a name the data itself holds (a campaign, a creator, an account, an
 * experiment: what people typed, not what the product says). Raw ids (`ch_…`, uuid-like,
 * snake_case tokens) fail wherever they stand.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

const ws = `/workspaces/${DEMO_WORKSPACE}`;

/** A small Juguang export (Chinese headers, as the platform writes them) whose second row's spend is a word. */
const JUGUANG_WITH_A_REFUSED_ROW = [
  '时间,计划名称,单元名称,消费,展现量,点击量,点击率,互动量,点赞,收藏,评论,关注,分享,线索数',
  '2026-05-01,防晒种草,单元-女性,1500.8,"60,000",1800,3.00%,450,300,80,40,20,10,6',
  '2026-05-02,防晒种草,单元-女性,很多,"58,000",1750,3.02%,430,290,75,38,18,9,5',
  '',
].join('\n');

/**
 * Words a Chinese screen may show in Latin letters. Proper names (platforms, the product,
 * delivery services), KPI abbreviations the Chinese trade writes in Latin letters, and units.
 * Kept short: anything else is a word the dashboard has not translated.
 */
const ALLOWED = new Set(
  [
    // Proper names: platforms and services as their own Chinese pages write them.
    'markpi',
    'Meta',
    'Google',
    'Ads',
    'Analytics',
    'TikTok',
    'Shopify',
    'WeCom',
    'Slack',
    'SMTP',
    'Webhook',
    // KPI abbreviations and model names.
    'CTR',
    'CPM',
    'CPC',
    'CPA',
    'CPE',
    'CVR',
    'ROAS',
    'ROI',
    'GMV',
    'AOV',
    'LTV',
    'CAC',
    'KOL',
    'KOS',
    'KOC',
    'KOX',
    'O-5A',
    'BG/NBD',
    'NBD',
    'UV',
    'PV',
    'SMART',
    'Markov',
    'Shapley',
    // Files, formats and units.
    'CSV',
    'XLSX',
    'API',
    'ID',
    'CNY',
    'USD',
    'B',
    'kB',
    'MB',
    'pp',
    'PNG',
    // The language switch names the other language by its own abbreviation.
    'EN',
    'GA4',
    'KPI',
    'SEO',
  ].map((word) => word.toLowerCase()),
);

/**
 * Lines still in English that another piece of work is putting into Chinese, each with what it
 * waits for. Kept out of the findings so the test guards everything else meanwhile; take a line
 * out when its words are translated.
 */
const AWAITING: readonly RegExp[] = [];

/** Raw ids: a channel id with its prefix, a uuid's first group, a snake_case token. */
const RAW_ID = /\b(?:ch_[a-z0-9_]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g;
/** A word in Latin letters, with the inner marks names use (O-5A, BG/NBD, A.I.). */
const LATIN_WORD = /[A-Za-z][A-Za-z0-9]*(?:[-/.'’][A-Za-z0-9]+)*/g;

export interface Finding {
  word: string;
  line: string;
}

/**
 * What a Chinese screen's text says that it should not: raw ids, then Latin words that are
 * neither allowed nor part of a name the data holds. `names` are removed from the text first
 * (longest first, so "Always-on performance · 抖音 常规投放" goes whole).
 */
export function untranslated(text: string, names: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const sorted = [...names].filter((name) => name.length > 0).sort((a, b) => b.length - a.length);
  for (const rawLine of text.split('\n')) {
    if (AWAITING.some((pattern) => pattern.test(rawLine.trim()))) continue;
    let line = rawLine;
    for (const name of sorted) if (line.includes(name)) line = line.split(name).join(' ');
    for (const match of line.matchAll(RAW_ID)) findings.push({ word: match[0], line: rawLine.trim() });
    const withoutIds = line.replace(RAW_ID, ' ');
    for (const match of withoutIds.matchAll(LATIN_WORD)) {
      const word = match[0];
      // A digit-led token (2026-05, 1.2k) never starts a match; a letter glued to a digit (A1, Q2)
      // is a label, and a letter alone is an initial or a mark (an avatar's, a multiple's ×).
      if (/^[A-Za-z][0-9]?(?:\/[A-Za-z][0-9]?)*$/.test(word)) continue;
      if (!ALLOWED.has(word.toLowerCase())) findings.push({ word, line: rawLine.trim() });
    }
  }
  return findings;
}

describe('the Latin-word check', () => {
  it('allows names, abbreviations, units and the data’s own names, and nothing else', () => {
    expect(untranslated('点击率 CTR 2.1%，ROAS 3.4，消耗 12.3 万 CNY', [])).toEqual([]);
    expect(
      untranslated('Always-on performance · 抖音 常规投放 的消耗', ['Always-on performance · 抖音 常规投放']),
    ).toEqual([]);
    expect(untranslated('季度 Q2，阶段 A3，从 A1/A2 流转', [])).toEqual([]);
    expect(untranslated('导入失败：unknown channel', []).map((finding) => finding.word)).toEqual([
      'unknown',
      'channel',
    ]);
    expect(untranslated('渠道 ch_douyin 的 paid_conversions', []).map((finding) => finding.word)).toEqual([
      'ch_douyin',
      'paid_conversions',
    ]);
    expect(untranslated('编号 3f2a9c1e-7b2d-4c1a-9e8f-0a1b2c3d4e5f', []).map((f) => f.word)).toEqual([
      '3f2a9c1e-7b2d-4c1a-9e8f-0a1b2c3d4e5f',
    ]);
  });
});

/** Waits until no spinner has shown for a moment (or 30 s pass), so the page's data is on screen. */
async function settled(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const busy = await page.locator('.spinner').count();
    if (busy > 0) quietSince = Date.now();
    else if (Date.now() - quietSince > 800) return;
    await page.waitForTimeout(200);
  }
}

/**
 * The page's visible text, leaving out what people type rather than read: the catalog's formulas
 * and KPI ids (the formula language's own words).
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'pre.formula, code.kpi-id { display: none !important; }';
    document.head.append(style);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person reads.
    const text = document.body.innerText;
    style.remove();
    return text;
  });
}

describe('the dashboard in Chinese', () => {
  let dashboard: Dashboard;
  const names: string[] = [];
  let whyWindow = '';
  const findings = new Map<string, Finding[]>();

  beforeAll(async () => {
    dashboard = await startDashboard({ performanceRows: 60_000, targets: true });
    // What people named in the data: said as typed, in whatever language they typed it.
    const { warehouse } = dashboard.demo;
    const columns = [
      ['dim_campaigns', 'name'],
      ['dim_creators', 'name'],
      ['dim_creator_accounts', 'account_name'],
      ['dim_content', 'title'],
      // Ids of campaigns, creators and posts, shown beside their names: the platforms' own.
      ['dim_campaigns', 'campaign'],
      ['dim_creators', 'creator'],
      ['dim_content', 'content'],
      ['fact_search_results', 'keyword'],
      ['fact_performance', 'account'],
      ['fact_performance', 'campaign_id'],
    ] as const;
    for (const [table, column] of columns) {
      try {
        const rows = await warehouse.query(`select distinct ${column} as value from ${table}`);
        for (const row of rows) if (typeof row.value === 'string' && row.value) names.push(row.value);
      } catch {
        // A table this demo does not have.
      }
    }
    // Accounts, workspaces and targets as their people named them.
    names.push('Lumi 露米', 'Beta Drinks', 'editor', 'viewer', 'owner-b', dashboard.admin.login);
    const api = await dashboard.api('admin');
    const me = await api.json<{ user: { displayName: string } }>('GET', '/api/me');
    names.push(me.user.displayName);
    const { targets } = await api.json<{
      targets: { target: { owner?: string; goal?: string; scope: { label: string } } }[];
    }>('GET', `/api/workspaces/${DEMO_WORKSPACE}/targets`);
    for (const { target } of targets) names.push(target.scope.label, target.owner ?? '', target.goal ?? '');
    // The last four weeks with data, for the "why?" panel's question.
    const { workspace } = await api.json<{ workspace: { dataRange: { to: string } | null } }>(
      'GET',
      `/api/workspaces/${DEMO_WORKSPACE}`,
    );
    const to = workspace.dataRange?.to ?? '2026-06-30';
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
    whyWindow = `why_from=${from}&why_to=${to}`;
  }, 300_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  /** Words a page must show, so a walk never passes over a panel that did not open. */
  const MUST_SAY: readonly (readonly [RegExp, string])[] = [[/^overview\?why=/, '驱动因素排名']];

  async function walk(page: Page, path: string, label: string): Promise<void> {
    await page.goto(`${dashboard.url}${path}`);
    await settled(page);
    const text = await visibleText(page);
    for (const [pattern, words] of MUST_SAY) if (pattern.test(label)) expect(text).toContain(words);
    const found = untranslated(text, names);
    if (found.length > 0) findings.set(label, found);
  }

  it('every page says its words in Chinese', async () => {
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'admin');
    const pages = [
      'overview',
      // The "why?" panel on a tile: drivers, findings and advice said from their keys.
      `overview?why=conversions&${whyWindow}`,
      `overview?why=roas&${whyWindow}`,
      'explore',
      'compare/channels',
      'compare/campaigns',
      'compare/creators',
      'compare/content',
      'compare/regions',
      'compare/audiences',
      'attribution',
      'creators',
      'audiences',
      'search',
      'cohorts',
      'lift',
      'targets',
      'imports',
      'catalog',
      'settings/workspace',
      'settings/members',
      'settings/shareLinks',
      'settings/audit',
      'settings/users',
      'inbox',
      'inbox/preferences',
      'incidents',
      'notifications',
      'account',
    ];
    for (const name of pages) await walk(page, `${ws}/${name}`, name);
    // Each page's words, each with the first line that holds it.
    const report = [...findings].map(([name, found]) => {
      const first = new Map<string, string>();
      for (const finding of found) if (!first.has(finding.word)) first.set(finding.word, finding.line);
      return `${name}: ${[...first].map(([word, line]) => `${word} «${line.slice(0, 120)}»`).join('; ')}`;
    });
    console.log(report.join('\n'));
    await context.close();
    expect(report).toEqual([]);
  }, 600_000);

  it('says its refusals and warnings in Chinese: a window too long, a misspelt filter, ROI typed as ROAS, a weak password, an import’s refused row and notes', async () => {
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'editor');
    const found = new Map<string, Finding[]>();
    const check = async (label: string) => {
      const words = untranslated(await visibleText(page), names);
      if (words.length > 0) found.set(label, words);
    };

    // A daily question over six years: the limit's refusal, said from its key.
    await page.goto(`${dashboard.url}${ws}/explore?kpis=spend&grain=day&from=2020-01-01&to=2026-01-31`);
    await page.locator('[role=alert]').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[role=alert]').first().textContent()).resolves.toContain(
      '按天查询最多跨 3 年',
    );
    await check('explore: window too long');

    // A filter with a misspelt dimension: Explore's filter field underlines it and says the problem and its
    // suggestion in Chinese (the text itself, the formula language's, is not checked for Latin).
    await page.goto(`${dashboard.url}${ws}/explore?kpis=spend`);
    await page.locator('[data-testid=filter-input]').fill("chanel = 'douyin'");
    const problems = page.locator('.formula-problems').first();
    await problems.waitFor({ timeout: 30_000 });
    await expect(problems.textContent()).resolves.toContain(
      '第 1 个字符：未知的名称 `chanel` — 是不是想写 `channel`？',
    );
    await expect(page.locator('[data-testid=formula-problem]').first().textContent()).resolves.toBe('chanel');

    // A platform's "ROI 3" typed on ROI, which is (GMV − spend) ÷ spend: warned in Chinese, not refused.
    await page.goto(`${dashboard.url}${ws}/targets`);
    await page.locator('[data-testid=new-target]').click();
    await page.locator('[data-testid=kpi-option-roi]').check();
    await page.locator('[data-testid=target-value]').fill('3');
    const mixUp = page.locator('[data-testid=target-value-mixup]');
    await mixUp.waitFor({ timeout: 30_000 });
    await expect(mixUp.textContent()).resolves.toContain('那是广告支出回报率 3，即投资回报率 200%');
    await check('targets: ROI typed as a platform ROI');

    // A new password people guess first.
    await page.goto(`${dashboard.url}${ws}/account`);
    await page.locator('[data-testid=password-current]').fill('editor-password-1');
    await page.locator('[data-testid=password-new]').fill('password123');
    await page.locator('[data-testid=password-repeat]').fill('password123');
    await page.locator('[data-testid=change-password]').click();
    await page.locator('.inline-error').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('.inline-error').first().textContent()).resolves.toContain('最先被猜到的密码');
    await check('account: a weak password');

    // A Xiaohongshu Juguang export with a row whose spend is a word: the preview says the refused
    // row's reason and the platform's notes from their keys.
    await page.goto(`${dashboard.url}${ws}/imports`);
    await page.locator('[data-testid=upload-input]').setInputFiles({
      name: '聚光五月.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(JUGUANG_WITH_A_REFUSED_ROW, 'utf8'),
    });
    const preview = page.locator('[data-testid=import-preview]');
    await preview.waitFor({ timeout: 30_000 });
    await expect(preview.locator('[data-testid=rejected-table]').textContent()).resolves.toContain(
      '消费：“很多”不是数字',
    );
    await expect(preview.locator('[data-testid=file-notes]').textContent()).resolves.toContain(
      '视频信息流中播放满 5 秒计为一次点击',
    );
    await check('imports: a preview with a refused row and notes');

    await context.close();
    expect(
      [...found].map(([label, words]) => `${label}: ${words.map((w) => `${w.word} «${w.line}»`).join('; ')}`),
    ).toEqual([]);
  }, 300_000);
});
