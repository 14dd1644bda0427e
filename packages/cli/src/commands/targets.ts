/**
 * `markpi targets …` (add, update, list, history, breakdown, check, pace, suggest, benchmarks,
 * calendars, seed-demo) and `markpi scorecard …`. Thin, like every command: flags are parsed and
 * checked here, the work is the store's target services, the output goes through renderRows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addTarget,
  addTargetsForEntities,
  answerScorecard,
  breakdownTarget,
  checkTargets,
  getTarget,
  importBenchmarks,
  listBenchmarks,
  listEventCalendars,
  listScorecardTemplates,
  listTargets,
  paceTargets,
  SCORECARD_BASELINES,
  type ScorecardBaseline,
  type ScorecardGroup,
  type ScorecardQuestion,
  saveEventCalendar,
  saveScorecardTemplate,
  seedDemoTargets,
  suggestTarget,
  type TargetPace,
  targetHistory,
  updateTarget,
  type WorkspaceContext,
} from '@markpi/app';
import {
  BREAKDOWN_MODES,
  type Breakdown,
  type BreakdownLevel,
  type BreakdownMode,
  type CalendarEvent,
  type Catalog,
  type CompiledColumn,
  type EntityScore,
  isBuiltinTemplateId,
  type KpiUnit,
  MarkpiError,
  parseScorecardTemplate,
  parseTemplateWeights,
  REVIEW_CADENCES,
  type ReviewCadence,
  SUGGESTION_BASES,
  type SuggestionBasis,
  type TargetInput,
  type TargetVersion,
} from '@markpi/core';
import type { Warehouse } from '@markpi/store';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { FORMATS, formatNumber, type OutputFormat, renderRows } from '../output.js';
import { resolveDate } from './query.js';

export interface TargetCommandContext {
  io: Io;
  /** The program's global options (--db, --store, --config), read when a command runs. */
  globals: () => GlobalOptions;
}

type Cell = string | number | boolean | null;
type Rows = Record<string, Cell>[];

const TIME_ZONE_FALLBACK = 'Asia/Shanghai';
const BREAKDOWN_LEVELS: readonly BreakdownLevel[] = ['quarter', 'month', 'day'];

const formatOption = () => new Option('--format <format>', 'output format').choices(FORMATS).default('table');
const collect = (value: string, previous: string[]) => [...previous, value];

// ---------------------------------------------------------------------------------------------
// Flag parsing: every mistake is a user error with the flag named.

function parseNumber(text: string, flag: string): number {
  const value = Number(text.trim().replace(/_/g, ''));
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new MarkpiError('invalid_flag', `--${flag} ${text} is not a number`);
  }
  return value;
}

function parseShare(text: string, flag: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = parseNumber(percent ? trimmed.slice(0, -1) : trimmed, flag);
  return percent ? value / 100 : value;
}

function parseChoice<T extends string>(text: string, choices: readonly T[], flag: string): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new MarkpiError('invalid_flag', `--${flag} ${text} is not one of ${choices.join(', ')}`);
}

/** `kpi=value` pairs (`roi=1.8`, `cpl=45`); percentages allowed (`ctr=2.5%`). */
function parseKpiValues(pairs: readonly string[], flag: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([a-z][a-z0-9_]*)\s*=\s*(.+)$/.exec(pair.trim());
    if (!match) throw new MarkpiError('invalid_flag', `--${flag} ${pair}: write kpi=value, e.g. roi=1.8`);
    values[match[1]!] = parseShare(match[2]!, flag);
  }
  return values;
}

/** `entity:kpi=value` (`618-2026:roi=1.8`). */
function parseEntityTargets(pairs: readonly string[]): Record<string, Record<string, number>> {
  const targets: Record<string, Record<string, number>> = {};
  for (const pair of pairs) {
    const split = pair.lastIndexOf(':');
    if (split <= 0)
      throw new MarkpiError(
        'invalid_flag',
        `--entity-target ${pair}: write entity:kpi=value, e.g. 618-2026:roi=1.8`,
      );
    const entity = pair.slice(0, split);
    targets[entity] = { ...targets[entity], ...parseKpiValues([pair.slice(split + 1)], 'entity-target') };
  }
  return targets;
}

/** `id=condition` (`china=channel in ('douyin', 'xiaohongshu')`). */
function parseGroups(pairs: readonly string[]): ScorecardGroup[] {
  return pairs.map((pair) => {
    const split = pair.indexOf('=');
    const id = pair.slice(0, split).trim();
    const filter = pair.slice(split + 1).trim();
    if (split <= 0 || !/^[A-Za-z0-9][\w.-]*$/.test(id) || filter === '') {
      throw new MarkpiError(
        'invalid_flag',
        `--group ${pair}: write id=condition, e.g. china="channel in ('douyin', 'xiaohongshu')"`,
      );
    }
    return { id, filter };
  });
}

