/**
 * `markpi cohorts`: the cohort retention table by acquisition month (and first channel with
 * `--by-channel`), and `markpi cohorts retention`: retention by (CE − CN) / CS over a period with
 * a churn rule. Tables say everything in the chosen language; CSV gives one row per cohort and
 * month; JSON prints what the API returns.
 */
import {
  type CohortRetentionAnswer,
  cohortRetention,
  customerRetention,
  type SaidCustomersMessage,
} from '@markpi/app';
import { type CohortTable, type CustomersLanguage, MarkpiError, type PeriodRetention } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { csvOf, FORMATS, type OutputFormat } from '../output.js';
import { resolveDate } from './query.js';

export const CUSTOMER_LABELS = {
  cohort: { en: 'cohort', zh: '获客月份' },
  channel: { en: 'first channel', zh: '首单渠道' },
  allChannels: { en: 'all', zh: '全部' },
  customers: { en: 'customers', zh: '客户数' },
  month: { en: 'month', zh: '第{n}月' },
  through: { en: 'orders through {date}', zh: '订单截至 {date}' },
  none: { en: 'no orders with a customer yet', zh: '尚无带客户标识的订单' },
  start: { en: 'customers at the start (CS)', zh: '期初客户数 (CS)' },
  end: { en: 'customers at the end (CE)', zh: '期末客户数 (CE)' },
  acquired: { en: 'acquired in the period (CN)', zh: '期内新增客户 (CN)' },
  reactivated: { en: 'of which returned after churning', zh: '其中流失后回流' },
  retention: { en: 'retention (CE − CN) / CS', zh: '留存率 (CE − CN) / CS' },
  retained: { en: 'starting customers still active', zh: '期初客户仍活跃占比' },
  rule: { en: 'churned after {days} days without an order', zh: '连续 {days} 天未下单视为流失' },
  figure: { en: 'figure', zh: '项目' },
  value: { en: 'value', zh: '数值' },
} as const;

export const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
export const amount = (value: number | null) =>
  value === null
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const notesOf = (notes: readonly SaidCustomersMessage[], lang: CustomersLanguage) =>
  notes.map((note) => `  · ${note.text[lang]}`);

export const languageFlags = (command: Command): Command =>
  command
    .addOption(
      new Option('--lang <lang>', 'language of the table and the sentences')
        .choices(['en', 'zh'])
        .default('en'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));

export const scopeFlags = (command: Command): Command =>
  command
    .option('--through <date>', 'last day of orders read (YYYY-MM-DD, today, -30d); default the last order')
    .option('--from-cohort <month>', 'first acquisition month shown (YYYY-MM)')
    .option('--filter <condition>', 'which orders count, e.g. "shop = \'tmall\'"');

export interface ScopeFlags {
  through?: string;
  fromCohort?: string;
  filter?: string;
  lang: CustomersLanguage;
  format: OutputFormat;
}

export function scopeRequest(flags: ScopeFlags, timeZone: string) {
  return {
    ...(flags.through ? { through: resolveDate(flags.through, timeZone, 'through') } : {}),
    ...(flags.fromCohort ? { fromCohort: flags.fromCohort } : {}),
    ...(flags.filter ? { filter: flags.filter } : {}),
  };
}

export function wholeNumberFlag(text: string | undefined, flag: string, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    const message = `${flag} ${text} is not a whole number of at least ${minimum}`;
    throw new MarkpiError('invalid_flag', message, [{ message, path: flag }]);
  }
  return value;
}

const monthLabel = (offset: number, lang: CustomersLanguage) =>
  lang === 'en' ? `M${offset}` : CUSTOMER_LABELS.month.zh.replace('{n}', String(offset));

/** One row per cohort (and channel) and month, for CSV. */
export function cohortRecords(table: CohortTable) {
  return table.rows.flatMap((row) =>
    row.cells.map((cell) => ({
      cohort: row.cohort,
      channel: row.channel ?? '',
      customers: row.customers,
      offset: cell.offset,
      month: cell.month,
      active_customers: cell.activeCustomers,
      retention: cell.retention,
      orders: cell.orders,
      revenue: cell.revenue,
      ltv: cell.ltv,
    })),
  );
}

