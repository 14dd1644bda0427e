import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCreatorFixture } from '../../../app/src/creators/testing.js';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);
const window = ['--from', '2026-10-01', '--to', '2026-10-05'];

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-creators-'));
  db = path.join(folder, 'october.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  await loadCreatorFixture(warehouse);
  await warehouse.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi creators', () => {
  it('prints the KOL leaderboard with the median row and the creators under the cut', async () => {
    const { code, out, err } = await cli(
      'creators',
      'leaderboard',
      '--tier',
      'kol',
      '--min-spend',
      '5000',
      ...window,
    );
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    // kol_a: (9,000 fees + 1,000 boost) / 8,000 interactions; viral 2 of 3 posts at 1,000.
    const line = out.split('\n').find((entry) => entry.includes('A姐'))!;
    expect(line).toContain('1.25');
    expect(line).toContain('66.7%');
    expect(line).toContain('33.3%');
    expect(out).toContain('under the minimum cost (not ranked)');
    expect(out).toContain('1 creator(s) cost less than 5,000 in the period: listed, not ranked');
  });

  it('gives every tier as CSV and as the API’s JSON', async () => {
    const csv = await cli('creators', 'leaderboard', ...window, '--format', 'csv');
    expect(csv.code).toBe(EXIT_OK);
    const rows = parseCsv(csv.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.tier, row.creator, row.rank])).toEqual([
      ['kol', 'kol_a', '1'],
      ['kol', 'kol_b', '2'],
      ['kos', 'kos_c', '1'],
      ['koc', 'koc_d', '1'],
    ]);
    expect(Number(rows[3]!.cost_per_indexed_post)).toBe(300);
    const json = await cli('creators', 'leaderboard', '--tier', 'koc', ...window, '--format', 'json');
    const answer = JSON.parse(json.out) as { boards: { ranked: { values: { share_of_voice: number } }[] }[] };
    expect(answer.boards[0]!.ranked[0]!.values.share_of_voice).toBeCloseTo(2 / 30, 12);
  });

  it('shows a creator’s page in Chinese', async () => {
    const { code, out } = await cli('creators', 'show', 'kol_a', ...window, '--lang', 'zh');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('费用 9,000.00 + 媒体消耗 1,000.00 = 花费 10,000.00');
    expect(out).toContain('A醇测评');
    expect(out).toContain('4 项考核指标中有 4 项优于层级中位数');
  });

  it('shows where a KOC’s posts rank, per keyword', async () => {
    const { code, out } = await cli('creators', 'show', 'koc_d', ...window);
    expect(code).toBe(EXIT_OK);
    const line = out.split('\n').find((entry) => entry.includes('A醇 (xiaohongshu)'))!;
    // Two indexed posts, 3 of the keyword's 20 top-ten results, 2 of them positive: 10%.
    expect(line).toContain('3 / 20');
    expect(line).toContain('10.0%');
  });

  it('lists the creators to hire again', async () => {
    const { code, out } = await cli('creators', 'rehire', ...window, '--format', 'csv');
    expect(code).toBe(EXIT_OK);
    const rows = parseCsv(out, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.creator, row.reason])).toEqual([
      ['kol_a', 'beats the tier median on 4 of 4 KPIs over 3 posts'],
    ]);
  });

  it('rejects a KPI that is not a creator KPI, and an unknown creator', async () => {
    const sorted = await cli('creators', 'leaderboard', '--sort', 'ctr', ...window);
    expect(sorted.code).toBe(EXIT_USER);
    expect(sorted.err).toContain('--sort ctr is not a creator KPI');
    const unknown = await cli('creators', 'show', 'nobody', ...window);
    expect(unknown.code).toBe(EXIT_USER);
  });
});

describe('markpi search-visibility and audiences', () => {
  it('prints each keyword’s share of the top ten, trend and holders', async () => {
    const { code, out } = await cli('search-visibility', ...window, '--format', 'csv');
    expect(code).toBe(EXIT_OK);
    const rows = parseCsv(out, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      keyword: 'A醇',
      snapshots: '2',
      indexed_posts: '4',
      holders: 'D同学:3 A姐:1',
    });
    expect(Number(rows[0]!.share_of_voice)).toBeCloseTo(0.15, 12);
    expect(Number(rows[0]!.trend_per_week)).toBeCloseTo(-0.7, 12);
    const table = await cli('search-visibility', ...window, '--lang', 'zh');
    expect(table.out).toContain('前十屏占比');
    expect(table.out).toContain('−70.0 pt');
  });

  it('prints O-5A flows and the A3 growth before the promotion', async () => {
    const { code, out } = await cli('audiences', '--from', '2026-10-01', '--to', '2026-10-02', '--days', '1');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('A1+A2 → A3');
    // 80 of 1,500 moved: 5.3%; A3 grew by 35 (15.6%) the day before 双11.
    expect(out).toContain('5.3%');
    expect(out).toContain('+35 (15.6%)');
    const zh = await cli('audiences', '--from', '2026-10-01', '--to', '2026-10-02', '--lang', 'zh');
    expect(zh.out).toContain('A3 流入为平台报告的');
  });
});
