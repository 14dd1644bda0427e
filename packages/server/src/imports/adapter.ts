/**
 * The seam between the HTTP upload flow and the importers. The server stores uploaded files,
 * asks the adapter for a dry run (preview), and on confirmation asks it to load. Everything an
 * importer knows (platform detection, column mapping, row validation) stays behind this
 * interface, so the HTTP side can be built and tested before the importers are finished.
 */
import { type Catalog, MarkpiError, type MessageLanguage, type Problem, type Said } from '@markpi/core';
import type { CellValue, Warehouse } from '@markpi/store';

export interface UploadedFile {
  /** The name the user's browser sent, for messages and the rejected-rows report. */
  name: string;
  /** Where the server keeps the bytes until the import is confirmed or cancelled. */
  path: string;
  size: number;
}

/** Choices the user may make in the preview; all optional, the importer detects the rest. */
export interface ImportOptions {
  /** Platform to read the files as, when detection guesses wrong (e.g. `douyin`). */
  platform?: string;
  /** A column mapping for files no platform covers, as `markpi import --mapping` reads it. */
  mapping?: Record<string, unknown>;
}

export interface ImportRequest {
  /** Stable id of this import; importers record it in each loaded row's `import_id`. */
  importId: string;
  warehouse: Warehouse;
  catalog: Catalog;
  files: readonly UploadedFile[];
  options: ImportOptions;
}

export interface ColumnMapping {
  /** Column header in the file. */
  source: string;
  /** Canonical column it maps to (`date`, `channel`, `impressions`, …), or null when ignored. */
  target: string | null;
}

export interface FileReport {
  file: string;
  /** The importer's own id of this file's load (a content hash), once known. */
  importId: string | null;
  /** `imported`, `already_imported` (same bytes loaded before), `dry_run` or `failed`. */
  status: string;
  /** Detected (or chosen) platform, null when unrecognised. */
  platform: string | null;
  /** Fact table the rows go to, e.g. `performance`. */
  fact: string | null;
  mapping: ColumnMapping[];
  rows: number;
  accepted: number;
  rejected: number;
  /** First and last day in the file's accepted rows. */
  period: { from: string; to: string } | null;
  /** A few accepted rows as they would be stored, for the preview table (may be empty). */
  sample: Record<string, CellValue>[];
  /** What the user should know about this file: mapping notes, totals that didn't reconcile. */
  notes: string[];
  /** `notes` as messages, in the same order (absent from reports kept before notes were messages). */
  noteMessages?: Said[];
}

export interface RejectedRow {
  file: string;
  /** 1-based row in the file, counting the header. */
  row: number;
  column: string | null;
  message: string;
  /** `message` as a message (core's `import.reason.*`), when the importer gave one. */
  said?: Said;
  /** The row's cells as read, so the user can fix and re-upload them. */
  values: Record<string, string>;
}

export interface ImportReport {
  files: FileReport[];
  /** Rejected rows at hand: all of them, or the first ones when `rejectedTotal` is larger. */
  rejected: RejectedRow[];
  rejectedTotal: number;
  /** Problems about whole files (unreadable, unknown platform), with file/row/column. */
  problems: Problem[];
  /** Rows written by a commit; 0 for a preview. */
  rowsLoaded: number;
}

export interface ImportAdapter {
  /** A dry run: reads, detects and validates everything, writes nothing. */
  preview(request: ImportRequest): Promise<ImportReport>;
  /**
   * Loads the files, each atomically (all its accepted rows land, or none do). Throws a user
   * error when nothing at all could be loaded.
   */
  commit(request: ImportRequest): Promise<ImportReport>;
  /**
   * Every rejected row of loaded files as CSV, when the importer keeps them in the workspace;
   * without it the server's copy of the rows the report carried is served.
   */
  rejectedRowsCsv?(
    warehouse: Warehouse,
    importIds: readonly string[],
    language?: MessageLanguage,
  ): Promise<string>;
}

/** For servers built without importers (and for testing the HTTP side alone). */
export const importersNotReadyAdapter: ImportAdapter = {
  preview: () => Promise.reject(notReady()),
  commit: () => Promise.reject(notReady()),
};

function notReady(): MarkpiError {
  return new MarkpiError(
    'imports_unavailable',
    'imports are not available in this build: the importers package does not export its import service yet',
  );
}
