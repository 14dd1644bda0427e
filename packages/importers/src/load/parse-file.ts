/**
 * One file, start to end, streaming: sniff and open it, find the header below any preamble,
 * recognise the platform (or apply the forced source or the saved mapping), settle the file's
 * number and date conventions from its first rows, then turn every row into a fact row or a
 * rejection and hand them on in batches. Nothing here writes: a `RowSink` decides that.
 */
import {
  CHANNELS,
  type Channel,
  checkTimeZone,
  FACTS,
  isValidIsoDate,
  MarkpiError,
  PERIOD_END_COLUMN,
  type Said,
  say,
} from '@markpi/core';
import { importError } from '../errors.js';
import { type ColumnMapping, profileFromMapping } from '../generic/mapping.js';
import { normalizeCurrency } from '../money/currency.js';
import { FxTable } from '../money/fx.js';
import { type DateOrder, DateOrderEvidence } from '../parse/dates.js';
import { type DecimalStyle, detectDecimalStyle } from '../parse/numbers.js';
import {
  headerRowScore,
  MINIMUM_CONFIDENCE,
  rankProfiles,
  scoreProfile,
  unknownSourceError,
} from '../platforms/recognize.js';
import { PLATFORMS, platformById } from '../platforms/registry.js';
import type { ImportProfile, ImportTarget } from '../platforms/types.js';
import type { Delimiter } from '../read/delimiter.js';
import { cellText, findHeaderRow, normalizeHeader } from '../read/header.js';
import { type Period, parsePreamble, periodFromFileName } from '../read/preamble.js';
import { openRecordStream, type RecordStream, type SourceRecord } from '../read/records.js';
import type { TextEncoding } from '../read/sniff.js';
import type { ImportSource } from '../read/source.js';
import { isTotalLabel } from '../read/totals.js';
import { said } from '../said.js';
import { ColumnBatchBuilder } from './batches.js';
import { bindColumns, checkMappedColumnsPresent, headersFor } from './bind.js';
import {
  type EngineCsvInput,
  type EngineTarget,
  engineIneligibility,
  estimateRows,
  readWithEngine,
} from './engine-csv.js';
import { reconcile, type TotalsRow } from './reconcile.js';
import { type BoundColumn, channelValue, type PeriodRows, RowProcessor, tableLayout } from './rows.js';
import type {
  ColumnReport,
  ImportProgress,
  ImportWarning,
  Reconciliation,
  RejectedRow,
  ReplacementKey,
} from './types.js';
import type { ColumnBatch } from './warehouse.js';

export interface ParseOptions {
  /** Forces a platform (`meta`, `google_ads`, …) instead of recognising it. */
  source?: string;
  /** A saved column mapping (generic import); takes precedence over `source`. */
  mapping?: ColumnMapping;
  /** Currency of amounts when the file does not say. */
  currency?: string;
  /** Channel for every row, for files that do not say (GA4, generic mappings). */
  channel?: Channel;
  /** Account for every row, for files that do not say (creator exports). */
  account?: string;
  /**
   * Values for fields the file leaves empty or lacks, as a mapping's `constants` give them: a
   * `date` for an undated one-day file, a `channel`, an `account` (see `CONSTANT_FIELDS`).
   */
  constants?: Readonly<Record<string, string>>;
  /** Report window, for files that state it nowhere. */
  period?: Period;
  /** Day/month order of `a/b/yyyy` dates, when the file does not settle it. */
  dateOrder?: DateOrder;
  /**
   * IANA time zone of times written without an offset (event and order files); default the
   * platform's (Asia/Shanghai for Chinese shops), else UTC.
   */
  timeZone?: string;
  /** Forces a text encoding instead of sniffing it. */
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** Longest line accepted (characters); longer ones are refused as soon as they pass it. */
  maxLineChars?: number;
  /** How many rows to search for the header (default 50). */
  headerSearchRows?: number;
  /** How many data rows settle the number and date conventions (default 2000). */
  sampleRows?: number;
  /** Records per batch read from a CSV (default 8192); the head is whole batches (tests set it small). */
  recordBatch?: number;
  /**
   * Rows totalling several days: `period` (default where the fact keeps period rows) stores
   * each whole with its first and last day; `reject` (default elsewhere) refuses the file;
   * `start-date` files each row on its first day.
   */
  periodRows?: PeriodRows;
  /** Currency amounts are stored in (default CNY). */
  baseCurrency?: string;
  /** Rates for converting to the base currency. */
  fx?: FxTable;
  /** Rows per batch handed to the sink (default 50 000). */
  batchRows?: number;
  /**
   * `auto` (default): a UTF-8 CSV larger than the head is read by the warehouse engine itself
   * when the sink offers one and the file is clean (see engine-csv.ts), else streamed;
   * `stream`: always stream through JavaScript; `engine`: offer every eligible file to the engine.
   */
  reader?: 'auto' | 'stream' | 'engine';
  onProgress?: (progress: ImportProgress) => void;
}

