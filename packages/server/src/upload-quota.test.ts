/**
 * Uploads awaiting confirmation are bounded per workspace (a quota of bytes) and in time (they
 * expire, swept at start and on a timer), with refusals said in English and Chinese.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUploads } from './imports/expiry.js';
import { createServer } from './server.js';
import { multipart, testCsvAdapter } from './testing/csv-adapter.js';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

const MIB = 1_048_576;
const ROW = '2026-04-01,douyin,1000,30\n';

/** A CSV file of about `bytes` bytes that the test importer reads. */
function csvOf(bytes: number): string {
  return `date,channel,impressions,clicks\n${ROW.repeat(Math.ceil(bytes / ROW.length))}`;
}

interface ErrorBody {
  error: { code: string; message: string; said?: { key: string; params: Record<string, number | string> } };
}

describe('the upload quota and expiry', () => {
  let harness: Harness;
  let editor: TestClient;
  beforeAll(async () => {
    harness = await createHarness({
      importAdapter: testCsvAdapter,
      uploadQuotaMegabytes: 1,
      maxUploadMegabytes: 3,
      uploadExpiryHours: 24,
    });
    editor = await harness.as('editorA');
  });
  afterAll(async () => {
    await harness.close();
  });

  function upload(content: string, language?: string) {
    const form = multipart([{ name: 'march.csv', content }]);
    return editor.request('POST', '/api/workspaces/alpha/imports', form.body, {
      headers: { 'content-type': form.contentType, ...(language ? { 'accept-language': language } : {}) },
    });
  }
  const uploadsOnDisk = () => {
    const folder = path.join(harness.dataDir, 'uploads');
    return existsSync(folder) ? readdirSync(folder).length : 0;
  };

  it('refuses an upload the workspace’s waiting uploads leave no room for, in Chinese when asked', async () => {
    const first = await upload(csvOf(0.6 * MIB));
    expect(first.statusCode, first.body.slice(0, 200)).toBe(200);
    const firstId = first.json<{ import: { id: string } }>().import.id;
    const held = first.json<{ import: { files: { size: number }[] } }>().import.files[0]!.size;

    // 0.6 MiB more would hold 1.2 MiB of the 1 MiB quota: the file is cut at the room left.
    const second = await upload(csvOf(0.6 * MIB), 'zh-CN');
    expect(second.statusCode).toBe(400);
    const body = second.json<ErrorBody>();
    expect(body.error.code).toBe('upload_quota_exceeded');
    expect(body.error.said).toEqual({ key: 'limit.upload_quota', params: { held: MIB + 1, quota: MIB } });
    expect(body.error.message).toBe(
      '本工作区待确认的上传已占用 1 MB，上限 1 MB：请先确认或取消一些上传（未确认的上传到期会自动删除）',
    );
    expect(uploadsOnDisk()).toBe(1);
    // A small one still fits beside the first.
    const small = await upload(csvOf(0.1 * MIB));
    expect(small.statusCode).toBe(200);
    const smallId = small.json<{ import: { id: string } }>().import.id;
    expect(held).toBeGreaterThan(0.6 * MIB);

    // Confirming one frees its room: loaded files are deleted.
    expect((await editor.post(`/api/workspaces/alpha/imports/${firstId}/confirm`)).statusCode).toBe(200);
    expect((await upload(csvOf(0.6 * MIB))).statusCode).toBe(200);
    // Cancelling another does too.
    expect((await editor.delete(`/api/workspaces/alpha/imports/${smallId}`)).statusCode).toBe(200);
  });

  it('refuses a file over the per-file limit by the quota when the quota’s room is less', async () => {
    const refused = await upload(csvOf(3.2 * MIB), 'en');
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('upload_quota_exceeded');
    expect(refused.json<ErrorBody>().error.message).toMatch(
      /^this workspace's uploads awaiting confirmation hold/,
    );
  });

  it('expires uploads left unconfirmed for a day, and frees their room', async () => {
    const pending = await upload(csvOf(0.2 * MIB));
    const id = pending.json<{ import: { id: string } }>().import.id;
    harness.clock.current = new Date(harness.clock.current.getTime() + 23 * 3_600_000);
    expect(await expireUploads(harness.server.services)).toBe(0);
    harness.clock.current = new Date(harness.clock.current.getTime() + 2 * 3_600_000);
    // The two still waiting (this one and the 0.6 MiB one) go.
    expect(await expireUploads(harness.server.services)).toBe(2);
    const record = (await editor.get(`/api/workspaces/alpha/imports/${id}`)).json<{
      import: { status: string; error: { code: string; message: string } };
    }>().import;
    expect(record.status).toBe('cancelled');
    expect(record.error).toMatchObject({
      code: 'upload_expired',
      message: 'not confirmed within 24 hours of its preview; its files were deleted',
    });
    expect(existsSync(path.join(harness.dataDir, 'uploads', id))).toBe(false);
    expect(await harness.server.services.imports.heldBytes('alpha')).toBe(0);
    const audit = await harness.server.services.audit.list({ workspaceId: 'alpha', limit: 5 });
    expect(audit.some((entry) => entry.action === 'import.expire' && entry.target === id)).toBe(true);
  });
});

describe('expiry at start', () => {
  it('deletes the uploads a stopped server left past their expiry when it starts again', async () => {
    const harness = await createHarness({ importAdapter: testCsvAdapter, uploadExpiryHours: 1 });
    const editor = await harness.as('editorA');
    const form = multipart([{ name: 'april.csv', content: csvOf(1000) }]);
    const uploaded = await editor.request('POST', '/api/workspaces/alpha/imports', form.body, {
      headers: { 'content-type': form.contentType },
    });
    const id = uploaded.json<{ import: { id: string } }>().import.id;
    await harness.server.close();
    harness.clock.current = new Date(harness.clock.current.getTime() + 2 * 3_600_000);
    const again = await createServer({
      dataDir: harness.dataDir,
      webDir: null,
      now: harness.clock.now,
      uploadExpiryHours: 1,
      importAdapter: testCsvAdapter,
    });
    try {
      const record = await again.services.imports.byId('alpha', id);
      expect(record?.status).toBe('cancelled');
      expect(existsSync(path.join(harness.dataDir, 'uploads', id))).toBe(false);
    } finally {
      await again.close();
      rmSync(harness.dataDir, { recursive: true, force: true });
    }
  });
});
