/**
 * The creator, search-visibility and audience pages for a member scoped to accounts or to
 * campaigns, over the hand-made October of `creators/testing.ts` with each creator's rows given
 * an account and a campaign. The creator pages are checked against the unscoped answer of a
 * second workspace whose rows outside the scope the test deleted itself (and whose search
 * snapshots it deleted, since they carry neither dimension), by hand for the figures that
 * change, and the two refused pages by their code and key.
 */
import { type AccessScope, buildCatalog, MarkpiError, say } from '@markpi/core';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceReport } from '../creators/audiences.js';
import { creatorLeaderboards, creatorPage, rehireCandidates } from '../creators/leaderboard.js';
import { searchVisibilityReport } from '../creators/search.js';
import { FEES, loadCreatorFixture, OCTOBER, PERFORMANCE } from '../creators/testing.js';
import { scopedWorkspace, type WorkspaceContext } from '../workspace.js';
import { scopedCreatorPage } from './creators.js';
import { factHoldsScope } from './facts.js';
import {
  scopedAudiences,
  scopedCreatorLeaderboards,
  scopedRehireCandidates,
  scopedSearchVisibility,
} from './pages.js';

// Each creator's account; kol_a's a2 and kos_c's c1 run in the double11 campaign, the rest in launch.
const ACCOUNT: Record<string, string> = { kol_a: 'xhs_a', kol_b: 'xhs_b', kos_c: 'dy_c', koc_d: 'xhs_d' };
const CAMPAIGN = (content: string) => (content === 'a2' || content === 'c1' ? 'double11' : 'launch');
const NOW = () => new Date('2026-10-06T00:00:00Z');

const ACCOUNTS: AccessScope = { accounts: ['xhs_a', 'dy_c'] };
const CAMPAIGNS: AccessScope = { campaigns: ['double11'] };

async function creatorWorkspace(): Promise<Warehouse> {
  const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await loadCreatorFixture(warehouse);
  for (const [creator, account] of Object.entries(ACCOUNT)) {
    for (const table of ['fact_performance', 'fact_creator_fees'])
      await warehouse.run(
        `UPDATE ${table} SET account = '${account}', campaign = CASE WHEN content IN ('a2', 'c1') THEN 'double11' ELSE 'launch' END WHERE creator = '${creator}'`,
      );
  }
  return warehouse;
}

/** The rows a scope admits, deleted from a workspace of its own by plain SQL: what the scoped answer must equal. */
async function filteredWorkspace(scope: AccessScope): Promise<WorkspaceContext> {
  const warehouse = await creatorWorkspace();
  const inList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
  const keep = (columns: readonly string[]) =>
    (['account', 'campaign'] as const)
      .map((dimension) => {
        const values = scope[`${dimension}s`];
        if (!values) return 'TRUE';
        return columns.includes(dimension) ? `coalesce(${dimension}, '') IN (${inList(values)})` : 'FALSE';
      })
      .join(' AND ');
  await warehouse.run(`DELETE FROM fact_performance WHERE NOT (${keep(['account', 'campaign'])})`);
  await warehouse.run(`DELETE FROM fact_creator_fees WHERE NOT (${keep(['account', 'campaign'])})`);
  await warehouse.run(`DELETE FROM dim_creator_accounts WHERE NOT (${keep(['account'])})`);
  await warehouse.run(`DELETE FROM dim_content WHERE NOT (${keep(['campaign'])})`);
  // Neither search snapshots nor stage sizes carry an account or a campaign.
  await warehouse.run('DELETE FROM fact_search_results');
  return { warehouse, catalog: buildCatalog({}), now: NOW };
}

let whole: WorkspaceContext;
const opened: Warehouse[] = [];

beforeAll(async () => {
  const warehouse = await creatorWorkspace();
  opened.push(warehouse);
  whole = { warehouse, catalog: buildCatalog({}), now: NOW };
});
afterAll(async () => {
  for (const warehouse of opened) await warehouse.close();
});

