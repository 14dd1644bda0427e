/**
 * Saved views and boards over HTTP: a workspace's Explore questions kept by name, listed (viewers),
 * saved and removed (editors); boards pinning them in order, shared or private to their maker,
 * made and rearranged by editors. Each change is audited.
 */
import { createBoard, listBoards, listViews, removeView, saveView, updateBoard } from '@markpi/app';
import { boardInputSchema, boardSchema, viewInputSchema, viewSchema } from '@markpi/core';
import { z } from 'zod';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { okSchema, workspaceParams } from '../schemas.js';
import { audit, workspaceContextOf } from './support.js';

const TAG = 'boards';
const viewsSchema = z.object({ views: z.array(viewSchema) });
const boardsSchema = z.object({ boards: z.array(boardSchema) });
const login = (context: { caller: { user?: { login: string } | null } }) =>
  context.caller.user?.login ?? null;

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

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/boards',
    tag: TAG,
    summary: 'The boards one sees: the workspace’s shared ones and one’s own private ones',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: boardsSchema,
    async handler(context) {
      return { boards: await listBoards(await workspaceContextOf(context), login(context)) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/boards',
    tag: TAG,
    summary: 'Make a board: a name, shared or private, its views in order',
    access: workspaceRole('editor'),
    params: workspaceParams,
    body: boardInputSchema,
    response: boardSchema,
    async handler(context) {
      const board = await createBoard(await workspaceContextOf(context), context.body, login(context));
      await audit(context, { action: 'board.create', target: board.id, details: { name: board.name } });
      return board;
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/boards/:id',
    tag: TAG,
    summary: 'Rename, share or rearrange a board (its views in their new order)',
    access: workspaceRole('editor'),
    params: workspaceParams.extend({ id: z.string().max(100) }),
    body: boardInputSchema,
    response: boardSchema,
    async handler(context) {
      const board = await updateBoard(
        await workspaceContextOf(context),
        context.params.id,
        context.body,
        login(context),
      );
      await audit(context, { action: 'board.update', target: board.id, details: { views: board.views } });
      return board;
    },
  }),
];
