/**
 * `markpi import`: platform exports into the workspace, one atomic load per file, with a
 * progress bar for large files and a summary table at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importIntoWorkspace, type WorkspaceContext } from '@markpi/app';
import { CHANNELS, type Channel, checkTimeZone, MarkpiError } from '@markpi/core';
import {
  exportRejectedRows,
  type ImportOptions,
  type ImportReport,
  validateMapping,
} from '@markpi/importers';
import { SingleBar } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { Io } from '../context.js';
import { readingFile, writingFile } from '../edge-errors.js';
import { type OutputFormat, renderRows } from '../output.js';

export interface ImportFlags {
  source?: string;
  mapping?: string;
  currency?: string;
  channel?: string;
  account?: string;
  /** `field=value`, repeated: constants as a mapping gives them. */
  constant?: string[];
  dryRun?: boolean;
  force?: boolean;
  allOrNothing?: boolean;
  rejected?: string;
  reader?: 'auto' | 'stream' | 'engine';
  /** Zone of times written without an offset; default the workspace's. */
  timeZone?: string;
  /** Language of rejection reasons on stderr and in `--rejected` (default English). */
  lang?: 'en' | 'zh';
}

/** Files larger than this get a progress bar on a terminal. */
const PROGRESS_BAR_BYTES = 5_000_000;

export function readMapping(file: string, cwd: string) {
  const text = readingFile(file, cwd, () => readFileSync(path.resolve(cwd, file), 'utf8'));
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const format = file.endsWith('.json') ? 'JSON' : 'YAML';
    const reason = (error as Error).message.split('\n')[0] ?? '';
    throw new MarkpiError('import.mapping_invalid', `${file}: not valid ${format}`, [
      { file, message: reason, hint: `fix the ${format} where it says; a mapping is one object of settings` },
    ]);
  }
  return validateMapping(value, file);
}

/** `--constant field=value` flags as constants; the importer checks the fields and values. */
export function constantFlags(values: readonly string[]): Record<string, string> {
  const constants: Record<string, string> = {};
  for (const text of values) {
    const equals = text.indexOf('=');
    const field = equals > 0 ? text.slice(0, equals).trim() : '';
    if (field === '') {
      throw new MarkpiError('invalid_flag', `--constant ${text}: write field=value`, [
        { message: `--constant ${text}: write field=value`, hint: 'e.g. --constant date=2025-06-30' },
      ]);
    }
    if (field in constants) {
      throw new MarkpiError('invalid_flag', `--constant ${field} is given twice`, [
        { message: `--constant ${field} is given twice`, hint: 'give each field once' },
      ]);
    }
    constants[field] = text.slice(equals + 1);
  }
  return constants;
}

export function importOptions(flags: ImportFlags, io: Io): ImportOptions {
  if (flags.channel && !(CHANNELS as readonly string[]).includes(flags.channel)) {
    throw new MarkpiError('invalid_channel', `--channel ${flags.channel} is not a channel`, [
      { message: `--channel ${flags.channel} is not a channel`, hint: `channels: ${CHANNELS.join(', ')}` },
    ]);
  }
  return {
    ...(flags.source ? { source: flags.source } : {}),
    ...(flags.mapping ? { mapping: readMapping(flags.mapping, io.cwd) } : {}),
    ...(flags.currency ? { currency: flags.currency.toUpperCase() } : {}),
    ...(flags.channel ? { channel: flags.channel as Channel } : {}),
    ...(flags.account ? { account: flags.account } : {}),
    ...(flags.constant && flags.constant.length > 0 ? { constants: constantFlags(flags.constant) } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.force ? { force: true } : {}),
    ...(flags.allOrNothing ? { rejectPolicy: 'all-or-nothing' as const } : {}),
    ...(flags.reader ? { reader: flags.reader } : {}),
    ...(flags.timeZone ? { timeZone: checkTimeZone(flags.timeZone, '--time-zone') } : {}),
  };
}

