/**
 * Loads through the store's DuckDB end to end: every fixture, restated days, a failed load.
 */
import { describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { bytesSource, fileSource } from '../read/source.js';
import { FIXTURE_OPTIONS } from '../testing/fixture-options.js';
import { FIXTURES, MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openTestWorkspace } from '../testing/workspace.js';
import { exportRejectedRows, importFile } from './import-files.js';

describe('DuckDB warehouse', () => {
  it('loads every fixture, once', async () => {
    const warehouse = await openTestWorkspace();
    try {
      const fx = await importFile(warehouse, fileSource(`${FIXTURE_DIR}fx-rates.csv`), {
        mapping: validateMapping(MAPPINGS['fx-rates']),
      });
      expect(fx.summary?.rowsAccepted).toBe(4);
      for (const fixture of FIXTURES) {
        if (fixture.file === 'fx-rates.csv') continue;
        const report = await importFile(
          warehouse,
          fileSource(`${FIXTURE_DIR}${fixture.file}`),
          FIXTURE_OPTIONS[fixture.file] ?? {},
        );
        expect(report.status, fixture.file).toBe('imported');
      }
      const counts = await warehouse.query(
        `SELECT platform, rows_accepted, rows_rejected, reconciliation FROM meta_imports ORDER BY platform, file_name`,
      );
      expect(counts.length).toBe(FIXTURES.length);
      const [performance] = await warehouse.query(
        'SELECT COUNT(*) AS n, SUM(spend) AS spend FROM fact_performance',
      );
      // 54 performance rows in the fixtures, less the 3 that total a period (the week's landing
      // pages, the two-week Meta report), which are kept whole beside the daily rows.
      expect(Number(performance!.n)).toBe(51);
      expect(
        await warehouse.query(
          `SELECT rows_replaced FROM meta_imports WHERE file_name = 'meta-en-two-weeks.csv'`,
        ),
      ).toEqual([{ rows_replaced: 0 }]);
      // The two-week Meta total is left out: the old-layout report's daily rows of 25 May, same
      // platform and account, are the more detailed account of one of its days.
      expect(
        await warehouse.query(
          `SELECT channel, CAST("date" AS VARCHAR) AS first_day, CAST(period_end AS VARCHAR) AS last_day, spend FROM fact_performance_periods ORDER BY spend`,
        ),
      ).toEqual([
        { channel: 'google_ads', first_day: '2026-05-18', last_day: '2026-05-24', spend: 8576.4 },
        { channel: 'google_ads', first_day: '2026-05-18', last_day: '2026-05-24', spend: 9221.17 },
      ]);
      const [google] = await warehouse.query(
        `SELECT SUM(spend) AS spend, SUM(impressions) AS impressions FROM fact_performance WHERE channel = 'google_ads' AND "date" <= DATE '2026-05-03'`,
      );
      // Campaign report: 544.25 USD × 7 = 3809.75 CNY; 40,491 impressions.
      expect(google).toEqual({ spend: 3809.75, impressions: 40491 });
      const [ledger] = await warehouse.query(
        `SELECT SUM(amount) AS amount FROM fact_costs WHERE "date" = DATE '2026-05-01'`,
      );
      expect(ledger).toEqual({ amount: 42500.5 });

      const again = await importFile(warehouse, fileSource(`${FIXTURE_DIR}google-ads-campaign-daily.csv`));
      expect(again.status).toBe('already_imported');
      const [after] = await warehouse.query('SELECT COUNT(*) AS n FROM fact_performance');
      expect(Number(after!.n)).toBe(51);

      const csv = await exportRejectedRows(warehouse);
      expect(csv).toContain('ga4-traffic-acquisition.csv,14,Session source / medium');
    } finally {
      await warehouse.close();
    }
  });

  it('replaces restated days and rolls back a failed load', async () => {
    const warehouse = await openTestWorkspace();
    try {
      const fxRates = [{ date: '2026-01-01', currency: 'USD', rate: 7 }];
      const file = (range: string, rows: string[]) =>
        bytesSource(
          `${range}.csv`,
          new TextEncoder().encode(
            ['Campaign report', `"${range}"`, 'Day,Campaign,Currency code,Cost,Impr.', ...rows, ''].join(
              '\n',
            ),
          ),
        );
      await importFile(
        warehouse,
        file('May 1, 2026 - May 2, 2026', ['2026-05-01,A,USD,1,10', '2026-05-02,A,USD,2,20']),
        { fxRates },
      );
      const restated = await importFile(
        warehouse,
        file('May 2, 2026 - May 2, 2026', ['2026-05-02,A,USD,3,30']),
        { fxRates },
      );
      expect(restated.rowsReplaced).toBe(1);
      expect(
        await warehouse.query(
          'SELECT strftime("date", \'%Y-%m-%d\') AS day, impressions FROM fact_performance ORDER BY 1',
        ),
      ).toEqual([
        { day: '2026-05-01', impressions: 10 },
        { day: '2026-05-02', impressions: 30 },
      ]);

      // 30 000 good rows in batches of 5 000, then a row cut off: all of it rolls back.
      const rows = Array.from({ length: 30_000 }, (_, index) => `2026-05-03,C${index},USD,1,1`);
      const cut = new TextEncoder().encode(
        `Day,Campaign,Currency code,Cost,Impr.\n${rows.join('\n')}\n2026-05-03,C,USD`,
      );
      await expect(
        importFile(warehouse, bytesSource('cut.csv', cut), { fxRates, batchRows: 5000 }),
      ).rejects.toThrow(/cut\.csv:30002:Cost: the last row stops after 3 of 5 cells/);
      const [count] = await warehouse.query('SELECT COUNT(*) AS n FROM fact_performance');
      expect(Number(count!.n)).toBe(2);
      expect(
        await warehouse.query(`SELECT COUNT(*) AS n FROM meta_imports WHERE file_name = 'cut.csv'`),
      ).toEqual([{ n: 0 }]);
    } finally {
      await warehouse.close();
    }
  });
});
