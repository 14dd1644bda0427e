/**
 * Header text normalisation and the search for the header row. Exports put titles, date
 * ranges and notes above the header (Google Ads, GA4, Xiaohongshu), so the header is the row
 * among the first ones that best matches a known vocabulary, not simply row 1.
 */
import type { RawCell, SourceRecord } from './records.js';

/**
 * One spelling for header comparisons: NFKC (fullwidth brackets and digits become ASCII),
 * lower case, no spaces around brackets, single spaces.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([()[\]【】])\s*/g, '$1')
    .replace(/^["'\s]+|["'\s]+$/g, '');
}

export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  return String(cell.fraction);
}

/** Scores a candidate header row; higher is a better match. */
export type HeaderScorer = (normalizedCells: readonly string[]) => number;

export interface HeaderSearchResult {
  /** Index into the searched records. */
  index: number;
  score: number;
}

/**
 * The best-scoring row among `records`. With no vocabulary hit anywhere, falls back to the
 * first row whose cells are all text and whose width matches the rows below it.
 */
export function findHeaderRow(
  records: readonly SourceRecord[],
  score: HeaderScorer,
): HeaderSearchResult | undefined {
  let best: HeaderSearchResult | undefined;
  records.forEach((record, index) => {
    const cells = record.cells.map((cell) => normalizeHeader(cellText(cell)));
    if (cells.filter((cell) => cell !== '').length < 2) return;
    const value = score(cells);
    if (value > 0 && (!best || value > best.score)) best = { index, score: value };
  });
  if (best) return best;
  return fallbackHeaderRow(records);
}

function fallbackHeaderRow(records: readonly SourceRecord[]): HeaderSearchResult | undefined {
  const width = (record: SourceRecord) => record.cells.filter((cell) => cellText(cell).trim() !== '').length;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const filled = width(record);
    if (filled < 2) continue;
    const allText = record.cells.every(
      (cell) => cell === null || (typeof cell === 'string' && !/^[-+]?[\d.,%\s]+$/.test(cell.trim())),
    );
    const next = records[index + 1];
    if (allText && (!next || width(next) >= filled - 1)) return { index, score: 0 };
  }
  return undefined;
}
