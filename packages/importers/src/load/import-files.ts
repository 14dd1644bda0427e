/**
 * The import service the CLI and the HTTP API call. Each file is one import whose id is the
 * sha256 of its bytes, loaded atomically on every engine (see import-load.ts): all its rows, its
 * rejected rows and its log entry land together or not at all. The same file twice is a no-op;
 * a newer file for the same platform, channel, account and days replaces what older imports
 * loaded for them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  duckDbDialect,
  type ErrorCode,
  FACTS,
  FX_RATES_TABLE,
  IMPORTS_TABLE,
  isMarkpiError,
  MarkpiError,
  type MessageLanguage,
  PERIOD_END_COLUMN,
  type Problem,
  REJECTED_ROWS_TABLE,
  ROLLUP_METADATA_TABLE,
  rollupFromRow,
  rollupImportStatements,
  type Said,
  saidSchema,
  sayIfKnown,
} from '@markpi/core';
import { type ImportPreview, PreviewSink } from '../generic/preview.js';
import { type FxRate, FxTable } from '../money/fx.js';
import { fileSource, type ImportSource } from '../read/source.js';
import { csvLine } from './csv.js';
import { EngineFallback, type EngineTarget } from './engine-csv.js';
import { loadImport } from './import-load.js';
import { type ParseOptions, type ParseSummary, parseFile, type RowSink } from './parse-file.js';
import { tableLayout } from './rows.js';
import type { RejectedRow } from './types.js';
import type {
  CellValue,
  ColumnBatch,
  ImportLoadPlan,
  ImportReplacement,
  ImportWarehouse,
  Row,
} from './warehouse.js';

export interface ImportOptions extends Omit<ParseOptions, 'fx'> {
  /** Parse, validate and report; write nothing. */
  dryRun?: boolean;
  /** Import a file again even though the same bytes were imported before. */
  force?: boolean;
  /**
   * `keep-valid` (default): load the good rows and keep the rejected ones for export.
   * `all-or-nothing`: any rejected row fails the whole import.
   */
  rejectPolicy?: 'keep-valid' | 'all-or-nothing';
  /** Rates to use besides the FX table stored in the workspace. */
  fxRates?: readonly FxRate[];
  /** Clock for the import log (tests pin it). */
  now?: () => Date;
}

export type ImportStatus = 'imported' | 'already_imported' | 'dry_run' | 'failed';

export interface ImportReport {
  file: string;
  /** sha256 of the file's bytes (empty when the file could not be read). */
  importId: string;
  status: ImportStatus;
  /** What was read; absent for `already_imported` and for files that failed before parsing. */
  summary?: ParseSummary;
  /** Rows older imports had loaded for the same platform, channel, account and days, now replaced. */
  rowsReplaced: number;
  /**
   * Of `rowsReplaced`, period totals of older imports replaced: by this file's daily rows of the
   * same accounts and days (the more detailed wins), or by its own newer period totals.
   */
  periodRowsReplaced?: number;
  /**
   * This file's period totals not stored because daily rows of the same platform and account
   * already cover some of their days: the more detailed import wins.
   */
  periodRowsLeftOut?: number;
  /** For `already_imported`: when the earlier import ran. */
  previouslyImportedAt?: string;
  /** For `dry_run`: the first rows as they would be stored, and the totals. */
  preview?: ImportPreview;
  /** For `failed`: what went wrong, with file, row and column. */
  error?: { code: ErrorCode; message: string; problems: Problem[]; said?: Said };
}

/** Tables of period totals, beside their facts' daily tables. */
const PERIOD_TABLES: ReadonlySet<string> = new Set(FACTS.flatMap((fact) => fact.periodTable ?? []));

/** A fact table and, when its fact keeps period totals, their table: what one import may write. */
function withPeriodTable(table: string): string[] {
  const periods = FACTS.find((fact) => fact.table === table)?.periodTable;
  return periods ? [table, periods] : [table];
}

/** Chunks for hashing a file on disk: large ones halve the time of the reader's 256 KiB. */
const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

