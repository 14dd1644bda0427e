import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-annotations-'));
  db = path.join(folder, 'notes.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  await warehouse.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi annotations', () => {
  it('adds, lists by window, imports the event calendar and removes', async () => {
    const added = await cli(
      'annotations',
      'add',
      '--date',
      '2026-06-10',
      '--note',
      'Price change',
      '--channel',
      'douyin',
      '--format',
      'json',
    );
    expect(added.code, added.err).toBe(EXIT_OK);
    const note = JSON.parse(added.out) as { id: string; scope: string; value: string };
    expect([note.scope, note.value]).toEqual(['channel', 'douyin']);

    const imported = await cli(
      'annotations',
      'import',
      '--from',
      '2026-06-18',
      '--to',
      '2026-06-18',
      '--format',
      'json',
    );
    expect(imported.code, imported.err).toBe(EXIT_OK);
    // 618 itself; its presale ends on the 17th.
    expect((JSON.parse(imported.out) as { note: string }[]).map((entry) => entry.note)).toEqual(['618 2026']);

    const listed = await cli(
      'annotations',
      'list',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-30',
      '--lang',
      'zh',
    );
    expect(listed.code, listed.err).toBe(EXIT_OK);
    expect(listed.out).toContain('渠道 douyin');
    expect(listed.out).toContain('618 2026');

    expect((await cli('annotations', 'rm', note.id)).code).toBe(EXIT_OK);
    const after = await cli('annotations', 'list', '--format', 'json');
    expect((JSON.parse(after.out) as { id: string }[]).map((entry) => entry.id)).not.toContain(note.id);
    expect((await cli('annotations', 'rm', note.id)).code).toBe(EXIT_USER);
    expect(
      (
        await cli(
          'annotations',
          'add',
          '--date',
          '2026-06-10',
          '--note',
          'x',
          '--channel',
          'a',
          '--campaign',
          'b',
        )
      ).code,
    ).toBe(EXIT_USER);
  });
});
