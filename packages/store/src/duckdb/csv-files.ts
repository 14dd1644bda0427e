/**
 * How DuckDB reads a CSV file within a statement (`read_csv`) and spells the functions the
 * importers' engine reader checks cells with. The contract is core's `CsvFileSql`; the warehouse
 * suite checks it here.
 */
import type { CsvDelimiter, CsvFileSql } from '@markpi/core';

/** `read_csv` takes `\t` written as backslash-t. */
const DELIMITERS: Readonly<Record<CsvDelimiter, string>> = {
  ',': "','",
  ';': "';'",
  '\t': "'\\t'",
  '|': "'|'",
};

/**
 * DuckDB string literals know no backslash escapes: only the quote is doubled. The parser ends
 * SQL text at a NUL character, so one is spliced in with `chr(0)`.
 */
const text = (value: string) =>
  value
    .split('\0')
    .map((part) => `'${part.replaceAll("'", "''")}'`)
    .join(' || chr(0) || ');

export const duckDbCsvFiles: CsvFileSql = {
  readCsv: (path, layout) => {
    const columns = Array.from({ length: Math.trunc(layout.width) }, (_, index) => `'c${index}': 'VARCHAR'`);
    // Nothing detected, every cell text, and strict: a record DuckDB would have to guess at
    // (an open quote, a stray one, a wrong cell count) stops the statement instead.
    // max_line_size counts bytes, so a long line of multi-byte text stops sooner than
    // `maxLineChars` says: the importers then read the file their own way.
    return (
      `read_csv(${path}, header = false, skip = ${Math.trunc(layout.skipLines)}, delim = ${DELIMITERS[layout.delimiter]}, ` +
      `quote = '"', escape = '"', auto_detect = false, strict_mode = true, encoding = 'utf-8', ` +
      `max_line_size = ${Math.trunc(layout.maxLineChars)}, columns = {${columns.join(', ')}})`
    );
  },
  text,
  fullMatch: (value, pattern) => `regexp_full_match(${value}, ${text(pattern)})`,
  search: (value, pattern) => `regexp_matches(${value}, ${text(pattern)})`,
  contains: (value, fragment) => `contains(${value}, ${text(fragment)})`,
  fail: (message) => `error(${text(message)})`,
  byteLength: (value) => `strlen(${value})`,
  lower: (value) => `lower(${value})`,
  dropLast: (value, count) => `left(${value}, length(${value}) - ${Math.trunc(count)})`,
  firstChars: (value, count) => `left(${value}, ${Math.trunc(count)})`,
  replaceAll: (value, search, replacement) => `replace(${value}, ${text(search)}, ${text(replacement)})`,
  // DuckDB's cast rounds decimal text correctly (to the nearest double, as Number() does).
  toNumber: (value) => `TRY_CAST(${value} AS DOUBLE)`,
  toDate: (value) => `TRY_CAST(${value} AS DATE)`,
  substring: (value, start, count) => `substr(${value}, ${Math.trunc(start)}, ${Math.trunc(count)})`,
  dayOf: (year, month, day) =>
    `TRY_CAST(printf('%04d-%02d-%02d', TRY_CAST(${year} AS INTEGER), TRY_CAST(${month} AS INTEGER), TRY_CAST(${day} AS INTEGER)) AS DATE)`,
  year: (date) => `year(${date})`,
  roundHalfAway: (value) => `round(${value})`,
};
