/**
 * `markpi overview` and `markpi compare`: the dashboard's overview and comparison tables in the
 * terminal, from the same use cases the HTTP API answers with. JSON prints what the API returns.
 */
import { answerComparison, answerOverview } from '@markpi/app';
import {
  COMPARISON_TABLES,
  COMPARISONS,
  type Comparison,
  type ComparisonTable,
  type KpiUnit,
  MarkpiError,
} from '@markpi/core';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { FORMATS, formatNumber, type OutputFormat, renderRows } from '../output.js';
import type { Language } from './catalog.js';
import { collectFlag, resolveDate, splitList } from './query.js';
import { renderKpiTable, terminalWidth } from './query-table.js';

export interface AnalyticsCommandContext {
  io: Io;
  globals: () => GlobalOptions;
}

interface WindowFlags {
  from?: string;
  to?: string;
  where?: string;
  compare?: string;
  kpis?: string;
  format: OutputFormat;
}

function comparisonOf(text: string | undefined): Comparison | undefined {
  if (text === undefined) return undefined;
  if (!(COMPARISONS as readonly string[]).includes(text)) {
    throw new MarkpiError('invalid_flag', `--compare ${text} is not a comparison`, [
      { message: `--compare ${text} is not a comparison`, hint: `use one of ${COMPARISONS.join(', ')}` },
    ]);
  }
  return text as Comparison;
}

