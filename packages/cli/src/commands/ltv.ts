/**
 * `markpi ltv`: realised LTV curves by acquisition month and first channel (`curves`), the
 * BG/NBD and Gamma-Gamma fit with standard errors and projections per first channel (`fit`, on
 * the workspace or on a per-customer summary file), CAC with the cost ledger, LTV/CAC and the
 * payback month per channel (`payback`), and the holdout backtest (`backtest`). Tables say
 * everything in the chosen language; JSON prints what the API returns.
 */
import path from 'node:path';
import {
  type BacktestAnswer,
  fitLtv,
  fitLtvFile,
  type LtvCurvesAnswer,
  type LtvFit,
  ltvBacktest,
  ltvCurves,
  type PaybackAnswer,
  payback,
} from '@markpi/app';
import { type CustomersLanguage, MarkpiError, type TimeUnit } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { checkReadableFiles } from '../edge-errors.js';
import type { OutputFormat } from '../output.js';
import { csvOf } from '../output.js';
import {
  amount,
  CUSTOMER_LABELS,
  languageFlags,
  notesOf,
  renderCohorts,
  type ScopeFlags,
  scopeFlags,
  scopeRequest,
  wholeNumberFlag,
} from './cohorts.js';
import { resolveDate } from './query.js';

const LABELS = {
  ...CUSTOMER_LABELS,
  parameter: { en: 'parameter', zh: '参数' },
  estimate: { en: 'estimate', zh: '估计值' },
  standardError: { en: 'standard error', zh: '标准误' },
  purchase: { en: 'BG/NBD purchase model', zh: 'BG/NBD 购买模型' },
  spend: { en: 'Gamma-Gamma spend model', zh: 'Gamma-Gamma 客单价模型' },
  logLikelihood: { en: 'log-likelihood', zh: '对数似然' },
  fitted: { en: '{n} customers', zh: '{n} 位客户' },
  expectedPurchases: { en: 'expected purchases', zh: '预期购买次数' },
  projected: { en: 'projected value', zh: '预测价值' },
  realised: { en: 'realised value', zh: '已实现价值' },
  horizon: { en: 'next {n} {unit}', zh: '未来 {n} {unit}' },
  unit: { en: { week: 'weeks', day: 'days' }, zh: { week: '周', day: '天' } },
  pooled: { en: 'pooled LTV by month after acquisition', zh: '按获客后月份汇总的 LTV' },
  newCustomers: { en: 'new customers', zh: '新客户' },
  media: { en: 'media', zh: '媒体消耗' },
  nonMedia: { en: 'ledger', zh: '非媒体费用' },
  shared: { en: 'shared', zh: '分摊费用' },
  cac: { en: 'CAC', zh: '获客成本' },
  ltv: { en: 'LTV', zh: 'LTV' },
  ltvToCac: { en: 'LTV/CAC', zh: 'LTV/CAC' },
  paybackMonth: { en: 'payback month', zh: '回本月' },
  notReached: { en: 'not yet', zh: '尚未回本' },
  model: { en: 'BG/NBD', zh: 'BG/NBD' },
  naive: { en: 'average rate', zh: '平均频率' },
  meanAbsolute: { en: 'mean absolute error', zh: '平均绝对误差' },
  rootMeanSquare: { en: 'RMSE', zh: '均方根误差' },
  total: { en: 'total, predicted vs actual', zh: '总量预测偏差' },
} as const;

