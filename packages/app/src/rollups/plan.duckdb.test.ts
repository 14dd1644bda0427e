/**
 * The rollup plan from a workspace's own questions on DuckDB: hand-built saved views (one on a
 * shared board), a target and its scorecard, then a monitor, give the proposals worked out by
 * hand from the convention in core's `rollups/propose.ts`.
 */
import { buildCatalog, sayRollupMessage } from '@markpi/core';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, saveView } from '../boards/index.js';
import { saveMonitorSettings } from '../monitor/repository.js';
import { DEFAULT_MONITOR_SETTINGS } from '../monitor/settings.js';
import { planRollups } from '../rollups.js';
import { addTarget } from '../targets/repository.js';
import type { WorkspaceContext } from '../workspace.js';

let warehouse: Warehouse;
let workspace: WorkspaceContext;

// 100 days (1 January – 10 April 2026) × 2 channels × 5 campaigns × 2 regions × 5 ad groups:
// 10,000 rows, 100 a day.
beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  const columns: Record<string, (string | number)[]> = {
    date: [],
    channel: [],
    campaign: [],
    region: [],
    ad_group: [],
    spend: [],
    impressions: [],
    clicks: [],
    conversions: [],
    import_id: [],
  };
  const start = Date.UTC(2026, 0, 1);
  for (let day = 0; day < 100; day++)
    for (const channel of ['douyin', 'tmall'])
      for (const campaign of ['c1', 'c2', 'c3', 'c4', 'c5'])
        for (const region of ['north', 'south'])
          for (let group = 0; group < 5; group++) {
            columns.date!.push(new Date(start + day * 86_400_000).toISOString().slice(0, 10));
            columns.channel!.push(channel);
            columns.campaign!.push(campaign);
            columns.region!.push(region);
            columns.ad_group!.push(`g${group}`);
            columns.spend!.push(10 + group);
            columns.impressions!.push(1000);
            columns.clicks!.push(20);
            columns.conversions!.push(2);
            columns.import_id!.push('plan-test');
          }
  await warehouse.append('fact_performance', { rowCount: columns.date!.length, columns });
  workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-04-11T04:00:00Z') };
  // No monitor at first: its questions come in the last test.
  await saveMonitorSettings(
    warehouse,
    { ...DEFAULT_MONITOR_SETTINGS, monitors: [] },
    { now: workspace.now() },
  );
  await saveView(workspace, {
    name: 'Spend by region',
    kpis: ['spend'],
    dimensions: ['region'],
    from: '2026-03-01',
    to: '2026-03-31',
    grain: 'week',
  });
  const douyin = await saveView(workspace, {
    name: 'Douyin CTR by campaign',
    kpis: ['ctr'],
    dimensions: ['campaign'],
    picks: { channel: ['douyin'] },
    from: '2026-01-01',
    to: '2026-03-31',
    grain: 'month',
  });
  await createBoard(workspace, { name: 'Weekly', views: [douyin.id] }, 'ana');
  await addTarget(warehouse, workspace.catalog, {
    kpi: 'spend',
    scope: { filter: "campaign = 'c1'", label: 'Campaign c1' },
    period: { from: '2026-04-01', to: '2026-06-30' },
    value: 100_000,
  });
});
afterAll(async () => {
  await warehouse.close();
});

const said = (plan: Awaited<ReturnType<typeof planRollups>>) =>
  plan.proposed.map((entry) => [
    entry.definition.name,
    entry.estimatedRows,
    entry.questions.map((question) => sayRollupMessage(question)),
  ]);