const windowOptions = (command: Command): Command =>
  command
    .option('--from <date>', 'first day (YYYY-MM-DD, today, yesterday, -30d); default 29 days before --to')
    .option('--to <date>', 'last day, inclusive; default the last day with data')
    .option('--where <condition>', 'only rows meeting this, e.g. "channel = \'douyin\'"')
    .option('--kpis <ids>', 'comma-separated KPI ids (default: the dashboard’s)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));

export function registerAnalyticsCommands(program: Command, context: AnalyticsCommandContext): void {
  const { io, globals } = context;

  windowOptions(
    program
      .command('overview')
      .description('KPI tiles with their change against the period before, and the funnel per channel'),
  )
    .option('--compare <period>', 'previous (default) or last_year')
    .addOption(new Option('--lang <lang>', 'KPI names in this language').choices(['en', 'zh']).default('en'))
    .action(async (flags: WindowFlags & { lang: Language }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const zone = workspace.catalog.config.time_zone;
        const overview = await answerOverview(workspace, {
          ...(flags.from ? { from: resolveDate(flags.from, zone, 'from') } : {}),
          ...(flags.to ? { to: resolveDate(flags.to, zone, 'to') } : {}),
          ...(flags.kpis ? { kpis: splitList(flags.kpis) } : {}),
          ...(flags.where ? { filter: flags.where } : {}),
          ...(flags.compare ? { compare: comparisonOf(flags.compare) } : {}),
        });
        if (flags.format === 'json') {
          io.out(`${JSON.stringify(overview, null, 2)}\n`);
          return;
        }
        // Each tile has its own unit, so numbers are formatted per row rather than per column.
        const shown = (value: number | null | undefined, unit: KpiUnit) =>
          value === null || value === undefined || flags.format !== 'table'
            ? (value ?? null)
            : formatNumber(value, unit);
        const tiles = overview.tiles.map((tile) => ({
          kpi: tile.kpi,
          name: tile.name[flags.lang],
          value: shown(tile.value, tile.unit),
          previous: shown(tile.previous, tile.unit),
          change: tile.change,
          target: shown(tile.target?.value, tile.unit),
          rag: tile.target?.rag ?? null,
          flag: tile.flag,
        }));
        io.out(
          `${overview.period.from} … ${overview.period.to}, compared with the ${overview.compare} period\n`,
        );
        io.out(
          renderRows(
            tiles,
            [
              { key: 'kpi', role: 'dimension' },
              { key: 'name', role: 'dimension' },
              { key: 'value', role: 'kpi' },
              { key: 'previous', role: 'kpi' },
              { key: 'change', role: 'change' },
              { key: 'target', role: 'kpi' },
              { key: 'rag', role: 'flag' },
              { key: 'flag', role: 'flag' },
            ],
            flags.format,
          ),
        );
        if (flags.format === 'table') {
          const weakest = overview.funnel.weakest;
          if (weakest)
            io.out(
              `weakest funnel stage: ${weakest.channel} ${weakest.stage} (${(weakest.relativeToMedian * 100).toFixed(0)}% of the channels’ median)\n`,
            );
          for (const warning of overview.warnings) io.err(`note: ${warning}\n`);
        }
      });
    });

  windowOptions(
    program
      .command('compare')
      .description(`a comparison table: KPIs per ${COMPARISON_TABLES.join(', ')}`)
      .argument('<table>', COMPARISON_TABLES.join(' | ')),
  )
    .option(
      '--compare <period>',
      'add the previous period (previous) or the same period last year (last_year)',
    )
    .option('--search <text>', 'keep rows whose id or name contains this')
    .option('--sort <column>', 'column to sort by (default: the first KPI)')
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']).default('desc'))
    .option('--limit <n>', 'rows per page', '100')
    .option('--offset <n>', 'rows to skip', '0')
    .option(
      '--min <kpi=value>',
      'rank only rows with at least this, e.g. spend=1000 (repeatable)',
      collectFlag,
      [],
    )
    .addOption(new Option('--lang <lang>', 'headers, names and notes in this language').choices(['en', 'zh']))
    .option('--wide', 'every column (a comparison’s earlier values too), however wide the table')
    .action(
      async (
        table: string,
        flags: WindowFlags & {
          search?: string;
          sort?: string;
          order: 'asc' | 'desc';
          limit: string;
          offset: string;
          min: string[];
          lang?: Language;
          wide?: boolean;
        },
      ) => {
        if (!(COMPARISON_TABLES as readonly string[]).includes(table)) {
          throw new MarkpiError('invalid_flag', `${table} is not a comparison table`, [
            {
              message: `${table} is not a comparison table`,
              hint: `use one of ${COMPARISON_TABLES.join(', ')}`,
            },
          ]);
        }
        const limit = Number(flags.limit);
        const offset = Number(flags.offset);
        if (!Number.isInteger(limit) || limit <= 0 || !Number.isInteger(offset) || offset < 0) {
          throw new MarkpiError(
            'invalid_flag',
            '--limit is a positive whole number and --offset a whole number',
          );
        }
        await withWorkspace(globals(), io, async (workspace) => {
          const zone = workspace.catalog.config.time_zone;
          const result = await answerComparison(workspace, table as ComparisonTable, {
            ...(flags.from ? { from: resolveDate(flags.from, zone, 'from') } : {}),
            ...(flags.to ? { to: resolveDate(flags.to, zone, 'to') } : {}),
            ...(flags.kpis ? { kpis: splitList(flags.kpis) } : {}),
            ...(flags.where ? { filter: flags.where } : {}),
            ...(flags.compare ? { compare: comparisonOf(flags.compare) } : {}),
            ...(flags.search ? { search: flags.search } : {}),
            ...(flags.sort ? { sort: flags.sort } : {}),
            order: flags.order,
            limit,
            offset,
            ...(flags.min.length > 0 ? { min: flags.min } : {}),
          });
          if (flags.format === 'json') {
            io.out(`${JSON.stringify(result, null, 2)}\n`);
            return;
          }
          const { text, notes } = renderKpiTable(
            {
              ...result,
              dimensions: [result.dimension],
              names: Object.keys(result.labels).length > 0 ? { [result.dimension]: result.labels } : {},
            },
            workspace.catalog,
            { format: flags.format, lang: flags.lang, wide: flags.wide, width: terminalWidth(io.env) },
          );
          io.out(text);
          if (flags.format === 'table') {
            for (const note of notes) io.out(`${note}\n`);
            io.out(`${result.total} in all; ${result.period?.from ?? ''} … ${result.period?.to ?? ''}\n`);
          } else for (const note of notes) io.err(`${note}\n`);
        });
      },
    );
}
