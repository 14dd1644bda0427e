import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveView, updateMonitorSettings } from '@markpi/app';
import { addDays, buildCatalog } from '@markpi/core';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

// 400 days × 3 channels × 2 campaigns × 10 ad groups: 24,000 rows, enough for rollups to be worth it.
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-rollups-'));
  db = path.join(folder, 'rollups.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  const columns: Record<string, (string | number)[]> = {
    date: [],
    channel: [],
    campaign: [],
    ad_group: [],
    spend: [],
    clicks: [],
    impressions: [],
    import_id: [],
  };
  for (let day = 0; day < 400; day++) {
    for (const channel of ['douyin', 'meta', 'xiaohongshu']) {
      for (const campaign of ['spring', 'summer']) {
        for (let group = 0; group < 10; group++) {
          columns.date!.push(addDays('2025-01-01', day));
          columns.channel!.push(channel);
          columns.campaign!.push(campaign);
          columns.ad_group!.push(`g${group}`);
          columns.spend!.push(day + group);
          columns.clicks!.push(group + 1);
          columns.impressions!.push(100 + day);
          columns.import_id!.push('seed');
        }
      }
    }
  }
  await warehouse.append('fact_performance', { rowCount: columns.date!.length, columns });
  // The monitor's questions are left out here (the app's plan test weighs them): none is watched.
  const workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-02-01T00:00:00Z') };
  await updateMonitorSettings(workspace, { monitors: [] }, null);
  await warehouse.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi rollups', () => {
  it('plans within the budget, applies, lists and drops', async () => {
    const plan = await cli('rollups', 'plan', '--format', 'json', '--budget', '2000');
    expect(plan.code, plan.err).toBe(EXIT_OK);
    const proposed = (
      JSON.parse(plan.out) as { proposed: { definition: { name: string }; estimatedRows: number }[] }
    ).proposed;
    // 400 days, 3 channels, 60 raw rows a day. Explore by channel and month (2 × 365 days):
    // 730 × (24,000 − 42) / 400 = 43,723 rows a day saved by 42 rows, 1,041 a row; the overview's
    // totals and sparklines (20 × 60 and 20 × 30 days) by all 400 days: 1,800 × 23,600 / 400 =
    // 106,200 by 400 rows, 266 a row; its funnel by channel (20 × 30) by channel per day:
    // 600 × 22,800 / 400 = 34,200 by 1,200 rows, 29 a row.
    expect(proposed.map((entry) => [entry.definition.name, entry.estimatedRows])).toEqual([
      ['performance_channel_month', 42],
      ['performance_all_day', 400],
      ['performance_channel_day', 1200],
    ]);
    const table = await cli('rollups', 'plan', '--budget', '2000');
    expect(table.out).toContain('43,723');
    expect(table.out).toContain('Explore’s first view (by channel and month)');
    expect(table.out).toContain('chosen greedily by rows saved per row stored');
    expect(table.out).toContain('within 2000 rows: 1642 taken');
    expect(table.out).toContain(
      'saved views: 0 (shared boards: 0), targets: 0, scorecard dimensions: 0, monitors: 0',
    );
    const zh = await cli('rollups', 'plan', '--budget', '2000', '--lang', 'zh');
    expect(zh.out).toContain('概览（指标卡、每日趋势、分渠道漏斗）');
    expect(zh.out).toContain('贪心选择');

    const applied = await cli('rollups', 'apply', '--budget', '2000');
    expect(applied.code, applied.err).toBe(EXIT_OK);
    expect(applied.out).toContain('performance_channel_day');
    const again = await cli('rollups', 'apply', '--budget', '2000');
    expect(again.out).toContain('nothing to create');

    const listed = await cli('rollups', 'list', '--format', 'json');
    const kept = JSON.parse(listed.out) as { name: string; rows: number }[];
    expect(kept.map((rollup) => [rollup.name, rollup.rows])).toEqual([
      ['performance_all_day', 400],
      ['performance_channel_day', 1200],
      ['performance_channel_month', 42],
    ]);
    const chinese = await cli('rollups', 'list', '--lang', 'zh');
    expect(chinese.out).toContain('汇总表');

    expect((await cli('rollups', 'drop', 'performance_all_day')).code).toBe(EXIT_OK);
    const missing = await cli('rollups', 'drop', 'performance_all_day');
    expect(missing.code).toBe(EXIT_USER);
    expect(missing.err).toContain('no rollup named performance_all_day');
    const budget = await cli('rollups', 'plan', '--budget', 'lots');
    expect(budget.code).toBe(EXIT_USER);
  });

  it('keeps the rollups a workspace file pins, before those proposed, and refuses a bad one', async () => {
    const pinned = path.join(folder, 'pinned');
    mkdirSync(pinned, { recursive: true });
    writeFileSync(
      path.join(pinned, 'markpi.yaml'),
      'rollups:\n  - name: by_group_week\n    fact: performance\n    grain: week\n    dimensions: [channel, ad_group]\n',
    );
    const inPinned = (...args: string[]) => runCliCaptured(pinned, ['--db', db, ...args]);
    const plan = await inPinned('rollups', 'plan', '--format', 'json', '--budget', '2000');
    expect(plan.code, plan.err).toBe(EXIT_OK);
    const proposed = (
      JSON.parse(plan.out) as { proposed: { definition: { name: string }; askedBy: string[] }[] }
    ).proposed;
    // 58 weeks × 3 channels × 10 ad groups = 1,740 rows leave 260 of the budget: the month rollup (42).
    expect(proposed.map((entry) => [entry.definition.name, entry.askedBy])).toEqual([
      ['by_group_week', ['markpi.yaml']],
      ['performance_channel_month', ['explore']],
    ]);
    const applied = await inPinned('rollups', 'apply', '--budget', '2000', '--format', 'json');
    expect(applied.code, applied.err).toBe(EXIT_OK);
    expect(
      (JSON.parse(applied.out) as { created: { name: string }[] }).created.map((rollup) => rollup.name),
    ).toEqual(['by_group_week']);
    writeFileSync(
      path.join(pinned, 'markpi.yaml'),
      'rollups:\n  - name: by_region\n    fact: performance\n    grain: month\n    dimensions: [regoin]\n',
    );
    const refused = await inPinned('rollups', 'apply');
    expect(refused.code).toBe(EXIT_USER);
    expect(refused.err).toContain('has no dimension `regoin`');
  });

  it('explains which rollups a question reads, in English and Chinese', async () => {
    const window = ['--from', '2025-02-10', '--to', '2025-05-20'];
    const english = await cli('rollups', 'explain', '--kpis', 'ctr,cpc', '--by', 'channel,month', ...window);
    expect(english.code, english.err).toBe(EXIT_OK);
    // The raw table holds 24,000 rows over the 424 days the month rollup spans (56.6 a day): the
    // month rollup's March and April (6 rows) plus 39 raw edge days (about 2,200 rows) cost more
    // than the day rollup over all 100 days (300 rows), which needs no edge.
    expect(english.out).toBe(
      'read from rollup performance_channel_day (rollup_performance_channel_day), 2025-02-10 to 2025-05-20\n',
    );
    const chinese = await cli(
      'rollups',
      'explain',
      '--kpis',
      'ctr',
      '--by',
      'channel',
      ...window,
      '--lang',
      'zh',
    );
    expect(chinese.out).toContain('从汇总表');
    const reach = await cli('rollups', 'explain', '--kpis', 'reach', ...window, '--format', 'json');
    const answer = JSON.parse(reach.out) as { rollups: unknown[]; messages: { key: string }[] };
    expect(answer.rollups).toEqual([]);
    expect(answer.messages.map((message) => message.key)).toEqual(['rollup.none']);
  });
  it('`markpi explain` in a workspace says the rollup each scan reads and its raw edge days', async () => {
    // 31 January – 31 December: the month rollup's February to December (33 rows) and one raw edge
    // day (60 rows) cost less than the day rollup's 335 days (1,005 rows).
    const window = ['--from', '2025-01-31', '--to', '2025-12-31'];
    const said =
      'read from rollup performance_channel_month (rollup_performance_channel_month), 2025-02-01 to 2025-12-31; the days 2025-01-31–2025-01-31 from the raw table';
    const choice = await cli('rollups', 'explain', '--kpis', 'ctr', ...window);
    expect(choice.code, choice.err).toBe(EXIT_OK);
    expect(choice.out).toBe(`${said}\n`);
    const explained = await cli('explain', 'ctr', ...window);
    expect(explained.code, explained.err).toBe(EXIT_OK);
    expect(explained.out).toContain(`rollups:\n  ${said}\n`);
    expect(explained.out).toContain('in this workspace');
    expect(explained.out).toContain('"rollup_performance_channel_month"');
    const json = JSON.parse((await cli('explain', 'ctr', ...window, '--format', 'json')).out) as {
      sql: string;
      rollups: { rollup: string; edges: unknown[] }[];
      messages: { key: string }[];
    };
    expect(json.rollups.map((use) => [use.rollup, use.edges])).toEqual([
      ['performance_channel_month', [{ from: '2025-01-31', toExclusive: '2025-02-01' }]],
    ]);
    expect(json.messages.map((message) => message.key)).toEqual(['rollup.read_with_edges']);
    const chinese = await cli('explain', 'ctr', ...window, '--lang', 'zh');
    expect(chinese.out).toContain('从汇总表 performance_channel_month');
    // Reach is never held: the scan reads the raw table, and explain says so.
    const reach = await cli('explain', 'reach', ...window);
    expect(reach.out).toContain(
      'rollups:\n  no rollup covers this question: every scan reads the raw table\n',
    );
    // Without a workspace named, the catalog's SQL on the raw tables, as before.
    const bare = await runCliCaptured(folder, ['explain', 'ctr', ...window]);
    expect(bare.code, bare.err).toBe(EXIT_OK);
    expect(bare.out).not.toContain('rollups:');
    expect(bare.out).not.toContain('rollup_performance');
  });

  it('reads the saved views kept in the workspace, and says which question each proposal serves', async () => {
    const warehouse = await openDuckDbWarehouse({ path: db });
    const workspace = { warehouse, catalog: buildCatalog(), now: () => new Date('2026-02-01T00:00:00Z') };
    await saveView(workspace, {
      name: 'Spend by campaign',
      kpis: ['spend'],
      dimensions: ['campaign'],
      from: '2025-01-01',
      to: '2025-12-31',
      grain: 'month',
    });
    await warehouse.close();
    // By campaign per month: 14 months × 2 campaigns = 28 rows, read once a day over 365 days.
    const plan = await cli('rollups', 'plan', '--budget', '2000', '--format', 'json');
    const proposed = (
      JSON.parse(plan.out) as {
        proposed: { definition: { name: string }; estimatedRows: number; askedBy: string[] }[];
      }
    ).proposed;
    const byCampaign = proposed.find((entry) => entry.definition.name === 'performance_campaign_month');
    expect(byCampaign?.estimatedRows).toBe(28);
    expect(byCampaign?.askedBy).toHaveLength(1);
    expect(byCampaign?.askedBy[0]).toMatch(/^view:vw_/);
    const table = await cli('rollups', 'plan', '--budget', '2000');
    expect(table.out).toContain('saved view “Spend by campaign”');
    expect(table.out).toContain('saved views: 1 (shared boards: 0)');
  });
});
