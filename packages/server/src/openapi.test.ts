import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from './http/openapi.js';
import { createHarness, type Harness } from './testing/harness.js';

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: {
    content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
  };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
  security: object[];
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, object>;
    responses: Record<string, object>;
    securitySchemes: Record<string, object>;
  };
}

function collectRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.push(inner);
      else collectRefs(inner, into);
    }
  }
  return into;
}

describe('OpenAPI document', () => {
  let harness: Harness;
  let document: Document;
  beforeAll(async () => {
    harness = await createHarness();
    const response = await harness.client().get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    document = response.json<Document>();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('is OpenAPI 3.1 with the error shape and both security schemes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'markpi API', version: '0.1.0' });
    expect(document.components.securitySchemes).toEqual({
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'markpi_session' },
      csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    });
    expect(document.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
  });

  it('lists every route of the route table, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = harness.server.routes.map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(routes.length).toBeGreaterThan(40);
    expect(documented.sort()).toEqual([...routes].sort());
  });

  it('describes each operation completely', () => {
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const label = `${method} ${path}`;
        expect(ids.has(operation.operationId), label).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary.length, label).toBeGreaterThan(5);
        expect(operation.responses['200']?.content, label).toBeDefined();
        expect(Array.isArray(operation.security), label).toBe(true);
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const inPath = operation.parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        expect(inPath.sort(), label).toEqual(templated.sort());
        if (
          method !== 'get' &&
          method !== 'delete' &&
          !path.endsWith('/confirm') &&
          !path.endsWith('/logout')
        ) {
          expect(operation.requestBody, label).toBeDefined();
        }
      }
    }
  });

  it('every $ref resolves', () => {
    for (const ref of collectRefs(document)) {
      const [, section, name] = ref.match(/^#\/components\/(\w+)\/(\w+)$/) ?? [];
      const components = document.components as unknown as Record<string, Record<string, unknown>>;
      expect(section && name && components[section]?.[name], ref).toBeTruthy();
    }
  });

  it('takes request shapes from the same schemas the routes validate with', () => {
    const query = document.paths['/api/workspaces/{ws}/query']!;
    const body = query.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties ?? {})).toEqual(
      expect.arrayContaining([
        'kpis',
        'dimensions',
        'filter',
        'from',
        'to',
        'grain',
        'timeZone',
        'compare',
        'limit',
      ]),
    );
    // The window may be left out: the workspace's last 30 days with data.
    expect(body.required).toEqual(['kpis']);
    expect(query.get!.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['ws', 'kpis', 'from', 'to', 'dimensions']),
    );
    expect(query.post!.security).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
    expect(query.get!.security).toEqual([{ sessionCookie: [] }]);
    const upload = document.paths['/api/workspaces/{ws}/imports']!.post!;
    expect(Object.keys(upload.requestBody!.content)).toEqual(['multipart/form-data']);
    const csv = document.paths['/api/workspaces/{ws}/imports/{importId}/rejected.csv']!.get!;
    expect(Object.keys(csv.responses['200']!.content!)).toEqual(['text/csv']);
  });
});
