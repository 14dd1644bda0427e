/**
 * The import adapter over `@markpi/importers`: `importFiles` with `dryRun` for the preview and
 * without it for the load. The importers recognise the platform, map the columns, convert
 * currencies into the workspace's base currency, and keep rejected rows in the workspace.
 */
import { importIntoWorkspace } from '@markpi/app';
import { MarkpiError, type Problem, type Said, say } from '@markpi/core';
import {
  exportRejectedRows,
  type ImportReport as FileImportReport,
  fileSource,
  validateMapping,
} from '@markpi/importers';
import type { FileReport, ImportAdapter, ImportReport, ImportRequest, RejectedRow } from './adapter.js';

/** What the user should know about a file, as messages: the importer's notes and warnings, then the server's. */
function noteMessagesOf(report: FileImportReport): Said[] {
  const summary = report.summary;
  return [
    ...(summary?.noteMessages ?? []),
    ...(summary?.warnings ?? []).map((warning): Said => {
      const message: Said = warning.said ?? {
        key: 'import.note.as_written',
        params: { text: warning.message },
      };
      const counted = { message, count: `${warning.count}`, row: `${warning.firstRow}` };
      return warning.column
        ? { key: 'import.warning.counted', params: { column: warning.column, ...counted } }
        : { key: 'import.warning.counted_file', params: counted };
    }),
    ...(summary?.reconciliation.status === 'mismatched'
      ? [{ key: 'import.note.totals_mismatch', params: {} }]
      : []),
    ...(report.status === 'already_imported'
      ? [{ key: 'import.note.already_imported', params: { at: String(report.previouslyImportedAt) } }]
      : []),
  ];
}

function fileReport(report: FileImportReport): FileReport {
  const summary = report.summary;
  const noteMessages = noteMessagesOf(report);
  return {
    file: report.file,
    importId: report.importId || null,
    status: report.status,
    platform: summary?.profile.id ?? null,
    fact: summary?.target ?? null,
    mapping: (summary?.columns ?? []).map((column) => ({ source: column.header, target: column.field })),
    rows: summary?.rowsRead ?? 0,
    accepted: summary?.rowsAccepted ?? 0,
    rejected: summary?.rowsRejected ?? 0,
    period: summary?.period ? { from: summary.period.from, to: summary.period.to } : null,
    // The importers hand accepted rows straight to the load; a dry run keeps none to show.
    sample: [],
    notes: noteMessages.map((note) => say(note, 'en')),
    noteMessages,
  };
}

function toReport(reports: readonly FileImportReport[], loading: boolean): ImportReport {
  const rejected: RejectedRow[] = reports.flatMap((report) =>
    (report.summary?.rejectedSample ?? []).map((row) => ({
      file: row.file,
      row: row.row,
      column: row.column,
      message: row.reason,
      ...(row.said ? { said: row.said } : {}),
      values: row.values,
    })),
  );
  const problems: Problem[] = reports.flatMap((report) =>
    report.error
      ? report.error.problems.length > 0
        ? report.error.problems
        : [{ file: report.file, message: report.error.message }]
      : [],
  );
  return {
    files: reports.map(fileReport),
    rejected,
    rejectedTotal: reports.reduce((total, report) => total + (report.summary?.rowsRejected ?? 0), 0),
    problems,
    rowsLoaded: loading
      ? reports
          .filter((report) => report.status === 'imported')
          .reduce((total, report) => total + (report.summary?.rowsAccepted ?? 0), 0)
      : 0,
  };
}

function run(request: ImportRequest, dryRun: boolean): Promise<FileImportReport[]> {
  const workspace = { warehouse: request.warehouse, catalog: request.catalog, now: () => new Date() };
  return importIntoWorkspace(
    workspace,
    request.files.map((file) => fileSource(file.path, file.name)),
    {
      dryRun,
      ...(request.options.platform ? { source: request.options.platform } : {}),
      ...(request.options.mapping ? { mapping: validateMapping(request.options.mapping, 'mapping') } : {}),
    },
  );
}

/** When no file could be read at all there is nothing to preview or load: a user error. */
function failWhenNothingWorked(reports: readonly FileImportReport[]): void {
  if (reports.some((report) => report.status !== 'failed')) return;
  const first = reports[0]?.error;
  throw new MarkpiError(
    first?.code ?? 'import.failed',
    first?.message ?? 'nothing could be imported',
    toReport(reports, false).problems,
  );
}

export const importersAdapter: ImportAdapter = {
  async preview(request) {
    const reports = await run(request, true);
    failWhenNothingWorked(reports);
    return toReport(reports, false);
  },

  async commit(request) {
    const reports = await run(request, false);
    failWhenNothingWorked(reports);
    return toReport(reports, true);
  },

  async rejectedRowsCsv(warehouse, importIds, language = 'en') {
    const parts = await Promise.all(importIds.map((id) => exportRejectedRows(warehouse, id, language)));
    // Each part starts with the same header line; keep the first.
    return parts.map((csv, index) => (index === 0 ? csv : csv.slice(csv.indexOf('\n') + 1))).join('');
  },
};
