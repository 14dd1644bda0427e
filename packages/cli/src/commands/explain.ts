/**
 * `markpi explain <kpi>`: a KPI's definition, what it is built from and the SQL it runs. Read
 * without a workspace it prints the catalog's SQL on the raw tables; given one (`--db`, `--store`
 * or their environment variables) it prints the statement the planner writes there, with the
 * rollup each scan reads and the edge days left to the raw table, as `markpi rollups explain`
 * says them (both from app's `rollupChoice`).
 */
import { type RollupChoice, rollupChoice } from '@markpi/app';
import { sayRollupMessage } from '@markpi/core';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, loadCatalog, withWorkspace } from '../context.js';
import { explainKpi, type Language } from './catalog.js';

interface ExplainFlags {
  lang: Language;
  from: string;
  to: string;
  format: 'text' | 'json';
}

/** Whether the command line or the environment names a workspace to read. */
function namesWorkspace(options: GlobalOptions, io: Io): boolean {
  return Boolean(options.db ?? options.store ?? io.env.MARKPI_DB ?? io.env.MARKPI_STORE);
}

export function registerExplainCommand(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  program
    .command('explain')
    .description(
      'show a KPI’s definition, what it is built from, and the SQL it runs (with --db or --store: in that workspace, and the rollups it reads)',
    )
    .argument('<kpi>', 'KPI id')
    .addOption(
      new Option('--lang <lang>', 'language of names and messages').choices(['en', 'zh']).default('en'),
    )
    .option('--from <date>', 'first day of the example query', '2026-01-01')
    .option('--to <date>', 'last day of the example query', '2026-01-31')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, flags: ExplainFlags) => {
      const explained = explainKpi(loadCatalog(globals(), io), id, flags.lang, {
        from: flags.from,
        to: flags.to,
      });
      let choice: RollupChoice | undefined;
      if (namesWorkspace(globals(), io)) {
        choice = await withWorkspace(globals(), io, (workspace) =>
          rollupChoice(workspace, { kpis: [id], from: flags.from, to: flags.to }),
        );
      }
      const sql = choice?.sql ?? explained.sql;
      const params = choice?.params ?? explained.params;
      if (flags.format === 'json') {
        const inWorkspace = choice ? { rollups: choice.uses, messages: choice.messages } : {};
        io.out(`${JSON.stringify({ ...explained, sql, params, ...inWorkspace }, null, 2)}\n`);
        return;
      }
      io.out(
        [
          `${explained.id} — ${explained.name}`,
          explained.description,
          '',
          `formula:      ${explained.formula}`,
          ...(explained.expanded !== explained.formula ? [`expanded:     ${explained.expanded}`] : []),
          `unit:         ${explained.unit}   direction: ${explained.direction}   aggregation: ${explained.aggregation}`,
          `measures:     ${explained.measures.join(', ') || '–'}`,
          ...(explained.kpis.length > 0 ? [`built on:     ${explained.kpis.join(', ')}`] : []),
          `tables:       ${explained.tables.join(', ')}`,
          `sources:      ${explained.sources.join(', ') || '–'}`,
          ...(choice
            ? [
                '',
                'rollups:',
                ...choice.messages.map((message) => `  ${sayRollupMessage(message, flags.lang)}`),
              ]
            : []),
          '',
          `SQL for ${explained.example.from} … ${explained.example.to}${choice ? ' in this workspace' : ''} (parameters bound, never pasted in):`,
          sql,
          `parameters: ${JSON.stringify(params)}`,
          '',
        ].join('\n'),
      );
    });
}
