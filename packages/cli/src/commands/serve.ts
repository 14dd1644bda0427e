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
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MarkpiError } from '@markpi/core';
import { type DemoAccountOptions, type StartedServer, startServer } from '@markpi/server';
import type { Command } from 'commander';
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
  /** Proxies whose X-Forwarded-For / -Proto are believed (addresses, CIDR ranges, `loopback`). */
  trustProxy?: string[];
  /** PEM certificate and key files for a direct HTTPS listener. */
  tlsCert?: string;
  tlsKey?: string;
  /** A login session ends after this long unused (default a week). */
  sessionIdleMinutes?: number;
  /** … and this long after its login however often used (default 30 days). */
  sessionAbsoluteHours?: number;
  /** How long one request's reads may run before they are stopped, in seconds (default 60). */
  queryTimeoutSeconds?: number;
  /** The largest file one upload may carry, in MB (default 200). */
  maxUploadMegabytes?: number;
  /** What one workspace's unconfirmed uploads may hold together, in MB (default 1024). */
  uploadQuotaMegabytes?: number;
  /** Unconfirmed uploads are deleted this many hours after their last preview (default 24). */
  uploadExpiryHours?: number;
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

/** OWASP ASVS level 2's session lifetimes (3.3.2): 30 minutes idle, 12 hours in all. */
export const ASVS_SESSIONS = { idleMinutes: 30, absoluteHours: 12 } as const;

/** The flags of `serve` that decide how it is reached and how long sessions last. */
export interface ServeSecurityFlags {
  trustProxy?: string;
  tlsCert?: string;
  tlsKey?: string;
  secureCookies?: boolean;
  sessionIdle?: string;
  sessionMax?: string;
  asvsSessions?: boolean;
  queryTimeout?: string;
  maxUpload?: string;
  uploadQuota?: string;
  uploadExpiry?: string;
}

/** Adds those flags to a `serve` command. */
export function addServeSecurityOptions(command: Command): Command {
  return command
    .option(
      '--trust-proxy <addresses>',
      'believe X-Forwarded-For / -Proto from these proxies only (comma-separated addresses or CIDR ranges, `loopback`)',
    )
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain); needs --tls-key')
    .option('--tls-key <file>', 'the private key of --tls-cert (PEM)')
    .option(
      '--secure-cookies',
      'always mark cookies Secure (__Host-), e.g. behind a proxy that sends no X-Forwarded-Proto',
    )
    .option('--session-idle <minutes>', 'a login ends after this many minutes unused (default 10080, a week)')
    .option(
      '--session-max <hours>',
      'a login ends this many hours after it began, however used (default 720)',
    )
    .option(
      '--asvs-sessions',
      `sessions as OWASP ASVS level 2 asks: ${ASVS_SESSIONS.idleMinutes} minutes idle, ${ASVS_SESSIONS.absoluteHours} hours in all`,
    )
    .option('--query-timeout <seconds>', 'stop a request’s reads after this long (default 60)')
    .option('--max-upload <MB>', 'the largest file one upload may carry (default 200)')
    .option(
      '--upload-quota <MB>',
      'what one workspace’s unconfirmed uploads may hold together (default 1024)',
    )
    .option(
      '--upload-expiry <hours>',
      'delete uploads not confirmed this long after their preview (default 24)',
    );
}

function positiveNumber(text: string, flag: string, unit: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 24 * 365 * 60)) {
    throw new MarkpiError('invalid_flag', `${flag} ${text} is not a number of ${unit}`, [
      { message: `give a positive number of ${unit}`, path: flag },
    ]);
  }
  return value;
}

/** Reads those flags into `serveCommand`'s options, refusing what cannot work together. */
export function serveSecurityOptions(
  flags: ServeSecurityFlags,
): Pick<
  ServeOptions,
  | 'trustProxy'
  | 'tlsCert'
  | 'tlsKey'
  | 'secureCookies'
  | 'sessionIdleMinutes'
  | 'sessionAbsoluteHours'
  | 'queryTimeoutSeconds'
  | 'maxUploadMegabytes'
  | 'uploadQuotaMegabytes'
  | 'uploadExpiryHours'
