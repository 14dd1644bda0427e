/**
 * The one way the UI talks to the server: same-origin fetches that carry the session cookie,
 * the CSRF token on every state-changing request, and one error type with the API's
 * `{ code, message, problems }`. A 401 anywhere means the session is gone; listeners (the
 * session provider) send the user back to the login page.
 */
import type { ErrorBody, Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: Problem[];
  /** Seconds, from `Retry-After` on 429. */
  readonly retryAfter: number | null;
  /** A limit's refusal as its message key and parameters, to say in the dashboard's language. */
  readonly said: ErrorBody['error']['said'];

  constructor(status: number, body: ErrorBody['error'], retryAfter: number | null = null) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.problems = body.problems;
    this.retryAfter = retryAfter;
    this.said = body.said;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Params = Record<string, string | number | readonly string[] | undefined | null>;

/** Over HTTPS the server names it with the `__Host-` prefix. */
const CSRF_COOKIES = ['__Host-markpi_csrf', 'markpi_csrf'];

let csrfToken = '';
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The token from the last login or `/api/me`, else the readable cookie the server re-issues. */
function currentCsrfToken(): string {
  if (csrfToken) return csrfToken;
  const cookies = document.cookie.split('; ');
  for (const name of CSRF_COOKIES) {
    const cookie = cookies.find((part) => part.startsWith(`${name}=`));
    if (cookie) return decodeURIComponent(cookie.slice(name.length + 1));
  }
  return '';
}

export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function withParams(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after')) || null;
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error?.code) return new ApiError(response.status, body.error, retryAfter);
  } catch {
    // Not JSON: a proxy's error page, a dropped connection.
  }
  return new ApiError(
    response.status,
    { code: `http_${response.status}`, message: response.statusText || 'request failed', problems: [] },
    retryAfter,
  );
}

function notifyIfUnauthenticated(error: ApiError, path: string): void {
  // A wrong password is a 401 too, but it is the login form's business, not a lost session.
  if (error.status === 401 && path !== '/api/auth/login')
    for (const listener of unauthenticatedListeners) listener();
}

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = currentCsrfToken();
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    const error = await errorFrom(response);
    notifyIfUnauthenticated(error, path);
    throw error;
  }
  return (await response.json()) as T;
}

export const http = {
  get: <T>(path: string, params?: Params, signal?: AbortSignal) =>
    request<T>('GET', withParams(path, params), undefined, signal),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * A multipart upload with progress: fetch can't report upload progress, XMLHttpRequest can.
 * Resolves with the parsed JSON answer.
 */
export function upload<T>(
  path: string,
  files: readonly File[],
  fields: Record<string, string>,
  onProgress: (loaded: number, total: number) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append('file', file, file.name);
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', currentCsrfToken());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, { code: 'network', message: 'the upload did not reach the server', problems: [] }),
      );
    xhr.onabort = () =>
      reject(new ApiError(0, { code: 'aborted', message: 'upload cancelled', problems: [] }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const error =
        body && typeof body === 'object' && 'error' in body
          ? new ApiError(xhr.status, (body as ErrorBody).error)
          : new ApiError(xhr.status, { code: `http_${xhr.status}`, message: xhr.statusText, problems: [] });
      notifyIfUnauthenticated(error, path);
      reject(error);
    };
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
