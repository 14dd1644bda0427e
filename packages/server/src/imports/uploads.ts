/**
 * Where uploads live between upload and confirmation: `<dataDir>/uploads/<importId>/`, one
 * file per upload named by its position (never by the name the browser sent, which could hold
 * `../`), and `rejected.csv` with every rejected row once a preview or load has run.
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvField, type MessageLanguage, sayIfKnown, uploadTooLarge } from '@markpi/core';
import type { StoredImportReport } from '../meta/imports.js';
import type { Services } from '../services.js';
import type { ImportReport, RejectedRow, UploadedFile } from './adapter.js';

/** Rejected rows kept in the import record; the CSV has all of them. */
export const REJECTED_SAMPLE_SIZE = 100;
const REJECTED_FILE = 'rejected.csv';
/** The same rows with their reasons in Chinese, written beside it. */
const REJECTED_FILE_ZH = 'rejected.zh.csv';

export function uploadDirectory(dataDir: string, importId: string): string {
  return path.join(dataDir, 'uploads', importId);
}

/** Keeps only a short, harmless extension, so importers can still tell `.xlsx` from `.csv`. */
function storedName(index: number, original: string): string {
  const extension = path.extname(original).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(extension) ? `${index}${extension}` : `${index}`;
}

export async function saveUpload(
  directory: string,
  index: number,
  original: string,
  stream: Readable & { truncated?: boolean },
  maxBytes: number,
): Promise<UploadedFile> {
  mkdirSync(directory, { recursive: true });
  const target = path.join(directory, storedName(index, original));
  await pipeline(stream, createWriteStream(target));
  if (stream.truncated) throw uploadTooLarge(original, maxBytes);
  return { name: original.slice(0, 255) || `file ${index + 1}`, path: target, size: statSync(target).size };
}

/**
 * Bytes of uploads still arriving, per workspace, so two uploads at once can't both take the
 * room the quota has left: the metadata counts an upload's files only once it is previewed.
 */
const arrivingBytes = new WeakMap<Services, Map<string, number>>();

export function uploadQuota(services: Services, workspaceId: string) {
  const counts = arrivingBytes.get(services) ?? new Map<string, number>();
  arrivingBytes.set(services, counts);
  return {
    arriving: () => counts.get(workspaceId) ?? 0,
    add(bytes: number) {
      const next = (counts.get(workspaceId) ?? 0) + bytes;
      if (next === 0) counts.delete(workspaceId);
      else counts.set(workspaceId, next);
    },
  };
}

export function removeUpload(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/** Deletes the uploaded files after a load but keeps the rejected-rows report. */
export function removeUploadedFiles(files: readonly UploadedFile[]): void {
  for (const file of files) rmSync(file.path, { force: true });
}

/**
 * The rejected rows as CSV: where, why (in `language`: a reason without a message core knows stays
 * as written), then the row's own cells, so it can be fixed and re-uploaded.
 */
export function rejectedRowsCsv(rows: readonly RejectedRow[], language: MessageLanguage = 'en'): string {
  const valueColumns = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  const header = ['file', 'row', 'column', 'problem', ...valueColumns];
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.file,
        row.row,
        row.column ?? '',
        (language === 'en' ? undefined : sayIfKnown(row.said, language)) ?? row.message,
        ...valueColumns.map((column) => row.values[column] ?? ''),
      ]
        .map(csvField)
        .join(','),
    );
  }
  // A byte-order mark makes Excel read the file as UTF-8, which Chinese headers need.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Writes the rejected rows the report carries as CSV and returns what the import record keeps. */
export function storeReport(directory: string, report: ImportReport): StoredImportReport {
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, REJECTED_FILE), rejectedRowsCsv(report.rejected));
  writeFileSync(path.join(directory, REJECTED_FILE_ZH), rejectedRowsCsv(report.rejected, 'zh'));
  return {
    files: report.files,
    rejectedRows: Math.max(report.rejectedTotal, report.rejected.length),
    rejectedSample: report.rejected.slice(0, REJECTED_SAMPLE_SIZE),
    problems: report.problems,
    rowsLoaded: report.rowsLoaded,
  };
}

export function readRejectedCsv(directory: string, language: MessageLanguage = 'en'): string | undefined {
  const file = path.join(directory, language === 'zh' ? REJECTED_FILE_ZH : REJECTED_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