async function hashSource(source: ImportSource, options: ImportOptions): Promise<string> {
  const hash = createHash('sha256');
  const totalBytes = await source.size();
  let bytesRead = 0;
  const bytes = source.path
    ? createReadStream(source.path, { highWaterMark: HASH_CHUNK_BYTES })
    : source.open();
  for await (const chunk of bytes) {
    hash.update(chunk as Buffer);
    bytesRead += (chunk as Buffer).length;
    options.onProgress?.({ file: source.name, phase: 'hashing', rowsRead: 0, bytesRead, totalBytes });
  }
  return hash.digest('hex');
}

export async function loadFxTable(warehouse: ImportWarehouse, baseCurrency: string): Promise<FxTable> {
  const { dialect } = warehouse;
  const rows = await warehouse.query(
    `SELECT ${dialect.quote('date')} AS date, currency, rate FROM ${dialect.quote(FX_RATES_TABLE.name)} WHERE base_currency = ${dialect.parameter(0, 'text')}`,
    [baseCurrency],
  );
  return new FxTable(
    baseCurrency,
    rows.map((row) => ({
      date: String(row.date).slice(0, 10),
      currency: String(row.currency),
      rate: Number(row.rate),
    })),
  );
}

function rejectedBatch(importId: string, rows: readonly RejectedRow[]): ColumnBatch {
  return {
    rowCount: rows.length,
    columns: {
      import_id: rows.map(() => importId),
      file_name: rows.map((row) => row.file),
      row_number: rows.map((row) => row.row),
      column_name: rows.map((row) => row.column),
      reason: rows.map((row) => row.reason),
      raw_values: rows.map((row) => JSON.stringify(row.values)),
      reason_said: rows.map((row) => (row.said ? JSON.stringify(row.said) : null)),
    },
  };
}

function single(values: Record<string, CellValue>): ColumnBatch {
  return {
    rowCount: 1,
    columns: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [value]])),
  };
}

/**
 * What older imports of the same source loaded for the same days and keys (channel and
 * account; currency for FX rates), which this import replaces:
 * - its daily rows replace older daily rows of their days, and older period totals any of whose
 *   days they cover (the more detailed import wins);
 * - its period totals replace older period totals overlapping their periods (a newer report of
 *   the same accounts restates the older one).
 * Daily rows and period totals are the fact's two tables, so each gets a replacement of its own.
 */
function replacementsOf(summary: ParseSummary): { daily?: ImportReplacement; periods?: ImportReplacement } {
  if (summary.rowsAccepted === 0) return {};
  const layout = tableLayout(summary.target);
  const fxRates = summary.target === 'fx_rates';
  const common = {
    keyColumns: fxRates ? ['currency'] : layout.replacementDimensions,
    // Only rows of the same platform (or mapping): a Douyin creator export must not replace
    // the Ocean Engine rows of the same days.
    ...(fxRates ? {} : { sameLogValue: { column: 'platform', value: summary.profile.id } }),
  };
  const days = summary.dailyDays;
  const daily = days ? { table: layout.table, from: days.from, to: days.to, ...common } : undefined;
  const { periodRows } = summary;
  if (periodRows) {
    return {
      ...(daily ? { daily } : {}),
      periods: {
        table: periodRows.table,
        from: periodRows.from,
        to: periodRows.to,
        lastDayColumn: PERIOD_END_COLUMN,
        ...common,
      },
    };
  }
  if (!daily) return {};
  return {
    daily,
    ...(layout.periodTable
      ? {
          periods: {
            ...daily,
            table: layout.periodTable,
            keysFrom: layout.table,
            lastDayColumn: PERIOD_END_COLUMN,
          },
        }
      : {}),
  };
}

/**
 * Period totals whose days daily rows of the same platform, channel and account already cover
 * are not stored: the daily rows are the more detailed account of those days. Returns the rows
 * kept and how many were left out. Period files are reports, a few thousand rows at most, so
 * they are held until the file is read.
 */
