/**
 * The engine reader must store exactly what the streaming reader stores, or hand the file back.
 * Every test imports the same file twice, into the same fresh workspace state — once offered to
 * the engine, once streamed — and compares every stored value, the rejected rows and the
 * summary.
 *
 * One DuckDB workspace serves the whole file (opening and migrating one per load was most of its
 * time): before each load every table is put back to the rows it held when the workspace was new
 * (the migrations' own rows and the FX table), so each load starts as on a fresh workspace.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMapping } from '../generic/mapping.js';
import { bytesSource, fileSource } from '../read/source.js';
import { FIXTURE_OPTIONS } from '../testing/fixture-options.js';
import { FIXTURES, MAPPINGS } from '../testing/fixtures.js';
import { FIXTURE_DIR } from '../testing/paths.js';
import { openTestWorkspace, type TestWorkspace, withoutCsvFiles } from '../testing/workspace.js';
import { estimateRows } from './engine-csv.js';
import { type ImportOptions, type ImportReport, importFile, importFiles } from './import-files.js';
import type { Row } from './warehouse.js';

const NOW = () => new Date('2026-06-01T08:00:00Z');

/**
 * Where each table's rows of the new workspace are kept, to be put back before every load: a
 * schema of its own, under names of their own (the appender finds a table by its name alone).
 */
const SNAPSHOT_SCHEMA = 'engine_test_snapshot';
const snapshotOf = (table: string) => `${SNAPSHOT_SCHEMA}.${shared.dialect.quote(`snapshot_${table}`)}`;

let shared: TestWorkspace;
/** The workspace's tables, and those of them a new workspace already holds rows in. */
let tables: string[] = [];
let seeded: string[] = [];

beforeAll(async () => {
  shared = await openTestWorkspace();
  await importFile(shared, fileSource(`${FIXTURE_DIR}fx-rates.csv`), {
    mapping: validateMapping(MAPPINGS['fx-rates']),
    now: NOW,
  });
  tables = await tableNames();
  await shared.run(`CREATE SCHEMA ${SNAPSHOT_SCHEMA}`);
  for (const table of tables)
    await shared.run(`CREATE TABLE ${snapshotOf(table)} AS SELECT * FROM ${shared.dialect.quote(table)}`);
  seeded = await tablesWithRows(tables);
});
afterAll(() => shared.close());

async function tableNames(): Promise<string[]> {
  const rows = await shared.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'");
  return rows.map((row) => String(row.table_name)).sort();
}

/** Those of `names` holding any row, in one statement. */
async function tablesWithRows(names: readonly string[]): Promise<string[]> {
  const quote = (name: string) => shared.dialect.quote(name);
  const counts = await shared.query(
    names
      .map((name, index) => `SELECT ${index} AS at, count(*) AS n FROM ${quote(name)}`)
      .join(' UNION ALL '),
  );
  return counts.filter((row) => Number(row.n) > 0).map((row) => names[Number(row.at)]!);
}

/**
 * The shared workspace, every table holding again exactly what it held when new: the tables a
 * new workspace has rows in are written back whole, any other that gained rows is emptied.
 */
async function freshWorkspace(): Promise<TestWorkspace> {
  const quote = (name: string) => shared.dialect.quote(name);
  // A load that made a table of its own would leave a workspace no fresh one looks like.
  expect(await tableNames(), 'tables of the workspace').toEqual(tables);
  const emptyWhenNew = tables.filter((table) => !seeded.includes(table));
  for (const table of await tablesWithRows(emptyWhenNew)) await shared.run(`DELETE FROM ${quote(table)}`);
  for (const table of seeded) {
    await shared.run(`DELETE FROM ${quote(table)}`);
    await shared.run(`INSERT INTO ${quote(table)} SELECT * FROM ${snapshotOf(table)}`);
  }
  return shared;
}

interface Loaded {
  report: ImportReport;
  rows: Row[];
  rejected: Row[];
  log: Row[];
}

