import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../testing/csv-adapter.js';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

// No platform covers this sheet; the second month of it has the same columns, moved and respelled.
const MARCH = {
  name: 'shop-march.csv',
  content: `Date,Campaign,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY)
2026-03-01,Spring Launch,96,4820.50,2.28%,1,310.40
2026-03-02,Spring Launch,88,4402.10,2.21%,1,322.90
`,
};
const APRIL = {
  name: 'shop-april.csv',
  content: `campaign,date,orders,revenue (cny),conversion rate,paid,spend (cny)
Spring Launch,2026-04-01,70,3500.00,2.00%,1,290.00
Newsletter,2026-04-01,20,900.00,1.50%,0,0
Spring Launch,2026-04-02,75,3600.00,2.10%,1,301.25
`,
};
// One column more: another shape.
const WIDER = {
  name: 'shop-wide.csv',
  content: `Date,Campaign,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY),Region
2026-04-03,Spring Launch,10,500.00,2.00%,1,30.00,East
`,
};

async function upload(
  client: TestClient,
  workspace: string,
  file: { name: string; content: string },
  fields = {},
) {
  const form = multipart([file], fields);
  const response = await client.request('POST', `/api/workspaces/${workspace}/imports`, form.body, {
    headers: { 'content-type': form.contentType },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().import;
}

describe('mappings remembered for the next file of the same shape', () => {
  let harness: Harness;
  let editor: TestClient;
  let owner: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    editor = await harness.as('editorA');
    owner = await harness.as('ownerB');
    const first = await upload(editor, 'alpha', MARCH);
    expect(first.error.code).toBe('import.unknown_source');
    const suggested = (
      await editor.get(`/api/workspaces/alpha/imports/${first.id}/mapping-suggestion`)
    ).json();
    expect(suggested.files[0].fields).toEqual(expect.arrayContaining(['date', 'channel', 'spend', 'ignore']));
    const mapping = { ...suggested.files[0].mapping, channel: 'meta' };
    const kept = await editor.request('PUT', `/api/workspaces/alpha/imports/${first.id}/mapping`, {
      mapping,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    // Kept with the upload, not yet remembered: the load is what remembers it.
    expect((await upload(editor, 'alpha', APRIL)).status).toBe('preview_failed');
    const loaded = await editor.post(`/api/workspaces/alpha/imports/${first.id}/confirm`, {});
    expect(loaded.json().import.status).toBe('imported');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('reads the next file of that shape with the mapping, with no editing', async () => {
    const record = await upload(editor, 'alpha', APRIL);
    expect(record.status).toBe('previewed');
    expect(record.report.files[0]).toMatchObject({
      platform: 'mapping:shop-march',
      accepted: 3,
      rejected: 0,
    });
    const before = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-04-01&to=2026-04-02')
    ).json();
    const confirmed = await editor.post(`/api/workspaces/alpha/imports/${record.id}/confirm`, {});
    expect(confirmed.json().import.status).toBe('imported');
    const after = (
      await editor.get('/api/workspaces/alpha/query?kpis=spend&from=2026-04-01&to=2026-04-02')
    ).json();
    // By hand: 290.00 + 0 + 301.25 on the mapping's channel, meta.
    expect(after.rows[0].spend - (before.rows[0]?.spend ?? 0)).toBeCloseTo(591.25, 6);
  });

  it('says at preview that a file was loaded before, not after Load', async () => {
    const again = await upload(editor, 'alpha', MARCH);
    expect(again.status).toBe('previewed');
    expect(again.report.files[0]).toMatchObject({ status: 'already_imported', accepted: 0 });
    expect(again.report.files[0].notes.join(' ')).toMatch(/already imported/);
  });

  it('leaves another shape, another workspace and a named platform alone', async () => {
    expect((await upload(editor, 'alpha', WIDER)).error.code).toBe('import.unknown_source');
    expect((await upload(owner, 'beta', APRIL)).error.code).toBe('import.unknown_source');
    const named = await upload(editor, 'alpha', { ...APRIL, name: 'named.csv' }, { platform: 'meta' });
    expect(named.report?.files[0]?.platform ?? null).not.toBe('mapping:shop-march');
  });

  it('a platform chosen at preview replaces the remembered mapping', async () => {
    // Other bytes of the same shape (the same bytes would be a file loaded before).
    const may = APRIL.content.replaceAll('2026-04', '2026-05');
    const record = await upload(editor, 'alpha', { name: 'may.csv', content: may });
    expect(record.report.files[0].platform).toBe('mapping:shop-march');
    const again = await editor.post(`/api/workspaces/alpha/imports/${record.id}/preview`, {
      platform: 'meta',
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().import.report?.files[0]?.platform ?? null).not.toBe('mapping:shop-march');
  });
});
