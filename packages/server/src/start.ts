/**
 * Starting a server for people: the app from `createServer`, plus what a first start needs —
 * an admin account when there is none, the served workspace file, the demo account — and a
 * listening socket. Returns what the CLI prints (URL, login details); prints nothing itself.
 */

import { type AddressInfo, createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { buildCatalog, MarkpiError } from '@markpi/core';
import { removeServerNote, writeServerNote } from '@markpi/store';
import { checkDemoAccountHost } from './auth/demo-host.js';
import { hashPassword } from './auth/passwords.js';
import type { Role } from './auth/roles.js';
import type { WorkspaceRecord } from './meta/workspaces.js';
import { createAccount } from './routes/users.js';
import { type CreateServerOptions, createServer, type MarkpiServer } from './server.js';
import type { Services } from './services.js';
import { isStoreUrl, slugify } from './workspaces/registry.js';

export const FIRST_ADMIN_LOGIN = 'admin';
export const DEMO_LOGIN = 'demo';
export const DEMO_PASSWORD = 'markpi-demo';

export interface DemoAccountOptions {
  login?: string;
  password?: string;
  /** Role in the served workspace; default admin, so the demo shows every page. */
  role?: Role;
}

export interface StartServerOptions extends CreateServerOptions {
  port: number;
  /** Default 127.0.0.1: reachable from this machine only until you choose otherwise. */
  host?: string;
  /**
   * A workspace to serve, registered on first start: a DuckDB file (`markpi serve --db file`) or
   * a warehouse URL (`markpi serve --store clickhouse://…`).
   */
  defaultWorkspaceFile?: string;
  /**
   * Settings and custom KPIs of that workspace from its workspace file (`markpi.yaml`), which the
   * CLI reads too: given, they replace what the server stored, so both edges use the same ones.
   */
  defaultWorkspaceConfig?: unknown;
  /** Create (or reset) an account with a known password, member of the served workspace. */
  demoAccount?: boolean | DemoAccountOptions;
}

export interface LoginDetails {
  login: string;
  password: string;
}

export interface StartedServer extends MarkpiServer {
  url: string;
  /** Set on the first start only: the admin account created, with its one-time password. */
  initialAdmin?: LoginDetails;
  /** Set when a demo account was asked for. */
  demoAccount?: LoginDetails & { role: Role };
  /** The workspace of `defaultWorkspaceFile`, when one was given. */
  workspace?: { id: string; name: string; file: string };
}

async function writeSystemAudit(
  services: Services,
  action: string,
  target: string,
  workspaceId: string | null,
): Promise<void> {
  await services.audit.write({
    at: services.now().toISOString(),
    userId: null,
    userLogin: null,
    workspaceId,
    action,
    target,
    details: { by: 'server start' },
  });
}

async function ensureFirstAdmin(services: Services): Promise<LoginDetails | undefined> {
  if ((await services.users.count()) > 0) return undefined;
  const { user, generatedPassword } = await createAccount(services, {
    login: FIRST_ADMIN_LOGIN,
    displayName: 'Administrator',
    serverAdmin: true,
  });
  await writeSystemAudit(services, 'user.create', user.login, null);
  return { login: user.login, password: generatedPassword ?? '' };
}

/** The demo password is printed and documented, so it is reset to the known value on every start. */
async function ensureDemoAccount(
  services: Services,
  options: DemoAccountOptions,
  workspace: WorkspaceRecord | undefined,
): Promise<LoginDetails & { role: Role }> {
  const login = options.login ?? DEMO_LOGIN;
  const password = options.password ?? DEMO_PASSWORD;
  const role = options.role ?? 'admin';
  const existing = await services.users.byLogin(login);
  const user =
    existing ??
    (await createAccount(services, { login, displayName: 'Demo', password, serverAdmin: false })).user;
  if (existing)
    await services.users.update(existing.id, { passwordHash: await hashPassword(password), disabled: false });
  else await writeSystemAudit(services, 'user.create', user.login, null);
  if (workspace) {
    const membership = await services.workspaces.membership(workspace.id, user.id);
    if (!membership) {
      await services.workspaces.addMember({
        workspaceId: workspace.id,
        userId: user.id,
        role,
        createdAt: services.now().toISOString(),
      });
      await writeSystemAudit(services, 'member.add', user.login, workspace.id);
    } else if (membership.role !== role) {
      await services.workspaces.setRole(workspace.id, user.id, role);
    }
  }
  return { login: user.login, password, role };
}

/**
 * Leaves the note beside the served workspace file by which CLI commands on this machine find
 * this server and work through it (see the store's `server-note.ts`). Only when the server is
 * reachable on the loopback address, where the local channel answers.
 */
function leaveServerNote(
  server: MarkpiServer,
  workspace: WorkspaceRecord,
  host: string,
  scheme: 'http' | 'https',
): { file: string; token: string } | undefined {
  const address = server.app.server.address();
  if (address === null || typeof address === 'string') return undefined;
  const loopback = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host);
  if (!loopback) return undefined;
  const token = server.localChannel.grant(workspace.id);
  const hostForClients = host === '::' || host === '::1' ? '[::1]' : '127.0.0.1';
  writeServerNote(workspace.file, {
    pid: process.pid,
    // Over TLS the CLI must trust the certificate for this address (docs/deploy.md).
    url: `${scheme}://${hostForClients}:${address.port}`,
    workspace: workspace.id,
    token,
    engine: 'duckdb',
  });
  return { file: workspace.file, token };
}