export interface RowSink {
  accept(table: string, batch: ColumnBatch): Promise<void>;
  reject(rows: readonly RejectedRow[]): Promise<void>;
  /** A warehouse engine that can load a clean CSV itself, inside the same transaction. */
  engine?: EngineTarget;
}

export interface ParseSummary {
  file: string;
  importId: string;
  profile: {
    id: string;
    label: string;
    confidence: number;
    forced: boolean;
    /** Other profiles that matched, best first. */
    candidates: { id: string; confidence: number }[];
  };
  target: ImportTarget;
  table: string;
  reportLevel: string;
  format: {
    kind: 'csv' | 'xlsx';
    encoding?: TextEncoding;
    encodingReason?: string;
    delimiter?: Delimiter;
    headerRow: number;
    decimalStyle: DecimalStyle;
    dateOrder?: DateOrder;
    /** Who read the rows: the warehouse engine, or markpi's streaming reader. */
    reader: 'engine' | 'stream';
    /** Why the engine did not read a file it was offered. */
    readerNote?: string;
  };
  preamble: { title?: string; period?: Period; periodSource?: string };
  /** Days the import covers: the stated period widened to every loaded row's date. */
  period: Period | null;
  /** First and last day of the rows stored one day each; absent when there are none. */
  dailyDays?: Period;
  /**
   * Rows stored whole as totals over several days (in `table`), and the days they span from the
   * first one's start to the last one's end; absent when every row is one day's.
   */
  periodRows?: { table: string; count: number; from: string; to: string };
  keys: ReplacementKey[];
  currencies: string[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalsRows: number;
  /** The first rejected rows (all of them go to the sink). */
  rejectedSample: RejectedRow[];
  reconciliation: Reconciliation;
  warnings: ImportWarning[];
  /** In English: `noteMessages` said. */
  notes: string[];
  /** The platform's notes and the derivations as messages (core's `import.note.*`). */
  noteMessages: Said[];
  columns: ColumnReport[];
}

/** What reading the rows produced, by either reader. */
interface ReadOutcome {
  reader: 'engine' | 'stream';
  readerNote?: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejectedSample: RejectedRow[];
  totals: TotalsRow[];
  sums: Record<string, number>;
  keys: ReplacementKey[];
  currencies: string[];
  minDate: string | undefined;
  maxDate: string | undefined;
  /** Rows stored as period totals and the days they span (the stream reader alone meets them). */
  periodRows?: { count: number; from: string; to: string; dailyFrom?: string; dailyTo?: string };
  warnings: ImportWarning[];
}

function compareKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

const REJECTED_SAMPLE = 100;
const REJECTED_FLUSH = 1000;

function chooseProfile(
  options: ParseOptions,
  fileName: string,
): { profiles: readonly ImportProfile[]; forced?: ImportProfile } {
  if (options.mapping) {
    const profile = profileFromMapping(options.mapping);
    return { profiles: [profile], forced: profile };
  }
  if (options.source) {
    const profile = platformById(options.source);
    if (!profile) {
      throw importError('import.unknown_source', {
        file: fileName,
        message: `there is no platform called "${options.source}"`,
        hint: `known platforms: ${PLATFORMS.map((platform) => platform.id).join(', ')}`,
      });
    }
    return { profiles: [profile], forced: profile };
  }
  return { profiles: PLATFORMS };
}

function reportLevel(profile: ImportProfile, columns: readonly BoundColumn[]): string {
  if (profile.target !== 'performance') return profile.target;
  const byField = new Map(columns.map((column) => [column.field, column]));
  const content = byField.get('content');
  if (content) {
    if (/landing|page|url|zielseite/i.test(content.header)) return 'landing_page';
    return profile.trafficType === 'organic' ? 'content' : 'ad';
  }
  if (byField.has('ad_group')) return 'ad_group';
  if (byField.has('campaign')) return 'campaign';
  if (byField.has('audience')) return 'audience';
  if (byField.has('region')) return 'region';
  if (byField.has('source_medium') || byField.has('channel_group')) return 'source_medium';
  return 'account';
}

export async function parseFile(
  source: ImportSource,
  importId: string,
  options: ParseOptions,
  sink: RowSink,
): Promise<ParseSummary> {
  const fileName = source.name;
  const headerSearchRows = options.headerSearchRows ?? 50;
  const sampleRows = options.sampleRows ?? 2000;
  const { profiles, forced } = chooseProfile(options, fileName);
  const stream = await openRecordStream(source, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.maxLineChars ? { maxLineChars: options.maxLineChars } : {}),
    ...(options.recordBatch !== undefined ? { batchRecords: options.recordBatch } : {}),
  });
  const iterator = stream.batches()[Symbol.asyncIterator]();
  try {
    // The head: enough rows to find the header and settle the file's conventions.
    const head: SourceRecord[] = [];
    let exhausted = false;
    while (head.length < headerSearchRows + sampleRows) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      head.push(...next.value);
    }
    if (head.length === 0) {
      throw importError('import.empty', {
        file: fileName,
        row: 1,
        column: 1,
        message: 'the file holds no rows',
      });
    }

    const searched = head.slice(0, headerSearchRows);
    const found = findHeaderRow(searched, (cells) => headerRowScore(cells, profiles));
    if (!found) {
      throw importError('import.no_header', {
        file: fileName,
        row: searched[0]!.row,
        column: 1,
        message: `no header row in the first ${searched.length} rows`,
        hint: 'the file should have a row of column names above its data',
      });
    }
    const headerRecord = searched[found.index]!;
    const headers = headerRecord.cells.map((cell) => cellText(cell).trim());
    const normalized = headers.map(normalizeHeader);

    let profile: ImportProfile;
    let confidence: number;
    const ranked = rankProfiles(normalized, forced ? [forced] : profiles);
    if (forced) {
      profile = forced;
      confidence = scoreProfile(forced, normalized).confidence;
    } else {
      const best = ranked[0];
      if (!best || best.confidence < MINIMUM_CONFIDENCE) {
        const sample = head
          .slice(found.index + 1, found.index + 501)
          .map((record) => headers.map((_, index) => cellText(record.cells[index] ?? null)));
        throw unknownSourceError(fileName, headerRecord.row, headers, ranked, sample);
      }
      profile = best.profile;
      confidence = best.confidence;
    }
    if (options.constants && Object.keys(options.constants).length > 0) {
      // Given for this import, they come before the profile's or mapping's own.
      profile = { ...profile, constants: { ...profile.constants, ...checkConstants(options.constants) } };
    }
    if (options.mapping) checkMappedColumnsPresent(profile, headers, fileName, headerRecord.row);
    const binding = bindColumns(profile, headers, fileName, headerRecord.row);
    const layout = tableLayout(profile.target);
    const preamble = parsePreamble(searched.slice(0, found.index));
    const statedPeriod = options.period ?? preamble.period ?? periodFromFileName(fileName);

    checkColumns(profile, binding.columns, statedPeriod, fileName, headerRecord.row);
    const fileCurrency = checkCurrency(profile, binding.columns, options, fileName, headerRecord.row);

    const data = head.slice(found.index + 1);
    const decimalStyle = settleDecimalStyle(binding.columns, data.slice(0, sampleRows), stream);
    // Every row already in memory helps settle the date order; the file is re-read only when
    // those cannot and more rows remain.
    const dateOrder =
      options.dateOrder ??
      profile.dateOrder ??
      (await settleDateOrder(
        source,
        stream,
        binding.columns,
        data,
        exhausted,
        headerRecord.row,
        options,
        fileName,
      ));

    const warnings = new Map<string, ImportWarning>();
    const warn = (row: number, column: string, said: Said) => {
      const message = say(said, 'en');
      const key = `${column}\u0000${message.replace(/"[^"]*"/g, '…')}`;
      const existing = warnings.get(key);
      if (existing) existing.count++;
      else warnings.set(key, { column, message, said, count: 1, firstRow: row });
    };

    const baseCurrency = options.baseCurrency ?? options.fx?.baseCurrency ?? 'CNY';
    const processor = new RowProcessor(
      {
        fileName,
        profile,
        layout,
        columns: binding.columns,
        headers,
        headerWidth: headers.length,
        checkWidth: stream.format === 'csv',
        decimalStyle,
        ...(dateOrder ? { dateOrder } : {}),
        ...(statedPeriod ? { period: statedPeriod } : {}),
        timeZone: checkTimeZone(options.timeZone ?? profile.timeZone ?? 'UTC', 'timeZone'),
        periodRows: options.periodRows ?? profile.periodRows ?? (layout.periodTable ? 'period' : 'reject'),
        ...(options.channel ? { channel: options.channel } : {}),
        ...(options.account !== undefined ? { account: options.account } : {}),
        ...(fileCurrency ? { currency: fileCurrency } : {}),
        fx: options.fx ?? new FxTable(baseCurrency),
        importId,
      },
      warn,
    );

    /** The summary both readers end with. */
    const summarize = (read: ReadOutcome): ParseSummary => {
      const { minDate, maxDate } = read;
      const period =
        minDate && maxDate
          ? {
              from: statedPeriod && statedPeriod.from < minDate ? statedPeriod.from : minDate,
              to: statedPeriod && statedPeriod.to > maxDate ? statedPeriod.to : maxDate,
            }
          : (statedPeriod ?? null);
      options.onProgress?.({
        file: fileName,
        phase: 'done',
        rowsRead: read.rowsRead,
        bytesRead: read.reader === 'engine' ? stream.totalBytes : stream.bytesRead(),
        totalBytes: stream.totalBytes,
      });
      const derivedNotes = (profile.derivations ?? [])
        .filter((derivation) => binding.columns.some((column) => column.field === derivation.rate))
        .map(
          (derivation): Said => ({
            key: 'import.note.derived',
            params: { target: derivation.target, rate: derivation.rate, base: derivation.base },
          }),
        );
      const platformNotes = profile.notes.map((note) => say(note, 'en'));
      const noteMessages = [
        ...profile.notes,
        ...(platformNotes.some((note) => note.includes('round(')) ? [] : derivedNotes),
      ];
      return {
        file: fileName,
        importId,
        profile: {
          id: profile.id,
          label: profile.label,
          confidence,
          forced: forced !== undefined,
          candidates: ranked
            .filter((score) => score.profile !== profile && score.matchedColumns > 0)
            .slice(0, 3)
            .map((score) => ({ id: score.profile.id, confidence: score.confidence })),
        },
        target: profile.target,
        table: layout.table,
        reportLevel: reportLevel(profile, binding.columns),
        format: {
          kind: stream.format,
          ...(stream.encoding ? { encoding: stream.encoding } : {}),
          ...(stream.encodingReason ? { encodingReason: stream.encodingReason } : {}),
          ...(stream.delimiter ? { delimiter: stream.delimiter } : {}),
          headerRow: headerRecord.row,
          decimalStyle,
          ...(dateOrder ? { dateOrder } : {}),
          reader: read.reader,
          ...(read.readerNote ? { readerNote: read.readerNote } : {}),
        },
        preamble: {
          ...(preamble.title ? { title: preamble.title } : {}),
          ...(statedPeriod ? { period: statedPeriod } : {}),
          ...(options.period
            ? { periodSource: 'option' }
            : preamble.periodSource
              ? { periodSource: preamble.periodSource }
              : statedPeriod
                ? { periodSource: 'file name' }
                : {}),
        },
        period,
        ...dailyAndPeriodDays(read, period, layout.periodTable),
        // Sorted, so both readers log the same list.
        keys: [...read.keys].sort(
          (a, b) => compareKey(a.channel, b.channel) || compareKey(a.account, b.account),
        ),
        currencies: [...read.currencies].sort(),
        rowsRead: read.rowsRead,
        rowsAccepted: read.rowsAccepted,
        rowsRejected: read.rowsRejected,
        totalsRows: read.totals.length,
        rejectedSample: read.rejectedSample,
        reconciliation: reconcile(read.totals, read.sums, read.rowsAccepted, layout),
        warnings: read.warnings,
        notes: noteMessages.map((note) => say(note, 'en')),
        noteMessages,
        columns: binding.report,
      };
    };

    // The engine reader: the whole file in one statement, when the warehouse offers it and the
    // file is one it reproduces exactly; otherwise the rows stream through the processor below.
    let readerNote: string | undefined;
    const reader = options.reader ?? 'auto';
    if (sink.engine && reader !== 'stream' && (reader === 'engine' || !exhausted)) {
      const firstData = data.find((record) => record.cells.some((cell) => cellText(cell).trim() !== ''));
      const input: Omit<EngineCsvInput, 'path'> = {
        format: stream.format,
        encoding: stream.encoding,
        delimiter: stream.delimiter,
        headerRow: headerRecord.row,
        headers,
        columns: binding.columns,
        profile,
        layout,
        decimalStyle,
        channel: options.channel,
        account: options.account,
        currency: fileCurrency,
        baseCurrency: options.fx?.baseCurrency ?? baseCurrency,
        importId,
        maxLineChars: options.maxLineChars,
        head: data,
        firstRowIsSummary: firstData !== undefined && processor.isSummaryRow(firstData),
      };
      readerNote = engineIneligibility(input);
      if (readerNote === undefined) {
        // The engine reports the fraction done; rows are estimated from the head's line length.
        const rowsInFile = estimateRows(data, headers.length, stream.totalBytes);
        const loaded = await readWithEngine(sink.engine, source, input, (fraction) =>
          options.onProgress?.({
            file: fileName,
            phase: 'reading',
            rowsRead: Math.round(fraction * rowsInFile),
            bytesRead: Math.round(fraction * stream.totalBytes),
            totalBytes: stream.totalBytes,
          }),
        );
        return summarize({
          reader: 'engine',
          // Totals rows are read, as the streaming reader counts them, and reconcile the sums.
          rowsRead: loaded.rows + loaded.totals.length,
          rowsAccepted: loaded.rows,
          rowsRejected: 0,
          rejectedSample: [],
          totals: loaded.totals.map(({ row, label, cells }) => ({
            row,
            label,
            values: processor.totals({ row, cells }),
          })),
          sums: loaded.sums,
          keys: loaded.keys,
          currencies: loaded.currencies,
          minDate: loaded.firstDate ?? undefined,
          maxDate: loaded.lastDate ?? undefined,
          warnings: [],
        });
      }
    }

    const builder = new ColumnBatchBuilder(layout.columns, options.batchRows ?? 50_000);
    // Totals over several days go whole to the fact's period table, their last day after the rest.
    const periodBuilder = layout.periodTable
      ? new ColumnBatchBuilder([...layout.columns, PERIOD_END_COLUMN], options.batchRows ?? 50_000)
      : undefined;
    let periodCount = 0;
    let periodFrom: string | undefined;
    let periodTo: string | undefined;
    let dailyFrom: string | undefined;
    let dailyTo: string | undefined;
    const rejectedBuffer: RejectedRow[] = [];
    const rejectedSample: RejectedRow[] = [];
    const totals: TotalsRow[] = [];
    // Sums of the file's measures, one slot per field of `processor.measureFields`.
    const measureSums: number[] = processor.measureFields.map(() => 0);
    const measureSeen: boolean[] = processor.measureFields.map(() => false);
    const keys = new Map<string, ReplacementKey>();
    // Rows come grouped by account: most rows repeat the last key, which is then not looked up.
    let lastKey: ReplacementKey | undefined;
    const currencies = new Set<string>();
    let rowsRead = 0;
    let rowsAccepted = 0;
    let rowsRejected = 0;
    let minDate: string | undefined;
    let maxDate: string | undefined;
    let firstDataRow = true;
    let stoppedAt: number | undefined;
    let lastRecord: SourceRecord | undefined;

    const progress = () =>
      options.onProgress?.({
        file: fileName,
        phase: 'reading',
        rowsRead,
        bytesRead: stream.bytesRead(),
        totalBytes: stream.totalBytes,
      });

    const handle = (record: SourceRecord): void => {
      // Only the first cells matter for blank, comment and totals rows; most rows are none of
      // those, so the rest are not looked at here.
      const { cells } = record;
      let firstText = '';
      let firstIndex = -1;
      let filled = 0;
      for (let index = 0; index < cells.length; index++) {
        const cell = cells[index]!;
        const text = cell === null ? '' : typeof cell === 'string' ? cell.trim() : cellText(cell);
        if (text === '') continue;
        if (filled === 0) {
          firstText = text;
          firstIndex = index;
        }
        filled++;
        if (filled > 1) break;
      }
      if (filled === 0) return;
      if (filled === 1 && firstText.startsWith('#')) {
        // GA4 "reports snapshot" files stack several tables; the first one is the report.
        stoppedAt = record.row;
        return;
      }
      rowsRead++;
      lastRecord = record;
      // The totals label is the first filled cell among the first three.
      const label = firstIndex < 3 ? firstText : '';
      if (isTotalLabel(label) || (firstDataRow && processor.isSummaryRow(record))) {
        firstDataRow = false;
        totals.push({
          row: record.row,
          label: isTotalLabel(label) ? label : 'summary row',
          values: processor.totals(record),
        });
        return;
      }
      firstDataRow = false;
      const outcome = processor.process(record);
      if (outcome.type === 'skipped') {
        warn(record.row, '', outcome.reason);
        return;
      }
      if (outcome.type === 'rejected') {
        rowsRejected++;
        rejectedBuffer.push(outcome.rejected);
        if (rejectedSample.length < REJECTED_SAMPLE) rejectedSample.push(outcome.rejected);
        return;
      }
      // The processor hands out one outcome for every row: everything kept is copied here.
      rowsAccepted++;
      const { from, to } = outcome;
      if (outcome.periodEnd !== undefined && periodBuilder) {
        periodBuilder.push([...outcome.values, outcome.periodEnd]);
        periodCount++;
        if (periodFrom === undefined || from < periodFrom) periodFrom = from;
        if (periodTo === undefined || to > periodTo) periodTo = to;
      } else {
        builder.push(outcome.values);
        if (dailyFrom === undefined || from < dailyFrom) dailyFrom = from;
        if (dailyTo === undefined || to > dailyTo) dailyTo = to;
      }
      const { measures } = outcome;
      for (let index = 0; index < measures.length; index++) {
        const value = measures[index];
        if (value === undefined) continue;
        // Summed in row order, as ever: the same floating-point totals.
        measureSums[index] = measureSums[index]! + value;
        measureSeen[index] = true;
      }
      if (!lastKey || outcome.channel !== lastKey.channel || outcome.account !== lastKey.account) {
        const key: ReplacementKey = { channel: outcome.channel, account: outcome.account };
        keys.set(`${key.channel}\u0000${key.account}`, key);
        lastKey = key;
      }
      if (outcome.currency) currencies.add(outcome.currency);
      if (minDate === undefined || from < minDate) minDate = from;
      if (maxDate === undefined || to > maxDate) maxDate = to;
    };

    const consume = async (records: readonly SourceRecord[]) => {
      for (const record of records) {
        handle(record);
        if (stoppedAt !== undefined) return;
        if (builder.full) await sink.accept(layout.table, builder.take());
        if (periodBuilder?.full && layout.periodTable)
          await sink.accept(layout.periodTable, periodBuilder.take());
        if (rejectedBuffer.length >= REJECTED_FLUSH) await sink.reject(rejectedBuffer.splice(0));
      }
    };

    await consume(data);
    progress();
    if (!exhausted && stoppedAt === undefined) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        await consume(next.value);
        progress();
        if (stoppedAt !== undefined) break;
      }
    }
    if (builder.size > 0) await sink.accept(layout.table, builder.take());
    if (periodBuilder && periodBuilder.size > 0 && layout.periodTable)
      await sink.accept(layout.periodTable, periodBuilder.take());
    if (rejectedBuffer.length > 0) await sink.reject(rejectedBuffer.splice(0));

    checkTruncation(stream, lastRecord, headers, fileName, stoppedAt);
    if (stoppedAt !== undefined) {
      const tables = said('import.warning.more_tables', { row: `${stoppedAt}` });
      warnings.set('tables', {
        message: say(tables, 'en'),
        said: tables,
        count: 1,
        firstRow: stoppedAt,
      });
    }

    return summarize({
      reader: 'stream',
      ...(readerNote ? { readerNote } : {}),
      rowsRead,
      rowsAccepted,
      rowsRejected,
      rejectedSample,
      totals,
      sums: Object.fromEntries(
        processor.measureFields.flatMap((field, index) =>
          measureSeen[index] ? [[field, measureSums[index]!] as const] : [],
        ),
      ),
      keys: [...keys.values()],
      currencies: [...currencies],
      minDate,
      maxDate,
      ...(periodCount > 0 && periodFrom && periodTo
        ? {
            periodRows: {
              count: periodCount,
              from: periodFrom,
              to: periodTo,
              ...(dailyFrom && dailyTo ? { dailyFrom, dailyTo } : {}),
            },
          }
        : {}),
      warnings: [...warnings.values()],
    });
  } finally {
    await iterator.return?.();
  }
}