describe('the rollup plan from the workspace’s questions', () => {
  it('proposes what the views, board, target and scorecard run, as worked out by hand', async () => {
    // Shapes, with runs a day × days read (w): the overview's totals against the 30 days before
    // (all, day: 20 × 60) and its sparklines (all, day: 20 × 30), its funnel (channel, day:
    // 20 × 30); Explore (channel, month: 2 × 365); "Spend by region" (region, week: 1 × 31); the
    // board's "Douyin CTR" (campaign and channel, month: 10 × 90); the target (campaign, day:
    // 4 × 91) and its scorecard by campaign (campaign, day: 1 × 30).
    // Sizes: all_day 100, channel_day 200, channel_month 4 × 2 = 8, region_week 15 × 2 = 30,
    // campaign_channel_month 4 × 10 = 40, campaign_day 500 (within a tenth of 10,000).
    // A shape's saving is w × (10,000 − rollup rows) / 100 days. Per row stored, in turn:
    //   channel_month: Explore 730 × 99.92 = 72,941.6 / 8 = 9,118;
    //   campaign_channel_month: the board 900 × 99.6 = 89,640 / 40 = 2,241 (Explore is already
    //   served by the smaller month rollup);
    //   all_day: the overview 1,800 × 99 = 178,200 / 100 = 1,782;
    //   channel_day: the funnel 600 × 98 = 58,800 / 200 = 294;
    //   region_week: the view 31 × 99.7 = 3,090.7 / 30 = 103;
    //   campaign_day: the target and scorecard (364 + 30) × 95 = 37,430 / 500 = 75.
    const plan = await planRollups(workspace, 1_000_000);
    expect(said(plan)).toEqual([
      ['performance_channel_month', 8, ['Explore’s first view (by channel and month)']],
      ['performance_campaign_channel_month', 40, ['view “Douyin CTR by campaign” on board “Weekly”']],
      ['performance_all_day', 100, ['the overview (tiles, daily series, funnel by channel)']],
      ['performance_channel_day', 200, ['the overview (tiles, daily series, funnel by channel)']],
      ['performance_region_week', 30, ['saved view “Spend by region”']],
      [
        'performance_campaign_day',
        500,
        ['pacing of the spend target (Campaign c1)', 'scorecards by campaign (spend)'],
      ],
    ]);
    expect(plan.proposed.map((entry) => entry.savedRowsPerDay)).toEqual(
      [72_941.6, 89_640, 178_200, 58_800, 3_090.7, 37_430].map((value) => expect.closeTo(value, 6)),
    );
    expect(plan.rule).toEqual({ key: 'rollup.plan.rule', params: { budget: '1000000', used: '878' } });
    expect(sayRollupMessage(plan.read)).toBe(
      'questions read: the overview, Explore’s first view; saved views: 2 (shared boards: 1), targets: 1, scorecard dimensions: 1, monitors: 0',
    );
    expect(sayRollupMessage(plan.read, 'zh')).toContain('已保存视图 2 个（共享看板 1 个）');

    // 400 rows: campaign_day no longer fits; greedy's five (378 rows, 402,672 a day) beat the best
    // single rollup, channel_day (306,740 a day).
    const tight = await planRollups(workspace, 400);
    expect(tight.proposed.map((entry) => entry.definition.name)).toEqual([
      'performance_channel_month',
      'performance_campaign_channel_month',
      'performance_all_day',
      'performance_channel_day',
      'performance_region_week',
    ]);
  });

  it('adds a monitor’s watched series: spend by channel, daily over its history', async () => {
    await saveMonitorSettings(
      warehouse,
      {
        ...DEFAULT_MONITOR_SETTINGS,
        historyDays: 60,
        monitors: [
          {
            id: 'spend',
            name: 'Spend by channel',
            enabled: true,
            kpis: ['spend'],
            cadence: 'daily',
            segments: ['channel'],
            sensitivity: 'normal',
            directions: 'against',
          },
        ],
      },
      { now: workspace.now() },
    );
    const plan = await planRollups(workspace, 1_000_000);
    const byChannel = plan.proposed.find((entry) => entry.definition.name === 'performance_channel_day');
    // 60 days once a day: 60 × 98 = 5,880 more a day than the funnel alone.
    expect(byChannel?.questions.map((question) => sayRollupMessage(question, 'zh'))).toEqual([
      '概览（指标卡、每日趋势、分渠道漏斗）',
      '监控「Spend by channel」按 channel',
    ]);
    expect(byChannel?.savedRowsPerDay).toBeCloseTo(58_800 + 5_880, 6);
    expect(sayRollupMessage(plan.read)).toContain('monitors: 1');
  });
});
