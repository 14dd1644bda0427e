import { say } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../testing/csv-adapter.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

// No platform covers this sheet: the upload's preview fails, and a mapping is the way in.
const SHEET = {
  name: 'shop-campaigns.csv',
  content: `Date,Campaign,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY)
2026-03-01,Spring Launch,96,4820.50,2.28%,1,310.40
2026-03-01,Newsletter,51,2210.00,2.83%,0,0
2026-03-02,Spring Launch,88,4402.10,2.21%,1,322.90
`,
};

describe('mapping suggestions and dry runs over HTTP', () => {
  let harness: Harness;
  let editor: TestClient;
  let importId: string;
  beforeAll(async () => {
    harness = await createHarness();
    editor = await harness.as('editorA');
    const form = multipart([SHEET]);
    const uploaded = await editor.request('POST', '/api/workspaces/alpha/imports', form.body, {
      headers: { 'content-type': form.contentType },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const record = uploaded.json().import;
    expect(record.status).toBe('preview_failed');
    expect(record.error.code).toBe('import.unknown_source');
    importId = record.id;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('suggests a mapping with classes, reasons and questions in English and Chinese', async () => {
    const response = await editor.get(`/api/workspaces/alpha/imports/${importId}/mapping-suggestion`);
    expect(response.statusCode, response.body).toBe(200);
    const [file] = response.json().files;
    expect(file.mapping).toEqual({
      name: 'shop-campaigns',
      target: 'performance',
      columns: {
        Date: 'date',
        Campaign: 'campaign',
        Orders: 'conversions',
        'Revenue (CNY)': 'conversion_value',
        'Spend (CNY)': 'spend',
      },
      currency: 'CNY',
    });
    const paid = file.columns.find((column: { header: string }) => column.header === 'Paid');
    expect(paid).toMatchObject({ class: 'flag', field: null });
    expect(paid.reason.en).toBe('only “1”, “0”: a yes/no flag, not a count');
    expect(paid.reason.zh).toBe('只有 “1”、“0”:是/否标记,不是计数');
    const rate = file.columns.find((column: { header: string }) => column.header === 'Conversion Rate');
    expect(rate).toMatchObject({ class: 'rate', field: null, sure: true });
    expect(file.questions.map((question: { key: string }) => question.key)).toEqual([
      'mapping.question.channel',
    ]);
  });

  it('dry-runs an edited mapping: first rows as stored and totals, nothing written', async () => {
    const suggested = (
      await editor.get(`/api/workspaces/alpha/imports/${importId}/mapping-suggestion`)
    ).json();
    const mapping = { ...suggested.files[0].mapping, channel: 'meta' };
    const before = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-03-01&to=2026-03-02')
    ).json();
    const response = await editor.post(`/api/workspaces/alpha/imports/${importId}/mapping-preview`, {
      mapping,
    });
    expect(response.statusCode, response.body).toBe(200);
    const [file] = response.json().files;
    expect(file).toMatchObject({ status: 'dry_run', rowsAccepted: 3, rowsRejected: 0 });
    const [table] = file.tables;
    expect(table.table).toBe('fact_performance');
    expect(table.rows[2]).toMatchObject({
      date: '2026-03-02',
      channel: 'meta',
      campaign: 'Spring Launch',
      conversions: 88,
      spend: 322.9,
    });
    // By hand: 96 + 51 + 88 orders, 310.40 + 0 + 322.90 spent.
    expect(table.totals.conversions).toBe(235);
    expect(table.totals.spend).toBeCloseTo(633.3, 9);
    const after = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-03-01&to=2026-03-02')
    ).json();
    expect(after.rows).toEqual(before.rows);
  });

  it('gives each row a dry run rejects its message, to say it in the reader’s language', async () => {
    const suggested = (
      await editor.get(`/api/workspaces/alpha/imports/${importId}/mapping-suggestion`)
    ).json();
    const { Orders: _orders, ...columns } = suggested.files[0].mapping.columns;
    // The campaign's name read as the orders: no row has a number there.
    const mapping = {
      ...suggested.files[0].mapping,
      channel: 'meta',
      columns: { ...columns, Campaign: 'conversions' },
    };
    const response = await editor.post(`/api/workspaces/alpha/imports/${importId}/mapping-preview`, {
      mapping,
    });
    expect(response.statusCode, response.body).toBe(200);
    const [file] = response.json().files;
    expect(file.rowsRejected).toBe(3);
    const [first] = file.rejected;
    expect(first.said.key).toMatch(/^import\.reason\./);
    expect(say(first.said, 'en')).toBe(first.reason);
    expect(say(first.said, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a mapping with problems, naming them', async () => {
    const response = await editor.post(`/api/workspaces/alpha/imports/${importId}/mapping-preview`, {
      mapping: { name: 'x', target: 'performance', columns: { Orders: 'orderz' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('import.mapping_invalid');
    expect(response.body).toContain('orderz');
  });

  it('keeps a mapping with the upload: previewed again with it, then loaded with it on confirm', async () => {
    const suggested = (
      await editor.get(`/api/workspaces/alpha/imports/${importId}/mapping-suggestion`)
    ).json();
    const mapping = { ...suggested.files[0].mapping, channel: 'meta' };
    const kept = await editor.request('PUT', `/api/workspaces/alpha/imports/${importId}/mapping`, {
      mapping,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const record = kept.json().import;
    expect(record.status).toBe('previewed');
    expect(record.report.files[0]).toMatchObject({ accepted: 3, rejected: 0 });
    const before = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-03-01&to=2026-03-02')
    ).json();
    const confirmed = await editor.post(`/api/workspaces/alpha/imports/${importId}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().import.status).toBe('imported');
    const after = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-03-01&to=2026-03-02')
    ).json();
    // By hand: the workspace's own spend on those days plus 310.40 + 0 + 322.90.
    expect(after.rows[0].spend - (before.rows[0]?.spend ?? 0)).toBeCloseTo(633.3, 6);
  });

  it('viewers may not ask', async () => {
    const viewer = await harness.as('viewerA');
    const response = await viewer.get(`/api/workspaces/alpha/imports/${importId}/mapping-suggestion`);
    expect(response.statusCode).toBe(403);
  });
});
