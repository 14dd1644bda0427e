import { describe, expect, it } from 'vitest';
import { bytesSource } from '../read/source.js';
import { crashing, openTestWorkspace, tableRows } from '../testing/workspace.js';
import { importFile } from './import-files.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

const META_DAILY = [
  '"Day","Campaign name","Ad set name","Amount spent (USD)",Impressions,Reach,"Link clicks","CTR (link click-through rate)",Purchases,"Reporting starts","Reporting ends"',
  '2026-05-01,Spring,Broad,100.50,10000,8000,150,1.5,3,2026-05-01,2026-05-02',
  '2026-05-02,Spring,Broad,"1,200.25",20000,15000,300,1.5,6,2026-05-01,2026-05-02',
].join('\n');

describe('importFile', () => {
  it('loads a Meta export, converting USD with the FX table', async () => {
    const workspace = await openTestWorkspace();
    const report = await importFile(workspace, bytesSource('meta.csv', utf8(`${META_DAILY}\n`)), {
      fxRates: [{ date: '2026-04-30', currency: 'USD', rate: 7 }],
      now: () => new Date('2026-06-01T00:00:00Z'),
    });
    expect(report.status).toBe('imported');
    expect(report.summary?.profile.id).toBe('meta');
    const rows = await tableRows(workspace, 'fact_performance');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      date: '2026-05-01',
      channel: 'meta',
      campaign: 'Spring',
      ad_group: 'Broad',
      spend: 703.5,
      currency: 'USD',
      impressions: 10000,
      reach: 8000,
      clicks: 150,
      conversions: 3,
      traffic_type: 'paid',
    });
    expect(rows[1]!.spend).toBe(8401.75);
    expect(await tableRows(workspace, 'meta_imports')).toHaveLength(1);
  });
  it('is a no-op the second time', async () => {
    const workspace = await openTestWorkspace();
    const options = { fxRates: [{ date: '2026-04-30', currency: 'USD', rate: 7 }] };
    await importFile(workspace, bytesSource('meta.csv', utf8(META_DAILY)), options);
    const again = await importFile(workspace, bytesSource('meta-copy.csv', utf8(META_DAILY)), options);
    expect(again.status).toBe('already_imported');
    expect(await tableRows(workspace, 'fact_performance')).toHaveLength(2);
  });
});

import { fileSource } from '../read/source.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { exportRejectedRows, importFiles, rejectedRowsToCsv } from './import-files.js';
import type { ImportProgress } from './types.js';

const USD = [{ date: '2026-01-01', currency: 'USD', rate: 7 }];
const GOOGLE = (rows: string[]) =>
  utf8(
    [
      'Campaign report',
      '"May 1, 2026 - May 3, 2026"',
      'Day,Campaign,Currency code,Cost,Impr.,Clicks',
      ...rows,
      '',
    ].join('\n'),
  );

