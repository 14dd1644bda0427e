/**
 * A route is data first: method, path, who may call it, and the zod schemas of what goes in
 * and out. The same table registers the handlers, generates the OpenAPI document, and drives
 * the tests that walk every route (isolation between workspaces, CSRF).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError, z } from 'zod';
import type { Role } from '../auth/roles.js';
import { invalidRequest } from '../errors.js';
import type { ShareLinkRecord } from '../meta/share-links.js';
import type { UserRecord } from '../meta/users.js';
import type { WorkspaceRecord } from '../meta/workspaces.js';
import type { Services } from '../services.js';
import type { KeepKey, SerializedAnswer } from './kept-answers.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - `public`: anyone (login, health, the OpenAPI document);
 * - `user`: any logged-in account;
 * - `serverAdmin`: accounts with the server-admin flag;
 * - `workspace`: members of the `:ws` workspace with at least `role` (server admins count as admin);
 * - `share`: holders of a live share link token in `:token`.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'serverAdmin' }
  | { kind: 'workspace'; role: Role }
  | { kind: 'share' };

export const PUBLIC: Access = { kind: 'public' };
export const ANY_USER: Access = { kind: 'user' };
export const SERVER_ADMIN: Access = { kind: 'serverAdmin' };
export const workspaceRole = (role: Role): Access => ({ kind: 'workspace', role });
export const SHARE_LINK: Access = { kind: 'share' };

/** What authentication established for this request; which fields are set follows from `Access`. */
export interface Caller {
  user: UserRecord | null;
  /** The digest of the session token, to end this session (logout) or keep it (password change). */
  sessionHash: string | null;
  csrfToken: string | null;
  workspace: { record: WorkspaceRecord; role: Role } | null;
  shareLink: ShareLinkRecord | null;
}

export interface RouteContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  request: FastifyRequest;
  reply: FastifyReply;
  services: Services;
  caller: Caller;
  /** The logged-in user; only call on routes whose access needs one. */
  user(): UserRecord;
  /** The workspace of `:ws` (or of the share link) and the caller's role in it. */
  workspace(): { record: WorkspaceRecord; role: Role };
}

type Output<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** Response bodies other than JSON: the handler returns the text and these say how to send it. */
export interface RawBody {
  contentType: string;
  /** Suggested file name for downloads. */
  filename?: string;
}

export interface RouteSpec<
  Params extends z.ZodType | undefined,
  Query extends z.ZodType | undefined,
  Body extends z.ZodType | undefined,
  Response extends z.ZodType,
> {
  method: HttpMethod;
  /** Fastify syntax: `/api/workspaces/:ws/query`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: Params;
  query?: Query;
  body?: Body;
  /** Documented only: a multipart form the handler reads itself (uploads). */
  multipart?: z.ZodType;
  response: Response;
  /** Set for non-JSON responses (CSV downloads). */
  raw?: RawBody;
  handler(context: RouteContext<Output<Params>, Output<Query>, Output<Body>>): Promise<z.input<Response>>;
  /**
   * For a JSON answer that depends on nothing but what the key names and the workspace's data:
   * the key under which it is kept and sent again as the same bytes (`kept-answers.ts`);
   * undefined computes this one afresh.
   */
  keep?(context: RouteContext<Output<Params>, Output<Query>, Output<Body>>): Promise<KeepKey | undefined>;
}

/** A route with its types erased, as the registry and the OpenAPI generator see it. */
export interface Route {
  method: HttpMethod;
  path: string;
  summary: string;
  description: string | undefined;
  tag: string;
  access: Access;
  schemas: {
    params: z.ZodType | undefined;
    query: z.ZodType | undefined;
    body: z.ZodType | undefined;
    multipart: z.ZodType | undefined;
    response: z.ZodType;
  };
  raw: RawBody | undefined;
  /**
   * Validates the inputs, runs the handler, and returns the response body: checked against its
   * schema, or for a route that keeps its answers, that body already serialised.
   */
  execute(
    context: Omit<RouteContext<unknown, unknown, unknown>, 'params' | 'query' | 'body'>,
  ): Promise<unknown | SerializedAnswer>;
}

function parsePart<Schema extends z.ZodType | undefined>(
  schema: Schema,
  input: unknown,
  where: string,
): Output<Schema> {
  if (schema === undefined) return undefined as Output<Schema>;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw invalidRequest(parsed.error, where);
  return parsed.data as Output<Schema>;
}

export function defineRoute<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Response extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Params, Query, Body, Response>): Route {
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    tag: spec.tag,
    access: spec.access,
    schemas: {
      params: spec.params,
      query: spec.query,
      body: spec.body,
      multipart: spec.multipart,
      response: spec.response,
    },
    raw: spec.raw,
    async execute(context) {
      // An absent schema is exactly the `undefined` type argument, so the casts only drop `| undefined`.
      const params = parsePart(spec.params as Params, context.request.params, 'path');
      const query = parsePart(spec.query as Query, context.request.query, 'query');
      const body = parsePart(spec.body as Body, context.request.body, 'body');
      const full = { ...context, params, query, body };
      const answer = async () => {
        const result = await spec.handler(full);
        // Parsing the response through its schema checks it against the documentation and drops
        // any field the schema doesn't list (a password hash can't slip out by a spread).
        const checked = spec.response.safeParse(result);
        if (!checked.success) throw responseMismatch(spec, checked.error);
        return checked.data;
      };
      const kept = spec.keep ? await spec.keep(full) : undefined;
      return kept
        ? context.services.keptAnswers.answer(kept, answer, () => context.reply.getHeaders())
        : answer();
    },
  };
}

function responseMismatch(spec: { method: string; path: string }, error: ZodError): Error {
  const detail = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    .join('; ');
  return new Error(`response of ${spec.method} ${spec.path} does not match its schema: ${detail}`);
}
