/**
 * The two cookies of a browser session:
 * - `markpi_session`: the session token. HttpOnly, so scripts (and XSS) can't read it.
 * - `markpi_csrf`: the session's CSRF token, readable by the web UI, which echoes it in the
 *   `X-CSRF-Token` header. The server compares the header with the token stored with the
 *   session (not with the cookie), so a forged cookie is useless.
 * Both are SameSite=Lax: sent on top-level navigation, never on cross-site subrequests.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'markpi_session';
export const CSRF_COOKIE = 'markpi_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieSettings {
  secureCookies: boolean;
  sessionLifetimeMs: number;
}

export function setSessionCookies(
  reply: FastifyReply,
  settings: CookieSettings,
  token: string,
  csrfToken: string,
): void {
  const common: CookieSerializeOptions = {
    path: '/',
    sameSite: 'lax',
    secure: settings.secureCookies,
    maxAge: Math.floor(settings.sessionLifetimeMs / 1000),
  };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, settings: CookieSettings): void {
  const common: CookieSerializeOptions = { path: '/', sameSite: 'lax', secure: settings.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...common, httpOnly: false });
}
