/**
 * Tests only: a small October 2026 of creators, posts, fees, search-result snapshots and O-5A
 * stage sizes whose every figure is worked out by hand in the tests that load it.
 *
 *   kol_a  KOL, xiaohongshu, posts a1 a2 a3; fees 3,000 + 5,000 + 1,000, a 1,000 boost on a2
 *          a1 600 + 600 likes on two days (1,200: viral at 1,000 over the period, on no day)
 *          a2 3,000 + 2,500 likes (5,500: viral at 5,000); a3 400 likes
 *   kol_b  KOL, xiaohongshu, post b1 (900 likes); fee 4,000
 *   kos_c  KOS, douyin, post c1 over two days; fee 2,000
 *   koc_d  KOC, xiaohongshu, posts d1 d2; fees 300 + 300
 *
 * Search on xiaohongshu: 'A醇' on 1 and 2 October, '精华推荐' on 1 October (ranks 1–12 kept).
 * O-5A on xiaohongshu, 30 September to 2 October; a promotion starts 3 October.
 */
import type { Warehouse } from '@markpi/store';

export const OCTOBER = { from: '2026-10-01', to: '2026-10-05' } as const;

export interface PerformanceRow {
  date: string;
  channel: string;
  creator: string;
  creator_tier: string;
  content: string;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  spend: number;
  reach: number;
  engaged_users: number;
  video_views: number;
  views_5s: number;
  views_50pct: number;
}

const post = (
  date: string,
  creator: string,
  tier: string,
  content: string,
  figures: Partial<PerformanceRow>,
  channel = 'xiaohongshu',
): PerformanceRow => ({
  date,
  channel,
  creator,
  creator_tier: tier,
  content,
  likes: 0,
  comments: 0,
  shares: 0,
  saves: 0,
  spend: 0,
  reach: 10_000,
  engaged_users: 400,
  video_views: 0,
  views_5s: 0,
  views_50pct: 0,
  ...figures,
});

export const PERFORMANCE: readonly PerformanceRow[] = [
  post('2026-10-01', 'kol_a', 'kol', 'a1', { likes: 600, comments: 50, saves: 100 }),
  post('2026-10-02', 'kol_a', 'kol', 'a1', { likes: 600, comments: 50 }),
  post('2026-10-03', 'kol_a', 'kol', 'a2', { likes: 3000, comments: 200, saves: 200, spend: 1000 }),
  post('2026-10-04', 'kol_a', 'kol', 'a2', { likes: 2500, comments: 100 }),
  post('2026-10-05', 'kol_a', 'kol', 'a3', { likes: 400, shares: 200 }),
  post('2026-10-02', 'kol_b', 'kol', 'b1', { likes: 900, comments: 100, reach: 20_000 }),
  post(
    '2026-10-01',
    'kos_c',
    'kos',
    'c1',
    { likes: 100, saves: 50, video_views: 1000, views_5s: 600, views_50pct: 200 },
    'douyin',
  ),
  post(
    '2026-10-02',
    'kos_c',
    'kos',
    'c1',
    { likes: 100, saves: 30, video_views: 1000, views_5s: 400, views_50pct: 100 },
    'douyin',
  ),
  post('2026-10-01', 'koc_d', 'koc', 'd1', { likes: 50 }),
];

export const FEES = [
  { date: '2026-10-01', creator: 'kol_a', content: 'a1', fee: 3000, fee_source: 'pugongying' },
  { date: '2026-10-03', creator: 'kol_a', content: 'a2', fee: 5000, fee_source: 'pugongying' },
  { date: '2026-10-05', creator: 'kol_a', content: 'a3', fee: 1000, fee_source: 'agency_invoice' },
  { date: '2026-10-02', creator: 'kol_b', content: 'b1', fee: 4000, fee_source: 'pugongying' },
  { date: '2026-10-01', creator: 'kos_c', content: 'c1', fee: 2000, fee_source: 'xingtu' },
  { date: '2026-10-01', creator: 'koc_d', content: 'd1', fee: 300, fee_source: 'contract' },
  { date: '2026-10-02', creator: 'koc_d', content: 'd2', fee: 300, fee_source: 'contract' },
  // Outside the window: never counted.
  { date: '2026-09-20', creator: 'kol_b', content: 'b0', fee: 9999, fee_source: 'pugongying' },
];

export interface SearchRow {
  date: string;
  keyword: string;
  rank: number;
  content: string | null;
  creator: string | null;
  tier: string | null;
  positive: boolean;
}

const page = (
  date: string,
  keyword: string,
  own: Record<number, [content: string, creator: string, tier: string, positive: boolean]>,
): SearchRow[] =>
  Array.from({ length: 12 }, (_, index) => {
    const rank = index + 1;
    const mine = own[rank];
    return {
      date,
      keyword,
      rank,
      content: mine ? mine[0] : null,
      creator: mine ? mine[1] : null,
      tier: mine ? mine[2] : null,
      positive: mine ? mine[3] : false,
    };
  });

export const SEARCH: readonly SearchRow[] = [
  ...page('2026-10-01', 'A醇', {
    1: ['d1', 'koc_d', 'koc', true],
    2: ['a2', 'kol_a', 'kol', true],
    12: ['d2', 'koc_d', 'koc', true],
  }),
  ...page('2026-10-02', 'A醇', {
    1: ['d1', 'koc_d', 'koc', true],
    5: ['d2', 'koc_d', 'koc', false],
    11: ['a1', 'kol_a', 'kol', true],
  }),
  ...page('2026-10-01', '精华推荐', { 11: ['d1', 'koc_d', 'koc', true] }),
];

