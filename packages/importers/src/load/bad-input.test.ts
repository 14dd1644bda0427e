/**
 * Bad input of every kind gets a clear message naming file, row and column, and leaves the
 * workspace exactly as it was.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { bytesSource, fileSource } from '../read/source.js';
import { fixture, fixtureBytes, MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openTestWorkspace, type TestWorkspace, tableRows, workspaceContent } from '../testing/workspace.js';
import { exportRejectedRows, type ImportOptions, importFile } from './import-files.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A workspace that already holds an import, so "unchanged" means something. */
async function workspaceWithAnImport(): Promise<TestWorkspace> {
  const opened = await openTestWorkspace();
  await importFile(opened, fileSource(`${FIXTURE_DIR}ocean-engine-units-gb18030.csv`));
  return opened;
}

/** Imports `bytes` expecting failure; returns the error after checking nothing changed. */
async function refused(name: string, bytes: Uint8Array, options: ImportOptions = {}) {
  const workspace = await workspaceWithAnImport();
  const before = await workspaceContent(workspace);
  const error = await importFile(workspace, bytesSource(name, bytes), options).then(
    () => undefined,
    (caught: unknown) =>
      caught as Error & { code: string; problems: { row?: number; column?: string | number }[] },
  );
  expect(error, 'the import should have failed').toBeDefined();
  expect(await workspaceContent(workspace)).toEqual(before);
  return error!;
}

const GOOGLE_HEAD = 'Day,Campaign,Currency code,Cost,Impr.,Clicks\n';

