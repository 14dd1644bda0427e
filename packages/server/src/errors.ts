/**
 * The one place HTTP statuses are chosen. Everything below the routes throws `MarkpiError`
 * with a code; this module maps codes to statuses and renders the error body every route
 * shares: `{ error: { code, message, problems[] } }`.
 */
import { invalidRequest, isMarkpiError, MarkpiError, type Problem, problemsFromZod } from '@markpi/core';
import { ZodError } from 'zod';

export const HTTP_STATUSES = [400, 401, 403, 404, 409, 429, 500] as const;
export type HttpStatus = (typeof HTTP_STATUSES)[number];

export interface ErrorBody {
  error: { code: string; message: string; problems: Problem[] };
}

/** Codes with a status other than the default of their kind (user → 400, internal → 500). */
const STATUS_BY_CODE: Readonly<Record<string, HttpStatus>> = {
  unauthenticated: 401,
  bad_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  share_link_invalid: 404,
  share_link_expired: 403,
  share_link_revoked: 403,
  not_found: 404,
  workspace_not_found: 404,
  user_not_found: 404,
  member_not_found: 404,
  share_link_not_found: 404,
  import_not_found: 404,
  kpi_not_found: 404,
  conflict: 409,
  already_exists: 409,
  import_state: 409,
  kpi_in_use: 409,
  rate_limited: 429,
};

export function statusOf(error: MarkpiError): HttpStatus {
  return STATUS_BY_CODE[error.code] ?? (error.kind === 'user' ? 400 : 500);
}

/** Errors the route code raises; a short constructor per status keeps handlers readable. */
export const fail = {
  unauthenticated: (message = 'log in first') => new MarkpiError('unauthenticated', message),
  forbidden: (message: string) => new MarkpiError('forbidden', message),
  notFound: (code: string, message: string) => new MarkpiError(code, message),
  conflict: (code: string, message: string, problems: Problem[] = []) =>
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
  /** Whether this is our failure, worth logging with its stack. */
  internal: boolean;
}

export function renderError(error: unknown): RenderedError {
  if (isMarkpiError(error)) {
    const status = statusOf(error);
    const internal = status === 500;
    // Internal messages may carry paths or driver text; the log keeps them, the client doesn't.
    const message = internal ? 'internal error; the server log has the details' : error.message;
    return {
      status,
      internal,
      body: { error: { code: error.code, message, problems: internal ? [] : error.problems } },
    };
  }
  if (error instanceof ZodError) return renderError(invalidRequest(error, 'body'));
  if (isFrameworkError(error)) {
    const statusCode = error.statusCode ?? 500;
    if (statusCode === 429) {
      return {
        status: 429,
        internal: false,
        body: { error: { code: 'rate_limited', message: error.message, problems: [] } },
      };
    }
    if (statusCode >= 400 && statusCode < 500) {
      // 413 (too large), 415 (media type) and friends are the caller's to fix: 400 with the reason.
      const code =
        statusCode === 413
          ? 'payload_too_large'
          : statusCode === 415
            ? 'unsupported_media_type'
            : 'bad_request';
      return {
        status: 400,
        internal: false,
        body: { error: { code, message: error.message, problems: [] } },
      };
    }
  }
  return {
    status: 500,
    internal: true,
    body: {
      error: { code: 'internal', message: 'internal error; the server log has the details', problems: [] },
    },
  };
}
