/**
 * Import benchmark: a generated Ocean Engine daily report (UTF-8 CSV) of each size, imported
 * (a) by markpi's real `importFile` into a fresh DuckDB workspace and (b) by DuckDB's own
 * `INSERT INTO fact_performance SELECT … FROM read_csv(…)` into the same table, plus the peak
 * memory of each. Every run is a child process of its own (cold, with its own RSS high-water
 * mark); the two contenders alternate (A B, B A, …) so drift on a shared machine hits both.
 * Both must load identical rows: an order-independent hash of every stored row is compared.
 *
 * Usage: node bench/dist/import.js [rows …] [--runs N] [--markpi-only] [--profile]
 *          [--reader auto|stream]  markpi's reader (default auto: the engine for clean files)
 *          [--memory-limit <size>] DuckDB's memory limit for both contenders (e.g. 768MB)
 *          [--baseline <dir>]   also time another build of @markpi/importers (its dist folder,
 *                               e.g. an older commit's) on the same files: before/after.
 */
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as importers from '@markpi/importers';
import { openDuckDbWarehouse, type Warehouse } from '@markpi/store';
import { peakRssMiB, runChild, sampleJsMemory } from './harness/child.js';
import { OCEAN_HEADER, oceanFile } from './harness/import-data.js';
import { median } from './harness/measure.js';

/** `baseline` is another build of the importers (`--baseline`), for before/after figures. */
type Contender = 'markpi' | 'duckdb' | 'baseline';

type Importers = Pick<typeof importers, 'importFile' | 'fileSource'>;

interface ChildResult {
  contender: Contender;
  ms: number;
  rows: number;
  /** Peak RSS of the whole child (Node, DuckDB and all), MiB. */
  peakMiB: number;
  /** Peak RSS before the import started (Node, DuckDB open, tables created), MiB. */
  baselineMiB: number;
  /** Peak of the V8 heap plus Buffers during the import (DuckDB's native memory excluded), MiB. */
  jsPeakMiB: number;
  /** Order-independent hash of the loaded rows, to prove both loaded the same thing. */
  checksum: string;
  /** markpi's reader for the file (engine or stream); absent for DuckDB's own load. */
  reader?: string;
}

const SCRIPT = fileURLToPath(import.meta.url);
const DATA = path.resolve('bench/data');
const OUT = path.resolve('bench/out');

/** What markpi stores for an Ocean Engine unit report, in SQL over the raw file. */
function readCsvSql(file: string): string {
  // The export's own columns (the generator's header): the day, names and IDs as text, and
  // every other column a number.
  const text = new Set(['账户名称', '项目名称', '项目ID', '单元名称', '单元ID']);
  const columns = OCEAN_HEADER.map(
    (name) => `'${name}': '${name === '时间-天' ? 'DATE' : text.has(name) ? 'VARCHAR' : 'DOUBLE'}'`,
  );
  return `INSERT INTO fact_performance (date, channel, account, campaign, ad_group, traffic_type, currency,
      spend, impressions, clicks, conversions, follows, video_views, likes, comments, shares, import_id)
    SELECT "时间-天", 'douyin', "账户名称", "项目名称", "单元名称", 'paid', 'CNY',
      "消耗", "展示数", "点击数", "转化数", "新增粉丝数", "播放数", "点赞数", "评论数", "分享数", 'duckdb'
    FROM read_csv('${file.replaceAll("'", "''")}', header = true, delim = ',', quote = '"',
      nullstr = ['-', ''], auto_detect = false, columns = {${columns.join(', ')}})`;
}

async function checksum(warehouse: Warehouse): Promise<{ rows: number; checksum: string }> {
  const [row] = await warehouse.query(
    `SELECT COUNT(*) AS n, CAST(bit_xor(hash(*COLUMNS(* EXCLUDE (import_id)))) AS VARCHAR) AS h FROM fact_performance`,
  );
  return { rows: Number(row?.n ?? 0), checksum: String(row?.h) };
}

/** Settings both contenders share, passed to each child as JSON. */
interface RunSettings {
  reader: 'auto' | 'stream';
  memoryLimit?: string;
}