/**
 * The days of the rows stored one day each and of those stored as period totals. Without period
 * rows the daily days are the import's period (the stated one widened to its rows), as ever.
 */
function dailyAndPeriodDays(
  read: ReadOutcome,
  period: Period | null,
  periodTable: string | undefined,
): Pick<ParseSummary, 'dailyDays' | 'periodRows'> {
  const periods = read.periodRows;
  if (!periods || !periodTable) return period && read.rowsAccepted > 0 ? { dailyDays: period } : {};
  return {
    ...(periods.dailyFrom && periods.dailyTo
      ? { dailyDays: { from: periods.dailyFrom, to: periods.dailyTo } }
      : {}),
    periodRows: { table: periodTable, count: periods.count, from: periods.from, to: periods.to },
  };
}

/** Fields an import may be given one value for, whatever the file: as a mapping's `constants`. */
export const CONSTANT_FIELDS = ['date', 'channel', 'account'] as const;

/** Constants given with an import, checked: a calendar day, a known channel, any account. */
export function checkConstants(constants: Readonly<Record<string, string>>): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [field, raw] of Object.entries(constants)) {
    const value = raw.trim();
    if (!(CONSTANT_FIELDS as readonly string[]).includes(field)) {
      throw new MarkpiError('invalid_flag', `a constant cannot set \`${field}\``, [
        {
          message: `a constant cannot set \`${field}\``,
          hint: `constants set ${CONSTANT_FIELDS.join(', ')}`,
        },
      ]);
    }
    if (field === 'date' && !isValidIsoDate(value)) {
      throw new MarkpiError('invalid_date', `the constant date ${value} is not a calendar day (YYYY-MM-DD)`, [
        { message: `not a calendar day: ${value}`, hint: 'write it as YYYY-MM-DD, e.g. date=2025-06-30' },
      ]);
    }
    if (field === 'channel') {
      const channel = channelValue(value);
      if (!channel) {
        throw new MarkpiError('invalid_channel', `the constant channel ${value} is not a channel`, [
          { message: `not a channel: ${value}`, hint: `channels: ${CHANNELS.join(', ')}` },
        ]);
      }
      checked[field] = channel;
      continue;
    }
    if (value === '') {
      throw new MarkpiError('invalid_flag', `the constant ${field} is empty`, [
        { message: `the constant ${field} is empty`, hint: `write ${field}=VALUE` },
      ]);
    }
    checked[field] = value;
  }
  return checked;
}

