/** Reading the audit log: a workspace's entries for its admins, everything for server admins. */
import { defineRoute, type Route, SERVER_ADMIN, workspaceRole } from '../http/route.js';
import { auditListSchema, auditParamsSchema, workspaceParams } from '../schemas.js';

export const auditRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/audit',
    tag: 'audit',
    summary: 'Who changed what in this workspace, newest first',
    description: 'Page backwards by passing the `seq` of the last entry as `before`.',
    access: workspaceRole('admin'),
    params: workspaceParams,
    query: auditParamsSchema,
    response: auditListSchema,
    async handler(context) {
      const { query } = context;
      return {
        entries: await context.services.audit.list({
          workspaceId: context.workspace().record.id,
          limit: query.limit,
          ...(query.before !== undefined ? { before: query.before } : {}),
          ...(query.action ? { action: query.action } : {}),
        }),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/audit',
    tag: 'audit',
    summary: 'The whole audit log, including account changes (server admins)',
    access: SERVER_ADMIN,
    query: auditParamsSchema,
    response: auditListSchema,
    async handler(context) {
      const { query } = context;
      return {
        entries: await context.services.audit.list({
          limit: query.limit,
          ...(query.before !== undefined ? { before: query.before } : {}),
          ...(query.action ? { action: query.action } : {}),
        }),
      };
    },
  }),
];