/** End-of-day A1…A5 and the transfers to A3 reported on the day (A1, A2). */
export const STAGES: readonly { date: string; sizes: number[]; moved: [number, number] }[] = [
  { date: '2026-09-30', sizes: [1000, 500, 200, 100, 10], moved: [99, 99] },
  { date: '2026-10-01', sizes: [990, 495, 225, 105, 10], moved: [20, 10] },
  { date: '2026-10-02', sizes: [1010, 480, 260, 110, 10], moved: [30, 20] },
];

export async function loadCreatorFixture(warehouse: Warehouse): Promise<void> {
  const column = <T, K extends keyof T>(rows: readonly T[], key: K) => rows.map((row) => row[key]);
  const fixture = (rows: readonly unknown[]) => rows.map(() => 'fixture');
  const stageRows = STAGES.flatMap((day) =>
    day.sizes.map((users, index) => ({
      date: day.date,
      stage: `a${index + 1}`,
      users,
      moved_to_a3: index < 2 ? day.moved[index as 0 | 1] : 0,
    })),
  );
  await warehouse.transaction(async (scoped) => {
    const performanceColumns = Object.keys(PERFORMANCE[0]!) as (keyof PerformanceRow)[];
    await scoped.append('fact_performance', {
      rowCount: PERFORMANCE.length,
      columns: {
        ...Object.fromEntries(performanceColumns.map((name) => [name, column(PERFORMANCE, name)])),
        import_id: fixture(PERFORMANCE),
      },
    });
    await scoped.append('fact_creator_fees', {
      rowCount: FEES.length,
      columns: {
        date: column(FEES, 'date'),
        channel: FEES.map((fee) => (fee.creator === 'kos_c' ? 'douyin' : 'xiaohongshu')),
        creator: column(FEES, 'creator'),
        content: column(FEES, 'content'),
        fee_source: column(FEES, 'fee_source'),
        fee: column(FEES, 'fee'),
        import_id: fixture(FEES),
      },
    });
    await scoped.append('fact_search_results', {
      rowCount: SEARCH.length,
      columns: {
        date: column(SEARCH, 'date'),
        channel: SEARCH.map(() => 'xiaohongshu'),
        keyword: column(SEARCH, 'keyword'),
        content: column(SEARCH, 'content'),
        creator: column(SEARCH, 'creator'),
        creator_tier: column(SEARCH, 'tier'),
        brand: SEARCH.map((row) => (row.content ? '露米' : '竞品')),
        top10_results: SEARCH.map((row) => (row.rank <= 10 ? 1 : 0)),
        own_positive_top10: SEARCH.map((row) => (row.content && row.positive && row.rank <= 10 ? 1 : 0)),
        own_results: SEARCH.map((row) => (row.content ? 1 : 0)),
        import_id: fixture(SEARCH),
      },
    });
    await scoped.append('fact_audience_stages', {
      rowCount: stageRows.length,
      columns: {
        date: column(stageRows, 'date'),
        channel: stageRows.map(() => 'xiaohongshu'),
        stage: column(stageRows, 'stage'),
        users: column(stageRows, 'users'),
        moved_to_a3: column(stageRows, 'moved_to_a3'),
        import_id: fixture(stageRows),
      },
    });
    await scoped.append('dim_creators', {
      rowCount: 4,
      columns: {
        creator: ['kol_a', 'kol_b', 'kos_c', 'koc_d'],
        name: ['A姐', 'B哥', 'C老师', 'D同学'],
        tier: ['kol', 'kol', 'kos', 'koc'],
        channel: ['xiaohongshu', 'xiaohongshu', 'douyin', 'xiaohongshu'],
        followers: [500_000, 300_000, 80_000, 3_000],
        category: ['美妆护肤', '美妆护肤', '成分党', null],
        agency: ['星辰MCN', '星辰MCN', null, null],
        content_type: ['lifestyle', 'expert', 'sales', null],
      },
    });
    await scoped.append('dim_creator_accounts', {
      rowCount: 3,
      columns: {
        creator: ['kol_a', 'kol_a', 'kos_c'],
        channel: ['douyin', 'xiaohongshu', 'douyin'],
        account: ['dy_a', 'xhs_a', 'dy_c'],
        account_name: ['A姐', 'A姐', 'C老师'],
        followers: [120_000, 500_000, 80_000],
        link: [null, 'https://www.xiaohongshu.com/user/profile/xhs_a', null],
      },
    });
    await scoped.append('dim_content', {
      rowCount: 4,
      columns: {
        content: ['a1', 'a2', 'a3', 'a0'],
        creator: ['kol_a', 'kol_a', 'kol_a', 'kol_a'],
        channel: ['xiaohongshu', 'xiaohongshu', 'xiaohongshu', 'xiaohongshu'],
        format: ['image', 'video', 'image', 'video'],
        published_on: ['2026-10-01', '2026-10-03', '2026-10-05', '2026-08-01'],
        title: ['早C晚A', 'A醇测评', '空瓶记', '旧笔记'],
      },
    });
    await scoped.append('dim_campaigns', {
      rowCount: 2,
      columns: {
        campaign: ['double11', 'launch'],
        name: ['双11', '新品'],
        goal: ['promotion', 'launch'],
        start_date: ['2026-10-03', '2026-10-01'],
        end_date: ['2026-10-11', '2026-10-31'],
      },
    });
  });
}
