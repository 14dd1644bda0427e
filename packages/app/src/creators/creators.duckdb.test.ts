/**
 * Creators, search visibility and audiences over a DuckDB workspace: the hand-made October of
 * `testing.ts`, every figure worked out in the comments, and each creator's KPIs computed again
 * here straight from the fixture's rows.
 */
import { buildCatalog, sayCreators } from '@markpi/core';
import { bytesSource } from '@markpi/importers';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceContext } from '../workspace.js';
import { audienceReport } from './audiences.js';
import { creatorLeaderboards, creatorPage, rehireCandidates } from './leaderboard.js';
import { registeredAccounts, registeredCreators } from './registry.js';
import { importCreatorRoster } from './roster.js';
import { searchVisibilityReport } from './search.js';
import { FEES, loadCreatorFixture, OCTOBER, PERFORMANCE, SEARCH } from './testing.js';

let warehouse: Warehouse;
let workspace: WorkspaceContext;

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await loadCreatorFixture(warehouse);
  workspace = { warehouse, catalog: buildCatalog({}), now: () => new Date('2026-10-06T00:00:00Z') };
});
afterAll(async () => {
  await warehouse.close();
});

/** Each creator's KPIs from the fixture's rows, without the planner. */
function bruteForce(creator: string) {
  const rows = PERFORMANCE.filter((row) => row.creator === creator);
  const sum = (pick: (row: (typeof rows)[number]) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  const interactions = sum((row) => row.likes + row.comments + row.shares + row.saves);
  const fee = FEES.filter(
    (row) => row.creator === creator && row.date >= OCTOBER.from && row.date <= OCTOBER.to,
  ).reduce((total, row) => total + row.fee, 0);
  const likesByPost = new Map<string, number>();
  for (const row of rows) likesByPost.set(row.content, (likesByPost.get(row.content) ?? 0) + row.likes);
  const posts = [...likesByPost.values()];
  const own = SEARCH.filter((row) => row.creator === creator);
  const top10 = SEARCH.filter((row) => row.rank <= 10).length;
  return {
    cpe: (fee + sum((row) => row.spend)) / interactions,
    engagement_rate: sum((row) => row.engaged_users) / sum((row) => row.reach),
    viral_rate: posts.filter((likes) => likes >= 1000).length / posts.length,
    viral_rate_5k: posts.filter((likes) => likes >= 5000).length / posts.length,
    effective_indexed_posts: new Set(own.map((row) => row.content)).size,
    share_of_voice: own.filter((row) => row.rank <= 10 && row.positive).length / top10,
  };
}

describe('creator leaderboards', () => {
  it('judges KOLs by CPE on fees plus boosts, and viral rates over the whole period', async () => {
    const { boards } = await creatorLeaderboards(workspace, { ...OCTOBER, tier: 'kol' });
    const [kol] = boards;
    // kol_a: fees 9,000 + boost 1,000 over 1,400 + 6,000 + 600 interactions = 1.25;
    // a1's 1,200 likes make it viral at 1,000 though no day reached it; a2's 5,500 at 5,000.
    expect(kol!.ranked.map((row) => [row.creator, row.rank, row.cost, row.result])).toEqual([
      ['kol_a', 1, 10_000, 8000],
      ['kol_b', 2, 4000, 1000],
    ]);
    const a = kol!.ranked[0]!.values;
    expect(a.cpe).toBe(1.25);
    expect(a.engagement_rate).toBeCloseTo(0.04, 12);
    expect(a.viral_rate).toBeCloseTo(2 / 3, 12);
    expect(a.viral_rate_5k).toBeCloseTo(1 / 3, 12);
    for (const row of kol!.ranked) {
      const expected = bruteForce(row.creator);
      for (const metric of ['cpe', 'engagement_rate', 'viral_rate', 'viral_rate_5k'] as const)
        expect(row.values[metric]).toBeCloseTo(expected[metric], 12);
    }
    // Medians of two: CPE (1.25 + 4) / 2; kol_a beats every one over three posts, kol_b has one post.
    expect(kol!.medians.cpe).toBeCloseTo(2.625, 12);
    expect(kol!.ranked[0]!.rehire.signal).toBe(true);
    expect(kol!.ranked[1]!.rehire.reason.key).toBe('creators.rehire.few_posts');
  });

  it('leaves a creator under the minimum spend unranked', async () => {
    const { boards } = await creatorLeaderboards(workspace, { ...OCTOBER, tier: 'kol', minSpend: 5000 });
    expect(boards[0]!.ranked.map((row) => row.creator)).toEqual(['kol_a']);
    expect(boards[0]!.belowCut.map((row) => [row.creator, row.rank])).toEqual([['kol_b', null]]);
    expect(sayCreators(boards[0]!.notes[0]!, 'zh')).toBe('1 位达人期间花费低于 5,000：列出但不参与排名');
  });

  it('judges KOS by completion and saves, KOC by indexed posts and top-ten share', async () => {
    const { boards } = await creatorLeaderboards(workspace, OCTOBER);
    expect(boards.map((board) => board.tier)).toEqual(['kol', 'kos', 'koc']);
    const kos = boards[1]!.ranked[0]!;
    // c1: 1,000 + 1,000 views; 600 + 400 past 5 s; 200 + 100 past half; 50 + 30 saves.
    expect(kos.values).toMatchObject({ completion_rate_5s: 0.5, completion_rate_50: 0.15, save_rate: 0.04 });
    expect(kos.values.cpe).toBeCloseTo(2000 / 280, 12);
    const koc = boards[2]!.ranked[0]!;
    // d1 and d2 indexed; d1 positive in the top ten twice, of 30 top-ten results on xiaohongshu.
    expect(koc.values.effective_indexed_posts).toBe(2);
    expect(koc.values.share_of_voice).toBeCloseTo(2 / 30, 12);
    expect(koc.values.cost_per_indexed_post).toBe(300);
    const expected = bruteForce('koc_d');
    expect(koc.values.effective_indexed_posts).toBe(expected.effective_indexed_posts);
    expect(koc.values.share_of_voice).toBeCloseTo(expected.share_of_voice, 12);
    expect(boards[0]!.ranked[0]!.values.share_of_voice).toBeCloseTo(bruteForce('kol_a').share_of_voice, 12);
  });

  it('keeps to one platform when asked, its fees too', async () => {
    const { boards } = await creatorLeaderboards(workspace, { ...OCTOBER, channel: 'douyin' });
    expect(boards.flatMap((board) => board.ranked.map((row) => [row.creator, row.cost]))).toEqual([
      ['kos_c', 2000],
    ]);
  });

  it('lists the creators with a re-hire signal', async () => {
    const list = await rehireCandidates(workspace, OCTOBER);
    expect(list.creators.map((row) => row.creator)).toEqual(['kol_a']);
  });

  it('rejects a KPI the tier is not judged by', async () => {
    await expect(creatorLeaderboards(workspace, { ...OCTOBER, tier: 'koc', sortBy: 'cpe' })).rejects.toThrow(
      /not judged by cpe/,
    );
  });
});

describe('a creator’s page', () => {
  it('shows every post with its fee, the daily curve and cost against fee', async () => {
    const page = await creatorPage(workspace, 'kol_a', OCTOBER);
    expect(page.creator.label).toBe('A姐');
    expect(page.posts.map((post) => [post.content, post.title, post.fee, post.spend, post.likes])).toEqual([
      ['a3', '空瓶记', 1000, 0, 400],
      ['a2', 'A醇测评', 5000, 1000, 5500],
      ['a1', '早C晚A', 3000, 0, 1200],
    ]);
    // a2: (5,000 + 1,000) / 6,000 interactions.
    expect(page.posts[1]!.cpe).toBe(1);
    expect(page.curve.map((point) => [point.date, point.likes])).toEqual([
      ['2026-10-01', 600],
      ['2026-10-02', 600],
      ['2026-10-03', 3000],
      ['2026-10-04', 2500],
      ['2026-10-05', 400],
    ]);
    expect(page.cost).toEqual({
      fee: 9000,
      spend: 1000,
      total: 10_000,
      bySource: [
        { source: 'agency_invoice', fee: 1000 },
        { source: 'pugongying', fee: 8000 },
      ],
    });
    expect(page.standing?.rank).toBe(1);
    expect(page.attributed).toBeNull();
  });

  it('shows where a KOC’s posts rank, per keyword', async () => {
    const page = await creatorPage(workspace, 'koc_d', OCTOBER);
    // A醇: d1 first on both days and d2 fifth on the 2nd (not positive): 3 of 20 top-ten
    // results, 2 positive; 精华推荐: d1 eleventh, indexed but outside the top ten.
    expect(page.keywords).toEqual([
      {
        channel: 'xiaohongshu',
        keyword: 'A醇',
        indexedPosts: 2,
        top10Results: 3,
        ownPositiveTop10: 2,
        keywordTop10: 20,
        top10Share: 0.15,
        shareOfVoice: 0.1,
      },
      {
        channel: 'xiaohongshu',
        keyword: '精华推荐',
        indexedPosts: 1,
        top10Results: 0,
        ownPositiveTop10: 0,
        keywordTop10: 10,
        top10Share: 0,
        shareOfVoice: 0,
      },
    ]);
  });

  it('says when a creator is unknown', async () => {
    await expect(creatorPage(workspace, 'nobody', OCTOBER)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('search visibility', () => {
  it('gives indexed posts, top-ten share, its trend and the positions each creator holds', async () => {
    const report = await searchVisibilityReport(workspace, OCTOBER);
    const [acid, essence] = report.keywords;
    // A醇: own positive in the top ten d1 + a2 on 1 October, d1 on the 2nd: 3 of 20.
    expect(acid).toMatchObject({
      channel: 'xiaohongshu',
      keyword: 'A醇',
      snapshots: 2,
      indexedPosts: 4,
      top10Results: 20,
      ownPositiveTop10: 3,
    });
    expect(acid!.shareOfVoice).toBeCloseTo(0.15, 12);
    // 20% then 10%: −10 points a day, −70 a week.
    expect(acid!.trendPerWeek).toBeCloseTo(-0.7, 12);
    expect(
      acid!.holders.map((holder) => [
        holder.creator,
        holder.label,
        holder.top10Results,
        holder.averagePositions,
      ]),
    ).toEqual([
      ['koc_d', 'D同学', 3, 1.5],
      ['kol_a', 'A姐', 1, 0.5],
    ]);
    expect(essence).toMatchObject({ keyword: '精华推荐', shareOfVoice: 0, indexedPosts: 1, holders: [] });
  });
});

describe('O-5A audiences', () => {
  it('gives stage changes, transfers to A3 and the pool’s growth before the promotion', async () => {
    const report = await audienceReport(workspace, { from: '2026-10-01', to: '2026-10-02', days: 1 });
    expect(report.total.flows).toEqual([
      { from: 'a1', to: 'a3', users: 50, rate: 0.05 },
      { from: 'a2', to: 'a3', users: 30, rate: 0.06 },
      { from: 'a1_a2', to: 'a3', users: 80, rate: 80 / 1500 },
    ]);
    expect(report.total.a3).toEqual({ inflow: 80, otherNet: -20 });
    expect(report.channels.map((entry) => entry.channel)).toEqual(['xiaohongshu']);
    expect(report.series.filter((point) => point.stage === 'a3')).toEqual([
      { date: '2026-10-01', stage: 'a3', users: 225 },
      { date: '2026-10-02', stage: 'a3', users: 260 },
    ]);
    // 双11 starts 3 October: A3 260 on the 2nd against 225 on the 1st.
    expect(report.promotions.map((entry) => [entry.campaign, entry.growth.before.growth])).toEqual([
      ['double11', 35],
    ]);
    expect(report.promotions[0]!.growth.previous).toMatchObject({ start: 200, end: 225, growth: 25 });
  });

  it('agrees with the catalog’s flow rate', async () => {
    const { answerKpiQuery } = await import('../query.js');
    const answer = await answerKpiQuery(workspace, {
      kpis: ['audience_flow_rate'],
      from: '2026-10-01',
      to: '2026-10-02',
    });
    const report = await audienceReport(workspace, { from: '2026-10-01', to: '2026-10-02' });
    expect(answer.result.rows[0]!.audience_flow_rate).toBeCloseTo(report.total.flows[2]!.rate!, 12);
  });
});

describe('tier rules from the workspace file', () => {
  it('reclassify creators by followers, the rest keeping the registry’s tier', async () => {
    // kol_b has 300,000 followers: a KOL by the registry, a KOC under a 400,000 line.
    const ruled: WorkspaceContext = {
      ...workspace,
      catalog: buildCatalog({
        creator_tiers: [
          { tier: 'kol', minFollowers: 400_000 },
          { tier: 'koc', minFollowers: 100_000 },
        ],
      }),
    };
    const { boards } = await creatorLeaderboards(ruled, OCTOBER);
    const tierOf = (creator: string) =>
      boards.find((board) => board.ranked.some((row) => row.creator === creator))?.tier;
    expect(tierOf('kol_a')).toBe('kol');
    expect(tierOf('kol_b')).toBe('koc');
    // 80,000 and 3,000 followers: no rule, so the registry's KOS and KOC.
    expect(tierOf('kos_c')).toBe('kos');
    expect(tierOf('koc_d')).toBe('koc');
    expect(() =>
      buildCatalog({ creator_tiers: [{ tier: 'kol', minFollowers: 9, maxFollowers: 1 }] }),
    ).toThrow(/1 problem/);
  });
});

describe('the registry', () => {
  it('classifies by content type when a tier rule names one, before the follower lines', async () => {
    const ruled: WorkspaceContext = {
      ...workspace,
      catalog: buildCatalog({
        creator_tiers: [
          { tier: 'kos', contentTypes: ['sales', 'expert'] },
          { tier: 'kol', minFollowers: 100_000 },
          { tier: 'koc' },
        ],
      }),
    };
    const { boards } = await creatorLeaderboards(ruled, OCTOBER);
    const tierOf = (creator: string) =>
      boards.find((board) => board.ranked.some((row) => row.creator === creator))?.tier;
    // kol_b has 300,000 followers and teaches (expert): the content-type rule comes first.
    expect([tierOf('kol_a'), tierOf('kol_b'), tierOf('kos_c'), tierOf('koc_d')]).toEqual([
      'kol',
      'kos',
      'kos',
      'koc',
    ]);
  });

  it('reads a creator’s category, agency, content type and accounts, the most followed first', async () => {
    const creators = await registeredCreators(workspace, ['kol_b', 'koc_d']);
    expect(creators.get('kol_b')).toMatchObject({
      category: '美妆护肤',
      agency: '星辰MCN',
      contentType: 'expert',
    });
    expect(creators.get('koc_d')).toMatchObject({ category: null, agency: null, contentType: null });
    expect(await registeredAccounts(workspace, 'kol_a')).toEqual([
      {
        channel: 'xiaohongshu',
        account: 'xhs_a',
        accountName: 'A姐',
        followers: 500_000,
        link: 'https://www.xiaohongshu.com/user/profile/xhs_a',
      },
      { channel: 'douyin', account: 'dy_a', accountName: 'A姐', followers: 120_000, link: null },
    ]);
    expect(await registeredAccounts(workspace, 'koc_d')).toEqual([]);
    const page = await creatorPage(workspace, 'kos_c', OCTOBER);
    expect(page.creator).toMatchObject({ category: '成分党', agency: null, contentType: 'sales' });
  });
});

describe('a creator roster', () => {
  it('is classified by the workspace’s tier rules', async () => {
    const fresh = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      const ruled: WorkspaceContext = {
        ...workspace,
        warehouse: fresh,
        catalog: buildCatalog({ creator_tiers: [{ tier: 'koc', maxFollowers: 1_000_000 }, { tier: 'kol' }] }),
      };
      const roster = bytesSource(
        'roster.csv',
        new TextEncoder().encode(
          '达人ID,达人昵称,平台,平台账号,粉丝数\nC1,甲,抖音,c1_dy,80万\nC2,乙,小红书,c2_xhs,120万\n',
        ),
      );
      const report = await importCreatorRoster(ruled, roster);
      expect(report.creatorsAdded).toBe(2);
      const tiers = await registeredCreators(ruled);
      // 800,000 is under this workspace's million-follower line; the default rules would say KOL.
      expect([tiers.get('C1')?.tier, tiers.get('C2')?.tier]).toEqual(['koc', 'kol']);
    } finally {
      await fresh.close();
    }
  });
});
