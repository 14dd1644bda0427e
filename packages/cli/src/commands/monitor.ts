/**
 * `markpi monitor …`:
 * - `run`: on a workspace named by `--db` or `--store` (or MARKPI_DB, MARKPI_STORE), runs the
 *   monitor now and records its incidents in the workspace — no server needed. Otherwise one pass
 *   of what a running server does on its own, for a cron job on a machine where `markpi serve` is
 *   not kept running: the monitor and digest runs that are due (a run missed while nothing ran is
 *   made once), then every email and webhook message that is due. That works on the server's data
 *   directory and refuses while a server holds it.
 * - `incidents`, `show`: the workspace's incidents, and one with its alerts, drivers and history;
 * - `freshness`: each platform account's last day against its usual delay;
 * - `score`: scores a `timestamp,value` file of any series into `timestamp,value,anomaly_score`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  getIncident,
  INCIDENT_KINDS,
  INCIDENT_STATES,
  type Incident,
  type IncidentKind,
  type IncidentState,
  listIncidents,
  type MonitorRun,
  runMonitor,
  scoreSeriesCsv,
  workspaceFreshness,
} from '@markpi/app';
import { MarkpiError } from '@markpi/core';
import { runNotificationsOnce } from '@markpi/server';
import { type Command, Option } from 'commander';
import { type GlobalOptions, type Io, withWorkspace } from '../context.js';
import { readingFile, writingFile } from '../edge-errors.js';
import { FORMATS, type OutputFormat, renderRows } from '../output.js';
import { defaultServerDataDir } from './serve.js';

export interface MonitorCommandContext {
  io: Io;
  globals: () => GlobalOptions;
}

type Language = 'en' | 'zh';

interface RunFlags {
  dataDir?: string;
  format: OutputFormat;
  lang: Language;
  force?: boolean;
  explain: boolean;
}

interface ListFlags {
  state?: string;
  kind?: string;
  limit?: string;
  lang: Language;
  format: OutputFormat;
}

const languageOption = () =>
  new Option('--lang <lang>', 'language of the sentences').choices(['en', 'zh']).default('en');

/** Whether the command names a workspace rather than a server's data directory. */
function namesWorkspace(globals: GlobalOptions, io: Io): boolean {
  return Boolean(globals.db ?? globals.store ?? io.env.MARKPI_DB ?? io.env.MARKPI_STORE);
}

function listOf<T extends string>(
  text: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (text === undefined) return undefined;
  const values = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const wrong = values.filter((value) => !(allowed as readonly string[]).includes(value));
  if (wrong.length > 0) {
    throw new MarkpiError('invalid_flag', `${flag} ${wrong.join(', ')}: not one of ${allowed.join(', ')}`, [
      { message: `unknown: ${wrong.join(', ')}`, hint: `use ${allowed.join(', ')} (comma-separated)` },
    ]);
  }
  return values as T[];
}

const days = (incident: Incident) =>
  incident.from === incident.to ? incident.from : `${incident.from} … ${incident.to}`;

function incidentRows(incidents: readonly Incident[], lang: Language) {
  return incidents.map((incident) => ({
    id: incident.id,
    severity: incident.severity,
    state: incident.state,
    days: days(incident),
    segment: incident.segment,
    title: incident.title.text[lang],
  }));
}

