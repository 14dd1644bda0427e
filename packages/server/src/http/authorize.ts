/**
 * Establishes who is calling and whether they may call this route, before any input is read.
 * Order matters and is the same everywhere: session (401) → CSRF on state-changing requests
 * (403) → workspace membership (404, so non-members learn nothing, not even that it exists)
 * → role (403) → scope (403 `outside_scope` for a route closed to a scoped member, 404 for a
 * target outside the scope). A share link's pages and scope are checked the same way.
 */
import { timingSafeEqual } from 'node:crypto';
import { getTarget } from '@markpi/app';
import { type AccessScope, isScoped, MarkpiError } from '@markpi/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, sessionTokenOf, setSessionCookies } from '../auth/cookies.js';
import { type Role, roleAtLeast } from '../auth/roles.js';
import { checkScopedRoute, checkSharePages, scopedDecision, targetVisible } from '../auth/scoped-routes.js';
import { fail } from '../errors.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import type { Services } from '../services.js';
import type { Caller, HttpMethod, Route } from './route.js';

const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

function pathParameter(request: FastifyRequest, name: string): string | undefined {
  const params = request.params as Record<string, string | undefined> | undefined;
  return params?.[name];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function workspaceNotFound(id: string): MarkpiError {
  return fail.notFound('workspace_not_found', `no workspace \`${id}\` that you can see`);
}

/**
 * The record a scoped caller's request carries: the registry answers its questions within the
 * scope and refuses it the raw warehouse. A target outside the scope is not found.
 */
async function scopedRecord(
  route: Route,
  request: FastifyRequest,
  services: Services,
  record: WorkspaceRecord,
  scope: AccessScope | null,
): Promise<WorkspaceRecord> {
  if (!isScoped(scope)) return record;
  checkScopedRoute(route, scope);
  if (scopedDecision(route) === 'target') {
    const id = pathParameter(request, 'id') ?? '';
    const entry = await getTarget(await services.registry.warehouse(record), id).catch(() => undefined);
    if (!entry || !targetVisible(scope, entry))
      throw new MarkpiError('unknown_target', `no target ${id} within your scope`);
  }
  return { ...record, scope };
}

async function shareCaller(route: Route, request: FastifyRequest, services: Services): Promise<Caller> {
  const token = pathParameter(request, 'token') ?? '';
  const link = token ? await services.shareLinks.byToken(token) : undefined;
  if (!link) throw fail.notFound('share_link_invalid', 'this share link does not exist');
  if (link.revokedAt !== null)
    throw new MarkpiError('share_link_revoked', 'this share link has been revoked');
  if (Date.parse(link.expiresAt) <= services.now().getTime()) {
    throw new MarkpiError('share_link_expired', `this share link expired at ${link.expiresAt}`);
  }
  const record = await services.workspaces.byId(link.workspaceId);
  if (!record) throw fail.notFound('share_link_invalid', 'this share link does not exist');
  checkSharePages(route, link.pages, pathParameter(request, 'id') ?? '');
  return {
    user: null,
    sessionHash: null,
    csrfToken: null,
    workspace: { record: isScoped(link.scope) ? { ...record, scope: link.scope } : record, role: 'viewer' },
    shareLink: link,
  };
}

export async function authorize(
  route: Route,
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
): Promise<Caller> {
  const access = route.access;
  if (access.kind === 'public')
    return { user: null, sessionHash: null, csrfToken: null, workspace: null, shareLink: null };
  if (access.kind === 'share') return shareCaller(route, request, services);

  const token = sessionTokenOf(request, services.settings);
  const found = token ? await services.sessions.find(token) : undefined;
  const user = found ? await services.users.byId(found.session.userId) : undefined;
  if (!token || !found || !user || user.disabled) throw fail.unauthenticated();
  if (found.extended) setSessionCookies(reply, services.settings, token, found.session.csrfToken);

  if (!SAFE_METHODS.has(route.method)) {
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !sameSecret(header, found.session.csrfToken)) {
      throw new MarkpiError('csrf_failed', 'missing or wrong X-CSRF-Token header', [
        { message: 'send the csrfToken from POST /api/auth/login or GET /api/me as the X-CSRF-Token header' },
      ]);
    }
  }

  const caller: Caller = {
    user,
    sessionHash: found.session.tokenHash,
    csrfToken: found.session.csrfToken,
    workspace: null,
    shareLink: null,
  };
  if (access.kind === 'serverAdmin' && !user.serverAdmin)
    throw fail.forbidden('only server admins can do this');
  if (access.kind !== 'workspace') return caller;

  const workspaceId = pathParameter(request, 'ws') ?? '';
  const record = await services.workspaces.byId(workspaceId);
  if (!record) throw workspaceNotFound(workspaceId);
  let role: Role;
  let scope: AccessScope | null = null;
  if (user.serverAdmin) {
    role = 'admin';
  } else {
    const membership = await services.workspaces.membership(record.id, user.id);
    if (!membership) throw workspaceNotFound(workspaceId);
    role = membership.role;
    scope = membership.scope;
  }
  if (!roleAtLeast(role, access.role)) {
    throw fail.forbidden(`this needs the ${access.role} role in workspace \`${record.id}\`; you are ${role}`);
  }
  return {
    ...caller,
    workspace: { record: await scopedRecord(route, request, services, record, scope), role },
  };
}
