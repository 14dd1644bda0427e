/**
 * `markpi attribution`: every attribution model side by side, one row per channel (or campaign,
 * or creator) and one column per model, with Markov's removal effect and a flag where the models
 * disagree. Over the workspace's journeys, or over a file without a workspace:
 * `markpi attribution paths FILE …` (a path-level export) and `markpi attribution touches FILE …`
 * (touch-level events). JSON prints what the API returns; the table and CSV say the sentences in
 * the chosen language.
 */
import path from 'node:path';
import {
  type AttributionMeasure,
  type AttributionReport,
  attributePathFile,
  attributeTouchFile,
  type FileReportOptions,
} from '@markpi/app';
import { ATTRIBUTION_MODELS, MarkpiError } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { GlobalOptions, Io } from '../context.js';
import { checkReadableFiles } from '../edge-errors.js';
import { FORMATS, type OutputFormat } from '../output.js';
import { splitList } from './query.js';

export type AttributionLanguage = 'en' | 'zh';

export interface ReportFlags {
  model?: string;
  measure: AttributionMeasure;
  factor?: string;
  minShare?: string;
  lang: AttributionLanguage;
  format: OutputFormat;
}

export interface PathsFlags extends ReportFlags {
  pathColumn: string;
  conversionsColumn: string;
  valueColumn?: string;
  nullsColumn?: string;
  sep?: string;
}

export interface TouchesFlags extends ReportFlags {
  userColumn: string;
  timeColumn: string;
  channelColumn: string;
  conversionColumn: string;
  valueColumn?: string;
  lookback?: string;
  tz?: string;
}

/** Every column a report can show: the models, then Markov's removal effect. */
export const REPORT_COLUMNS = [...ATTRIBUTION_MODELS, 'removal_effect'] as const;
type ReportColumn = (typeof REPORT_COLUMNS)[number];

const LABELS = {
  spread: { en: 'spread', zh: '差距' },
  flag: { en: 'flag', zh: '分歧' },
  notes: { en: 'Notes', zh: '说明' },
  disagreements: { en: 'Where the models disagree', zh: '模型分歧' },
  total: { en: 'total', zh: '合计' },
  journeys: {
    en: (converting: number, nonConverting: number, touches: number) =>
      `${converting} converting and ${nonConverting} non-converting journeys from ${touches} touches`,
    zh: (converting: number, nonConverting: number, touches: number) =>
      `${touches} 个触点构成 ${converting} 段转化旅程和 ${nonConverting} 段未转化旅程`,
  },
} as const;

/** `30d`, `30` (days), `2w`, `36h`: a lookback in days. */
export function parseLookback(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([dwh]?)\s*$/i.exec(text);
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = match?.[2]?.toLowerCase() ?? '';
  const days = unit === 'w' ? amount * 7 : unit === 'h' ? amount / 24 : amount;
  if (!(days > 0 && Number.isFinite(days))) {
    throw new MarkpiError('invalid_flag', `--lookback ${text} is not a length of time`, [
      { message: `--lookback ${text} is not a length of time`, hint: 'write days, e.g. 30d (or 2w, 36h)' },
    ]);
  }
  return days;
}

/** The models asked for by `--model` (a comma list), in column order; every one by default. */
export function parseModels(text: string | undefined): ReportColumn[] {
  if (text === undefined) return [...REPORT_COLUMNS];
  const asked = splitList(text);
  const unknown = asked.filter((model) => !(REPORT_COLUMNS as readonly string[]).includes(model));
  if (unknown.length > 0 || asked.length === 0) {
    throw new MarkpiError('invalid_flag', `--model ${text} names no model`, [
      {
        message: `unknown model${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`,
        hint: `use ${REPORT_COLUMNS.join(', ')}`,
      },
    ]);
  }
  return REPORT_COLUMNS.filter((model) => asked.includes(model));
}

function positiveNumber(text: string | undefined, flag: string, check: (value: number) => boolean) {
  if (text === undefined) return undefined;
  const value = /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!check(value)) {
    throw new MarkpiError('invalid_flag', `${flag} ${text} is out of range`, [
      {
        message: `${flag} ${text} is out of range`,
        hint: flag === '--factor' ? 'a number above 1, e.g. 2' : 'a share 0 … 1, e.g. 0.01',
      },
    ]);
  }
  return value;
}

export function reportOptions(flags: ReportFlags): FileReportOptions {
  const factor = positiveNumber(flags.factor, '--factor', (value) => value > 1 && Number.isFinite(value));
  const minShare = positiveNumber(flags.minShare, '--min-share', (value) => value >= 0 && value <= 1);
  return {
    measure: flags.measure,
    ...(factor !== undefined ? { factor } : {}),
    ...(minShare !== undefined ? { minShare } : {}),
  };
}

