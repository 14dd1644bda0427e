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
  ATTRIBUTION_KEYS,
  type AttributionKey,
  type AttributionMeasure,
  type AttributionReport,
  attributePathFile,
  attributeTouchFile,
  attributeWorkspace,
  type CreatorRoi,
  creatorRoi,
  type FileReportOptions,
  refreshAttribution,
} from '@markpi/app';
import { ATTRIBUTION_MODELS, type AttributionModelId, MarkpiError, modelName } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { checkReadableFiles } from '../edge-errors.js';
import { csvOf, FORMATS, type OutputFormat } from '../output.js';
import { resolveDate, splitList } from './query.js';

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

export interface WorkspaceFlags extends ReportFlags {
  from?: string;
  to?: string;
  lookback?: string;
  by?: string;
  where?: string;
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
  workspaceJourneys: {
    en: (converting: number, nonConverting: number) =>
      `${converting} conversions with their journeys, ${nonConverting} journeys that did not convert`,
    zh: (converting: number, nonConverting: number) =>
      `${converting} 次转化及其旅程，${nonConverting} 段未转化旅程`,
  },
  creator: { en: 'creator', zh: '达人' },
  tier: { en: 'tier', zh: '层级' },
  fee: { en: 'fee', zh: '费用' },
  orders: { en: 'orders', zh: '订单' },
  gmv: { en: 'GMV', zh: 'GMV' },
  roi: { en: 'ROI', zh: 'ROI' },
  costPerOrder: { en: 'cost/order', zh: '单均成本' },
  couponOrders: { en: 'code orders', zh: '券码订单' },
  couponGmv: { en: 'code GMV', zh: '券码 GMV' },
  tiers: { en: 'By tier', zh: '按层级' },
  underModel: {
    en: (model: string) => `Attributed under ${model}`,
    zh: (model: string) => `${model}模型下的归因`,
  },
  refreshed: {
    en: (rows: number, from: string, to: string, months: number) =>
      `${rows} attributed rows written for conversions ${from} … ${to} (${months} month${months === 1 ? '' : 's'} fitted)`,
    zh: (rows: number, from: string, to: string, months: number) =>
      `已为 ${from} 至 ${to} 的转化写入 ${rows} 行归因数据（拟合 ${months} 个月）`,
  },
  nothing: {
    en: 'The workspace holds no conversions: nothing to attribute; earlier attributed rows were removed',
    zh: '工作区没有转化数据，无可归因；此前写入的归因数据已清除',
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
  report: Omit<AttributionReport, 'rows'> & {
    rows: (AttributionReport['rows'][number] & { label?: string })[];
    journeys?: { converting: number; nonConverting: number; touches?: number };
  },
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
    return csvOf(rows, {
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
      row.label ? `${row.label} (${row.key})` : row.key,
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
    lines.push(
      `${touches === undefined ? LABELS.workspaceJourneys[lang](converting, nonConverting) : LABELS.journeys[lang](converting, nonConverting, touches)}\n`,
    );
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

/** The window of a workspace view: conversions from `--from` to `--to`, touches `--lookback` before. */
const windowFlags = (command: Command): Command =>
  command
    .option(
      '--from <date>',
      'first day of conversions (YYYY-MM-DD, today, -30d); default 29 days before --to',
    )
    .option('--to <date>', 'last day of conversions; default the last day with data')
    .option('--lookback <days>', 'touches up to this long before a conversion count toward it', '30d');

function windowOf(flags: WorkspaceFlags, timeZone: string) {
  return {
    ...(flags.from ? { from: resolveDate(flags.from, timeZone, 'from') } : {}),
    ...(flags.to ? { to: resolveDate(flags.to, timeZone, 'to') } : {}),
    lookbackDays: parseLookback(flags.lookback ?? '30d'),
  };
}

const money = (value: number | null) =>
  value === null
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const ratio = (value: number | null) => (value === null ? '–' : percent(value));

/** Creators (and tiers) under one model: fee, attributed orders and GMV, ROI, cost per order. */
export function renderCreators(
  roi: CreatorRoi,
  model: AttributionModelId,
  format: OutputFormat,
  lang: AttributionLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(roi, null, 2)}\n`;
  const figuresOf = (models: CreatorRoi['creators'][number]['models']) =>
    models.find((entry) => entry.model === model)!;
  const rows = roi.creators.map((row) => {
    const figures = figuresOf(row.models);
    return {
      creator: row.creator,
      name: row.label ?? '',
      tier: row.tier ?? '',
      fee: row.fee,
      orders: figures.conversions,
      gmv: figures.value,
      roi: figures.roi,
      cost_per_order: figures.costPerConversion,
      coupon_orders: row.coupon?.orders ?? 0,
      coupon_gmv: row.coupon?.value ?? 0,
    };
  });
  if (format === 'csv') {
    return csvOf(rows, {
      header: true,
      columns: [
        'creator',
        'name',
        'tier',
        'fee',
        'orders',
        'gmv',
        'roi',
        'cost_per_order',
        'coupon_orders',
        'coupon_gmv',
      ],
    });
  }
  const table = (head: string[], body: string[][]) => {
    const rendered = new Table({
      head,
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      colAligns: head.map((_, index) => (index < 2 ? 'left' : 'right')),
    });
    for (const line of body) rendered.push(line);
    return `${rendered.toString()}\n`;
  };
  const head = [
    LABELS.creator[lang],
    LABELS.tier[lang],
    LABELS.fee[lang],
    LABELS.orders[lang],
    LABELS.gmv[lang],
    LABELS.roi[lang],
    LABELS.costPerOrder[lang],
    LABELS.couponOrders[lang],
    LABELS.couponGmv[lang],
  ];
  const lines = [`${LABELS.underModel[lang](modelName(model, lang))}\n`];
  lines.push(
    table(
      head,
      rows.map((row) => [
        row.name ? `${row.name} (${row.creator})` : row.creator,
        row.tier || '–',
        money(row.fee),
        two(row.orders),
        money(row.gmv),
        ratio(row.roi),
        money(row.cost_per_order),
        String(row.coupon_orders),
        money(row.coupon_gmv),
      ]),
    ),
  );
  if (roi.tiers.length > 0) {
    lines.push(`\n${LABELS.tiers[lang]}\n`);
    lines.push(
      table(
        head.filter((_, index) => index !== 0),
        roi.tiers.map((tier) => {
          const figures = figuresOf(tier.models);
          return [
            tier.tier,
            money(tier.fee),
            two(figures.conversions),
            money(figures.value),
            ratio(figures.roi),
            money(figures.costPerConversion),
            String(tier.coupon?.orders ?? 0),
            money(tier.coupon?.value ?? 0),
          ];
        }),
      ),
    );
  }
  if (roi.notes.length > 0) {
    lines.push(`\n${LABELS.notes[lang]}\n`);
    for (const note of roi.notes) lines.push(`  - ${note.text[lang]}\n`);
  }
  return lines.join('');
}

export function registerAttributionCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  // The options every view shares are this command's: commander reads them before and after a
  // subcommand's name, and the subcommands take them with their own (`optsWithGlobals`).
  const attribution = reportFlags(
    windowFlags(
      program
        .command('attribution')
        .description(
          'every attribution model side by side over the workspace’s journeys, with removal effects and where the models disagree',
        ),
    )
      .addOption(
        new Option('--by <key>', 'what a row credits: channel, campaign or creator')
          .choices(ATTRIBUTION_KEYS)
          .default('channel'),
      )
      .option('--where <condition>', 'by channel: which touches count, e.g. "channel != \'direct\'"'),
  ).action(async (flags: WorkspaceFlags) => {
    const columns = parseModels(flags.model);
    await withWorkspace(globals(), io, async (workspace) => {
      const report = await attributeWorkspace(workspace, {
        ...windowOf(flags, workspace.catalog.config.time_zone),
        ...reportOptions(flags),
        by: flags.by as AttributionKey,
        ...(flags.where ? { filter: flags.where } : {}),
      });
      io.out(renderReport(report, columns, flags.format, flags.lang));
    });
  });
  const subcommand = (name: string, description: string) =>
    attribution.command(name).description(description).configureHelp({ showGlobalOptions: true });

  subcommand(
    'creators',
    'creators’ attributed orders and GMV under a model (--model, default markov) against their fees, per creator and tier',
  ).action(async (_options: unknown, command: Command) => {
    const flags = command.optsWithGlobals<WorkspaceFlags>();
    const asked = flags.model ?? 'markov';
    const model = ATTRIBUTION_MODELS.find((entry) => entry === asked);
    if (!model) {
      throw new MarkpiError('invalid_flag', `--model ${asked} is not one model`, [
        { message: `--model ${asked} is not one model`, hint: `use one of ${ATTRIBUTION_MODELS.join(', ')}` },
      ]);
    }
    await withWorkspace(globals(), io, async (workspace) => {
      const roi = await creatorRoi(workspace, windowOf(flags, workspace.catalog.config.time_zone));
      io.out(renderCreators(roi, model, flags.format, flags.lang));
    });
  });

  subcommand(
    'refresh',
    'write every model’s credit as the attributed measures (attributed_roas_markov, …) of the catalog',
  ).action(async (_options: unknown, command: Command) => {
    const flags = command.optsWithGlobals<WorkspaceFlags>();
    const lookbackDays = parseLookback(flags.lookback ?? '30d');
    await withWorkspace(globals(), io, async (workspace) => {
      const summary = await refreshAttribution(workspace, { lookbackDays });
      if (flags.format === 'json') io.out(`${JSON.stringify(summary, null, 2)}\n`);
      else if (flags.format === 'csv')
        io.out(
          csvOf(
            [
              {
                from: summary.window?.from ?? '',
                to: summary.window?.to ?? '',
                lookback_days: summary.lookbackDays,
                months: summary.months,
                rows: summary.rows,
              },
            ],
            { header: true },
          ),
        );
      else if (summary.window === null) io.out(`${LABELS.nothing[flags.lang]}\n`);
      else
        io.out(
          `${LABELS.refreshed[flags.lang](summary.rows, summary.window.from, summary.window.to, summary.months)}\n`,
        );
    });
  });

  subcommand('paths', 'attribution over a path-level file (one row per channel path), without a workspace')
    .argument('<file>', 'CSV or XLSX file, any encoding')
    .requiredOption('--path-column <name>', 'the column of paths, e.g. "A > B > C"')
    .requiredOption('--conversions-column <name>', 'the column of conversions per path')
    .option('--value-column <name>', 'the column of conversion value per path')
    .option('--nulls-column <name>', 'the column of journeys per path that did not convert')
    .option('--sep <text>', 'what separates the channels of a path', '>')
    .action(async (file: string, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<PathsFlags>();
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

  subcommand(
    'touches',
    'attribution over a touch-level file (one row per touch or conversion), without a workspace',
  )
    .argument('<file>', 'CSV or XLSX file, any encoding')
    .requiredOption('--user-column <name>', 'the column naming the person (user, cookie, device)')
    .requiredOption('--time-column <name>', 'the column of times (2026-05-01 09:30, with an offset or not)')
    .requiredOption('--channel-column <name>', 'the column of channels')
    .requiredOption('--conversion-column <name>', 'the column saying whether the row is a conversion (1/0)')
    .option('--value-column <name>', 'the column of conversion value')
    .option('--tz <zone>', 'IANA time zone of times written without an offset', 'UTC')
    .action(async (file: string, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<TouchesFlags>();
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
