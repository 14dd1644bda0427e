/**
 * One streaming record reader over CSV/TSV text (any encoding) and XLSX workbooks: callers
 * see rows of raw cells with their 1-based row number in the file, and never hold the file.
 */
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMarkpiError } from '@markpi/core';
import { type CsvError, parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { importError } from '../errors.js';
import { DecodeTransform } from './decode.js';
import { type Delimiter, sniffDelimiter } from './delimiter.js';
import { SNIFF_BYTES, sniffBytes, type TextEncoding } from './sniff.js';
import type { ImportSource } from './source.js';

/** A number cell an XLSX formats as a percentage: the stored value is already a fraction. */
export class ExcelPercent {
  constructor(readonly fraction: number) {}
}

/**
 * A cell as read: CSV cells are strings; XLSX cells may be numbers; XLSX dates arrive as ISO
 * strings (`2026-05-01` or `2026-05-01T09:30:00`).
 */
export type RawCell = string | number | ExcelPercent | null;

export interface SourceRecord {
  /** 1-based row (line) of the file, as a spreadsheet or text editor shows it. */
  row: number;
  cells: RawCell[];
}

export interface ReadOptions {
  /** Forces a text encoding instead of sniffing it. */
  encoding?: TextEncoding;
  /** Forces a delimiter instead of sniffing it. */
  delimiter?: Delimiter;
  /** Longest line (or record) accepted, in characters. */
  maxLineChars?: number;
}

export const DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;

export interface RecordStream {
  readonly format: 'csv' | 'xlsx';
  readonly encoding?: TextEncoding;
  readonly encodingReason?: string;
  readonly delimiter?: Delimiter;
  readonly totalBytes: number;
  /** Bytes of the file consumed so far (compressed bytes for XLSX). */
  bytesRead(): number;
  /** Whether the last byte read was a line break (a CSV cut mid-row ends without one). */
  endedWithNewline(): boolean;
  /** The rows, in batches (one await per batch keeps large files fast); can be iterated once. */
  batches(): AsyncIterable<SourceRecord[]>;
}

/** Counts bytes on their way through and remembers the last one. */
class ByteCounter extends Transform {
  bytes = 0;
  lastByte = -1;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1]!;
    callback(null, chunk);
  }
}

export async function openRecordStream(
  source: ImportSource,
  options: ReadOptions = {},
): Promise<RecordStream> {
  const totalBytes = await source.size();
  const head = await source.head(SNIFF_BYTES);
  const sniffed = sniffBytes(head, source.name, head.length >= totalBytes);
  if (sniffed.format === 'xlsx') return xlsxRecordStream(source, totalBytes);
  const encoding = options.encoding ?? sniffed.encoding;
  const headText = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding).decode(head);
  if (headText.replace(/[\s\ufeff]/g, '') === '') {
    throw importError('import.empty', {
      file: source.name,
      row: 1,
      column: 1,
      message: 'the file holds no data (only blanks)',
    });
  }
  const delimiter = options.delimiter ?? sniffDelimiter(headText);
  return csvRecordStream(source, {
    totalBytes,
    encoding,
    encodingReason: options.encoding ? 'forced' : sniffed.reason,
    delimiter,
    maxLineChars: options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS,
  });
}

interface CsvSettings {
  totalBytes: number;
  encoding: TextEncoding;
  encodingReason: string;
  delimiter: Delimiter;
  maxLineChars: number;
}

function csvRecordStream(source: ImportSource, settings: CsvSettings): RecordStream {
  const counter = new ByteCounter();
  return {
    format: 'csv',
    encoding: settings.encoding,
    encodingReason: settings.encodingReason,
    delimiter: settings.delimiter,
    totalBytes: settings.totalBytes,
    bytesRead: () => counter.bytes,
    endedWithNewline: () => counter.lastByte === 0x0a || counter.lastByte === 0x0d,
    batches: () => readCsv(source, settings, counter),
  };
}

/** Records per batch handed to the caller. */
const BATCH_RECORDS = 8192;

/** Reads whatever a stream has buffered, synchronously, then waits for more. */
async function* drainInBatches<T>(stream: Readable, batchSize: number): AsyncGenerator<T[]> {
  for (;;) {
    const batch: T[] = [];
    while (batch.length < batchSize) {
      const item = stream.read() as T | null;
      if (item === null) break;
      batch.push(item);
    }
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (stream.errored) throw stream.errored;
    if (stream.readableEnded) return;
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        stream.off('readable', settle);
        stream.off('end', settle);
        stream.off('error', fail);
        resolve();
      };
      const fail = (error: Error) => {
        stream.off('readable', settle);
        stream.off('end', settle);
        reject(error);
      };
      stream.once('readable', settle);
      stream.once('end', settle);
      stream.once('error', fail);
    });
  }
}

