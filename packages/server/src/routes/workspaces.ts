/** The workspace registry (server admins create and delete) and memberships (workspace admins). */
import { type AccessScope, buildCatalog, isScoped } from '@markpi/core';
import type { z } from 'zod';
import { fail } from '../errors.js';
import { ANY_USER, defineRoute, type Route, SERVER_ADMIN, workspaceRole } from '../http/route.js';
import type { MembershipRecord, WorkspaceRecord } from '../meta/workspaces.js';
import {
  addMemberBodySchema,
  createWorkspaceBodySchema,
  memberListSchema,
  memberParams,
  memberResponseSchema,
  type memberSchema,
  memberScopeBodySchema,
  okSchema,
  updateMemberBodySchema,
  updateWorkspaceBodySchema,
  type workspaceDetailSchema,
  workspaceListSchema,
  workspaceParams,
  workspaceResponseSchema,
} from '../schemas.js';
import type { Services } from '../services.js';
import { slugify } from '../workspaces/registry.js';
import { workspacesOf } from './auth.js';
import { type AnyContext, audit } from './support.js';

export async function workspaceDetail(
  services: Services,
  record: WorkspaceRecord,
  role: z.input<typeof workspaceDetailSchema>['role'],
): Promise<z.input<typeof workspaceDetailSchema>> {
  const catalog = services.registry.catalog(record);
  return {
    id: record.id,
    name: record.name,
    role,
    createdAt: record.createdAt,
    baseCurrency: catalog.config.base_currency,
    timeZone: catalog.config.time_zone,
    dataRange: await services.registry.dataRange(record),
    scope: record.scope ?? null,
  };
}

/**
 * A scope is for those who read a slice: an admin manages members, links and settings of the
 * whole workspace, so an admin has no scope and a scoped member can't be made admin.
 */
function checkScopeFitsRole(role: MembershipRecord['role'], scope: AccessScope | null | undefined): void {
  if (role === 'admin' && isScoped(scope)) {
    throw fail.conflict(
      'conflict',
      'an admin sees the whole workspace; give a scope to viewers and editors',
      [{ message: 'an admin can’t have a scope', path: 'scope', hint: 'choose the viewer or editor role' }],
    );
  }
}

async function memberView(
  services: Services,
  membership: MembershipRecord,
): Promise<z.input<typeof memberSchema>> {
  const user = await services.users.byId(membership.userId);
  return {
    userId: membership.userId,
    login: user?.login ?? '(deleted user)',
    displayName: user?.displayName ?? '',
    role: membership.role,
    addedAt: membership.createdAt,
    scope: membership.scope,
  };
}

async function membershipOrFail(context: AnyContext, userId: string): Promise<MembershipRecord> {
  const workspace = context.workspace().record;
  const membership = await context.services.workspaces.membership(workspace.id, userId);
  if (!membership)
    throw fail.notFound('member_not_found', `user \`${userId}\` is not a member of \`${workspace.id}\``);
  return membership;
}