function renderRun(run: MonitorRun, lang: Language, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(run, null, 2)}\n`;
  const lines = [`${run.summary.text[lang]}\n`];
  const changed = [
    ...run.opened.map((incident) => ({ change: 'new', incident })),
    ...run.reopened.map((incident) => ({ change: 'reopened', incident })),
    ...run.updated.map((incident) => ({ change: 'updated', incident })),
  ];
  if (changed.length > 0) {
    lines.push(
      renderRows(
        changed.map(({ change, incident }) => ({ change, ...incidentRows([incident], lang)[0]! })),
        ['change', 'id', 'severity', 'state', 'days', 'segment', 'title'],
        format,
      ),
    );
  }
  for (const problem of run.problems) lines.push(`note: ${problem.text[lang]}\n`);
  return lines.join('');
}

export function registerMonitorCommands(program: Command, context: MonitorCommandContext): void {
  const { io, globals } = context;
  const monitor = program
    .command('monitor')
    .description('the monitor: runs, incidents, data freshness, scoring a series file; digests and delivery');

  monitor
    .command('run')
    .description(
      'with --db or --store: run the monitor on that workspace now and record its incidents there; otherwise run the monitors and digests a server has due and send what is queued, once (for cron)',
    )
    .option('--data-dir <dir>', 'the server’s data directory (default ./markpi-data or MARKPI_DATA_DIR)')
    .option('--force', 'run even when nothing changed since the last run (workspace runs)')
    .option('--no-explain', 'skip the diagnosis of new incidents (workspace runs)')
    .addOption(languageOption())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (flags: RunFlags) => {
      if (flags.dataDir === undefined && namesWorkspace(globals(), io)) {
        const run = await withWorkspace(globals(), io, (workspace) =>
          runMonitor(workspace, { force: flags.force ?? false, explain: flags.explain }),
        );
        io.out(renderRun(run, flags.lang, flags.format));
        return;
      }
      const report = await runNotificationsOnce({
        dataDir: defaultServerDataDir(io, flags.dataDir),
        ...(globals().memoryLimit ? { workspaceMemoryLimit: globals().memoryLimit } : {}),
      });
      if (flags.format === 'json') {
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const { delivery } = report;
      if (report.recovered > 0)
        io.out(`${report.recovered} message(s) interrupted by a stop were queued again\n`);
      if (report.runs.length > 0)
        io.out(
          renderRows(
            report.runs.map((run) => ({
              schedule: run.schedule,
              slot: run.slot,
              missed: run.missed,
              queued: run.queued,
              error: run.error ?? null,
            })),
            ['schedule', 'slot', 'missed', 'queued', 'error'],
            flags.format,
          ),
        );
      else io.out('no monitor or digest run was due\n');
      io.out(
        `sent ${delivery.sent}, to retry ${delivery.retried}, failed ${delivery.failed}, held for quiet hours ${delivery.held}\n`,
      );
      for (const run of report.runs) if (run.error) io.err(`${run.schedule}: ${run.error}\n`);
    });

  monitor
    .command('incidents')
    .description('the workspace’s incidents, newest first')
    .option('--state <states>', `only these states, comma-separated: ${INCIDENT_STATES.join(', ')}`)
    .option('--kind <kinds>', `only these kinds, comma-separated: ${INCIDENT_KINDS.join(', ')}`)
    .option('--limit <n>', 'at most this many', '50')
    .addOption(languageOption())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (flags: ListFlags) => {
      const states = listOf<IncidentState>(flags.state, INCIDENT_STATES, '--state');
      const kinds = listOf<IncidentKind>(flags.kind, INCIDENT_KINDS, '--kind');
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new MarkpiError('invalid_flag', `--limit ${flags.limit} is not a positive whole number`);
      }
      const answer = await withWorkspace(globals(), io, (workspace) =>
        listIncidents(workspace, { ...(states ? { state: states } : {}), limit: Number.MAX_SAFE_INTEGER }),
      );
      const incidents = answer.incidents
        .filter((incident) => !kinds || kinds.includes(incident.kind))
        .slice(0, limit);
      if (flags.format === 'json') {
        io.out(`${JSON.stringify(incidents, null, 2)}\n`);
        return;
      }
      if (incidents.length === 0) {
        io.out(flags.lang === 'zh' ? '没有符合条件的异常事件\n' : 'no incidents match\n');
        return;
      }
      io.out(
        renderRows(
          incidentRows(incidents, flags.lang),
          ['id', 'severity', 'state', 'days', 'segment', 'title'],
          flags.format,
        ),
      );
    });

  monitor
    .command('show <id>')
    .description('one incident: its alerts, what drove it, comments and history')
    .addOption(languageOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (id: string, flags: { lang: Language; format: 'table' | 'json' }) => {
      const incident = await withWorkspace(globals(), io, (workspace) => getIncident(workspace, id));
      if (flags.format === 'json') {
        io.out(`${JSON.stringify(incident, null, 2)}\n`);
        return;
      }
      const lang = flags.lang;
      const out = [
        `${incident.title.text[lang]}\n`,
        `${incident.id} · ${incident.kind} · ${incident.severity} · ${incident.state}${incident.snoozedUntil ? ` until ${incident.snoozedUntil}` : ''}${incident.owner ? ` · ${incident.owner}` : ''}\n`,
        '\n',
        ...incident.lines.map((line) => `  - ${line.text[lang]}\n`),
      ];
      if (incident.drivers.length > 0) {
        out.push(lang === 'zh' ? '\n驱动因素\n' : '\nDrivers\n');
        out.push(...incident.drivers.map((line) => `  - ${line.text[lang]}\n`));
      }
      if (incident.comments.length > 0) {
        out.push(lang === 'zh' ? '\n评论\n' : '\nComments\n');
        out.push(
          ...incident.comments.map((comment) => `  ${comment.at} ${comment.author ?? ''}: ${comment.text}\n`),
        );
      }
      out.push(lang === 'zh' ? '\n历史\n' : '\nHistory\n');
      out.push(
        ...incident.history.map(
          (entry) =>
            `  ${entry.at} ${entry.kind}${entry.actor ? ` by ${entry.actor}` : ''}${entry.until ? ` until ${entry.until}` : ''}${entry.owner !== undefined ? ` → ${entry.owner ?? '–'}` : ''}${entry.note ? `: ${entry.note}` : ''}\n`,
        ),
      );
      io.out(out.join(''));
    });

  monitor
    .command('freshness')
    .description(
      'each platform account’s last day of data against its usual delay, and the day data is complete through',
    )
    .addOption(languageOption())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (flags: { lang: Language; format: OutputFormat }) => {
      const answer = await withWorkspace(globals(), io, (workspace) => workspaceFreshness(workspace));
      if (flags.format === 'json') {
        io.out(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      io.out(`${answer.note.text[flags.lang]}\n`);
      if (answer.sources.length > 0)
        io.out(
          renderRows(
            answer.sources.map((source) => ({
              source: source.source,
              last_day: source.lastDay,
              daily: source.daily,
              status: source.status,
              due_by: source.dueBy,
              days_late: source.daysLate,
            })),
            ['source', 'last_day', 'daily', 'status', 'due_by', 'days_late'],
            flags.format,
          ),
        );
    });

  monitor
    .command('score')
    .description('score a timestamp,value file of any regular series: writes timestamp,value,anomaly_score')
    .requiredOption('--input <file>', 'the series: a header `timestamp,value`, one row per timestamp')
    .requiredOption('--output <file>', 'where the scores go (replaced)')
    .action((flags: { input: string; output: string }) => {
      const text = readingFile(flags.input, io.cwd, () =>
        readFileSync(path.resolve(io.cwd, flags.input), 'utf8'),
      );
      const scored = scoreSeriesCsv(text, flags.input);
      writingFile(flags.output, io.cwd, () => writeFileSync(path.resolve(io.cwd, flags.output), scored.csv));
      io.out(`scored ${scored.rows} row(s) into ${flags.output} (${scored.scored} with a score above 0)\n`);
    });
}