/** Why `host:port` can't be listened on, as a `MarkpiError`; any other failure as it is. */
function listenFailure(error: unknown, port: number, host: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new MarkpiError('port_in_use', `port ${port} is in use`, [
      {
        message: `another program listens on ${host}:${port}`,
        hint: 'choose another port, or 0 for a free one',
      },
    ]);
  }
  if (code === 'EACCES') {
    return new MarkpiError('port_forbidden', `port ${port} needs administrator rights`, [
      {
        message: `may not listen on ${host}:${port}`,
        hint: 'choose a port from 1024 up, or 0 for a free one',
      },
    ]);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new MarkpiError('address_unavailable', `${host} is not an address of this machine`, [
      {
        message: `cannot listen on ${host}`,
        hint: 'listen on 127.0.0.1 (this machine) or 0.0.0.0 (every address)',
      },
    ]);
  }
  return error;
}

/**
 * Fails as listening on `host:port` would, before the start creates anything: a first admin made
 * by a start that then could not listen would have a one-time password nobody is ever shown.
 * (The server itself listens last, once everything it serves is in place.)
 */
async function checkCanListen(port: number, host: string): Promise<void> {
  const probe = createNetServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host }, () => probe.close(() => resolve()));
    });
  } catch (error) {
    throw listenFailure(error, port, host);
  }
}

async function listen(server: MarkpiServer, port: number, host: string): Promise<void> {
  try {
    await server.app.listen({ port, host });
  } catch (error) {
    throw listenFailure(error, port, host);
  }
}

function urlOf(address: AddressInfo | string | null, host: string, scheme: 'http' | 'https'): string {
  if (address === null || typeof address === 'string') return `${scheme}://${host}`;
  const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
  return `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
}

export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  checkDemoAccountHost(options.host ?? '127.0.0.1', options.demoAccount);
  const server = await createServer(options);
  const { services } = server;
  try {
    const host = options.host ?? '127.0.0.1';
    await checkCanListen(options.port, host);
    const initialAdmin = await ensureFirstAdmin(services);
    let workspace: WorkspaceRecord | undefined;
    if (options.defaultWorkspaceFile) {
      const store = isStoreUrl(options.defaultWorkspaceFile);
      const file = store ? options.defaultWorkspaceFile : path.resolve(options.defaultWorkspaceFile);
      const name = store
        ? new URL(file).pathname.replace(/^\//, '') || 'default'
        : path.basename(file).replace(/\.duckdb$/i, '');
      workspace = await services.registry.registerFile(file, {
        id: slugify(name),
        name,
        createdAt: services.now().toISOString(),
      });
      if (options.defaultWorkspaceConfig !== undefined) {
        // Built first, so a broken file stops the start instead of every request.
        buildCatalog(options.defaultWorkspaceConfig, { file: 'workspace file' });
        await services.workspaces.setConfig(workspace.id, options.defaultWorkspaceConfig);
        services.registry.forgetCatalog(workspace.id);
        workspace = { ...workspace, config: options.defaultWorkspaceConfig };
      }
    }
    const demoAccount = options.demoAccount
      ? await ensureDemoAccount(services, options.demoAccount === true ? {} : options.demoAccount, workspace)
      : undefined;
    await listen(server, options.port, host);
    const scheme = options.tls ? 'https' : 'http';
    const note =
      workspace && !isStoreUrl(workspace.file) ? leaveServerNote(server, workspace, host, scheme) : undefined;
    return {
      ...server,
      async close() {
        if (note) removeServerNote(note.file, note.token);
        await server.close();
      },
      url: urlOf(server.app.server.address(), host, scheme),
      ...(initialAdmin ? { initialAdmin } : {}),
      ...(demoAccount ? { demoAccount } : {}),
      ...(workspace ? { workspace: { id: workspace.id, name: workspace.name, file: workspace.file } } : {}),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