> {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new MarkpiError('invalid_flag', '--tls-cert and --tls-key go together', [
      { message: 'give both the certificate and its key', path: flags.tlsCert ? '--tls-key' : '--tls-cert' },
    ]);
  }
  const idle = flags.sessionIdle
    ? positiveNumber(flags.sessionIdle, '--session-idle', 'minutes')
    : flags.asvsSessions
      ? ASVS_SESSIONS.idleMinutes
      : undefined;
  const absolute = flags.sessionMax
    ? positiveNumber(flags.sessionMax, '--session-max', 'hours')
    : flags.asvsSessions
      ? ASVS_SESSIONS.absoluteHours
      : undefined;
  if (idle !== undefined && absolute !== undefined && idle > absolute * 60) {
    throw new MarkpiError(
      'invalid_flag',
      `--session-idle ${idle} is longer than --session-max ${absolute} hours`,
      [{ message: 'a session cannot stay idle longer than it may last', path: '--session-idle' }],
    );
  }
  const trustProxy = flags.trustProxy
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return {
    ...(trustProxy && trustProxy.length > 0 ? { trustProxy } : {}),
    ...(flags.tlsCert && flags.tlsKey ? { tlsCert: flags.tlsCert, tlsKey: flags.tlsKey } : {}),
    ...(flags.secureCookies ? { secureCookies: true } : {}),
    ...(idle !== undefined ? { sessionIdleMinutes: idle } : {}),
    ...(absolute !== undefined ? { sessionAbsoluteHours: absolute } : {}),
    ...(flags.queryTimeout
      ? { queryTimeoutSeconds: positiveNumber(flags.queryTimeout, '--query-timeout', 'seconds') }
      : {}),
    ...(flags.maxUpload
      ? { maxUploadMegabytes: positiveNumber(flags.maxUpload, '--max-upload', 'megabytes') }
      : {}),
    ...(flags.uploadQuota
      ? { uploadQuotaMegabytes: positiveNumber(flags.uploadQuota, '--upload-quota', 'megabytes') }
      : {}),
    ...(flags.uploadExpiry
      ? { uploadExpiryHours: positiveNumber(flags.uploadExpiry, '--upload-expiry', 'hours') }
      : {}),
  };
}

/**
 * The certificate and key, read and parsed before the server starts, so a wrong path or a file
 * that is no PEM says which flag; a key that is not the certificate's is refused as well.
 */
function tlsOption(options: ServeOptions): { tls?: { cert: Buffer; key: Buffer } } {
  if (!options.tlsCert || !options.tlsKey) return {};
  const read = <T>(file: string, flag: string, what: string, parse: (bytes: Buffer) => T) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.resolve(options.io.cwd, file));
    } catch (error) {
      throw new MarkpiError('unreadable_file', `${flag} ${file} cannot be read`, [
        { message: (error as Error).message, file, path: flag },
      ]);
    }
    try {
      return { bytes, parsed: parse(bytes) };
    } catch {
      throw new MarkpiError('invalid_flag', `${flag} ${file} is not ${what}`, [
        { message: `not ${what}`, file, path: flag, hint: 'give the PEM file (-----BEGIN …)' },
      ]);
    }
  };
  const cert = read(
    options.tlsCert,
    '--tls-cert',
    'a PEM certificate',
    (bytes) => new X509Certificate(bytes),
  );
  const key = read(options.tlsKey, '--tls-key', 'a PEM private key', (bytes) => createPrivateKey(bytes));
  if (!cert.parsed.checkPrivateKey(key.parsed)) {
    throw new MarkpiError(
      'invalid_flag',
      `--tls-key ${options.tlsKey} is not the key of --tls-cert ${options.tlsCert}`,
      [{ message: 'the key does not match the certificate', path: '--tls-key' }],
    );
  }
  return { tls: { cert: cert.bytes, key: key.bytes } };
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
    ...(options.trustProxy && options.trustProxy.length > 0 ? { trustProxy: options.trustProxy } : {}),
    ...tlsOption(options),
    ...(options.sessionIdleMinutes !== undefined
      ? { sessionLifetimeHours: options.sessionIdleMinutes / 60 }
      : {}),
    ...(options.sessionAbsoluteHours !== undefined
      ? { sessionAbsoluteHours: options.sessionAbsoluteHours }
      : {}),
    ...(options.queryTimeoutSeconds !== undefined
      ? { queryTimeoutSeconds: options.queryTimeoutSeconds }
      : {}),
    ...(options.maxUploadMegabytes !== undefined ? { maxUploadMegabytes: options.maxUploadMegabytes } : {}),
    ...(options.uploadQuotaMegabytes !== undefined
      ? { uploadQuotaMegabytes: options.uploadQuotaMegabytes }
      : {}),
    ...(options.uploadExpiryHours !== undefined ? { uploadExpiryHours: options.uploadExpiryHours } : {}),
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