/** `name:from[..to]:weight` (`launch day:2026-03-03:4`, `presale:2026-05-20..2026-05-30:1.5`). */
function parseEvent(text: string): CalendarEvent {
  const match = /^(.+):(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?:([\d.]+)$/.exec(text.trim());
  if (!match)
    throw new MarkpiError(
      'invalid_flag',
      `--event ${text}: write name:from[..to]:weight, e.g. "launch day:2026-03-03:4"`,
    );
  return {
    name: match[1]!.trim(),
    from: match[2]!,
    ...(match[3] ? { to: match[3] } : {}),
    weight: parseNumber(match[4]!, 'event'),
  };
}

function timeZoneOf(catalog: Catalog): string {
  return catalog.config.time_zone ?? TIME_ZONE_FALLBACK;
}

function dateFlag(text: string | undefined, catalog: Catalog, flag: string): string | undefined {
  return text === undefined ? undefined : resolveDate(text, timeZoneOf(catalog), flag);
}

function requireDate(text: string | undefined, catalog: Catalog, flag: string): string {
  const date = dateFlag(text, catalog, flag);
  if (!date) throw new MarkpiError('invalid_flag', `--${flag} is required`);
  return date;
}

// ---------------------------------------------------------------------------------------------
// Cells: numbers stay numbers in JSON and CSV; in a table they are formatted by the KPI's unit.

function numberCell(value: number | null | undefined, unit: KpiUnit | undefined, format: OutputFormat): Cell {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return format === 'table' ? formatNumber(value, unit) : value;
}

function shareCell(value: number | null | undefined, format: OutputFormat): Cell {
  return numberCell(value, 'percent', format);
}

function columns(left: readonly string[], right: readonly string[]): CompiledColumn[] {
  return [
    ...left.map((key): CompiledColumn => ({ key, role: 'dimension' })),
    ...right.map((key): CompiledColumn => ({ key, role: 'kpi' })),
  ];
}

function unitOf(catalog: Catalog, kpi: string): KpiUnit | undefined {
  return catalog.kpis.get(kpi)?.unit;
}

async function withWarehouse<T>(
  context: TargetCommandContext,
  work: (warehouse: Warehouse, catalog: Catalog, workspace: WorkspaceContext) => Promise<T>,
): Promise<T> {
  return withWorkspace(context.globals(), context.io, (workspace) =>
    work(workspace.warehouse, workspace.catalog, workspace),
  );
}

function targetRows(versions: readonly TargetVersion[], catalog: Catalog, format: OutputFormat): Rows {
  return versions.map(({ target, version, createdAt }) => ({
    id: target.id,
    kpi: target.kpi,
    scope: target.scope.label,
    from: target.period.from,
    to: target.period.to,
    value: numberCell(target.value, unitOf(catalog, target.kpi), format),
    cadence: target.cadence,
    breakdown: target.breakdown.mode,
    owner: target.owner ?? null,
    goal: target.goal ?? null,
    version,
    saved: createdAt,
  }));
}

/** Tables leave out the long goal and the save time; JSON and CSV keep every field. */
function targetColumns(format: OutputFormat): CompiledColumn[] {
  const wide = format !== 'table';
  return [
    ...columns(['id', 'kpi', 'scope', 'from', 'to'], ['value']),
    ...columns(['cadence', 'breakdown', 'owner', ...(wide ? ['goal'] : [])], ['version']),
    ...(wide ? columns(['saved'], []) : []),
  ];
}

// ---------------------------------------------------------------------------------------------
// markpi targets

interface TargetFlags {
  id?: string;
  kpi?: string;
  value?: string;
  from?: string;
  to?: string;
  where?: string;
  label?: string;
  baselineWhere?: string;
  baselineLabel?: string;
  goal?: string;
  owner?: string;
  cadence?: string;
  breakdown?: string;
  calendar?: string;
  note?: string;
  author?: string;
  reason?: string;
  replace?: boolean;
  format: OutputFormat;
}

/** The target fields the flags set; absent flags are left out so `update` changes only them. */
function targetFields(flags: TargetFlags, catalog: Catalog): Partial<Omit<TargetInput, 'id'>> {
  const fields: Partial<Omit<TargetInput, 'id'>> = {};
  if (flags.kpi !== undefined) fields.kpi = flags.kpi;
  if (flags.value !== undefined) fields.value = parseShare(flags.value, 'value');
  if (flags.where !== undefined || flags.label !== undefined) {
    fields.scope = {
      ...(flags.where ? { filter: flags.where } : {}),
      label: flags.label ?? flags.where ?? 'whole workspace',
    };
  }
  if (flags.baselineWhere !== undefined) {
    fields.baselineScope = { filter: flags.baselineWhere, label: flags.baselineLabel ?? flags.baselineWhere };
  }
  if (flags.goal !== undefined) fields.goal = flags.goal;
  if (flags.owner !== undefined) fields.owner = flags.owner;
  if (flags.cadence !== undefined)
    fields.cadence = parseChoice<ReviewCadence>(flags.cadence, REVIEW_CADENCES, 'cadence');
  if (flags.breakdown !== undefined || flags.calendar !== undefined) {
    fields.breakdown = {
      mode:
        flags.breakdown !== undefined
          ? parseChoice<BreakdownMode>(flags.breakdown, BREAKDOWN_MODES, 'breakdown')
          : 'events',
      ...(flags.calendar ? { calendar: flags.calendar } : {}),
    };
  }
  if (flags.note !== undefined) fields.note = flags.note;
  const from = dateFlag(flags.from, catalog, 'from');
  const to = dateFlag(flags.to, catalog, 'to');
  if (from !== undefined || to !== undefined) fields.period = { from: from ?? '', to: to ?? '' };
  return fields;
}

const targetDefinitionOptions = (command: Command): Command =>
  command
    .option('--where <condition>', 'scope: which rows count, e.g. "campaign = \'618-2026\'"')
    .option('--label <text>', 'what people call the scope, e.g. "618 2026"')
    .option(
      '--baseline-where <condition>',
      "judge against this scope's history, e.g. \"campaign = '618-2025'\"",
    )
    .option('--baseline-label <text>', 'name of the baseline scope')
    .option('--goal <text>', 'the business goal the target serves')
    .option('--owner <name>', 'who answers for it')
    .option('--cadence <cadence>', `review cadence: ${REVIEW_CADENCES.join(', ')}`)
    .option('--breakdown <mode>', `how it splits over days: ${BREAKDOWN_MODES.join(', ')}`)
    .option('--calendar <id>', 'event calendar for --breakdown events (default cn-retail)')
    .option('--note <text>', 'anything else worth keeping with it')
    .option('--author <name>', 'who made the change');

function paceRows(paces: readonly TargetPace[], catalog: Catalog, format: OutputFormat): Rows {
  return paces.map((pace) => {
    const unit = unitOf(catalog, pace.kpi);
    return {
      target: pace.targetId,
      kpi: pace.kpi,
      scope: pace.scope,
      as_of: pace.asOf,
      status: pace.status,
      actual: numberCell(pace.actualToDate, unit, format),
      target_to_date: numberCell(pace.targetToDate, unit, format),
      index: shareCell(pace.index, format),
      projection: numberCell(pace.projection?.value, unit, format),
      low: numberCell(pace.projection?.low, unit, format),
      high: numberCell(pace.projection?.high, unit, format),
      full_target: numberCell(pace.target, unit, format),
      projected_index: shareCell(pace.projectedIndex, format),
      probability: shareCell(pace.probability, format),
    };
  });
}

const PACE_COLUMNS = columns(
  ['target', 'kpi', 'scope', 'as_of', 'status'],
  [
    'actual',
    'target_to_date',
    'index',
    'projection',
    'low',
    'high',
    'full_target',
    'projected_index',
    'probability',
  ],
);

function breakdownRows(
  breakdown: Breakdown,
  level: BreakdownLevel,
  unit: KpiUnit | undefined,
  format: OutputFormat,
): Rows {
  const parts =
    level === 'quarter' ? breakdown.quarters : level === 'month' ? breakdown.months : breakdown.days;
  return parts.map((part) => ({
    level: part.level,
    from: part.from,
    to: part.to,
    value: numberCell(part.value, unit, format),
    cumulative: numberCell(part.cumulative, unit, format),
    share: shareCell(part.share, format),
    event: part.event ?? null,
  }));
}

export function registerTargetCommands(program: Command, context: TargetCommandContext): void {
  const { io } = context;
  const targets = program
    .command('targets')
    .description('SMART targets: set, break down, check and pace them');

  targetDefinitionOptions(
    targets
      .command('add')
      .description('add a target (a KPI, scope, period and value); see its SMART check at once')
      .requiredOption('--kpi <id>', 'KPI id, e.g. roi')
      .requiredOption(
        '--value <n>',
        'the level to reach: a total (impressions), a level (roi), an end level (followers)',
      )
      .requiredOption('--from <date>', 'first day of the period')
      .requiredOption('--to <date>', 'last day of the period, inclusive')
      .option('--id <id>', 'target id (default: derived from KPI, scope and start)')
      .option(
        '--replace',
        'a target with the same KPI, scope and period becomes this one’s next version (history kept) instead of an error',
      ),
  )
    .addOption(formatOption())
    .action(async (flags: TargetFlags) => {
      await withWarehouse(context, async (warehouse, catalog, workspace) => {
        const fields = targetFields(flags, catalog);
        const { kpi, value, period } = fields;
        // Commander already insists on these; the check keeps the types honest.
        if (kpi === undefined || value === undefined || period === undefined) {
          throw new MarkpiError('invalid_flag', '--kpi, --value, --from and --to are required');
        }
        const saved = await addTarget(
          warehouse,
          catalog,
          { ...fields, kpi, value, period, ...(flags.id ? { id: flags.id } : {}) },
          { ...(flags.author ? { author: flags.author } : {}), ...(flags.replace ? { replace: true } : {}) },
        );
        if (saved.replaced)
          io.err(`note: replaced ${saved.replaced}; this is its version ${saved.version}\n`);
        io.out(
          renderRows(targetRows([saved], catalog, flags.format), targetColumns(flags.format), flags.format),
        );
        if (flags.format === 'table') {
          const [check] = await checkTargets(workspace, [saved.target.id]);
          if (!check) return;
          io.out(`SMART: ${check.overall}\n`);
          for (const letter of check.letters)
            io.out(`  ${letter.letter.padEnd(10)} ${letter.rating.padEnd(4)}  ${letter.reason}\n`);
        }
      });
    });

  targets
    .command('bulk')
    .description(
      'one target for every campaign, channel, creator tier… at once: the same value, or each one’s own baseline improved by an uplift',
    )
    .requiredOption('--kpi <id>', 'KPI id, e.g. roi')
    .requiredOption('--by <dimension>', 'campaign, channel, creator_tier, …')
    .requiredOption('--from <date>', 'first day of the period')
    .requiredOption('--to <date>', 'last day of the period, inclusive')
    .option('--value <n>', 'the same value for every entity')
    .option(
      '--uplift <share>',
      'each entity’s baseline improved by this (0.1 or 10%), in the KPI’s direction',
    )
    .option(
      '--baseline <window>',
      'with --uplift: previous (same-length window before) or last_year',
      'previous',
    )
    .option('--entity <id>', 'an entity (default: every one with data); repeat', collect, [])
    .option('--where <condition>', 'only entities within this condition')
    .option('--goal <text>', 'the business goal the targets serve')
    .option('--owner <name>', 'who answers for them')
    .option(
      '--replace',
      'targets with the same KPI, entity and period become new versions instead of an error',
    )
    .option('--author <name>', 'who made the change')
    .addOption(formatOption())
    .action(async (flags: BulkFlags) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        if ((flags.value === undefined) === (flags.uplift === undefined))
          throw new MarkpiError(
            'invalid_flag',
            'give one of --value (the same for all) or --uplift (from baselines)',
          );
        const result = await addTargetsForEntities(warehouse, catalog, {
          kpi: flags.kpi,
          by: flags.by,
          period: {
            from: requireDate(flags.from, catalog, 'from'),
            to: requireDate(flags.to, catalog, 'to'),
          },
          value:
            flags.value !== undefined
              ? { same: parseShare(flags.value, 'value') }
              : {
                  baseline: parseChoice(flags.baseline, ['previous', 'last_year'] as const, 'baseline'),
                  uplift: parseShare(flags.uplift!, 'uplift'),
                },
          ...(flags.entity.length > 0 ? { entities: flags.entity } : {}),
          ...(flags.where ? { filter: flags.where } : {}),
          ...(flags.goal ? { goal: flags.goal } : {}),
          ...(flags.owner ? { owner: flags.owner } : {}),
          ...(flags.replace ? { replace: true } : {}),
          ...(flags.author ? { author: flags.author } : {}),
        });
        io.out(
          renderRows(
            targetRows(result.saved, catalog, flags.format),
            targetColumns(flags.format),
            flags.format,
          ),
        );
        if (result.baselineWindow)
          io.err(`note: baselines from ${result.baselineWindow.from} … ${result.baselineWindow.to}\n`);
        for (const skipped of result.skipped)
          io.err(`note: ${skipped.entity} has no baseline: no target set\n`);
      });
    });

  targetDefinitionOptions(
    targets
      .command('update')
      .description('change a target; the old version is kept')
      .argument('<id>', 'target id')
      .option('--kpi <id>', 'KPI id')
      .option('--value <n>', 'new value')
      .option('--from <date>', 'first day')
      .option('--to <date>', 'last day'),
  )
    .option('--reason <text>', 'why it changed (kept with the version)')
    .addOption(formatOption())
    .action(async (id: string, flags: TargetFlags) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        const fields = targetFields(flags, catalog);
        if (fields.period) {
          // One end given: keep the other from the current version.
          const current = (await getTarget(warehouse, id)).target.period;
          fields.period = { from: fields.period.from || current.from, to: fields.period.to || current.to };
        }
        const saved = await updateTarget(warehouse, catalog, id, fields, {
          ...(flags.author ? { author: flags.author } : {}),
          ...(flags.reason ? { reason: flags.reason } : {}),
        });
        io.out(
          renderRows(targetRows([saved], catalog, flags.format), targetColumns(flags.format), flags.format),
        );
      });
    });

  targets
    .command('list')
    .description('list targets (their current versions)')
    .option('--kpi <id>', 'only this KPI')
    .option('--active-on <date>', 'only targets whose period includes this day')
    .addOption(formatOption())
    .action(async (flags: { kpi?: string; activeOn?: string; format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        const activeOn = dateFlag(flags.activeOn, catalog, 'active-on');
        const listed = await listTargets(warehouse, {
          ...(flags.kpi ? { kpi: flags.kpi } : {}),
          ...(activeOn ? { activeOn } : {}),
        });
        io.out(
          renderRows(targetRows(listed, catalog, flags.format), targetColumns(flags.format), flags.format),
        );
      });
    });

  targets
    .command('history')
    .description('every version of a target and what changed')
    .argument('<id>', 'target id')
    .addOption(formatOption())
    .action(async (id: string, flags: { format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse) => {
        const history = await targetHistory(warehouse, id);
        const rows: Rows = history.versions.map((entry, index) => ({
          version: entry.version,
          saved: entry.createdAt,
          author: entry.author ?? null,
          reason: entry.reason ?? null,
          changes:
            index === 0
              ? 'created'
              : (history.changes[index - 1]?.changes ?? [])
                  .map(
                    (change) =>
                      `${change.field}: ${JSON.stringify(change.before) ?? '–'} → ${JSON.stringify(change.after) ?? '–'}`,
                  )
                  .join('; '),
        }));
        io.out(
          renderRows(rows, columns(['version', 'saved', 'author', 'reason', 'changes'], []), flags.format),
        );
      });
    });

  targets
    .command('breakdown')
    .description('split a target into quarters, months or days (even, seasonal or by events)')
    .argument('<id>', 'target id')
    .addOption(
      new Option('--level <level>', 'which parts to show').choices(BREAKDOWN_LEVELS).default('month'),
    )
    .addOption(new Option('--mode <mode>', "override the target's breakdown mode").choices(BREAKDOWN_MODES))
    .option('--calendar <id>', 'event calendar for --mode events')
    .addOption(formatOption())
    .action(
      async (
        id: string,
        flags: { level: BreakdownLevel; mode?: BreakdownMode; calendar?: string; format: OutputFormat },
      ) => {
        await withWarehouse(context, async (warehouse, catalog) => {
          const breakdown = await breakdownTarget(warehouse, catalog, id, {
            ...(flags.mode ? { mode: flags.mode } : {}),
            ...(flags.calendar ? { calendar: flags.calendar } : {}),
          });
          const unit = unitOf(catalog, breakdown.kpi);
          io.out(
            renderRows(
              breakdownRows(breakdown, flags.level, unit, flags.format),
              columns(['level', 'from', 'to'], ['value', 'cumulative', 'share']).concat(
                columns(['event'], []),
              ),
              flags.format,
            ),
          );
          if (flags.format === 'table') {
            io.out(
              `${breakdown.kpi}: ${breakdown.method} (${breakdown.mode}), total ${formatNumber(breakdown.value, unit)}\n`,
            );
            for (const note of breakdown.notes) io.err(`note: ${note}\n`);
          }
        });
      },
    );

  targets
    .command('check')
    .description('rate targets on each SMART letter: pass, warn or fail, with the reason')
    .argument('[ids...]', 'target ids (default: all)')
    .option('--today <date>', 'judge as of this day (default: today)')
    .addOption(formatOption())
    .action(async (ids: string[], flags: { today?: string; format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse, catalog, workspace) => {
        const today = dateFlag(flags.today, catalog, 'today');
        const chosen = ids.length > 0 ? ids : (await listTargets(warehouse)).map((entry) => entry.target.id);
        const rows: Rows = [];
        for (const check of await checkTargets(workspace, chosen, { today })) {
          for (const letter of check.letters) {
            rows.push({
              target: check.target,
              overall: check.overall,
              letter: letter.letter,
              rating: letter.rating,
              reason: letter.reason,
            });
          }
        }
        io.out(
          renderRows(rows, columns(['target', 'overall', 'letter', 'rating', 'reason'], []), flags.format),
        );
      });
    });

  targets
    .command('pace')
    .description('to date against plan, projection to the period end, odds of making it, RAG status')
    .argument('[ids...]', 'target ids (default: all)')
    .option('--as-of <date>', 'pace as of this day (default: today, or the period end)')
    .option('--red <share>', 'below this share of the to-date target is red', '0.9')
    .option('--green <share>', 'from this share on it is green (amber in between)', '1')
    .option('--interval <share>', 'central probability of the projection range', '0.8')
    .option('--run-rate-days <n>', 'estimate the run rate from the last N days only')
    .addOption(formatOption())
    .action(
      async (
        ids: string[],
        flags: {
          asOf?: string;
          red: string;
          green: string;
          interval: string;
          runRateDays?: string;
          format: OutputFormat;
        },
      ) => {
        await withWarehouse(context, async (_warehouse, catalog, workspace) => {
          const paced = await paceTargets(workspace, {
            ids,
            asOf: dateFlag(flags.asOf, catalog, 'as-of'),
            options: {
              bands: { red: parseShare(flags.red, 'red'), green: parseShare(flags.green, 'green') },
              interval: parseShare(flags.interval, 'interval'),
              ...(flags.runRateDays ? { runRateDays: parseNumber(flags.runRateDays, 'run-rate-days') } : {}),
            },
          });
          const paces = paced.targets.flatMap((entry) => (entry.pace ? [entry.pace] : []));
          io.out(renderRows(paceRows(paces, catalog, flags.format), PACE_COLUMNS, flags.format));
          for (const entry of paced.targets)
            if (entry.problem) io.err(`note: ${entry.entry.target.id}: not paced: ${entry.problem}\n`);
          if (flags.format === 'table')
            for (const pace of paces)
              for (const note of pace.notes) io.err(`note: ${pace.targetId}: ${note}\n`);
        });
      },
    );

  targets
    .command('suggest')
    .description('baselines for a KPI and scope, and a suggested target with its place in history')
    .requiredOption('--kpi <id>', 'KPI id')
    .requiredOption('--from <date>', 'first day of the target period')
    .requiredOption('--to <date>', 'last day of the target period')
    .option('--where <condition>', 'scope whose history to read')
    .addOption(new Option('--basis <basis>', 'what to start from').choices(SUGGESTION_BASES).default('auto'))
    .option('--growth <share>', 'how much better than the basis (0.1 or 10%)', '0.1')
    .option('--trailing-months <n>', 'months in the trailing window', '3')
    .addOption(formatOption())
    .action(
      async (flags: {
        kpi: string;
        from: string;
        to: string;
        where?: string;
        basis: SuggestionBasis;
        growth: string;
        trailingMonths: string;
        format: OutputFormat;
      }) => {
        await withWarehouse(context, async (warehouse, catalog) => {
          const { baselines, suggestion } = await suggestTarget(warehouse, catalog, {
            kpi: flags.kpi,
            period: {
              from: requireDate(flags.from, catalog, 'from'),
              to: requireDate(flags.to, catalog, 'to'),
            },
            ...(flags.where ? { filter: flags.where } : {}),
            basis: flags.basis,
            growth: parseShare(flags.growth, 'growth'),
            trailingMonths: parseNumber(flags.trailingMonths, 'trailing-months'),
          });
          const unit = unitOf(catalog, flags.kpi);
          const rows: Rows = baselines.baselines.map((baseline) => ({
            baseline: baseline.kind,
            label: baseline.label,
            from: baseline.from ?? null,
            to: baseline.to ?? null,
            value: numberCell(baseline.value, unit, flags.format),
            comparable: numberCell(baseline.comparable, unit, flags.format),
          }));
          if (suggestion) {
            rows.push({
              baseline: 'suggested',
              label: suggestion.reason,
              from: baselines.period.from,
              to: baselines.period.to,
              value: numberCell(suggestion.value, unit, flags.format),
              comparable: numberCell(suggestion.value, unit, flags.format),
            });
          }
          io.out(
            renderRows(
              rows,
              columns(['baseline', 'label', 'from', 'to'], ['value', 'comparable']),
              flags.format,
            ),
          );
          if (flags.format === 'table') {
            for (const note of baselines.notes) io.err(`note: ${note}\n`);
            if (!suggestion)
              io.err('note: no baseline to suggest from; try --basis benchmark after importing benchmarks\n');
          }
        });
      },
    );

  targets
    .command('benchmarks')
    .description(
      'import industry or channel benchmarks (CSV or JSON: kpi, segment, value, source, note) or list them',
    )
    .option('--import <file>', 'CSV with a header row, or a JSON array')
    .option('--replace', 'drop earlier benchmarks of the imported KPIs first')
    .option('--kpi <id>', 'list only this KPI')
    .addOption(formatOption())
    .action(async (flags: { import?: string; replace?: boolean; kpi?: string; format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        if (flags.import) {
          const file = path.resolve(io.cwd, flags.import);
          const imported = await importBenchmarks(warehouse, catalog, readTable(file), {
            replace: flags.replace === true,
          });
          io.err(`imported ${imported.length} benchmark(s) from ${flags.import}\n`);
        }
        const rows: Rows = (await listBenchmarks(warehouse, flags.kpi)).map((benchmark) => ({
          kpi: benchmark.kpi,
          segment: benchmark.segment,
          value: numberCell(benchmark.value, unitOf(catalog, benchmark.kpi), flags.format),
          source: benchmark.source,
          note: benchmark.note ?? null,
        }));
        io.out(
          renderRows(
            rows,
            columns(['kpi', 'segment'], ['value']).concat(columns(['source', 'note'], [])),
            flags.format,
          ),
        );
      });
    });

  targets
    .command('calendar')
    .description('save a calendar of weighted events for --breakdown events (ordinary days weigh 1)')
    .argument('<id>', 'calendar id')
    .requiredOption('--name <text>', 'calendar name')
    .requiredOption('--event <name:from[..to]:weight>', 'an event; repeat for more', collect, [])
    .action(async (id: string, flags: { name: string; event: string[] }) => {
      await withWarehouse(context, async (warehouse) => {
        const calendar = await saveEventCalendar(warehouse, {
          id,
          name: flags.name,
          events: flags.event.map(parseEvent),
        });
        io.out(`saved calendar ${calendar.id} with ${calendar.events.length} event(s)\n`);
      });
    });

  targets
    .command('calendars')
    .description('list saved event calendars (cn-retail, the China e-commerce calendar, is built in)')
    .addOption(formatOption())
    .action(async (flags: { format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse) => {
        const rows: Rows = (await listEventCalendars(warehouse)).flatMap((calendar) =>
          calendar.events.map((event) => ({
            calendar: calendar.id,
            name: calendar.name,
            event: event.name,
            from: event.from,
            to: event.to ?? event.from,
            weight: event.weight,
          })),
        );
        io.out(
          renderRows(rows, columns(['calendar', 'name', 'event', 'from', 'to'], ['weight']), flags.format),
        );
      });
    });

  targets
    .command('seed-demo')
    .description('add the demo workspace’s 618 2026 targets (ROI, CPL, impressions, GMV), set from 618 2025')
    .addOption(formatOption())
    .action(async (flags: { format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        const seeded = await seedDemoTargets(warehouse, catalog);
        io.out(
          renderRows(
            targetRows([...seeded.added, ...seeded.kept], catalog, flags.format),
            targetColumns(flags.format),
            flags.format,
          ),
        );
        io.err(
          `added ${seeded.added.length}, kept ${seeded.kept.length}${seeded.skipped.length > 0 ? `, skipped ${seeded.skipped.join(', ')} (no 618 2025 value)` : ''}\n`,
        );
      });
    });

  registerScorecardCommand(program, context);
}

