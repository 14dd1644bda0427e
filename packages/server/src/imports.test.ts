import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Said, say } from '@markpi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importersNotReadyAdapter } from './imports/adapter.js';
import { multipart, testCsvAdapter } from './testing/csv-adapter.js';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

const GOOD_FILE = {
  name: 'douyin-march.csv',
  content:
    'date,channel,impressions,clicks\n2026-03-01,douyin,1000,30\n2026-03-02,douyin,2000,50\n2026-03-03,douyin,lots,7\n',
};

async function upload(client: TestClient, files = [GOOD_FILE], fields: Record<string, string> = {}) {
  const form = multipart(files, fields);
  return client.request('POST', '/api/workspaces/alpha/imports', form.body, {
    headers: { 'content-type': form.contentType },
  });
}

describe('imports', () => {
  let harness: Harness;
  let editor: TestClient;
  beforeAll(async () => {
    harness = await createHarness({ importAdapter: testCsvAdapter });
    editor = await harness.as('editorA');
  });
  afterAll(async () => {
    await harness.close();
  });

  const marchImpressions = async (client: TestClient) => {
    const response = await client.get(
      '/api/workspaces/alpha/query?kpis=impressions&from=2026-03-01&to=2026-03-31',
    );
    return response.json().rows[0]?.impressions ?? 0;
  };

  it('upload → preview (nothing loaded) → rejected rows CSV → confirm → the rows count', async () => {
    const uploaded = await upload(editor, [GOOD_FILE], { platform: 'douyin' });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const record = uploaded.json().import;
    expect(record).toMatchObject({
      status: 'previewed',
      files: [{ name: 'douyin-march.csv', size: GOOD_FILE.content.length }],
      options: { platform: 'douyin' },
      createdBy: 'editora',
      error: null,
    });
    expect(record.report).toMatchObject({
      files: [
        {
          platform: 'douyin',
          fact: 'performance',
          rows: 3,
          accepted: 2,
          rejected: 1,
          period: { from: '2026-03-01', to: '2026-03-02' },
        },
      ],
      rejectedRows: 1,
      rejectedSample: [{ row: 4, column: 'impressions', message: 'not a number' }],
      rowsLoaded: 0,
    });
    expect(await marchImpressions(editor)).toBe(0);

    const csv = await editor.get(`/api/workspaces/alpha/imports/${record.id}/rejected.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.body).toBe(
      '\ufefffile,row,column,problem,date,channel,impressions,clicks\r\ndouyin-march.csv,4,impressions,not a number,2026-03-03,douyin,lots,7\r\n',
    );

    const confirmed = await editor.post(`/api/workspaces/alpha/imports/${record.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().import).toMatchObject({
      status: 'imported',
      report: { rowsLoaded: 2, rejectedRows: 1 },
    });
    expect(await marchImpressions(editor)).toBe(3000);
    // The upload is gone from disk, the rejected-rows report stays.
    expect(readdirSync(path.join(harness.dataDir, 'uploads', record.id)).sort()).toEqual([
      'rejected.csv',
      'rejected.zh.csv',
    ]);

    const again = await editor.post(`/api/workspaces/alpha/imports/${record.id}/confirm`);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('import_state');
    expect((await editor.delete(`/api/workspaces/alpha/imports/${record.id}`)).statusCode).toBe(409);

    const viewer = await harness.as('viewerA');
    const listed = (await viewer.get('/api/workspaces/alpha/imports')).json().imports;
    expect(listed[0]).toMatchObject({ id: record.id, status: 'imported' });
    const owner = await harness.as('ownerA');
    const audit = (await owner.get('/api/workspaces/alpha/audit')).json().entries;
    expect(audit.slice(0, 2).map((entry: { action: string }) => entry.action)).toEqual([
      'import.confirm',
      'import.upload',
    ]);
    expect(audit[0].details).toMatchObject({ rowsLoaded: 2, rejectedRows: 1, files: ['douyin-march.csv'] });
  });

  it('a file the importer refuses is a failed preview with its problems, not an HTTP error', async () => {
    const uploaded = await upload(editor, [{ name: 'notes.csv', content: 'hello,world\n1,2\n' }]);
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json().import).toMatchObject({
      status: 'preview_failed',
      report: null,
      error: { code: 'import.unknown_source', problems: [{ file: 'notes.csv', row: 1 }] },
    });
    const id = uploaded.json().import.id;
    expect((await editor.post(`/api/workspaces/alpha/imports/${id}/confirm`)).statusCode).toBe(409);
    const cancelled = await editor.delete(`/api/workspaces/alpha/imports/${id}`);
    expect(cancelled.json().import.status).toBe('cancelled');
    expect(existsSync(path.join(harness.dataDir, 'uploads', id))).toBe(false);
  });

  it('previews again with another platform', async () => {
    const id = (await upload(editor)).json().import.id;
    const again = await editor.post(`/api/workspaces/alpha/imports/${id}/preview`, { platform: 'kuaishou' });
    expect(again.statusCode).toBe(200);
    expect(again.json().import).toMatchObject({
      options: { platform: 'kuaishou' },
      report: { files: [{ platform: 'kuaishou' }] },
    });
    await editor.delete(`/api/workspaces/alpha/imports/${id}`);
  });

  it('refuses uploads from viewers, without files, or not as multipart', async () => {
    const viewer = await harness.as('viewerA');
    expect((await upload(viewer)).statusCode).toBe(403);
    const empty = await upload(editor, []);
    expect(empty.statusCode).toBe(400);
    expect(errorCode(empty)).toBe('invalid_request');
    expect((await editor.post('/api/workspaces/alpha/imports', { file: 'x' })).statusCode).toBe(400);
    // No upload folder is left behind by refused uploads.
    const folders = readdirSync(path.join(harness.dataDir, 'uploads'));
    const records = (await editor.get('/api/workspaces/alpha/imports?limit=200'))
      .json()
      .imports.map((entry: { id: string }) => entry.id);
    expect(folders.every((folder) => records.includes(folder))).toBe(true);
  });

  it('a browser file name cannot escape the upload folder', async () => {
    const uploaded = await upload(editor, [{ ...GOOD_FILE, name: '../../../evil.csv' }]);
    expect(uploaded.statusCode).toBe(200);
    const id = uploaded.json().import.id;
    expect(readdirSync(path.join(harness.dataDir, 'uploads', id)).sort()).toEqual([
      '0.csv',
      'rejected.csv',
      'rejected.zh.csv',
    ]);
    expect(existsSync(path.join(harness.dataDir, '..', 'evil.csv'))).toBe(false);
  });
});

