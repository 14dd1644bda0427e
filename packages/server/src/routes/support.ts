/** Shapes shared by several routes: public views of records, and audit writing. */
import type { WorkspaceContext } from '@markpi/app';
import type { z } from 'zod';
import type { RouteContext } from '../http/route.js';
import type { AuditDetails } from '../meta/audit.js';
import type { ImportRecord } from '../meta/imports.js';
import type { ShareLinkRecord } from '../meta/share-links.js';
import type { UserRecord } from '../meta/users.js';
import type { importSchema, shareLinkSchema, userSchema } from '../schemas.js';

export type AnyContext = RouteContext<unknown, unknown, unknown>;

/** The application layer's context for the route's workspace, on the server's clock. */
export function workspaceContextOf(
  context: Pick<AnyContext, 'services' | 'workspace'>,
): Promise<WorkspaceContext> {
  return context.services.registry.context(context.workspace().record, context.services.now);
}

export function userView(user: UserRecord): z.input<typeof userSchema> {
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    serverAdmin: user.serverAdmin,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}

export function shareLinkView(
  link: ShareLinkRecord,
  createdByLogin: string,
  now: Date,
): z.input<typeof shareLinkSchema> {
  return {
    id: link.id,
    label: link.label,
    createdBy: createdByLogin,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt,
    active: link.revokedAt === null && Date.parse(link.expiresAt) > now.getTime(),
    scope: link.scope,
    pages: link.pages,
  };
}

export function importView(record: ImportRecord, createdByLogin: string): z.input<typeof importSchema> {
  return {
    id: record.id,
    status: record.status,
    files: record.files.map((file) => ({ name: file.name, size: file.size })),
    options: record.options,
    report: record.report,
    error: record.error,
    createdBy: createdByLogin,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Writes an audit entry for a change made by the calling user, in the route's workspace if any. */
export async function audit(
  context: Pick<AnyContext, 'services' | 'caller'>,
  entry: { action: string; target: string; details?: AuditDetails; workspaceId?: string | null },
): Promise<void> {
  const { services, caller } = context;
  await services.audit.write({
    at: services.now().toISOString(),
    userId: caller.user?.id ?? null,
    userLogin: caller.user?.login ?? null,
    workspaceId: entry.workspaceId !== undefined ? entry.workspaceId : (caller.workspace?.record.id ?? null),
    action: entry.action,
    target: entry.target,
    details: entry.details ?? {},
  });
}

/** Logins of user ids, for lists that show who created what. */
export async function loginsOf(
  context: Pick<AnyContext, 'services'>,
  userIds: Iterable<string>,
): Promise<Map<string, string>> {
  const logins = new Map<string, string>();
  for (const id of new Set(userIds)) {
    const user = await context.services.users.byId(id);
    logins.set(id, user?.login ?? '(deleted user)');
  }
  return logins;
}
