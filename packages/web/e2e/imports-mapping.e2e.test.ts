/**
 * The column-mapping editor in headless Chromium against a real server and the demo workspace,
 * in English and in Chinese: an upload no platform covers opens its suggested mapping; choosing
 * the channel and a field for one more column changes the live preview of the stored rows and
 * their totals; Save keeps the mapping with the upload, Load imports the rows; the next month's
 * file with the same columns is then read with the mapping at once, with no editor.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO_WORKSPACE, startDashboard } from './harness';

interface Sheet {
  name: string;
  content: string;
}

const csv = (name: string, content: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(content, 'utf8'),
});

async function upload(page: Page, sheet: Sheet): Promise<void> {
  await page.locator('[data-testid=upload-input]').setInputFiles(csv(sheet.name, sheet.content));
  await page.locator('[data-testid=import-preview]').waitFor({ timeout: 30_000 });
}

/** The live preview's total of a column once it reads `value`. */
async function previewTotal(page: Page, column: string, value: number): Promise<void> {
  await page
    .locator(`[data-testid=mapping-total-${column}][data-value="${value}"]`)
    .waitFor({ timeout: 30_000 });
}

const row = (page: Page, header: string) =>
  page.locator(`[data-testid=mapping-row][data-header="${header}"]`);

describe('the column-mapping editor in Chromium', () => {
  let dashboard: Dashboard;

  beforeAll(async () => {
    dashboard = await startDashboard({ performanceRows: 21_198 });
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  async function clicksOf(campaign: string, from: string, to: string): Promise<number | null> {
    const api = await dashboard.api('viewer');
    const answer = await api.json<{ rows: Record<string, number | string | null>[] }>(
      'POST',
      `/api/workspaces/${DEMO_WORKSPACE}/query`,
      { kpis: ['clicks'], from, to, filter: `campaign = '${campaign}'` },
    );
    return (answer.rows[0]?.clicks as number | null | undefined) ?? null;
  }

  it('maps an unknown English sheet, loads it, and reads the next month with the mapping', async () => {
    const march: Sheet = {
      name: 'shop-march.csv',
      content: `Date,Campaign,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY),Visits
2026-03-01,E2E Spring,96,4820.50,2.28%,1,310.40,4210
2026-03-01,E2E Newsletter,51,2210.00,2.83%,0,0,1802
2026-03-02,E2E Spring,88,4402.10,2.21%,1,322.90,3980
`,
    };
    const april: Sheet = {
      name: 'shop-april.csv',
      content: `Date,Campaign,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY),Visits
2026-04-01,E2E Spring,70,3500.00,2.00%,1,290.00,3000
2026-04-02,E2E Spring,75,3600.00,2.10%,1,301.25,3100
`,
    };
    const { context, page } = await dashboard.newPage();
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}/workspaces/${DEMO_WORKSPACE}/imports`);
    await upload(page, march);
    await expect(page.locator('[data-testid=import-preview]').getAttribute('data-status')).resolves.toBe(
      'preview_failed',
    );

    const editor = page.locator('[data-testid=mapping-editor]');
    await editor.waitFor({ timeout: 30_000 });
    await expect(editor.locator('h2').textContent()).resolves.toBe('Map the columns');
    // The suggester's draft: the rate and the flag left out, with its reasons in English.
    await expect(row(page, 'Orders').locator('[data-testid=mapping-field]').inputValue()).resolves.toBe(
      'conversions',
    );
    await expect(
      row(page, 'Conversion Rate').locator('[data-testid=mapping-field]').inputValue(),
    ).resolves.toBe('');
    await expect(row(page, 'Paid').locator('td').nth(1).textContent()).resolves.toBe('yes/no flag');
    await expect(row(page, 'Visits').locator('[data-testid=mapping-question]').count()).resolves.toBe(1);

    await editor.locator('[data-testid=mapping-channel]').selectOption('meta');
    // By hand: spend 310.40 + 0 + 322.90; no column gives clicks yet.
    await previewTotal(page, 'spend', 633.3);
    await expect(page.locator('[data-testid=mapping-total-clicks]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=mapping-counts]').textContent()).resolves.toBe(
      '3 rows accepted, 0 rejected',
    );

    await row(page, 'Visits').locator('[data-testid=mapping-field]').selectOption('clicks');
    // By hand: 4210 + 1802 + 3980 visits, now the clicks.
    await previewTotal(page, 'clicks', 9992);
    await expect(
      page
        .locator('[data-testid=mapping-preview-table] tbody tr')
        .first()
        .locator('[data-column=clicks]')
        .textContent(),
    ).resolves.toBe('4210');
    await dashboard.screenshot(page, 'imports-mapping-01-editor');

    await page.locator('[data-testid=mapping-save]').click();
    await page.locator('[data-testid=mapping-saved]').waitFor({ timeout: 30_000 });
    const preview = page.locator('[data-testid=import-preview]');
    await expect(preview.getAttribute('data-status')).resolves.toBe('previewed');
    await expect(preview.locator('[data-testid=file-accepted]').textContent()).resolves.toBe('3');
    await page.locator('[data-testid=confirm-import]').click();
    await page.locator('[data-testid=import-loaded]').waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid=import-loaded]').textContent()).resolves.toBe('Loaded 3 rows.');
    await expect(editor.count()).resolves.toBe(0);
    // By hand: 4210 + 3980 for E2E Spring.
    await expect(clicksOf('E2E Spring', '2026-03-01', '2026-03-02')).resolves.toBe(8190);

    await upload(page, april);
    await expect(preview.getAttribute('data-status')).resolves.toBe('previewed');
    await expect(page.locator('[data-testid=mapping-remembered]').textContent()).resolves.toContain(
      'Read with the mapping saved for files with these columns (shop-march).',
    );
    await expect(preview.locator('[data-testid=detected-platform]').textContent()).resolves.toBe(
      'mapping:shop-march',
    );
    await expect(preview.locator('[data-testid=file-accepted]').textContent()).resolves.toBe('2');
    await expect(editor.count()).resolves.toBe(0);
    await dashboard.screenshot(page, 'imports-mapping-02-remembered');
    await page.locator('[data-testid=confirm-import]').click();
    await page.locator('[data-testid=import-loaded]').waitFor({ timeout: 30_000 });
    await expect(clicksOf('E2E Spring', '2026-04-01', '2026-04-02')).resolves.toBe(6100);

    // The same file again: the preview says it was loaded, and there is nothing to load.
    await upload(page, march);
    await expect(
      preview.locator('[data-testid=file-report] .file-report-head').textContent(),
    ).resolves.toContain('already loaded');
    await expect(page.locator('[data-testid=confirm-import]').isDisabled()).resolves.toBe(true);
    await context.close();
  });

  it('does the same in Chinese with a Chinese sheet', async () => {
    const march: Sheet = {
      name: 'shop-zh.csv',
      content: `日期,活动,订单数,销售额(元),转化率,是否付费,花费(元),访客数
2026-03-01,春季上新,96,4820.50,2.28%,1,310.40,4210
2026-03-01,会员通讯,51,2210.00,2.83%,0,0,1802
2026-03-02,春季上新,88,4402.10,2.21%,1,322.90,3980
`,
    };
    const april: Sheet = {
      name: 'shop-zh-april.csv',
      content: `日期,活动,订单数,销售额(元),转化率,是否付费,花费(元),访客数
2026-04-01,春季上新,70,3500.00,2.00%,1,290.00,3000
`,
    };
    const { context, page } = await dashboard.newPage({ language: 'zh-CN' });
    await dashboard.login(page, 'editor');
    await page.goto(`${dashboard.url}/workspaces/${DEMO_WORKSPACE}/imports`);
    await upload(page, march);
    const editor = page.locator('[data-testid=mapping-editor]');
    await editor.waitFor({ timeout: 30_000 });
    await expect(editor.locator('h2').textContent()).resolves.toBe('对应列');
    await expect(row(page, '是否付费').locator('td').nth(1).textContent()).resolves.toBe('是/否标记');
    const question = await row(page, '访客数').locator('[data-testid=mapping-question]').textContent();
    expect(question).toMatch(/\p{Script=Han}/u);

    await editor.locator('[data-testid=mapping-channel]').selectOption('weibo');
    await previewTotal(page, 'spend', 633.3);
    await expect(page.locator('[data-testid=mapping-counts]').textContent()).resolves.toBe(
      '接受 3 行，拒绝 0 行',
    );
    await row(page, '访客数').locator('[data-testid=mapping-field]').selectOption('clicks');
    await previewTotal(page, 'clicks', 9992);
    await row(page, '活动').locator('[data-testid=mapping-field]').selectOption('campaign');
    await page
      .locator('[data-testid=mapping-preview-table] tbody tr')
      .first()
      .locator('[data-column=campaign]', { hasText: '春季上新' })
      .waitFor({ timeout: 30_000 });
    await dashboard.screenshot(page, 'imports-mapping-03-editor-zh');

    await page.locator('[data-testid=mapping-save]').click();
    await expect(page.locator('[data-testid=mapping-saved]').textContent()).resolves.toContain(
      '对应关系已随本次上传保存',
    );
    await page.locator('[data-testid=confirm-import]').click();
    await page.locator('[data-testid=import-loaded]').waitFor({ timeout: 30_000 });
    await expect(clicksOf('春季上新', '2026-03-01', '2026-03-02')).resolves.toBe(8190);

    await upload(page, april);
    await expect(page.locator('[data-testid=mapping-remembered]').textContent()).resolves.toContain(
      '已按为相同列的文件保存的对应关系读取（shop-zh）。',
    );
    await expect(editor.count()).resolves.toBe(0);
    await page.locator('[data-testid=confirm-import]').click();
    await page.locator('[data-testid=import-loaded]').waitFor({ timeout: 30_000 });
    await expect(clicksOf('春季上新', '2026-04-01', '2026-04-01')).resolves.toBe(3000);
    await context.close();
  });
});