describe('loads', () => {
  it('a newer file for the same platform, account and days replaces those days only', async () => {
    const workspace = await openTestWorkspace();
    await importFile(
      workspace,
      bytesSource(
        'v1.csv',
        GOOGLE(['2026-05-01,A,USD,1,10,1', '2026-05-02,A,USD,2,20,2', '2026-05-03,A,USD,3,30,3']),
      ),
      {
        fxRates: USD,
      },
    );
    // The restated file covers 2 and 3 May only (its range line says so).
    const restated = utf8(
      [
        'Campaign report',
        '"May 2, 2026 - May 3, 2026"',
        'Day,Campaign,Currency code,Cost,Impr.,Clicks',
        '2026-05-02,A,USD,5,50,5',
        '',
      ].join('\n'),
    );
    const report = await importFile(workspace, bytesSource('v2.csv', restated), { fxRates: USD });
    expect(report.rowsReplaced).toBe(2);
    expect(
      (await tableRows(workspace, 'fact_performance')).map((row) => [row.date, row.impressions]),
    ).toEqual([
      ['2026-05-01', 10],
      ['2026-05-02', 50],
    ]);
    expect((await tableRows(workspace, 'meta_imports')).map((row) => row.rows_replaced)).toEqual([0, 2]);
  });

  it("does not replace another platform's rows for the same channel and days", async () => {
    const workspace = await openTestWorkspace();
    await importFile(workspace, fileSource(`${FIXTURE_DIR}ocean-engine-units-gb18030.csv`));
    const creator = await importFile(workspace, fileSource(`${FIXTURE_DIR}douyin-creator-works.csv`));
    expect(creator.rowsReplaced).toBe(0);
    expect(await tableRows(workspace, 'fact_performance')).toHaveLength(6);
  });

  it('keeps accounts apart', async () => {
    const workspace = await openTestWorkspace();
    const file = (account: string, impressions: number) =>
      utf8(
        `Day,Account name,Campaign,Currency code,Cost,Impr.\n2026-05-01,${account},A,USD,1,${impressions}\n`,
      );
    await importFile(workspace, bytesSource('a.csv', file('Shop A', 10)), { fxRates: USD });
    await importFile(workspace, bytesSource('b.csv', file('Shop B', 20)), { fxRates: USD });
    const again = await importFile(workspace, bytesSource('a2.csv', file('Shop A', 15)), { fxRates: USD });
    expect(again.rowsReplaced).toBe(1);
    expect(
      (await tableRows(workspace, 'fact_performance')).map((row) => [row.account, row.impressions]),
    ).toEqual([
      ['Shop B', 20],
      ['Shop A', 15],
    ]);
  });

  it('a crash mid-load leaves nothing behind', async () => {
    const workspace = crashing(await openTestWorkspace());
    const rows = Array.from({ length: 500 }, (_, index) => `2026-05-01,C${index},USD,1,10,1`);
    workspace.crashOnAppend(3);
    await expect(
      importFile(workspace, bytesSource('big.csv', GOOGLE(rows)), { fxRates: USD, batchRows: 100 }),
    ).rejects.toThrow(/simulated crash/);
    expect(await tableRows(workspace, 'fact_performance')).toEqual([]);
    expect(await tableRows(workspace, 'meta_imports')).toEqual([]);
    workspace.crashOnAppend(undefined);
    const report = await importFile(workspace, bytesSource('big.csv', GOOGLE(rows)), {
      fxRates: USD,
      batchRows: 100,
    });
    expect(report.summary?.rowsAccepted).toBe(500);
    expect(await tableRows(workspace, 'fact_performance')).toHaveLength(500);
  });

  it('force imports the same bytes again, replacing what they loaded', async () => {
    const workspace = await openTestWorkspace();
    const bytes = GOOGLE(['2026-05-01,A,USD,1,10,1']);
    await importFile(workspace, bytesSource('g.csv', bytes), { fxRates: USD });
    const again = await importFile(workspace, bytesSource('g.csv', bytes), { fxRates: USD, force: true });
    expect(again.status).toBe('imported');
    expect(await tableRows(workspace, 'fact_performance')).toHaveLength(1);
    expect(await tableRows(workspace, 'meta_imports')).toHaveLength(1);
  });

  it('a dry run reports and writes nothing', async () => {
    const workspace = await openTestWorkspace();
    const report = await importFile(workspace, fileSource(`${FIXTURE_DIR}google-ads-campaign-daily.csv`), {
      dryRun: true,
      fxRates: USD,
    });
    expect(report.status).toBe('dry_run');
    expect(report.summary).toMatchObject({
      rowsAccepted: 5,
      rowsRejected: 0,
      reconciliation: { status: 'matched' },
    });
    expect(await tableRows(workspace, 'meta_imports')).toEqual([]);
    expect(await tableRows(workspace, 'fact_performance')).toEqual([]);
  });

  it('reports progress in rows and bytes', async () => {
    const workspace = await openTestWorkspace();
    const events: ImportProgress[] = [];
    const rows = Array.from({ length: 20_000 }, (_, index) => `2026-05-01,C${index},USD,1,10,1`);
    const bytes = GOOGLE(rows);
    await importFile(workspace, bytesSource('p.csv', bytes), {
      fxRates: USD,
      onProgress: (event) => events.push(event),
    });
    const reading = events.filter((event) => event.phase === 'reading');
    expect(reading.length).toBeGreaterThan(1);
    expect(reading.map((event) => event.rowsRead)).toEqual(
      [...reading.map((event) => event.rowsRead)].sort((a, b) => a - b),
    );
    expect(events.at(-1)).toEqual({
      file: 'p.csv',
      phase: 'done',
      rowsRead: 20_000,
      bytesRead: bytes.length,
      totalBytes: bytes.length,
    });
  });

  it('exports rejected rows as CSV, and reports each file of a batch', async () => {
    const workspace = await openTestWorkspace();
    const reports = await importFiles(
      workspace,
      [fileSource(`${FIXTURE_DIR}ga4-traffic-acquisition.csv`), bytesSource('empty.csv', new Uint8Array())],
      { currency: 'CNY' },
    );
    expect(reports.map((report) => report.status)).toEqual(['imported', 'failed']);
    expect(reports[1]!.error).toMatchObject({
      code: 'import.empty',
      message: 'empty.csv:1:1: the file is empty (0 bytes)',
    });
    const csv = await exportRejectedRows(workspace, reports[0]!.importId);
    expect(csv.split('\r\n')[0]).toBe('file,row,column,reason,values');
    expect(csv).toContain('ga4-traffic-acquisition.csv,14,Session source / medium,');
    expect(csv).toBe(rejectedRowsToCsv(reports[0]!.summary!.rejectedSample));
  });
});