const two = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** A report in the chosen format: one row per key, one column per model asked for. */
export function renderReport(
  report: AttributionReport & { journeys?: { converting: number; nonConverting: number; touches: number } },
  columns: readonly ReportColumn[],
  format: OutputFormat,
  lang: AttributionLanguage,
): string {
  const shown = columns.filter((column) => column === 'removal_effect' || report.models.includes(column));
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') {
    const rows = report.rows.map((row) => ({
      [report.by]: row.key,
      ...Object.fromEntries(columns.map((column) => [column, row[column] ?? ''])),
      spread_points: row.spread.points,
      disagreement: row.disagreement?.text[lang] ?? '',
    }));
    return stringify(rows, {
      header: true,
      columns: [report.by, ...columns, 'spread_points', 'disagreement'],
    });
  }
  const table = new Table({
    head: [report.by, ...shown, LABELS.spread[lang], LABELS.flag[lang]],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: ['left', ...shown.map(() => 'right' as const), 'right', 'left'],
  });
  const cell = (column: ReportColumn, value: number | null) =>
    value === null ? '–' : column === 'removal_effect' ? percent(value) : two(value);
  for (const row of report.rows) {
    table.push([
      row.key,
      ...shown.map((column) => cell(column, row[column])),
      `${(row.spread.points * 100).toFixed(1)} pt`,
      row.disagreement ? '!' : '',
    ]);
  }
  table.push([
    LABELS.total[lang],
    ...shown.map((column) => (column === 'removal_effect' ? '' : two(report.total))),
    '',
    '',
  ]);
  const lines = [`${table.toString()}\n`];
  if (report.journeys) {
    const { converting, nonConverting, touches } = report.journeys;
    lines.push(`${LABELS.journeys[lang](converting, nonConverting, touches)}\n`);
  }
  const flagged = report.rows.filter((row) => row.disagreement);
  if (flagged.length > 0) {
    lines.push(`\n${LABELS.disagreements[lang]}\n`);
    for (const row of flagged) lines.push(`  ! ${row.disagreement!.text[lang]}\n`);
  }
  if (report.notes.length > 0) {
    lines.push(`\n${LABELS.notes[lang]}\n`);
    for (const note of report.notes) lines.push(`  - ${note.text[lang]}\n`);
  }
  return lines.join('');
}

const reportFlags = (command: Command): Command =>
  command
    .option('--model <models>', `models to show, comma-separated (default all: ${REPORT_COLUMNS.join(', ')})`)
    .addOption(
      new Option('--measure <measure>', 'credit conversions or their value')
        .choices(['conversions', 'value'])
        .default('conversions'),
    )
    .option(
      '--factor <n>',
      'flag a row when its highest share is more than this times its lowest (default 2)',
    )
    .option('--min-share <share>', 'never flag rows whose highest share is below this (default 0.01)')
    .addOption(new Option('--lang <lang>', 'language of the sentences').choices(['en', 'zh']).default('en'))
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));

export function registerAttributionCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io } = context;
  const attribution = program
    .command('attribution')
    .description('every attribution model side by side, with removal effects and where the models disagree')
    // Options after `paths` or `touches` are theirs, not this command's.
    .enablePositionalOptions();

  reportFlags(
    attribution
      .command('paths')
      .description('attribution over a path-level file (one row per channel path), without a workspace')
      .argument('<file>', 'CSV or XLSX file, any encoding')
      .requiredOption('--path-column <name>', 'the column of paths, e.g. "A > B > C"')
      .requiredOption('--conversions-column <name>', 'the column of conversions per path')
      .option('--value-column <name>', 'the column of conversion value per path')
      .option('--nulls-column <name>', 'the column of journeys per path that did not convert')
      .option('--sep <text>', 'what separates the channels of a path', '>'),
  ).action(async (file: string, flags: PathsFlags) => {
    const columns = parseModels(flags.model);
    checkReadableFiles([file], io.cwd);
    const report = await attributePathFile(path.resolve(io.cwd, file), {
      ...reportOptions(flags),
      pathColumn: flags.pathColumn,
      conversionsColumn: flags.conversionsColumn,
      valueColumn: flags.valueColumn,
      nullsColumn: flags.nullsColumn,
      separator: flags.sep,
    });
    io.out(renderReport(report, columns, flags.format, flags.lang));
  });

  reportFlags(
    attribution
      .command('touches')
      .description(
        'attribution over a touch-level file (one row per touch or conversion), without a workspace',
      )
      .argument('<file>', 'CSV or XLSX file, any encoding')
      .requiredOption('--user-column <name>', 'the column naming the person (user, cookie, device)')
      .requiredOption('--time-column <name>', 'the column of times (2026-05-01 09:30, with an offset or not)')
      .requiredOption('--channel-column <name>', 'the column of channels')
      .requiredOption('--conversion-column <name>', 'the column saying whether the row is a conversion (1/0)')
      .option('--value-column <name>', 'the column of conversion value')
      .option('--lookback <days>', 'touches up to this long before a conversion count toward it', '30d')
      .option('--tz <zone>', 'IANA time zone of times written without an offset', 'UTC'),
  ).action(async (file: string, flags: TouchesFlags) => {
    const columns = parseModels(flags.model);
    const lookbackDays = parseLookback(flags.lookback ?? '30d');
    checkReadableFiles([file], io.cwd);
    const report = await attributeTouchFile(path.resolve(io.cwd, file), {
      ...reportOptions(flags),
      userColumn: flags.userColumn,
      timeColumn: flags.timeColumn,
      channelColumn: flags.channelColumn,
      conversionColumn: flags.conversionColumn,
      valueColumn: flags.valueColumn,
      lookbackDays,
      timeZone: flags.tz,
    });
    io.out(renderReport(report, columns, flags.format, flags.lang));
  });
}
