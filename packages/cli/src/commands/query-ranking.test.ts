/**
 * `markpi query` ranked (`--sort`, `--min`, `--lang`, `--period`) and `markpi compare` kept to a
 * terminal's width unless `--wide`, on a small DuckDB workspace whose figures are worked out by
 * hand: the rows fall in last month, whatever today is, so `--period last_month` holds them all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, todayIn } from '@markpi/core';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';
import { DEFAULT_TERMINAL_WIDTH, displayWidth } from './query-table.js';

let folder: string;
let db: string;
let lastMonth: { from: string; to: string };

/** Last month in the workspace's time zone (the catalog's default), worked out from today. */
function lastMonthOf(today: string): { from: string; to: string } {
  const firstOfThisMonth = `${today.slice(0, 8)}01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

// creator, spend, conversions, conversion value — ROAS: c2 5, c1 3, c4 2, c3 20 (on 50 spent), none 10.
const ROWS: [string | null, number, number, number][] = [
  ['c1', 2000, 20, 6000],
  ['c2', 1500, 30, 7500],
  ['c3', 50, 2, 1000],
  ['c4', 1200, 0, 2400],
  [null, 9000, 100, 90_000],
];

const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

beforeAll(async () => {
  lastMonth = lastMonthOf(todayIn('Asia/Shanghai'));
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-rank-'));
  db = path.join(folder, 'ranking.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  // Half of each row on the month's first day, half on its second; the rows of this month (none)
  // and the month before it (a large ROAS for c3) lie outside the period.
  const rows = ROWS.flatMap(([creator, spend, conversions, value]) => [
    { date: lastMonth.from, creator, spend: spend / 2, conversions: conversions / 2, value: value / 2 },
    {
      date: addDays(lastMonth.from, 1),
      creator,
      spend: spend / 2,
      conversions: conversions / 2,
      value: value / 2,
    },
  ]);
  rows.push({
    date: addDays(lastMonth.from, -1),
    creator: 'c3',
    spend: 5000,
    conversions: 1,
    value: 900_000,
  });
  await warehouse.append('fact_performance', {
    rowCount: rows.length,
    columns: {
      date: rows.map((row) => row.date),
      channel: rows.map(() => 'douyin'),
      creator: rows.map((row) => row.creator),
      spend: rows.map((row) => row.spend),
      conversions: rows.map((row) => row.conversions),
      conversion_value: rows.map((row) => row.value),
      impressions: rows.map((row) => row.conversions * 1000),
      clicks: rows.map((row) => row.conversions * 10),
      import_id: rows.map(() => 'cli-ranking'),
    },
  });
  await warehouse.append('dim_creators', {
    rowCount: 3,
    columns: { creator: ['c1', 'c2', 'c3'], name: ['花花', 'Leo', '小米'] },
  });
  await warehouse.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

const RANKED = ['--kpis', 'roas', '--by', 'creator', '--sort', 'roas:desc', '--min', 'spend=1000'];

describe('markpi query, ranked', () => {
  it('ranks creators by ROAS above the minimum spend in Chinese, the none row last and the cut said', async () => {
    const { code, out } = await cli('query', ...RANKED, '--lang', 'zh', '--period', 'last_month');
    expect(code).toBe(EXIT_OK);
    const lines = out.split('\n');
    const header = lines.find((line) => line.includes('广告支出回报率')) ?? '';
    expect(header).toContain('达人名称');
    expect(header).toContain('消耗');
    const order = ['Leo', '花花', 'c4', '（无达人）'].map((text) =>
      lines.findIndex((line) => line.includes(text)),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // ROAS 5.00×, 3.00×, 2.00× for the ranked three; 10.00× for the row without a creator.
    expect(lines[order[0]!]).toContain('5.00×');
    expect(lines[order[3]!]).toContain('10.00×');
    expect(out).not.toContain('小米');
    expect(out).toContain('1 行低于最低门槛（消耗 ≥ 1,000.00），未参与排名');
    expect(out).toContain('1 行无达人，单列于末尾，不参与排名');
    expect(out).toContain('按广告支出回报率从高到低排名');
  });

  it('prints JSON rows with names and the none flag; the period is last month only', async () => {
    const { code, out, err } = await cli('query', ...RANKED, '--period', 'last_month', '--format', 'json');
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(out)).toEqual([
      { creator: 'c2', creator_name: 'Leo', roas: 5, spend: 1500 },
      { creator: 'c1', creator_name: '花花', roas: 3, spend: 2000 },
      { creator: 'c4', creator_name: null, roas: 2, spend: 1200 },
      { creator: null, creator_name: null, roas: 10, spend: 9000, __none: true },
    ]);
    expect(err).toContain('1 row below the minimum (Spend ≥ 1,000.00), left out of the ranking');
    expect(err).toContain('1 row without a creator shown last, apart from the ranking');
    // Without the period the month before is in too: c3's 5,050 spent clears the cut, at ROAS 901,000 / 5,050.
    const wider = await cli(
      'query',
      ...RANKED,
      '--from',
      addDays(lastMonth.from, -1),
      '--to',
      lastMonth.to,
      '--format',
      'json',
    );
    const rows = JSON.parse(wider.out) as { creator: string | null; roas: number }[];
    expect(rows[0]?.creator).toBe('c3');
    expect(rows[0]?.roas).toBeCloseTo(901_000 / 5050, 12);
  });

  it('says labelled values in the language asked, and keeps ids for scripts', async () => {
    const zh = await cli(
      'query',
      '--kpis',
      'spend',
      '--by',
      'channel',
      '--period',
      'last_month',
      '--lang',
      'zh',
    );
    expect(zh.out).toContain('抖音');
    expect(zh.out).not.toContain('douyin');
    const en = await cli(
      'query',
      '--kpis',
      'spend',
      '--by',
      'channel',
      '--period',
      'last_month',
      '--lang',
      'en',
    );
    expect(en.out).toContain('Douyin');
    const ids = await cli('query', '--kpis', 'spend', '--by', 'channel', '--period', 'last_month');
    expect(ids.out).toContain('douyin');
    const csv = await cli(
      'query',
      '--kpis',
      'spend',
      '--by',
      'channel',
      '--period',
      'last_month',
      '--lang',
      'zh',
      '--format',
      'csv',
    );
    // 2,000 + 1,500 + 50 + 1,200 + 9,000 spent last month.
    expect(csv.out).toBe('channel,spend\ndouyin,13750\n');
  });

  it('refuses --period with --from, and a minimum that is not <kpi>=<number>', async () => {
    const both = await cli('query', ...RANKED, '--period', 'last_month', '--from', '2026-01-01');
    expect(both.code).toBe(EXIT_USER);
    expect(both.err).toContain('--period names the window');
    const bad = await cli('query', '--kpis', 'roas', '--by', 'creator', '--min', 'spend>1000');
    expect(bad.code).toBe(EXIT_USER);
    expect(bad.err).toContain('spend>1000');
  });
});

describe('markpi overview in Chinese', () => {
  it('names its tiles’ KPIs in the language asked', async () => {
    const window = ['--from', lastMonth.from, '--to', lastMonth.to, '--kpis', 'spend,roas'];
    const zh = await cli('overview', ...window, '--lang', 'zh');
    expect(zh.code).toBe(EXIT_OK);
    expect(zh.out).toContain('广告支出回报率');
    expect(zh.out).toContain('消耗');
    const en = await cli('overview', ...window);
    expect(en.out).toContain('Return on ad spend (ROAS)');
  });
});

describe('markpi compare in a terminal', () => {
  const args = [
    'compare',
    'creators',
    '--kpis',
    'impressions,clicks,ctr,conversions,cvr,spend,cpa,roas',
    '--compare',
    'previous',
  ];

  it('keeps to the terminal’s width and names what it left out; --wide shows every column', async () => {
    const window = ['--from', lastMonth.from, '--to', lastMonth.to];
    const narrow = await cli(...args, ...window, '--lang', 'en');
    expect(narrow.code).toBe(EXIT_OK);
    const table = narrow.out.split('\n').filter((line) => /^[│┌└├]/.test(line));
    expect(table.length).toBeGreaterThan(3);
    for (const line of table) expect(displayWidth(line)).toBeLessThanOrEqual(DEFAULT_TERMINAL_WIDTH);
    expect(narrow.out).toContain('left out to fit the terminal:');
    expect(narrow.out).toContain('ROAS before');
    expect(narrow.out).toContain('Leo');
    const wide = await cli(...args, ...window, '--lang', 'en', '--wide');
    expect(wide.code).toBe(EXIT_OK);
    expect(wide.out).not.toContain('left out to fit the terminal');
    const wideHeader = wide.out.split('\n').find((line) => line.includes('ROAS before')) ?? '';
    expect(displayWidth(wideHeader)).toBeGreaterThan(DEFAULT_TERMINAL_WIDTH);
    // Every header the narrow table left out is in the wide one.
    const leftOut = /left out to fit the terminal: (.*) \(--wide/.exec(narrow.out)?.[1]?.split(', ') ?? [];
    expect(leftOut.length).toBeGreaterThan(0);
    for (const header of leftOut) expect(wideHeader).toContain(header);
  });
});