async function load(file: string, options: ImportOptions): Promise<Loaded> {
  const warehouse = await freshWorkspace();
  // As the CLI does: a file that fails is a report too, so both readers' failures compare.
  const [report] = await importFiles(warehouse, [fileSource(file)], { ...options, now: NOW });
  if (!report) throw new Error('no report');
  const table = report.summary?.table ?? 'fact_performance';
  // Every value as stored, with its exact type: doubles as their shortest round-trip text.
  const rows = await warehouse.query(`SELECT * EXCLUDE (import_id) FROM ${table} ORDER BY ALL`);
  const rejected = await warehouse.query(
    'SELECT file_name, row_number, column_name, reason, raw_values FROM meta_rejected_rows ORDER BY ALL',
  );
  const log = await warehouse.query(
    "SELECT * EXCLUDE (imported_at) FROM meta_imports WHERE platform <> 'mapping:fx-rates' ORDER BY ALL",
  );
  return { report, rows, rejected, log };
}

/** The summary without the part that says who read it. */
function comparable(report: ImportReport) {
  if (!report.summary) return report;
  const { reader: _reader, readerNote: _note, ...format } = report.summary.format;
  return { ...report, summary: { ...report.summary, format } };
}

/** Loads `file` through both readers, checks they agree, and returns the engine's side. */
async function bothReaders(file: string, options: ImportOptions = {}): Promise<Loaded> {
  const engine = await load(file, { ...options, reader: 'engine' });
  const stream = await load(file, { ...options, reader: 'stream' });
  expect(stream.report.summary?.format.reader ?? 'stream').toBe('stream');
  expect(engine.rows, 'stored rows').toEqual(stream.rows);
  expect(engine.rejected, 'rejected rows').toEqual(stream.rejected);
  expect(engine.log, 'import log').toEqual(stream.log);
  expect(comparable(engine.report)).toEqual(comparable(stream.report));
  return engine;
}

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-engine-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Records per batch for the cases that need a row past the head. The streaming reader's head is
 * the whole batches holding its first 2050 records (50 searched for the header, 2000 sampled):
 * with batches of 256 that is 9 × 256 = 2304 records, the header's among them, so data rows
 * 0 … 2302. A row placed at `PAST_HEAD` in a file of `PAST_HEAD_FILE_ROWS` lies past the head and
 * before the file's last rows — as a row near 11 000 of 12 000 does with the default 8192.
 */
const RECORD_BATCH = 256;
const HEAD_RECORDS = Math.ceil(2050 / RECORD_BATCH) * RECORD_BATCH;
const PAST_HEAD = HEAD_RECORDS + 200;
const PAST_HEAD_FILE_ROWS = PAST_HEAD + 300;

const OCEAN_HEADER = '时间-天,账户名称,项目名称,项目ID,单元名称,单元ID,消耗,展示数,点击数,转化数,新增粉丝数';

/** An Ocean Engine unit report of `rows` rows; `cells(index)` may override any row. */
function oceanFile(
  name: string,
  rows: number,
  override: (index: number) => string | undefined = () => undefined,
  options: { bom?: boolean; newline?: string } = {},
): string {
  const next = random(rows);
  const lines = [OCEAN_HEADER];
  for (let index = 0; index < rows; index++) {
    const day = `2026-05-${String((index % 28) + 1).padStart(2, '0')}`;
    const spend = (Math.floor(next() * 1_000_000) / 100).toFixed(2);
    lines.push(
      override(index) ??
        `${day},品牌旗舰店-${index % 3},项目${index % 40},${1787000000000000 + (index % 40)},单元${index},${1790000000000000 + index},${spend},${Math.floor(next() * 100_000)},${Math.floor(next() * 5000)},${Math.floor(next() * 300)},${Math.floor(next() * 50)}`,
    );
  }
  const file = path.join(folder, name);
  const newline = options.newline ?? '\n';
  writeFileSync(file, `${options.bom ? '\ufeff' : ''}${lines.join(newline)}${newline}`);
  return file;
}