export function summaryRows(reports: readonly ImportReport[]) {
  return reports.map((report) => ({
    file: path.basename(report.file),
    status: report.status,
    platform: report.summary?.profile.id ?? null,
    period: report.summary?.period ? `${report.summary.period.from} … ${report.summary.period.to}` : null,
    accepted: report.summary?.rowsAccepted ?? null,
    rejected: report.summary?.rowsRejected ?? null,
    replaced: report.rowsReplaced,
    totals: report.summary?.reconciliation.status ?? null,
  }));
}

export async function runImport(
  files: readonly string[],
  flags: ImportFlags,
  workspace: WorkspaceContext,
  io: Io,
  progressMode: 'bar' | 'json' | 'none',
) {
  const { warehouse } = workspace;
  const options = importOptions(flags, io);
  let bar: SingleBar | undefined;
  let currentFile = '';
  const reports = await importIntoWorkspace(
    workspace,
    files.map((file) => path.resolve(io.cwd, file)),
    {
      ...options,
      onProgress: (progress) => {
        if (progressMode === 'json') {
          io.err(`${JSON.stringify(progress)}\n`);
          return;
        }
        if (progressMode !== 'bar' || progress.totalBytes < PROGRESS_BAR_BYTES) return;
        if (progress.file !== currentFile) {
          bar?.stop();
          currentFile = progress.file;
          bar = new SingleBar({
            format: `${path.basename(progress.file)} {phase} [{bar}] {percentage}% | {rows} rows`,
            stream: process.stderr,
          });
          bar.start(progress.totalBytes, 0, { phase: progress.phase, rows: 0 });
        }
        bar?.update(progress.bytesRead, {
          phase: progress.phase,
          rows: progress.rowsRead.toLocaleString('en-US'),
        });
        if (progress.phase === 'done') bar?.stop();
      },
    },
  );
  bar?.stop();
  if (flags.rejected) {
    const ids = reports
      .filter((report) => (report.summary?.rowsRejected ?? 0) > 0)
      .map((report) => report.importId);
    const csv =
      ids.length > 0
        ? (await Promise.all(ids.map((id) => exportRejectedRows(warehouse, id, flags.lang ?? 'en')))).join('')
        : '';
    const rejectedFile = flags.rejected;
    writingFile(rejectedFile, io.cwd, () => writeFileSync(path.resolve(io.cwd, rejectedFile), csv));
  }
  return reports;
}

const PREVIEW_TEXT = {
  en: {
    head: (file: string, shown: number, rows: number, table: string) =>
      `${file}: the first ${shown} of ${rows} rows as they would be stored in ${table} (nothing was written)`,
    totals: (rows: number) => `totals over ${rows} rows`,
  },
  zh: {
    head: (file: string, shown: number, rows: number, table: string) =>
      `${file}:将写入 ${table} 的 ${rows} 行中的前 ${shown} 行(未写入任何数据)`,
    totals: (rows: number) => `${rows} 行的合计`,
  },
};

/** A dry run's preview: each file's first rows as they would be stored, then its totals. */
export function renderPreviews(
  reports: readonly ImportReport[],
  format: OutputFormat,
  language: 'en' | 'zh' = 'en',
): string {
  const text = PREVIEW_TEXT[language];
  const parts: string[] = [];
  for (const report of reports) {
    for (const preview of report.preview?.tables ?? []) {
      const { rows } = preview;
      parts.push(
        `\n${text.head(path.basename(report.file), rows.length, preview.rowCount, preview.table)}\n`,
      );
      if (rows.length > 0) parts.push(renderRows(rows, Object.keys(rows[0] ?? {}), format));
      const totals = Object.keys(preview.totals);
      if (totals.length > 0) {
        parts.push(`${text.totals(preview.rowCount)}\n`);
        parts.push(renderRows([preview.totals], totals, format));
      }
    }
  }
  return parts.join('');
}