async function* readCsv(
  source: ImportSource,
  settings: CsvSettings,
  counter: ByteCounter,
): AsyncGenerator<SourceRecord[]> {
  const parser = parseCsv({
    delimiter: settings.delimiter,
    relax_column_count: true,
    // Exports put stray quotes inside unquoted cells (`5" screen`); keep them as text.
    relax_quotes: true,
    max_record_size: settings.maxLineChars,
    // Empty lines come through as one empty cell so the line count below stays exact; they are
    // dropped here. (csv-parse's own `info` would give line numbers at half the speed.)
  });
  const decoder = new DecodeTransform({
    encoding: settings.encoding,
    fileName: source.name,
    maxLineChars: settings.maxLineChars,
    delimiter: settings.delimiter,
  });
  const done = pipeline(source.open(), counter, decoder, parser);
  // The pipeline's rejection also surfaces through the parser; this only avoids an unhandled
  // rejection when the caller stops early.
  done.catch(() => undefined);
  let line = 0;
  try {
    for await (const batch of drainInBatches<string[]>(parser, BATCH_RECORDS)) {
      const records: SourceRecord[] = [];
      for (const cells of batch) {
        line++;
        const record = { row: line, cells };
        // A quoted cell spanning lines moves the next record down as many lines.
        for (const cell of cells) {
          let newline = cell.indexOf('\n');
          while (newline !== -1) {
            line++;
            newline = cell.indexOf('\n', newline + 1);
          }
        }
        if (cells.length === 1 && cells[0] === '') continue;
        records.push(record);
      }
      if (records.length > 0) yield records;
    }
  } catch (error) {
    throw csvFailure(error, source.name, line, settings.maxLineChars);
  } finally {
    parser.destroy();
  }
}

function csvFailure(error: unknown, fileName: string, lastLine: number, maxLineChars: number): unknown {
  if (isMarkpiError(error)) return error;
  const csvError = error as Partial<CsvError> & { lines?: number; column?: number | string };
  const row = typeof csvError.lines === 'number' ? csvError.lines : lastLine + 1;
  const column = typeof csvError.column === 'number' ? csvError.column + 1 : undefined;
  switch (csvError.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return importError('import.truncated', {
        file: fileName,
        row: lastLine + 1,
        ...(column !== undefined ? { column } : {}),
        message: `a quoted cell opened after line ${lastLine} never closes before the end of the file`,
        hint: 'the file was probably cut off while downloading; download it again',
      });
    case 'CSV_MAX_RECORD_SIZE':
      return importError('import.line_too_long', {
        file: fileName,
        row,
        ...(column !== undefined ? { column } : {}),
        message: `line ${row} is longer than ${maxLineChars.toLocaleString('en')} characters; refused before reading the rest of it`,
        hint: 'the file is damaged or not a table export',
      });
    default:
      return importError('import.malformed_csv', {
        file: fileName,
        row,
        ...(column !== undefined ? { column } : {}),
        message: `the CSV cannot be parsed: ${(error as Error).message}`,
      });
  }
}

function xlsxRecordStream(source: ImportSource, totalBytes: number): RecordStream {
  const counter = new ByteCounter();
  return {
    format: 'xlsx',
    totalBytes,
    bytesRead: () => counter.bytes,
    endedWithNewline: () => true,
    batches: () => readXlsx(source, counter),
  };
}

function isoFromExcelDate(date: Date): string {
  const iso = date.toISOString();
  // ExcelJS builds dates in UTC from the serial; a midnight value is a plain date.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function xlsxCell(value: ExcelJS.CellValue, numberFormat: string | undefined): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numberFormat?.includes('%') ? new ExcelPercent(value) : value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoFromExcelDate(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined) return null;
    if (typeof result === 'object' && result !== null && !(result instanceof Date)) return `#${result.error}`;
    return xlsxCell(result as ExcelJS.CellValue, numberFormat);
  }
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : null;
  if ('error' in value) return String(value.error);
  return null;
}

async function* readXlsx(source: ImportSource, counter: ByteCounter): AsyncGenerator<SourceRecord[]> {
  const input = source.open();
  const done = pipeline(input, counter);
  done.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(counter, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // ExcelJS reads a worksheet's name from the workbook part, which may come after the sheet in
  // the archive; under load it was seen reading it before it existed. We take the first sheet
  // by position and never need its name, so an empty model is a safe start.
  const reader = workbook as unknown as { model?: { sheets?: unknown[] } };
  reader.model ??= { sheets: [] };
  let lastRow = 0;
  let sawSheet = false;
  try {
    for await (const worksheet of workbook) {
      if (sawSheet) {
        // The first worksheet is the report; later ones are notes or pivots. They are read to the
        // end all the same: ExcelJS removes the temporary copies it makes of a workbook's parts
        // only when the whole archive has been read.
        for await (const _row of worksheet) {
          // skipped
        }
        continue;
      }
      sawSheet = true;
      let batch: SourceRecord[] = [];
      for await (const row of worksheet) {
        const cells: RawCell[] = [];
        for (let column = 1; column <= row.cellCount; column++) {
          const cell = row.getCell(column);
          cells.push(xlsxCell(cell.value, cell.numFmt));
        }
        lastRow = row.number;
        batch.push({ row: row.number, cells });
        if (batch.length >= 1024) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (isMarkpiError(error)) throw error;
    throw importError('import.xlsx_damaged', {
      file: source.name,
      row: lastRow + 1,
      column: 1,
      message: `the workbook is damaged after row ${lastRow}: ${(error as Error).message}`,
      hint: 'the file was probably cut off while downloading; download it again',
    });
  } finally {
    input.destroy();
  }
  if (!sawSheet) {
    throw importError('import.unsupported_format', {
      file: source.name,
      row: 1,
      column: 1,
      message: 'this is a zip archive without a worksheet, not an XLSX workbook',
    });
  }
}
