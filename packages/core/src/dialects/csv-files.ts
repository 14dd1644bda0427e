/**
 * The SQL of an engine that reads a CSV file on this machine by itself, so a large import can be
 * loaded in one statement instead of row by row (the importers' engine reader). A warehouse that
 * can do this offers it as `csvFiles`; one whose server may run on another machine (ClickHouse)
 * cannot see the user's files and leaves it out.
 *
 * The importers decide what to check and what to store; this says how the engine spells it.
 * Every function returns SQL text; `text`, `date` and `value` arguments are SQL expressions,
 * `pattern`s are RE2 regular expressions, and literals are plain strings this module quotes.
 * Where the importers must store exactly what JavaScript would, the contract below says how the
 * function rounds or compares; the store's warehouse suite checks it on every engine offering it.
 */

/** The field delimiters an engine's CSV reader is asked to handle. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** What the importers settled about a file before its first data record. */
export interface CsvFileLayout {
  delimiter: CsvDelimiter;
  /** Lines before the first record to read: the preamble and the header. */
  skipLines: number;
  /** Cells per record: the relation has text columns `c0` … `c<width − 1>`. */
  width: number;
  /** Longest line accepted, in characters; a longer one stops the statement. */
  maxLineChars: number;
}

export interface CsvFileSql {
  /**
   * The file's records from line `skipLines + 1` on, as a relation of text columns `c0` …
   * `c<width − 1>` in file order. The file is UTF-8, lines end in LF or CRLF, and quoting is
   * RFC 4180: `"` quotes a cell, which may then hold delimiters and line breaks, and `""` inside
   * it is one quote. Empty cells, quoted or not, are null; empty lines are skipped; empty cells
   * past `width` are dropped. Nothing is guessed from the data. A record the reader cannot split
   * exactly — a quote left open, text after a closing quote, fewer cells than `width` or more
   * that are not empty, a line longer than `maxLineChars` (an engine counting bytes stops
   * sooner) — stops the statement with an error. `path` is an SQL expression of the file's path.
   */
  readCsv(path: string, layout: CsvFileLayout): string;
  /** A text literal of `value`, whatever characters it holds. */
  text(value: string): string;
  /** TRUE when the whole of `text` matches `pattern`; null when `text` is null. */
  fullMatch(text: string, pattern: string): string;
  /** TRUE when some part of `text` matches `pattern` (anchor it to test the start or end). */
  search(text: string, pattern: string): string;
  /** TRUE when `text` contains `fragment` as it is written. */
  contains(text: string, fragment: string): string;
  /**
   * Stops the whole statement with an error whose message includes `message` (letters, digits,
   * `-`, `_` and `:`), so whoever runs it can tell why. Evaluated only where the SQL reaches it.
   */
  fail(message: string): string;
  /** Length of `text` in UTF-8 bytes. */
  byteLength(text: string): string;
  /**
   * `text` in lower case: ASCII letters as JavaScript's `toLowerCase()`, other letters by
   * Unicode's one-to-one mapping (JavaScript differs on a few: final sigma, dotted capital I).
   */
  lower(text: string): string;
  /** `text` without its last `count` characters. */
  dropLast(text: string, count: number): string;
  /** The first `count` characters of `text`. */
  firstChars(text: string, count: number): string;
  /** `text` with every `search` replaced by `replacement`, both as written. */
  replaceAll(text: string, search: string, replacement: string): string;
  /**
   * The double nearest to a decimal number written as digits with an optional `.` and digits
   * and an optional leading `-` — rounded correctly, as JavaScript's `Number()` rounds — and null
   * for text that is not a number at all.
   */
  toNumber(text: string): string;
  /** The day `YYYY-MM-DD` names; null when it is not a calendar day. */
  toDate(text: string): string;
  /** `count` characters of `text` from the 1-based position `start`. */
  substring(text: string, start: number, count: number): string;
  /** The day of a year, month and day written in digits (`2026`, `5`, `01`); null when it is no calendar day. */
  dayOf(year: string, month: string, day: string): string;
  /** The year of a day, as a number. */
  year(date: string): string;
  /** The nearest whole number, halves away from zero (JavaScript's `Math.round` for values ≥ 0). */
  roundHalfAway(value: string): string;
}
