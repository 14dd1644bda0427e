import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
const cli = (...args: string[]) => runCliCaptured(folder, args);

const REGIONS = ['north', 'south', 'east', 'west', 'central', 'coast', 'hills', 'lakes', 'delta', 'plains'];
const TREATED = ['east', 'lakes'];
const TEST = { from: '2026-08-10', to: '2026-08-30' };

/**
 * A synthetic panel: ten regions over 100 days, each a mix of two shared waves and a weekly
 * pattern with its own loadings and noise; the treated regions gain 25% of their own value on
 * the test's days. The true incremental total is counted as the file is written.
 */
function syntheticPanel(): { csv: string; added: number } {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const loadings = REGIONS.map(() => [next(), next(), 0.5 + next()]);
  const lines = ['date,region,orders'];
  let added = 0;
  for (let day = 0; day < 100; day++) {
    const date = new Date(Date.UTC(2026, 4, 23 + day)).toISOString().slice(0, 10);
    const weekly = [0, 0.05, 0.02, 0, -0.03, 0.08, -0.06][day % 7]!;
    REGIONS.forEach((region, index) => {
      const [a, b, size] = loadings[index]!;
      const base = Math.round(
        300 * size! * (1 + 0.2 * a! * Math.sin(day / 8) + 0.15 * b! * Math.cos(day / 19) + weekly) +
          (next() - 0.5) * 14,
      );
      const treated = TREATED.includes(region) && date >= TEST.from && date <= TEST.to;
      const value = treated ? Math.round(base * 1.25) : base;
      added += value - base;
      lines.push(`${date},${region},${value}`);
    });
  }
  return { csv: `${lines.join('\n')}\n`, added };
}

const PANEL = syntheticPanel();

const geoArgs = [
  'lift',
  'geo',
  'panel.csv',
  '--date-column',
  'date',
  '--location-column',
  'region',
  '--y-column',
  'orders',
  '--treated',
  TREATED.join(','),
  '--test-start',
  TEST.from,
  '--test-end',
  TEST.to,
];

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-lift-'));
  writeFileSync(path.join(folder, 'panel.csv'), PANEL.csv);
  // An empty workspace to record into.
  const workspace = await openDuckDbWarehouse({ path: path.join(folder, 'ledger.duckdb') });
  await workspace.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi lift geo over a file', () => {
  it('finds the planted lift within its interval (JSON as the API gives it)', async () => {
    const { code, out, err } = await cli(...geoArgs, '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(EXIT_OK);
    const answer = JSON.parse(out);
    expect(answer.method).toBe('geo');
    expect(answer.source).toBe('file');
    expect(answer.cell.treated).toEqual(TREATED);
    expect(answer.controls).toHaveLength(8);
    expect(answer.pre).toEqual({ from: '2026-05-23', to: '2026-08-09' });
    expect(answer.cell.inference.incremental.low).toBeLessThan(PANEL.added);
    expect(answer.cell.inference.incremental.high).toBeGreaterThan(PANEL.added);
    expect(answer.cell.inference.pValue).toBeLessThan(0.05);
    expect(answer.cell.percentLift).toBeGreaterThan(0.15);
    expect(answer.cell.percentLift).toBeLessThan(0.35);
  });

  it('says it in Chinese as a table, and gives the treated and synthetic series as CSV', async () => {
    const table = await cli(...geoArgs, '--lang', 'zh');
    expect(table.code).toBe(EXIT_OK);
    expect(table.out).toContain('增量');
    expect(table.out).toContain('合成对照');
    expect(table.out).toContain('east, lakes');
    const csv = await cli(...geoArgs, '--format', 'csv');
    const rows = parseCsv(csv.out, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['date', 'period', 'treated', 'synthetic', 'gap']);
    expect(rows).toHaveLength(100);
    expect(rows.filter((row) => row.period === 'test')).toHaveLength(21);
    // Each row's gap is its treated mean less its synthetic control.
    for (const row of rows)
      expect(Number(row.gap)).toBeCloseTo(Number(row.treated) - Number(row.synthetic), 6);
  });

  it('records the result in a workspace’s ledger, lists it, and withdraws it', async () => {
    const nowhere = await cli('--db', 'missing.duckdb', ...geoArgs, '--record', 'Region test');
    expect(nowhere.code).toBe(EXIT_USER);
    expect(nowhere.err).toContain('no workspace at');
    const recorded = await cli(
      '--db',
      'ledger.duckdb',
      ...geoArgs,
      '--record',
      'Region test',
      '--format',
      'json',
    );
    expect(recorded.code, recorded.err).toBe(EXIT_OK);
    expect(recorded.err).toContain('recorded in the lift ledger as region-test');
    const ledger = await cli('--db', 'ledger.duckdb', 'lift', 'ledger', '--format', 'json');
    const { entries } = JSON.parse(ledger.out);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: 'region-test',
      name: 'Region test',
      method: 'geo',
      source: 'file',
      period: TEST,
      scope: { locations: TREATED, dimension: 'region' },
    });
    expect(entries[0].incremental.low).toBeLessThan(PANEL.added);
    const table = await cli('--db', 'ledger.duckdb', 'lift', 'ledger', '--lang', 'zh');
    expect(table.out).toContain('region-test');
    expect(table.out).toContain('编号');
    const withdrawn = await cli(
      '--db',
      'ledger.duckdb',
      'lift',
      'withdraw',
      'region-test',
      '--reason',
      'a rehearsal',
    );
    expect(withdrawn.out).toBe('region-test withdrawn: it no longer calibrates ROAS\n');
    expect(
      JSON.parse((await cli('--db', 'ledger.duckdb', 'lift', 'ledger', '--format', 'json')).out).entries,
    ).toEqual([]);
    const again = await cli('--db', 'ledger.duckdb', 'lift', 'withdraw', 'region-test');
    expect(again.code).toBe(EXIT_USER);
    expect(again.err).toContain('withdrawn already');
  });

  it('refuses a file without the columns it names, and a file with --kpi', async () => {
    const missing = await cli(
      ...geoArgs.slice(0, 3),
      '--treated',
      'east',
      '--test-start',
      TEST.from,
      '--test-end',
      TEST.to,
    );
    expect(missing.code).toBe(EXIT_USER);
    expect(missing.err).toContain('--date-column is needed to read a panel from a file');
    const wrong = await cli(...geoArgs.map((arg) => (arg === 'orders' ? 'sales' : arg)));
    expect(wrong.code).toBe(EXIT_USER);
    expect(wrong.err).toContain('no column `sales` (--y-column)');
    const both = await cli(...geoArgs, '--kpi', 'conversions');
    expect(both.code).toBe(EXIT_USER);
    expect(both.err).toContain('give a file or --kpi, not both');
  });
});

