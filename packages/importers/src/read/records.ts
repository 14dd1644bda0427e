/**
 * One streaming record reader over CSV/TSV text (any encoding) and XLSX workbooks: callers
 * see rows of raw cells with their 1-based row number in the file, and never hold the file.
 */
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMarkpiError, MarkpiError } from '@markpi/core';
import type { CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import { importError } from '../errors.js';
import { FastCsvParser, type ParsedRecord } from './csv-parser.js';
import { DecodeTransform } from './decode.js';
import { type Delimiter, sniffDelimiter } from './delimiter.js';
import { SNIFF_BYTES, sniffBytes, type TextEncoding } from './sniff.js';
import type { ImportSource } from './source.js';
import { checkCellLength, measureXlsxParts } from './xlsx-bounds.js';

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
  /**
   * Records per batch of a CSV (default 8192; XLSX keeps its own). A reader's head is made of
   * whole batches, so tests set it small to place a row past the head in a small file.
   */
  batchRecords?: number;
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

/**
 * The bytes of a workbook on their way to ExcelJS's reader. That reader unzips with a parser
 * that announces its end as soon as it has been handed the last byte, while parts it has
 * already unpacked may still wait in its buffer; the reader pauses the parser while it copies a
 * worksheet to a temporary file (the shared strings come after the sheet in most workbooks), so
 * a slow copy lost every later part and the sheet read without its text. The parser is the
 * stream these bytes are piped into: an end it announces before its buffer has been read is
 * withheld, and the end it reaches by reading the archive to its last record goes through.
 */
class WorkbookBytes extends ByteCounter {
  override pipe<Destination extends NodeJS.WritableStream>(
    destination: Destination,
    options?: { end?: boolean },
  ): Destination {
    const parser = destination as unknown as Readable;
    const emit = parser.emit.bind(parser);
    parser.emit = (event: string | symbol, ...args: unknown[]) =>
      event === 'end' && !parser.readableEnded ? false : emit(event, ...args);
    return super.pipe(destination, options);
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
    batchRecords: checkBatchRecords(options.batchRecords ?? BATCH_RECORDS),
  });
}

interface CsvSettings {
  totalBytes: number;
  encoding: TextEncoding;
  encodingReason: string;
  delimiter: Delimiter;
  maxLineChars: number;
  batchRecords: number;
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

/** Records per batch handed to the caller, unless the caller asks for another size. */
const BATCH_RECORDS = 8192;

function checkBatchRecords(size: number): number {
  if (!Number.isInteger(size) || size < 1)
    throw new MarkpiError(
      'invalid_request',
      `records per batch must be a whole number of at least 1, not ${size}`,
    );
  return size;
}

async function* readCsv(
  source: ImportSource,
  settings: CsvSettings,
  counter: ByteCounter,
): AsyncGenerator<SourceRecord[]> {
  // Records as csv-parse gives them with relax_quotes and relax_column_count, by the faster
  // parser of csv-parser.ts (which hands irregular quoting to csv-parse itself).
  const parser = new FastCsvParser({ delimiter: settings.delimiter, maxRecordChars: settings.maxLineChars });
  const decoder = new DecodeTransform({
    encoding: settings.encoding,
    fileName: source.name,
    maxLineChars: settings.maxLineChars,
    delimiter: settings.delimiter,
  });
  const input = source.open();
  // Failures anywhere upstream end the decoder's iteration with that failure.
  input.on('error', (error) => decoder.destroy(error));
  counter.on('error', (error) => decoder.destroy(error));
  input.pipe(counter).pipe(decoder);
  let line = 0;
  let records: SourceRecord[] = [];
  const parsed: ParsedRecord[] = [];
  const take = () => {
    for (const record of parsed) {
      line = record.row;
      // Empty lines come through as one empty cell; they are dropped here.
      if (record.cells.length === 1 && record.cells[0] === '') continue;
      records.push(record);
    }
    parsed.length = 0;
  };
  try {
    for await (const text of decoder) {
      parser.push(text as string, parsed);
      take();
      // Batches of exactly the size asked for (a chunk of text may hold several), so the rows a
      // caller has seen after n batches do not depend on how the file's bytes were chunked.
      if (records.length >= settings.batchRecords) {
        let start = 0;
        for (; records.length - start >= settings.batchRecords; start += settings.batchRecords)
          yield records.slice(start, start + settings.batchRecords);
        records = records.slice(start);
      }
    }
    await parser.end(parsed);
    take();
    if (records.length > 0) yield records;
  } catch (error) {
    throw csvFailure(error, source.name, line, settings.maxLineChars);
  } finally {
    input.destroy();
    decoder.destroy();
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
  const counter = new WorkbookBytes();
  // Sizes are checked once however often the rows are read (`xlsx-bounds.ts`).
  let bounded: Promise<unknown> | undefined;
  const checkBounds = () => {
    bounded ??= measureXlsxParts(source);
    return bounded;
  };
  return {
    format: 'xlsx',
    totalBytes,
    bytesRead: () => counter.bytes,
    endedWithNewline: () => true,
    batches: () => readXlsx(source, counter, checkBounds()),
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

async function* readXlsx(
  source: ImportSource,
  counter: ByteCounter,
  bounded: Promise<unknown>,
): AsyncGenerator<SourceRecord[]> {
  await bounded;
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
          const value = xlsxCell(cell.value, cell.numFmt);
          if (typeof value === 'string') checkCellLength(source.name, row.number, column, value);
          cells.push(value);
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