// ---------------------------------------------------------------------------------------------
// markpi scorecard

interface BulkFlags {
  kpi: string;
  by: string;
  from: string;
  to: string;
  value?: string;
  uplift?: string;
  baseline: string;
  entity: string[];
  where?: string;
  goal?: string;
  owner?: string;
  replace?: boolean;
  author?: string;
  format: OutputFormat;
}

interface ScorecardFlags {
  template: string;
  by: string;
  group: string[];
  from?: string;
  to?: string;
  where?: string;
  target: string[];
  entityTarget: string[];
  cap: string;
  other?: string;
  storedTargets: boolean;
  baseline: string;
  detail?: boolean;
  format: OutputFormat;
}

function scorecardRows(entities: readonly EntityScore[], format: OutputFormat): Rows {
  return entities.map((entity) => {
    const row: Record<string, Cell> = {
      rank: entity.rank,
      entity: entity.entity,
      name: entity.label,
      score: shareCell(entity.score, format),
      coverage: shareCell(entity.coverage, format),
    };
    for (const kpi of entity.kpis)
      row[kpi.kpi] = kpi.status === 'scored' ? shareCell(kpi.counted, format) : kpi.status;
    row.flags = entity.flags.join('; ') || null;
    return row;
  });
}

function scorecardDetailRows(entities: readonly EntityScore[], catalog: Catalog, format: OutputFormat): Rows {
  return entities.flatMap((entity) =>
    entity.kpis.map((kpi) => ({
      rank: entity.rank,
      entity: entity.entity,
      kpi: kpi.kpi,
      direction: kpi.direction,
      weight: shareCell(kpi.weight, format),
      effective_weight: shareCell(kpi.effectiveWeight, format),
      actual: numberCell(kpi.actual, unitOf(catalog, kpi.kpi), format),
      target: numberCell(kpi.target, unitOf(catalog, kpi.kpi), format),
      attainment: shareCell(kpi.attainment, format),
      counted: shareCell(kpi.counted, format),
      points: shareCell(kpi.points, format),
      status: kpi.status,
      target_source: kpi.targetSource ?? null,
      note: kpi.note ?? null,
    })),
  );
}