/** A file must give each row a date and hold at least one measure. */
function checkColumns(
  profile: ImportProfile,
  columns: readonly BoundColumn[],
  period: Period | undefined,
  fileName: string,
  headerRow: number,
): void {
  const fields = new Set(columns.map((column) => column.field));
  const dated =
    fields.has('date') ||
    // An event's time gives its day.
    columns.some((column) => column.field === 'at' && column.kind === 'time') ||
    fields.has('period_start') ||
    period !== undefined ||
    profile.constants?.date !== undefined;
  if (!dated) {
    const expected = headersFor(profile, ['date', 'period_start']);
    throw importError('import.missing_column', {
      file: fileName,
      row: headerRow,
      column: 1,
      message: `no date column${expected.length > 0 ? ` (expected one of ${expected.map((name) => `"${name}"`).join(', ')})` : ''} and no report period above the header or in the file name`,
      hint: 're-export with a date (day) column, or give the period',
    });
  }
  const fact = FACTS.find((entry) => entry.id === profile.target);
  for (const own of fact?.columns ?? []) {
    // An event without its person or time, or a path file without its paths, stores nothing.
    if (!own.required || fields.has(own.id)) continue;
    if (own.id === 'person' && fields.has('order_id')) continue;
    const expected = headersFor(profile, [own.id]);
    throw importError('import.missing_column', {
      file: fileName,
      row: headerRow,
      column: 1,
      message: `no ${own.name.en.toLowerCase()} column for ${profile.label}${expected.length > 0 ? ` (expected one of ${expected.map((name) => `"${name}"`).join(', ')})` : ''}`,
      hint: 'is this the right file, or the right platform?',
    });
  }
  if (profile.target === 'fx_rates' || profile.target !== 'performance') return;
  const measured = columns.some((column) => column.kind === 'count' || column.kind === 'money');
  if (!measured) {
    const expected = headersFor(profile, ['spend', 'impressions', 'clicks', 'video_views']);
    throw importError('import.missing_column', {
      file: fileName,
      row: headerRow,
      column: 1,
      message: `no measure column for ${profile.label}${expected.length > 0 ? ` (expected e.g. ${expected.map((name) => `"${name}"`).join(', ')})` : ''}`,
      hint: 'is this the right file, or the right platform?',
    });
  }
}