describe('markpi lift design, holdout and search', () => {
  it('ranks candidate regions over the file’s history by the lift they can detect', async () => {
    const { code, out } = await cli(
      'lift',
      'design',
      'panel.csv',
      '--date-column',
      'date',
      '--location-column',
      'region',
      '--y-column',
      'orders',
      '--duration',
      '14',
      '--candidates',
      'east,lakes;north,south',
      '--windows',
      '10',
      '--effects',
      '0.1,0.3',
      '--format',
      'json',
    );
    expect(code).toBe(EXIT_OK);
    const answer = JSON.parse(out);
    expect(answer.compared).toBe(2);
    expect(
      answer.result.candidates.map((candidate: { treated: string[] }) => candidate.treated),
    ).toHaveLength(2);
    for (const candidate of answer.result.candidates) {
      expect(candidate.power.map((entry: { effect: number }) => entry.effect)).toEqual([0.1, 0.3]);
      // Power grows with the effect.
      expect(candidate.power[1].power).toBeGreaterThanOrEqual(candidate.power[0].power);
    }
  });

  it('analyses a holdout from its counts, and sizes one', async () => {
    const counts = await cli(
      'lift',
      'holdout',
      '--treatment-users',
      '20000',
      '--treatment-conversions',
      '640',
      '--control-users',
      '20000',
      '--control-conversions',
      '500',
      '--format',
      'json',
    );
    expect(counts.code).toBe(EXIT_OK);
    const answer = JSON.parse(counts.out);
    expect(answer.result.incremental.value).toBeCloseTo(140, 9);
    expect(answer.result.relativeLift.value).toBeCloseTo(0.28, 12);
    const size = await cli('lift', 'holdout', '--baseline-rate', '0.02', '--mde', '0.1', '--format', 'json');
    const planned = JSON.parse(size.out);
    // Fleiss without continuity correction, equal groups, α 0.05 two-sided, power 0.8:
    // n = (z_{α/2}·√(2p̄q̄) + z_β·√(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p₁ 0.02, p₂ 0.022.
    const p1 = 0.02;
    const p2 = 0.022;
    const mean = (p1 + p2) / 2;
    const n =
      (1.959963984540054 * Math.sqrt(2 * mean * (1 - mean)) +
        0.8416212335729143 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) **
        2 /
      (p2 - p1) ** 2;
    expect(planned.treatment).toBe(Math.ceil(n));
    const bad = await cli('lift', 'holdout', '--treatment-users', 'many');
    expect(bad.code).toBe(EXIT_USER);
    expect(bad.err).toContain('--treatment-users many is not a whole number');
  });

  it('gives brand search lift from counts', async () => {
    const { code, out } = await cli(
      'lift',
      'search',
      '--viewers',
      '50000',
      '--searchers',
      '800',
      '--baseline-users',
      '50000',
      '--baseline-searchers',
      '400',
    );
    expect(code).toBe(EXIT_OK);
    expect(out).toContain(
      'search-back rate 1.60% after viewing against 0.80% in the matched baseline: +100% (95.0% interval +77.5% to +125%)',
    );
  });
});
