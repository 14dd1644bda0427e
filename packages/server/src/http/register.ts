/**
 * Mounts the route table on fastify: authorize, validate, run, send.
 *
 * A route's work runs within a time budget (`queryTimeoutMs`, default 60 s) and stops when the
 * client goes away: the reads it started are stopped in the engine (`withQuerySignal`) and the
 * request is refused with `query_timeout` (400, said in English and Chinese) or, for a client
 * that is no longer there to read it, `query_cancelled`. Uploads and loads (the `imports` routes)
 * are left to finish: a load is all-or-nothing and a preview reads the files, not the workspace.
 */
import { withQuerySignal } from '@markpi/app';
import { MarkpiError, queryTimedOut } from '@markpi/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { scopedBody } from '../auth/scoped-routes.js';
import type { Services } from '../services.js';
import { authorize } from './authorize.js';
import { SerializedAnswer } from './kept-answers.js';
import type { Route } from './route.js';

function missing(what: string): never {
  // Only reachable if a route's access kind and its handler disagree: our bug.
  throw new MarkpiError('route_misconfigured', `this route has no ${what}`);
}

/** Tags of routes whose work is not bounded in time nor stopped with the client. */
const UNBOUNDED_TAGS = new Set(['imports']);

/** Runs `work` with reads that stop at the time budget or when the client goes away. */
async function bounded<T>(reply: FastifyReply, budgetMs: number, work: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(queryTimedOut(budgetMs / 1000)), budgetMs);
  const gone = () => {
    if (!reply.raw.writableFinished)
      controller.abort(new MarkpiError('query_cancelled', 'the question was stopped: its asker went away'));
  };
  // The socket, not the response: a response only says it closed once it is answered. (Requests
  // made in-process have no socket events, and no client to lose.)
  const socket = reply.raw.socket;
  socket?.once('close', gone);
  try {
    return await withQuerySignal(controller.signal, work);
  } finally {
    clearTimeout(timer);
    socket?.off('close', gone);
  }
}

export function registerRoutes(app: FastifyInstance, routes: readonly Route[], services: Services): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const caller = await authorize(route, request, reply, services);
        const execute = () =>
          route.execute({
            request,
            reply,
            services,
            caller,
            user: () => caller.user ?? missing('user'),
            workspace: () => caller.workspace ?? missing('workspace'),
          });
        const answer = UNBOUNDED_TAGS.has(route.tag)
          ? await execute()
          : await bounded(reply, services.settings.queryTimeoutMs, execute);
        // A kept answer goes as the bytes it was first sent as (only routes whose bodies are not
        // trimmed below keep theirs: the overview).
        if (answer instanceof SerializedAnswer) {
          reply.header('etag', answer.etag);
          for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
          if (answer.matches(request.headers['if-none-match'])) return reply.code(304).send();
          return reply.type('application/json; charset=utf-8').send(answer.json);
        }
        // A scoped caller's list of targets keeps those inside the scope (`auth/scoped-routes.ts`).
        const body = scopedBody(route, caller.workspace?.record.scope ?? null, answer);
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