/** The currency for amounts with none in their header or row; refuses what cannot be known. */
function checkCurrency(
  profile: ImportProfile,
  columns: readonly BoundColumn[],
  options: ParseOptions,
  fileName: string,
  headerRow: number,
): string | undefined {
  const given = options.currency ? normalizeCurrency(options.currency) : undefined;
  if (options.currency && !given) {
    throw importError('import.currency_unknown', {
      file: fileName,
      message: `"${options.currency}" is not a currency code`,
      said: { key: 'import.error.currency_not_a_code', params: { currency: options.currency } },
    });
  }
  const money = columns.filter((column) => column.kind === 'money');
  for (const column of money) {
    if (given && column.currency && column.currency !== given && !column.rule.currency) {
      throw importError('import.currency_conflict', {
        file: fileName,
        row: headerRow,
        column: column.header,
        message: `the header says ${column.currency} but the currency given for the file is ${given}`,
        said: { key: 'import.error.currency_conflict', params: { header: column.currency, given } },
        hint: 'give the file no currency: it states its own',
      });
    }
  }
  const perRow = columns.some((column) => column.kind === 'currency');
  const unknown = money.find((column) => !column.currency && !perRow && !given && !profile.defaultCurrency);
  if (unknown) {
    throw importError('import.currency_unknown', {
      file: fileName,
      row: headerRow,
      column: unknown.header,
      message: `"${unknown.header}" is an amount but the file does not say in which currency`,
      said: { key: 'import.error.currency_unknown', params: { column: unknown.header } },
      hint: 'name the currency of the whole file (e.g. USD)',
    });
  }
  return given;
}

