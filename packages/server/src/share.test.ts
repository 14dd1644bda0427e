import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

describe('share links', () => {
  let harness: Harness;
  let owner: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    owner = await harness.as('ownerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  async function createLink(expiresInDays = 7, label = 'board meeting', pages?: string[]) {
    const response = await owner.post('/api/workspaces/alpha/share-links', {
      label,
      expiresInDays,
      ...(pages ? { pages } : {}),
    });
    expect(response.statusCode).toBe(200);
    return response.json<{
      token: string;
      path: string;
      link: { id: string; active: boolean; expiresAt: string };
    }>();
  }

  it('opens the overview, queries and catalog of one workspace to anyone with the token', async () => {
    const { token, path, link } = await createLink(7, 'board meeting', ['overview', 'explore']);
    expect(path).toBe(`/share/${token}`);
    expect(link.active).toBe(true);
    expect(link.expiresAt).toBe('2026-03-08T09:00:00.000Z');

    const guest = harness.client();
    const info = await guest.get(`/api/share/${token}`);
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      workspace: { name: 'Alpha Cosmetics' },
      dataRange: { to: '2026-02-28' },
    });
    expect((await guest.get(`/api/share/${token}/catalog`)).statusCode).toBe(200);

    const query = 'kpis=spend,ctr&dimensions=channel&from=2026-01-01&to=2026-01-31';
    const shared = await guest.get(`/api/share/${token}/query?${query}`);
    expect(shared.statusCode).toBe(200);
    const viewer = await harness.as('viewerA');
    expect(shared.json()).toEqual((await viewer.get(`/api/workspaces/alpha/query?${query}`)).json());

    const overview = await guest.get(`/api/share/${token}/overview?from=2026-01-01&to=2026-01-31`);
    expect(overview.statusCode).toBe(200);
    expect(overview.json().funnel.weakest).toMatchObject({ channel: 'xiaohongshu' });
    // Nothing is set that would make the guest a user.
    expect(guest.cookies.size).toBe(0);
  });

  it('opens the overview alone by default: the query route needs an Explore or board link', async () => {
    const { token } = await createLink();
    const guest = harness.client();
    expect((await guest.get(`/api/share/${token}`)).json()).toMatchObject({
      pages: ['overview'],
      scope: null,
    });
    expect((await guest.get(`/api/share/${token}/overview?from=2026-01-01&to=2026-01-31`)).statusCode).toBe(
      200,
    );
    const query = await guest.get(`/api/share/${token}/query?kpis=spend&from=2026-01-01&to=2026-01-31`);
    expect(query.statusCode).toBe(403);
    expect(errorCode(query)).toBe('outside_scope');
  });

  it('names the boards it opens that the workspace still shares, and no other', async () => {
    const board = async (name: string, shared: boolean) => {
      const made = await owner.post('/api/workspaces/alpha/boards', { name, shared, views: [] });
      expect(made.statusCode).toBe(200);
      return made.json<{ id: string }>().id;
    };
    const weekly = await board('Weekly review', true);
    const mine = await board('My drafts', false);
    const other = await board('Not on the link', true);
    const { token } = await createLink(7, 'boards', [
      `board:${weekly}`,
      `board:${mine}`,
      'board:gone',
      'explore',
    ]);
    const info = (await harness.client().get(`/api/share/${token}`)).json();
    // The private board is its maker's and the third was never on the link; `gone` does not exist.
    expect(info.boards).toEqual([{ id: weekly, name: 'Weekly review' }]);
    expect(info.boards.map((entry: { id: string }) => entry.id)).not.toContain(other);
    const overviewOnly = await createLink();
    expect((await harness.client().get(`/api/share/${overviewOnly.token}`)).json().boards).toEqual([]);
  });

  it('is read-only and opens nothing else', async () => {
    const { token } = await createLink();
    const guest = harness.client();
    expect(
      (
        await guest.request('POST', `/api/share/${token}/query`, {
          kpis: ['ctr'],
          from: '2026-01-01',
          to: '2026-01-31',
        })
      ).statusCode,
    ).toBe(404);
    expect((await guest.get(`/api/share/${token}/imports`)).statusCode).toBe(404);
    for (const url of [
      '/api/workspaces/alpha/overview',
      '/api/workspaces/alpha/catalog',
      '/api/me',
      '/api/workspaces',
    ]) {
      expect(
        (await guest.request('GET', url, undefined, { headers: { authorization: `Bearer ${token}` } }))
          .statusCode,
      ).toBe(401);
      expect((await guest.get(`${url}?token=${token}`)).statusCode).toBe(401);
    }
  });

  it('lists links without their tokens, and a revoked link stops working', async () => {
    const { token, link } = await createLink(7, 'to revoke');
    const listed = await owner.get('/api/workspaces/alpha/share-links');
    expect(listed.body).not.toContain(token);
    expect(listed.json().links).toContainEqual(
      expect.objectContaining({ id: link.id, label: 'to revoke', createdBy: 'ownera', active: true }),
    );

    const revoked = await owner.delete(`/api/workspaces/alpha/share-links/${link.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().link).toMatchObject({ active: false, revokedAt: '2026-03-01T09:00:00.000Z' });
    const refused = await harness.client().get(`/api/share/${token}/overview`);
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('share_link_revoked');

    const audit = (await owner.get('/api/workspaces/alpha/audit?action=share_link.revoke')).json();
    expect(audit.entries).toEqual([expect.objectContaining({ target: link.id, userLogin: 'ownera' })]);
  });

  it('an expired link is refused, an unknown one is not found', async () => {
    const { token } = await createLink(1);
    expect((await harness.client().get(`/api/share/${token}`)).statusCode).toBe(200);
    harness.clock.advanceDays(2);
    const expired = await harness
      .client()
      .get(`/api/share/${token}/query?kpis=ctr&from=2026-01-01&to=2026-01-31`);
    expect(expired.statusCode).toBe(403);
    expect(errorCode(expired)).toBe('share_link_expired');
    const unknown = await harness.client().get(`/api/share/${'x'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(unknown)).toBe('share_link_invalid');
  });

  it('only workspace admins manage links, and only their own workspace’s', async () => {
    const editor = await harness.as('editorA');
    expect((await editor.post('/api/workspaces/alpha/share-links', {})).statusCode).toBe(403);
    expect((await editor.get('/api/workspaces/alpha/share-links')).statusCode).toBe(403);
    const ownerB = await harness.as('ownerB');
    expect((await ownerB.post('/api/workspaces/alpha/share-links', {})).statusCode).toBe(404);
    const tooLong = await owner.post('/api/workspaces/alpha/share-links', { expiresInDays: 400 });
    expect(tooLong.statusCode).toBe(400);
  });
});
