/**
 * The data range and freshness dates a scoped caller sees: the scope's own. Three platform
 * accounts report daily — Douyin's dy1 through 25 January, dy2 through 22 January, Xiaohongshu's
 * xhs1 through 20 January — with a Douyin period report running to 27 January and follower
 * snapshots of xhs1 from December. Checked against a brute force over the rows the test wrote and
 * by hand: the whole workspace's window ends on 20 January (the slowest daily source), a Douyin
 * member's on 22 January (Douyin's slowest), dy1's member's on 25 January.
 */
import { type AccessScope, addDays, buildCatalog, rowInScope } from '@markpi/core';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWindow, lastDayWithData, scopedWorkspace, type WorkspaceContext } from '../workspace.js';
import { scopedFreshness } from './monitor.js';
import { scopeDataRange } from './range.js';

interface Row {
  date: string;
  last: string;
  channel: string;
  account: string;
  campaign: string | null;
  table: 'fact_performance' | 'fact_performance_periods' | 'fact_followers';
}

/** Every day from `from` through `to` for one account, each with a campaign by the day's parity. */
function daily(channel: string, account: string, from: string, to: string): Row[] {
  const rows: Row[] = [];
  for (let date = from; date <= to; date = addDays(date, 1))
    rows.push({
      date,
      last: date,
      channel,
      account,
      campaign: Number(date.slice(-2)) % 2 === 0 ? 'even' : 'odd',
      table: 'fact_performance',
    });
  return rows;
}

const ROWS: Row[] = [
  ...daily('douyin', 'dy1', '2025-12-01', '2026-01-25'),
  ...daily('douyin', 'dy2', '2025-12-05', '2026-01-22'),
  ...daily('xiaohongshu', 'xhs1', '2025-11-20', '2026-01-20'),
  {
    date: '2026-01-01',
    last: '2026-01-27',
    channel: 'douyin',
    account: 'dy2',
    campaign: 'launch',
    table: 'fact_performance_periods',
  },
  // Follower snapshots carry no campaign: inside a scope of channels or accounts, never of campaigns.
  {
    date: '2025-11-02',
    last: '2025-11-02',
    channel: 'xiaohongshu',
    account: 'xhs1',
    campaign: null,
    table: 'fact_followers',
  },
];

/** The scope's range from the rows alone: a row lies inside when its table carries every scoped dimension and its values are in. */
function bruteForce(scope: AccessScope): { from: string; to: string } | null {
  const inside = ROWS.filter(
    (row) =>
      !(row.table === 'fact_followers' && (scope.campaigns?.length ?? 0) > 0) &&
      rowInScope(scope, { channel: row.channel, account: row.account, campaign: row.campaign }),
  );
  if (inside.length === 0) return null;
  return {
    from: inside.map((row) => row.date).sort()[0]!,
    to: inside
      .map((row) => row.last)
      .sort()
      .at(-1)!,
  };
}

let warehouse: Warehouse;
let whole: WorkspaceContext;

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  for (const table of ['fact_performance', 'fact_performance_periods'] as const) {
    const rows = ROWS.filter((row) => row.table === table);
    await warehouse.append(table, {
      rowCount: rows.length,
      columns: {
        date: rows.map((row) => row.date),
        ...(table === 'fact_performance_periods' ? { period_end: rows.map((row) => row.last) } : {}),
        channel: rows.map((row) => row.channel),
        account: rows.map((row) => row.account),
        campaign: rows.map((row) => row.campaign),
        spend: rows.map(() => 10),
        import_id: rows.map(() => 'test'),
      },
    });
  }
  const followers = ROWS.filter((row) => row.table === 'fact_followers');
  await warehouse.append('fact_followers', {
    rowCount: followers.length,
    columns: {
      date: followers.map((row) => row.date),
      channel: followers.map((row) => row.channel),
      account: followers.map((row) => row.account),
      followers: followers.map(() => 1000),
      import_id: followers.map(() => 'test'),
    },
  });
  whole = { warehouse, catalog: buildCatalog({}), now: () => new Date('2026-01-28T04:00:00Z') };
});
afterAll(async () => {
  await warehouse.close();
});

const SCOPES: AccessScope[] = [
  { channels: ['douyin'] },
  { channels: ['xiaohongshu'] },
  { channels: ['douyin', 'xiaohongshu'] },
  { accounts: ['dy1'] },
  { accounts: ['dy2', 'xhs1'] },
  { campaigns: ['launch'] },
  { campaigns: ['even'] },
  { channels: ['douyin'], campaigns: ['odd'] },
  { channels: ['meta'] },
];

describe('a scope’s data range', () => {
  it('is the range of the rows inside it, for every scope, against a brute force over the rows', async () => {
    for (const scope of SCOPES)
      expect([scope, await scopeDataRange(warehouse, scope)]).toEqual([scope, bruteForce(scope)]);
    // By hand: Douyin from dy1's first day through the period report's end; no row of Meta.
    expect(await scopeDataRange(warehouse, { channels: ['douyin'] })).toEqual({
      from: '2025-12-01',
      to: '2026-01-27',
    });
    expect(await scopeDataRange(warehouse, { channels: ['meta'] })).toBeNull();
    // Unscoped: the workspace's, the follower snapshot first.
    expect(await scopeDataRange(warehouse, null)).toEqual({ from: '2025-11-02', to: '2026-01-27' });
  });

  it('ends a scoped caller’s default window on the scope’s last complete day, not the workspace’s', async () => {
    const ends = async (scope: AccessScope | null) => {
      const workspace = scopedWorkspace(whole, scope);
      const freshness = await scopedFreshness(workspace);
      return {
        lastDay: await lastDayWithData(workspace),
        window: await defaultWindow(workspace),
        freshness: [freshness.lastDay, freshness.completeThrough, freshness.windowEnd],
        sources: freshness.sources.map((source) => source.source),
      };
    };
    // The workspace waits for xhs1 (20 January); Douyin for dy2 (22 January); dy1 for itself.
    expect(await ends(null)).toMatchObject({
      lastDay: '2026-01-20',
      freshness: ['2026-01-27', '2026-01-20', '2026-01-20'],
    });
    expect(await ends({ channels: ['douyin'] })).toEqual({
      lastDay: '2026-01-22',
      window: { from: '2025-12-24', to: '2026-01-22' },
      freshness: ['2026-01-27', '2026-01-22', '2026-01-22'],
      sources: ['douyin/dy1', 'douyin/dy2'],
    });
    expect(await ends({ accounts: ['dy1'] })).toMatchObject({
      lastDay: '2026-01-25',
      freshness: ['2026-01-25', '2026-01-25', '2026-01-25'],
      sources: ['douyin/dy1'],
    });
    // No source carries a campaign: a campaign's window ends on its last day with data.
    expect(await ends({ campaigns: ['odd'] })).toMatchObject({
      lastDay: '2026-01-25',
      sources: [],
    });
  });
});