async function withoutDailyCovered(
  warehouse: ImportWarehouse,
  summary: ParseSummary,
  batches: readonly ColumnBatch[],
): Promise<{ kept: ColumnBatch[]; leftOut: number }> {
  const periods = summary.periodRows;
  const layout = tableLayout(summary.target);
  if (!periods || batches.length === 0) return { kept: [...batches], leftOut: 0 };
  const { dialect } = warehouse;
  const keyColumns = layout.replacementDimensions;
  // Two plain reads rather than a subquery: on a cluster the daily rows live on the shards and
  // the import log on the main server alone.
  const samePlatform = new Set(
    (
      await warehouse.query(
        `SELECT id FROM ${dialect.quote(IMPORTS_TABLE.name)} WHERE platform = ${dialect.parameter(0, 'text')}`,
        [summary.profile.id],
      )
    ).map((row) => String(row.id)),
  );
  if (samePlatform.size === 0) return { kept: [...batches], leftOut: 0 };
  const rows = (
    await warehouse.query(
      `SELECT DISTINCT ${[...keyColumns.map((column) => dialect.quote(column)), dialect.quote('date'), 'import_id'].join(', ')} FROM ${dialect.quote(layout.table)} WHERE ${dialect.quote('date')} >= ${dialect.parameter(0, 'date')} AND ${dialect.quote('date')} <= ${dialect.parameter(1, 'date')}`,
      [periods.from, periods.to],
    )
  ).filter((row) => samePlatform.has(String(row.import_id)));
  if (rows.length === 0) return { kept: [...batches], leftOut: 0 };
  const keyOf = (values: readonly CellValue[]) => JSON.stringify(values.map((value) => value ?? null));
  const coveredDays = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(keyColumns.map((column) => row[column] ?? null));
    const list = coveredDays.get(key) ?? [];
    list.push(String(row.date).slice(0, 10));
    coveredDays.set(key, list);
  }
  let leftOut = 0;
  const kept = batches.map((batch) => {
    const keep: number[] = [];
    for (let index = 0; index < batch.rowCount; index++) {
      const days = coveredDays.get(keyOf(keyColumns.map((column) => batch.columns[column]?.[index] ?? null)));
      const from = String(batch.columns.date?.[index]);
      const to = String(batch.columns[PERIOD_END_COLUMN]?.[index]);
      if (days?.some((day) => day >= from && day <= to)) leftOut++;
      else keep.push(index);
    }
    return {
      rowCount: keep.length,
      columns: Object.fromEntries(
        Object.entries(batch.columns).map(([name, values]) => [
          name,
          keep.map((index) => values[index] ?? null),
        ]),
      ),
    };
  });
  return { kept: kept.filter((batch) => batch.rowCount > 0), leftOut };
}

/**
 * Brings the rollups of the tables this import changed in step with them, inside the import's own
 * transaction, so no reader sees one without the other (see core's `rollupImportStatements`).
 * Rollups are kept on DuckDB workspaces only (`store/src/rollups`), whose SQL this prints.
 */
async function refreshRollups(
  target: EngineTarget,
  summary: ParseSummary,
  importId: string,
  earlier: Row | undefined,
): Promise<void> {
  const metadata = await target.query(`SELECT * FROM ${target.dialect.quote(ROLLUP_METADATA_TABLE)}`);
  if (metadata.length === 0) return;
  const layout = tableLayout(summary.target);
  const statements = rollupImportStatements(duckDbDialect, metadata.map(rollupFromRow), {
    tables: [layout.table, ...(earlier ? [String(earlier.target_table)] : [])],
    ...(summary.dailyDays ? { days: summary.dailyDays } : {}),
    importId,
    keyColumns: layout.replacementDimensions,
    rebuild: earlier !== undefined,
  });
  for (const statement of statements) await target.run(statement.sql, statement.params);
}

function logRow(summary: ParseSummary, rowsReplaced: number, importedAt: Date): Record<string, CellValue> {
  return {
    id: summary.importId,
    file_name: summary.file,
    file_hash: summary.importId,
    platform: summary.profile.id,
    report_level: summary.reportLevel,
    target_table: summary.table,
    period_from: summary.period?.from ?? null,
    period_to: summary.period?.to ?? null,
    rows_read: summary.rowsRead,
    rows_accepted: summary.rowsAccepted,
    rows_rejected: summary.rowsRejected,
    rows_replaced: rowsReplaced,
    reconciliation: summary.reconciliation.status,
    reconciliation_detail: JSON.stringify(summary.reconciliation),
    currencies: JSON.stringify(summary.currencies),
    accounts: JSON.stringify(summary.keys),
    imported_at: importedAt.toISOString(),
  };
}

