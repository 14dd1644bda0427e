/** Mounts the route table on fastify: authorize, validate, run, send. */
import { MarkpiError } from '@markpi/core';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { authorize } from './authorize.js';
import type { Route } from './route.js';

function missing(what: string): never {
  // Only reachable if a route's access kind and its handler disagree: our bug.
  throw new MarkpiError('route_misconfigured', `this route has no ${what}`);
}

export function registerRoutes(app: FastifyInstance, routes: readonly Route[], services: Services): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const caller = await authorize(route, request, reply, services);
        const body = await route.execute({
          request,
          reply,
          services,
          caller,
          user: () => caller.user ?? missing('user'),
          workspace: () => caller.workspace ?? missing('workspace'),
        });
        if (route.raw) {
          reply.type(route.raw.contentType);
          if (route.raw.filename)
            reply.header('content-disposition', `attachment; filename="${route.raw.filename}"`);
        }
        return body;
      },
    });
  }
}
