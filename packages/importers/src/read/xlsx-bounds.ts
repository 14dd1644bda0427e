/**
 * Bounds on reading an XLSX workbook, checked before the workbook reader sees it. An XLSX is a
 * zip archive; a few hundred kilobytes of it may unpack to gigabytes (a zip bomb), and the reader
 * holds some parts whole in memory (shared strings above all). So every part is unpacked here
 * once, its bytes counted and thrown away, and a part over its limit stops the import with an
 * error naming the file (limits in core's `LIMITS`):
 *
 * - a part the reader holds (anything but `xl/worksheets/…`): `xlsxHeldPartBytes`;
 * - the whole workbook: `xlsxTotalBytes` (worksheets are streamed, so this only bounds time).
 *
 * The sizes the archive declares are not trusted: they are what a bomb lies about. They are
 * only used to find each part's compressed bytes (the central directory at the end of the file,
 * then each part's local header). Parts that overlap are refused: no zip writer makes them, and
 * they are how a small archive repeats the same compressed bytes many times. Anything this
 * reading does not understand (a damaged or unusual archive) is left to the workbook reader,
 * which says how it is damaged; only sizes are decided here.
 */
import { createInflateRaw } from 'node:zlib';
import { LIMITS, LimitError } from '@markpi/core';
import type { ImportSource } from './source.js';

export interface XlsxBounds {
  heldPartBytes: number;
  totalBytes: number;
}

export const XLSX_BOUNDS: XlsxBounds = {
  heldPartBytes: LIMITS.xlsxHeldPartBytes,
  totalBytes: LIMITS.xlsxTotalBytes,
};

interface ZipPart {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The central directory has to fit in the file's last mebibyte (an XLSX's takes a few KB). */
const TAIL_BYTES = 1024 * 1024;
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A 32-bit field at its maximum means the real value is in a ZIP64 record. */
const ZIP64_MARK = 0xffffffff;

function tooLarge(file: string, part: string, limit: number): LimitError {
  return new LimitError(
    'import.xlsx_too_large',
    { key: 'limit.xlsx_too_large', params: { file, part, limit } },
    { file },
    'open the workbook in a spreadsheet and save it again, or export the report as CSV',
  );
}

/** Whether the reader streams this part instead of holding it. */
function isStreamedPart(name: string): boolean {
  return /^xl\/worksheets\/[^/]+\.xml$/.test(name);
}

async function readTail(source: ImportSource): Promise<{ tail: Buffer; tailStart: number }> {
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  for await (const chunk of source.open()) {
    const buffer = chunk as Buffer;
    kept.push(buffer);
    keptBytes += buffer.length;
    total += buffer.length;
    while (kept.length > 1 && keptBytes - kept[0]!.length >= TAIL_BYTES) {
      keptBytes -= kept[0]!.length;
      kept = kept.slice(1);
    }
  }
  return { tail: Buffer.concat(kept), tailStart: total - keptBytes };
}

