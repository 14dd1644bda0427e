/**
 * Reading a workbook leaves nothing behind: ExcelJS keeps temporary copies of a workbook's parts
 * and removes them only once the whole archive is read, so the reader reads past the first
 * worksheet (the report) to the end, even though it uses that sheet alone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openRecordStream } from './records.js';
import { fileSource } from './source.js';

describe('reading a workbook', () => {
  const previous = process.env.TMPDIR;
  let folder: string;
  beforeAll(() => {
    // This test file runs in a process of its own: its temporary folder is the reader's alone.
    folder = mkdtempSync(path.join(tmpdir(), 'markpi-xlsx-'));
    process.env.TMPDIR = folder;
  });
  afterAll(() => {
    process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['meta-fr.xlsx', 'qianchuan.xlsx', 'kuaishou-jinniu.xlsx', 'xiaohongshu-notes.xlsx'])(
    'leaves no temporary file after reading %s',
    async (name) => {
      expect(tmpdir()).toBe(folder);
      const stream = await openRecordStream(fileSource(path.join(FIXTURE_DIR, name)));
      let rows = 0;
      for await (const batch of stream.batches()) rows += batch.length;
      expect(rows).toBeGreaterThan(1);
      // ExcelJS removes its copies with asynchronous calls: give them a moment, then look.
      for (let wait = 0; wait < 40 && readdirSync(folder).length > 0; wait++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(folder)).toEqual([]);
    },
  );
});
