import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, testCsvAdapter } from './testing/csv-adapter.js';
import { createHarness, type Harness } from './testing/harness.js';

describe('big uploads', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ importAdapter: testCsvAdapter, maxUploadMegabytes: 3 });
  });
  afterAll(async () => {
    await harness.close();
  });
  it('takes files above the JSON body limit and refuses ones above the upload limit', async () => {
    const editor = await harness.as('editorA');
    const row = '2026-04-01,douyin,1000,30\n';
    const twoMb = `date,channel,impressions,clicks\n${row.repeat(Math.ceil(2_000_000 / row.length))}`;
    const ok = multipart([{ name: 'big.csv', content: twoMb }]);
    const accepted = await editor.request('POST', '/api/workspaces/alpha/imports', ok.body, {
      headers: { 'content-type': ok.contentType },
    });
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(200);
    const tooBig = multipart([{ name: 'huge.csv', content: twoMb + twoMb }]);
    const refused = await editor.request('POST', '/api/workspaces/alpha/imports', tooBig.body, {
      headers: { 'content-type': tooBig.contentType },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('payload_too_large');
  });
});
