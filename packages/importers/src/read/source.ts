/**
 * Where an import's bytes come from. A source can be opened more than once: the reader reads
 * the head to sniff the format, and may read a column twice to settle an ambiguous date order,
 * so uploads are spooled to a file (or held as bytes) rather than consumed once.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';

export interface ImportSource {
  /** Name used in messages and the import log: the file name, not a full path. */
  readonly name: string;
  /** The file on local disk, when there is one: an engine can then read it directly. */
  readonly path?: string;
  /** Size in bytes, for progress and for the "is this the whole file" question. */
  size(): Promise<number>;
  /** The first `length` bytes (fewer when the file is shorter). */
  head(length: number): Promise<Uint8Array>;
  /** A fresh stream over all bytes. */
  open(): Readable;
}

export function fileSource(path: string, name: string = basename(path)): ImportSource {
  return {
    name,
    path,
    size: async () => (await stat(path)).size,
    head: async (length) => {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}

export function bytesSource(name: string, bytes: Uint8Array): ImportSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkSize = 64 * 1024;
  return {
    name,
    size: async () => buffer.byteLength,
    head: async (length) => buffer.subarray(0, Math.min(length, buffer.byteLength)),
    // Chunked, so readers meet chunk boundaries (split multi-byte characters) the way they
    // would with a real file.
    open: () =>
      Readable.from(
        (function* chunks() {
          for (let offset = 0; offset < buffer.byteLength; offset += chunkSize) {
            yield buffer.subarray(offset, offset + chunkSize);
          }
        })(),
        { objectMode: false },
      ),
  };
}
