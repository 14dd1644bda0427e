/**
 * The `markpi` command. Thin: parses flags, calls the same services the HTTP API uses, prints.
 * Exit codes: 0 success, 2 the user's input was wrong, 1 markpi itself failed.
 */
import { copyWorkspace } from '@markpi/app';
import { type ErrorKind, formatProblem, isMarkpiError, MarkpiError, sayIfKnown } from '@markpi/core';
import { openClickHouseWarehouse } from '@markpi/store';
import { Command, CommanderError, Option } from 'commander';
import { registerAnalyticsCommands } from './commands/analytics.js';
import { registerAnnotationCommands } from './commands/annotations.js';
import { registerAttributionCommands } from './commands/attribution.js';
import { registerBoardCommands } from './commands/boards.js';
import { catalogRows, type Language } from './commands/catalog.js';
import { registerCohortCommands } from './commands/cohorts.js';
import { registerCreatorCommands } from './commands/creators.js';
import { buildDemoWorkspace, type DemoFlags } from './commands/demo.js';
import { registerExplainCommand } from './commands/explain.js';
import { type ImportFlags, renderPreviews, runImport, summaryRows } from './commands/import.js';
import { registerLiftCommands } from './commands/lift.js';
import { registerLtvCommands } from './commands/ltv.js';
import { registerMappingCommands } from './commands/mapping.js';
import { registerMonitorCommands } from './commands/monitor.js';
import { collectFlag, type QueryFlags, runQueryCommand } from './commands/query.js';
import { renderKpiTable, terminalWidth } from './commands/query-table.js';
import { registerRollupCommands } from './commands/rollups.js';
import {
  addServeSecurityOptions,
  defaultServerDataDir,
  type ServeOptions,
  type ServeSecurityFlags,
  serveCommand,
  serveSecurityOptions,
} from './commands/serve.js';
import { registerTargetCommands } from './commands/targets.js';
import { registerWhyCommand } from './commands/why.js';
import {
  type GlobalOptions,
  type Io,
  loadCatalog,
  memoryLimitOption,
  openWarehouse,
  openWorkspace,
  resolveDbPath,
  withWorkspace,
  workspaceFileConfig,
} from './context.js';
import { checkReadableFiles, EdgeError, languageOf } from './edge-errors.js';
import { FORMATS, type OutputFormat, renderRows } from './output.js';

/**
 * The flags that answer an import's refusals and rejected rows. The importers word them for any
 * reader ("name the currency of the whole file"); on the command line the flag says how.
 */
const IMPORT_FLAGS: Readonly<Record<string, string>> = {
  'import.error.currency_unknown': '--currency',
  'import.error.currency_not_a_code': '--currency',
  'import.error.unknown_source': '--source or --mapping',
};
const REJECTION_FLAGS: readonly (readonly [string, string])[] = [
  ['name the channel of the whole file', '--channel'],
  ['name the currency of the whole file', '--currency'],
];
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USER = 2;

const formatOption = () => new Option('--format <format>', 'output format').choices(FORMATS).default('table');
const languageOption = () =>
  new Option('--lang <lang>', 'language of names and descriptions').choices(['en', 'zh']).default('en');

