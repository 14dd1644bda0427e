/** Everything a route needs, built once per server and handed to every handler. */
import type { Warehouse } from '@markpi/store';
import { KeptAnswers } from './http/kept-answers.js';
import type { ImportAdapter } from './imports/adapter.js';
import { AuditLog } from './meta/audit.js';
import { ImportRepository } from './meta/imports.js';
import { SessionRepository } from './meta/sessions.js';
import { ShareLinkRepository } from './meta/share-links.js';
import { UserRepository } from './meta/users.js';
import { WorkspaceRepository } from './meta/workspaces.js';
import { WorkspaceRegistry } from './workspaces/registry.js';

/** Failed logins allowed before the back-off starts (`auth/throttle.ts`). */
export interface LoginLimits {
  /** For one login name from one address. */
  perAccount: number;
  /** For one login name from every address together. */
  perLogin: number;
  /** From one address, whatever the login names. */
  perAddress: number;
}

export interface ServerSettings {
  dataDir: string;
  /** Mark cookies `Secure`: set when the server is reached over https (directly or via a proxy). */
  secureCookies: boolean;
  sessionLifetimeMs: number;
  /** However often a session is used, it ends this long after its login. */
  sessionAbsoluteLifetimeMs: number;
  loginLimits: LoginLimits;
  maxUploadBytes: number;
  maxUploadFiles: number;
  /** Bytes a workspace's unconfirmed uploads may hold together. */
  uploadQuotaBytes: number;
  /** An upload not confirmed this long after its last preview is deleted. */
  uploadExpiryMs: number;
  /** How long a request's reads may run before they are stopped (`http/register.ts`). */
  queryTimeoutMs: number;
  version: string;
  /** DuckDB's memory limit for each workspace (`768MB`); absent: DuckDB's default. */
  workspaceMemoryLimit?: string;
}

export interface Services {
  settings: ServerSettings;
  now: () => Date;
  /** The metadata database (`server.duckdb`). */
  meta: Warehouse;
  users: UserRepository;
  workspaces: WorkspaceRepository;
  sessions: SessionRepository;
  shareLinks: ShareLinkRepository;
  audit: AuditLog;
  imports: ImportRepository;
  registry: WorkspaceRegistry;
  importAdapter: ImportAdapter;
  /** Whole answers kept as sent, under the workspace's data epoch (`http/kept-answers.ts`). */
  keptAnswers: KeptAnswers;
}

export function createServices(
  meta: Warehouse,
  settings: ServerSettings,
  now: () => Date,
  importAdapter: ImportAdapter,
): Services {
  const workspaces = new WorkspaceRepository(meta);
  return {
    settings,
    now,
    meta,
    users: new UserRepository(meta),
    workspaces,
    sessions: new SessionRepository(
      meta,
      now,
      settings.sessionLifetimeMs,
      settings.sessionAbsoluteLifetimeMs,
    ),
    shareLinks: new ShareLinkRepository(meta),
    audit: new AuditLog(meta),
    imports: new ImportRepository(meta),
    registry: new WorkspaceRegistry(workspaces, settings.dataDir, settings.workspaceMemoryLimit),
    importAdapter,
    keptAnswers: new KeptAnswers(),
  };
}
