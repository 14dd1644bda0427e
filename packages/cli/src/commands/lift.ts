/**
 * `markpi lift`: what a campaign added. `prepost` (a KPI's daily series in a scope against the
 * baseline its pre-period forecasts), `geo` (treated regions against a synthetic control, over
 * the workspace's KPI by region or over a file), `design` (which regions to treat and what a
 * test can detect), `holdout` and `search` (from counts), and the lift ledger (`ledger`,
 * `withdraw`). `--record <name>` keeps a result in the ledger, where a test that measured one
 * channel's conversions calibrates its ROAS (`calibrated_roas`).
 *
 * Tables say everything in the chosen language; CSV gives the day-by-day series (or the
 * candidates, or the entries); JSON prints what the API returns.
 */
import path from 'node:path';
import {
  brandSearchLift,
  type DesignAnswer,
  designGeoTest,
  designGeoTestOnPanel,
  type GeoAnswer,
  geoLift,
  geoLiftOnPanel,
  type HoldoutAnswer,
  holdoutLift,
  holdoutSize,
  type LiftEstimate,
  type LiftLedgerEntry,
  type LiftRecordDraft,
  type LiftSaid,
  listLiftLedger,
  type PrePostAnswer,
  prePostLift,
  readPanelFile,
  recordLift,
  type SearchLiftAnswer,
  sayLift,
  type WorkspaceContext,
  withdrawLift,
} from '@markpi/app';
import { type KpiUnit, MarkpiError } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { checkReadableFiles } from '../edge-errors.js';
import { csvOf, FORMATS, formatNumber, type OutputFormat } from '../output.js';
import { resolveDate, splitList } from './query.js';

export type LiftLanguage = 'en' | 'zh';

/** Headings and figure names in both languages. */
const LABELS = {
  figure: { en: 'figure', zh: '项目' },
  value: { en: 'value', zh: '数值' },
  interval: { en: 'interval', zh: '区间' },
  kpi: { en: 'KPI', zh: '指标' },
  scope: { en: 'scope', zh: '范围' },
  window: { en: 'campaign window', zh: '活动期' },
  test: { en: 'test', zh: '测试期' },
  pre: { en: 'pre-period', zh: '前期' },
  actual: { en: 'actual', zh: '实际' },
  counterfactual: { en: 'without the campaign', zh: '无活动时（反事实）' },
  incremental: { en: 'incremental', zh: '增量' },
  lift: { en: 'lift', zh: '提升' },
  pValue: { en: 'p-value', zh: 'p 值' },
  measuredDays: { en: 'days measured', zh: '计入天数' },
  fit: { en: 'baseline fit (R², residual sd, ρ)', zh: '基线拟合（R²、残差标准差、ρ）' },
  spend: { en: 'spend', zh: '花费' },
  costPerIncremental: { en: 'cost per incremental', zh: '单位增量成本' },
  incrementalRoas: { en: 'incremental ROAS', zh: '增量 ROAS' },
  factor: { en: 'incrementality factor', zh: '增量系数' },
  channel: { en: 'channel', zh: '渠道' },
  treated: { en: 'treated', zh: '实验组' },
  controls: { en: 'controls', zh: '对照' },
  weight: { en: 'weight', zh: '权重' },
  imbalance: { en: 'pre-period fit (L2, against equal weights)', zh: '前期拟合（L2，相对等权）' },
  ridge: { en: 'ridge λ', zh: '岭回归 λ' },
  weights: { en: 'Synthetic control', zh: '合成对照' },
  notes: { en: 'Notes', zh: '说明' },
  candidates: { en: 'Candidates', zh: '候选方案' },
  mde: { en: 'detectable lift', zh: '可检测提升' },
  mdeVolume: { en: 'detectable volume', zh: '可检测增量' },
  budget: { en: 'budget', zh: '预算' },
  power: { en: 'power', zh: '检验力' },
  placebo: { en: 'placebo lift (mean)', zh: '安慰剂提升（均值）' },
  placeboRmse: { en: 'placebo error (RMSE)', zh: '安慰剂误差（RMSE）' },
  history: { en: 'history', zh: '历史数据' },
  treatmentRate: { en: 'treatment rate', zh: '实验组转化率' },
  controlRate: { en: 'control rate', zh: '对照组转化率' },
  difference: { en: 'difference', zh: '差值' },
  probability: { en: 'probability treatment is better', zh: '实验组更优的概率' },
  exposedRate: { en: 'search rate after viewing', zh: '观看后回搜率' },
  baselineRate: { en: 'search rate in the baseline', zh: '基线回搜率' },
  sampleSize: { en: 'users needed', zh: '所需样本' },
  total: { en: 'total', zh: '合计' },
  id: { en: 'id', zh: '编号' },
  name: { en: 'name', zh: '名称' },
  method: { en: 'method', zh: '方法' },
  period: { en: 'period', zh: '期间' },
  age: { en: 'age (days)', zh: '距今（天）' },
  recorded: {
    en: (id: string) => `recorded in the lift ledger as ${id}`,
    zh: (id: string) => `已记入增量账本，编号 ${id}`,
  },
  withdrawn: {
    en: (id: string) => `${id} withdrawn: it no longer calibrates ROAS`,
    zh: (id: string) => `${id} 已撤回，不再用于校准 ROAS`,
  },
  noEntries: { en: 'the lift ledger is empty', zh: '增量账本为空' },
} as const;

