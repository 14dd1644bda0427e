import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from './program.js';
import { runCliCaptured } from './testing.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../importers/fixtures');

let folder: string;
const cli = (...args: string[]) => runCliCaptured(folder, args);

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-constants-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A Google Ads campaign view downloaded for one day, with no Day column and no date range line. */
function undatedFile(): string {
  const file = path.join(folder, 'campaigns.csv');
  writeFileSync(
    file,
    [
      'Campaign,Currency code,Cost,Impr.,Clicks',
      'Summer Sale,CNY,120.50,"3,000",60',
      'Brand,CNY,80.00,"1,000",40',
      '',
    ].join('\n'),
  );
  return file;
}

describe('markpi import --constant', () => {
  it('gives an undated file its day and account, as a mapping’s constants would', async () => {
    const db = path.join(folder, 'constants.duckdb');
    const file = undatedFile();
    const refused = await cli('--db', db, 'import', file);
    expect(refused.code).toBe(EXIT_USER);
    expect(refused.err).toMatch(/no date column/);

    const result = await cli(
      '--db',
      db,
      'import',
      file,
      '--constant',
      'date=2025-06-30',
      '--constant',
      'account=acme-hk',
      '--format',
      'json',
    );
    expect(result.code, result.err).toBe(EXIT_OK);
    const warehouse = await openDuckDbWarehouse({ path: db });
    try {
      const rows = await warehouse.query(
        'SELECT CAST("date" AS VARCHAR) AS day, channel, account, campaign, spend FROM fact_performance ORDER BY campaign',
      );
      expect(rows).toEqual([
        { day: '2025-06-30', channel: 'google_ads', account: 'acme-hk', campaign: 'Brand', spend: 80 },
        {
          day: '2025-06-30',
          channel: 'google_ads',
          account: 'acme-hk',
          campaign: 'Summer Sale',
          spend: 120.5,
        },
      ]);
    } finally {
      await warehouse.close();
    }
  });

  it('refuses a field it cannot set, a day that is not one, an unknown channel and a bare word', async () => {
    const db = path.join(folder, 'refused.duckdb');
    const file = undatedFile();
    const cases: [string, RegExp][] = [
      ['colour=red', /cannot set `colour`.*constants set date, channel, account/s],
      ['date=2025-02-30', /not a calendar day/],
      ['channel=myspace', /not a channel/],
      ['date', /write field=value/],
    ];
    for (const [constant, message] of cases) {
      const result = await cli('--db', db, 'import', file, '--constant', constant);
      expect(result.code, constant).toBe(EXIT_USER);
      expect(result.err, constant).toMatch(message);
    }
  });
});

describe('markpi import of a report over a date range', () => {
  it('keeps its rows whole as period totals and says how they will be read', async () => {
    const db = path.join(folder, 'periods.duckdb');
    const rates = await cli(
      '--db',
      db,
      'import',
      path.join(fixtures, 'fx-rates.csv'),
      '--mapping',
      path.join(fixtures, 'mappings/fx-rates.json'),
    );
    expect(rates.code, rates.err).toBe(EXIT_OK);
    const result = await cli('--db', db, 'import', path.join(fixtures, 'meta-en-two-weeks.csv'));
    expect(result.code, result.err).toBe(EXIT_OK);
    expect(result.out).toContain('2026-05-25 … 2026-06-07');
    expect(result.err).toContain(
      'meta-en-two-weeks.csv: 1 row totals a period (2026-05-25 … 2026-06-07), kept whole: a window or bucket cutting through a period prorates it by day and flags the values approximate',
    );
    // The two weeks whole, then the first week alone: 7 of its 14 days, flagged.
    const whole = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'spend',
      '--from',
      '2026-05-25',
      '--to',
      '2026-06-07',
      '--format',
      'json',
    );
    expect(JSON.parse(whole.out)).toEqual([{ spend: 1116.57 }]);
    const week = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'spend',
      '--from',
      '2026-05-25',
      '--to',
      '2026-05-31',
      '--format',
      'json',
    );
    const [cut] = JSON.parse(week.out) as { spend: number; spend__flag: string; spend__prorated: number }[];
    expect(cut?.spend).toBeCloseTo(1116.57 / 2, 9);
    expect(cut?.spend__flag).toBe('approximate');
    expect(cut?.spend__prorated).toBe(1);
  });
});
