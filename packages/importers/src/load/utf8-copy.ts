/**
 * A UTF-8 copy of a text file, for the engine reader: DuckDB reads UTF-8 only, and Chinese
 * platforms export GB18030 (Excel's "CSV" is UTF-16). Decoding is the same streaming decoder the
 * streaming reader uses, so the copy holds the same characters and the same lines (the BOM is
 * dropped); it costs a fraction of parsing the file in JavaScript.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DecodeTransform } from '../read/decode.js';
import type { TextEncoding } from '../read/sniff.js';
import type { ImportSource } from '../read/source.js';

export interface Utf8Copy {
  file: string;
  /** Deletes the copy (and its folder); safe to call twice. */
  remove(): Promise<void>;
}

export async function writeUtf8Copy(
  source: ImportSource,
  encoding: TextEncoding,
  maxLineChars: number,
): Promise<Utf8Copy> {
  const folder = await mkdtemp(path.join(tmpdir(), 'markpi-import-'));
  const remove = () => rm(folder, { recursive: true, force: true });
  const file = path.join(folder, 'utf8.csv');
  try {
    await pipeline(
      source.open(),
      new DecodeTransform({ encoding, fileName: source.name, maxLineChars }),
      createWriteStream(file),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, remove };
}
