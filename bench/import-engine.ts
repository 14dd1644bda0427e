/**
 * The engine reader on an export with a totals row: a clean Ocean Engine (巨量引擎) unit report
 * ending in a `合计` row, as the UI writes it, imported (a) by markpi's `importFile` (which
 * takes such a file on the engine, leaving the totals row out and reconciling against it) and
 * (b) by DuckDB's own `INSERT … SELECT … FROM read_csv(…)` with the totals row filtered out by
 * hand, into the same fresh table. Each run is a child process of its own; the contenders
 * alternate so drift on a shared machine hits both; both must store the same rows (an
 * order-independent hash of every stored row is compared). The `合计` row's figures are made
 * up, so markpi's reconciliation says `mismatched`: the row is read and compared, not stored.
 *
 * Usage: node bench/dist/import-engine.js [rows] [--runs N]
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSource, importFile } from '@markpi/importers';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { runChild } from './harness/child.js';
import { OCEAN_HEADER, oceanFile } from './harness/import-data.js';
import { median } from './harness/measure.js';

type Contender = 'markpi' | 'duckdb';

const SCRIPT = fileURLToPath(import.meta.url);
const DATA = path.resolve('bench/data');

/** The clean report with the UI's `合计` row appended. */
async function totalsFile(rows: number): Promise<string> {
  const file = path.join(DATA, `ocean-engine-totals-${rows}.csv`);
  if (existsSync(file)) return file;
  const clean = await oceanFile(DATA, rows);
  copyFileSync(clean, `${file}.building`);
  appendFileSync(
    `${file}.building`,
    '合计,,,,,,1000.00,900.00,12000,100,0.83,10.00,5,200.00,-,3000,60,6,3\n',
  );
  rmSync(file, { force: true });
  copyFileSync(`${file}.building`, file);
  rmSync(`${file}.building`);
  return file;
}

/** What markpi stores for the report, in SQL over the raw file, the totals row left out. */
function readCsvSql(file: string): string {
  const text = new Set(['时间-天', '账户名称', '项目名称', '项目ID', '单元名称', '单元ID']);
  const columns = OCEAN_HEADER.map((name) => `'${name}': '${text.has(name) ? 'VARCHAR' : 'DOUBLE'}'`);
  return `INSERT INTO fact_performance (date, channel, account, campaign, ad_group, traffic_type, currency,
      spend, impressions, clicks, conversions, follows, video_views, likes, comments, shares, import_id)
    SELECT CAST("时间-天" AS DATE), 'douyin', "账户名称", "项目名称", "单元名称", 'paid', 'CNY',
      "消耗", "展示数", "点击数", "转化数", "新增粉丝数", "播放数", "点赞数", "评论数", "分享数", 'duckdb'
    FROM read_csv('${file.replaceAll("'", "''")}', header = true, delim = ',', quote = '"',
      nullstr = ['-', ''], auto_detect = false, columns = {${columns.join(', ')}})
    WHERE "时间-天" <> '合计'`;
}

async function checksum(warehouse: Warehouse): Promise<{ rows: number; checksum: string }> {
  const [row] = await warehouse.query(
    `SELECT COUNT(*) AS n, CAST(bit_xor(hash(*COLUMNS(* EXCLUDE (import_id)))) AS VARCHAR) AS h FROM fact_performance`,
  );
  return { rows: Number(row?.n ?? 0), checksum: String(row?.h) };
}

interface ChildResult {
  contender: Contender;
  ms: number;
  rows: number;
  checksum: string;
  reader?: string;
  reconciliation?: string;
}

async function child(contender: Contender, file: string, db: string): Promise<void> {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const warehouse = await openDuckDbWarehouse({ path: db });
  try {
    const started = performance.now();
    let reader: string | undefined;
    let reconciliation: string | undefined;
    if (contender === 'markpi') {
      const report = await importFile(warehouse, fileSource(file));
      if (report.status !== 'imported') throw new Error(`markpi import ${report.status}`);
      reader = report.summary?.format.reader;
      reconciliation = report.summary?.reconciliation.status;
    } else {
      await warehouse.transaction((transaction) => transaction.run(readCsvSql(file)));
    }
    const ms = performance.now() - started;
    const result: ChildResult = {
      contender,
      ms,
      ...(await checksum(warehouse)),
      ...(reader ? { reader } : {}),
      ...(reconciliation ? { reconciliation } : {}),
    };
    console.log(JSON.stringify(result));
  } finally {
    await warehouse.close();
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1] as Contender, args[2]!, args[3]!);
    return;
  }
  const at = args.indexOf('--runs');
  const runs = at === -1 ? 3 : Number(args[at + 1]);
  const rows = Number(args.find((arg, index) => /^\d+$/.test(arg) && index !== at + 1) ?? 1_000_000);
  mkdirSync(DATA, { recursive: true });
  const file = await totalsFile(rows);
  const db = path.join(DATA, `import-engine-${process.pid}.duckdb`);
  const times = new Map<Contender, number[]>([
    ['markpi', []],
    ['duckdb', []],
  ]);
  const ratios: number[] = [];
  const checksums = new Set<string>();
  for (let round = 0; round < runs; round++) {
    const order: Contender[] = round % 2 === 0 ? ['markpi', 'duckdb'] : ['duckdb', 'markpi'];
    const took = new Map<Contender, number>();
    for (const contender of order) {
      const result = await runChild<ChildResult>(SCRIPT, ['--child', contender, file, db]);
      if (result.rows !== rows) throw new Error(`${contender} stored ${result.rows} rows, not ${rows}`);
      if (contender === 'markpi' && result.reader !== 'engine')
        throw new Error(`markpi read the file with the ${result.reader} reader`);
      checksums.add(result.checksum);
      times.get(contender)!.push(result.ms);
      took.set(contender, result.ms);
      console.log(
        `  ${`${contender}${result.reader ? ` (${result.reader}, totals ${result.reconciliation})` : ''}`.padEnd(34)} ${(result.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round((rows * 1000) / result.ms).toLocaleString('en-US')} rows/s`,
      );
    }
    ratios.push(took.get('duckdb')! / took.get('markpi')!);
  }
  if (checksums.size !== 1)
    throw new Error(`the contenders stored different rows (${[...checksums].join(', ')})`);
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `${rows.toLocaleString('en-US')} rows with a 合计 row: markpi (engine reader) ${Math.round((rows * 1000) / median(times.get('markpi')!)).toLocaleString('en-US')} rows/s, DuckDB read_csv ${Math.round((rows * 1000) / median(times.get('duckdb')!)).toLocaleString('en-US')} rows/s; markpi at ${median(ratios).toFixed(3)}× (${sorted[0]!.toFixed(3)}–${sorted.at(-1)!.toFixed(3)}) DuckDB's speed, identical rows`,
  );
}

await main();
