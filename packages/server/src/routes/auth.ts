/** Logging in and out, the current user, and changing one's own password. */
import { MarkpiError } from '@markpi/core';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { clearSessionCookies, sessionTokenOf, setSessionCookies } from '../auth/cookies.js';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem, passwordSaid } from '../auth/password-policy.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { digest } from '../auth/tokens.js';
import { ANY_USER, defineRoute, PUBLIC, type Route } from '../http/route.js';
import type { UserRecord } from '../meta/users.js';
import {
  changePasswordBodySchema,
  loginBodySchema,
  okSchema,
  sessionResponseSchema,
  type workspaceSummarySchema,
} from '../schemas.js';
import type { Services } from '../services.js';
import { audit, userView } from './support.js';

/** Decides whether a login attempt may go ahead, and hears how each one ended. */
export interface LoginGuard {
  admit(request: FastifyRequest): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  failed(request: FastifyRequest): void;
  succeeded(request: FastifyRequest): void;
}

export async function workspacesOf(
  services: Services,
  user: UserRecord,
): Promise<z.input<typeof workspaceSummarySchema>[]> {
  const all = await services.workspaces.list();
  if (user.serverAdmin)
    return all.map((workspace) => ({
      id: workspace.id,
      name: workspace.name,
      role: 'admin',
      createdAt: workspace.createdAt,
    }));
  const roles = new Map(
    (await services.workspaces.membershipsOfUser(user.id)).map((membership) => [
      membership.workspaceId,
      membership.role,
    ]),
  );
  return all.flatMap((workspace) => {
    const role = roles.get(workspace.id);
    return role ? [{ id: workspace.id, name: workspace.name, role, createdAt: workspace.createdAt }] : [];
  });
}

async function sessionView(
  services: Services,
  user: UserRecord,
  csrfToken: string,
): Promise<z.input<typeof sessionResponseSchema>> {
  return { user: userView(user), csrfToken, workspaces: await workspacesOf(services, user) };
}

export function authRoutes(guard: LoginGuard): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/auth/login',
      tag: 'auth',
      summary: 'Log in with a login name and password',
      description:
        'Sets the `markpi_session` (HttpOnly) and `markpi_csrf` cookies (over HTTPS `__Host-markpi_session` ' +
        'and `__Host-markpi_csrf`, Secure) and returns the CSRF token. ' +
        'Failed attempts are counted per login name and address, per login name and per address; past a ' +
        'few, each next attempt waits twice as long (429 with `Retry-After`).',
      access: PUBLIC,
      body: loginBodySchema,
      response: sessionResponseSchema,
      async handler({ body, request, reply, services }) {
        const verdict = guard.admit(request);
        if (!verdict.allowed) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          throw new MarkpiError(
            'rate_limited',
            `too many login attempts; try again in ${verdict.retryAfterSeconds} s`,
          );
        }
        const user = await services.users.byLogin(body.login);
        // Unknown logins are checked against a decoy hash so both cases take the same time.
        const matches = await verifyPassword(
          body.password,
          user?.passwordHash ?? (await decoyPasswordHash()),
        );
        if (!user || !matches || user.disabled) {
          guard.failed(request);
          throw new MarkpiError('bad_credentials', 'wrong login name or password');
        }
        guard.succeeded(request);
        // A new login replaces the session this browser held: its token is never valid again.
        const previous = sessionTokenOf(request, services.settings);
        if (previous) await services.sessions.delete(digest(previous));
        const { token, session } = await services.sessions.create(user.id);
        setSessionCookies(reply, services.settings, token, session.csrfToken);
        return sessionView(services, user, session.csrfToken);
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/auth/logout',
      tag: 'auth',
      summary: 'End this session',
      access: ANY_USER,
      response: okSchema,
      async handler({ caller, reply, services }) {
        if (caller.sessionHash) await services.sessions.delete(caller.sessionHash);
        clearSessionCookies(reply, services.settings);
        return { ok: true as const };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/me',
      tag: 'auth',
      summary: 'The logged-in user, their workspaces and the CSRF token',
      description: 'The web UI calls this on start: 401 means show the login page.',
      access: ANY_USER,
      response: sessionResponseSchema,
      async handler({ caller, services, user }) {
        return sessionView(services, user(), caller.csrfToken ?? '');
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/me/password',
      tag: 'auth',
      summary: 'Change one’s own password',
      description: 'Ends every other session of the user; this one stays logged in.',
      access: ANY_USER,
      body: changePasswordBodySchema,
      response: okSchema,
      async handler(context) {
        const { body, services, caller } = context;
        const user = context.user();
        if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
          const said = { key: 'auth.bad_current_password', params: {} };
          throw new MarkpiError(
            'bad_current_password',
            'the current password is wrong',
            [{ message: 'the current password is wrong', path: 'currentPassword', said }],
            said,
          );
        }
        if (passwordProblem(body.newPassword, user.login) === 'like_login') {
          const message = PASSWORD_PROBLEM_MESSAGES.like_login.en;
          const said = passwordSaid('like_login');
          throw new MarkpiError('invalid_request', message, [{ message, path: 'newPassword', said }], said);
        }
        await services.users.update(user.id, { passwordHash: await hashPassword(body.newPassword) });
        await services.sessions.deleteForUser(user.id, caller.sessionHash ?? undefined);
        await audit(context, { action: 'user.password', target: user.login, workspaceId: null });
        return { ok: true as const };
      },
    }),
  ];
}
