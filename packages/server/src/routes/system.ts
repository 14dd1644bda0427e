/** Health check and the API's own description. */
import { defineRoute, PUBLIC, type Route } from '../http/route.js';
import { healthSchema, openApiDocumentSchema } from '../schemas.js';

export function systemRoutes(openApiDocument: () => Record<string, unknown>): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/health',
      tag: 'system',
      summary: 'Whether the server is up, and its version',
      access: PUBLIC,
      response: healthSchema,
      async handler({ services }) {
        return { ok: true as const, version: services.settings.version };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/openapi.json',
      tag: 'system',
      summary: 'This API described as OpenAPI 3.1',
      access: PUBLIC,
      response: openApiDocumentSchema,
      async handler() {
        return openApiDocument();
      },
    }),
  ];
}
