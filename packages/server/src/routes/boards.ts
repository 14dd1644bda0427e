/**
 * Saved views and boards over HTTP: a workspace's Explore questions kept by name, listed (viewers),
 * saved and removed (editors); boards pinning them in order, shared or private to their maker,
 * made and rearranged by editors, and answered whole (every card's numbers in one request). The
 * overview's tiles: the workspace's (editors) and one's own (anyone signed in). Each change is
 * audited.
 */
import {
  answerBoard,
  createBoard,
  listBoards,
  listViews,
  overviewTiles,
  removeView,
  resetOverviewTiles,
  saveView,
  setOverviewTiles,
  updateBoard,
} from '@markpi/app';
import {
  boardAnswerSchema,
  boardInputSchema,
  boardSchema,
  OVERVIEW_TILE_SCOPES,
  overviewTilesInputSchema,
  overviewTilesSchema,
  viewInputSchema,
  viewSchema,
} from '@markpi/core';
import { z } from 'zod';
import { roleAtLeast } from '../auth/roles.js';
import { fail } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import { okSchema, workspaceParams } from '../schemas.js';
import { type AnyContext, audit, workspaceContextOf } from './support.js';

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

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/boards/:id/answer',
    tag: TAG,
    summary: 'A board’s cards with their numbers: every pinned view run as saved, in one request',
    description:
      'The board by id (or its name). Each view’s period rule is resolved today in the workspace’s time zone. ' +
      'A view of one KPI and no dimension is a tile (value, change against its comparison or the window’s ' +
      'default, a sparkline over its grain); any other its rows for its chart or table (at most 1,000). A view ' +
      'removed since it was pinned is `missing`; one whose question fails is `failed`, with the reason.',
    access: workspaceRole('viewer'),
    params: workspaceParams.extend({ id: z.string().max(200) }),
    response: boardAnswerSchema,
    async handler(context) {
      return answerBoard(await workspaceContextOf(context), context.params.id, login(context));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/overview/tiles',
    tag: TAG,
    summary: 'The overview’s tiles for the caller: their own, else the workspace’s, else the defaults',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: overviewTilesSchema,
    async handler(context) {
      return overviewTiles(await workspaceContextOf(context), login(context));
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/overview/tiles',
    tag: TAG,
    summary: 'Set the overview’s tiles: the workspace’s (editors) or one’s own (`scope: mine`)',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: overviewTilesInputSchema,
    response: overviewTilesSchema,
    async handler(context) {
      mayChangeTiles(context, context.body.scope);
      const tiles = await setOverviewTiles(await workspaceContextOf(context), context.body, login(context));
      await audit(context, {
        action: 'tiles.set',
        target: context.body.scope,
        details: { kpis: context.body.kpis },
      });
      return tiles;
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/overview/tiles',
    tag: TAG,
    summary: 'Reset the overview’s tiles: one’s own to the workspace’s, the workspace’s to the defaults',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    // Said every time: a reset of the workspace's tiles is not what a bare DELETE should mean.
    query: z.object({ scope: z.enum(OVERVIEW_TILE_SCOPES) }),
    response: overviewTilesSchema,
    async handler(context) {
      mayChangeTiles(context, context.query.scope);
      const tiles = await resetOverviewTiles(
        await workspaceContextOf(context),
        context.query.scope,
        login(context),
      );
      await audit(context, { action: 'tiles.reset', target: context.query.scope });
      return tiles;
    },
  }),
];

/** Everyone signed in arranges their own tiles; the workspace's are its editors' to arrange. */
function mayChangeTiles(context: AnyContext, scope: (typeof OVERVIEW_TILE_SCOPES)[number]): void {
  if (!context.caller.user) throw fail.forbidden('sign in to arrange tiles');
  if (scope === 'workspace' && !roleAtLeast(context.workspace().role, 'editor')) {
    throw fail.forbidden('only editors arrange the workspace’s tiles; set your own with `scope: mine`');
  }
}