type Label = Exclude<keyof typeof LABELS, 'recorded' | 'withdrawn'>;
const label = (key: Label, lang: LiftLanguage) => LABELS[key][lang];

// ---------------------------------------------------------------- flags

function numberFlag(text: string | undefined, flag: string, rule: { integer?: boolean; min?: number } = {}) {
  if (text === undefined) return undefined;
  const value = Number(text);
  const fine =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min);
  if (!fine)
    throw new MarkpiError(
      'invalid_flag',
      `--${flag} ${text} is not ${rule.integer ? 'a whole number' : 'a number'}`,
      [
        {
          message: `--${flag} ${text}`,
          hint: rule.min === undefined ? 'give a number' : `give a number of at least ${rule.min}`,
        },
      ],
    );
  return value;
}

function requiredNumber(
  text: string | undefined,
  flag: string,
  rule: { integer?: boolean; min?: number } = {},
) {
  const value = numberFlag(text, flag, rule);
  if (value === undefined)
    throw new MarkpiError('invalid_flag', `--${flag} is needed`, [{ message: `--${flag} is needed` }]);
  return value;
}

function needed(value: string | undefined, flag: string, why: string): string {
  if (value === undefined || value.trim() === '')
    throw new MarkpiError('invalid_flag', `--${flag} is needed ${why}`, [
      { message: `--${flag} is needed ${why}` },
    ]);
  return value;
}

const dateFlag = (text: string | undefined, zone: string, flag: string) =>
  text === undefined ? undefined : resolveDate(text, zone, flag);

/** `--ridge` alone: λ relative, its strength cross-validated over the pre-period; `--ridge 0.5`: λ itself. */
function ridgeFlag(value: string | boolean | undefined): boolean | number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return true;
  return numberFlag(value, 'ridge', { min: Number.MIN_VALUE });
}

// ---------------------------------------------------------------- formatting

