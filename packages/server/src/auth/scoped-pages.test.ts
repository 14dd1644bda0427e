/**
 * The creator pages, search visibility and audiences over HTTP for a member scoped to an account
 * and one scoped to a campaign: the creator pages answer (their search figures left out, said in
 * a note), search visibility and audiences answer 403 `outside_scope` with the key naming what is
 * not kept, in English and Chinese — none of them 400 `invalid_query`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const BASE = '/api/workspaces/alpha';
const WINDOW = 'from=2025-12-01&to=2026-03-31';

describe('creators, search visibility and audiences for a scope of accounts or campaigns', () => {
  let harness: Harness;
  const members: Record<string, TestClient> = {};

  beforeAll(async () => {
    harness = await createHarness();
    const owner = await harness.as('ownerA');
    const root = await harness.as('root');
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    const [row] = await warehouse.query(
      `SELECT account, campaign FROM fact_performance WHERE account IS NOT NULL AND campaign IS NOT NULL LIMIT 1`,
    );
    const scopes = {
      account: { accounts: [String(row?.account)] },
      campaign: { campaigns: [String(row?.campaign)] },
    };
    for (const [kind, scope] of Object.entries(scopes)) {
      const login = `${kind}-viewer`;
      await root.post('/api/users', { login, password: `password-of-${login}` });
      const added = await owner.post(`${BASE}/members`, { login, role: 'viewer', scope });
      expect(added.statusCode, added.body).toBe(200);
      const client = harness.client();
      expect((await client.login(login, `password-of-${login}`)).statusCode).toBe(200);
      members[kind] = client;
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  it('answers the creator pages with a note and refuses the rest with outside_scope and its key', async () => {
    for (const [kind, member] of Object.entries(members)) {
      const boards = await member.get(`${BASE}/creators?${WINDOW}`);
      expect(boards.statusCode, `${kind}: ${boards.body}`).toBe(200);
      const notes = boards.json<{ notes: { key: string }[] }>().notes.map((note) => note.key);
      expect(notes).toContain('creators.scope.search_left_out');
      expect(boards.json<{ boards: { tier: string }[] }>().boards.map((board) => board.tier)).not.toContain(
        'koc',
      );
      expect((await member.get(`${BASE}/creators/rehire?${WINDOW}`)).statusCode).toBe(200);
      // A creator is found or not found — never an invalid question.
      expect([200, 404]).toContain((await member.get(`${BASE}/creators/cr1?${WINDOW}`)).statusCode);
      for (const [page, key] of [
        ['search-visibility', 'access.search_not_kept'],
        ['audiences', 'access.audiences_not_kept'],
      ] as const) {
        const refused = await member.get(`${BASE}/${page}?${WINDOW}`);
        expect([kind, page, refused.statusCode]).toEqual([kind, page, 403]);
        expect(refused.json().error).toMatchObject({ code: 'outside_scope', said: { key } });
        const chinese = await member.request('GET', `${BASE}/${page}?${WINDOW}`, undefined, {
          headers: { 'accept-language': 'zh-CN' },
        });
        expect(chinese.json().error.message).toMatch(/不按账号或活动记录/);
      }
    }
  });
});
