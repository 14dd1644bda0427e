/**
 * Share links: managed by workspace admins (share-links), used by anyone holding the token
 * (share). A token opens read-only routes of exactly one workspace: its pages' routes only
 * (the overview, or the query route for Explore and boards), within its scope
 * (`auth/scoped-routes.ts`, checked before a handler runs).
 */

import { answerBoard, answerOverview, listBoards } from '@markpi/app';
import { boardAnswerSchema, isScoped, sharedBoards } from '@markpi/core';
import { z } from 'zod';
import { fail } from '../errors.js';
import { defineRoute, type Route, SHARE_LINK, workspaceRole } from '../http/route.js';
import {
  catalogSchema,
  createdShareLinkSchema,
  createShareLinkBodySchema,
  kpiQueryParamsSchema,
  overviewParamsSchema,
  overviewSchema,
  queryResultSchema,
  shareInfoSchema,
  shareLinkListSchema,
  shareLinkParams,
  shareLinkResponseSchema,
  shareTokenParams,
  workspaceParams,
} from '../schemas.js';
import { answerQuery, overviewKeepKey } from './analytics.js';
import { catalogView } from './catalog.js';
import { audit, loginsOf, shareLinkView } from './support.js';

const DAY_MS = 86_400_000;

export const shareLinkRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/share-links',
    tag: 'share links',
    summary: 'Share links of the workspace, newest first (tokens are never shown again)',
    access: workspaceRole('admin'),
    params: workspaceParams,
    response: shareLinkListSchema,
    async handler(context) {
      const links = await context.services.shareLinks.list(context.workspace().record.id);
      const logins = await loginsOf(
        context,
        links.map((link) => link.createdBy),
      );
      const now = context.services.now();
      return { links: links.map((link) => shareLinkView(link, logins.get(link.createdBy) ?? '', now)) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/share-links',
    tag: 'share links',
    summary: 'Create a read-only share link that expires',
    description:
      'The token is in this response only. The web UI opens `/share/<token>` and calls `/api/share/<token>/…`.',
    access: workspaceRole('admin'),
    params: workspaceParams,
    body: createShareLinkBodySchema,
    response: createdShareLinkSchema,
    async handler(context) {
      const { services, body } = context;
      const user = context.user();
      const now = services.now();
      const { token, link } = await services.shareLinks.create({
        workspaceId: context.workspace().record.id,
        label: body.label,
        createdBy: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + body.expiresInDays * DAY_MS).toISOString(),
        scope: isScoped(body.scope) ? body.scope : null,
        pages: [...new Set(body.pages)],
      });
      await audit(context, {
        action: 'share_link.create',
        target: link.id,
        details: {
          label: link.label,
          expiresAt: link.expiresAt,
          pages: link.pages,
          ...(link.scope ? { scope: JSON.stringify(link.scope) } : {}),
        },
      });
      return { link: shareLinkView(link, user.login, now), token, path: `/share/${token}` };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/share-links/:linkId',
    tag: 'share links',
    summary: 'Revoke a share link (it stays listed, marked revoked)',
    access: workspaceRole('admin'),
    params: shareLinkParams,
    response: shareLinkResponseSchema,
    async handler(context) {
      const { services, params } = context;
      const workspaceId = context.workspace().record.id;
      const link = await services.shareLinks.byId(workspaceId, params.linkId);
      if (!link)
        throw fail.notFound('share_link_not_found', `no share link \`${params.linkId}\` in this workspace`);
      const now = services.now();
      if (link.revokedAt === null) {
        await services.shareLinks.revoke(workspaceId, link.id, now.toISOString());
        await audit(context, {
          action: 'share_link.revoke',
          target: link.id,
          details: { label: link.label },
        });
      }
      const revoked = (await services.shareLinks.byId(workspaceId, link.id)) ?? link;
      const logins = await loginsOf(context, [revoked.createdBy]);
      return { link: shareLinkView(revoked, logins.get(revoked.createdBy) ?? '', now) };
    },
  }),
];

export const shareRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/share/:token',
    tag: 'share',
    summary:
      'What a share link opens: the workspace’s name, settings, data range, scope and pages (its boards named)',
    description:
      '404 `share_link_invalid` for an unknown token, 403 `share_link_expired` / `share_link_revoked`.',
    access: SHARE_LINK,
    params: shareTokenParams,
    response: shareInfoSchema,
    async handler(context) {
      const { services, caller } = context;
      const { record } = context.workspace();
      const catalog = services.registry.catalog(record);
      const pages = caller.shareLink?.pages ?? ['overview'];
      // The boards' names, for the share page's tabs: only boards the link opens and still shared.
      const opened = new Set(sharedBoards(pages));
      const boards =
        opened.size === 0
          ? []
          : (await listBoards(await services.registry.context(record, services.now), null))
              .filter((board) => opened.has(board.id))
              .map((board) => ({ id: board.id, name: board.name }));
      return {
        workspace: {
          name: record.name,
          baseCurrency: catalog.config.base_currency,
          timeZone: catalog.config.time_zone,
        },
        expiresAt: caller.shareLink?.expiresAt ?? '',
        dataRange: await services.registry.dataRange(record),
        scope: caller.shareLink?.scope ?? null,
        pages,
        boards,
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/share/:token/catalog',
    tag: 'share',
    summary: 'The shared workspace’s catalog, to name and format KPIs',
    access: SHARE_LINK,
    params: shareTokenParams,
    response: catalogSchema,
    async handler(context) {
      return catalogView(context.services.registry.catalog(context.workspace().record));
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/share/:token/query',
    tag: 'share',
    summary:
      'Run a KPI query on the shared workspace (URL parameters as in GET /api/workspaces/{ws}/query); Explore and board links only',
    access: SHARE_LINK,
    params: shareTokenParams,
    query: kpiQueryParamsSchema,
    response: queryResultSchema,
    async handler(context) {
      return answerQuery(context.services, context.workspace().record, context.query, 'query');
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/share/:token/boards/:id',
    tag: 'share',
    summary: 'A shared board’s cards with their numbers (links whose pages name the board only)',
    description: 'As GET /api/workspaces/{ws}/boards/{id}/answer, for a board the workspace shares.',
    access: SHARE_LINK,
    params: shareTokenParams.extend({ id: z.string().max(200) }),
    response: boardAnswerSchema,
    async handler(context) {
      const { services } = context;
      return answerBoard(
        await services.registry.context(context.workspace().record, services.now),
        context.params.id,
        null,
      );
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/share/:token/overview',
    tag: 'share',
    summary: 'The shared workspace’s overview (parameters as in GET /api/workspaces/{ws}/overview)',
    access: SHARE_LINK,
    params: shareTokenParams,
    query: overviewParamsSchema,
    response: overviewSchema,
    keep(context) {
      // A link's tiles are the workspace's (no login); its scope is on the record.
      return overviewKeepKey(context.services, context.workspace().record, context.query, null);
    },
    async handler(context) {
      const { services } = context;
      return answerOverview(
        await services.registry.context(context.workspace().record, services.now),
        context.query,
      );
    },
  }),
];