describe('the engine reader', () => {
  it('stores every fixture exactly as the streaming reader does', async () => {
    const byEngine: string[] = [];
    for (const fixture of FIXTURES) {
      if (fixture.file === 'fx-rates.csv') continue;
      const loaded = await bothReaders(`${FIXTURE_DIR}${fixture.file}`, FIXTURE_OPTIONS[fixture.file] ?? {});
      const format = loaded.report.summary?.format;
      if (format?.reader === 'engine') byEngine.push(fixture.file);
      else expect(format?.readerNote, `${fixture.file} says why the engine did not read it`).toBeTruthy();
    }
    // Clean UTF-8 exports of platforms without row quirks go to the engine; the rest say why not.
    // (Most fixtures are there for a quirk — an encoding, a workbook, `1.2万`, day/month dates — so
    // few are clean.)
    expect(byEngine).toEqual(
      expect.arrayContaining([
        'xiaohongshu-juguang.csv',
        'tencent-ads-api.csv',
        'weibo-api.csv',
        // GB18030 exports, read from a UTF-8 copy.
        'kuaishou-ads-gb18030.csv',
        'tencent-ads-ui-gb18030.csv',
      ]),
    );
  }, 120_000);

  it('reads every regular shape a clean export has: quotes, placeholders, grouping, times, BOM, CRLF', async () => {
    const file = oceanFile(
      'regular.csv',
      3000,
      (index) => {
        const day = `2026-05-${String((index % 28) + 1).padStart(2, '0')}`;
        switch (index % 50) {
          case 1:
            return `${day},"品牌,旗舰店","项目 ""A""",1787,"单元\n二期",1790,"1,234,567.89",100,10,1,0`;
          case 2:
            return `${day} 00:00:00,店,项目,1787,单元,1790.0,-,--,N/A,,none`;
          case 3:
            return `${day.replaceAll('-', '/')},店,项目,1787,单元,1790,0.1,00012,123456789012345,0,1`;
          case 4:
            return `${day},店,项目,1787,单元,1790,123456789012345.123456789012345,1,1,1,1`;
          case 5:
            return '';
          case 6:
            return ',,,,,,,,,,';
          case 7:
            return `${day},店,项目,1787,单元,1790,5,1,1,1,1,`;
          case 8:
            return `${day},店,项目 5" 屏,1787,null,1790,0.300000000000004,1,1,1,1`;
          case 9:
            // Past 15 digits the streaming reader takes its general path; the value is the same.
            return `${day},店,项目,1787,单元,1790,1.12345678901234567890,12345678901234567890,1,1,1`;
          case 10:
            // A totals word beyond the first three columns is just a name.
            return `${day},店,项目,1787,Total Care 套装,1790,5,1,1,1,1`;
          default:
            return undefined;
        }
      },
      { bom: true, newline: '\r\n' },
    );
    const loaded = await bothReaders(file);
    expect(loaded.report.summary?.format.reader, loaded.report.summary?.format.readerNote).toBe('engine');
    expect(loaded.report.summary?.rowsAccepted).toBe(3000 - 60 - 60);
  }, 60_000);

  it('casts numbers exactly as JavaScript does', async () => {
    const next = random(7);
    const digits = (count: number) =>
      Array.from({ length: count }, () => Math.floor(next() * 10)).join('') || '0';
    const file = oceanFile('numbers.csv', 2500, (index) => {
      const whole = digits(1 + Math.floor(next() * 15));
      const fraction = next() < 0.7 ? `.${digits(1 + Math.floor(next() * 15))}` : '';
      return `2026-05-01,店,项目,1787,单元${index},1790,${whole}${fraction},${digits(1 + Math.floor(next() * 15))},1,1,1`;
    });
    const loaded = await bothReaders(file);
    expect(loaded.report.summary?.format.reader).toBe('engine');
    // And against JavaScript itself, not only the streaming reader.
    const spends = loaded.rows.map((row) => row.spend);
    expect(spends.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
  }, 60_000);

  it('agrees with the streaming reader on random files, regular or not', async () => {
    // Cells drawn from what exports hold. Files of regular cells alone must load through the
    // engine; files with some odd cells go back to the streaming reader. Either way the stored
    // result is the streaming reader's.
    const regular = {
      date: ['2026/05/02', '2026-05-03 10:00:00'],
      text: ['店', '"a,b"', '"say ""hi"""', 'N/A', '-', '', '"x\ny"', 'KOL 合作'],
      number: ['0', '7', '12.5', '0.1', '"1,234"', '"1,234,567.89"', '--', '', '00012', '123456789012345678'],
    };
    const odd = {
      date: ['2026-5-1', '2026-02-30', '20260504', '', '-', '05/04/2026'],
      text: [' 店', '店\u3000', '合计', 'Total Care'],
      number: ['12,34', '-3', '5%', '1.2万', '.5', '5.', '1e5', '"1 234"'],
    };
    const kinds: (keyof typeof regular)[] = [
      'date',
      'text',
      'text',
      'text',
      'number',
      'number',
      'number',
      'number',
      'number',
    ];
    for (let seed = 1; seed <= 6; seed++) {
      const next = random(seed * 7919);
      const oddShare = seed <= 3 ? 0 : 0.002;
      const pick = (kind: keyof typeof regular, index: number): string => {
        const pool = next() < oddShare ? odd[kind] : regular[kind];
        if (kind === 'date' && next() < 0.8) return `2026-05-${String((index % 28) + 1).padStart(2, '0')}`;
        return pool[Math.floor(next() * pool.length)]!;
      };
      const file = oceanFile(`fuzz-${seed}.csv`, 2300, (index) => {
        const cells = kinds.map((kind) => pick(kind, index));
        return [cells[0], cells[1], cells[2], '1787', cells[3], '1790', ...cells.slice(4)].join(',');
      });
      const loaded = await bothReaders(file);
      if (seed <= 3)
        expect(loaded.report.summary?.format.reader, loaded.report.summary?.format.readerNote).toBe('engine');
    }
  }, 120_000);

  it.each([
    ['a 合计 row ending the file', ['合计,,,,,,99999.5,1,1,1,1']],
    [
      'Google Ads style Total: rows ending the file, a blank line between',
      ['Total: Account,,,,,,99999.5,1,1,1,1', '', 'Total: Search,,,,,,5,1,1,1,1'],
    ],
  ])(
    'reads %s on the engine, reconciled as the streaming reader does',
    async (name, tail) => {
      const base = oceanFile(`totals-${name.length}.csv`, PAST_HEAD_FILE_ROWS);
      const file = path.join(folder, `totals-end-${name.length}.csv`);
      writeFileSync(file, `${readFileSync(base, 'utf8')}${tail.join('\n')}\n`);
      const loaded = await bothReaders(file, { recordBatch: RECORD_BATCH });
      expect(loaded.report.summary?.format.reader, loaded.report.summary?.format.readerNote).toBe('engine');
      expect(loaded.report.summary?.totalsRows).toBe(tail.filter((line) => line !== '').length);
      // Line numbers by hand: the header is line 1, the data lines 2 … 2805.
      expect(PAST_HEAD_FILE_ROWS).toBe(2804);
      expect(loaded.report.summary?.reconciliation.totalsRow).toBe(2806);
    },
    120_000,
  );

  it('reads a 合计 row among the first rows on the engine, and totals words that are names', async () => {
    const file = oceanFile('totals-first.csv', PAST_HEAD_FILE_ROWS, (index) =>
      index === 5
        ? '合计,,,,,,99999.5,1,1,1,1'
        : index === PAST_HEAD
          ? '2026-05-03,Grand total,Totaal: account,1787,单元,1790,5,1,1,1,1'
          : undefined,
    );
    const loaded = await bothReaders(file, { recordBatch: RECORD_BATCH });
    expect(loaded.report.summary?.format.reader, loaded.report.summary?.format.readerNote).toBe('engine');
    expect(loaded.report.summary?.reconciliation).toMatchObject({ totalsRow: 7, label: '合计' });
  }, 120_000);

  it('reads YYYYMMDD and YYYY/M/D days on the engine, with one- and two-digit months and days', async () => {
    const shapes = [
      (day: number) => `202605${String(day).padStart(2, '0')}`,
      (day: number) => `2026/5/${day}`,
      (day: number) => `2026-5-${day}`,
      (day: number) => `2026.05.${day}`,
      (day: number) => `2026/5/${day} 10:30`,
      (day: number) => `2026/05/${String(day).padStart(2, '0')} 10:30:15`,
    ];
    const file = oceanFile('day-shapes.csv', PAST_HEAD_FILE_ROWS, (index) => {
      const day = (index % 28) + 1;
      const shape = shapes[index % shapes.length]!;
      return `${shape(day)},店,项目,1787,单元${index},1790,5,1,1,1,1`;
    });
    const loaded = await bothReaders(file, { recordBatch: RECORD_BATCH });
    expect(loaded.report.summary?.format.reader, loaded.report.summary?.format.readerNote).toBe('engine');
    expect(loaded.report.summary?.period).toEqual({ from: '2026-05-01', to: '2026-05-28' });
  }, 120_000);

  // Each case puts one irregular row after the head the streaming reader looks at first (see
  // `RECORD_BATCH`), and before the file's last rows, so only the engine's own checks can catch it.
  const IRREGULAR: [string, string, string][] = [
    ['a negative amount', '2026-05-03,店,项目,1787,单元,1790,-5,1,1,1,1', '消耗'],
    ['a totals row in the middle of the file', '合计,,,,,,99999,1,1,1,1', 'totals'],
    ['an impossible YYYYMMDD day', '20260230,店,项目,1787,单元,1790,5,1,1,1,1', '时间-天'],
    ['a day/month date', '13/05/2026,店,项目,1787,单元,1790,5,1,1,1,1', '时间-天'],
    ['an impossible date', '2026-02-30,店,项目,1787,单元,1790,5,1,1,1,1', '时间-天'],
    ['a name with spaces around it', '2026-05-03, 店 ,项目,1787,单元,1790,5,1,1,1,1', '账户名称'],
    ['a percentage in a count', '2026-05-03,店,项目,1787,单元,1790,5,5%,1,1,1', '展示数'],
    ['a number in 万', '2026-05-03,店,项目,1787,单元,1790,5,1.2万,1,1,1', '展示数'],
    ['a number ending in a dot', '2026-05-03,店,项目,1787,单元,1790,5.,1,1,1,1', '消耗'],
    ['a number with a decimal comma', '2026-05-03,店,项目,1787,单元,1790,"12,34",1,1,1,1', '消耗'],
    // The label is the first filled cell among the first three (after a date it is a name).
    ['a "Grand total" label', ',Grand total,,,,,5,1,1,1,1', 'totals'],
    ['a "Totaal:" label', ',,Totaal: account,,,,5,1,1,1,1', 'totals'],
    ['a short row', '2026-05-03,店,项目,1787,单元,1790,5', 'engine'],
    ['a row with an extra cell', '2026-05-03,店,项目,1787,单元,1790,5,1,1,1,1,extra', 'engine'],
    [
      'a cell opening a quote it never closes properly',
      '2026-05-03,"店"x,项目,1787,单元,1790,5,1,1,1,1',
      'engine',
    ],
    ['a row without a date', ',店,项目,1787,单元,1790,5,1,1,1,1', 'date'],
  ];

  it.each(IRREGULAR)(
    'gives the file back to the streaming reader on %s, losing nothing',
    async (name, line) => {
      const file = oceanFile(
        `irregular-${name.replace(/[^a-z]+/g, '-')}.csv`,
        PAST_HEAD_FILE_ROWS,
        (index) => (index === PAST_HEAD ? line : undefined),
      );
      const loaded = await bothReaders(file, { recordBatch: RECORD_BATCH });
      expect(loaded.report.summary?.format.reader).toBe('stream');
      expect(loaded.report.summary?.format.readerNote).toMatch(/^the engine stopped at /);
    },
    60_000,
  );

  it.each([
    ['gb18030', 'gb18030'],
    ['utf-16le', 'utf16le'],
  ] as const)(
    'reads a %s export from a UTF-8 copy, as the streaming reader reads the original',
    async (name, encoding) => {
      const utf8 = oceanFile(`encoded-${name}-source.csv`, 2600, (index) =>
        index % 100 === 7 ? `2026-05-09,"店,旗舰",项目「新」,1787,单元 二期,1790,5,1,1,1,1` : undefined,
      );
      const text = readFileSync(utf8, 'utf8');
      const bytes =
        encoding === 'utf16le'
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(',', '\t'), 'utf16le')])
          : iconv.encode(text, 'gb18030');
      const file = path.join(folder, `encoded-${name}.csv`);
      writeFileSync(file, bytes);
      const loaded = await bothReaders(file);
      expect(loaded.report.summary?.format).toMatchObject({ encoding: name, reader: 'engine' });
      expect(loaded.report.summary?.rowsAccepted).toBe(2600);
    },
    60_000,
  );

  it('reads an upload held in memory from a copy on disk', async () => {
    const file = oceanFile('in-memory.csv', 2600);
    const report = await importFile(
      await freshWorkspace(),
      bytesSource('in-memory.csv', readFileSync(file)),
      {
        now: NOW,
      },
    );
    expect(report.summary?.format.reader).toBe('engine');
    expect(report.summary?.rowsAccepted).toBe(2600);
  }, 60_000);

  it('estimates the rows of a file, for progress, within a few percent of the real count', () => {
    const file = oceanFile('estimate.csv', 20_000);
    const lines = readFileSync(file, 'utf8').split('\n').slice(1, 2001);
    const head = lines.map((line, index) => ({ row: index + 2, cells: line.split(',') }));
    const estimate = estimateRows(head, OCEAN_HEADER.split(',').length, statSync(file).size);
    expect(Math.abs(estimate - 20_000) / 20_000).toBeLessThan(0.03);
  });

  it('says in the note which column stopped it', async () => {
    const file = oceanFile('note.csv', 2600, (index) =>
      index === 2500 ? '2026-05-03,店,项目,1787,单元,1790,-5,1,1,1,1' : undefined,
    );
    const loaded = await load(file, { reader: 'auto' });
    expect(loaded.report.summary?.format.readerNote).toContain('消耗');
    expect(loaded.report.summary?.rowsRejected).toBe(1);
    expect(loaded.rejected[0]?.row_number).toBe(2502);
  }, 60_000);

  it('is offered a file only when it is larger than the head, unless asked', async () => {
    const small = oceanFile('small.csv', 100);
    const large = oceanFile('large.csv', 2600);
    expect((await load(small, {})).report.summary?.format).toMatchObject({ reader: 'stream' });
    expect((await load(small, {})).report.summary?.format.readerNote).toBeUndefined();
    expect((await load(large, {})).report.summary?.format.reader).toBe('engine');
    expect((await load(small, { reader: 'engine' })).report.summary?.format.reader).toBe('engine');
    expect((await load(large, { reader: 'stream' })).report.summary?.format.reader).toBe('stream');
  }, 60_000);

  it('is offered only by warehouses whose engine reads CSV files itself', async () => {
    const file = oceanFile('no-engine.csv', 2600);
    const workspace = withoutCsvFiles(await freshWorkspace());
    const report = await importFile(workspace, fileSource(file), { reader: 'engine', now: NOW });
    expect(report.summary?.format.reader).toBe('stream');
    expect(report.summary?.rowsAccepted).toBe(2600);
  }, 60_000);

  it('says why a file is left to the streaming reader', async () => {
    const cases: [string, RegExp][] = [
      ['qianchuan.xlsx', /workbook/],
      ['meta-en-ad-daily.csv', /platform-specific/],
      ['google-ads-adgroup-excel.csv', /currency per row/],
      ['customers.csv', /in USD and need converting/],
    ];
    for (const [fixture, reason] of cases) {
      const { report } = await load(`${FIXTURE_DIR}${fixture}`, {
        ...FIXTURE_OPTIONS[fixture],
        reader: 'engine',
      });
      expect(report.summary?.format.reader, fixture).toBe('stream');
      expect(report.summary?.format.readerNote, fixture).toMatch(reason);
    }
  }, 60_000);
});
