/**
 * A server in a temporary data directory with two workspaces holding the store's hand-computed
 * KPI fixture, and accounts for every role, for in-process tests with `app.inject`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadScenarioFixture } from '../../../store/src/scenarios/fixture.js';
import { CSRF_HEADER } from '../auth/cookies.js';
import type { Role } from '../auth/roles.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import { createAccount } from '../routes/users.js';
import { type CreateServerOptions, createServer, type MarkpiServer } from '../server.js';

export class TestClock {
  current = new Date('2026-03-01T09:00:00.000Z');
  readonly now = (): Date => new Date(this.current);
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser stand-in: keeps cookies and echoes the CSRF token the way the web UI must. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly server: MarkpiServer) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const csrf =
      typeof options.csrf === 'string' ? options.csrf : options.csrf === false ? undefined : this.csrfToken;
    if (csrf !== undefined && method !== 'GET') headers[CSRF_HEADER] = csrf;
    const inject: InjectOptions = { method, url, headers };
    if (body !== undefined) inject.payload = body as InjectOptions['payload'];
    const response = await this.server.app.inject(inject);
    for (const cookie of response.cookies as { name: string; value: string }[]) {
      if (cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  async login(login: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.request('POST', '/api/auth/login', { login, password });
    if (response.statusCode === 200) this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export interface TestAccount {
  id: string;
  login: string;
  password: string;
}

export const ACCOUNT_NAMES = ['root', 'ownerA', 'editorA', 'viewerA', 'ownerB'] as const;
export type AccountName = (typeof ACCOUNT_NAMES)[number];

export interface Harness {
  server: MarkpiServer;
  clock: TestClock;
  dataDir: string;
  alpha: WorkspaceRecord;
  beta: WorkspaceRecord;
  accounts: Record<AccountName, TestAccount>;
  client(): TestClient;
  /** A client logged in as one of the accounts. */
  as(name: AccountName): Promise<TestClient>;
  close(): Promise<void>;
}

const MEMBERSHIPS: readonly { account: AccountName; workspace: 'alpha' | 'beta'; role: Role }[] = [
  { account: 'ownerA', workspace: 'alpha', role: 'admin' },
  { account: 'editorA', workspace: 'alpha', role: 'editor' },
  { account: 'viewerA', workspace: 'alpha', role: 'viewer' },
  { account: 'ownerB', workspace: 'beta', role: 'admin' },
];

export async function createHarness(options: Partial<CreateServerOptions> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'markpi-server-'));
  const clock = new TestClock();
  const server = await createServer({
    dataDir,
    webDir: null,
    now: clock.now,
    // Tests log in many times from one address; the rate-limit test sets its own limits.
    loginLimits: { perAccount: 10_000, perAddress: 10_000 },
    ...options,
  });
  const { services } = server;
  const createdAt = clock.now().toISOString();
  const alpha = await services.registry.createOwned({ id: 'alpha', name: 'Alpha Cosmetics', createdAt });
  const beta = await services.registry.createOwned({ id: 'beta', name: 'Beta Drinks', createdAt });
  for (const workspace of [alpha, beta])
    await loadScenarioFixture(await services.registry.warehouse(workspace));

  const accounts = {} as Record<AccountName, TestAccount>;
  for (const name of ACCOUNT_NAMES) {
    const password = `password-of-${name}`;
    const { user } = await createAccount(services, { login: name, password, serverAdmin: name === 'root' });
    accounts[name] = { id: user.id, login: user.login, password };
  }
  for (const { account, workspace, role } of MEMBERSHIPS) {
    await services.workspaces.addMember({
      workspaceId: workspace === 'alpha' ? alpha.id : beta.id,
      userId: accounts[account].id,
      role,
      createdAt,
    });
  }

  const client = () => new TestClient(server);
  return {
    server,
    clock,
    dataDir,
    alpha,
    beta,
    accounts,
    client,
    async as(name) {
      const logged = client();
      const response = await logged.login(accounts[name].login, accounts[name].password);
      if (response.statusCode !== 200) throw new Error(`login as ${name} failed: ${response.body}`);
      return logged;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error code of an error response, for compact assertions. */
export function errorCode(response: LightMyRequestResponse): string | undefined {
  return response.json<{ error?: { code?: string } }>().error?.code;
}