/** The child's side: one import into a fresh workspace, reported as one JSON line. */
async function child(
  contender: Contender,
  file: string,
  db: string,
  settings: RunSettings,
  baseline?: string,
): Promise<void> {
  const library: Importers = baseline
    ? ((await import(pathToFileURL(path.join(baseline, 'index.js')).href)) as Importers)
    : importers;
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const warehouse = await openDuckDbWarehouse({
    path: db,
    ...(settings.memoryLimit ? { memoryLimit: settings.memoryLimit } : {}),
  });
  try {
    const baselineMiB = peakRssMiB();
    const stopSampling = sampleJsMemory();
    const started = performance.now();
    let reader: string | undefined;
    if (contender !== 'duckdb') {
      const report = await library.importFile(warehouse, library.fileSource(file), {
        reader: settings.reader,
      });
      if (report.status !== 'imported') throw new Error(`${contender} import ${report.status}`);
      reader = report.summary?.format.reader ?? 'stream';
    } else {
      await warehouse.transaction((transaction) => transaction.run(readCsvSql(file)));
    }
    const ms = performance.now() - started;
    const peakMiB = peakRssMiB();
    const jsPeakMiB = stopSampling();
    const sum = await checksum(warehouse);
    const result: ChildResult = {
      contender,
      ms,
      peakMiB,
      baselineMiB,
      jsPeakMiB,
      ...sum,
      ...(reader ? { reader } : {}),
    };
    console.log(JSON.stringify(result));
  } finally {
    await warehouse.close();
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
  }
}

interface Sample {
  ms: number[];
  peakMiB: number[];
  jsPeakMiB: number[];
}

interface SizeResult {
  rows: number;
  samples: Map<Contender, Sample>;
  /** Per round: DuckDB's time / markpi's time, i.e. markpi's speed as a share of DuckDB's. */
  ratios: number[];
}

