import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFixture } from '../../store/src/scenarios/fixture.js';
import { EXIT_OK, EXIT_USER } from './program.js';
import { runCliCaptured } from './testing.js';

let folder: string;
let db: string;

const cli = (...args: string[]) => runCliCaptured(folder, args);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-'));
  db = path.join(folder, 'fixture.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  await loadScenarioFixture(warehouse);
  await warehouse.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi query', () => {
  it('prints JSON rows keyed by dimension and KPI ids', async () => {
    const { code, out } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'ctr,cpc',
      '--by',
      'channel',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--format',
      'json',
    );
    expect(code).toBe(EXIT_OK);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    expect(rows.map((row) => row.channel)).toEqual(['douyin', 'meta', 'xiaohongshu']);
    expect(rows[0]).toEqual({ channel: 'douyin', ctr: 100 / 4000, cpc: 3 });
  });

  it('takes the grain from --by and compares with the previous period', async () => {
    const { code, out } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'ctr',
      '--by',
      'month',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-28',
      '--compare',
      'previous',
      '--format',
      'json',
    );
    expect(code).toBe(EXIT_OK);
    const [row] = JSON.parse(out) as Record<string, number>[];
    expect(row?.month).toBe('2026-02-01');
    expect(row?.ctr).toBeCloseTo(0.02, 12);
    expect(row?.ctr__previous).toBeCloseTo(230 / 8500, 12);
  });

  it('filters with --where and prints CSV with a header', async () => {
    const { code, out } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'spend,clicks',
      '--by',
      'channel',
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-28',
      '--where',
      "channel = 'douyin'",
      '--format',
      'csv',
    );
    expect(code).toBe(EXIT_OK);
    expect(out.trim().split('\n')).toEqual(['channel,spend,clicks', 'douyin,300,100']);
  });

  it('prints a table with units', async () => {
    const { code, out } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'ctr,roas',
      '--by',
      'channel',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
    );
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('2.50%'); // douyin CTR
    expect(out).toContain('4.00×'); // meta ROAS
    expect(out).toContain('3 rows');
  });

  it('exits 2 with a suggestion for an unknown KPI', async () => {
    const { code, err } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'ctrr',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
    );
    expect(code).toBe(EXIT_USER);
    expect(err).toContain('unknown KPI `ctrr`');
    expect(err).toContain('did you mean `ctr`');
  });

  it('exits 2 for a bad filter, naming the place', async () => {
    const { code, err } = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'ctr',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--where',
      "channel = 'a'; drop table x",
    );
    expect(code).toBe(EXIT_USER);
    expect(err).toMatch(/;/);
  });

  it('exits 2 and says how to start when the workspace is missing', async () => {
    const { code, err } = await cli('--db', path.join(folder, 'nope.duckdb'), 'query', '--kpis', 'ctr');
    expect(code).toBe(EXIT_USER);
    expect(err).toContain('markpi demo');
  });

  it('runs under a memory limit, and refuses one that is not a size', async () => {
    const args = ['query', '--kpis', 'ctr', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'json'];
    const limited = await cli('--db', db, '--memory-limit', '256MB', ...args);
    expect(limited.code, limited.err).toBe(EXIT_OK);
    expect((JSON.parse(limited.out) as { ctr: number }[])[0]?.ctr).toBeGreaterThan(0);
    const wrong = await cli('--db', db, '--memory-limit', 'plenty', ...args);
    expect(wrong.code).toBe(EXIT_USER);
    expect(wrong.err).toContain('not a size such as 768MB');
  });

  it('exits 2 on unknown options', async () => {
    const { code } = await cli('query', '--kpis', 'ctr', '--colour', 'red');
    expect(code).toBe(EXIT_USER);
  });
});

describe('markpi demo', () => {
  it('builds a demo workspace and shows a first query', async () => {
    const db = path.join(folder, 'demo.duckdb');
    const { code, out } = await cli('--db', db, 'demo', '--no-serve', '--rows', '60000');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('fact_performance: 60,000');
    expect(out).toMatch(/weibo\s+│/);
    const targets = await cli('--db', db, 'targets', 'list', '--format', 'json');
    expect(targets.code, targets.err).toBe(EXIT_OK);
    expect(targets.out).toContain('618-2026');
  }, 120_000);
});

describe('markpi kpis and explain', () => {
  it('lists the catalog in Chinese', async () => {
    const { code, out } = await cli('kpis', '--lang', 'zh', '--format', 'json');
    expect(code).toBe(EXIT_OK);
    const rows = JSON.parse(out) as { id: string; name: string }[];
    expect(rows.find((row) => row.id === 'ctr')?.name).toBe('点击率');
  });

  it('includes custom KPIs from markpi.yaml in the working folder', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'markpi-ws-'));
    writeFileSync(
      path.join(workspace, 'markpi.yaml'),
      'kpis:\n  - id: clicks_per_post\n    name: { en: Clicks per post, zh: 篇均点击 }\n    description: { en: x, zh: x }\n    formula: clicks / count(content)\n    unit: number\n    direction: up\n    aggregation: ratio\n',
    );
    const { code, out } = await runCliCaptured(workspace, ['kpis', '--format', 'json']);
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('clicks_per_post');
    rmSync(workspace, { recursive: true, force: true });
  });

  it('explains a KPI with its SQL and bound parameters', async () => {
    const { code, out } = await cli('explain', 'cpe');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('spend / interactions');
    expect(out).toContain('likes + comments + shares + saves');
    expect(out).toContain('fact_performance');
    expect(out).toContain("DATE '2026-01-01'");
    const viral = await cli('explain', 'viral_rate');
    expect(viral.out).toMatch(/\$1/);
    // The threshold is bound; so is the flag a prorated period row would raise.
    expect(viral.out).toContain('parameters: ["approximate",1000]');
  });

  it('prints help', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('query');
  });
});
