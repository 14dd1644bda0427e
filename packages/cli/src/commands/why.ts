/**
 * `markpi why <kpi>`: why a KPI moved — its change split by formula and by segment, the funnel
 * findings behind it and what to do — from the same use case the API answers with. The table
 * says everything in the chosen language; JSON prints what the API returns.
 */
import { type ChangeExplanation, explainChange } from '@markpi/app';
import { type Catalog, COMPARISONS, type Comparison, type KpiUnit, MarkpiError } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import type { GlobalOptions, Io } from '../context.js';
import { withWorkspace } from '../context.js';
import { formatNumber } from '../output.js';
import { resolveDate, splitList } from './query.js';

export type WhyLanguage = 'en' | 'zh';
export const WHY_FORMATS = ['table', 'json'] as const;
export type WhyFormat = (typeof WHY_FORMATS)[number];

export interface WhyFlags {
  from?: string;
  to?: string;
  compare?: string;
  where?: string;
  by?: string;
  lang: WhyLanguage;
  format: WhyFormat;
}

/** Headings and column names in both languages. */
const LABELS = {
  formula: { en: 'By formula', zh: '按公式拆解' },
  funnel: { en: 'By formula, along the funnel', zh: '按公式拆解(沿漏斗)' },
  segments: { en: 'By segment', zh: '按分组拆解' },
  findings: { en: 'Findings', zh: '发现' },
  advice: { en: 'Advice', zh: '建议' },
  notes: { en: 'Notes', zh: '说明' },
  none: { en: 'none', zh: '无' },
  factor: { en: 'factor', zh: '因子' },
  segment: { en: 'segment', zh: '分组' },
  before: { en: 'before', zh: '之前' },
  after: { en: 'after', zh: '之后' },
  mix: { en: 'mix', zh: '结构' },
  rate: { en: 'rate', zh: '自身' },
  contribution: { en: 'contribution', zh: '贡献' },
  share: { en: 'share', zh: '占比' },
} as const satisfies Record<string, Record<WhyLanguage, string>>;

function comparisonOf(text: string | undefined): Comparison | undefined {
  if (text === undefined) return undefined;
  if (!(COMPARISONS as readonly string[]).includes(text)) {
    throw new MarkpiError('invalid_flag', `--compare ${text} is not a comparison`, [
      { message: `--compare ${text} is not a comparison`, hint: `use one of ${COMPARISONS.join(', ')}` },
    ]);
  }
  return text as Comparison;
}

const cell = (value: number | null, unit: KpiUnit | undefined) =>
  value === null ? '–' : formatNumber(value, unit);
const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/** The explanation as text in one language. */
export function renderExplanation(result: ChangeExplanation, catalog: Catalog, lang: WhyLanguage): string {
  const label = (key: keyof typeof LABELS) => LABELS[key][lang];
  const unit = result.kpi.unit;
  const heading = (key: keyof typeof LABELS) => `\n${label(key)}\n`;
  const lines: string[] = [];
  for (const line of result.summary) lines.push(`${line.text[lang]}\n`);

  lines.push(heading(result.formula.basis === 'funnel' ? 'funnel' : 'formula'));
  const factorUnit = (kpi: string | undefined) => (kpi ? catalog.kpis.get(kpi)?.unit : undefined);
  lines.push(
    table(
      lang,
      ['factor', 'before', 'after', 'contribution', 'share'],
      result.formula.factors.map((factor) => ({
        factor: factor.name[lang],
        before: cell(factor.before, factorUnit(factor.kpi)),
        after: cell(factor.after, factorUnit(factor.kpi)),
        contribution: cell(factor.contribution, unit),
        share: percent(factor.share),
      })),
    ),
  );

  if (result.segments) {
    lines.push(heading('segments'));
    const ratio = result.segments.shape === 'ratio';
    lines.push(
      table(
        lang,
        ['segment', 'before', 'after', ...(ratio ? (['mix', 'rate'] as const) : []), 'contribution', 'share'],
        result.segments.drivers.map((driver) => ({
          segment: driver.where.text[lang] + labelOf(driver.path.at(-1)?.label),
          before: cell(driver.before, unit),
          after: cell(driver.after, unit),
          mix: cell(driver.mix, unit),
          rate: cell(driver.rate, unit),
          contribution: cell(driver.contribution, unit),
          share: percent(driver.shareOfChange),
        })),
      ),
    );
    for (const note of result.segments.notes) lines.push(`${note.text[lang]}\n`);
  }

  const bullets = (key: keyof typeof LABELS, items: readonly string[]) => {
    lines.push(heading(key));
    if (items.length === 0) lines.push(`  ${label('none')}\n`);
    for (const item of items) lines.push(`  - ${item}\n`);
  };
  bullets(
    'findings',
    result.findings.map((finding) => finding.text[lang]),
  );
  bullets(
    'advice',
    result.advice.map((entry) => entry.text[lang]),
  );
  const notes = [...result.formula.notes, ...result.notes].map((note) => note.text[lang]);
  if (notes.length > 0) bullets('notes', notes);
  return lines.join('');
}

function labelOf(label: string | undefined): string {
  return label ? ` (${label})` : '';
}

type Column = 'factor' | 'segment' | 'before' | 'after' | 'mix' | 'rate' | 'contribution' | 'share';

/** Rows of formatted cells under column names in the chosen language; names left, numbers right. */
function table(
  lang: WhyLanguage,
  columns: readonly Column[],
  rows: readonly Partial<Record<Column, string>>[],
): string {
  const rendered = new Table({
    head: columns.map((column) => LABELS[column][lang]),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: columns.map((column) => (column === 'factor' || column === 'segment' ? 'left' : 'right')),
  });
  for (const row of rows) rendered.push(columns.map((column) => row[column] ?? '–'));
  return `${rendered.toString()}\n`;
}

export function registerWhyCommand(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  program
    .command('why')
    .description('why a KPI moved: its change split by formula and by segment, findings and advice')
    .argument('<kpi>', 'KPI id, e.g. roas')
    .option('--from <date>', 'first day (YYYY-MM-DD, today, yesterday, -30d); default 29 days before --to')
    .option('--to <date>', 'last day, inclusive; default the last day with data')
    .option('--compare <period>', 'what the change is measured against: previous (default) or last_year')
    .option('--where <condition>', 'only rows meeting this, e.g. "channel = \'douyin\'"')
    .option(
      '--by <dims>',
      'dimensions to split by, each within the one before (default channel,campaign then ad_group or creator, then content)',
    )
    .addOption(new Option('--lang <lang>', 'language of the text').choices(['en', 'zh']).default('en'))
    .addOption(new Option('--format <format>', 'output format').choices(WHY_FORMATS).default('table'))
    .action(async (kpi: string, flags: WhyFlags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const zone = workspace.catalog.config.time_zone;
        const result = await explainChange(workspace, {
          kpi,
          ...(flags.from ? { from: resolveDate(flags.from, zone, 'from') } : {}),
          ...(flags.to ? { to: resolveDate(flags.to, zone, 'to') } : {}),
          ...(flags.compare ? { compare: comparisonOf(flags.compare) } : {}),
          ...(flags.where ? { filter: flags.where } : {}),
          ...(flags.by ? { by: splitList(flags.by) } : {}),
        });
        if (flags.format === 'json') {
          io.out(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        io.out(renderExplanation(result, workspace.catalog, flags.lang));
        for (const warning of result.warnings) io.err(`note: ${warning}\n`);
      });
    });
}