function spread(values: readonly number[], digits: number): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(digits)} (${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)})`;
}

const perSecond = (rows: number, ms: number) => Math.round((rows * 1000) / ms).toLocaleString('en-US');

async function benchSize(
  rows: number,
  runs: number,
  contenders: readonly Contender[],
  profile: boolean,
  baseline: string | undefined,
  settings: RunSettings,
): Promise<SizeResult> {
  const file = await oceanFile(DATA, rows);
  // Read once before timing: otherwise whoever goes first in the first round also pays for
  // reading the file from disk into the page cache.
  for await (const _chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    // nothing: the read is the point
  }
  const db = path.join(DATA, `import-bench-${process.pid}.duckdb`);
  const samples = new Map(
    contenders.map((contender) => [contender, { ms: [], peakMiB: [], jsPeakMiB: [] } as Sample]),
  );
  const ratios: number[] = [];
  const checksums = new Set<string>();
  const run = async (contender: Contender) => {
    const nodeArgs = profile && contender === 'markpi' ? ['--cpu-prof', `--cpu-prof-dir=${OUT}`] : [];
    const args = [
      '--child',
      contender,
      file,
      db,
      JSON.stringify(settings),
      ...(contender === 'baseline' && baseline ? [baseline] : []),
    ];
    const result = await runChild<ChildResult>(SCRIPT, args, nodeArgs);
    if (result.rows !== rows) throw new Error(`${contender} loaded ${result.rows} rows, not ${rows}`);
    checksums.add(result.checksum);
    samples.get(contender)!.ms.push(result.ms);
    samples.get(contender)!.peakMiB.push(result.peakMiB);
    samples.get(contender)!.jsPeakMiB.push(result.jsPeakMiB);
    console.log(
      `  ${`${contender}${result.reader ? ` (${result.reader})` : ''}`.padEnd(17)} ${(result.ms / 1000).toFixed(2).padStart(7)} s ${perSecond(rows, result.ms).padStart(10)} rows/s  peak RSS ${result.peakMiB.toFixed(0)} MiB (JS heap + buffers ${result.jsPeakMiB.toFixed(0)} MiB)`,
    );
    return result.ms;
  };
  for (let round = 0; round < runs; round++) {
    // Rotate who goes first, so a slow spell on the shared machine hits every contender alike.
    const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]!);
    const times = new Map<Contender, number>();
    for (const contender of order) times.set(contender, await run(contender));
    const duckdb = times.get('duckdb');
    if (duckdb !== undefined) ratios.push(duckdb / times.get('markpi')!);
  }
  if (checksums.size !== 1)
    throw new Error(`the contenders loaded different rows (${[...checksums].join(', ')})`);
  return { rows, samples, ratios };
}

function report(results: readonly SizeResult[], contenders: readonly Contender[]): void {
  const header = ['rows'.padEnd(11), 'contender'.padEnd(9), 'seconds, median (min–max)'.padEnd(26)];
  header.push(
    'rows/s (median)'.padStart(15),
    'peak RSS MiB (min–max)'.padEnd(22),
    'JS heap+buffers peak MiB',
  );
  console.log(`\n${header.join(' | ')}`);
  for (const { rows, samples } of results) {
    for (const contender of contenders) {
      const sample = samples.get(contender)!;
      console.log(
        [
          rows.toLocaleString('en-US').padEnd(11),
          contender.padEnd(9),
          spread(
            sample.ms.map((ms) => ms / 1000),
            2,
          ).padEnd(26),
          perSecond(rows, median(sample.ms)).padStart(15),
          spread(sample.peakMiB, 0).padEnd(22),
          spread(sample.jsPeakMiB, 0),
        ].join(' | '),
      );
    }
  }
  for (const { rows, ratios } of results) {
    if (ratios.length === 0) continue;
    console.log(
      `${rows.toLocaleString('en-US')} rows: markpi runs at ${spread(ratios, 3)}× DuckDB read_csv's speed (median of per-round ratios; aim ≥ 0.5)`,
    );
  }
  if (results.length > 1) {
    const first = results[0]!;
    const last = results.at(-1)!;
    const growth = (key: 'peakMiB' | 'jsPeakMiB') =>
      (median(last.samples.get('markpi')![key]) / median(first.samples.get('markpi')![key])).toFixed(2);
    console.log(
      `markpi peak at ${last.rows.toLocaleString('en-US')} rows ÷ at ${first.rows.toLocaleString('en-US')} rows (flat = 1.00): RSS ${growth('peakMiB')}, JS heap+buffers ${growth('jsPeakMiB')}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1] as Contender, args[2]!, args[3]!, JSON.parse(args[4]!) as RunSettings, args[5]);
    return;
  }
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const runs = Number(option('--runs') ?? 3);
  const baseline = option('--baseline');
  const profile = args.includes('--profile');
  const memoryLimit = option('--memory-limit');
  const settings: RunSettings = {
    reader: option('--reader') === 'stream' ? 'stream' : 'auto',
    ...(memoryLimit ? { memoryLimit } : {}),
  };
  console.log(
    `markpi reader: ${settings.reader}; DuckDB memory limit: ${settings.memoryLimit ?? 'default (80% of RAM)'}`,
  );
  const contenders: Contender[] = args.includes('--markpi-only') ? ['markpi'] : ['markpi', 'duckdb'];
  if (baseline) contenders.push('baseline');
  const sizes = args
    .filter(
      (arg, index) =>
        /^\d+$/.test(arg) && !['--runs', '--baseline', '--memory-limit'].includes(args[index - 1] ?? ''),
    )
    .map(Number);
  if (sizes.length === 0) sizes.push(1_000_000, 10_000_000);
  mkdirSync(DATA, { recursive: true });
  if (profile) mkdirSync(OUT, { recursive: true });
  const results: SizeResult[] = [];
  for (const rows of sizes) {
    console.log(`${rows.toLocaleString('en-US')} rows, ${runs} round${runs === 1 ? '' : 's'}`);
    results.push(
      await benchSize(rows, runs, contenders, profile, baseline && path.resolve(baseline), settings),
    );
  }
  report(results, contenders);
}

await main();
