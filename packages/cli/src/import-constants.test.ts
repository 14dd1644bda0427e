import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USER } from './program.js';
import { runCliCaptured } from './testing.js';

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
