/**
 * Who may call what, checked over the whole route table: a route added later is covered
 * without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roleAtLeast } from './auth/roles.js';
import type { Route } from './http/route.js';
import { createHarness, errorCode, type Harness, type Method, type TestClient } from './testing/harness.js';

function concretePath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => values[name] ?? 'does-not-exist');
}

function call(client: TestClient, route: Route, url: string) {
  const method = route.method as Method;
  return method === 'GET' || method === 'DELETE'
    ? client.request(method, url)
    : client.request(method, url, {});
}

describe('access', () => {
  let harness: Harness;
  let routes: readonly Route[];
  beforeAll(async () => {
    harness = await createHarness();
    routes = harness.server.routes;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('every route but the public ones refuses a caller without a session', async () => {
    const anonymous = harness.client();
    const guarded = routes.filter((route) => route.access.kind !== 'public' && route.access.kind !== 'share');
    expect(guarded.length).toBeGreaterThan(25);
    for (const route of guarded) {
      const response = await call(anonymous, route, concretePath(route, { ws: 'alpha', table: 'channels' }));
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(401);
      expect(errorCode(response)).toBe('unauthenticated');
    }
  });

  it('a member of workspace A gets 404 from every route of workspace B, and B is not listed', async () => {
    const ownerA = await harness.as('ownerA');
    const workspaceRoutes = routes.filter((route) => route.access.kind === 'workspace');
    expect(workspaceRoutes.length).toBeGreaterThan(20);
    for (const route of workspaceRoutes) {
      const response = await call(ownerA, route, concretePath(route, { ws: 'beta', table: 'channels' }));
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(404);
      expect(errorCode(response)).toBe('workspace_not_found');
      expect(response.body).not.toContain('Beta Drinks');
    }
    const listed = (await ownerA.get('/api/workspaces')).json<{ workspaces: { id: string }[] }>();
    expect(listed.workspaces.map((workspace) => workspace.id)).toEqual(['alpha']);
    // A workspace that doesn't exist answers exactly like one that isn't yours.
    const missing = await ownerA.get('/api/workspaces/no-such-workspace');
    const foreign = await ownerA.get('/api/workspaces/beta');
    expect(missing.json().error.code).toBe(foreign.json().error.code);
    expect(missing.json().error.message.replace('no-such-workspace', 'beta')).toBe(
      foreign.json().error.message,
    );
  });

  it("workspace A's routes never reach B's share links, imports or members by id", async () => {
    const ownerB = await harness.as('ownerB');
    const betaLink = (await ownerB.post('/api/workspaces/beta/share-links', { label: 'beta board' })).json();
    const ownerA = await harness.as('ownerA');
    expect((await ownerA.delete(`/api/workspaces/alpha/share-links/${betaLink.link.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await ownerA.patch(`/api/workspaces/alpha/members/${harness.accounts.ownerB.id}`, { role: 'viewer' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await ownerA.delete(`/api/workspaces/alpha/members/${harness.accounts.ownerB.id}`)).statusCode,
    ).toBe(404);
    const stillActive = await harness.client().get(`/api/share/${betaLink.token}`);
    expect(stillActive.statusCode).toBe(200);
  });

  it('roles: each workspace route admits exactly the roles at or above the one it needs', async () => {
    const clients: Record<Role, TestClient> = {
      viewer: await harness.as('viewerA'),
      editor: await harness.as('editorA'),
      admin: await harness.as('ownerA'),
    };
    for (const route of routes) {
      if (route.access.kind !== 'workspace') continue;
      const needed = route.access.role;
      for (const role of ['viewer', 'editor', 'admin'] as const) {
        const response = await call(
          clients[role],
          route,
          concretePath(route, { ws: 'alpha', table: 'channels' }),
        );
        const label = `${role} → ${route.method} ${route.path}`;
        if (route.method === 'DELETE' && route.path === '/api/workspaces/:ws') {
          // Deleting a workspace needs a server admin, whatever the role inside it.
          expect(response.statusCode, label).toBe(403);
        } else if (roleAtLeast(role, needed)) {
          expect(response.statusCode, `${label}: ${response.body}`).not.toBe(403);
          expect(response.statusCode, `${label}: ${response.body}`).not.toBe(401);
        } else {
          expect(response.statusCode, label).toBe(403);
          expect(errorCode(response)).toBe('forbidden');
        }
      }
    }
  });

  it('server-admin routes refuse workspace admins', async () => {
    const ownerA = await harness.as('ownerA');
    for (const route of routes.filter((entry) => entry.access.kind === 'serverAdmin')) {
      const response = await call(ownerA, route, concretePath(route, {}));
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('a viewer cannot edit; an editor cannot manage users; an admin can', async () => {
    const viewer = await harness.as('viewerA');
    const kpi = {
      name: { en: 'Clicks per post', zh: '每帖点击' },
      description: { en: 'Clicks per content item.', zh: '每条内容的点击。' },
      formula: 'clicks / count(content)',
      unit: 'number',
      direction: 'up',
      aggregation: 'ratio',
    };
    expect((await viewer.put('/api/workspaces/alpha/kpis/clicks_per_post', kpi)).statusCode).toBe(403);
    expect((await viewer.post('/api/workspaces/alpha/share-links', { label: 'x' })).statusCode).toBe(403);

    const editor = await harness.as('editorA');
    expect((await editor.put('/api/workspaces/alpha/kpis/clicks_per_post', kpi)).statusCode).toBe(200);
    expect(
      (await editor.post('/api/workspaces/alpha/members', { login: 'ownerB', role: 'viewer' })).statusCode,
    ).toBe(403);
    expect((await editor.get('/api/workspaces/alpha/members')).statusCode).toBe(403);
    expect((await editor.get('/api/users')).statusCode).toBe(403);
    expect(
      (await editor.post('/api/users', { login: 'mallory', password: 'long-enough-1' })).statusCode,
    ).toBe(403);

    const admin = await harness.as('ownerA');
    const added = await admin.post('/api/workspaces/alpha/members', { login: 'ownerB', role: 'viewer' });
    expect(added.statusCode).toBe(200);
    expect(added.json().member).toMatchObject({ login: 'ownerb', role: 'viewer' });
    expect(
      (await admin.post('/api/workspaces/alpha/members', { login: 'ownerB', role: 'viewer' })).statusCode,
    ).toBe(409);
    expect(
      (await admin.patch(`/api/workspaces/alpha/members/${harness.accounts.ownerB.id}`, { role: 'editor' }))
        .statusCode,
    ).toBe(200);
    const members = (await admin.get('/api/workspaces/alpha/members')).json<{
      members: { login: string; role: string }[];
    }>();
    expect(members.members).toContainEqual(expect.objectContaining({ login: 'ownerb', role: 'editor' }));
    expect(
      (await admin.delete(`/api/workspaces/alpha/members/${harness.accounts.ownerB.id}`)).statusCode,
    ).toBe(200);
    expect(
      (await admin.post('/api/workspaces/alpha/members', { login: 'nobody-here', role: 'viewer' }))
        .statusCode,
    ).toBe(404);
  });

  it('server admins manage accounts and workspaces', async () => {
    const root = await harness.as('root');
    const created = await root.post('/api/users', { login: 'carol', displayName: 'Carol' });
    expect(created.statusCode).toBe(200);
    const { user, generatedPassword } = created.json();
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await root.post('/api/users', { login: 'Carol' })).statusCode).toBe(409);
    expect((await harness.client().login('carol', generatedPassword)).statusCode).toBe(200);

    const workspace = await root.post('/api/workspaces', { name: 'Gamma Snacks' });
    expect(workspace.statusCode).toBe(200);
    expect(workspace.json().workspace).toMatchObject({
      id: 'gamma-snacks',
      role: 'admin',
      dataRange: null,
      baseCurrency: 'CNY',
    });
    expect((await root.post('/api/workspaces', { id: 'gamma-snacks', name: 'Again' })).statusCode).toBe(409);
    expect(
      (await root.post('/api/workspaces/gamma-snacks/members', { login: 'carol', role: 'editor' }))
        .statusCode,
    ).toBe(200);
    const carol = harness.client();
    await carol.login('carol', generatedPassword);
    expect((await carol.get('/api/workspaces')).json().workspaces).toEqual([
      expect.objectContaining({ id: 'gamma-snacks', role: 'editor' }),
    ]);

    expect((await root.delete('/api/workspaces/gamma-snacks')).statusCode).toBe(200);
    expect((await carol.get('/api/workspaces/gamma-snacks')).statusCode).toBe(404);
    expect((await root.delete(`/api/users/${user.id}`)).statusCode).toBe(200);
    expect((await carol.get('/api/me')).statusCode).toBe(401);
    // The last server admin can't be removed or demoted.
    expect((await root.delete(`/api/users/${harness.accounts.root.id}`)).statusCode).toBe(409);
    expect(
      (await root.patch(`/api/users/${harness.accounts.root.id}`, { serverAdmin: false })).statusCode,
    ).toBe(409);
  });
});
