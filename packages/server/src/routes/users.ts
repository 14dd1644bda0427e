/** Accounts, managed by server admins. Workspace admins manage memberships (members.ts). */
import { MarkpiError } from '@markpi/core';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { fail } from '../errors.js';
import { defineRoute, type Route, SERVER_ADMIN } from '../http/route.js';
import { normalizeLogin, type UserRecord } from '../meta/users.js';
import {
  createdUserSchema,
  createUserBodySchema,
  okSchema,
  updateUserBodySchema,
  userListSchema,
  userParams,
  userResponseSchema,
} from '../schemas.js';
import type { Services } from '../services.js';
import { audit, userView } from './support.js';

async function userOrFail(services: Services, id: string): Promise<UserRecord> {
  const user = await services.users.byId(id);
  if (!user) throw fail.notFound('user_not_found', `no user with id \`${id}\``);
  return user;
}

/** Creates an account; the generated password, if any, is returned once and never stored. */
export async function createAccount(
  services: Services,
  input: {
    login: string;
    displayName?: string | undefined;
    password?: string | undefined;
    serverAdmin: boolean;
  },
): Promise<{ user: UserRecord; generatedPassword?: string }> {
  if (await services.users.byLogin(input.login)) {
    throw new MarkpiError('already_exists', `the login \`${normalizeLogin(input.login)}\` is taken`, [
      { message: 'this login is taken', path: 'login' },
    ]);
  }
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const user = await services.users.create({
    login: input.login,
    displayName: input.displayName ?? input.login,
    passwordHash: await hashPassword(input.password ?? generatedPassword ?? ''),
    serverAdmin: input.serverAdmin,
    createdAt: services.now().toISOString(),
  });
  return generatedPassword === undefined ? { user } : { user, generatedPassword };
}

export const userRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/users',
    tag: 'users',
    summary: 'Every account, with its workspace memberships',
    access: SERVER_ADMIN,
    response: userListSchema,
    async handler({ services }) {
      const memberships = await services.workspaces.allMemberships();
      const users = await services.users.list();
      return {
        users: users.map((user) => ({
          ...userView(user),
          memberships: memberships
            .filter((membership) => membership.userId === user.id)
            .map((membership) => ({ workspaceId: membership.workspaceId, role: membership.role })),
        })),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/users',
    tag: 'users',
    summary: 'Create an account',
    description: 'Without a password one is generated and returned once as `generatedPassword`.',
    access: SERVER_ADMIN,
    body: createUserBodySchema,
    response: createdUserSchema,
    async handler(context) {
      const created = await createAccount(context.services, context.body);
      await audit(context, {
        action: 'user.create',
        target: created.user.login,
        details: { serverAdmin: created.user.serverAdmin },
        workspaceId: null,
      });
      return { ...created, user: userView(created.user) };
    },
  }),

  defineRoute({
    method: 'PATCH',
    path: '/api/users/:userId',
    tag: 'users',
    summary: 'Rename, disable, reset the password of, or change the server-admin flag of an account',
    access: SERVER_ADMIN,
    params: userParams,
    body: updateUserBodySchema,
    response: userResponseSchema,
    async handler(context) {
      const { services, body, params } = context;
      const user = await userOrFail(services, params.userId);
      const losesAdmin =
        user.serverAdmin && !user.disabled && (body.serverAdmin === false || body.disabled === true);
      if (losesAdmin && (await services.users.countActiveServerAdmins()) <= 1) {
        throw fail.conflict('conflict', 'this is the last server admin; make someone else admin first');
      }
      await services.users.update(user.id, {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.serverAdmin !== undefined ? { serverAdmin: body.serverAdmin } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
      });
      // A reset password or a disabled account must not leave old sessions working.
      if (body.password !== undefined || body.disabled === true) {
        await services.sessions.deleteForUser(
          user.id,
          user.id === context.user().id ? (context.caller.sessionHash ?? undefined) : undefined,
        );
      }
      await audit(context, {
        action: 'user.update',
        target: user.login,
        details: {
          changed: Object.keys(body).filter((key) => body[key as keyof typeof body] !== undefined),
          ...(body.serverAdmin !== undefined ? { serverAdmin: body.serverAdmin } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        },
        workspaceId: null,
      });
      return { user: userView(await userOrFail(services, user.id)) };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/users/:userId',
    tag: 'users',
    summary: 'Delete an account, its sessions and memberships',
    access: SERVER_ADMIN,
    params: userParams,
    response: okSchema,
    async handler(context) {
      const { services, params } = context;
      const user = await userOrFail(services, params.userId);
      if (user.id === context.user().id) throw fail.conflict('conflict', 'you can’t delete your own account');
      if (user.serverAdmin && !user.disabled && (await services.users.countActiveServerAdmins()) <= 1) {
        throw fail.conflict('conflict', 'this is the last server admin');
      }
      await services.meta.transaction(async (db) => {
        await services.sessions.deleteForUser(user.id, undefined, db);
        await services.workspaces.removeMemberships(user.id, db);
        await services.users.delete(user.id, db);
      });
      await audit(context, { action: 'user.delete', target: user.login, workspaceId: null });
      return { ok: true as const };
    },
  }),
];