function rowsRejectedError(summary: ParseSummary, everyRow: boolean): MarkpiError {
  const problems: Problem[] = summary.rejectedSample.slice(0, 20).map((row) => ({
    file: row.file,
    row: row.row,
    ...(row.column ? { column: row.column } : {}),
    message: row.reason,
  }));
  const first = problems[0];
  const where = first
    ? `${first.file}:${first.row}${first.column ? `:${first.column}` : ''}: ${first.message}`
    : summary.file;
  const message = everyRow
    ? `${where} — and every other row of the file was rejected too (${summary.rowsRejected}); nothing was imported`
    : `${where} — ${summary.rowsRejected} row${summary.rowsRejected === 1 ? '' : 's'} rejected and all-or-nothing was asked for; nothing was imported`;
  return new MarkpiError('import.rows_rejected', message, problems);
}

/** Imports one file. Throws a `MarkpiError` naming file, row and column when it cannot. */
export async function importFile(
  warehouse: ImportWarehouse,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const importId = await hashSource(source, options);
  // The import log's tables come with the workspace (the store's migrations). Before asking
  // whether these bytes were imported: a crashed load of them may be half-swapped.
  if (!options.dryRun) await warehouse.finishInterruptedLoads?.();
  const { dialect } = warehouse;
  // A dry run asks too, so a preview says a file was loaded before rather than the load after it.
  const previous = await warehouse.query(
    `SELECT id, target_table, imported_at FROM ${dialect.quote(IMPORTS_TABLE.name)} WHERE id = ${dialect.parameter(0, 'text')}`,
    [importId],
  );
  const earlier = previous[0];
  if (earlier && !options.force) {
    return {
      file: source.name,
      importId,
      status: 'already_imported',
      rowsReplaced: 0,
      previouslyImportedAt: String(earlier.imported_at),
    };
  }
  const baseCurrency = options.baseCurrency ?? 'CNY';
  const stored = options.dryRun ? new FxTable(baseCurrency) : await loadFxTable(warehouse, baseCurrency);
  const fx = stored.with(options.fxRates ?? []);
  const parseOptions: ParseOptions = { ...options, baseCurrency, fx };

  if (options.dryRun) {
    const preview = new PreviewSink();
    const summary = await parseFile(source, importId, parseOptions, preview);
    return {
      file: source.name,
      importId,
      status: 'dry_run',
      summary,
      rowsReplaced: 0,
      preview: preview.result(),
    };
  }

  const plan: ImportLoadPlan = {
    importId,
    log: { table: IMPORTS_TABLE.name, idColumn: 'id' },
    ...(earlier
      ? { forget: [...withPeriodTable(String(earlier.target_table)), REJECTED_ROWS_TABLE.name] }
      : {}),
  };
  const load = (readWith: ParseOptions) =>
    loadImport(warehouse, plan, async (load) => {
      // Period totals wait until the file is read: those daily rows already cover are left out.
      const periodBatches: ColumnBatch[] = [];
      const sink: RowSink = {
        accept: async (table, batch) => {
          if (PERIOD_TABLES.has(table)) periodBatches.push(batch);
          else await load.append(table, batch);
        },
        reject: (rows) => load.append(REJECTED_ROWS_TABLE.name, rejectedBatch(importId, rows)),
        ...(load.engine ? { engine: load.engine } : {}),
      };
      const summary = await parseFile(source, importId, readWith, sink);
      if (summary.rowsAccepted === 0 && summary.rowsRejected > 0) throw rowsRejectedError(summary, true);
      if (options.rejectPolicy === 'all-or-nothing' && summary.rowsRejected > 0)
        throw rowsRejectedError(summary, false);
      const { kept, leftOut } = await withoutDailyCovered(warehouse, summary, periodBatches);
      for (const batch of kept) if (summary.periodRows) await load.append(summary.periodRows.table, batch);
      const replacements = replacementsOf(summary);
      const dailyReplaced = replacements.daily ? await load.replaceOlderRows(replacements.daily) : 0;
      const periodRowsReplaced = replacements.periods ? await load.replaceOlderRows(replacements.periods) : 0;
      const rowsReplaced = dailyReplaced + periodRowsReplaced;
      // Engines with transactions (the engine target is the transaction's own connection).
      if (load.engine) await refreshRollups(load.engine, summary, importId, earlier);
      const importedAt = (options.now ?? (() => new Date()))();
      await load.append(IMPORTS_TABLE.name, single(logRow(summary, rowsReplaced, importedAt)));
      const report: ImportReport = {
        file: source.name,
        importId,
        status: 'imported',
        summary,
        rowsReplaced,
        ...(replacements.periods ? { periodRowsReplaced } : {}),
        ...(summary.periodRows ? { periodRowsLeftOut: leftOut } : {}),
      };
      return report;
    });
  try {
    return await load(parseOptions);
  } catch (error) {
    if (!(error instanceof EngineFallback)) throw error;
    // The engine met something only the streaming reader handles exactly; its transaction was
    // rolled back with nothing written, so the file is simply read again the other way.
    const report = await load({ ...parseOptions, reader: 'stream' });
    if (report.summary) report.summary.format.readerNote = `the engine stopped at ${error.reason}`;
    return report;
  }
}

