import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fitBgNbd, fitGammaGamma } from '@markpi/core';
import { openDuckDbWarehouse } from '@markpi/store';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandWorkspace } from '../../../app/src/customers/testing.js';
import {
  betaDraw,
  gammaDraw,
  seededUniform,
  simulatePurchases,
} from '../../../core/src/customers/testing.js';
import { EXIT_OK, EXIT_USER } from '../program.js';
import { runCliCaptured } from '../testing.js';

let folder: string;
let db: string;
const cli = (...args: string[]) => runCliCaptured(folder, ['--db', db, ...args]);

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-cli-customers-'));
  db = path.join(folder, 'shop.duckdb');
  const warehouse = await openDuckDbWarehouse({ path: db });
  await loadHandWorkspace(warehouse);
  await warehouse.close();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi cohorts', () => {
  it('prints the retention table in English and Chinese', async () => {
    const english = await cli('cohorts');
    expect(english.err).toBe('');
    expect(english.code).toBe(EXIT_OK);
    const january = english.out.split('\n').find((line) => line.includes('2026-01'))!;
    expect(january).toMatch(/100\.0%.*50\.0%.*50\.0%.*0\.0%/);
    expect(english.out).toContain('2026-04 is not over yet (data through 2026-04-01)');
    const chinese = await cli('cohorts', 'table', '--by-channel', '--lang', 'zh');
    expect(chinese.out).toContain('首单渠道');
    expect(chinese.out).toContain('第0月');
    expect(chinese.out).toContain('尚未结束');
    expect(chinese.out.split('\n').filter((line) => line.includes('tmall'))).toHaveLength(2);
  });

  it('gives one CSV row per cohort and month, and retention by (CE − CN) / CS', async () => {
    const csv = await cli('cohorts', '--format', 'csv', '--through', '2026-03-31');
    const rows = parseCsv(csv.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.cohort, row.offset, row.active_customers, row.ltv])).toEqual([
      ['2026-01', '0', '2', '90'],
      ['2026-01', '1', '1', '110'],
      ['2026-01', '2', '1', '150'],
      ['2026-02', '0', '2', '75'],
      ['2026-02', '1', '0', '75'],
    ]);
    const retention = await cli(
      'cohorts',
      'retention',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-28',
      '--churn-days',
      '30',
      '--format',
      'json',
    );
    expect(JSON.parse(retention.out)).toMatchObject({
      startCustomers: 2,
      endCustomers: 3,
      acquiredCustomers: 3,
      retention: 0,
    });
    const table = await cli(
      'cohorts',
      'retention',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-28',
      '--lang',
      'zh',
    );
    expect(table.out).toContain('连续 30 天未下单视为流失');
    const bad = await cli(
      'cohorts',
      'retention',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-28',
      '--churn-days',
      '0',
    );
    expect(bad.code).toBe(EXIT_USER);
  });
});

describe('markpi ltv', () => {
  it('finds the payback month with the ledger in CAC', async () => {
    const json = await cli(
      'ltv',
      'payback',
      '--from-cohort',
      '2026-01',
      '--through',
      '2026-03-31',
      '--format',
      'json',
    );
    expect(json.code).toBe(EXIT_OK);
    const answer = JSON.parse(json.out) as {
      channels: { channel: string; cost: number; paybackMonth: number | null }[];
    };
    expect(answer.channels.find((row) => row.channel === 'tmall')).toMatchObject({
      cost: 410,
      paybackMonth: 2,
    });
    const table = await cli(
      'ltv',
      'payback',
      '--from-cohort',
      '2026-01',
      '--through',
      '2026-03-31',
      '--lang',
      'zh',
    );
    expect(table.out).toContain('回本月');
    expect(table.out).toContain('尚未回本');
    expect(table.out).toContain('未计入任何渠道的获客成本');
    const curves = await cli('ltv', 'curves', '--through', '2026-03-31');
    expect(curves.out).toContain('pooled LTV by month after acquisition');
  });

  it('fits a per-customer summary file and prints the parameters with standard errors', async () => {
    // CDNOW's published parameters: customers simulated from them, with spend from Gamma-Gamma.
    const uniform = seededUniform(2005);
    const lines = ['id,x,t_x,T,m'];
    const customers = [];
    for (let index = 0; index < 2500; index++) {
      // Ages in whole days, as a shop's export would give them.
      const age = Math.round((39 - 12 * uniform()) * 7) / 7;
      const { frequency, recency } = simulatePurchases(
        uniform,
        gammaDraw(uniform, 0.243, 4.414),
        betaDraw(uniform, 0.793, 2.426),
        age,
      );
      const nu = gammaDraw(uniform, 3.74, 15.44);
      let total = 0;
      for (let purchase = 0; purchase < frequency; purchase++) total += gammaDraw(uniform, 6.25, nu);
      const monetary = frequency > 0 ? Math.round((total / frequency) * 100) / 100 : 0;
      const row = { frequency, recency, age, monetary };
      customers.push(row);
      lines.push(`c${index},${row.frequency},${row.recency},${row.age},${row.monetary}`);
    }
    const file = path.join(folder, 'summary.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const flags = [
      '--customer-column',
      'id',
      '--frequency-column',
      'x',
      '--recency-column',
      't_x',
      '--age-column',
      'T',
    ];
    const json = await cli(
      'ltv',
      'fit',
      'summary.csv',
      ...flags,
      '--monetary-column',
      'm',
      '--format',
      'json',
    );
    expect(json.err).toBe('');
    expect(json.code).toBe(EXIT_OK);
    const fit = JSON.parse(json.out) as {
      purchase: { estimates: Record<string, { value: number; standardError: number }> };
      spend: { estimates: Record<string, { value: number; standardError: number }> };
    };
    // The same estimates core finds on the same numbers, each with a standard error.
    const direct = fitBgNbd(customers);
    for (const name of ['r', 'alpha', 'a', 'b']) {
      expect(fit.purchase.estimates[name]!.value).toBeCloseTo(direct.estimates[name as 'r'].value, 10);
      expect(fit.purchase.estimates[name]!.standardError).toBeGreaterThan(0);
    }
    const spend = fitGammaGamma(customers);
    expect(fit.spend.estimates.p!.value).toBeCloseTo(spend.parameters.p, 10);
    const table = await cli('ltv', 'fit', 'summary.csv', ...flags, '--lang', 'zh');
    expect(table.out).toContain('BG/NBD 购买模型');
    expect(table.out).toContain('标准误');
    const missing = await cli('ltv', 'fit', 'summary.csv', '--customer-column', 'id');
    expect(missing.code).toBe(EXIT_USER);
    expect(missing.err).toContain('--frequency-column');
  });
});
