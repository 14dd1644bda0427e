/**
 * `markpi monitor run`: one pass of what a running server does on its own — the monitor and
 * digest runs that are due (a run missed while nothing ran is made once), then every email and
 * webhook message that is due — for a cron job on a machine where `markpi serve` is not kept
 * running. It works on the server's data directory and refuses while a server holds it.
 */
import { runNotificationsOnce } from '@markpi/server';
import { type Command, Option } from 'commander';
import type { GlobalOptions, Io } from '../context.js';
import { FORMATS, type OutputFormat, renderRows } from '../output.js';
import { defaultServerDataDir } from './serve.js';

export interface MonitorCommandContext {
  io: Io;
  globals: () => GlobalOptions;
}

interface RunFlags {
  dataDir?: string;
  format: OutputFormat;
}

export function registerMonitorCommands(program: Command, context: MonitorCommandContext): void {
  const { io, globals } = context;
  const monitor = program.command('monitor').description('monitor runs, digests and their delivery');
  monitor
    .command('run')
    .description('run the monitors and digests that are due and send what is queued, once (for cron)')
    .option('--data-dir <dir>', 'the server’s data directory (default ./markpi-data or MARKPI_DATA_DIR)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (flags: RunFlags) => {
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
}
