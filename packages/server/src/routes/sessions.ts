/**
 * One's own login sessions (OWASP ASVS 3.3.4): the list of where one is logged in, and ending
 * any of them. A session is named by an id made from its stored digest (the digest itself never
 * leaves the server, nor, of course, the token): the owner can name it, nobody can log in with it.
 */
import { createHash } from 'node:crypto';
import { clearSessionCookies } from '../auth/cookies.js';
import { fail } from '../errors.js';
import { ANY_USER, defineRoute, type Route } from '../http/route.js';
import type { SessionRecord } from '../meta/sessions.js';
import { okSchema, sessionListSchema, sessionParams } from '../schemas.js';
import { audit } from './support.js';

/** The public id of a session: 16 characters of a digest of its stored digest. */
export function sessionId(session: Pick<SessionRecord, 'tokenHash'>): string {
  return createHash('sha256').update(`session:${session.tokenHash}`).digest('base64url').slice(0, 16);
}

export const sessionRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/me/sessions',
    tag: 'auth',
    summary: 'Where one is logged in: one’s live sessions, newest first',
    access: ANY_USER,
    response: sessionListSchema,
    async handler({ caller, services, user }) {
      const sessions = await services.sessions.listForUser(user().id);
      return {
        sessions: sessions.map((session) => ({
          id: sessionId(session),
          createdAt: session.createdAt,
          expiresAt: session.expiresAt,
          current: session.tokenHash === caller.sessionHash,
        })),
      };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/me/sessions/:sessionId',
    tag: 'auth',
    summary: 'End one of one’s sessions (this one too: that is logging out)',
    access: ANY_USER,
    params: sessionParams,
    response: okSchema,
    async handler(context) {
      const { caller, params, reply, services } = context;
      const user = context.user();
      const session = (await services.sessions.listForUser(user.id)).find(
        (candidate) => sessionId(candidate) === params.sessionId,
      );
      // Another user's session is not found either: ids say nothing of whose they are.
      if (!session) throw fail.notFound('not_found', `no session \`${params.sessionId}\` of yours`);
      await services.sessions.delete(session.tokenHash);
      if (session.tokenHash === caller.sessionHash) clearSessionCookies(reply, services.settings);
      await audit(context, { action: 'session.end', target: user.login, workspaceId: null });
      return { ok: true as const };
    },
  }),
];
