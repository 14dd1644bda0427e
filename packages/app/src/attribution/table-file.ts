/**
 * A file of named columns, read the way imports read: the encoding and delimiter sniffed, CSV or
 * XLSX, titles above the header skipped. The header is the first of the file's first rows that
 * holds every column asked for (compared as imports compare headers: NFKC, case and spacing
 * ignored); a file without one is refused with the columns it does have.
 */
import { didYouMean, MarkpiError, type Problem } from '@markpi/core';
import {
  cellText,
  fileSource,
  type ImportSource,
  normalizeHeader,
  openRecordStream,
  type RawCell,
  type SourceRecord,
} from '@markpi/importers';

/** Rows searched for the header. */
const HEADER_SEARCH_ROWS = 50;

export interface WantedColumn {
  /** The header as the user named it. */
  name: string;
  /** The flag or field that named it, for messages (`--path-column`). */
  flag: string;
}

export interface TableRow<K extends string> {
  /** 1-based row of the file. */
  row: number;
  cells: Record<K, RawCell>;
}

export interface TableFile<K extends string> {
  /** The file's name (not its path), as messages say it. */
  file: string;
  /** 1-based row of the header. */
  headerRow: number;
  rows: TableRow<K>[];
}

/** A source as given: a path is read from disk. */
export function sourceOf(file: ImportSource | string): ImportSource {
  return typeof file === 'string' ? fileSource(file) : file;
}

/** Reads the columns asked for from every row below the header; blank rows are skipped. */
export async function readNamedColumns<K extends string>(
  file: ImportSource | string,
  wanted: Readonly<Record<K, WantedColumn | undefined>>,
): Promise<TableFile<K>> {
  const source = sourceOf(file);
  const keys = (Object.keys(wanted) as K[]).filter((key) => wanted[key] !== undefined);
  const names = new Map(keys.map((key) => [key, normalizeHeader(wanted[key]!.name)]));
  checkDistinct(keys, wanted, names);
  const stream = await openRecordStream(source);
  const rows: TableRow<K>[] = [];
  const searched: SourceRecord[] = [];
  let positions: Map<K, number> | undefined;
  let headerRow = 0;
  for await (const batch of stream.batches()) {
    for (const record of batch) {
      if (!positions) {
        searched.push(record);
        const found = findColumns(record, keys, names);
        if (found) {
          positions = found;
          headerRow = record.row;
        } else if (searched.length >= HEADER_SEARCH_ROWS) {
          throw missingColumns(source.name, keys, wanted, names, searched);
        }
        continue;
      }
      if (record.cells.every((cell) => cell === null || cellText(cell).trim() === '')) continue;
      const cells = {} as Record<K, RawCell>;
      for (const key of keys) cells[key] = record.cells[positions.get(key)!] ?? null;
      rows.push({ row: record.row, cells });
    }
  }
  if (!positions) throw missingColumns(source.name, keys, wanted, names, searched);
  return { file: source.name, headerRow, rows };
}

function checkDistinct<K extends string>(
  keys: readonly K[],
  wanted: Readonly<Record<K, WantedColumn | undefined>>,
  names: ReadonlyMap<K, string>,
): void {
  const seen = new Map<string, K>();
  const problems: Problem[] = [];
  for (const key of keys) {
    const name = names.get(key)!;
    const other = seen.get(name);
    if (name === '') {
      problems.push({ message: `${wanted[key]!.flag} names no column`, path: wanted[key]!.flag });
    } else if (other !== undefined) {
      problems.push({
        message: `${wanted[other]!.flag} and ${wanted[key]!.flag} both name the column \`${wanted[key]!.name}\``,
        path: wanted[key]!.flag,
        hint: 'each option names a different column',
      });
    } else seen.set(name, key);
  }
  if (problems.length > 0)
    throw new MarkpiError('invalid_flag', problems.map((problem) => problem.message).join('; '), problems);
}

/** Where each wanted column sits in the record, when the record holds them all. */
function findColumns<K extends string>(
  record: SourceRecord,
  keys: readonly K[],
  names: ReadonlyMap<K, string>,
): Map<K, number> | undefined {
  const headers = record.cells.map((cell) => normalizeHeader(cellText(cell)));
  const positions = new Map<K, number>();
  for (const key of keys) {
    const at = headers.indexOf(names.get(key)!);
    if (at < 0) return undefined;
    positions.set(key, at);
  }
  return positions;
}

/** The columns not found, said against the row that holds most of them (else the first row). */
function missingColumns<K extends string>(
  file: string,
  keys: readonly K[],
  wanted: Readonly<Record<K, WantedColumn | undefined>>,
  names: ReadonlyMap<K, string>,
  searched: readonly SourceRecord[],
): MarkpiError {
  let best: { record: SourceRecord; headers: string[]; hits: number } | undefined;
  for (const record of searched) {
    const headers = record.cells.map((cell) => cellText(cell).trim()).filter((text) => text !== '');
    if (headers.length === 0) continue;
    const normalized = new Set(headers.map(normalizeHeader));
    const hits = keys.filter((key) => normalized.has(names.get(key)!)).length;
    if (!best || hits > best.hits) best = { record, headers, hits };
  }
  if (!best) {
    return new MarkpiError('import.empty', `${file}: the file holds no rows`, [
      { file, row: 1, message: 'the file holds no rows' },
    ]);
  }
  const present = new Set(best.headers.map(normalizeHeader));
  const problems: Problem[] = keys
    .filter((key) => !present.has(names.get(key)!))
    .map((key) => {
      const { name, flag } = wanted[key]!;
      return {
        file,
        row: best.record.row,
        column: name,
        message: `no column \`${name}\` (${flag})`,
        hint: didYouMean(name, best.headers) ?? `the columns are ${best.headers.join(', ')}`,
      };
    });
  const missing = problems.map((problem) => `\`${problem.column}\``).join(', ');
  return new MarkpiError(
    'import.missing_column',
    `${file}: no header row holds the column${problems.length === 1 ? '' : 's'} ${missing}`,
    problems,
  );
}
