/**
 * The two cookies of a browser session:
 * - `markpi_session`: the session token. HttpOnly, so scripts (and XSS) can't read it.
 * - `markpi_csrf`: the session's CSRF token, readable by the web UI, which echoes it in the
 *   `X-CSRF-Token` header. The server compares the header with the token stored with the
 *   session (not with the cookie), so a forged cookie is useless.
 * Both are SameSite=Lax: sent on top-level navigation, never on cross-site subrequests.
 *
 * Over HTTPS — a TLS listener of this server, a trusted proxy's `X-Forwarded-Proto: https`, or
 * `secureCookies` set by the operator — both are `Secure` and named with the `__Host-` prefix
 * (`__Host-markpi_session`), which browsers accept only from a secure origin, for the whole host
 * (`Path=/`, no `Domain`): a neighbouring subdomain or a plain-HTTP page can't plant or overwrite
 * them. A request over HTTPS is read by the prefixed names only, for the same reason.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'markpi_session';
export const CSRF_COOKIE = 'markpi_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The prefix of both names over HTTPS (RFC 6265bis §4.1.3.2). */
export const HOST_PREFIX = '__Host-';

export interface CookieSettings {
  /** Always mark cookies Secure (and prefix them), whatever the request says of its scheme. */
  secureCookies: boolean;
  sessionLifetimeMs: number;
}

/** Whether this request reached us over HTTPS, as far as this server may believe it. */
export function isSecureRequest(request: FastifyRequest, settings: Pick<CookieSettings, 'secureCookies'>) {
  // `protocol` is `https` on a TLS socket, or from `X-Forwarded-Proto` of a trusted proxy only.
  return settings.secureCookies || request.protocol === 'https';
}

/** The names of the session and CSRF cookies for this request. */
export function cookieNames(
  request: FastifyRequest,
  settings: Pick<CookieSettings, 'secureCookies'>,
): { session: string; csrf: string } {
  const prefix = isSecureRequest(request, settings) ? HOST_PREFIX : '';
  return { session: `${prefix}${SESSION_COOKIE}`, csrf: `${prefix}${CSRF_COOKIE}` };
}

/** The session token the request carries, under the name its scheme allows. */
export function sessionTokenOf(
  request: FastifyRequest,
  settings: Pick<CookieSettings, 'secureCookies'>,
): string | undefined {
  return request.cookies[cookieNames(request, settings).session];
}

function cookieOptions(request: FastifyRequest, settings: CookieSettings): CookieSerializeOptions {
  return { path: '/', sameSite: 'lax', secure: isSecureRequest(request, settings) };
}

export function setSessionCookies(
  reply: FastifyReply,
  settings: CookieSettings,
  token: string,
  csrfToken: string,
  /** How long the cookies live: the session's own end; default its idle lifetime. */
  maxAgeMs: number = settings.sessionLifetimeMs,
): void {
  const names = cookieNames(reply.request, settings);
  const common = {
    ...cookieOptions(reply.request, settings),
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
  };
  reply.setCookie(names.session, token, { ...common, httpOnly: true });
  reply.setCookie(names.csrf, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, settings: CookieSettings): void {
  const names = cookieNames(reply.request, settings);
  const common = cookieOptions(reply.request, settings);
  reply.clearCookie(names.session, { ...common, httpOnly: true });
  reply.clearCookie(names.csrf, { ...common, httpOnly: false });
}