/**
 * Imports files one after another, each atomically. A file that fails is reported with its
 * error and does not stop the others.
 */
export async function importFiles(
  warehouse: ImportWarehouse,
  files: readonly (ImportSource | string)[],
  options: ImportOptions = {},
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of files) {
    const source = typeof file === 'string' ? fileSource(file) : file;
    try {
      reports.push(await importFile(warehouse, source, options));
    } catch (error) {
      if (!isMarkpiError(error)) throw error;
      reports.push({
        file: source.name,
        importId: '',
        status: 'failed',
        rowsReplaced: 0,
        error: { code: error.code, message: error.message, problems: error.problems, said: error.said },
      });
    }
  }
  return reports;
}

const REJECTED_HEADER = ['file', 'row', 'column', 'reason', 'values'];

/**
 * A rejected row's reason in `language`: its message said, or its English when it has no message
 * (rows kept before reasons were messages) or one core has no words for.
 */
export function rejectionText(reason: string, said: Said | undefined, language: MessageLanguage): string {
  return (language === 'en' ? undefined : sayIfKnown(said, language)) ?? reason;
}

/** A stored reason's message, from its JSON; undefined when there is none or it is not one. */
function storedSaid(json: unknown): Said | undefined {
  if (typeof json !== 'string' || json === '') return undefined;
  try {
    const parsed = saidSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as Said) : undefined;
  } catch {
    return undefined;
  }
}

/** Rejected rows as CSV (file, row, column, reason in `language`, the row's cells as JSON). */
export function rejectedRowsToCsv(rows: readonly RejectedRow[], language: MessageLanguage = 'en'): string {
  return [
    csvLine(REJECTED_HEADER),
    ...rows.map((row) =>
      csvLine([
        row.file,
        row.row,
        row.column,
        rejectionText(row.reason, row.said, language),
        JSON.stringify(row.values),
      ]),
    ),
  ].join('');
}

/** The rejected rows kept in the workspace, of one import or all, as CSV, the reasons in `language`. */
export async function exportRejectedRows(
  warehouse: ImportWarehouse,
  importId?: string,
  language: MessageLanguage = 'en',
): Promise<string> {
  const { dialect } = warehouse;
  const where = importId ? ` WHERE import_id = ${dialect.parameter(0, 'text')}` : '';
  const rows = await warehouse.query(
    `SELECT file_name, row_number, column_name, reason, raw_values, reason_said FROM ${dialect.quote(REJECTED_ROWS_TABLE.name)}${where} ORDER BY file_name, row_number`,
    importId ? [importId] : [],
  );
  return [
    csvLine(REJECTED_HEADER),
    ...rows.map((row) =>
      csvLine([
        String(row.file_name),
        Number(row.row_number),
        row.column_name === null ? null : String(row.column_name),
        rejectionText(String(row.reason), storedSaid(row.reason_said), language),
        String(row.raw_values),
      ]),
    ),
  ].join('');
}