function registerScorecardCommand(program: Command, context: TargetCommandContext): void {
  const { io } = context;
  const command = program
    .command('scorecard')
    .description(
      'weighted scorecard per campaign, channel, creator or team, ranked (templates: launch, promotion, word_of_mouth, or saved ones)',
    )
    .option(
      '--template <id|weights>',
      'template id, or weights such as "roi=50%,cpl=30%,impressions=20%"',
      'promotion',
    )
    .option('--by <dimension>', 'campaign, channel, creator, … or team (with --group)', 'campaign')
    .option(
      '--group <id=condition>',
      "a team for --by team, e.g. china=\"channel in ('douyin', 'xiaohongshu')\"; repeat",
      collect,
      [],
    )
    .option(
      '--from <date>',
      'first day (default: with --to, 29 days before it; with neither, the period of the latest target on the template’s KPIs)',
    )
    .option('--to <date>', 'last day, inclusive (default: the last day with data)')
    .option('--where <condition>', 'only rows meeting this, e.g. "campaign_goal = \'promotion\'"')
    .option('--target <kpi=value>', 'target for every entity, e.g. roi=1.5; repeat', collect, [])
    .option(
      '--entity-target <entity:kpi=value>',
      'target for one entity, e.g. 618-2026:roi=1.8; repeat',
      collect,
      [],
    )
    .option('--cap <share>', 'highest attainment one KPI counts for', '1.2')
    .option('--other <kpi>', 'word of mouth’s “other 20%” (default save_rate)')
    .option('--no-stored-targets', 'ignore saved targets whose scope is exactly an entity')
    .option(
      '--baseline <basis>',
      `what a KPI without a target is scored against: ${SCORECARD_BASELINES.join(', ')}`,
      'none',
    )
    .option('--detail', 'one row per entity and KPI')
    .addOption(formatOption())
    .action(async (flags: ScorecardFlags) => {
      await withWarehouse(context, async (_warehouse, catalog, workspace) => {
        const to = dateFlag(flags.to, catalog, 'to');
        const from = dateFlag(flags.from, catalog, 'from');
        const templateOptions = flags.other ? { otherKpi: flags.other } : {};
        const template = flags.template.includes('=')
          ? parseScorecardTemplate({
              id: 'custom',
              name: { en: 'Custom' },
              items: parseTemplateWeights(flags.template),
            })
          : flags.template;
        if (typeof template === 'string' && !isBuiltinTemplateId(template) && flags.other) {
          io.err('note: --other only changes the built-in word_of_mouth template\n');
        }
        const groups = parseGroups(flags.group);
        if (flags.by === 'team' && groups.length === 0) {
          throw new MarkpiError('invalid_flag', '--by team needs at least one --group id=condition');
        }
        const request: ScorecardQuestion = {
          template,
          by: flags.by === 'team' || groups.length > 0 ? { groups } : flags.by,
          period: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
          ...(flags.where ? { filter: flags.where } : {}),
          targets: parseKpiValues(flags.target, 'target'),
          entityTargets: parseEntityTargets(flags.entityTarget),
          useStoredTargets: flags.storedTargets,
          baseline: parseChoice<ScorecardBaseline>(flags.baseline, SCORECARD_BASELINES, 'baseline'),
          cap: parseShare(flags.cap, 'cap'),
          templates: templateOptions,
        };
        const result = await answerScorecard(workspace, request);
        if (flags.detail) {
          const detail = scorecardDetailRows(result.entities, catalog, flags.format);
          io.out(
            renderRows(
              detail,
              columns(
                ['rank', 'entity', 'kpi', 'direction'],
                ['weight', 'effective_weight', 'actual', 'target', 'attainment', 'counted', 'points'],
              ).concat(columns(['status', 'target_source', 'note'], [])),
              flags.format,
            ),
          );
        } else {
          const kpiColumns = result.template.items.map((item) => item.kpi);
          // A table folds the entities without a score into the note that counts them; JSON and CSV keep every row.
          const shown =
            flags.format === 'table' && result.entities.some((entity) => entity.score !== null)
              ? result.entities.filter((entity) => entity.score !== null)
              : result.entities;
          io.out(
            renderRows(
              scorecardRows(shown, flags.format),
              columns(['rank', 'entity', 'name'], ['score', 'coverage', ...kpiColumns]).concat(
                columns(['flags'], []),
              ),
              flags.format,
            ),
          );
        }
        if (flags.format === 'table') {
          const weights = result.template.items
            .map((item) => `${item.kpi} ${Math.round(item.weight * 100)}%`)
            .join(', ');
          io.out(
            `${result.template.name.en}${result.template.name.zh ? ` ${result.template.name.zh}` : ''}: ${weights}; ${result.period.from} … ${result.period.to}; KPI columns are attainment, capped at ${Math.round(result.cap * 100)}%\n`,
          );
          for (const note of result.notes) io.err(`note: ${note}\n`);
        }
      });
    });

  command
    .command('templates')
    .description('list scorecard templates')
    .option('--other <kpi>', 'word of mouth’s “other 20%”')
    .addOption(formatOption())
    .action(async (flags: { other?: string; format: OutputFormat }) => {
      await withWarehouse(context, async (warehouse) => {
        const templates = await listScorecardTemplates(
          warehouse,
          flags.other ? { otherKpi: flags.other } : {},
        );
        const rows: Rows = templates.map((template) => ({
          id: template.id,
          name: [template.name.en, template.name.zh].filter(Boolean).join(' '),
          goal: template.goal ?? null,
          weights: template.items
            .map((item) => `${item.kpi} ${Math.round(item.weight * 1000) / 10}%`)
            .join(', '),
        }));
        io.out(renderRows(rows, columns(['id', 'name', 'goal', 'weights'], []), flags.format));
      });
    });

  command
    .command('save-template')
    .description('save a custom scorecard template')
    .argument('<id>', 'template id')
    .requiredOption('--weights <weights>', 'e.g. "roi=50%,cpl=30%,impressions=20%"')
    .option('--name <text>', 'name (default: the id)')
    .option('--name-zh <text>', 'Chinese name')
    .action(async (id: string, flags: { weights: string; name?: string; nameZh?: string }) => {
      await withWarehouse(context, async (warehouse, catalog) => {
        const template = await saveScorecardTemplate(warehouse, catalog, {
          id,
          name: { en: flags.name ?? id, ...(flags.nameZh ? { zh: flags.nameZh } : {}) },
          items: parseTemplateWeights(flags.weights),
        });
        io.out(
          `saved template ${template.id}: ${template.items.map((item) => `${item.kpi} ${Math.round(item.weight * 100)}%`).join(', ')}\n`,
        );
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Rows of a CSV (header row; quotes as in RFC 4180) or a JSON array, as objects. */
function readTable(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new MarkpiError('unreadable_file', `cannot read ${file}: ${(error as Error).message}`);
  }
  if (file.toLowerCase().endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed))
      throw new MarkpiError('invalid_benchmarks', `${file}: expected a JSON array of objects`);
    return parsed as Record<string, unknown>[];
  }
  const records = parseCsv(text);
  const [header, ...rows] = records;
  if (!header) return [];
  const names = header.map((name) => name.trim().toLowerCase());
  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const record: Record<string, unknown> = {};
      names.forEach((name, index) => {
        const cell = row[index]?.trim() ?? '';
        if (cell === '') return;
        record[name] = name === 'value' ? Number(cell.replace(/,/g, '')) : cell;
      });
      return record;
    });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