describe('bad input', () => {
  it('1a. a CSV cut off mid-row', async () => {
    const bytes = utf8(`${GOOGLE_HEAD}2026-05-01,Brand,USD,10.00,100,5\n2026-05-02,Brand,USD`);
    const error = await refused('cut.csv', bytes);
    expect(error.code).toBe('import.truncated');
    expect(error.message).toBe(
      'cut.csv:3:Cost: the last row stops after 3 of 6 cells and the file has no final line break: it was cut off (download the file again)',
    );
  });

  it('1b. a CSV cut off inside a quoted cell', async () => {
    const bytes = utf8(`${GOOGLE_HEAD}2026-05-01,Brand,USD,10.00,"1,000,5\n2026-05-02,Brand,USD,1,1,1\n`);
    const error = await refused('quote.csv', bytes);
    expect(error.code).toBe('import.truncated');
    expect(error.message).toMatch(/^quote\.csv:2:5: a quoted cell opened after line 1 never closes/);
  });

  it('1c. an XLSX cut off mid-download', async () => {
    const bytes = await fixtureBytes(fixture('qianchuan.xlsx'));
    const error = await refused('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(error.code).toBe('import.xlsx_damaged');
    expect(error.message).toMatch(/^cut\.xlsx:\d+:1: the workbook is damaged/);
  });

  it('2. binary junk', async () => {
    const junk = new Uint8Array(4096).map((_, index) => (index * 131 + 7) % 256);
    const error = await refused('junk.csv', junk);
    expect(error.code).toBe('import.binary');
    expect(error.message).toMatch(/^junk\.csv:1:1: this looks like binary data/);
  });

  it('3a. a GB18030 file read as UTF-8', async () => {
    const bytes = iconv.encode('日期,计划名称,消耗\n2026-05-01,计划,1\n', 'gb18030');
    const error = await refused('wrong.csv', bytes, { encoding: 'utf-8' });
    expect(error.code).toBe('import.encoding');
    expect(error.message).toMatch(
      /^wrong\.csv:1:1: the file is not valid UTF-8 from line 1 on \(.*--encoding gb18030/,
    );
  });

  it('3b. a file that switches encoding after the sniffed part', async () => {
    const rows = Array.from({ length: 30_000 }, (_, index) => `2026-05-01,Brand ${index},USD,1.00,10,1`).join(
      '\n',
    );
    const tail = iconv.encode('\n2026-05-02,品牌,USD,1.00,10,1\n', 'gb18030');
    const bytes = new Uint8Array([...utf8(`${GOOGLE_HEAD}${rows}`), ...tail]);
    const error = await refused('mixed.csv', bytes);
    expect(error.code).toBe('import.encoding');
    expect(error.message).toMatch(/^mixed\.csv:30002:2: the file is not valid UTF-8 from line 30002 on/);
  });

  it('4a. a column the mapping needs is missing', async () => {
    const bytes = utf8('月份,渠道,费用类型,金额\n2026-05,douyin,content,100\n');
    const error = await refused('ledger.csv', bytes, { mapping: validateMapping(MAPPINGS['cost-ledger']) });
    expect(error.code).toBe('import.missing_column');
    expect(error.message).toBe(
      'ledger.csv:1:金额(元): the mapping expects a column "金额(元)" that the file\'s header does not have (did you mean "金额"?)',
    );
  });

  it('4b. no date column and no period', async () => {
    const bytes = utf8('Campaign name,Ad group name,Cost,Impressions,Clicks (destination)\nA,B,1,10,1\n');
    const error = await refused('nodate.csv', bytes, { currency: 'USD' });
    expect(error.code).toBe('import.missing_column');
    expect(error.message).toMatch(/^nodate\.csv:1:1: no date column \(expected one of "By Day", "Date"/);
  });

  it('4c. a forced platform whose measures the file lacks', async () => {
    const bytes = utf8('Day,Campaign,Status\n2026-05-01,A,Enabled\n');
    const error = await refused('wrong-source.csv', bytes, { source: 'google_ads' });
    expect(error.code).toBe('import.missing_column');
    expect(error.message).toMatch(
      /^wrong-source\.csv:1:1: no measure column for Google Ads \(expected e\.g\. "Cost"/,
    );
  });

  it('5. text in a number column: the row is rejected with its place, the rest loads', async () => {
    const workspace = await workspaceWithAnImport();
    const bytes = utf8(
      `${GOOGLE_HEAD}2026-05-01,Brand,USD,10.00,100,5\n2026-05-02,Brand,USD,see note,100,5\n`,
    );
    const report = await importFile(workspace, bytesSource('text.csv', bytes), {
      fxRates: [{ date: '2026-01-01', currency: 'USD', rate: 7 }],
    });
    expect(report.summary).toMatchObject({ rowsAccepted: 1, rowsRejected: 1 });
    expect(await tableRows(workspace, 'meta_rejected_rows')).toEqual([
      {
        import_id: report.importId,
        file_name: 'text.csv',
        row_number: 3,
        column_name: 'Cost',
        reason: 'Cost: "see note" is not a number',
        raw_values: JSON.stringify({
          Day: '2026-05-02',
          Campaign: 'Brand',
          'Currency code': 'USD',
          Cost: 'see note',
          'Impr.': '100',
          Clicks: '5',
        }),
        reason_said: JSON.stringify({
          key: 'import.reason.in_column',
          params: {
            column: 'Cost',
            reason: { key: 'import.reason.not_a_number', params: { value: 'see note' } },
          },
        }),
      },
    ]);
    // Read later, the reason is said in the reader's language; the English stays as it was.
    const chinese = await exportRejectedRows(workspace, report.importId, 'zh');
    expect(chinese).toContain('Cost：“see note”不是数字');
    expect(await exportRejectedRows(workspace, report.importId)).toContain(
      '"Cost: ""see note"" is not a number"',
    );
    // A row kept before reasons were messages has its English alone, and reads as it always did.
    await workspace.append('meta_rejected_rows', {
      rowCount: 1,
      columns: {
        import_id: ['older'],
        file_name: ['old.csv'],
        row_number: [2],
        column_name: [null],
        reason: ['an old reason'],
        raw_values: ['{}'],
      },
    });
    expect(await exportRejectedRows(workspace, 'older', 'zh')).toContain('old.csv,2,,an old reason,{}');
  });

  it('5b. …and with all-or-nothing, nothing loads', async () => {
    const bytes = utf8(
      `${GOOGLE_HEAD}2026-05-01,Brand,USD,10.00,100,5\n2026-05-02,Brand,USD,see note,100,5\n`,
    );
    const error = await refused('text.csv', bytes, {
      rejectPolicy: 'all-or-nothing',
      fxRates: [{ date: '2026-01-01', currency: 'USD', rate: 7 }],
    });
    expect(error.code).toBe('import.rows_rejected');
    expect(error.message).toBe(
      'text.csv:3:Cost: Cost: "see note" is not a number — 1 row rejected and all-or-nothing was asked for; nothing was imported',
    );
  });

  it('6. an impossible date', async () => {
    const bytes = utf8(`${GOOGLE_HEAD}2026-02-30,Brand,USD,10.00,100,5\n`);
    const error = await refused('date.csv', bytes, {
      fxRates: [{ date: '2026-01-01', currency: 'USD', rate: 7 }],
    });
    expect(error.code).toBe('import.rows_rejected');
    expect(error.message).toMatch(/^date\.csv:2:Day: Day: "2026-02-30" is not a date: 2026-02 has no day 30/);
    expect(error.problems[0]).toMatchObject({ row: 2, column: 'Day' });
  });

  it('7. negative spend', async () => {
    const bytes = utf8(`${GOOGLE_HEAD}2026-05-01,Brand,USD,-5.00,100,5\n`);
    const error = await refused('negative.csv', bytes, {
      fxRates: [{ date: '2026-01-01', currency: 'USD', rate: 7 }],
    });
    expect(error.message).toMatch(/^negative\.csv:2:Cost: Cost: spend is negative \(-5\.00\)/);
  });

  it('8. a duplicated header', async () => {
    const bytes = utf8('Day,Campaign,Currency code,Cost,Impr.,Cost\n2026-05-01,Brand,USD,1,10,2\n');
    const error = await refused('dup.csv', bytes);
    expect(error.code).toBe('import.duplicate_header');
    expect(error.message).toBe(
      'dup.csv:1:Cost: columns 4 and 6 are both headed "Cost"; markpi cannot tell which one to load (remove or rename one of them)',
    );
  });

  it('9. an empty file, and one of blanks only', async () => {
    expect((await refused('empty.csv', new Uint8Array())).message).toBe(
      'empty.csv:1:1: the file is empty (0 bytes)',
    );
    expect((await refused('blank.csv', utf8('\n\n  \n'))).message).toBe(
      'blank.csv:1:1: the file holds no data (only blanks)',
    );
  });

  it('10. a line longer than the limit is refused as soon as it passes it', async () => {
    const bytes = utf8(`${GOOGLE_HEAD}2026-05-01,${'x'.repeat(50_000)},USD,1,1,1\n`);
    const error = await refused('long.csv', bytes, { maxLineChars: 10_000 });
    expect(error.code).toBe('import.line_too_long');
    expect(error.message).toMatch(
      /^long\.csv:2:2: line 2 is longer than 10,000 characters; refused before reading the rest of it/,
    );
  });

  it('an unknown file, ambiguous dates and a missing FX rate', async () => {
    const unknown = await refused('mystery.csv', utf8('foo,bar,baz\n1,2,3\n'));
    expect(unknown.code).toBe('import.unknown_source');
    const ambiguous = await refused(
      'dates.csv',
      utf8('date,platform,account,followers\n03/05/2026,douyin,a,1\n04/05/2026,douyin,a,2\n'),
      { mapping: validateMapping(MAPPINGS.followers) },
    );
    expect(ambiguous.message).toBe(
      'dates.csv:2:date: "03/05/2026" could be day/month or month/day, and no date in the file settles which (give --date-order dmy (18/05/2025) or --date-order mdy (05/18/2025))',
    );
    const noRate = await refused('usd.csv', utf8(`${GOOGLE_HEAD}2026-05-01,Brand,USD,1.00,10,1\n`));
    expect(noRate.message).toMatch(
      /^usd\.csv:2:Cost: Cost: no USD→CNY rate in the FX table; import an FX table/,
    );
  });

  it('a date order settled only far down the file is found by reading the file again', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, index) => `0${(index % 9) + 1}/05/2026,douyin,acct${index},${index}`,
    );
    rows.push('13/05/2026,douyin,last,1');
    const workspace = await openTestWorkspace();
    const report = await importFile(
      workspace,
      bytesSource('long-followers.csv', utf8(`date,platform,account,followers\n${rows.join('\n')}\n`)),
      {
        mapping: validateMapping(MAPPINGS.followers),
      },
    );
    expect(report.summary?.format.dateOrder).toBe('dmy');
    expect((await tableRows(workspace, 'fact_followers')).at(-1)).toMatchObject({
      date: '2026-05-13',
      account: 'last',
    });
  });
});