const dash = '–';
/** A volume: money to the cent; other volumes whole from 100 on, three significant digits below. */
const volume = (value: number | null | undefined, unit: KpiUnit | undefined = 'count') => {
  if (value === null || value === undefined) return dash;
  if (unit === 'currency') return formatNumber(value, 'currency');
  return Math.abs(value) >= 100
    ? formatNumber(Math.round(value), 'count')
    : Number(value.toPrecision(3)).toLocaleString('en-US');
};
const signedShare = (value: number | null | undefined) =>
  value === null || value === undefined
    ? dash
    : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}%`;
const share = (value: number | null | undefined) =>
  value === null || value === undefined ? dash : `${(value * 100).toFixed(2)}%`;
const pValue = (value: number | null | undefined) =>
  value === null || value === undefined ? dash : value < 0.001 ? '< 0.001' : value.toPrecision(2);
const plain = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? dash : Number(value.toPrecision(digits)).toLocaleString('en-US');
const between = (
  estimate: { low: number | null; high: number | null } | null | undefined,
  show: (value: number | null) => string,
) => (estimate ? `${show(estimate.low)} … ${show(estimate.high)}` : dash);

function table(head: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const rendered = new Table({
    head: [...head],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, index) => (index < left ? 'left' : 'right')),
  });
  for (const row of rows) rendered.push([...row]);
  return `${rendered.toString()}\n`;
}

/** Figure, value and interval rows. */
function figures(rows: readonly (readonly [Label, string, string?])[], lang: LiftLanguage): string {
  return table(
    [label('figure', lang), label('value', lang), label('interval', lang)],
    rows.map(([key, value, interval]) => [label(key, lang), value, interval ?? '']),
  );
}

function notesBlock(notes: readonly LiftSaid[], lang: LiftLanguage): string {
  if (notes.length === 0) return '';
  return `\n${label('notes', lang)}\n${notes.map((note) => `  - ${note.text[lang]}\n`).join('')}`;
}

function calibrationRows(
  calibration: PrePostAnswer['calibration'],
): readonly (readonly [Label, string, string?])[] {
  if (!calibration) return [];
  return [
    ['channel', calibration.channel],
    ['factor', plain(calibration.factor.value), between(calibration.factor, (value) => plain(value))],
  ];
}

function economicsRows(
  economics: PrePostAnswer['result']['economics'],
): readonly (readonly [Label, string, string?])[] {
  if (!economics) return [];
  const rows: [Label, string, string?][] = [
    ['spend', volume(economics.spend, 'currency')],
    [
      'costPerIncremental',
      volume(economics.costPerIncremental.value, 'currency'),
      between(economics.costPerIncremental, (value) => volume(value, 'currency')),
    ],
  ];
  if (economics.incrementalRoas)
    rows.push([
      'incrementalRoas',
      plain(economics.incrementalRoas.value),
      between(economics.incrementalRoas, (value) => plain(value)),
    ]);
  return rows;
}

export function renderPrePost(answer: PrePostAnswer, format: OutputFormat, lang: LiftLanguage): string {
  const { result } = answer;
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv')
    return csvOf(
      result.days.map((day) => ({
        date: day.date,
        actual: day.actual,
        counterfactual: day.counterfactual,
        low: day.low,
        high: day.high,
        effect: day.effect,
        left_out: day.leftOut ?? '',
      })),
      { header: true, columns: ['date', 'actual', 'counterfactual', 'low', 'high', 'effect', 'left_out'] },
    );
  const unit = answer.kpi.unit;
  const rows: (readonly [Label, string, string?])[] = [
    ['kpi', `${answer.kpi.id} (${answer.kpi.name[lang]})`],
    ['scope', answer.scope.label],
    ['window', `${answer.window.from} … ${answer.window.to}`],
    ['pre', `${answer.pre.from} … ${answer.pre.to}`],
    ['actual', volume(result.actual, unit)],
    [
      'counterfactual',
      volume(result.counterfactual.value, unit),
      between(result.counterfactual, (value) => volume(value, unit)),
    ],
    [
      'incremental',
      volume(result.incremental.value, unit),
      between(result.incremental, (value) => volume(value, unit)),
    ],
    ['lift', signedShare(result.lift?.value), between(result.lift, signedShare)],
    ['pValue', pValue(result.pValue)],
    ['measuredDays', String(result.measuredDays)],
    ['fit', `${plain(result.fit.rSquared)}, ${plain(result.fit.residualSd)}, ${plain(result.fit.rho, 2)}`],
    ...economicsRows(result.economics),
    ...calibrationRows(answer.calibration),
  ];
  return `${answer.summary.text[lang]}\n\n${figures(rows, lang)}${notesBlock(answer.notes, lang)}`;
}

export function renderGeo(answer: GeoAnswer, format: OutputFormat, lang: LiftLanguage): string {
  const { cell } = answer;
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv')
    return csvOf(
      cell.days.map((day) => ({ ...day })),
      { header: true, columns: ['date', 'period', 'treated', 'synthetic', 'gap'] },
    );
  const unit = answer.kpi?.unit;
  const inference = cell.inference;
  const rows: (readonly [Label, string, string?])[] = [
    ['kpi', answer.kpi ? `${answer.kpi.id} (${answer.kpi.name[lang]})` : answer.measure],
    ['scope', answer.scope.label],
    ['treated', cell.treated.join(', ')],
    ['test', `${answer.test.from} … ${answer.test.to}`],
    ['pre', `${answer.pre.from} … ${answer.pre.to}`],
    ['actual', volume(cell.actual, unit)],
    ['counterfactual', volume(cell.counterfactual, unit)],
    [
      'incremental',
      volume(cell.incremental, unit),
      between(inference?.incremental, (value) => volume(value, unit)),
    ],
    ['lift', signedShare(cell.percentLift), between(inference?.lift, signedShare)],
    ['pValue', pValue(inference?.pValue)],
    ['imbalance', `${plain(cell.imbalance.l2)}, ${plain(cell.imbalance.scaledL2)}`],
    ...(cell.ridge === null ? [] : ([['ridge', plain(cell.ridge)]] as const)),
    ...economicsRows(cell.economics),
    ...calibrationRows(answer.calibration),
  ];
  const weights = table(
    [label('controls', lang), label('weight', lang)],
    cell.weights
      .filter((entry) => Math.abs(entry.weight) >= 0.0005)
      .map((entry) => [entry.location, plain(entry.weight, 3)]),
  );
  return `${answer.summary.text[lang]}\n\n${figures(rows, lang)}\n${label('weights', lang)}\n${weights}${notesBlock(answer.notes, lang)}`;
}

export function renderDesign(answer: DesignAnswer, format: OutputFormat, lang: LiftLanguage): string {
  const { result } = answer;
  const effects = [
    ...new Set(result.candidates.flatMap((candidate) => candidate.power.map((entry) => entry.effect))),
  ];
  const rows = result.candidates.map((candidate) => ({
    treated: candidate.treated.join(', '),
    mde: candidate.mde,
    mde_volume: candidate.mdeIncremental,
    budget: candidate.budget,
    placebo_rmse: candidate.placebo.rmse,
    placebo_lift: candidate.placebo.meanLift,
    ...Object.fromEntries(candidate.power.map((entry) => [`power_at_${entry.effect}`, entry.power])),
  }));
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv')
    return csvOf(rows, {
      header: true,
      columns: [
        'treated',
        'mde',
        'mde_volume',
        'budget',
        'placebo_rmse',
        'placebo_lift',
        ...effects.map((effect) => `power_at_${effect}`),
      ],
    });
  const { history } = answer;
  const head = [
    label('treated', lang),
    label('mde', lang),
    label('mdeVolume', lang),
    label('budget', lang),
    label('placeboRmse', lang),
    label('placebo', lang),
    ...effects.map((effect) => `${label('power', lang)} ${signedShare(effect)}`),
  ];
  const body = result.candidates.map((candidate) => [
    candidate.treated.join(', '),
    signedShare(candidate.mde),
    volume(candidate.mdeIncremental),
    volume(candidate.budget, 'currency'),
    share(candidate.placebo.rmse),
    signedShare(candidate.placebo.meanLift),
    ...effects.map((effect) => share(candidate.power.find((entry) => entry.effect === effect)?.power)),
  ]);
  const lines = [
    `${label('history', lang)}: ${answer.scope.label}, ${history.from} … ${history.to} (${history.days} d, ${history.locations} ${label('controls', lang)})\n`,
    `${result.convention.duration} d, α ${result.convention.alpha}, ${label('power', lang)} ${share(result.convention.power)}, ${result.convention.windows} placebo windows\n\n`,
    ...result.candidates
      .slice(0, 3)
      .map((candidate) => `${LIFT_BULLET}${sayLift(candidate.summary).text[lang]}\n`),
    `\n${label('candidates', lang)} (${answer.compared})\n`,
    table(head, body),
    notesBlock(answer.notes, lang),
  ];
  return lines.join('');
}

const LIFT_BULLET = '  · ';

export function renderHoldout(answer: HoldoutAnswer, format: OutputFormat, lang: LiftLanguage): string {
  const { result } = answer;
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const rows: (readonly [Label, string, string?])[] = [
    ['treatmentRate', share(result.treatmentRate.value), between(result.treatmentRate, share)],
    ['controlRate', share(result.controlRate.value), between(result.controlRate, share)],
    ['difference', signedShare(result.difference.value), between(result.difference, signedShare)],
    ['lift', signedShare(result.relativeLift?.value), between(result.relativeLift, signedShare)],
    ['incremental', volume(result.incremental.value), between(result.incremental, (value) => volume(value))],
    ['pValue', pValue(result.zTest.pValue)],
    ['probability', share(result.bayes.probabilityTreatmentBetter)],
    ...economicsRows(result.economics),
    ...calibrationRows(answer.calibration),
  ];
  if (format === 'csv')
    return csvOf(
      rows.map(([key, value, interval]) => ({ figure: key, value, interval: interval ?? '' })),
      { header: true, columns: ['figure', 'value', 'interval'] },
    );
  return `${answer.summary.text[lang]}\n\n${figures(rows, lang)}${notesBlock(answer.notes, lang)}`;
}

export function renderSearch(answer: SearchLiftAnswer, format: OutputFormat, lang: LiftLanguage): string {
  const { result } = answer;
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  const rows: (readonly [Label, string, string?])[] = [
    ['exposedRate', share(result.exposedRate.value), between(result.exposedRate, share)],
    ['baselineRate', share(result.baselineRate.value), between(result.baselineRate, share)],
    ['lift', signedShare(result.relativeLift?.value), between(result.relativeLift, signedShare)],
    [
      'incremental',
      volume(result.incrementalSearchers.value),
      between(result.incrementalSearchers, (value) => volume(value)),
    ],
    ['pValue', pValue(result.pValue)],
  ];
  if (format === 'csv')
    return csvOf(
      rows.map(([key, value, interval]) => ({ figure: key, value, interval: interval ?? '' })),
      { header: true, columns: ['figure', 'value', 'interval'] },
    );
  return `${answer.summary.text[lang]}\n\n${figures(rows, lang)}`;
}

const estimateText = (estimate: LiftEstimate | null, show: (value: number | null) => string) =>
  estimate ? `${show(estimate.value)} (${show(estimate.low)} … ${show(estimate.high)})` : dash;

export function renderLedger(
  entries: readonly LiftLedgerEntry[],
  format: OutputFormat,
  lang: LiftLanguage,
): string {
  if (format === 'json') return `${JSON.stringify({ entries }, null, 2)}\n`;
  const rows = entries.map((entry) => ({
    id: entry.id,
    name: entry.name,
    method: entry.method,
    kpi: entry.kpi ?? '',
    scope: entry.scope.label,
    period: `${entry.period.from} … ${entry.period.to}`,
    incremental: estimateText(entry.incremental, (value) => volume(value)),
    lift: estimateText(entry.lift, signedShare),
    channel: entry.calibration?.channel ?? '',
    factor: entry.calibration ? estimateText(entry.calibration.factor, (value) => plain(value)) : '',
    age: String(entry.ageDays),
    withdrawn: entry.withdrawn ? 'yes' : '',
  }));
  if (format === 'csv')
    return csvOf(rows, {
      header: true,
      columns: [
        'id',
        'name',
        'method',
        'kpi',
        'scope',
        'period',
        'incremental',
        'lift',
        'channel',
        'factor',
        'age',
        'withdrawn',
      ],
    });
  if (entries.length === 0) return `${label('noEntries', lang)}\n`;
  return table(
    [
      label('id', lang),
      label('name', lang),
      label('method', lang),
      label('period', lang),
      label('incremental', lang),
      label('lift', lang),
      label('channel', lang),
      label('factor', lang),
      label('age', lang),
    ],
    rows.map((row) => [
      row.id,
      row.name,
      row.method,
      row.period,
      row.incremental,
      row.lift,
      row.channel,
      row.factor,
      row.age,
    ]),
    4,
  );
}

// ---------------------------------------------------------------- commands

interface CommonFlags {
  lang: LiftLanguage;
  format: OutputFormat;
  record?: string;
}

interface PanelFileFlags {
  dateColumn?: string;
  locationColumn?: string;
  yColumn?: string;
}

const common = (command: Command): Command =>
  command
    .addOption(new Option('--lang <lang>', 'language of the text').choices(['en', 'zh']).default('en'))
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));

const recordOption = (command: Command): Command =>
  command.option('--record <name>', 'keep the result in the workspace’s lift ledger under this name');

const fileColumns = (command: Command): Command =>
  command
    .option('--date-column <name>', 'with a file: the column of days')
    .option('--location-column <name>', 'with a file: the column of locations (regions, cities)')
    .option('--y-column <name>', 'with a file: the column of the measured values');

async function panelOf(file: string, flags: PanelFileFlags, io: Io) {
  const why = 'to read a panel from a file';
  const columns = {
    date: needed(flags.dateColumn, 'date-column', why),
    location: needed(flags.locationColumn, 'location-column', why),
    value: needed(flags.yColumn, 'y-column', why),
  };
  checkReadableFiles([file], io.cwd);
  return readPanelFile(path.resolve(io.cwd, file), columns);
}

async function recordIf(
  workspace: WorkspaceContext,
  draft: LiftRecordDraft | null,
  flags: CommonFlags,
  io: Io,
): Promise<void> {
  if (flags.record === undefined) return;
  if (!draft)
    throw new MarkpiError('invalid_flag', '--record needs the test’s period: give --from and --to', [
      { message: 'no period to record', hint: 'give --from and --to' },
    ]);
  const entry = await recordLift(workspace, draft, { name: flags.record });
  io.err(`note: ${LABELS.recorded[flags.lang](entry.id)}\n`);
}

interface PrePostFlags extends CommonFlags {
  kpi: string;
  where?: string;
  from: string;
  to: string;
  preFrom?: string;
  preTo?: string;
  calendar?: string;
  trend?: 'none' | 'linear' | 'quadratic';
  weekly: boolean;
  errors?: 'independent' | 'ar1';
  level?: string;
  valuePerUnit?: string;
  channel?: string;
}

interface GeoFlags extends CommonFlags, PanelFileFlags {
  kpi?: string;
  by: string;
  where?: string;
  treated: string;
  testStart: string;
  testEnd: string;
  preStart?: string;
  preEnd?: string;
  exclude?: string;
  ridge?: string | boolean;
  level?: string;
  spend?: string;
  valuePerUnit?: string;
  channel?: string;
}

interface DesignFlags extends Omit<CommonFlags, 'record'>, PanelFileFlags {
  kpi?: string;
  by: string;
  where?: string;
  from?: string;
  to?: string;
  duration: string;
  treatedCount?: string;
  candidates?: string;
  windows?: string;
  alpha?: string;
  power?: string;
  exclude?: string;
  ridge?: string | boolean;
  costPerIncremental?: string;
  effects?: string;
  limit?: string;
}

interface HoldoutFlags extends CommonFlags {
  treatmentUsers?: string;
  treatmentConversions?: string;
  controlUsers?: string;
  controlConversions?: string;
  level?: string;
  spend?: string;
  valuePerUnit?: string;
  channel?: string;
  attributed?: string;
  from?: string;
  to?: string;
  baselineRate?: string;
  mde?: string;
  power?: string;
  alpha?: string;
  treatmentShare?: string;
}

interface SearchFlags extends CommonFlags {
  viewers: string;
  searchers: string;
  baselineUsers: string;
  baselineSearchers: string;
  level?: string;
  from?: string;
  to?: string;
}

export function registerLiftCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const lift = program
    .command('lift')
    .description(
      'what a campaign added: pre/post, geo tests and their design, holdouts, search lift, the lift ledger',
    )
    .enablePositionalOptions();

  recordOption(
    common(
      lift
        .command('prepost')
        .description('a KPI per day in a scope against the baseline its pre-period forecasts')
        .requiredOption('--kpi <id>', 'the KPI measured, e.g. impressions or conversions')
        .option('--where <condition>', 'the scope, e.g. "campaign = \'brand-search-dy\'"')
        .requiredOption('--from <date>', 'first day of the campaign window')
        .requiredOption('--to <date>', 'last day of the campaign window')
        .option('--pre-from <date>', 'first day of the pre-period (default max(56, 2 × window) days before)')
        .option('--pre-to <date>', 'last day of the pre-period (default the day before --from)')
        .option('--calendar <id>', 'event calendar of known events (default cn-retail; none for none)')
        .addOption(
          new Option('--trend <trend>', 'trend of the baseline (default linear)').choices([
            'none',
            'linear',
            'quadratic',
          ]),
        )
        .option('--no-weekly', 'no weekday effects')
        .addOption(
          new Option('--errors <model>', 'error model (default ar1)').choices(['independent', 'ar1']),
        )
        .option('--level <p>', 'central probability of the intervals (default 0.95)')
        .option('--value-per-unit <amount>', 'value of one unit of the KPI, for ROAS')
        .option('--channel <channel>', 'the channel the campaign ran on, for the incrementality factor'),
    ),
  ).action(async (flags: PrePostFlags) => {
    await withWorkspace(globals(), io, async (workspace) => {
      const zone = workspace.catalog.config.time_zone;
      const answer = await prePostLift(workspace, {
        kpi: flags.kpi,
        ...(flags.where ? { filter: flags.where } : {}),
        from: resolveDate(flags.from, zone, 'from'),
        to: resolveDate(flags.to, zone, 'to'),
        ...(flags.preFrom ? { preFrom: dateFlag(flags.preFrom, zone, 'pre-from') } : {}),
        ...(flags.preTo ? { preTo: dateFlag(flags.preTo, zone, 'pre-to') } : {}),
        ...(flags.calendar ? { calendar: flags.calendar } : {}),
        ...(flags.trend ? { trend: flags.trend } : {}),
        ...(flags.weekly === false ? { weekly: false } : {}),
        ...(flags.errors ? { errors: flags.errors } : {}),
        ...(flags.level ? { level: numberFlag(flags.level, 'level') } : {}),
        ...(flags.valuePerUnit
          ? { valuePerUnit: numberFlag(flags.valuePerUnit, 'value-per-unit', { min: 0 }) }
          : {}),
        ...(flags.channel ? { channel: flags.channel } : {}),
      });
      await recordIf(workspace, answer.draft, flags, io);
      io.out(renderPrePost(answer, flags.format, flags.lang));
    });
  });

  recordOption(
    common(
      fileColumns(
        lift
          .command('geo')
          .description(
            'treated regions against a synthetic control: over the workspace (--kpi, --by) or a file',
          )
          .argument('[file]', 'a CSV or XLSX file with a row per day and location (any encoding)')
          .option('--kpi <id>', 'over the workspace: the KPI measured, e.g. conversions')
          .option(
            '--by <dimension>',
            'over the workspace: the dimension whose values are the locations',
            'region',
          )
          .option('--where <condition>', 'over the workspace: the scope')
          .requiredOption('--treated <locations>', 'the treated locations, comma-separated')
          .requiredOption('--test-start <date>', 'first day of the test')
          .requiredOption('--test-end <date>', 'last day of the test')
          .option(
            '--pre-start <date>',
            'first day the weights are fitted on (default max(56, 4 × test) days before)',
          )
          .option('--pre-end <date>', 'last day the weights are fitted on (default the day before the test)')
          .option('--exclude <locations>', 'locations neither treated nor controls, comma-separated')
          .option(
            '--ridge [lambda]',
            'ridge-augmented weights (λ cross-validated over the pre-period unless given)',
          )
          .option('--level <p>', 'central probability of the interval (default 0.95)')
          .option('--spend <amount>', 'with a file: the treated locations’ spend over the test')
          .option('--value-per-unit <amount>', 'value of one unit of the KPI, for ROAS')
          .option(
            '--channel <channel>',
            'over the workspace: the channel tested, for the incrementality factor',
          ),
      ),
    ),
  ).action(async (file: string | undefined, flags: GeoFlags) => {
    const fields = (zone: string) => ({
      treated: splitList(flags.treated),
      testFrom: resolveDate(flags.testStart, zone, 'test-start'),
      testTo: resolveDate(flags.testEnd, zone, 'test-end'),
      ...(flags.preStart ? { preFrom: resolveDate(flags.preStart, zone, 'pre-start') } : {}),
      ...(flags.preEnd ? { preTo: resolveDate(flags.preEnd, zone, 'pre-end') } : {}),
      ...(flags.exclude ? { exclude: splitList(flags.exclude) } : {}),
      ...(ridgeFlag(flags.ridge) !== undefined ? { ridge: ridgeFlag(flags.ridge)! } : {}),
      ...(flags.level ? { level: numberFlag(flags.level, 'level')! } : {}),
      ...(flags.valuePerUnit
        ? { valuePerUnit: numberFlag(flags.valuePerUnit, 'value-per-unit', { min: 0 })! }
        : {}),
    });
    if (file !== undefined) {
      if (flags.kpi)
        throw new MarkpiError('invalid_flag', 'give a file or --kpi, not both', [
          { message: 'a file and --kpi', hint: '--kpi measures the workspace; a file brings its own values' },
        ]);
      const read = await panelOf(file, flags, io);
      const answer = geoLiftOnPanel(
        read.panel,
        {
          ...fields('UTC'),
          ...(flags.spend ? { spend: numberFlag(flags.spend, 'spend', { min: 0 })! } : {}),
        },
        read.about,
      );
      if (flags.record !== undefined)
        await withWorkspace(globals(), io, (workspace) => recordIf(workspace, answer.draft, flags, io));
      io.out(renderGeo(answer, flags.format, flags.lang));
      return;
    }
    const kpi = needed(flags.kpi, 'kpi', 'without a file');
    await withWorkspace(globals(), io, async (workspace) => {
      const answer = await geoLift(workspace, {
        kpi,
        by: flags.by,
        ...(flags.where ? { filter: flags.where } : {}),
        ...(flags.channel ? { channel: flags.channel } : {}),
        ...fields(workspace.catalog.config.time_zone),
      });
      await recordIf(workspace, answer.draft, flags, io);
      io.out(renderGeo(answer, flags.format, flags.lang));
    });
  });

  common(
    fileColumns(
      lift
        .command('design')
        .description('which locations to treat and what a test of a given length can detect')
        .argument('[file]', 'a CSV or XLSX file with a row per day and location (any encoding)')
        .option('--kpi <id>', 'over the workspace: the KPI the test will measure')
        .option(
          '--by <dimension>',
          'over the workspace: the dimension whose values are the locations',
          'region',
        )
        .option('--where <condition>', 'over the workspace: the scope')
        .option('--from <date>', 'over the workspace: first day of the history (default a year before --to)')
        .option('--to <date>', 'over the workspace: last day of the history (default the last day with data)')
        .requiredOption('--duration <days>', 'test length in days')
        .option('--treated-count <n>', 'locations per candidate (default 1), every combination compared')
        .option('--candidates <sets>', 'treated sets to compare instead, e.g. "a,b;c,d"')
        .option('--windows <n>', 'placebo windows (default up to 30)')
        .option('--alpha <p>', 'significance (default 0.05)')
        .option('--power <p>', 'power (default 0.8)')
        .option('--exclude <locations>', 'locations neither treated nor controls')
        .option('--ridge [lambda]', 'ridge-augmented weights')
        .option('--cost-per-incremental <amount>', 'expected cost per incremental unit, for the budget')
        .option('--effects <list>', 'effects to give the power of, e.g. 0.05,0.1')
        .option('--limit <n>', 'candidates shown, best first (default 20)'),
    ),
  ).action(async (file: string | undefined, flags: DesignFlags) => {
    const fields = {
      duration: requiredNumber(flags.duration, 'duration', { integer: true, min: 1 }),
      ...(flags.treatedCount
        ? { treatedCount: numberFlag(flags.treatedCount, 'treated-count', { integer: true, min: 1 })! }
        : {}),
      ...(flags.candidates
        ? {
            candidates: flags.candidates
              .split(';')
              .map(splitList)
              .filter((set) => set.length > 0),
          }
        : {}),
      ...(flags.windows ? { windows: numberFlag(flags.windows, 'windows', { integer: true, min: 1 })! } : {}),
      ...(flags.alpha ? { alpha: numberFlag(flags.alpha, 'alpha')! } : {}),
      ...(flags.power ? { power: numberFlag(flags.power, 'power')! } : {}),
      ...(flags.exclude ? { exclude: splitList(flags.exclude) } : {}),
      ...(ridgeFlag(flags.ridge) !== undefined ? { ridge: ridgeFlag(flags.ridge)! } : {}),
      ...(flags.costPerIncremental
        ? { costPerIncremental: numberFlag(flags.costPerIncremental, 'cost-per-incremental', { min: 0 })! }
        : {}),
      ...(flags.effects
        ? { effects: splitList(flags.effects).map((effect) => numberFlag(effect, 'effects', { min: 0 })!) }
        : {}),
      ...(flags.limit ? { limit: numberFlag(flags.limit, 'limit', { integer: true, min: 1 })! } : {}),
    };
    if (file !== undefined) {
      const read = await panelOf(file, flags, io);
      io.out(renderDesign(designGeoTestOnPanel(read.panel, fields, read.about), flags.format, flags.lang));
      return;
    }
    const kpi = needed(flags.kpi, 'kpi', 'without a file');
    await withWorkspace(globals(), io, async (workspace) => {
      const zone = workspace.catalog.config.time_zone;
      const answer = await designGeoTest(workspace, {
        kpi,
        by: flags.by,
        ...(flags.where ? { filter: flags.where } : {}),
        ...(flags.from ? { from: resolveDate(flags.from, zone, 'from') } : {}),
        ...(flags.to ? { to: resolveDate(flags.to, zone, 'to') } : {}),
        ...fields,
      });
      io.out(renderDesign(answer, flags.format, flags.lang));
    });
  });

  recordOption(
    common(
      lift
        .command('holdout')
        .description('a holdout test from its counts, or (with --baseline-rate and --mde) the users it needs')
        .option('--treatment-users <n>', 'users who got the campaign')
        .option('--treatment-conversions <n>', 'of them, those who converted')
        .option('--control-users <n>', 'users held out')
        .option('--control-conversions <n>', 'of them, those who converted')
        .option('--level <p>', 'central probability of the intervals (default 0.95)')
        .option('--spend <amount>', 'spend on the treatment group, for iROAS and cost')
        .option('--value-per-unit <amount>', 'value of one conversion')
        .option('--channel <channel>', 'the channel tested, for the incrementality factor')
        .option('--attributed <n>', 'conversions the channel’s attribution claimed in the treatment group')
        .option('--from <date>', 'first day of the test (needed to record it)')
        .option('--to <date>', 'last day of the test (needed to record it)')
        .option('--baseline-rate <rate>', 'sample size: the control’s expected conversion rate, e.g. 0.02')
        .option('--mde <lift>', 'sample size: the smallest relative lift to detect, e.g. 0.1')
        .option('--power <p>', 'sample size: power (default 0.8)')
        .option('--alpha <p>', 'sample size: significance (default 0.05)')
        .option(
          '--treatment-share <share>',
          'sample size: share of users in the treatment group (default 0.5)',
        ),
    ),
  ).action(async (flags: HoldoutFlags) => {
    if (flags.baselineRate !== undefined || flags.mde !== undefined) {
      const size = holdoutSize({
        baselineRate: requiredNumber(flags.baselineRate, 'baseline-rate'),
        minimumDetectableLift: requiredNumber(flags.mde, 'mde'),
        ...(flags.power ? { power: numberFlag(flags.power, 'power')! } : {}),
        ...(flags.alpha ? { alpha: numberFlag(flags.alpha, 'alpha')! } : {}),
        ...(flags.treatmentShare
          ? { treatmentShare: numberFlag(flags.treatmentShare, 'treatment-share')! }
          : {}),
      });
      if (flags.format === 'json') io.out(`${JSON.stringify(size, null, 2)}\n`);
      else {
        const rows = [
          [label('treated', flags.lang), size.treatment.toLocaleString('en-US')],
          [label('controls', flags.lang), size.control.toLocaleString('en-US')],
          [label('total', flags.lang), size.total.toLocaleString('en-US')],
        ];
        io.out(
          flags.format === 'csv'
            ? csvOf([{ treatment: size.treatment, control: size.control, total: size.total }], {
                header: true,
                columns: ['treatment', 'control', 'total'],
              })
            : table([label('sampleSize', flags.lang), label('value', flags.lang)], rows),
        );
      }
      return;
    }
    const period =
      flags.from || flags.to
        ? { from: needed(flags.from, 'from', 'with --to'), to: needed(flags.to, 'to', 'with --from') }
        : undefined;
    const answer = holdoutLift({
      treatment: {
        users: requiredNumber(flags.treatmentUsers, 'treatment-users', { integer: true, min: 1 }),
        conversions: requiredNumber(flags.treatmentConversions, 'treatment-conversions', {
          integer: true,
          min: 0,
        }),
      },
      control: {
        users: requiredNumber(flags.controlUsers, 'control-users', { integer: true, min: 1 }),
        conversions: requiredNumber(flags.controlConversions, 'control-conversions', {
          integer: true,
          min: 0,
        }),
      },
      ...(flags.level ? { level: numberFlag(flags.level, 'level')! } : {}),
      ...(flags.spend ? { spend: numberFlag(flags.spend, 'spend', { min: 0 })! } : {}),
      ...(flags.valuePerUnit
        ? { valuePerUnit: numberFlag(flags.valuePerUnit, 'value-per-unit', { min: 0 })! }
        : {}),
      ...(flags.channel ? { channel: flags.channel } : {}),
      ...(flags.attributed ? { attributed: numberFlag(flags.attributed, 'attributed', { min: 0 })! } : {}),
      ...(period ? { period } : {}),
    });
    if (flags.record !== undefined)
      await withWorkspace(globals(), io, (workspace) => recordIf(workspace, answer.draft, flags, io));
    io.out(renderHoldout(answer, flags.format, flags.lang));
  });

  recordOption(
    common(
      lift
        .command('search')
        .description('brand search lift: the search rate of viewers against a matched baseline')
        .requiredOption('--viewers <n>', 'people who viewed')
        .requiredOption('--searchers <n>', 'of them, those who searched for the brand afterwards')
        .requiredOption('--baseline-users <n>', 'people in the matched baseline who did not view')
        .requiredOption('--baseline-searchers <n>', 'of them, those who searched for the brand')
        .option('--level <p>', 'central probability of the intervals (default 0.95)')
        .option('--from <date>', 'first day measured (needed to record it)')
        .option('--to <date>', 'last day measured (needed to record it)'),
    ),
  ).action(async (flags: SearchFlags) => {
    const answer = brandSearchLift({
      viewers: requiredNumber(flags.viewers, 'viewers', { integer: true, min: 1 }),
      searchers: requiredNumber(flags.searchers, 'searchers', { integer: true, min: 0 }),
      baseline: {
        users: requiredNumber(flags.baselineUsers, 'baseline-users', { integer: true, min: 1 }),
        searchers: requiredNumber(flags.baselineSearchers, 'baseline-searchers', { integer: true, min: 0 }),
      },
      ...(flags.level ? { level: numberFlag(flags.level, 'level')! } : {}),
      ...(flags.from || flags.to
        ? {
            period: {
              from: needed(flags.from, 'from', 'with --to'),
              to: needed(flags.to, 'to', 'with --from'),
            },
          }
        : {}),
    });
    if (flags.record !== undefined)
      await withWorkspace(globals(), io, (workspace) => recordIf(workspace, answer.draft, flags, io));
    io.out(renderSearch(answer, flags.format, flags.lang));
  });

  common(
    lift
      .command('ledger')
      .description('the tests and analyses recorded in the workspace, latest first')
      .option('--withdrawn', 'list withdrawn entries too'),
  ).action(async (flags: CommonFlags & { withdrawn?: boolean }) => {
    await withWorkspace(globals(), io, async (workspace) => {
      const entries = await listLiftLedger(workspace, { withdrawn: flags.withdrawn === true });
      io.out(renderLedger(entries, flags.format, flags.lang));
    });
  });

  lift
    .command('withdraw')
    .description('take a ledger entry back: it stays in the history but calibrates nothing')
    .argument('<id>', 'the entry’s id (see markpi lift ledger)')
    .option('--reason <text>', 'why')
    .addOption(new Option('--lang <lang>', 'language of the text').choices(['en', 'zh']).default('en'))
    .action(async (id: string, flags: { reason?: string; lang: LiftLanguage }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const entry = await withdrawLift(workspace, id, {
          ...(flags.reason ? { reason: flags.reason } : {}),
        });
        io.out(`${LABELS.withdrawn[flags.lang](entry.id)}\n`);
      });
    });
}
