/**
 * Periods and comparisons through the use cases on DuckDB, against sums worked out by hand from
 * the rows below: presets resolve in the workspace's time zone (Shanghai's 3 December is UTC's
 * 2nd), "this week" a year back is the same ISO week (not the same dates), and a launch is compared
 * with last year's launch on its own dates, day by day.
 */
import { buildCatalog } from '@markpi/core';
import { openDuckDbWarehouse, saveEventCalendar, type Warehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKpiQuery } from '../query.js';
import type { WorkspaceContext } from '../workspace.js';
import { answerComparison } from './compare.js';
import { answerOverview } from './overview.js';
import { answerPeriodChoices } from './periods.js';

let warehouse: Warehouse;
let workspace: WorkspaceContext;

// date, channel, spend
const ROWS: [string, string, number][] = [
  ['2026-12-01', 'douyin', 3],
  ['2026-12-02', 'douyin', 7],
  ['2026-12-02', 'tmall', 2],
  // ISO week 49 of 2025 is 1–7 December; 30 November 2025 is the same date a year back, not the same week.
  ['2025-11-30', 'douyin', 1000],
  ['2025-12-01', 'douyin', 5],
  // 618 each year.
  ['2025-06-18', 'douyin', 100],
  ['2026-06-18', 'douyin', 150],
  // The spring launch: 10–11 March 2025, 2–4 April 2026.
  ['2025-03-10', 'douyin', 20],
  ['2025-03-11', 'douyin', 40],
  ['2026-04-02', 'douyin', 30],
  ['2026-04-03', 'douyin', 10],
  ['2026-04-04', 'douyin', 5],
  // The 11 days before the 2026 launch: what "previous" would compare it with.
  ['2026-03-25', 'douyin', 1],
];

beforeAll(async () => {
  warehouse = await openDuckDbWarehouse({ path: ':memory:' });
  await warehouse.append('fact_performance', {
    rowCount: ROWS.length,
    columns: {
      date: ROWS.map((row) => row[0]),
      channel: ROWS.map((row) => row[1]),
      spend: ROWS.map((row) => row[2]),
      import_id: ROWS.map(() => 'periods-test'),
    },
  });
  await saveEventCalendar(warehouse, {
    id: 'launches',
    name: 'Launches',
    events: [
      { name: 'Spring launch 2025', from: '2025-03-10', to: '2025-03-11', weight: 5 },
      { name: 'Spring launch 2026', from: '2026-04-02', to: '2026-04-04', weight: 5 },
    ],
  });
  // 20:00 UTC on 2 December is 04:00 on 3 December in Shanghai, the workspace's time zone.
  workspace = {
    warehouse,
    catalog: buildCatalog({ time_zone: 'Asia/Shanghai' }),
    now: () => new Date('2026-12-02T20:00:00Z'),
  };
});
afterAll(async () => {
  await warehouse.close();
});

describe('periods through the use cases', () => {
  it('resolves presets on the workspace’s today and compares with the day before', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['spend'],
      period: 'yesterday',
      compare: 'previous',
    });
    expect([answer.query.from, answer.query.to]).toEqual(['2026-12-02', '2026-12-02']);
    expect(answer.comparison).toEqual({ mode: 'previous', period: { from: '2026-12-01', to: '2026-12-01' } });
    // 7 + 2 against 3.
    expect(answer.result.rows).toEqual([{ spend: 9, spend__previous: 3, spend__change: 2 }]);
  });

  it('compares this week with the same ISO week last year, not the same dates', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['spend'],
      dimensions: ['channel'],
      period: 'this_week',
      compare: 'last_year',
    });
    expect(answer.comparison?.period).toEqual({ from: '2025-12-01', to: '2025-12-07' });
    expect(answer.result.rows).toEqual([
      { channel: 'douyin', spend: 10, spend__previous: 5, spend__change: 1 },
      { channel: 'tmall', spend: 2, spend__previous: null, spend__change: null },
    ]);
    expect(answer.result.columns.map((column) => column.key)).toEqual([
      'channel',
      'spend',
      'spend__previous',
      'spend__change',
    ]);
  });

  it('compares 618 with 618 last year by default on the overview', async () => {
    const overview = await answerOverview(workspace, { period: 'event:618', kpis: ['spend'] });
    expect(overview.period).toEqual({ from: '2026-06-18', to: '2026-06-18' });
    expect(overview.periodSpec).toBe('event:618@2026');
    expect([overview.compare, overview.comparePeriod, overview.compareEvent]).toEqual([
      'same_event',
      { from: '2025-06-18', to: '2025-06-18' },
      '618 2025',
    ]);
    expect(overview.tiles[0]).toMatchObject({ value: 150, previous: 100, change: 0.5 });
  });

  it('lays last year’s launch beside this year’s, day by day, whatever its dates', async () => {
    const answer = await answerKpiQuery(workspace, {
      kpis: ['spend'],
      grain: 'day',
      period: 'event:Spring launch',
      compare: 'auto',
    });
    expect(answer.comparison).toEqual({
      mode: 'same_event',
      period: { from: '2025-03-10', to: '2025-03-11' },
      event: 'Spring launch 2025',
    });
    expect(
      answer.result.rows.map((row) => [row.day, row.spend, row.spend__previous, row.spend__change]),
    ).toEqual([
      ['2026-04-02', 30, 20, 0.5],
      ['2026-04-03', 10, 40, -0.75],
      ['2026-04-04', 5, null, null],
    ]);
    const table = await answerComparison(workspace, 'channels', {
      kpis: ['spend'],
      period: 'event:Spring launch',
      compare: 'previous',
    });
    // The 3 days before 2 April hold nothing; 25 March is 8 days before.
    expect(table.comparison?.period).toEqual({ from: '2026-03-30', to: '2026-04-01' });
    expect(table.rows).toEqual([
      { channel: 'douyin', spend: 45, spend__previous: null, spend__change: null },
    ]);
  });

  it('offers the presets and the latest of each event with last year’s window', async () => {
    const choices = await answerPeriodChoices(workspace);
    expect(choices.today).toBe('2026-12-03');
    expect(choices.presets.find((preset) => preset.id === 'last_week')?.period).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
    expect(choices.events.find((event) => event.key === 'Spring launch')).toEqual({
      spec: 'event:Spring launch@2026',
      key: 'Spring launch',
      name: 'Spring launch 2026',
      year: 2026,
      period: { from: '2026-04-02', to: '2026-04-04' },
      lastYear: { from: '2025-03-10', to: '2025-03-11' },
    });
  });

  it('refuses a period with dates, and the same event for a month', async () => {
    await expect(
      answerKpiQuery(workspace, { kpis: ['spend'], period: 'this_month', from: '2026-12-01' }),
    ).rejects.toMatchObject({ code: 'invalid_period', said: { key: 'period.period_and_dates' } });
    await expect(
      answerOverview(workspace, { period: 'this_month', compare: 'same_event' }),
    ).rejects.toMatchObject({ code: 'invalid_period', said: { key: 'period.same_event_needs_event' } });
  });
});