/** The parts the central directory lists; undefined when it cannot be read here. */
function listParts(tail: Buffer, tailStart: number): ZipPart[] | undefined {
  let end = -1;
  for (let offset = tail.length - 22; offset >= Math.max(0, tail.length - 22 - 65_535); offset--) {
    if (tail.readUInt32LE(offset) === END_OF_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = tail.readUInt16LE(end + 10);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directoryOffset === ZIP64_MARK) return undefined;
  let offset = directoryOffset - tailStart;
  if (offset < 0) return undefined;
  const parts: ZipPart[] = [];
  for (let index = 0; index < entries; index++) {
    if (offset + 46 > tail.length || tail.readUInt32LE(offset) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = tail.readUInt16LE(offset + 28);
    const extraLength = tail.readUInt16LE(offset + 30);
    const commentLength = tail.readUInt16LE(offset + 32);
    parts.push({
      name: tail.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: tail.readUInt16LE(offset + 10),
      compressedSize: tail.readUInt32LE(offset + 20),
      localHeaderOffset: tail.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/** Counts the bytes a stream of raw-deflate chunks unpacks to, stopping once past `limit`. */
class InflatedCounter {
  bytes = 0;
  failed = false;
  private readonly inflater = createInflateRaw();
  private readonly ended: Promise<void>;

  constructor(private readonly limit: number) {
    this.inflater.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (this.bytes > this.limit) this.inflater.destroy();
    });
    this.ended = new Promise((resolve) => {
      this.inflater.on('end', resolve);
      this.inflater.on('close', resolve);
      this.inflater.on('error', () => {
        this.failed = true;
        resolve();
      });
    });
  }

  get stopped(): boolean {
    return this.inflater.destroyed;
  }

  write(chunk: Buffer): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.inflater.write(chunk, () => resolve());
    });
  }

  async end(): Promise<void> {
    if (!this.stopped) this.inflater.end();
    await this.ended;
  }
}

/**
 * The uncompressed size of every part, counted by unpacking it, up to one byte past the bound
 * that applies to it; undefined when the archive cannot be read here (left to the reader).
 * Throws `import.xlsx_too_large` as soon as a part or the whole is over its bound.
 */
export async function measureXlsxParts(
  source: ImportSource,
  bounds: XlsxBounds = XLSX_BOUNDS,
): Promise<Map<string, number> | undefined> {
  const { tail, tailStart } = await readTail(source);
  const parts = listParts(tail, tailStart);
  if (!parts) return undefined;
  parts.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let index = 1; index < parts.length; index++) {
    const previous = parts[index - 1]!;
    if (parts[index]!.localHeaderOffset < previous.localHeaderOffset + 30 + previous.compressedSize) {
      throw tooLarge(source.name, 'parts (overlapping)', bounds.totalBytes);
    }
  }

  const sizes = new Map<string, number>();
  let total = 0;
  // The bytes read and not yet done with, and where they start in the file.
  let pending: Buffer = Buffer.alloc(0);
  let pendingStart = 0;
  let partIndex = 0;
  // Where the current part's compressed bytes start and end, once its local header was read.
  let data: { start: number; end: number; counter: InflatedCounter | null; stored: number } | undefined;

  const finishPart = async (part: ZipPart, current: NonNullable<typeof data>) => {
    let size = current.stored;
    if (current.counter) {
      await current.counter.end();
      size = current.counter.bytes;
    }
    const limit = isStreamedPart(part.name) ? bounds.totalBytes : bounds.heldPartBytes;
    if (size > limit) throw tooLarge(source.name, part.name, limit);
    total += size;
    if (total > bounds.totalBytes) throw tooLarge(source.name, 'parts together', bounds.totalBytes);
    sizes.set(part.name, size);
  };

  const input = source.open();
  try {
    for await (const chunk of input) {
      pending = pending.length > 0 ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      while (partIndex < parts.length) {
        const part = parts[partIndex]!;
        if (!data) {
          // The local header: 30 bytes, then the name and the extra field, then the data.
          const headerAt = part.localHeaderOffset - pendingStart;
          if (headerAt + 30 > pending.length) break;
          if (pending.readUInt32LE(headerAt) !== LOCAL_HEADER) return undefined;
          if (part.method !== 0 && part.method !== 8) return undefined;
          const start =
            part.localHeaderOffset +
            30 +
            pending.readUInt16LE(headerAt + 26) +
            pending.readUInt16LE(headerAt + 28);
          const limit = isStreamedPart(part.name) ? bounds.totalBytes : bounds.heldPartBytes;
          data = {
            start,
            end: start + part.compressedSize,
            counter: part.method === 8 ? new InflatedCounter(limit) : null,
            stored: part.method === 0 ? part.compressedSize : 0,
          };
        }
        const from = Math.max(data.start - pendingStart, 0);
        const to = Math.min(data.end - pendingStart, pending.length);
        if (from < to && data.counter) await data.counter.write(pending.subarray(from, to));
        if (data.end - pendingStart > pending.length) break;
        await finishPart(part, data);
        data = undefined;
        partIndex++;
      }
      // Keep only what is still to be read: the next part's header on, or nothing while a part's
      // data runs on (what of it was here has been unpacked).
      const next = parts[partIndex];
      const keepFrom = next && !data ? next.localHeaderOffset : pendingStart + pending.length;
      const dropped = Math.min(Math.max(keepFrom - pendingStart, 0), pending.length);
      pending = pending.subarray(dropped);
      pendingStart += dropped;
    }
  } finally {
    input.destroy();
  }
  return partIndex === parts.length ? sizes : undefined;
}

/** Refuses a cell longer than a spreadsheet can hold. */
export function checkCellLength(file: string, row: number, column: number, text: string): void {
  if (text.length <= LIMITS.cellLength) return;
  throw new LimitError(
    'import.cell_too_long',
    {
      key: 'limit.cell_too_long',
      params: { file, row, column, length: text.length, limit: LIMITS.cellLength },
    },
    { file, row, column },
    'a real export never holds such a cell; check the file',
  );
}
