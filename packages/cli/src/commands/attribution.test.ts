import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAttributionFixture } from '../../../app/src/attribution/testing.js';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';
import { parseLookback, parseModels } from './attribution.js';

let folder: string;
const cli = (...args: string[]) => runCliCaptured(folder, args);

/** The three looping paths of the ChannelAttribution package's vignette. */
const VIGNETTE = [
  'path,total_conversions,total_conversion_value,total_null',
  'A > B > A > B > B > A,1,1,0',
  'A > B > B > A > A,1,1,0',
  'A > A,1,1,0',
  '',
].join('\n');

const TOUCHES = [
  'cookie,time,channel,conversion,conversion_value',
  'u1,2026-05-01 09:00,douyin,0,0',
  'u1,2026-05-03 10:00,xiaohongshu,0,0',
  'u1,2026-05-05 12:00,,1,100',
  'u2,2026-05-02 08:00,weibo,0,0',
  'u2,2026-05-02 20:00,weibo,1,50',
  'u3,2026-04-01 10:00,douyin,0,0',
  'u3,2026-05-06 10:00,xiaohongshu,0,0',
  'u3,2026-05-06 11:00,,1,80',
  'u4,2026-05-01 00:00,douyin,0,0',
  '',
].join('\n');

const pathsArgs = [
  'attribution',
  'paths',
  'vignette.csv',
  '--path-column',
  'path',
  '--conversions-column',
  'total_conversions',
  '--value-column',
  'total_conversion_value',
  '--nulls-column',
  'total_null',
];
const touchesArgs = [
  'attribution',
  'touches',
  'touches.csv',
  '--user-column',
  'cookie',
  '--time-column',
  'time',
  '--channel-column',
  'channel',
  '--conversion-column',
  'conversion',
  '--value-column',
  'conversion_value',
];

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-attribution-'));
  writeFileSync(path.join(folder, 'vignette.csv'), VIGNETTE);
  writeFileSync(path.join(folder, 'touches.csv'), TOUCHES);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface JsonRow {
  key: string;
  markov: number;
  removal_effect: number;
  first_touch: number;
  time_decay: number | null;
  disagreement: { message: { key: string }; text: { en: string; zh: string } } | null;
}

describe('markpi attribution paths', () => {
  it('gives the vignette paths removal effects A 1, B 0.5 and Markov credits A 2, B 1', async () => {
    const { code, out, err } = await cli(...pathsArgs, '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(out) as { rows: JsonRow[]; totals: unknown };
    const [a, b] = report.rows;
    expect([a!.key, b!.key]).toEqual(['A', 'B']);
    expect(a!.removal_effect).toBeCloseTo(1, 12);
    expect(b!.removal_effect).toBeCloseTo(0.5, 12);
    expect(a!.markov).toBeCloseTo(2, 12);
    expect(b!.markov).toBeCloseTo(1, 12);
    expect(report.totals).toEqual({ conversions: 3, value: 3, nulls: 0 });
  });

  it('prints one row per channel with one column per model, and the disagreement under the table', async () => {
    const { code, out } = await cli(...pathsArgs);
    expect(code).toBe(EXIT_OK);
    const lines = out.split('\n');
    const header = lines.find((line) => line.includes('first_touch'))!;
    const names = header
      .split('│')
      .map((cell) => cell.trim())
      .filter(Boolean);
    // Time decay has no column: a path file has no touch times.
    expect(names).toEqual([
      'channel',
      'first_touch',
      'last_touch',
      'last_non_direct',
      'linear',
      'position',
      'markov',
      'shapley',
      'removal_effect',
      'spread',
      'flag',
    ]);
    const rowB = lines.find((line) => /^│ B /.test(line))!;
    expect(rowB).toContain('1.00');
    expect(rowB).toContain('50.0%');
    expect(rowB).toContain('!');
    expect(out).toMatch(/! first touch gives B 0%, (Markov|Shapley) 33%: it works in the middle of journeys/);
    expect(out).toContain('time decay needs touch times');
  });

  it('writes CSV with every model column (time decay empty) and the sentence in Chinese', async () => {
    const { code, out } = await cli(...pathsArgs, '--format', 'csv', '--lang', 'zh');
    expect(code).toBe(EXIT_OK);
    const rows = parseCsv(out, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'channel',
      'first_touch',
      'last_touch',
      'last_non_direct',
      'linear',
      'position',
      'time_decay',
      'markov',
      'shapley',
      'removal_effect',
      'spread_points',
      'disagreement',
    ]);
    expect(rows.map((row) => [row.channel, Number(row.markov), Number(row.removal_effect)])).toEqual([
      ['A', expect.closeTo(2, 12), expect.closeTo(1, 12)],
      ['B', expect.closeTo(1, 12), expect.closeTo(0.5, 12)],
    ]);
    expect(rows[0]!.time_decay).toBe('');
    expect(rows[1]!.disagreement).toMatch(/^首次触点给 B 0%/);
  });

  it('shows only the models asked for', async () => {
    const { code, out } = await cli(...pathsArgs, '--model', 'removal_effect,markov', '--format', 'csv');
    expect(code).toBe(EXIT_OK);
    expect(out.split('\n')[0]).toBe('channel,markov,removal_effect,spread_points,disagreement');
  });

  it('says which column is missing, and which flags are wrong, with exit 2', async () => {
    const missing = await cli(
      'attribution',
      'paths',
      'vignette.csv',
      '--path-column',
      'path',
      '--conversions-column',
      'conversions',
    );
    expect(missing.code).toBe(EXIT_USER);
    expect(missing.err).toContain('no column `conversions` (--conversions-column)');
    expect(missing.err).toContain('total_conversions');
    const model = await cli(...pathsArgs, '--model', 'markow');
    expect(model.code).toBe(EXIT_USER);
    expect(model.err).toContain('unknown model markow');
    const absent = await cli(
      'attribution',
      'paths',
      'nope.csv',
      '--path-column',
      'p',
      '--conversions-column',
      'c',
    );
    expect(absent.code).toBe(EXIT_USER);
    expect(absent.err).toContain('nope.csv');
  });
});

