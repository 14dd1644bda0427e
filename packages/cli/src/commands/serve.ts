/**
 * `markpi serve`: starts the HTTP server (API and dashboard) and prints where it is and how to
 * log in. The CLI owner wires it into program.ts, e.g.
 *
 *   program.command('serve')
 *     .option('--port <n>', 'port', '3000')
 *     .option('--host <address>', 'address to listen on', '127.0.0.1')
 *     .option('--data-dir <dir>', 'where accounts and workspaces are kept (default ./markpi-data)')
 *     .action(async (flags) => {
 *       const server = await serveCommand({ dataDir: defaultServerDataDir(io, flags.dataDir),
 *         port: Number(flags.port), host: flags.host, dbFile: globals().db, io });
 *       await waitForShutdown(server); // e.g. close() on SIGINT/SIGTERM
 *     });
 *
 * `markpi demo` would pass `dbFile` (the demo workspace) and `demoAccount: true`.
 */
import path from 'node:path';
import { type DemoAccountOptions, type StartedServer, startServer } from '@markpi/server';
import type { Io } from '../context.js';
import { edgeError, listenFailure, writeFailure } from '../edge-errors.js';

export interface ServeOptions {
  /** Holds the server's accounts, sessions, audit log, uploads and the workspaces it creates. */
  dataDir: string;
  port: number;
  /** Default 127.0.0.1; 0.0.0.0 to be reachable from other machines. */
  host?: string;
  /** A DuckDB workspace file (`--db`) or warehouse URL (`--store`) to serve; registered on first start. */
  dbFile?: string;
  /** That workspace's settings and custom KPIs from its workspace file, when there is one. */
  workspaceConfig?: unknown;
  /** Create (or reset) an account with a known password in the served workspace. */
  demoAccount?: boolean | DemoAccountOptions;
  /** Built web UI to serve instead of `packages/web/dist`. */
  webDir?: string;
  /** Set when users reach the server over https, so cookies are marked Secure. */
  secureCookies?: boolean;
  /** DuckDB's memory limit for each workspace (`--memory-limit`). */
  memoryLimit?: string;
  io: Io;
}

export interface ServeHandle {
  url: string;
  server: StartedServer;
  close(): Promise<void>;
}

/** `--data-dir`, else `MARKPI_DATA_DIR`, else `markpi-data` in the current directory (git-ignored). */
export function defaultServerDataDir(io: Io, flag?: string): string {
  return path.resolve(io.cwd, flag ?? io.env.MARKPI_DATA_DIR ?? 'markpi-data');
}

/**
 * Why the server did not start, said with the flag that fixes it: a busy or forbidden port, an
 * address not this machine's, a data folder that can't be made or written.
 */
function startFailure(error: unknown, options: ServeOptions, host: string): unknown {
  const failedPath = (error as NodeJS.ErrnoException).path;
  const dataDir = path.resolve(options.io.cwd, options.dataDir);
  if (
    typeof failedPath === 'string' &&
    (failedPath === dataDir || failedPath.startsWith(dataDir + path.sep))
  ) {
    const { cwd } = options.io;
    const shown = failedPath.startsWith(cwd + path.sep) ? path.relative(cwd, failedPath) : failedPath;
    const problem = writeFailure(error, shown, cwd);
    if (problem) return edgeError(problem);
  }
  return listenFailure(error, options.port, host);
}

export async function serveCommand(options: ServeOptions): Promise<ServeHandle> {
  const { io } = options;
  const host = options.host ?? '127.0.0.1';
  const server = await startServer({
    dataDir: options.dataDir,
    port: options.port,
    host,
    ...(options.dbFile
      ? {
          defaultWorkspaceFile: /^clickhouses?:\/\//i.test(options.dbFile)
            ? options.dbFile
            : path.resolve(io.cwd, options.dbFile),
        }
      : {}),
    ...(options.workspaceConfig !== undefined ? { defaultWorkspaceConfig: options.workspaceConfig } : {}),
    ...(options.demoAccount ? { demoAccount: options.demoAccount } : {}),
    ...(options.webDir ? { webDir: path.resolve(io.cwd, options.webDir) } : {}),
    ...(options.secureCookies ? { secureCookies: true } : {}),
    ...(options.memoryLimit ? { workspaceMemoryLimit: options.memoryLimit } : {}),
    logLevel: 'warn',
  }).catch((error: unknown) => {
    throw startFailure(error, options, host);
  });

  const lines = [`markpi is running at ${server.url}`];
  if (server.workspace) lines.push(`  workspace: ${server.workspace.name} (${server.workspace.file})`);
  lines.push(`  data:      ${path.resolve(options.dataDir)}`);
  if (server.initialAdmin) {
    lines.push(
      '',
      'First start: an admin account was created. Log in with',
      `  login:    ${server.initialAdmin.login}`,
      `  password: ${server.initialAdmin.password}`,
      'This password is shown only now; change it after logging in.',
    );
  }
  if (server.demoAccount) {
    lines.push(
      '',
      `Demo account (${server.demoAccount.role} of the workspace):`,
      `  login:    ${server.demoAccount.login}`,
      `  password: ${server.demoAccount.password}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.');
  io.out(`${lines.join('\n')}\n`);

  return { url: server.url, server, close: () => server.close() };
}