function buildProgram(io: Io): Command {
  const program = new Command('markpi')
    .description('Marketing KPIs defined once and computed correctly from the platforms’ own exports.')
    .option('--db <file>', 'workspace file (DuckDB)', undefined)
    .option('--store <url>', 'warehouse URL, e.g. clickhouse://127.0.0.1:8123/markpi (env MARKPI_STORE)')
    .option('--config <file>', 'workspace file with custom measures and KPIs (default ./markpi.yaml)')
    .option(
      '--memory-limit <size>',
      'most memory the DuckDB workspace may use, e.g. 768MB (env MARKPI_MEMORY_LIMIT; default 80% of RAM)',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('demo')
    .description('build the demo workspace (one brand, 8 channels, 18 months) and show a first query')
    .option('--rows <n>', 'rows of daily performance to generate (for benchmarks: 10000000)')
    .option('--seed <n>', 'random seed; the same seed gives the same data')
    .option('--no-serve', 'do not start the dashboard afterwards')
    .option('--port <n>', 'port the dashboard listens on (0 picks a free one)', String(DEFAULT_PORT))
    .option('--force', 'replace the workspace file even when it holds more than demo data')
    .action(async (flags: DemoFlags & { serve: boolean; port: string }) => {
      // Checked before building, which takes a while, rather than when serving afterwards.
      const port = parsePort(flags.port);
      const file = resolveDbPath(globals(), io);
      let lastShown = 0;
      const started = Date.now();
      const { summary, period } = await buildDemoWorkspace(file, flags, {
        onStart: () => io.err(`Building the demo workspace in ${file} …\n`),
        onProgress: (done, total) => {
          if (Date.now() - lastShown > 2000) {
            lastShown = Date.now();
            io.err(
              `  ${Math.round((done / Math.max(total, 1)) * 100)}% (${done.toLocaleString('en-US')} rows)\n`,
            );
          }
        },
      });
      const tables = Object.entries(summary.rows)
        .map(([table, count]) => `  ${table}: ${Number(count).toLocaleString('en-US')}`)
        .join('\n');
      io.out(
        `Demo workspace ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${file}\n${tables}\n\n`,
      );
      await withWorkspace(globals(), io, async (workspace) => {
        const flagsForQuery: QueryFlags = {
          kpis: 'spend,ctr,cvr,cpc,roas',
          by: 'channel',
          from: '2026-10-01',
          to: period.to,
        };
        const { result } = await runQueryCommand(flagsForQuery, workspace);
        io.out(
          `October 2026 by channel (markpi query --kpis spend,ctr,cvr,cpc,roas --by channel --from 2026-10-01 --to ${period.to}):\n`,
        );
        io.out(renderRows(result.rows, result.columns, 'table'));
      });
      if (flags.serve) {
        io.out('\n');
        await serveUntilStopped(io, {
          dataDir: defaultServerDataDir(io, undefined),
          port,
          dbFile: file,
          demoAccount: true,
          io,
        });
      }
    });

  program
    .command('query')
    .description('compute KPIs, broken down by dimensions and time')
    .requiredOption('--kpis <ids>', 'comma-separated KPI ids, e.g. ctr,cpc,roas')
    .option(
      '--by <names>',
      'dimensions and at most one grain (day, week, month, quarter, year), e.g. channel,month',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD, today, yesterday, -30d); default 29 days before --to')
    .option('--to <date>', 'last day, inclusive; default the latest day with data')
    .option(
      '--where <condition>',
      "filter on dimensions, e.g. \"channel = 'douyin' and creator_tier in ('kol', 'kos')\"",
    )
    .option(
      '--compare <period>',
      'add the previous period (previous) or the same period last year (last_year)',
    )
    .option('--tz <zone>', 'IANA time zone for relative dates (default: the workspace’s time_zone)')
    .option('--limit <n>', 'at most this many rows (the best ones when ranked)')
    .option('--period <name>', 'instead of --from/--to: last_month, this_quarter… or event:<name>[@<year>]')
    .option('--sort <kpi>', 'rank rows by a KPI: <kpi>[:asc|desc], best first by default')
    .option(
      '--min <kpi=value>',
      'rank only rows with at least this, e.g. spend=1000 (repeatable)',
      collectFlag,
      [],
    )
    .addOption(new Option('--lang <lang>', 'headers, names and notes in this language').choices(['en', 'zh']))
    .option('--wide', 'every column, however wide the table')
    .addOption(formatOption())
    .action(async (flags: QueryFlags & { format: OutputFormat; lang?: Language; wide?: boolean }) => {
      await withWorkspace(globals(), io, async (workspace) => {
        const answer = await runQueryCommand(flags, workspace);
        const { text, notes } = renderKpiTable(
          {
            ...answer.result,
            dimensions: answer.query.dimensions ?? [],
            names: answer.names,
            ranking: answer.ranking,
          },
          workspace.catalog,
          { format: flags.format, lang: flags.lang, wide: flags.wide, width: terminalWidth(io.env) },
        );
        io.out(text);
        for (const note of notes) (flags.format === 'table' ? io.out : io.err)(`${note}\n`);
        for (const warning of answer.result.warnings) io.err(`note: ${warning}\n`);
      });
    });

  program
    .command('kpis')
    .description('list the KPI catalog')
    .addOption(languageOption())
    .addOption(formatOption())
    .action((flags: { lang: Language; format: OutputFormat }) => {
      const rows = catalogRows(loadCatalog(globals(), io), flags.lang);
      io.out(renderRows(rows, ['id', 'name', 'formula', 'unit', 'direction', 'aggregation'], flags.format));
    });

  registerExplainCommand(program, { io, globals });

  program
    .command('import')
    .description('import platform exports (CSV / XLSX, any encoding): recognised, mapped, loaded atomically')
    .argument('<files...>', 'files to import')
    .option(
      '--source <platform>',
      'force the platform instead of recognising it (e.g. meta, google_ads, douyin_creator)',
    )
    .option('--mapping <file>', 'a saved column mapping (JSON or YAML) for generic files')
    .option('--currency <code>', 'currency of amounts when the file does not say (e.g. USD)')
    .option('--channel <channel>', 'channel of every row, for files that do not say')
    .option('--account <account>', 'account of every row, for files that do not say')
    .option(
      '--constant <field=value>',
      'a value for a field the file leaves empty or lacks, as in a mapping: date=YYYY-MM-DD, channel=…, account=…; repeat for more',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--dry-run', 'read, check and report; write nothing')
    .option('--force', 'import again a file imported before')
    .option(
      '--all-or-nothing',
      'fail the whole file when any row is rejected (default: keep valid rows, report the rest)',
    )
    .option('--rejected <file>', 'write every rejected row (file, row, column, reason) to this CSV')
    .addOption(
      new Option('--lang <lang>', 'language of rejection reasons, here and in --rejected')
        .choices(['en', 'zh'])
        .default('en'),
    )
    .option('--time-zone <zone>', 'IANA zone of event times written without an offset (default: workspace’s)')
    .addOption(
      new Option(
        '--reader <reader>',
        'who reads large clean CSVs: the engine when it can (auto), always the streaming reader, or the engine for every eligible file',
      ).choices(['auto', 'stream', 'engine']),
    )
    .addOption(
      new Option(
        '--progress <mode>',
        'progress on stderr: a bar, JSON lines for scripts, or nothing',
      ).choices(['bar', 'json', 'none']),
    )
    .addOption(formatOption())
    .action(
      async (
        files: string[],
        flags: ImportFlags & { format: OutputFormat; progress?: 'bar' | 'json' | 'none' },
      ) => {
        // Before the workspace is opened (and made, when new): a mistyped name creates nothing.
        checkReadableFiles(files, io.cwd);
        const workspace = await openWorkspace(globals(), io, false);
        const { warehouse } = workspace;
        try {
          const progress = flags.progress ?? (process.stderr.isTTY === true ? 'bar' : 'none');
          const reports = await runImport(files, flags, workspace, io, progress);
          if (flags.format === 'json') io.out(`${JSON.stringify(reports, null, 2)}\n`);
          else
            io.out(
              renderRows(
                summaryRows(reports),
                ['file', 'status', 'platform', 'period', 'accepted', 'rejected', 'replaced', 'totals'],
                flags.format,
              ),
            );
          if (flags.dryRun && flags.format !== 'json')
            io.out(renderPreviews(reports, flags.format, languageOf(io.env)));
          for (const report of reports) {
            for (const row of report.summary?.rejectedSample.slice(0, 5) ?? []) {
              const flag = REJECTION_FLAGS.find(([phrase]) => row.reason.includes(phrase))?.[1];
              const reason = (flags.lang === 'zh' ? sayIfKnown(row.said, 'zh') : undefined) ?? row.reason;
              io.err(
                `rejected: ${formatProblem({ file: row.file, row: row.row, ...(row.column ? { column: row.column } : {}), message: reason })}${flag ? ` (use ${flag})` : ''}\n`,
              );
            }
            if (report.summary?.reconciliation.status === 'mismatched')
              io.err(`note: ${report.file}: sums differ from the file's own totals row\n`);
            const periods = report.summary?.periodRows;
            if (periods)
              io.err(
                `note: ${report.file}: ${periods.count} row${periods.count === 1 ? ' totals' : 's total'} a period (${periods.from} … ${periods.to}), kept whole: a window or bucket cutting through a period prorates it by day and flags the values approximate\n`,
              );
            if (report.periodRowsLeftOut)
              io.err(
                `note: ${report.file}: ${report.periodRowsLeftOut} period total${report.periodRowsLeftOut === 1 ? '' : 's'} left out: daily rows of the same platform and account already cover some of their days\n`,
              );
            for (const total of report.summary?.reconciliation.nonAdditive ?? [])
              io.err(
                `note: ${report.file}: the file's total ${total.measure} (${total.fileTotal}) is not its rows' sum (${total.rowsSum}): ${total.measure} counts people once over the report, rows count them once each\n`,
              );
          }
          const failed = reports.filter((report) => report.status === 'failed');
          if (failed.length > 0) {
            throw new MarkpiError(
              'import_failed',
              `${failed.length} of ${reports.length} file(s) not imported; nothing of them was written`,
              failed.flatMap((report) =>
                report.error?.problems.length
                  ? report.error.problems
                  : [{ file: report.file, message: report.error?.message ?? 'failed' }],
              ),
            );
          }
        } finally {
          await warehouse.close();
        }
      },
    );

  program
    .command('migrate')
    .description('copy the DuckDB workspace (--db) into ClickHouse and check row counts and KPI totals')
    .requiredOption('--to <url>', 'target store, e.g. clickhouse://127.0.0.1:8123/markpi')
    .option('--replace', 'empty the target tables first')
    .addOption(formatOption())
    .action(async (flags: { to: string; replace?: boolean; format: OutputFormat }) => {
      const source = await openWarehouse(
        { ...globals(), store: undefined },
        { ...io, env: { ...io.env, MARKPI_STORE: undefined } },
      );
      try {
        const target = await openClickHouseWarehouse({ url: flags.to });
        try {
          const report = await copyWorkspace(source, target, loadCatalog(globals(), io), {
            replace: flags.replace === true,
            onProgress: (table, rows) => {
              if (rows % 500_000 < 100_000) io.err(`  ${table}: ${rows.toLocaleString('en-US')} rows\n`);
            },
          });
          io.out(renderRows(report.tables, ['table', 'sourceRows', 'targetRows'], flags.format));
          const failed = report.checks.filter((check) => !check.agree);
          io.out(
            `${report.checks.length - failed.length} of ${report.checks.length} KPI totals agree${failed.length > 0 ? '' : ' (every one)'}\n`,
          );
          if (failed.length > 0)
            io.out(renderRows(failed, ['kpi', 'channel', 'source', 'target'], flags.format));
          if (!report.ok) throw new MarkpiError('copy_mismatch', 'the copy does not match the source');
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });

  const serve = program
    .command('serve')
    .description('start the HTTP API and the dashboard on a workspace')
    .option('--port <n>', 'port to listen on (0 picks a free one)', String(DEFAULT_PORT))
    .option(
      '--host <address>',
      'address to listen on (0.0.0.0 to be reachable from other machines)',
      '127.0.0.1',
    )
    .option(
      '--data-dir <dir>',
      'where accounts, sessions and created workspaces are kept (default ./markpi-data)',
    )
    .option('--demo-account', 'create (or reset) the demo account for the served workspace');
  addServeSecurityOptions(serve).action(
    async (
      flags: { port: string; host: string; dataDir?: string; demoAccount?: boolean } & ServeSecurityFlags,
    ) => {
      await serveUntilStopped(io, {
        dataDir: defaultServerDataDir(io, flags.dataDir),
        port: parsePort(flags.port),
        host: flags.host,
        // A warehouse URL (--store or MARKPI_STORE) is served as it is; else the DuckDB file.
        dbFile: globals().store ?? io.env.MARKPI_STORE ?? resolveDbPath(globals(), io),
        workspaceConfig: workspaceFileConfig(globals(), io),
        ...(flags.demoAccount ? { demoAccount: true } : {}),
        ...serveSecurityOptions(flags),
        ...memoryLimitOption(globals(), io),
        io,
      });
    },
  );

  registerTargetCommands(program, { io, globals });
  registerAnalyticsCommands(program, { io, globals });
  registerWhyCommand(program, { io, globals });
  registerAttributionCommands(program, { io, globals });
  registerCreatorCommands(program, { io, globals });
  registerCohortCommands(program, { io, globals });
  registerLtvCommands(program, { io, globals });
  registerLiftCommands(program, { io, globals });
  registerMappingCommands(program, { io, globals });
  registerMonitorCommands(program, { io, globals });
  registerRollupCommands(program, { io, globals });
  registerAnnotationCommands(program, { io, globals });
  registerBoardCommands(program, { io, globals });

  return program;
}

const DEFAULT_PORT = 3700;

/** A port as typed: digits only (so `''`, `1e3` and `0x50` are refused, not read as numbers), 0–65535. */
function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new MarkpiError(
      'invalid_port',
      `--port ${text} is not a port number (0 to 65535; 0 picks a free one)`,
    );
  }
  return port;
}

/** Serves until Ctrl+C or a termination signal, then closes cleanly. */
async function serveUntilStopped(io: Io, options: ServeOptions): Promise<void> {
  const handle = await serveCommand(options);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.err('Stopping …\n');
  await handle.close();
}

/** Exit codes by kind of error: our own failure is 1, every other kind is the user's to act on. */
const EXIT_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid_input: EXIT_USER,
  not_found: EXIT_USER,
  conflict: EXIT_USER,
  forbidden: EXIT_USER,
  unauthenticated: EXIT_USER,
  rate_limited: EXIT_USER,
  unavailable: EXIT_USER,
  internal: EXIT_INTERNAL,
};

const BUG_NOTE = 'This is a bug in markpi; please report it with the command you ran.\n';

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    )
      return EXIT_OK;
    return EXIT_USER;
  }
  if (isMarkpiError(error)) {
    const language = error instanceof EdgeError ? languageOf(io.env) : 'en';
    const { message, problems } = error instanceof EdgeError ? error.in(language) : error;
    const [errorLabel, hintLabel] = language === 'zh' ? ['错误', '提示'] : ['error', 'hint'];
    io.err(`${errorLabel}: ${message}\n`);
    for (const problem of problems) {
      // A problem that only restates the error's line adds its hint alone.
      const { hint, ...cause } = problem;
      if (formatProblem(cause) !== message) io.err(`  - ${formatProblem(problem)}\n`);
      else if (hint) io.err(`  ${hintLabel}: ${hint}\n`);
    }
    const flag = IMPORT_FLAGS[error.said.key];
    if (flag) io.err(`  (use ${flag})\n`);
    if (error.kind === 'internal') io.err(BUG_NOTE);
    return EXIT_BY_KIND[error.kind];
  }
  io.err(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  io.err(BUG_NOTE);
  return EXIT_INTERNAL;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io);
  }
}

export { MarkpiError };
