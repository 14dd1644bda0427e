import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXIT_OK } from './program.js';
import { runCliCaptured } from './testing.js';

let folder: string;
const cli = (...args: string[]) => runCliCaptured(folder, args);

// An e-commerce sheet no platform covers: a 0/1 flag, a rate, two money columns in yuan.
const SHEET = `Date,Campaign,Sessions,Orders,Revenue (CNY),Conversion Rate,Paid,Spend (CNY)
2025-05-18,Summer Launch,4210,96,"4,820.50",2.28%,1,310.40
2025-05-18,Newsletter May,1802,51,"2,210.00",2.83%,0,0
2025-05-19,Summer Launch,3988,88,"4,402.10",2.21%,1,322.90
`;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-mapping-'));
  writeFileSync(path.join(folder, 'shop-campaigns.csv'), SHEET);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi mapping suggest, then import --dry-run', () => {
  it('writes a YAML draft with reasons and questions that imports once they are answered', async () => {
    const suggested = await cli('mapping', 'suggest', 'shop-campaigns.csv', '--lang', 'en');
    expect(suggested.code, suggested.err).toBe(EXIT_OK);
    const yaml = suggested.out;
    expect(yaml).toContain('"Orders": conversions  # sure, confidence 0.95: the header names conversions');
    expect(yaml).toContain('# "Conversion Rate": ignore  # left out, confidence 0.95: a ratio (“rate”)');
    expect(yaml).toContain('# ? “Paid” is a yes/no flag');
    expect(yaml).toContain('# ? no column names the platform: set `channel`');
    const draft = parseYaml(yaml) as { columns: Record<string, string>; currency: string };
    expect(draft.columns).toEqual({
      Date: 'date',
      Campaign: 'campaign',
      Orders: 'conversions',
      'Revenue (CNY)': 'conversion_value',
      'Spend (CNY)': 'spend',
    });
    expect(draft.currency).toBe('CNY');

    // Answering the question: the channel line uncommented.
    writeFileSync(
      path.join(folder, 'mapping.yaml'),
      yaml.replace('# channel: douyin', 'channel: google_ads'),
    );
    const db = path.join(folder, 'dry.duckdb');
    const dry = await cli(
      '--db',
      db,
      'import',
      'shop-campaigns.csv',
      '--mapping',
      'mapping.yaml',
      '--dry-run',
      '--format',
      'json',
    );
    expect(dry.code, dry.err).toBe(EXIT_OK);
    const [report] = JSON.parse(dry.out) as {
      status: string;
      preview: {
        tables: {
          table: string;
          rowCount: number;
          rows: Record<string, unknown>[];
          totals: Record<string, number>;
        }[];
      };
    }[];
    expect(report?.status).toBe('dry_run');
    expect(report?.preview.tables[0]?.table).toBe('fact_performance');
    expect(report?.preview.tables[0]?.rowCount).toBe(3);
    expect(report?.preview.tables[0]?.rows[0]).toMatchObject({
      date: '2025-05-18',
      channel: 'google_ads',
      campaign: 'Summer Launch',
      conversions: 96,
      conversion_value: 4820.5,
      spend: 310.4,
      currency: 'CNY',
    });
    // Totals by hand: 96 + 51 + 88; 4820.50 + 2210.00 + 4402.10; 310.40 + 0 + 322.90.
    expect(report?.preview.tables[0]?.totals.conversions).toBe(235);
    expect(report?.preview.tables[0]?.totals.conversion_value).toBeCloseTo(11432.6, 9);
    expect(report?.preview.tables[0]?.totals.spend).toBeCloseTo(633.3, 9);

    const table = await cli(
      '--db',
      db,
      'import',
      'shop-campaigns.csv',
      '--mapping',
      'mapping.yaml',
      '--dry-run',
    );
    expect(table.code, table.err).toBe(EXIT_OK);
    expect(table.out).toContain(
      'shop-campaigns.csv: the first 3 of 3 rows as they would be stored in fact_performance (nothing was written)',
    );
    expect(table.out).toContain('totals over 3 rows');
    expect(table.out).toMatch(/11,432\.6/);
  });

  it('writes the comments in Chinese and JSON for scripts', async () => {
    const zh = await cli('mapping', 'suggest', 'shop-campaigns.csv', '--lang', 'zh');
    expect(zh.code, zh.err).toBe(EXIT_OK);
    expect(zh.out).toContain('# ? “Paid”是是/否标记');
    const json = await cli('mapping', 'suggest', 'shop-campaigns.csv', '--format', 'json');
    const suggestion = JSON.parse(json.out) as {
      columns: { header: string; class: string; field: string | null }[];
    };
    expect(suggestion.columns.find((column) => column.header === 'Paid')).toMatchObject({
      class: 'flag',
      field: null,
    });
  });
});
