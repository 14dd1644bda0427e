/**
 * A stand-in importer for the HTTP tests: reads `date,channel,impressions,clicks` CSV files,
 * rejects rows with a bad date or number, and appends accepted rows to `fact_performance`.
 * Real DuckDB, real files; only the platform knowledge is missing.
 */
import { readFileSync } from 'node:fs';
import { MarkpiError } from '@markpi/core';
import type { CellValue } from '@markpi/store';
import type {
  FileReport,
  ImportAdapter,
  ImportReport,
  ImportRequest,
  RejectedRow,
} from '../imports/adapter.js';

const COLUMNS = ['date', 'channel', 'impressions', 'clicks'] as const;

interface Parsed {
  accepted: Record<string, CellValue>[];
  report: ImportReport;
}

function parse(request: ImportRequest): Parsed {
  const accepted: Record<string, CellValue>[] = [];
  const rejected: RejectedRow[] = [];
  const files: FileReport[] = [];
  for (const file of request.files) {
    const [header, ...lines] = readFileSync(file.path, 'utf8').trim().split(/\r?\n/);
    const names = (header ?? '').split(',');
    if (COLUMNS.some((column, index) => names[index] !== column)) {
      throw new MarkpiError('import.unknown_source', `${file.name}: not a file this importer knows`, [
        { file: file.name, row: 1, message: `expected the columns ${COLUMNS.join(', ')}` },
      ]);
    }
    let fileAccepted = 0;
    const dates: string[] = [];
    lines.forEach((line, index) => {
      const cells = line.split(',');
      const values = Object.fromEntries(COLUMNS.map((column, position) => [column, cells[position] ?? '']));
      const bad = COLUMNS.find((column) =>
        column === 'date'
          ? !/^\d{4}-\d{2}-\d{2}$/.test(values[column] ?? '')
          : column !== 'channel' && Number.isNaN(Number(values[column])),
      );
      if (bad) {
        rejected.push({
          file: file.name,
          row: index + 2,
          column: bad,
          message: `not a ${bad === 'date' ? 'date' : 'number'}`,
          values,
        });
        return;
      }
      fileAccepted++;
      dates.push(values.date ?? '');
      accepted.push({
        date: values.date ?? null,
        channel: values.channel ?? null,
        impressions: Number(values.impressions),
        clicks: Number(values.clicks),
        import_id: request.importId,
      });
    });
    dates.sort();
    files.push({
      file: file.name,
      importId: `test-${request.importId}-${files.length}`,
      status: 'dry_run',
      notes: [],
      platform: request.options.platform ?? 'test-csv',
      fact: 'performance',
      mapping: COLUMNS.map((column) => ({ source: column, target: column })),
      rows: lines.length,
      accepted: fileAccepted,
      rejected: lines.length - fileAccepted,
      period: dates.length > 0 ? { from: dates[0]!, to: dates.at(-1)! } : null,
      sample: accepted.slice(0, 5),
    });
  }
  return {
    accepted,
    report: { files, rejected, rejectedTotal: rejected.length, problems: [], rowsLoaded: 0 },
  };
}

export const testCsvAdapter: ImportAdapter = {
  async preview(request) {
    return parse(request).report;
  },
  async commit(request) {
    const { accepted, report } = parse(request);
    await request.warehouse.transaction(async (scoped) => {
      await scoped.append('fact_performance', {
        rowCount: accepted.length,
        columns: Object.fromEntries(
          ['date', 'channel', 'impressions', 'clicks', 'import_id'].map((key) => [
            key,
            accepted.map((row) => row[key] ?? null),
          ]),
        ),
      });
    });
    return { ...report, rowsLoaded: accepted.length };
  },
};

/** A multipart/form-data body with files in the `file` field and optional text fields. */
export function multipart(files: { name: string; content: string }[], fields: Record<string, string> = {}) {
  const boundary = '----markpi-test-boundary';
  const parts = [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    ...files.map(
      (file) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    ),
  ];
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
