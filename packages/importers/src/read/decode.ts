/**
 * Bytes → text, streaming, with two guards a plain decoder lacks: UTF-8 is decoded strictly
 * (a file that is not what the sniffer saw fails with the row it broke on, instead of loading
 * replacement characters), and a line longer than the limit is refused as soon as the limit
 * is crossed, so a 1 GB line never has to fit in memory.
 */
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { importError } from '../errors.js';
import type { TextEncoding } from './sniff.js';

export interface DecodeOptions {
  encoding: TextEncoding;
  fileName: string;
  /** Longest line accepted, in characters. */
  maxLineChars: number;
  /** Used only to say which column a broken line had reached. */
  delimiter?: string;
}

interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

const ICONV_NAMES: Record<Exclude<TextEncoding, 'utf-8'>, string> = {
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gb18030: 'gb18030',
  'windows-1252': 'windows-1252',
};

function chunkDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf-8') {
    // `fatal` makes invalid bytes throw instead of becoming U+FFFD; the BOM is dropped.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    return {
      write: (chunk) => decoder.decode(chunk, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: true });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

function countOccurrences(text: string, needle: string, from = 0, to = text.length): number {
  let count = 0;
  let index = text.indexOf(needle, from);
  while (index !== -1 && index < to) {
    count++;
    index = text.indexOf(needle, index + needle.length);
  }
  return count;
}

export class DecodeTransform extends Transform {
  private readonly decoder: ChunkDecoder;
  /** 1-based line the decoder has reached. */
  private line = 1;
  private lineLength = 0;
  private lineDelimiters = 0;

  constructor(private readonly options: DecodeOptions) {
    // Text goes out as strings (not re-encoded to bytes): the CSV parser reads strings.
    super({ decodeStrings: true, readableObjectMode: true });
    this.decoder = chunkDecoder(options.encoding);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.decodeAndPass(() => this.decoder.write(chunk), chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    this.decodeAndPass(() => this.decoder.end(), Buffer.alloc(0), callback);
  }

  /** Decodes (the bytes are for locating an encoding error), checks line lengths, passes text on. */
  private decodeAndPass(decode: () => string, bytes: Buffer, callback: TransformCallback): void {
    let text: string;
    try {
      text = decode();
    } catch {
      callback(this.encodingError(bytes));
      return;
    }
    const tooLong = this.track(text);
    if (tooLong) {
      callback(tooLong);
      return;
    }
    if (text.length > 0) this.push(text);
    callback();
  }

  /** Follows line numbers and the current line's length; returns an error once one is too long. */
  private track(text: string): Error | undefined {
    const delimiter = this.options.delimiter ?? ',';
    const limit = this.options.maxLineChars;
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      if (this.lineLength + newline - start > limit) {
        this.lineDelimiters += countOccurrences(text, delimiter, start, start + limit - this.lineLength);
        return this.lineTooLong();
      }
      this.line++;
      this.lineLength = 0;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.lineLength += text.length - start;
    this.lineDelimiters =
      start === 0
        ? this.lineDelimiters + countOccurrences(text, delimiter)
        : countOccurrences(text, delimiter, start);
    return this.lineLength > limit ? this.lineTooLong() : undefined;
  }

  private lineTooLong(): Error {
    return importError('import.line_too_long', {
      file: this.options.fileName,
      row: this.line,
      column: this.lineDelimiters + 1,
      message: `line ${this.line} is longer than ${this.options.maxLineChars.toLocaleString('en')} characters; refused before reading the rest of it`,
      hint: 'the file is damaged or not a table export (a quote that never closes can swallow the whole file)',
    });
  }

  private encodingError(chunk: Buffer): Error {
    // Locate the first invalid byte by decoding the chunk leniently.
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const bad = Math.max(0, lenient.indexOf('\uFFFD'));
    const lastNewline = lenient.lastIndexOf('\n', bad);
    const row = this.line + countOccurrences(lenient, '\n', 0, bad);
    const delimiter = this.options.delimiter ?? ',';
    const column =
      (lastNewline === -1
        ? this.lineDelimiters + countOccurrences(lenient, delimiter, 0, bad)
        : countOccurrences(lenient, delimiter, lastNewline + 1, bad)) + 1;
    return importError('import.encoding', {
      file: this.options.fileName,
      row,
      column,
      message: `the file is not valid ${this.options.encoding.toUpperCase()} from line ${row} on`,
      hint: 'it was probably saved by Excel in a Chinese locale: re-run with --encoding gb18030, or re-save as "CSV UTF-8"',
    });
  }
}