const SEARCH_METRICS = ['effective_indexed_posts', 'share_of_voice', 'cost_per_indexed_post'] as const;
/** An answer with its search metrics unknown, as a scoped one without search positions says them. */
function searchUnknown(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(searchUnknown);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, entry]) => [
    key,
    (SEARCH_METRICS as readonly string[]).includes(key) ? null : searchUnknown(entry),
  ]);
  return Object.fromEntries(entries);
}

describe.each([
  ['accounts', ACCOUNTS, ['kol_a', 'kos_c']],
  ['campaigns', CAMPAIGNS, ['kol_a', 'kos_c']],
] as const)('a member scoped to %s', (_, scope, inside) => {
  let scoped: WorkspaceContext;
  let filtered: WorkspaceContext;
  beforeAll(async () => {
    scoped = scopedWorkspace(whole, scope);
    filtered = await filteredWorkspace(scope);
    opened.push(filtered.warehouse);
  });

  it('search snapshots and stage sizes can’t hold the scope; performance and fees can', () => {
    expect(factHoldsScope(scoped, 'search_results')).toBe(false);
    expect(factHoldsScope(scoped, 'audience_stages')).toBe(false);
    expect(factHoldsScope(scoped, 'performance')).toBe(true);
    expect(factHoldsScope(scoped, 'creator_fees')).toBe(true);
    // Attributed credit names a campaign but no account.
    expect(factHoldsScope(scoped, 'attributed')).toBe(scope === CAMPAIGNS);
    expect(factHoldsScope(whole, 'search_results')).toBe(true);
  });

  it('leaderboards: the filtered rows’ unscoped boards without KOC, search metrics unknown, a note saying so', async () => {
    const answer = await scopedCreatorLeaderboards(scoped, OCTOBER);
    const expected = await creatorLeaderboards(filtered, OCTOBER);
    expect(answer.boards.map((board) => board.tier)).toEqual(['kol', 'kos']);
    expect(answer.boards).toEqual(searchUnknown(expected.boards.filter((board) => board.tier !== 'koc')));
    const rows = answer.boards.flatMap((board) => [...board.ranked, ...board.belowCut]);
    expect(rows.map((row) => row.creator).sort()).toEqual([...inside]);
    const keys = answer.notes.map((note) => note.key);
    expect(keys).toContain('creators.scope.search_left_out');
    expect(keys.includes('creators.scope.attributed_left_out')).toBe(scope === ACCOUNTS);

    // By hand, from the fixture's rows inside the scope (accounts: every row of kol_a and kos_c;
    // double11: a2 and c1 alone).
    const admits = (row: { creator: string; content: string }) =>
      scope === ACCOUNTS ? inside.includes(row.creator as 'kol_a') : CAMPAIGN(row.content) === 'double11';
    for (const row of rows) {
      const performance = PERFORMANCE.filter((entry) => entry.creator === row.creator && admits(entry));
      const fee = FEES.filter(
        (entry) => entry.creator === row.creator && entry.date >= OCTOBER.from && entry.date <= OCTOBER.to,
      )
        .filter(admits)
        .reduce((total, entry) => total + entry.fee, 0);
      const spend = performance.reduce((total, entry) => total + entry.spend, 0);
      const interactions = performance.reduce(
        (total, entry) => total + entry.likes + entry.comments + entry.shares + entry.saves,
        0,
      );
      expect([row.creator, row.fee, row.spend]).toEqual([row.creator, fee, spend]);
      expect(row.values.cpe).toBeCloseTo((fee + spend) / interactions, 12);
      expect(row.values.effective_indexed_posts).toBeNull();
    }
    // kol_a: accounts — fees 9,000 + a 1,000 boost; double11 — a2's 5,000 fee and its boost.
    const kolA = rows.find((row) => row.creator === 'kol_a');
    expect([kolA?.fee, kolA?.spend]).toEqual(scope === ACCOUNTS ? [9000, 1000] : [5000, 1000]);
  });

  it('re-hire: the scoped boards’ signals, as the filtered rows’ unscoped list without KOC', async () => {
    const answer = await scopedRehireCandidates(scoped, OCTOBER);
    const expected = await rehireCandidates(filtered, OCTOBER);
    expect(answer).toEqual({
      ...expected,
      creators: searchUnknown(expected.creators.filter((row) => row.tier !== 'koc')),
    });
  });

  it('a creator’s page: the filtered rows’ unscoped page, without keywords, search metrics or (for accounts) credit', async () => {
    const page = await scopedCreatorPage(scoped, 'kol_a', OCTOBER);
    const expected = await creatorPage(filtered, 'kol_a', OCTOBER);
    const { notes, ...rest } = page;
    expect(rest).toEqual({
      ...(searchUnknown(expected) as typeof expected),
      // The home platform (xiaohongshu) is a whole channel: outside a scope of accounts or campaigns.
      creator: { ...expected.creator, channel: null, followers: null },
      keywords: [],
      attributed: null,
    });
    expect(page.creator.accounts.map((account) => account.account)).toEqual(
      scope === ACCOUNTS ? ['xhs_a'] : [],
    );
    expect(page.cost.fee).toBe(scope === ACCOUNTS ? 9000 : 5000);
    expect(notes?.map((note) => note.key)).toContain('creators.scope.search_left_out');
    // The unscoped page of the whole workspace has keywords: they are what is left out.
    expect((await creatorPage(whole, 'kol_a', OCTOBER)).keywords.length).toBeGreaterThan(0);
    // kol_b has no row inside either scope: not found, as an unknown creator.
    await expect(scopedCreatorPage(scoped, 'kol_b', OCTOBER)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('search visibility and audiences: refused with outside_scope and the key naming what is not kept', async () => {
    for (const [run, key] of [
      [() => scopedSearchVisibility(scoped, OCTOBER), 'access.search_not_kept'],
      [() => scopedAudiences(scoped, OCTOBER), 'access.audiences_not_kept'],
    ] as const) {
      const error = await run().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(MarkpiError);
      const refusal = error as MarkpiError;
      expect([refusal.code, refusal.said?.key]).toEqual(['outside_scope', key]);
      expect(refusal.said?.params).toEqual({ values: scope.accounts ?? scope.campaigns });
      expect(refusal.message).toContain('not kept per account or campaign');
      expect(say(refusal.said!, 'zh')).toMatch(/^你的访问范围仅限 .+不按账号或活动记录/);
    }
  });
});

describe('an unscoped caller and a scope of channels', () => {
  it('get the use cases’ own answers, with no note', async () => {
    expect(await scopedCreatorLeaderboards(whole, OCTOBER)).toEqual(
      await creatorLeaderboards(whole, OCTOBER),
    );
    expect(await scopedRehireCandidates(whole, OCTOBER)).toEqual(await rehireCandidates(whole, OCTOBER));
    expect(await scopedSearchVisibility(whole, OCTOBER)).toEqual(
      await searchVisibilityReport(whole, OCTOBER),
    );
    expect(await scopedAudiences(whole, OCTOBER)).toEqual(await audienceReport(whole, OCTOBER));
    const xiaohongshu = scopedWorkspace(whole, { channels: ['xiaohongshu'] });
    const boards = await scopedCreatorLeaderboards(xiaohongshu, OCTOBER);
    expect(boards.boards.map((board) => board.tier)).toEqual(['kol', 'kos', 'koc']);
    expect(boards.notes.map((note) => note.key)).not.toContain('creators.scope.search_left_out');
    expect((await scopedSearchVisibility(xiaohongshu, OCTOBER)).keywords.length).toBeGreaterThan(0);
  });
});
