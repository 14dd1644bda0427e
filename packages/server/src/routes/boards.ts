/**
 * Saved views over HTTP: a workspace's Explore questions kept by name, listed (viewers), saved and
 * removed (editors) — the first part of boards. Each change is audited.
 */
import { listViews, removeView, saveView } from '@markpi/app';
import { viewInputSchema, viewSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { okSchema, workspaceParams } from '../schemas.js';
import { audit, workspaceContextOf } from './support.js';

const TAG = 'boards';
const viewsSchema = z.object({ views: z.array(viewSchema) });

export const boardRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/views',
    tag: TAG,
    summary: 'The workspace’s saved views, by name',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: viewsSchema,
    async handler(context) {
      return { views: await listViews(await workspaceContextOf(context)) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/views',
    tag: TAG,
    summary:
      'Save an Explore question by name: KPIs, dimensions, filter, period rule, grain, comparison, chart',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: viewInputSchema,
    response: viewSchema,
    async handler(context) {
      const view = await saveView(await workspaceContextOf(context), context.body, context.user().login);
      await audit(context, { action: 'view.save', target: view.id, details: { name: view.name } });
      return view;
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/views/:id',
    tag: TAG,
    summary: 'Remove a saved view',
    access: workspaceRole('editor'),
    params: workspaceParams.extend({ id: z.string().max(100) }),
    response: okSchema,
    async handler(context) {
      await removeView(await workspaceContextOf(context), context.params.id, context.user().login);
      await audit(context, { action: 'view.remove', target: context.params.id });
      return { ok: true as const };
    },
  }),
];