describe('markpi attribution touches', () => {
  it('builds journeys with the lookback and gives every model, time decay included', async () => {
    const { code, out, err } = await cli(...touchesArgs, '--lookback', '30d', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(out) as { rows: JsonRow[]; journeys: Record<string, unknown> };
    expect(report.journeys).toMatchObject({ lookbackDays: 30, converting: 3, nonConverting: 2 });
    const rows = Object.fromEntries(report.rows.map((row) => [row.key, row]));
    // Hand-solved chain (see the application's tests): effects 1/3, 2/3, 1/3 → credits 0.75, 1.5, 0.75.
    expect(rows.douyin!.markov).toBeCloseTo(0.75, 12);
    expect(rows.xiaohongshu!.markov).toBeCloseTo(1.5, 12);
    expect(rows.weibo!.markov).toBeCloseTo(0.75, 12);
    expect(rows.douyin!.time_decay).not.toBeNull();
    expect(rows.douyin!.disagreement?.message.key).toBe('attribution.disagreement.opens');
  });

  it('counts u3’s April touch once the lookback reaches it', async () => {
    const { code, out } = await cli(...touchesArgs, '--lookback', '6w', '--format', 'json');
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(out) as { rows: JsonRow[]; journeys: Record<string, unknown> };
    // 35 days back is inside 42: u3's journey is douyin > xiaohongshu, and one null journey is left (u4).
    expect(report.journeys).toMatchObject({ lookbackDays: 42, converting: 3, nonConverting: 1 });
    const douyin = report.rows.find((row) => row.key === 'douyin')!;
    expect(douyin.first_touch).toBe(2);
  });

  it('refuses a lookback that is not a length of time', async () => {
    const { code, err } = await cli(...touchesArgs, '--lookback', 'a month');
    expect(code).toBe(EXIT_USER);
    expect(err).toContain('--lookback a month is not a length of time');
  });
});

describe('markpi attribution over a workspace', () => {
  let db: string;
  beforeAll(async () => {
    db = path.join(folder, 'may.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: db });
    await loadAttributionFixture(warehouse);
    await warehouse.close();
  });
  const window = ['--from', '2026-05-01', '--to', '2026-05-31'];

  it('prints creators’ ROI under the model asked for, in Chinese', async () => {
    const { code, out, err } = await cli(
      '--db',
      db,
      'attribution',
      'creators',
      ...window,
      '--model',
      'last_touch',
      '--lang',
      'zh',
    );
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('末次触点模型下的归因');
    // kol_a: one order of 200 against a fee of 250 under last touch; KOLA10 brought one order.
    const line = out.split('\n').find((entry) => entry.includes('A姐'))!;
    expect(line).toMatch(/250\.00 .*1\.00 .*200\.00 .*-20\.0% .*250\.00 .*1 .*200\.00/);
    expect(out).toContain('NOBODY');
  });

  it('refreshes the attributed measures and says what it wrote', async () => {
    const { code, out } = await cli('--db', db, 'attribution', 'refresh', '--lookback', '30d');
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(
      /^\d+ attributed rows written for conversions 2026-05-02 … 2026-05-12 \(1 month fitted\)\n$/,
    );
    const query = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'attributed_roas_last_touch',
      '--by',
      'channel',
      ...window,
      '--format',
      'json',
    );
    const rows = JSON.parse(query.out) as { channel: string; attributed_roas_last_touch: number | null }[];
    // Last touch: xiaohongshu closes p2's journey (200) against 100 of spend.
    expect(rows.find((row) => row.channel === 'xiaohongshu')?.attributed_roas_last_touch).toBe(2);
  });

  it('credits creators, a touch without one counted for its channel', async () => {
    const { code, out } = await cli(
      '--db',
      db,
      'attribution',
      ...window,
      '--by',
      'creator',
      '--model',
      'first_touch,markov',
    );
    expect(code).toBe(EXIT_OK);
    expect(out).toMatch(/│ A姐 \(kol_a\) +│ +2\.00 │ +1\.60 │/);
    expect(out).toContain('channel:douyin');
  });
});

describe('flag parsing', () => {
  it('reads lookbacks in days, weeks and hours', () => {
    expect(parseLookback('30d')).toBe(30);
    expect(parseLookback('30')).toBe(30);
    expect(parseLookback('2w')).toBe(14);
    expect(parseLookback('36h')).toBe(1.5);
    expect(() => parseLookback('0d')).toThrow(/not a length of time/);
  });

  it('keeps models in column order', () => {
    expect(parseModels('shapley,first_touch')).toEqual(['first_touch', 'shapley']);
    expect(parseModels(undefined)).toHaveLength(9);
  });
});
