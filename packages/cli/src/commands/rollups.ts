/**
 * `markpi rollups plan|apply|list|drop`: the rollups the planner may read instead of the facts.
 * `plan` proposes them from the questions the workspace asks within a budget of rows; `apply`
 * creates what the plan proposes; `list` shows those kept, `drop` removes one.
 */
import {
  applyRollups,
  DEFAULT_ROLLUP_BUDGET_ROWS,
  dropWorkspaceRollup,
  planRollups,
  type RollupPlan,
  rollupChoice,
  timeZoneOf,
  workspaceRollups,
} from '@markpi/app';
import { MarkpiError, type RollupTable, sayRollupMessage } from '@markpi/core';
import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { kpiRequestFromFlags, type QueryFlags } from './query.js';

type Format = 'table' | 'json';
type Language = 'en' | 'zh';

const LABELS = {
  name: { en: 'rollup', zh: '汇总表' },
  fact: { en: 'fact', zh: '事实表' },
  grain: { en: 'grain', zh: '粒度' },
  dimensions: { en: 'dimensions', zh: '维度' },
  rows: { en: 'rows', zh: '行数' },
  estimated: { en: 'estimated rows', zh: '估计行数' },
  askedBy: { en: 'questions it serves', zh: '服务的问题' },
  saved: { en: 'rows saved a day', zh: '每日少读行数' },
  none: { en: 'no rollups', zh: '没有汇总表' },
  budget: { en: 'budget', zh: '行数预算' },
  created: { en: 'created', zh: '已创建' },
  dropped: { en: 'dropped', zh: '已删除' },
  nothing: { en: 'nothing to create: every proposed rollup exists', zh: '无需创建：建议的汇总表都已存在' },
} as const;

const count = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US'));

function rollupTable(rollups: readonly RollupTable[], lang: Language): string {
  if (rollups.length === 0) return `${LABELS.none[lang]}\n`;
  const table = new Table({
    head: [LABELS.name, LABELS.fact, LABELS.grain, LABELS.dimensions, LABELS.rows].map(
      (label) => label[lang],
    ),
    style: { head: [], border: [] },
  });
  for (const rollup of rollups)
    table.push([
      rollup.name,
      rollup.fact,
      rollup.grain,
      rollup.dimensions.join(', ') || '–',
      count(rollup.rows),
    ]);
  return `${table.toString()}\n`;
}

export function renderRollupPlan(plan: RollupPlan, format: Format, lang: Language): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  const held = new Set(plan.existing.map((rollup) => rollup.name));
  const table = new Table({
    head: [
      LABELS.name,
      LABELS.fact,
      LABELS.grain,
      LABELS.dimensions,
      LABELS.estimated,
      LABELS.saved,
      LABELS.askedBy,
    ].map((label) => label[lang]),
    style: { head: [], border: [] },
  });
  for (const proposal of plan.proposed)
    table.push([
      `${proposal.definition.name}${held.has(proposal.definition.name) ? ' ✓' : ''}`,
      proposal.definition.fact,
      proposal.definition.grain,
      proposal.definition.dimensions.join(', ') || '–',
      count(proposal.estimatedRows),
      count(Math.round(proposal.savedRowsPerDay)),
      proposal.questions
        .map((question) => sayRollupMessage(question, lang))
        .join(lang === 'zh' ? '；' : '; '),
    ]);
  const total = plan.proposed.reduce((sum, proposal) => sum + proposal.estimatedRows, 0);
  return [
    plan.proposed.length > 0 ? table.toString() : LABELS.none[lang],
    `${LABELS.budget[lang]}: ${count(total)} / ${count(plan.budgetRows)}`,
    sayRollupMessage(plan.rule, lang),
    sayRollupMessage(plan.read, lang),
    '',
  ].join('\n');
}

function budgetOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ROLLUP_BUDGET_ROWS;
  const rows = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
  if (!(rows > 0)) {
    throw new MarkpiError(
      'invalid_flag',
      `--budget ${text} is not a number of rows (a whole number above 0)`,
    );
  }
  return rows;
}

interface Flags {
  format: Format;
  lang: Language;
  budget?: string;
}

const withOutput = (command: Command) =>
  command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'zh']).default('en'));

export function registerRollupCommands(
  program: Command,
  context: { io: Io; globals: () => GlobalOptions },
): void {
  const { io, globals } = context;
  const rollups = program
    .command('rollups')
    .description('rollups the planner reads instead of the facts: plan, apply, list, drop');

  withOutput(rollups.command('plan').description('propose rollups from the questions this workspace asks'))
    .option('--budget <rows>', 'rows all rollups may hold together', String(DEFAULT_ROLLUP_BUDGET_ROWS))
    .action(async (flags: Flags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        io.out(
          renderRollupPlan(await planRollups(workspace, budgetOf(flags.budget)), flags.format, flags.lang),
        );
      });
    });

  withOutput(rollups.command('apply').description('create the rollups the plan proposes'))
    .option('--budget <rows>', 'rows all rollups may hold together', String(DEFAULT_ROLLUP_BUDGET_ROWS))
    .action(async (flags: Flags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const plan = await planRollups(workspace, budgetOf(flags.budget));
        const created = await applyRollups(
          workspace,
          plan.proposed.map((proposal) => proposal.definition),
        );
        if (flags.format === 'json') io.out(`${JSON.stringify({ created }, null, 2)}\n`);
        else
          io.out(
            created.length > 0
              ? `${LABELS.created[flags.lang]}:\n${rollupTable(created, flags.lang)}`
              : `${LABELS.nothing[flags.lang]}\n`,
          );
      });
    });

  withOutput(rollups.command('list').description('the rollups this workspace keeps')).action(
    async (flags: Flags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const kept = await workspaceRollups(workspace);
        io.out(
          flags.format === 'json' ? `${JSON.stringify(kept, null, 2)}\n` : rollupTable(kept, flags.lang),
        );
      });
    },
  );

  withOutput(
    rollups.command('drop').description('drop a rollup').argument('<name>', 'the rollup to drop'),
  ).action(async (name: string, flags: Flags) => {
    await withWorkspace(globals(), io, async (workspace) => {
      await dropWorkspaceRollup(workspace, name);
      io.out(
        flags.format === 'json'
          ? `${JSON.stringify({ dropped: name })}\n`
          : `${LABELS.dropped[flags.lang]}: ${name}\n`,
      );
    });
  });

  withOutput(
    rollups
      .command('explain')
      .description('which rollups a question reads, scan by scan (the flags of `markpi query`)'),
  )
    .requiredOption('--kpis <ids>', 'comma-separated KPI ids, e.g. ctr,cpc,roas')
    .option('--by <names>', 'dimensions and at most one grain, e.g. channel,month')
    .option('--from <date>', 'first day; default 29 days before --to')
    .option('--to <date>', 'last day, inclusive; default the latest day with data')
    .option('--where <condition>', 'filter on dimensions')
    .option('--compare <period>', 'previous or last_year')
    .option('--tz <zone>', 'IANA time zone for relative dates')
    .action(async (flags: QueryFlags & Flags) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const { query, uses, messages } = await rollupChoice(
          workspace,
          kpiRequestFromFlags(flags, timeZoneOf(workspace)),
        );
        if (flags.format === 'json') {
          io.out(`${JSON.stringify({ query, rollups: uses, messages }, null, 2)}\n`);
          return;
        }
        for (const message of messages) io.out(`${sayRollupMessage(message, flags.lang)}\n`);
      });
    });
}