export function renderCohorts(
  answer: CohortRetentionAnswer,
  format: OutputFormat,
  lang: CustomersLanguage,
  months: number,
  show: 'retention' | 'ltv' = 'retention',
): string {
  if (format === 'json') return `${JSON.stringify(answer, null, 2)}\n`;
  if (format === 'csv') {
    const records = cohortRecords(answer.table);
    return records.length === 0 ? '' : csvOf(records, { header: true, columns: Object.keys(records[0]!) });
  }
  if (answer.through === null) return `${CUSTOMER_LABELS.none[lang]}\n`;
  const width = Math.min(months, Math.max(0, ...answer.table.rows.map((row) => row.cells.length)));
  const byChannel = answer.table.rows.some((row) => row.channel !== null);
  const head = [
    CUSTOMER_LABELS.cohort[lang],
    ...(byChannel ? [CUSTOMER_LABELS.channel[lang]] : []),
    CUSTOMER_LABELS.customers[lang],
    ...Array.from({ length: width }, (_, offset) => monthLabel(offset, lang)),
  ];
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of answer.table.rows) {
    table.push([
      row.cohort,
      ...(byChannel ? [row.channel ?? CUSTOMER_LABELS.allChannels[lang]] : []),
      String(row.customers),
      ...Array.from({ length: width }, (_, offset) => {
        const cell = row.cells[offset];
        if (!cell) return '';
        return show === 'retention' ? percent(cell.retention) : amount(cell.ltv);
      }),
    ]);
  }
  const lines = [CUSTOMER_LABELS.through[lang].replace('{date}', answer.through), table.toString()];
  return `${[...lines, ...notesOf(answer.notes, lang)].join('\n')}\n`;
}

export function renderRetention(
  result: PeriodRetention,
  format: OutputFormat,
  lang: CustomersLanguage,
): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (format === 'csv') return csvOf([result], { header: true, columns: Object.keys(result) });
  const table = new Table({
    head: [CUSTOMER_LABELS.figure[lang], CUSTOMER_LABELS.value[lang]],
    style: { head: [], border: [] },
  });
  table.push(
    [CUSTOMER_LABELS.start[lang], String(result.startCustomers)],
    [CUSTOMER_LABELS.end[lang], String(result.endCustomers)],
    [CUSTOMER_LABELS.acquired[lang], String(result.acquiredCustomers)],
    [CUSTOMER_LABELS.reactivated[lang], String(result.reactivatedCustomers)],
    [CUSTOMER_LABELS.retention[lang], percent(result.retention)],
    [CUSTOMER_LABELS.retained[lang], percent(result.retainedShare)],
  );
  const rule = CUSTOMER_LABELS.rule[lang].replace('{days}', String(result.churnDays));
  return `${result.from} … ${result.to}; ${rule}\n${table.toString()}\n`;
}

interface CohortFlags extends ScopeFlags {
  byChannel?: boolean;
  months: string;
}

interface RetentionFlags {
  from: string;
  to: string;
  churnDays: string;
  filter?: string;
  lang: CustomersLanguage;
  format: OutputFormat;
}

export function registerCohortCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const cohorts = program
    .command('cohorts')
    .description('customers by acquisition month: retention tables and retention by (CE − CN) / CS');

  languageFlags(
    scopeFlags(
      cohorts
        .command('table', { isDefault: true })
        .description('the share of each acquisition month’s customers who ordered again, month by month')
        .option('--by-channel', 'a row per acquisition month and first channel')
        .option('--months <n>', 'months after acquisition shown in the table', '12'),
    ),
  ).action(async (flags: CohortFlags) => {
    const months = wholeNumberFlag(flags.months, '--months', 1)!;
    const text = await withWorkspace(globals(), io, async (workspace) => {
      const answer = await cohortRetention(workspace, {
        ...scopeRequest(flags, workspace.catalog.config.time_zone),
        byChannel: flags.byChannel === true,
      });
      return renderCohorts(answer, flags.format, flags.lang, months);
    });
    io.out(text);
  });

  languageFlags(
    cohorts
      .command('retention')
      .description('retention over a period by (CE − CN) / CS, with a churn rule')
      .requiredOption('--from <date>', 'first day of the period')
      .requiredOption('--to <date>', 'last day of the period')
      .option('--churn-days <n>', 'days without an order after which a customer has churned', '30')
      .option('--filter <condition>', 'which orders count, e.g. "shop = \'tmall\'"'),
  ).action(async (flags: RetentionFlags) => {
    const churnDays = wholeNumberFlag(flags.churnDays, '--churn-days', 1)!;
    const text = await withWorkspace(globals(), io, async (workspace) => {
      const zone = workspace.catalog.config.time_zone;
      const result = await customerRetention(workspace, {
        from: resolveDate(flags.from, zone, 'from'),
        to: resolveDate(flags.to, zone, 'to'),
        churnDays,
        ...(flags.filter ? { filter: flags.filter } : {}),
      });
      return renderRetention(result, flags.format, flags.lang);
    });
    io.out(text);
  });
}
