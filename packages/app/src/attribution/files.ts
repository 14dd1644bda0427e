/**
 * Attribution over a file, without a workspace: every model side by side on a path-level export
 * (`attributePathFile`) or on touch-level events (`attributeTouchFile`).
 *
 * Path files: one row per channel sequence — the path (channels joined by `separator`, `>` by
 * default), the journeys with that path that converted, and optionally their value and the
 * journeys that did not convert. Rows with the same channels are added together; a row whose
 * path is empty is left out and said in a note with the conversions it held.
 *
 * Touch files: one row per event — a person, a time, a channel and whether the row is a
 * conversion (1/0, true/false, yes/no), with an optional value. A conversion row that names a
 * channel is also a touch of that channel at the conversion's time (exports write the converting
 * visit's channel on the conversion row); a conversion row without a channel is a conversion
 * only. A row that is neither a conversion nor names a channel carries nothing and is left out
 * with a note. Journeys are then built per person with `buildJourneys`: a conversion's journey
 * is that person's touches since their previous conversion and within the lookback.
 *
 * Bad cells are never skipped: every one is listed (file, row, column) in one error.
 */
import {
  buildJourneys,
  type ConversionEvent,
  checkTimeZone,
  DEFAULT_LOOKBACK_DAYS,
  MarkpiError,
  type PathRow,
  type Problem,
  type TouchEvent,
} from '@markpi/core';
import { cellText, type ImportSource } from '@markpi/importers';
import { amountCell, type CellResult, decimalStyleOf, flagCell, instantCell } from './cells.js';
import { reportMessage, type SaidMessage, saidAttribution } from './messages.js';
import { type AttributionReport, attributionReport, type ReportOptions } from './report.js';
import { readNamedColumns } from './table-file.js';

/** Problems listed in one error at most; the count of the rest is said. */
const MAX_PROBLEMS = 50;
/** Row numbers a note names before saying "…". */
const NOTE_EXAMPLES = 5;

export type FileReportOptions = Omit<ReportOptions, 'by'>;

export interface PathFileOptions extends FileReportOptions {
  pathColumn: string;
  conversionsColumn: string;
  valueColumn?: string | undefined;
  nullsColumn?: string | undefined;
  /** Between the channels of a path. Default `>`. */
  separator?: string | undefined;
}

export interface TouchFileOptions extends FileReportOptions {
  userColumn: string;
  timeColumn: string;
  channelColumn: string;
  conversionColumn: string;
  valueColumn?: string | undefined;
  /** Days before a conversion whose touches count toward it. Default 30. */
  lookbackDays?: number | undefined;
  /** Zone of times written without an offset. Default UTC. */
  timeZone?: string | undefined;
}

export interface FileAttributionReport extends AttributionReport {
  file: string;
  /** Data rows read below the header. */
  rows_read: number;
  /** Touch files: the journeys built. */
  journeys?: {
    lookbackDays: number;
    converting: number;
    nonConverting: number;
    touches: number;
    untouched: { conversions: number; value: number };
  };
}

/** Every model side by side on a path-level file (see the module comment). */
export async function attributePathFile(
  file: ImportSource | string,
  options: PathFileOptions,
): Promise<FileAttributionReport> {
  const separator = options.separator ?? '>';
  if (separator === '') {
    throw new MarkpiError('invalid_flag', 'the separator between channels is empty', [
      { message: 'the separator is empty', path: '--sep', hint: "give the text between channels, e.g. '>'" },
    ]);
  }
  const table = await readNamedColumns(file, {
    path: { name: options.pathColumn, flag: '--path-column' },
    conversions: { name: options.conversionsColumn, flag: '--conversions-column' },
    value:
      options.valueColumn === undefined ? undefined : { name: options.valueColumn, flag: '--value-column' },
    nulls:
      options.nullsColumn === undefined ? undefined : { name: options.nullsColumn, flag: '--nulls-column' },
  });
  const style = decimalStyleOf(
    table.rows.flatMap((row) => [row.cells.conversions, row.cells.value ?? null, row.cells.nulls ?? null]),
  );
  const problems = new Problems(table.file);
  const paths: PathRow[] = [];
  const skipped = { rows: [] as number[], conversions: 0, value: 0 };
  for (const { row, cells } of table.rows) {
    const conversions = problems.take(row, options.conversionsColumn, amountCell(cells.conversions, style));
    const value =
      options.valueColumn === undefined
        ? 0
        : problems.take(row, options.valueColumn, amountCell(cells.value ?? null, style));
    const nulls =
      options.nullsColumn === undefined
        ? 0
        : problems.take(row, options.nullsColumn, amountCell(cells.nulls ?? null, style));
    if (conversions === undefined || value === undefined || nulls === undefined) continue;
    if (value > 0 && conversions === 0) {
      problems.add(row, options.valueColumn!, 'a value without conversions');
      continue;
    }
    const text = cellText(cells.path).trim();
    if (text === '') {
      skipped.rows.push(row);
      skipped.conversions += conversions;
      skipped.value += value;
      continue;
    }
    const channels = text.split(separator).map((channel) => channel.trim());
    if (channels.some((channel) => channel === '')) {
      problems.add(row, options.pathColumn, `the path \`${text}\` has an empty channel`, {
        hint: `channels are separated by \`${separator}\`; every touch needs a channel name`,
      });
      continue;
    }
    paths.push({ path: channels, conversions, value, nulls });
  }
  problems.throwIfAny('attribution.invalid_paths');
  const notes: SaidMessage[] = [];
  if (skipped.rows.length > 0) {
    notes.push(
      reportMessage('attribution.report.paths_skipped', {
        rows: skipped.rows.length,
        examples: skipped.rows.slice(0, NOTE_EXAMPLES).map(String),
        more: skipped.rows.length > NOTE_EXAMPLES ? 1 : 0,
        conversions: skipped.conversions,
        value: skipped.value,
      }),
    );
  }
  const report = attributionReport({ paths }, options);
  return { ...report, notes: [...notes, ...report.notes], file: table.file, rows_read: table.rows.length };
}

