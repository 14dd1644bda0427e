/**
 * The one place HTTP statuses are chosen. Everything below the routes throws `MarkpiError`
 * with a code; the code's kind decides the status, and this module renders the error body every
 * route shares: `{ error: { code, message, problems[], said? } }`.
 *
 * Every error carries its message as a key and parameters (`said`, core's `messages/`), so a
 * client says it in its own language; `message` (with the problem that repeats it, and each
 * problem with a key of its own) is said in the language the request's `Accept-Language`
 * prefers, English or Chinese, English when it names neither. An error thrown with English
 * alone says its kind's sentence in Chinese (core's `error.<kind>` keys).
 */
import {
  type CodeOfKind,
  type ErrorKind,
  invalidRequest,
  isMarkpiError,
  type LimitLanguage,
  MarkpiError,
  type Problem,
  problemsFromZod,
  type Said,
  say,
  sayIfKnown,
  sayProblem,
} from '@markpi/core';
import { ZodError } from 'zod';

export const HTTP_STATUSES = [400, 401, 403, 404, 409, 429, 500, 503] as const;
export type HttpStatus = (typeof HTTP_STATUSES)[number];

export interface ErrorBody {
  error: { code: string; message: string; problems: Problem[]; said?: Said };
}

/**
 * The language of a request's `Accept-Language` (RFC 9110 §12.5.4) among the two this server
 * speaks: the range of highest weight that is Chinese (`zh`, `zh-CN`, `zh-Hans`…) or English;
 * English when neither is named or both weigh the same with English first. `*` counts as neither.
 */
export function languageOfRequest(acceptLanguage: string | string[] | undefined): LimitLanguage {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let best: { language: LimitLanguage; weight: number } | undefined;
  for (const range of header.split(',')) {
    const [tag = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const primary = tag.split('-')[0];
    const language = primary === 'zh' ? 'zh' : primary === 'en' ? 'en' : undefined;
    if (!language) continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    if (!Number.isFinite(weight) || weight <= 0) continue;
    if (!best || weight > best.weight) best = { language, weight };
  }
  return best?.language ?? 'en';
}

/** Each kind of error has one status; a code's kind comes from core's `ERROR_CODES`. */
export const STATUS_BY_KIND: Readonly<Record<ErrorKind, HttpStatus>> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function statusOf(error: MarkpiError): HttpStatus {
  return STATUS_BY_KIND[error.kind];
}

/** Errors the route code raises; a short constructor per status keeps handlers readable. */
export const fail = {
  unauthenticated: (message = 'log in first') => new MarkpiError('unauthenticated', message),
  forbidden: (message: string) => new MarkpiError('forbidden', message),
  notFound: (code: CodeOfKind<'not_found'>, message: string) => new MarkpiError(code, message),
  conflict: (code: CodeOfKind<'conflict'>, message: string, problems: Problem[] = []) =>
    new MarkpiError(code, message, problems),
};

export { invalidRequest, problemsFromZod };

/** Fastify's own errors (bad JSON, wrong content type, body too large) carry a status and a code. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message: string;
}

function isFrameworkError(error: unknown): error is FrameworkError & Error {
  return error instanceof Error && typeof (error as FrameworkError).statusCode === 'number';
}

export interface RenderedError {
  status: HttpStatus;
  body: ErrorBody;
  /**
   * Whether the server log should have it, with its stack: our own failures, and stores or
   * services behind us being unavailable. The client gets neither's details.
   */
  internal: boolean;
}

/**
 * An error's message and problems said in `language` from their keys: the problem that repeats
 * the message is said as the message is; a problem with no key of its own stays as it came.
 */
function saidIn(error: MarkpiError, language: LimitLanguage): { message: string; problems: Problem[] } {
  const message = sayIfKnown(error.said, language) ?? error.message;
  const problems = error.problems.map((problem) => {
    const own = sayProblem(problem, language);
    if (own !== undefined) return own;
    return problem.message === error.message ? { ...problem, message } : problem;
  });
  return { message, problems };
}

/** A body whose message is core's sentence for `key` (no details of ours go to the client). */
function fixedBody(
  code: string,
  key: 'error.internal' | 'error.unavailable',
  language: LimitLanguage,
): ErrorBody {
  const said: Said = { key, params: {} };
  return { error: { code, message: say(said, language), problems: [], said } };
}

/** A framework's refusal, said by its kind's sentence in Chinese and as it came in English. */
function frameworkBody(code: string, message: string, language: LimitLanguage): ErrorBody {
  const key =
    code === 'payload_too_large' || code === 'unsupported_media_type'
      ? `error.${code}`
      : code === 'rate_limited'
        ? 'error.rate_limited'
        : 'error.invalid_input';
  const said: Said = { key, params: { detail: message } };
  return { error: { code, message: say(said, language), problems: [], said } };
}

export function renderError(error: unknown, language: LimitLanguage = 'en'): RenderedError {
  if (isMarkpiError(error)) {
    const status = statusOf(error);
    // Both are the operator's to look into, and their messages may carry paths, addresses or
    // driver text.
    if (error.kind === 'internal' || error.kind === 'unavailable') {
      return {
        status,
        internal: true,
        body: fixedBody(
          error.code,
          error.kind === 'internal' ? 'error.internal' : 'error.unavailable',
          language,
        ),
      };
    }
    return {
      status,
      internal: false,
      body: { error: { code: error.code, ...saidIn(error, language), said: error.said } },
    };
  }
  if (error instanceof ZodError) return renderError(invalidRequest(error, 'body'), language);
  if (isFrameworkError(error)) {
    const statusCode = error.statusCode ?? 500;
    if (statusCode === 429) {
      return { status: 429, internal: false, body: frameworkBody('rate_limited', error.message, language) };
    }
    if (statusCode >= 400 && statusCode < 500) {
      // 413 (too large), 415 (media type) and friends are the caller's to fix: 400 with the reason.
      const code =
        statusCode === 413
          ? 'payload_too_large'
          : statusCode === 415
            ? 'unsupported_media_type'
            : 'bad_request';
      return { status: 400, internal: false, body: frameworkBody(code, error.message, language) };
    }
  }
  return { status: 500, internal: true, body: fixedBody('internal', 'error.internal', language) };
}
