/**
 * Every user-facing failure of an import is a `MarkpiError` whose message already names the
 * file, row and column, so printing `error.message` alone tells the user where to look.
 */
import { formatProblem, MarkpiError, type Problem } from '@markpi/core';

export type ImportErrorCode =
  | 'import.empty'
  | 'import.binary'
  | 'import.unsupported_format'
  | 'import.encoding'
  | 'import.line_too_long'
  | 'import.truncated'
  | 'import.malformed_csv'
  | 'import.xlsx_damaged'
  | 'import.no_header'
  | 'import.unknown_source'
  | 'import.duplicate_header'
  | 'import.missing_column'
  | 'import.currency_unknown'
  | 'import.currency_conflict'
  | 'import.ambiguous_dates'
  | 'import.period_rows'
  | 'import.mapping_invalid'
  | 'import.rows_rejected'
  | 'import.file_unreadable';

/**
 * A user error about one place in one file; the message is `file:row:column: what (hint)`. A
 * problem said from a key (`problem.said`) gives the error that key too, so a client says it in
 * its own language (the place travels in the problem's fields).
 */
export function importError(code: ImportErrorCode, problem: Problem, more: Problem[] = []): MarkpiError {
  return new MarkpiError(code, formatProblem(problem), [problem, ...more], problem.said);
}