describe('imports without an importer', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness({ importAdapter: importersNotReadyAdapter });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('answers 500 imports_unavailable and keeps nothing', async () => {
    const editor = await harness.as('editorA');
    const response = await upload(editor);
    expect(response.statusCode).toBe(500);
    expect(errorCode(response)).toBe('imports_unavailable');
    expect(readdirSync(path.join(harness.dataDir, 'uploads'))).toEqual([]);
  });
});

describe('imports through @markpi/importers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  const fixture = (name: string) => ({
    name,
    content: readFileSync(
      fileURLToPath(new URL(`../../importers/fixtures/${name}`, import.meta.url)),
      'utf8',
    ),
  });

  it('recognises the platform in the preview, loads on confirm, and the rows are counted', async () => {
    const editor = await harness.as('editorA');
    const before = (
      await editor.get('/api/workspaces/alpha/query?kpis=impressions,spend&from=2026-05-01&to=2026-05-02')
    ).json().rows;
    expect(before).toEqual([]);

    const uploaded = await upload(editor, [
      fixture('xiaohongshu-juguang.csv'),
      fixture('tencent-ads-api.csv'),
    ]);
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const record = uploaded.json().import;
    expect(record.status).toBe('previewed');
    const files = record.report.files;
    expect(files.map((file: { platform: string }) => file.platform)).toEqual([
      expect.stringMatching(/xiaohongshu/),
      expect.stringMatching(/tencent/),
    ]);
    expect(
      files.map((file: { fact: string; accepted: number; status: string }) => [
        file.fact,
        file.accepted,
        file.status,
      ]),
    ).toEqual([
      ['performance', 2, 'dry_run'],
      ['performance', 2, 'dry_run'],
    ]);
    expect(files[0].mapping).toContainEqual({ source: '展现量', target: 'impressions' });
    expect(files[0].period).toEqual({ from: '2026-05-01', to: '2026-05-02' });

    const confirmed = await editor.post(`/api/workspaces/alpha/imports/${record.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().import).toMatchObject({ status: 'imported', report: { rowsLoaded: 4 } });
    const after = (
      await editor.get('/api/workspaces/alpha/query?kpis=impressions&from=2026-05-01&to=2026-05-02')
    ).json().rows;
    expect(after[0].impressions).toBe(60_000 + 58_000 + 100_000 + 90_000);

    const csv = await editor.get(`/api/workspaces/alpha/imports/${record.id}/rejected.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\ufefffile,row,column,reason')).toBe(true);

    // The same bytes again: the importers notice, nothing is loaded twice.
    const again = (await upload(editor, [fixture('xiaohongshu-juguang.csv')])).json().import;
    const reloaded = (await editor.post(`/api/workspaces/alpha/imports/${again.id}/confirm`)).json().import;
    expect(reloaded.report.files[0].status).toBe('already_imported');
    const still = (
      await editor.get('/api/workspaces/alpha/query?kpis=impressions&from=2026-05-01&to=2026-05-02')
    ).json().rows;
    expect(still[0].impressions).toBe(after[0].impressions);
  });

  it('says a rejected row’s reason and the file’s notes in the reader’s language, before and after the load', async () => {
    const editor = await harness.as('editorA');
    const file = {
      name: 'google-zh.csv',
      content:
        'Day,Campaign,Currency code,Cost,Impr.,Clicks\n2026-06-01,A,CNY,10,100,5\n2026-06-02,A,CNY,lots,100,5\n',
    };
    const record = (await upload(editor, [file])).json().import;
    expect(record.status).toBe('previewed');
    const [rejected] = record.report.rejectedSample;
    expect(rejected).toMatchObject({ row: 3, column: 'Cost', message: 'Cost: "lots" is not a number' });
    expect(say(rejected.said, 'zh')).toBe('Cost：“lots”不是数字');
    const [report] = record.report.files;
    expect(report.noteMessages.map((note: Said) => say(note, 'en'))).toEqual(report.notes);
    expect(say(report.noteMessages[0], 'zh')).toMatch(/^表头上方/);

    const url = `/api/workspaces/alpha/imports/${record.id}/rejected.csv`;
    expect((await editor.get(`${url}?lang=zh`)).body).toContain('Cost：“lots”不是数字');
    expect((await editor.get(url)).body).toContain('"Cost: ""lots"" is not a number"');

    // Loaded, the rows come from the workspace, said in the language the request prefers.
    expect((await editor.post(`/api/workspaces/alpha/imports/${record.id}/confirm`)).statusCode).toBe(200);
    const loaded = await editor.request('GET', url, undefined, {
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' },
    });
    expect(loaded.body).toContain('Cost：“lots”不是数字');
    expect((await editor.get(`${url}?lang=en`)).body).toContain('"Cost: ""lots"" is not a number"');
  });

  it('a file no platform matches fails its preview with the importer’s problems', async () => {
    const editor = await harness.as('editorA');
    const uploaded = await upload(editor, [{ name: 'shopping-list.csv', content: 'apples,pears\n3,4\n' }]);
    expect(uploaded.statusCode).toBe(200);
    const record = uploaded.json().import;
    expect(record.status).toBe('preview_failed');
    expect(record.error.code).toMatch(/^import\./);
    expect(record.error.problems[0]).toMatchObject({ file: 'shopping-list.csv' });
  });
});
