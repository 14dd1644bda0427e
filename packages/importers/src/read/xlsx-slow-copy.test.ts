/**
 * A workbook whose shared strings come after its sheet (most do) reads with its text even when
 * ExcelJS is slow to copy the sheet to a temporary file, as it is on a busy machine: the unzip
 * parser announced its end early and every part after the sheet was lost, so the header row
 * read as empty cells and the import refused a good file.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openRecordStream, type SourceRecord } from './records.js';
import { fileSource } from './source.js';

type TemporaryFile = (callback: (...args: unknown[]) => void) => void;
// The same module instance ExcelJS loads, reached from ExcelJS's own location.
const temporary = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as {
  file: TemporaryFile;
};

async function rows(name: string): Promise<SourceRecord[]> {
  const stream = await openRecordStream(fileSource(path.join(FIXTURE_DIR, name)));
  const all: SourceRecord[] = [];
  for await (const batch of stream.batches()) all.push(...batch);
  return all;
}

describe('a workbook read while its sheet is slow to copy', () => {
  const original = temporary.file;
  // Every temporary copy starts 30 ms late; this file runs in a process of its own.
  const slowCopy: TemporaryFile = (callback) => setTimeout(() => original(callback), 30);
  beforeAll(() => {
    temporary.file = slowCopy;
  });
  afterAll(() => {
    temporary.file = original;
  });

  it.each(['jd-orders.xlsx', 'meta-fr.xlsx', 'qianchuan.xlsx'])('reads %s with its text', async (name) => {
    const slow = await rows(name);
    temporary.file = original;
    try {
      const quick = await rows(name);
      expect(slow).toEqual(quick);
    } finally {
      temporary.file = slowCopy;
    }
    expect(slow[0]!.cells.filter((cell) => typeof cell === 'string').length).toBeGreaterThan(3);
  });
});