/** A free id from the name: `lumi`, then `lumi-2`, `lumi-3`… */
async function freeWorkspaceId(services: Services, name: string): Promise<string> {
  const base = slugify(name);
  let id = base;
  for (let suffix = 2; await services.workspaces.byId(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

export const workspaceRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces',
    tag: 'workspaces',
    summary: 'Workspaces the caller can see, with their role in each',
    access: ANY_USER,
    response: workspaceListSchema,
    async handler(context) {
      return { workspaces: await workspacesOf(context.services, context.user()) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces',
    tag: 'workspaces',
    summary: 'Create an empty workspace (its own DuckDB file under the data directory)',
    access: SERVER_ADMIN,
    body: createWorkspaceBodySchema,
    response: workspaceResponseSchema,
    async handler(context) {
      const { services, body } = context;
      const id = body.id ?? (await freeWorkspaceId(services, body.name));
      const record = await services.registry.createOwned({
        id,
        name: body.name,
        createdAt: services.now().toISOString(),
      });
      await audit(context, {
        action: 'workspace.create',
        target: record.id,
        details: { name: record.name },
        workspaceId: record.id,
      });
      return { workspace: await workspaceDetail(services, record, 'admin') };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws',
    tag: 'workspaces',
    summary: 'One workspace: name, currency, time zone and the range of days with data',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: workspaceResponseSchema,
    async handler(context) {
      const { record, role } = context.workspace();
      return { workspace: await workspaceDetail(context.services, record, role) };
    },
  }),

  defineRoute({
    method: 'PATCH',
    path: '/api/workspaces/:ws',
    tag: 'workspaces',
    summary: 'Rename a workspace or change its base currency or time zone',
    access: workspaceRole('admin'),
    params: workspaceParams,
    body: updateWorkspaceBodySchema,
    response: workspaceResponseSchema,
    async handler(context) {
      const { services, body } = context;
      const { record, role } = context.workspace();
      if (body.name !== undefined) await services.workspaces.rename(record.id, body.name);
      if (body.baseCurrency !== undefined || body.timeZone !== undefined) {
        const config = {
          ...services.registry.catalog(record).config,
          ...(body.baseCurrency !== undefined ? { base_currency: body.baseCurrency } : {}),
          ...(body.timeZone !== undefined ? { time_zone: body.timeZone } : {}),
        };
        buildCatalog(config, { file: `workspace ${record.id}` });
        await services.workspaces.setConfig(record.id, config);
      }
      await audit(context, { action: 'workspace.update', target: record.id, details: { ...body } });
      const updated = await services.workspaces.byId(record.id);
      if (!updated) throw fail.notFound('workspace_not_found', `workspace \`${record.id}\` is gone`);
      return { workspace: await workspaceDetail(services, updated, role) };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws',
    tag: 'workspaces',
    summary: 'Unregister a workspace (server admins only)',
    description:
      'Removes the workspace, its memberships and share links. The data file is kept: files the server ' +
      'created move to `trash/` in the data directory; files it was pointed at stay where they are.',
    access: workspaceRole('admin'),
    params: workspaceParams,
    response: okSchema,
    async handler(context) {
      const { services } = context;
      if (!context.user().serverAdmin) throw fail.forbidden('only server admins can delete workspaces');
      const { record } = context.workspace();
      await services.registry.remove(record, services.now());
      await audit(context, {
        action: 'workspace.delete',
        target: record.id,
        details: { name: record.name, file: record.file },
      });
      return { ok: true as const };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/members',
    tag: 'members',
    summary: 'Members of a workspace and their roles',
    access: workspaceRole('admin'),
    params: workspaceParams,
    response: memberListSchema,
    async handler(context) {
      const members = await context.services.workspaces.members(context.workspace().record.id);
      return { members: await Promise.all(members.map((member) => memberView(context.services, member))) };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/members',
    tag: 'members',
    summary: 'Add an existing account to the workspace with a role',
    access: workspaceRole('admin'),
    params: workspaceParams,
    body: addMemberBodySchema,
    response: memberResponseSchema,
    async handler(context) {
      const { services, body } = context;
      const workspace = context.workspace().record;
      const user = await services.users.byLogin(body.login);
      if (!user) throw fail.notFound('user_not_found', `no account with login \`${body.login}\``);
      if (await services.workspaces.membership(workspace.id, user.id)) {
        throw fail.conflict(
          'already_exists',
          `\`${user.login}\` is already a member; change their role instead`,
        );
      }
      checkScopeFitsRole(body.role, body.scope);
      const membership: MembershipRecord = {
        workspaceId: workspace.id,
        userId: user.id,
        role: body.role,
        createdAt: services.now().toISOString(),
        scope: isScoped(body.scope) ? body.scope : null,
      };
      await services.workspaces.addMember(membership);
      await audit(context, {
        action: 'member.add',
        target: user.login,
        details: {
          role: body.role,
          ...(membership.scope ? { scope: JSON.stringify(membership.scope) } : {}),
        },
      });
      return { member: await memberView(services, membership) };
    },
  }),

  defineRoute({
    method: 'PATCH',
    path: '/api/workspaces/:ws/members/:userId',
    tag: 'members',
    summary: 'Change a member’s role',
    access: workspaceRole('admin'),
    params: memberParams,
    body: updateMemberBodySchema,
    response: memberResponseSchema,
    async handler(context) {
      const { services, body, params } = context;
      const membership = await membershipOrFail(context, params.userId);
      checkScopeFitsRole(body.role, membership.scope);
      await services.workspaces.setRole(membership.workspaceId, membership.userId, body.role);
      const user = await services.users.byId(membership.userId);
      await audit(context, {
        action: 'member.update',
        target: user?.login ?? membership.userId,
        details: { from: membership.role, to: body.role },
      });
      return { member: await memberView(services, { ...membership, role: body.role }) };
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/members/:userId/scope',
    tag: 'members',
    summary: 'Set the rows a member may see (channels, campaigns, accounts), or null for the whole workspace',
    description:
      'Every KPI answer the member gets is ANDed with the scope; pages that list rows another way are ' +
      'refused with 403 `outside_scope` (docs/deploy.md, "Scoped access"). Admins have no scope.',
    access: workspaceRole('admin'),
    params: memberParams,
    body: memberScopeBodySchema,
    response: memberResponseSchema,
    async handler(context) {
      const { services, body, params } = context;
      const membership = await membershipOrFail(context, params.userId);
      const scope = isScoped(body.scope) ? body.scope : null;
      checkScopeFitsRole(membership.role, scope);
      await services.workspaces.setScope(membership.workspaceId, membership.userId, scope);
      const user = await services.users.byId(membership.userId);
      await audit(context, {
        action: 'member.scope',
        target: user?.login ?? membership.userId,
        details: {
          from: membership.scope ? JSON.stringify(membership.scope) : null,
          to: scope ? JSON.stringify(scope) : null,
        },
      });
      return { member: await memberView(services, { ...membership, scope }) };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/members/:userId',
    tag: 'members',
    summary: 'Remove a member from the workspace',
    access: workspaceRole('admin'),
    params: memberParams,
    response: okSchema,
    async handler(context) {
      const { services, params } = context;
      const membership = await membershipOrFail(context, params.userId);
      await services.workspaces.removeMember(membership.workspaceId, membership.userId);
      const user = await services.users.byId(membership.userId);
      await audit(context, {
        action: 'member.remove',
        target: user?.login ?? membership.userId,
        details: { role: membership.role },
      });
      return { ok: true as const };
    },
  }),
];
