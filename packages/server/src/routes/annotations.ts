/**
 * Annotations over HTTP: a workspace's dated notes listed by window (viewers), added from a chart
 * point, removed, and imported from the workspace's events (editors) — the same use cases as
 * `markpi annotations`. Each change is audited.
 */
import {
  addAnnotation,
  annotationWithinScope,
  importEventAnnotations,
  listAnnotations,
  removeAnnotation,
} from '@markpi/app';
import { annotationInputSchema, annotationSchema, isoDateSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { okSchema, workspaceParams } from '../schemas.js';
import { audit, workspaceContextOf } from './support.js';

const TAG = 'annotations';

const listQuery = z.object({
  from: isoDateSchema.optional().describe('notes that touch this window; every note without one'),
  to: isoDateSchema.optional(),
});
const annotationsSchema = z.object({ annotations: z.array(annotationSchema) });
const importBody = z.object({ from: isoDateSchema, to: isoDateSchema });

export const annotationRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/annotations',
    tag: TAG,
    summary: 'The workspace’s notes that touch a window, by first day',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    query: listQuery,
    response: annotationsSchema,
    async handler(context) {
      const workspace = await workspaceContextOf(context);
      // A scoped caller reads the workspace-wide notes and those of a channel or campaign inside the scope.
      const annotations = await listAnnotations(workspace, context.query);
      return { annotations: annotations.filter((note) => annotationWithinScope(workspace.scope, note)) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/annotations',
    tag: TAG,
    summary: 'Add a note: a day or a span, with a scope (all, a channel, a campaign)',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: annotationInputSchema,
    response: annotationSchema,
    async handler(context) {
      const annotation = await addAnnotation(
        await workspaceContextOf(context),
        context.body,
        context.user().login,
      );
      await audit(context, {
        action: 'annotation.add',
        target: annotation.id,
        details: { date: annotation.date, scope: annotation.scope },
      });
      return annotation;
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/annotations/:id',
    tag: TAG,
    summary: 'Remove a note',
    access: workspaceRole('editor'),
    params: workspaceParams.extend({ id: z.string().max(100) }),
    response: okSchema,
    async handler(context) {
      await removeAnnotation(await workspaceContextOf(context), context.params.id, context.user().login);
      await audit(context, { action: 'annotation.remove', target: context.params.id });
      return { ok: true as const };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/annotations/import-events',
    tag: TAG,
    summary: 'Note each of the workspace’s events in a window (the retail calendar, saved calendars, pushes)',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: importBody,
    response: annotationsSchema,
    async handler(context) {
      const annotations = await importEventAnnotations(
        await workspaceContextOf(context),
        context.body,
        context.user().login,
      );
      await audit(context, {
        action: 'annotation.import',
        target: context.workspace().record.id,
        details: { added: annotations.length },
      });
      return { annotations };
    },
  }),
];
