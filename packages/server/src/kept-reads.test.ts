/**
 * What the server keeps between requests stays exact: the metadata every request reads (its
 * session, user, workspace, membership, share link) is forgotten by each write, so every way of
 * ending someone's access refuses the very next request made after a request that read it; and a
 * kept overview is the same bytes a fresh computation gives, until a write changes the data.
 */
import { answerOverview } from '@markpi/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewSchema } from './schemas.js';
import { multipart, testCsvAdapter } from './testing/csv-adapter.js';
import { createHarness, errorCode, type Harness, type TestClient } from './testing/harness.js';

const BASE = '/api/workspaces/alpha';

describe('kept metadata: every way of ending access refuses the next request', () => {
  let harness: Harness;
  let root: TestClient;
  let owner: TestClient;
  beforeAll(async () => {
    harness = await createHarness();
    root = await harness.as('root');
    owner = await harness.as('ownerA');
  });
  afterAll(async () => {
    await harness.close();
  });

  /** A fresh account, a member of alpha with `role`, logged in. */
  async function member(login: string, role: 'viewer' | 'editor' = 'viewer') {
    const password = `password-of-${login}`;
    const created = await root.post('/api/users', { login, password });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json<{ user: { id: string } }>().user.id;
    expect((await owner.post(`${BASE}/members`, { login, role })).statusCode).toBe(200);
    const client = harness.client();
    expect((await client.login(login, password)).statusCode).toBe(200);
    // Read once, so what authorizes it is kept before access ends.
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(200);
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(200);
    return { client, id, password };
  }

  it('logout', async () => {
    const { client } = await member('logs-out');
    const cookies = new Map(client.cookies);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    client.cookies.clear();
    for (const [name, value] of cookies) client.cookies.set(name, value);
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(401);
  });

  it('a session ended from another device', async () => {
    const { client: phone, password } = await member('two-devices');
    const laptop = harness.client();
    expect((await laptop.login('two-devices', password)).statusCode).toBe(200);
    const sessions = (await laptop.get('/api/me/sessions')).json<{
      sessions: { id: string; current: boolean }[];
    }>().sessions;
    const other = sessions.find((session) => !session.current)!;
    expect((await laptop.delete(`/api/me/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await phone.get(`${BASE}/overview`)).statusCode).toBe(401);
    expect((await laptop.get(`${BASE}/overview`)).statusCode).toBe(200);
  });

  it('a password change ends the other sessions', async () => {
    const { client: phone, password } = await member('changes-password');
    const laptop = harness.client();
    expect((await laptop.login('changes-password', password)).statusCode).toBe(200);
    const changed = await laptop.post('/api/me/password', {
      currentPassword: password,
      newPassword: 'a much longer passphrase 42',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await phone.get(`${BASE}/overview`)).statusCode).toBe(401);
    expect((await laptop.get(`${BASE}/overview`)).statusCode).toBe(200);
  });

  it('an admin resetting the password, and disabling the account', async () => {
    const reset = await member('reset-by-admin');
    expect(
      (await root.patch(`/api/users/${reset.id}`, { password: 'another long passphrase 7' })).statusCode,
    ).toBe(200);
    expect((await reset.client.get(`${BASE}/overview`)).statusCode).toBe(401);

    const disabled = await member('disabled-by-admin');
    expect((await root.patch(`/api/users/${disabled.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await disabled.client.get(`${BASE}/overview`)).statusCode).toBe(401);
  });

  it('deleting the account (sessions, memberships and user in one transaction)', async () => {
    const { client, id } = await member('deleted');
    expect((await root.delete(`/api/users/${id}`)).statusCode).toBe(200);
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(401);
  });

  it('a lower role, a scope, and removal from the workspace', async () => {
    const { client, id } = await member('demoted', 'editor');
    const view = {
      name: 'Spend by channel',
      kpis: ['spend'],
      dimensions: ['channel'],
      from: '2026-02-01',
      to: '2026-02-28',
    };
    const before = await client.post(`${BASE}/views`, view);
    expect(before.statusCode, before.body).toBe(200);
    expect((await owner.patch(`${BASE}/members/${id}`, { role: 'viewer' })).statusCode).toBe(200);
    expect((await client.post(`${BASE}/views`, view)).statusCode).toBe(403);

    const channels = async () =>
      new Set(
        (await client.get(`${BASE}/query?kpis=impressions&dimensions=channel&from=2025-12-01&to=2026-03-31`))
          .json<{ rows: { channel: string }[] }>()
          .rows.map((row) => row.channel),
      );
    expect((await channels()).size).toBeGreaterThan(1);
    const scoped = await owner.put(`${BASE}/members/${id}/scope`, { scope: { channels: ['douyin'] } });
    expect(scoped.statusCode, scoped.body).toBe(200);
    expect([...(await channels())]).toEqual(['douyin']);

    expect((await owner.delete(`${BASE}/members/${id}`)).statusCode).toBe(200);
    const after = await client.get(`${BASE}/overview`);
    expect(after.statusCode).toBe(404);
    expect(errorCode(after)).toBe('workspace_not_found');
  });

  it('a session past its idle end, and a revoked share link', async () => {
    const { client } = await member('idles');
    const created = await owner.post(`${BASE}/share-links`, { label: 'kept', expiresInDays: 30 });
    const { token, link } = created.json<{ token: string; link: { id: string } }>();
    expect((await harness.client().get(`/api/share/${token}/overview`)).statusCode).toBe(200);
    expect((await harness.client().get(`/api/share/${token}/overview`)).statusCode).toBe(200);
    expect((await owner.delete(`${BASE}/share-links/${link.id}`)).statusCode).toBe(200);
    expect(errorCode(await harness.client().get(`/api/share/${token}/overview`))).toBe('share_link_revoked');

    // The idle lifetime is a week: a day short of it passes, a week and a day without use does not.
    harness.clock.advanceDays(6);
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(200);
    harness.clock.advanceDays(8);
    expect((await client.get(`${BASE}/overview`)).statusCode).toBe(401);
  });
});

describe('kept overviews', () => {
  let harness: Harness;
  let editor: TestClient;
  beforeAll(async () => {
    harness = await createHarness({ importAdapter: testCsvAdapter });
    editor = await harness.as('editorA');
  });
  afterAll(async () => {
    await harness.close();
  });

  /** The overview as the use case computes it now, serialised as fastify sends an object. */
  async function fresh(query: Record<string, unknown>): Promise<string> {
    const { services } = harness.server;
    const answer = await answerOverview(await services.registry.context(harness.alpha, services.now), {
      ...query,
      login: 'editora',
    });
    return JSON.stringify(overviewSchema.parse(answer));
  }

  it('sends the same bytes as a fresh computation, with an ETag and 304, until an import changes them', async () => {
    const url = `${BASE}/overview?from=2026-02-01&to=2026-03-31&kpis=impressions,clicks,ctr`;
    const query = { from: '2026-02-01', to: '2026-03-31', kpis: ['impressions', 'clicks', 'ctr'] };
    const kept = harness.server.services.keptAnswers;
    const first = await editor.get(url);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const hitsBefore = kept.hits;
    const second = await editor.get(url);
    expect(kept.hits).toBe(hitsBefore + 1);
    expect(second.body).toBe(first.body);
    expect(first.body).toBe(await fresh(query));
    const etag = String(first.headers.etag);
    expect(second.headers.etag).toBe(etag);
    const unchanged = await editor.request('GET', url, undefined, { headers: { 'if-none-match': etag } });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    const other = await editor.request('GET', url, undefined, { headers: { 'if-none-match': '"other"' } });
    expect(other.statusCode).toBe(200);

    const form = multipart(
      [{ name: 'march.csv', content: 'date,channel,impressions,clicks\n2026-03-05,douyin,1000,30\n' }],
      { platform: 'douyin' },
    );
    const uploaded = await editor.request('POST', `${BASE}/imports`, form.body, {
      headers: { 'content-type': form.contentType },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const id = uploaded.json<{ import: { id: string } }>().import.id;
    expect((await editor.post(`${BASE}/imports/${id}/confirm`)).statusCode).toBe(200);

    const after = await editor.request('GET', url, undefined, { headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toBe(first.body);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body).toBe(await fresh(query));
    const impressions = (body: string) =>
      JSON.parse(body).tiles.find((tile: { kpi: string }) => tile.kpi === 'impressions').value as number;
    expect(impressions(after.body) - impressions(first.body)).toBe(1000);
  });

  it('keeps one answer per question and caller: another window or another caller’s tiles is its own', async () => {
    const owner = await harness.as('ownerA');
    const february = await editor.get(`${BASE}/overview?from=2026-02-01&to=2026-02-28`);
    const january = await editor.get(`${BASE}/overview?from=2026-01-01&to=2026-01-31`);
    expect(january.body).not.toBe(february.body);
    expect(JSON.parse(january.body).period).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    const owners = await owner.get(`${BASE}/overview?from=2026-02-01&to=2026-02-28`);
    expect(owners.body).toBe(february.body);
  });
});