const fixed = (value: number, digits = 4) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}%`;
const newTable = (head: string[]) => new Table({ head, style: { head: [], border: [] } });

export function renderFit(fit: LtvFit, format: OutputFormat, lang: CustomersLanguage): string {
  if (format === 'json') return `${JSON.stringify(fit, null, 2)}\n`;
  const parameters = [
    ...(fit.purchase
      ? Object.entries(fit.purchase.estimates).map(([name, estimate]) => ({
          model: 'bgnbd',
          name,
          ...estimate,
        }))
      : []),
    ...(fit.spend
      ? Object.entries(fit.spend.estimates).map(([name, estimate]) => ({
          model: 'gamma_gamma',
          name,
          ...estimate,
        }))
      : []),
  ];
  if (format === 'csv') {
    return parameters.length === 0
      ? ''
      : csvOf(
          parameters.map((row) => ({
            model: row.model,
            parameter: row.name,
            estimate: row.value,
            standard_error: row.standardError,
          })),
          { header: true },
        );
  }
  if (!fit.purchase) return `${LABELS.none[lang]}\n`;
  const parts: string[] = [];
  const table = newTable([LABELS.parameter[lang], LABELS.estimate[lang], LABELS.standardError[lang]]);
  for (const [title, model] of [
    [LABELS.purchase[lang], fit.purchase],
    [LABELS.spend[lang], fit.spend],
  ] as const) {
    if (!model) continue;
    const line = `${title} (${LABELS.fitted[lang].replace('{n}', String(model.customers))}, ${LABELS.logLikelihood[lang]} ${fixed(model.logLikelihood, 2)})`;
    table.push([{ colSpan: 3, content: line }]);
    for (const [name, estimate] of Object.entries(model.estimates)) {
      table.push([
        name,
        fixed(estimate.value),
        estimate.standardError === null ? '–' : fixed(estimate.standardError),
      ]);
    }
  }
  parts.push(table.toString());
  if (fit.channels.length > 0) {
    const horizon = LABELS.horizon[lang]
      .replace('{n}', String(fit.horizon))
      .replace('{unit}', LABELS.unit[lang][fit.unit]);
    const projections = newTable([
      LABELS.channel[lang],
      LABELS.customers[lang],
      `${LABELS.expectedPurchases[lang]} (${horizon})`,
      `${LABELS.projected[lang]} (${horizon})`,
      LABELS.realised[lang],
    ]);
    for (const row of fit.channels) {
      projections.push([
        row.channel,
        String(row.customers),
        fixed(row.expectedPurchases, 1),
        amount(row.projectedValue),
        amount(row.realisedValue),
      ]);
    }
    parts.push(projections.toString());
  }
  return `${[...parts, ...notesOf(fit.notes, lang)].join('\n')}\n`;
}

export function renderCurves(
  answer: LtvCurvesAnswer,
  format: OutputFormat,
  lang: CustomersLanguage,
  months: number,
): string {
  if (format !== 'table') return renderCohorts(answer, format, lang, months, 'ltv');
  if (answer.through === null) return `${LABELS.none[lang]}\n`;
  const width = Math.min(months, Math.max(0, ...answer.curves.map((curve) => curve.points.length)));
  const pooled = newTable([
    LABELS.channel[lang],
    LABELS.customers[lang],
    ...Array.from({ length: width }, (_, offset) => (lang === 'en' ? `M${offset}` : `第${offset}月`)),
  ]);
  for (const curve of answer.curves) {
    pooled.push([
      curve.channel ?? LABELS.allChannels[lang],
      String(curve.customers),
      ...Array.from({ length: width }, (_, offset) => {
        const point = curve.points[offset];
        return point ? amount(point.ltv) : '';
      }),
    ]);
  }
  return `${LABELS.pooled[lang]}\n${pooled.toString()}\n${renderCohorts(answer, format, lang, months, 'ltv')}`;
}

export function renderPayback(answer: PaybackAnswer, format: OutputFormat, lang: CustomersLanguage): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const records = answer.channels.map((row) => ({
    channel: row.channel,
    new_customers: row.newCustomers,
    media: row.media,
    ledger: row.nonMedia,
    shared: row.shared,
    cost: row.cost,
    cac: row.cac,
    ltv: row.ltv,
    ltv_months: row.ltvMonths,
    ltv_to_cac: row.ltvToCac,
    payback_month: row.paybackMonth,
  }));
  if (format === 'csv') return records.length === 0 ? '' : csvOf(records, { header: true });
  if (answer.through === null) return `${LABELS.none[lang]}\n`;
  const table = newTable([
    LABELS.channel[lang],
    LABELS.newCustomers[lang],
    LABELS.media[lang],
    LABELS.nonMedia[lang],
    LABELS.shared[lang],
    LABELS.cac[lang],
    `${LABELS.ltv[lang]} (${answer.horizon})`,
    LABELS.ltvToCac[lang],
    LABELS.paybackMonth[lang],
  ]);
  for (const row of answer.channels) {
    table.push([
      row.channel,
      fixed(row.newCustomers, 0),
      amount(row.media),
      amount(row.nonMedia),
      amount(row.shared),
      amount(row.cac),
      amount(row.ltv),
      row.ltvToCac === null ? '–' : fixed(row.ltvToCac, 2),
      row.paybackMonth === null ? (row.cac === null ? '–' : LABELS.notReached[lang]) : `M${row.paybackMonth}`,
    ]);
  }
  const head = `${answer.fromCohort} … ${LABELS.through[lang].replace('{date}', answer.through)}`;
  return `${[head, table.toString(), ...notesOf(answer.notes, lang)].join('\n')}\n`;
}

export function renderBacktest(
  answer: BacktestAnswer,
  format: OutputFormat,
  lang: CustomersLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const rows = [
    { forecast: 'bgnbd', ...answer.model },
    { forecast: 'naive', ...answer.naive },
  ];
  if (format === 'csv') return csvOf(rows, { header: true });
  const table = newTable(['', LABELS.meanAbsolute[lang], LABELS.rootMeanSquare[lang], LABELS.total[lang]]);
  for (const row of rows) {
    table.push([
      row.forecast === 'bgnbd' ? LABELS.model[lang] : LABELS.naive[lang],
      fixed(row.meanAbsolute),
      fixed(row.rootMeanSquare),
      signed(row.totalRelative),
    ]);
  }
  return `${[table.toString(), ...notesOf(answer.notes, lang)].join('\n')}\n`;
}

const UNITS = ['week', 'day'] as const;

interface CurvesFlags extends ScopeFlags {
  byChannel?: boolean;
  months: string;
}

interface FitFlags extends ScopeFlags {
  unit: TimeUnit;
  horizon?: string;
  customerColumn?: string;
  frequencyColumn?: string;
  recencyColumn?: string;
  ageColumn?: string;
  monetaryColumn?: string;
}

interface PaybackFlags extends ScopeFlags {
  margin?: string;
  horizon?: string;
}

interface BacktestFlags {
  calibrationEnd: string;
  holdoutEnd: string;
  unit: TimeUnit;
  filter?: string;
  lang: CustomersLanguage;
  format: OutputFormat;
}

function marginFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0 && value <= 1)) {
    const message = `--margin ${text} is not a share above 0 and at most 1`;
    throw new MarkpiError('invalid_flag', message, [
      { message, path: '--margin', hint: 'e.g. --margin 0.6' },
    ]);
  }
  return value;
}

export function registerLtvCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const ltv = program
    .command('ltv')
    .description('customer lifetime value: realised curves, BG/NBD and Gamma-Gamma, CAC and payback');

  languageFlags(
    scopeFlags(
      ltv
        .command('curves')
        .description('realised LTV per customer by month after acquisition, pooled and per cohort')
        .option('--by-channel', 'a curve per first channel')
        .option('--months <n>', 'months after acquisition shown', '12'),
    ),
  ).action(async (flags: CurvesFlags) => {
    const months = wholeNumberFlag(flags.months, '--months', 1)!;
    const text = await withWorkspace(globals(), io, async (workspace) => {
      const answer = await ltvCurves(workspace, {
        ...scopeRequest(flags, workspace.catalog.config.time_zone),
        byChannel: flags.byChannel === true,
      });
      return renderCurves(answer, flags.format, flags.lang, months);
    });
    io.out(text);
  });

  languageFlags(
    scopeFlags(
      ltv
        .command('fit')
        .description(
          'fit BG/NBD and Gamma-Gamma by maximum likelihood, with standard errors: on the workspace, or on a per-customer summary FILE',
        )
        .argument(
          '[file]',
          'a per-customer summary (CSV / XLSX): repeat purchases, recency and age in one unit',
        )
        .addOption(
          new Option('--unit <unit>', 'time unit of the models (and of FILE)').choices(UNITS).default('week'),
        )
        .option('--horizon <n>', 'units ahead projected (default 52 weeks, 365 days)')
        .option('--customer-column <name>', 'FILE: the customer id column')
        .option('--frequency-column <name>', 'FILE: repeat purchases')
        .option('--recency-column <name>', 'FILE: time from the first purchase to the last')
        .option('--age-column <name>', 'FILE: time from the first purchase to the end of observation')
        .option(
          '--monetary-column <name>',
          'FILE: mean value of the repeat purchases (fits Gamma-Gamma too)',
        ),
    ),
  ).action(async (file: string | undefined, flags: FitFlags) => {
    const horizon = wholeNumberFlag(flags.horizon, '--horizon', 1);
    if (file === undefined) {
      const text = await withWorkspace(globals(), io, async (workspace) => {
        const fit = await fitLtv(workspace, {
          ...scopeRequest(flags, workspace.catalog.config.time_zone),
          unit: flags.unit,
          ...(horizon === undefined ? {} : { horizon }),
        });
        return renderFit(fit, flags.format, flags.lang);
      });
      io.out(text);
      return;
    }
    const missing = (
      [
        ['--customer-column', flags.customerColumn],
        ['--frequency-column', flags.frequencyColumn],
        ['--recency-column', flags.recencyColumn],
        ['--age-column', flags.ageColumn],
      ] as const
    ).filter(([, value]) => value === undefined);
    if (missing.length > 0) {
      const message = `a summary file needs ${missing.map(([flag]) => flag).join(', ')}`;
      throw new MarkpiError(
        'invalid_flag',
        message,
        missing.map(([flag]) => ({ message: `${flag} is missing`, path: flag })),
      );
    }
    checkReadableFiles([file], io.cwd);
    const resolved = path.resolve(io.cwd, file);
    const fit = await fitLtvFile(resolved, {
      customerColumn: flags.customerColumn!,
      frequencyColumn: flags.frequencyColumn!,
      recencyColumn: flags.recencyColumn!,
      ageColumn: flags.ageColumn!,
      monetaryColumn: flags.monetaryColumn,
      unit: flags.unit,
      ...(horizon === undefined ? {} : { horizon }),
    });
    io.out(renderFit(fit, flags.format, flags.lang));
  });

  languageFlags(
    scopeFlags(
      ltv
        .command('payback')
        .description('CAC with media and the cost ledger, LTV/CAC and payback month per channel')
        .option('--margin <share>', 'gross margin on revenue, above 0 and at most 1 (default 1)')
        .option('--horizon <months>', 'months of LTV for LTV/CAC (default 12)'),
    ),
  ).action(async (flags: PaybackFlags) => {
    const margin = marginFlag(flags.margin);
    const horizon = wholeNumberFlag(flags.horizon, '--horizon', 1);
    const text = await withWorkspace(globals(), io, async (workspace) => {
      const answer = await payback(workspace, {
        ...scopeRequest(flags, workspace.catalog.config.time_zone),
        ...(margin === undefined ? {} : { margin }),
        ...(horizon === undefined ? {} : { horizon }),
      });
      return renderPayback(answer, flags.format, flags.lang);
    });
    io.out(text);
  });

  languageFlags(
    ltv
      .command('backtest')
      .description(
        'fit on the orders up to one day, predict each customer’s purchases to another, against their average rate',
      )
      .requiredOption('--calibration-end <date>', 'last day the models are fitted on')
      .requiredOption('--holdout-end <date>', 'last day predicted')
      .addOption(new Option('--unit <unit>', 'time unit of the models').choices(UNITS).default('week'))
      .option('--filter <condition>', 'which orders count, e.g. "shop = \'tmall\'"'),
  ).action(async (flags: BacktestFlags) => {
    const text = await withWorkspace(globals(), io, async (workspace) => {
      const zone = workspace.catalog.config.time_zone;
      const answer = await ltvBacktest(workspace, {
        calibrationEnd: resolveDate(flags.calibrationEnd, zone, 'calibration-end'),
        holdoutEnd: resolveDate(flags.holdoutEnd, zone, 'holdout-end'),
        unit: flags.unit,
        ...(flags.filter ? { filter: flags.filter } : {}),
      });
      return renderBacktest(answer, flags.format, flags.lang);
    });
    io.out(text);
  });
}
