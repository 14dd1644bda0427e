/** The shapes an import reports: rejected rows, warnings, reconciliation, progress. */
import type { Said } from '@markpi/core';
import type { ValueKind } from '../platforms/types.js';
import type { Period } from '../read/preamble.js';

export interface RejectedRow {
  file: string;
  /** 1-based row of the file. */
  row: number;
  /** Header of the first offending column, when one column is to blame. */
  column: string | null;
  /** Every problem of the row, `; `-separated, in English. */
  reason: string;
  /** The reason as a message (core's `import.reason.*`), to say it in any language; absent when only text was kept. */
  said?: Said;
  /** The row's cells by header, as read. */
  values: Record<string, string>;
}

/** Something worth knowing that did not stop a row: counted, with the first row it happened on. */
export interface ImportWarning {
  column?: string;
  /** In English: `said` said. */
  message: string;
  /** The warning as a message (core's `import.warning.*`). */
  said?: Said;
  count: number;
  firstRow: number;
}

export interface ReconciledMeasure {
  measure: string;
  /** What the file's totals row says. */
  fileTotal: number;
  /** What the loaded rows add up to (in the file's units, before currency conversion). */
  importedSum: number;
  difference: number;
  matched: boolean;
}

export interface NonAdditiveTotal {
  measure: string;
  /** What the file's totals row says (people reached once over the report). */
  fileTotal: number;
  /** What its rows add up to, counting a person once per row. */
  rowsSum: number;
}

export interface Reconciliation {
  /** `no_totals` when the file has no totals row to check against. */
  status: 'matched' | 'mismatched' | 'no_totals';
  /** Row and label of the totals row checked against. */
  totalsRow?: number;
  label?: string;
  measures: ReconciledMeasure[];
  /**
   * Measures that do not add up across rows (reach: people), whose file total differs from the
   * sum of the rows: told, never counted as a mismatch.
   */
  nonAdditive?: NonAdditiveTotal[];
  /** Other totals rows seen (Google's `Total: Account`, `Total: Search`, …), not checked. */
  otherTotals: { row: number; label: string }[];
}

export interface ColumnReport {
  header: string;
  /** 1-based column number. */
  column: number;
  /** Canonical or helper field, or null when markpi does not know the column. */
  field: string | null;
  kind?: ValueKind;
  /** Set when another column already fills the same field. */
  shadowedBy?: string;
}

export interface ImportProgress {
  file: string;
  phase: 'hashing' | 'reading' | 'done';
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ReplacementKey {
  channel: string | null;
  account: string | null;
}

export type { Period };
