/**
 * A small workspace whose every KPI value was worked out by hand (see the comments beside each
 * expectation in kpi-scenarios.ts). It holds the traps: ratios across days and channels, reach
 * above its grain, snapshots, zero denominators, a threshold reached only over several days.
 */
import type { CellValue, ColumnBatch, Warehouse } from '../warehouse.js';

type Record_ = Record<string, CellValue>;

const performanceColumns = [
  'date',
  'channel',
  'account',
  'campaign',
  'content',
  'creator',
  'creator_tier',
  'traffic_type',
  'region',
  'impressions',
  'reach',
  'clicks',
  'spend',
  'conversions',
  'conversion_value',
  'leads',
  'store_visits',
  'likes',
  'comments',
  'shares',
  'saves',
  'follows',
  'video_views',
  'views_5s',
  'views_50pct',
  'brand_searches',
  'engaged_users',
] as const;

// biome-ignore format: a table reads best as a table
const performanceRows: CellValue[][] = [
  // R1..R6 as in the scenario comments
  ['2026-01-01', 'douyin', 'acc_d', 'c1', 'post1', 'cr1', 'kol', 'paid', 'east', 1000, 800, 10, 100, 1, 300, 2, 5, 900, 50, 20, 30, 7, 500, 300, 100, 8, 60],
  ['2026-01-02', 'douyin', 'acc_d', 'c1', 'post1', 'cr1', 'kol', 'paid', 'east', 3000, 2000, 90, 200, 9, 700, 3, 15, 200, 10, 5, 10, 3, 1500, 900, 400, 12, 140],
  ['2026-01-01', 'xiaohongshu', 'acc_x', 'c2', 'note1', 'cr2', 'koc', 'organic', 'south', 500, 400, 50, 0, 0, 0, 0, 0, 1200, 30, 10, 60, 20, 400, 200, 80, 20, 100],
  ['2026-02-01', 'xiaohongshu', 'acc_x', 'c2', 'note2', 'cr2', 'koc', 'paid', 'south', 2000, 1500, 40, 50, 2, 120, 4, 10, 5000, 100, 40, 200, 30, 1600, 1000, 500, 45, 300],
  ['2026-02-15', 'douyin', 'acc_d', 'c1', 'post2', 'cr1', 'kol', 'paid', 'north', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ['2026-01-03', 'meta', 'acc_m', 'c3', 'ad1', null, null, 'paid', 'overseas', 4000, 3000, 80, 400, 4, 1600, 0, 20, 40, 4, 6, null, 2, 1000, 500, 200, 0, 50],
  ['2025-01-10', 'douyin', 'acc_d', 'c0', 'post0', 'cr1', 'kol', 'paid', 'east', 2000, 1500, 20, 80, 1, 100, 0, 2, 10, 1, 1, 1, 1, 100, 50, 20, 1, 10],
];

function batchFrom(columns: readonly string[], rows: CellValue[][]): ColumnBatch {
  const batch: Record<string, CellValue[]> = {};
  columns.forEach((column, index) => {
    batch[column] = rows.map((row) => row[index] ?? null);
  });
  return { rowCount: rows.length, columns: batch };
}

function batchOf(records: Record_[]): ColumnBatch {
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return batchFrom(
    columns,
    records.map((record) => columns.map((column) => record[column] ?? null)),
  );
}

export const SCENARIO_TABLES: Record<string, ColumnBatch> = {
  fact_performance: batchFrom(performanceColumns, performanceRows),
  fact_followers: batchOf([
    { date: '2026-01-01', channel: 'douyin', account: 'acc_d', followers: 10_000 },
    { date: '2026-01-15', channel: 'douyin', account: 'acc_d', followers: 10_500 },
    { date: '2026-01-31', channel: 'douyin', account: 'acc_d', followers: 11_000 },
    { date: '2026-02-28', channel: 'douyin', account: 'acc_d', followers: 12_000 },
    { date: '2026-01-01', channel: 'xiaohongshu', account: 'acc_x', followers: 5_000 },
    { date: '2026-01-20', channel: 'xiaohongshu', account: 'acc_x', followers: 5_600 },
    { date: '2026-02-10', channel: 'xiaohongshu', account: 'acc_x', followers: 6_000 },
  ]),
  fact_costs: batchOf([
    { date: '2026-01-01', channel: 'douyin', cost_type: 'seo', amount: 1000 },
    { date: '2026-01-01', channel: 'douyin', cost_type: 'content', amount: 500 },
    { date: '2026-01-01', channel: 'douyin', cost_type: 'promotion', amount: 400 },
    { date: '2026-01-01', channel: 'xiaohongshu', cost_type: 'agency', amount: 300 },
  ]),
  fact_customers: batchOf([
    {
      date: '2025-12-31',
      channel: 'douyin',
      region: 'all',
      customers: 190,
      new_customers: 10,
      orders: 30,
      revenue: 3000,
      leads_converted: 1,
    },
    {
      date: '2026-01-31',
      channel: 'douyin',
      region: 'all',
      customers: 200,
      new_customers: 20,
      orders: 50,
      revenue: 5000,
      leads_converted: 2,
    },
    {
      date: '2026-01-31',
      channel: 'xiaohongshu',
      region: 'all',
      customers: 100,
      new_customers: 10,
      orders: 20,
      revenue: 2000,
      leads_converted: 0,
    },
  ]),
  fact_audience_stages: batchOf([
    { date: '2025-12-31', channel: 'douyin', stage: 'a1', users: 900, moved_to_a3: 40 },
    { date: '2025-12-31', channel: 'douyin', stage: 'a2', users: 400, moved_to_a3: 20 },
    { date: '2025-12-31', channel: 'douyin', stage: 'a3', users: 150, moved_to_a3: null },
    { date: '2026-01-31', channel: 'douyin', stage: 'a1', users: 1000, moved_to_a3: 50 },
    { date: '2026-01-31', channel: 'douyin', stage: 'a2', users: 500, moved_to_a3: 30 },
    { date: '2026-01-31', channel: 'douyin', stage: 'a3', users: 200, moved_to_a3: null },
  ]),
  fact_audience_sizes: batchOf([
    { date: '2026-01-01', channel: 'douyin', audience: 'young_women_18_24', size: 50_000 },
  ]),
  fact_search_results: batchOf([
    {
      date: '2026-01-05',
      channel: 'xiaohongshu',
      keyword: 'serum',
      content: 'note1',
      brand: 'own',
      top10_results: 1,
      own_positive_top10: 1,
      own_results: 1,
    },
    {
      date: '2026-01-05',
      channel: 'xiaohongshu',
      keyword: 'serum',
      content: null,
      brand: 'rival',
      top10_results: 1,
      own_positive_top10: 0,
      own_results: 0,
    },
    {
      date: '2026-01-05',
      channel: 'xiaohongshu',
      keyword: 'serum',
      content: null,
      brand: 'rival',
      top10_results: 1,
      own_positive_top10: 0,
      own_results: 0,
    },
    {
      date: '2026-01-05',
      channel: 'xiaohongshu',
      keyword: 'serum',
      content: 'note2',
      brand: 'own',
      top10_results: 0,
      own_positive_top10: 0,
      own_results: 1,
    },
  ]),
};

/** What an attribution refresh would have written: each model's credited value per day and channel. */
const attributed = (
  date: string,
  channel: string,
  model: string,
  value: number,
  extra: Record_ = {},
): Record_ => ({
  date,
  channel,
  attribution_model: model,
  attributed_conversions: value / 100,
  attributed_value: value,
  ...extra,
});

SCENARIO_TABLES.fact_attributed = batchOf([
  attributed('2026-01-01', 'douyin', 'first_touch', 150),
  attributed('2026-01-01', 'douyin', 'last_touch', 600),
  attributed('2026-01-02', 'douyin', 'last_touch', 600),
  attributed('2026-01-02', 'douyin', 'last_non_direct', 1200),
  attributed('2026-01-02', 'douyin', 'linear', 900),
  attributed('2026-01-02', 'douyin', 'position', 750),
  attributed('2026-01-02', 'douyin', 'time_decay', 600),
  attributed('2026-01-01', 'douyin', 'markov', 600, { campaign: 'c1', creator: 'cr1', creator_tier: 'kol' }),
  attributed('2026-01-02', 'douyin', 'markov', 300, { campaign: 'c1', creator: 'cr1', creator_tier: 'kol' }),
  attributed('2026-01-02', 'douyin', 'shapley', 450),
  attributed('2026-01-03', 'meta', 'markov', 800),
  attributed('2026-01-03', 'meta', 'shapley', 400),
  attributed('2026-01-05', 'xiaohongshu', 'markov', 100),
  attributed('2026-02-01', 'xiaohongshu', 'markov', 100),
]);

export async function loadScenarioFixture(warehouse: Warehouse): Promise<void> {
  await warehouse.transaction(async (scoped) => {
    for (const [table, batch] of Object.entries(SCENARIO_TABLES)) await scoped.append(table, batch);
  });
}