/** Every model side by side on a touch-level file (see the module comment). */
export async function attributeTouchFile(
  file: ImportSource | string,
  options: TouchFileOptions,
): Promise<FileAttributionReport> {
  const lookbackDays = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  const timeZone = checkTimeZone(options.timeZone ?? 'UTC', 'timeZone');
  const table = await readNamedColumns(file, {
    person: { name: options.userColumn, flag: '--user-column' },
    time: { name: options.timeColumn, flag: '--time-column' },
    channel: { name: options.channelColumn, flag: '--channel-column' },
    conversion: { name: options.conversionColumn, flag: '--conversion-column' },
    value:
      options.valueColumn === undefined ? undefined : { name: options.valueColumn, flag: '--value-column' },
  });
  const style = decimalStyleOf(table.rows.map((row) => row.cells.value ?? null));
  const problems = new Problems(table.file);
  const touches: TouchEvent[] = [];
  const conversions: ConversionEvent[] = [];
  const skipped: number[] = [];
  for (const { row, cells } of table.rows) {
    const person = cellText(cells.person).trim();
    if (person === '') problems.add(row, options.userColumn, 'the row names no person');
    const at = problems.take(row, options.timeColumn, instantCell(cells.time, timeZone));
    const converted = problems.take(row, options.conversionColumn, flagCell(cells.conversion));
    const value =
      options.valueColumn === undefined
        ? 0
        : problems.take(row, options.valueColumn, amountCell(cells.value ?? null, style));
    const channel = cellText(cells.channel).trim();
    if (person === '' || at === undefined || converted === undefined || value === undefined) continue;
    if (!converted && value > 0) {
      problems.add(row, options.valueColumn!, 'a value on a row that is not a conversion', {
        hint: 'put the value on the conversion row only',
      });
      continue;
    }
    if (channel !== '') touches.push({ person, channel, at });
    if (converted) conversions.push({ person, at, value });
    else if (channel === '') skipped.push(row);
  }
  problems.throwIfAny('attribution.invalid_events');
  const build = buildJourneys(touches, conversions, { lookbackDays });
  const notes: SaidMessage[] = build.notes.map(saidAttribution);
  if (skipped.length > 0) {
    notes.push(
      reportMessage('attribution.report.rows_skipped', {
        rows: skipped.length,
        examples: skipped.slice(0, NOTE_EXAMPLES).map(String),
        more: skipped.length > NOTE_EXAMPLES ? 1 : 0,
      }),
    );
  }
  const report = attributionReport({ journeys: build.journeys }, options);
  return {
    ...report,
    notes: [...notes, ...report.notes],
    file: table.file,
    rows_read: table.rows.length,
    journeys: {
      lookbackDays,
      converting: build.counts.converting,
      nonConverting: build.counts.nonConverting,
      touches: build.counts.touches,
      untouched: build.untouched,
    },
  };
}

/** Problems of one file's cells, thrown together. */
class Problems {
  private readonly listed: Problem[] = [];
  private more = 0;

  constructor(private readonly file: string) {}

  add(row: number, column: string, message: string, extra: { hint?: string } = {}): void {
    if (this.listed.length < MAX_PROBLEMS)
      this.listed.push({ file: this.file, row, column, message, ...extra });
    else this.more++;
  }

  /** The cell's value, or undefined after noting why it has none. */
  take<T>(row: number, column: string, result: CellResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.add(row, column, result.reason);
    return undefined;
  }

  throwIfAny(code: 'attribution.invalid_paths' | 'attribution.invalid_events'): void {
    if (this.listed.length === 0) return;
    const count = this.listed.length + this.more;
    const rest = this.more > 0 ? ` (the first ${MAX_PROBLEMS} are listed)` : '';
    throw new MarkpiError(
      code,
      `${count} problem${count === 1 ? '' : 's'} in ${this.file}${rest}`,
      this.listed,
    );
  }
}