function settleDecimalStyle(
  columns: readonly BoundColumn[],
  sample: readonly SourceRecord[],
  stream: RecordStream,
): DecimalStyle {
  const numeric = columns.filter((column) => ['count', 'money', 'rate', 'number'].includes(column.kind));
  function* texts() {
    for (const record of sample) {
      for (const column of numeric) {
        const cell = record.cells[column.index];
        if (typeof cell === 'string') yield cell;
      }
    }
  }
  return detectDecimalStyle(texts()) ?? (stream.delimiter === ';' ? 'comma' : 'dot');
}

/**
 * The day/month order of `a/b/yyyy` dates, from the sample or, when the sample cannot tell,
 * from a second pass over the whole file's date columns (only then: it costs a re-read).
 */
async function settleDateOrder(
  source: ImportSource,
  stream: RecordStream,
  columns: readonly BoundColumn[],
  sample: readonly SourceRecord[],
  exhausted: boolean,
  headerRow: number,
  options: ParseOptions,
  fileName: string,
): Promise<DateOrder | undefined> {
  const dateColumns = columns.filter((column) => column.kind === 'date');
  if (dateColumns.length === 0) return undefined;
  const evidence = new DateOrderEvidence();
  const look = (record: SourceRecord) => {
    for (const column of dateColumns) {
      const cell = record.cells[column.index];
      if (typeof cell === 'string') evidence.add(cell, record.row);
    }
  };
  sample.forEach(look);
  if (evidence.verdict() === 'undecided' && !exhausted) {
    const rescan = await openRecordStream(source, {
      ...(stream.encoding ? { encoding: stream.encoding } : {}),
      ...(stream.delimiter ? { delimiter: stream.delimiter } : {}),
      ...(options.maxLineChars ? { maxLineChars: options.maxLineChars } : {}),
    });
    for await (const batch of rescan.batches()) {
      for (const record of batch) if (record.row > headerRow) look(record);
      if (evidence.verdict() !== 'undecided') break;
    }
  }
  const verdict = evidence.verdict();
  const columnNames = dateColumns.map((column) => column.header).join(', ');
  if (verdict === 'conflict') {
    const dayFirst = evidence.dayFirstExample!;
    const monthFirst = evidence.monthFirstExample!;
    throw importError('import.ambiguous_dates', {
      file: fileName,
      row: monthFirst.row,
      column: dateColumns[0]!.header,
      message: `dates in ${columnNames} disagree: "${dayFirst.text}" (row ${dayFirst.row}) is day-first but "${monthFirst.text}" (row ${monthFirst.row}) is month-first`,
      hint: 'the file mixes date formats; fix the dates at the source',
    });
  }
  if (verdict === 'undecided') {
    const example = evidence.undecidedExample!;
    throw importError('import.ambiguous_dates', {
      file: fileName,
      row: example.row,
      column: dateColumns[0]!.header,
      message: `"${example.text}" could be day/month or month/day, and no date in the file settles which`,
      hint: 'give --date-order dmy (18/05/2025) or --date-order mdy (05/18/2025)',
    });
  }
  return verdict === 'not_needed' ? undefined : verdict;
}

/** A CSV whose last row is short and has no final line break was cut off mid-row. */
function checkTruncation(
  stream: RecordStream,
  last: SourceRecord | undefined,
  headers: readonly string[],
  fileName: string,
  stoppedAt: number | undefined,
): void {
  if (stream.format !== 'csv' || stoppedAt !== undefined || !last || stream.endedWithNewline()) return;
  if (last.cells.length >= headers.length) return;
  throw importError('import.truncated', {
    file: fileName,
    row: last.row,
    column: headers[last.cells.length] ?? last.cells.length + 1,
    message: `the last row stops after ${last.cells.length} of ${headers.length} cells and the file has no final line break: it was cut off`,
    hint: 'download the file again',
  });
}
