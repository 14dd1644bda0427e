/**
 * The data range a scoped member and a scoped share link are told (the workspace's detail, the
 * link's page) and where their default windows end: the scope's own, checked against SQL written
 * here over every fact table that names a channel, and against the unscoped caller's.
 */
import { FACT_TABLES } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestClient } from '../testing/harness.js';

const BASE = '/api/workspaces/alpha';
type Range = { from: string; to: string } | null;

describe('the data range a scope sees', () => {
  let harness: Harness;
  let owner: TestClient;
  let member: TestClient;

  beforeAll(async () => {
    harness = await createHarness();
    owner = await harness.as('ownerA');
    const root = await harness.as('root');
    await root.post('/api/users', { login: 'meta-viewer', password: 'password-of-meta-viewer' });
    const added = await owner.post(`${BASE}/members`, {
      login: 'meta-viewer',
      role: 'viewer',
      scope: { channels: ['meta'] },
    });
    expect(added.statusCode, added.body).toBe(200);
    member = harness.client();
    expect((await member.login('meta-viewer', 'password-of-meta-viewer')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await harness.close();
  });

  /** The first and last day of Meta's rows, over every fact table that names a channel. */
  async function metaRange(): Promise<Range> {
    const warehouse = await harness.server.services.registry.warehouse(harness.alpha);
    const firsts: string[] = [];
    const lasts: string[] = [];
    for (const table of FACT_TABLES) {
      const names = table.columns.map((column) => column.name);
      if (!names.includes('channel')) continue;
      const last = names.includes('period_end') ? 'period_end' : 'date';
      const [row] = await warehouse.query(
        `SELECT strftime(min(date), '%Y-%m-%d') AS first_day, strftime(max(${last}), '%Y-%m-%d') AS last_day FROM ${table.name} WHERE channel = 'meta'`,
      );
      if (typeof row?.first_day === 'string') firsts.push(row.first_day);
      if (typeof row?.last_day === 'string') lasts.push(row.last_day);
    }
    const from = firsts.sort()[0];
    const to = lasts.sort().at(-1);
    return from && to ? { from, to } : null;
  }

  it('is the scope’s own in the workspace’s detail and a scoped link’s page, and ends its windows', async () => {
    const whole = (await owner.get(BASE)).json<{ workspace: { dataRange: Range } }>().workspace.dataRange;
    const scoped = (await member.get(BASE)).json<{ workspace: { dataRange: Range } }>().workspace.dataRange;
    const expected = await metaRange();
    expect(expected).not.toBeNull();
    expect(scoped).toEqual(expected);
    // The demo's channels end on different days: Meta's range is not the workspace's.
    expect(scoped).not.toEqual(whole);

    const link = await owner.post(`${BASE}/share-links`, { label: 'meta', scope: { channels: ['meta'] } });
    const token = link.json<{ token: string }>().token;
    expect(
      (await harness.client().get(`/api/share/${token}`)).json<{ dataRange: Range }>().dataRange,
    ).toEqual(expected);

    // Freshness and the overview's default window end within Meta's data.
    const freshness = (await member.get(`${BASE}/freshness`)).json<{ lastDay: string; windowEnd: string }>();
    expect(freshness.lastDay).toBe(expected?.to);
    expect(freshness.windowEnd <= (expected?.to ?? '')).toBe(true);
  });
});
