/** Uploads and their life: uploaded → previewed → importing → imported | failed | cancelled. */
import type { Problem, Said } from '@markpi/core';
import type { Row, Warehouse } from '@markpi/store';
import type { FileReport, ImportOptions, RejectedRow, UploadedFile } from '../imports/adapter.js';
import { json, optionalJson, text } from './rows.js';

export const IMPORT_STATUSES = [
  'previewed',
  'preview_failed',
  'importing',
  'imported',
  'failed',
  'cancelled',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportError {
  code: string;
  message: string;
  problems: Problem[];
  /** The message as a key and parameters, to say it in the reader's language. */
  said?: Said;
}

/**
 * What is kept of an adapter's report: everything but the full list of rejected rows, which
 * goes to a CSV file next to the upload (it can be as long as the file itself).
 */
export interface StoredImportReport {
  files: FileReport[];
  rejectedRows: number;
  rejectedSample: RejectedRow[];
  problems: Problem[];
  rowsLoaded: number;
}

export interface ImportRecord {
  id: string;
  workspaceId: string;
  status: ImportStatus;
  files: UploadedFile[];
  options: ImportOptions;
  /** The preview's report until confirmed, then the commit's. */
  report: StoredImportReport | null;
  error: ImportError | null;
  /** Id of the user who uploaded. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, workspace_id, status, files, options, report, error, created_by, created_at, updated_at';

/** Statuses whose uploaded files are still on disk, waiting for a confirmation or a retry. */
export const PENDING_STATUSES: readonly ImportStatus[] = ['previewed', 'preview_failed', 'failed'];
const PENDING_SQL = PENDING_STATUSES.map((status) => `'${status}'`).join(', ');

function toImport(row: Row): ImportRecord {
  return {
    id: text(row, 'id'),
    workspaceId: text(row, 'workspace_id'),
    status: text(row, 'status') as ImportStatus,
    files: json<UploadedFile[]>(row, 'files'),
    options: json<ImportOptions>(row, 'options'),
    report: optionalJson<StoredImportReport>(row, 'report'),
    error: optionalJson<ImportError>(row, 'error'),
    createdBy: text(row, 'created_by'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export class ImportRepository {
  constructor(private readonly db: Warehouse) {}

  async create(record: ImportRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO server_imports (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        record.id,
        record.workspaceId,
        record.status,
        JSON.stringify(record.files),
        JSON.stringify(record.options),
        record.report === null ? null : JSON.stringify(record.report),
        record.error === null ? null : JSON.stringify(record.error),
        record.createdBy,
        record.createdAt,
        record.updatedAt,
      ],
    );
  }

  async update(record: ImportRecord): Promise<void> {
    await this.db.run(
      'UPDATE server_imports SET status = $1, options = $2, report = $3, error = $4, updated_at = $5 WHERE workspace_id = $6 AND id = $7',
      [
        record.status,
        JSON.stringify(record.options),
        record.report === null ? null : JSON.stringify(record.report),
        record.error === null ? null : JSON.stringify(record.error),
        record.updatedAt,
        record.workspaceId,
        record.id,
      ],
    );
  }

  /**
   * Moves a previewed (or failed) import to `importing` and says whether this call did it, so
   * two confirmations of the same upload can't both load it.
   */
  async claimForImport(workspaceId: string, id: string, at: string): Promise<boolean> {
    const claimed = await this.db.query(
      "UPDATE server_imports SET status = 'importing', updated_at = $1 WHERE workspace_id = $2 AND id = $3 AND status IN ('previewed', 'failed') RETURNING id",
      [at, workspaceId, id],
    );
    return claimed.length === 1;
  }

  async byId(workspaceId: string, id: string): Promise<ImportRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS} FROM server_imports WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row ? toImport(row) : undefined;
  }

  /** Imports left `importing` by a server that stopped mid-load are failed, so they can be retried. */
  async failInterrupted(at: string): Promise<void> {
    const error: ImportError = {
      code: 'import_interrupted',
      message: 'the server stopped during this import',
      problems: [],
    };
    await this.db.run(
      "UPDATE server_imports SET status = 'failed', error = $1, updated_at = $2 WHERE status = 'importing'",
      [JSON.stringify(error), at],
    );
  }

  /** Bytes of the files a workspace's unconfirmed uploads (and the one loading) hold on disk. */
  async heldBytes(workspaceId: string): Promise<number> {
    const rows = await this.db.query(
      `SELECT files FROM server_imports WHERE workspace_id = $1 AND status IN (${PENDING_SQL}, 'importing')`,
      [workspaceId],
    );
    return rows
      .flatMap((row) => json<UploadedFile[]>(row, 'files'))
      .reduce((sum, file) => sum + file.size, 0);
  }

  /** Unconfirmed uploads of every workspace last touched before `at`. */
  async pendingBefore(at: string): Promise<ImportRecord[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM server_imports WHERE status IN (${PENDING_SQL}) AND updated_at < $1`,
      [at],
    );
    return rows.map(toImport);
  }

  async list(workspaceId: string, limit: number): Promise<ImportRecord[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM server_imports WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT ${Math.trunc(limit)}`,
      [workspaceId],
    );
    return rows.map(toImport);
  }
}
