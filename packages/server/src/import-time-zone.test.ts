/**
 * Touch times written without an offset are read in the workspace's time zone (`time_zone`),
 * through the CLI (from `markpi.yaml`, or `--time-zone` for one import) and through the server
 * (from its workspace settings). The fixture's times are local wall-clock times in May, when New
 * York is four hours behind UTC and Tokyo nine ahead.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/src/testing.js';
import { FIXTURE_DIR } from '../../importers/src/testing/paths.js';
import { multipart } from './testing/csv-adapter.js';
import { createHarness } from './testing/harness.js';

const TOUCHES = 'touch-sessions-zh.csv';
const HOUR = 3_600_000;

/** Every stored touch as `person@epoch ms`, in file order of person and time. */
async function storedTouches(file: string): Promise<{ person: string; at: number }[]> {
  const warehouse = await openDuckDbWarehouse({ path: file });
  try {
    const rows = await warehouse.query('SELECT person, "at" FROM fact_touches ORDER BY person, "at"');
    return rows.map((row) => ({ person: String(row.person), at: Number(row.at) }));
  } finally {
    await warehouse.close();
  }
}

const shifted = (touches: { person: string; at: number }[], hours: number) =>
  touches.map((touch) => ({ person: touch.person, at: touch.at + hours * HOUR }));

describe('touch times through the CLI', () => {
  let folder: string;
  const cli = (db: string, ...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-zone-'));
    writeFileSync(path.join(folder, 'markpi.yaml'), 'time_zone: America/New_York\n');
    copyFileSync(path.join(FIXTURE_DIR, TOUCHES), path.join(folder, TOUCHES));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("reads times without an offset in the workspace's zone, or in the one --time-zone names", async () => {
    const asUtc = await cli('utc.duckdb', 'import', TOUCHES, '--time-zone', 'UTC');
    expect(asUtc.code, asUtc.err).toBe(0);
    const utc = await storedTouches(path.join(folder, 'utc.duckdb'));
    expect(utc.length).toBeGreaterThanOrEqual(3);
    // 用户 u_1001 visited at 2026-05-01 21:00 local time.
    expect(utc[0]).toEqual({ person: 'u_1001', at: Date.UTC(2026, 4, 1, 21) });

    const workspaceZone = await cli('workspace.duckdb', 'import', TOUCHES);
    expect(workspaceZone.code, workspaceZone.err).toBe(0);
    const newYork = await storedTouches(path.join(folder, 'workspace.duckdb'));
    expect(newYork[0]).toEqual({ person: 'u_1001', at: Date.UTC(2026, 4, 2, 1) });
    expect(newYork).toEqual(shifted(utc, 4));

    const tokyo = await cli('tokyo.duckdb', 'import', TOUCHES, '--time-zone', 'Asia/Tokyo');
    expect(tokyo.code, tokyo.err).toBe(0);
    expect(await storedTouches(path.join(folder, 'tokyo.duckdb'))).toEqual(shifted(utc, -9));
  });

  it('refuses a zone that does not exist', async () => {
    const refused = await cli('bad.duckdb', 'import', TOUCHES, '--time-zone', 'Mars/Olympus');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/unknown time zone: Mars\/Olympus/);
  });
});

describe('touch times through the server', () => {
  it("reads an uploaded file's times without an offset in the workspace's zone", async () => {
    const harness = await createHarness();
    const checked = mkdtempSync(path.join(tmpdir(), 'markpi-zone-server-'));
    let closed = false;
    try {
      const owner = await harness.as('ownerA');
      const settings = await owner.request('PATCH', '/api/workspaces/alpha', {
        timeZone: 'America/New_York',
      });
      expect(settings.statusCode, settings.body).toBe(200);
      const content = readFileSync(path.join(FIXTURE_DIR, TOUCHES), 'utf8');
      const form = multipart([{ name: TOUCHES, content }], {});
      const uploaded = await owner.request('POST', '/api/workspaces/alpha/imports', form.body, {
        headers: { 'content-type': form.contentType },
      });
      expect(uploaded.statusCode, uploaded.body).toBe(200);
      const record = uploaded.json().import;
      expect(record.status, JSON.stringify(record.error)).toBe('previewed');
      const confirmed = await owner.post(`/api/workspaces/alpha/imports/${record.id}/confirm`);
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().import.status).toBe('imported');
      // The server holds the file while it runs; read it once it has let go.
      await harness.server.close();
      closed = true;
      const stored = await storedTouches(harness.alpha.file);

      // The same file read as UTC by the CLI, for the expected instants.
      copyFileSync(path.join(FIXTURE_DIR, TOUCHES), path.join(checked, TOUCHES));
      const asUtc = await runCliCaptured(checked, [
        '--db',
        'utc.duckdb',
        'import',
        TOUCHES,
        '--time-zone',
        'UTC',
      ]);
      expect(asUtc.code, asUtc.err).toBe(0);
      expect(stored).toEqual(shifted(await storedTouches(path.join(checked, 'utc.duckdb')), 4));
    } finally {
      rmSync(checked, { recursive: true, force: true });
      if (closed) rmSync(harness.dataDir, { recursive: true, force: true });
      else await harness.close();
    }
  });
});
