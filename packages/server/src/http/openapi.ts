/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas, so the
 * description can't drift from what the server validates and returns.
 */
import { z } from 'zod';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/cookies.js';
import { errorBodySchema, problemSchema } from '../schemas.js';
import type { Route } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Schemas a route's schema refers to (a recursive one: a said message nests saids), by name. */
type SharedSchemas = Map<string, JsonSchema>;

/** FNV-1a over a text, as 8 hex digits: a stable name for a shared schema's content. */
function contentName(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `Shared_${hash.toString(16).padStart(8, '0')}`;
}

/**
 * A zod schema as JSON Schema. zod puts what a schema refers to (recursion) under a local `$defs`
 * with `#/$defs/…` references, which in an OpenAPI document would point at the document's root:
 * those move to `components.schemas`, named by their content so routes sharing one share its name.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', shared: SharedSchemas): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  if (!$defs) return rest;
  const names = new Map(
    Object.entries($defs).map(([local, definition]) => [local, contentName(JSON.stringify(definition))]),
  );
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const name = names.get(inner.slice('#/$defs/'.length));
          if (name) return [key, `#/components/schemas/${name}`];
        }
        return [key, rewrite(inner)];
      }),
    );
  };
  for (const [local, definition] of Object.entries($defs))
    shared.set(names.get(local)!, rewrite(definition) as JsonSchema);
  return rewrite(rest) as JsonSchema;
}

/** `/api/workspaces/:ws/query` → `/api/workspaces/{ws}/query`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function operationId(route: Route): string {
  const words = route.path
    .replace(/^\/api\//, '')
    .split(/[/.]/)
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith(':') ? `by_${part.slice(1)}` : part.replace(/-/g, '_')));
  return [route.method.toLowerCase(), ...words].join('_');
}

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  shared: SharedSchemas,
): Parameter[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input', shared);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

/** Error statuses a route can answer with, from who may call it. */
function errorStatuses(route: Route): number[] {
  const statuses = new Set<number>([400, 500]);
  switch (route.access.kind) {
    case 'public':
      if (route.method === 'POST') statuses.add(401).add(429);
      break;
    case 'share':
      statuses.add(403).add(404);
      break;
    default:
      statuses.add(401).add(403);
      if (route.access.kind === 'workspace' || route.path.includes(':')) statuses.add(404);
      if (route.method !== 'GET') statuses.add(409);
  }
  return [...statuses].sort();
}

function security(route: Route): Record<string, string[]>[] {
  if (route.access.kind === 'public' || route.access.kind === 'share') return [];
  return route.method === 'GET' ? [{ sessionCookie: [] }] : [{ sessionCookie: [], csrfHeader: [] }];
}

function operation(route: Route, shared: SharedSchemas): JsonSchema {
  const { schemas } = route;
  const content = route.raw
    ? { [route.raw.contentType.split(';')[0] ?? 'text/plain']: { schema: { type: 'string' } } }
    : { 'application/json': { schema: jsonSchema(schemas.response, 'output', shared) } };
  const requestBody = schemas.body
    ? {
        required: true,
        content: { 'application/json': { schema: jsonSchema(schemas.body, 'input', shared) } },
      }
    : schemas.multipart
      ? {
          required: true,
          content: { 'multipart/form-data': { schema: jsonSchema(schemas.multipart, 'input', shared) } },
        }
      : undefined;
  const access =
    route.access.kind === 'workspace'
      ? `Needs the ${route.access.role} role in the workspace.`
      : route.access.kind === 'serverAdmin'
        ? 'Server admins only.'
        : route.access.kind === 'share'
          ? 'Open to holders of a live share link token; no session.'
          : route.access.kind === 'user'
            ? 'Any logged-in user.'
            : 'No login needed.';
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: [route.description, access].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    parameters: [
      ...parametersOf(schemas.params, 'path', shared),
      ...parametersOf(schemas.query, 'query', shared),
    ],
    ...(requestBody ? { requestBody } : {}),
    responses: {
      200: { description: 'OK', content },
      ...Object.fromEntries(
        errorStatuses(route).map((status) => [status, { $ref: '#/components/responses/Error' }]),
      ),
    },
    security: security(route),
  };
}

export function buildOpenApiDocument(routes: readonly Route[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const shared: SharedSchemas = new Map();
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, shared);
  }
  const errorSchema = jsonSchema(errorBodySchema, 'output', shared);
  const problem = jsonSchema(problemSchema, 'output', shared);
  return {
    openapi: '3.1.0',
    info: {
      title: 'markpi API',
      version,
      description:
        'Marketing KPIs for a team. Log in with POST /api/auth/login; the session is an HttpOnly cookie. ' +
        `Every POST, PUT, PATCH and DELETE needs the session's CSRF token in the \`${CSRF_HEADER}\` header. ` +
        'Errors are `{ error: { code, message, problems[] } }`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema, Problem: problem, ...Object.fromEntries(shared) },
      responses: {
        Error: {
          description:
            'An error: 400 invalid input, 401 not logged in, 403 not allowed or CSRF, 404 not found (or not yours), 409 conflict, 429 too many attempts, 500 our failure',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
  };
}
