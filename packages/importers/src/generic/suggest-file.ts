/**
 * The suggester over a file: reads the head (the header below any title lines, then a sample
 * of data rows, totals and blank rows left out) and suggests a mapping from it. Nothing else of
 * the file is read.
 */
import { importError } from '../errors.js';
import { cellText, findHeaderRow } from '../read/header.js';
import { openRecordStream, type SourceRecord } from '../read/records.js';
import type { ImportSource } from '../read/source.js';
import { isTotalLabel } from '../read/totals.js';
import { readHeader } from './classify.js';
import { headerFingerprint } from './fingerprint.js';
import { type MappingSuggestion, suggestColumnMapping } from './suggest.js';

export interface FileSuggestion extends MappingSuggestion {
  file: string;
  /** 1-based row of the header in the file. */
  headerRow: number;
  /** Data rows the suggestion looked at. */
  sampledRows: number;
  /** The header's shape (`headerFingerprint`), under which a mapping made for it is remembered. */
  fingerprint: string;
}

const HEADER_SEARCH_ROWS = 30;
const DEFAULT_SAMPLE_ROWS = 500;

/** Cells a header would have: words with a meaning markpi knows. */
function headerScore(cells: readonly string[]): number {
  let known = 0;
  for (const cell of cells) {
    if (cell === '' || /^[-+]?[\d.,%\s]+$/.test(cell)) continue;
    if (readHeader(cell).hint) known++;
  }
  return known >= 2 ? known : 0;
}

/** A totals row: its first filled cell among the first three is a totals label. */
function isTotalsRow(record: SourceRecord): boolean {
  for (let index = 0; index < Math.min(3, record.cells.length); index++) {
    const text = cellText(record.cells[index] ?? null).trim();
    if (text !== '') return isTotalLabel(text);
  }
  return false;
}

interface FileHead {
  headerRow: number;
  headers: string[];
  /** Data rows below the header as texts, totals and blank rows left out. */
  rows: string[][];
}

async function readHead(source: ImportSource, sampleRows: number): Promise<FileHead> {
  const stream = await openRecordStream(source);
  const head: SourceRecord[] = [];
  for await (const batch of stream.batches()) {
    head.push(...batch);
    if (head.length >= HEADER_SEARCH_ROWS + sampleRows) break;
  }
  const found = findHeaderRow(head.slice(0, HEADER_SEARCH_ROWS), headerScore);
  if (!found) {
    throw importError('import.no_header', {
      file: source.name,
      row: head[0]?.row ?? 1,
      column: 1,
      message: `no header row in the first ${Math.min(head.length, HEADER_SEARCH_ROWS)} rows`,
      hint: 'the file should have a row of column names above its data',
    });
  }
  const headerRecord = head[found.index]!;
  const headers = headerRecord.cells.map((cell) => cellText(cell).trim());
  const rows = head
    .slice(found.index + 1)
    .filter((record) => record.cells.some((cell) => cellText(cell).trim() !== '') && !isTotalsRow(record))
    .slice(0, sampleRows)
    .map((record) => headers.map((_, index) => cellText(record.cells[index] ?? null)));
  return { headerRow: headerRecord.row, headers, rows };
}

/** The shape of a file's header (see `headerFingerprint`); only the head of the file is read. */
export async function fingerprintOfFile(source: ImportSource): Promise<string> {
  return headerFingerprint((await readHead(source, 0)).headers);
}

export async function suggestMappingForFile(
  source: ImportSource,
  options: { sampleRows?: number; name?: string } = {},
): Promise<FileSuggestion> {
  const { headerRow, headers, rows } = await readHead(source, options.sampleRows ?? DEFAULT_SAMPLE_ROWS);
  const name = options.name ?? source.name.replace(/\.[^.]+$/, '');
  return {
    ...suggestColumnMapping(headers, rows, name),
    file: source.name,
    headerRow,
    sampledRows: rows.length,
    fingerprint: headerFingerprint(headers),
  };
}
