/**
 * The streaming reader on a quirky export: an Ocean Engine (巨量引擎) unit report as the UI
 * writes it for a Chinese account — `1.2万` impressions and plays, `1,234.56` amounts quoted,
 * `YYYY/M/D` days, a `-` now and then — ending in a `合计` totals row. These quirks keep the file
 * off the engine reader, so every row goes through markpi's own parsing.
 *
 * Two figures, each in a child process of its own, alternating runs, each as wall-clock rows/s and
 * as rows per second of the process's CPU time (user + system, garbage collection included): on
 * a machine other work shares, the CPU figure is what the reader costs and the wall figure what
 * the machine gave it.
 *
 * - `read`: the file read and parsed into fact rows by `parseFile`, rows thrown away (the
 *   reader alone: sniff, decode, CSV, numbers, dates, validation, batches);
 * - `import`: the whole import with `reader: 'stream'` into a fresh DuckDB workspace (the
 *   reader plus the columnar appends and the transaction).
 *
 * Usage: node bench/dist/import-stream.js [rows] [--runs N] [--profile]
 */

import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSource, importFile, parseFile } from '@markpi/importers';
import { openDuckDbWarehouse } from '@markpi/store';
import { runChild } from './harness/child.js';
import { OCEAN_HEADER, oceanLines } from './harness/import-data.js';
import { median } from './harness/measure.js';

const SCRIPT = fileURLToPath(import.meta.url);
const DATA = path.resolve('bench/data');
const OUT = path.resolve('bench/out');

type Mode = 'read' | 'import';

/** `12345` as the UI writes counts of ten thousand and more: `1.2万` (one decimal). */
function wan(value: number): string {
  return value >= 10_000 ? `${(value / 10_000).toFixed(1)}万` : String(value);
}

/** `2026-05-01` as `2026/5/1`. */
function slashDay(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${year}/${Number(month)}/${Number(day)}`;
}

/** Amounts of a thousand yuan and more grouped and quoted: `"1,234.56"`. */
function grouped(text: string): string {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 1000) return text;
  return `"${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}"`;
}

/** The generator's rows, rewritten the way the quirky export writes them. */
function quirkyLine(line: string): string {
  // Unit names with the delimiter are quoted by the generator: split around them.
  const cells: string[] = [];
  let rest = line;
  while (rest.length > 0) {
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      cells.push(rest.slice(0, end + 1));
      rest = rest.slice(end + 2);
    } else {
      const comma = rest.indexOf(',');
      cells.push(comma === -1 ? rest : rest.slice(0, comma));
      rest = comma === -1 ? '' : rest.slice(comma + 1);
    }
  }
  cells[0] = slashDay(cells[0]!);
  cells[6] = grouped(cells[6]!);
  cells[7] = grouped(cells[7]!);
  cells[8] = wan(Number(cells[8]));
  cells[15] = wan(Number(cells[15]));
  return cells.join(',');
}

export async function quirkyOceanFile(folder: string, rows: number): Promise<string> {
  const file = `${folder}/ocean-engine-quirky-${rows}.csv`;
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const out = createWriteStream(building, { highWaterMark: 1 << 20 });
  let buffer = `${OCEAN_HEADER.join(',')}\n`;
  for (const line of oceanLines(rows)) {
    buffer += `${quirkyLine(line)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  // The UI's totals row; its figures are the UI's own and are only reconciled, never loaded.
  buffer += `合计,,,,,,"1,000.00","900.00",1.2万,100,0.83,10.00,5,200.00,-,3000,60,6,3\n`;
  out.end(buffer);
  await once(out, 'finish');
  renameSync(building, file);
  return file;
}

interface ChildResult {
  mode: Mode;
  ms: number;
  /** CPU time of the process over the same span (user + system), in ms. */
  cpuMs: number;
  rows: number;
  totalsRows: number;
  reader: string;
}

async function child(mode: Mode, file: string, db: string): Promise<void> {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpuAtStart);
    return (used.user + used.system) / 1000;
  };
  if (mode === 'read') {
    const summary = await parseFile(
      fileSource(file),
      'bench',
      { reader: 'stream' },
      { accept: async () => undefined, reject: async () => undefined },
    );
    const ms = performance.now() - started;
    const result: ChildResult = {
      mode,
      ms,
      cpuMs: cpuMs(),
      rows: summary.rowsAccepted,
      totalsRows: summary.totalsRows,
      reader: summary.format.reader,
    };
    console.log(JSON.stringify(result));
    return;
  }
  rmSync(db, { force: true });
  const warehouse = await openDuckDbWarehouse({ path: db });
  try {
    const begun = performance.now();
    const cpuBegun = process.cpuUsage();
    const report = await importFile(warehouse, fileSource(file), { reader: 'stream' });
    const ms = performance.now() - begun;
    const used = process.cpuUsage(cpuBegun);
    const result: ChildResult = {
      mode,
      ms,
      cpuMs: (used.user + used.system) / 1000,
      rows: report.summary?.rowsAccepted ?? 0,
      totalsRows: report.summary?.totalsRows ?? 0,
      reader: report.summary?.format.reader ?? '',
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
    await child(args[1] as Mode, args[2]!, args[3]!);
    return;
  }
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const runs = Number(option('--runs') ?? 3);
  const profile = args.includes('--profile');
  const rows = Number(
    args.find((arg, index) => /^\d+$/.test(arg) && args[index - 1] !== '--runs') ?? 1_000_000,
  );
  mkdirSync(DATA, { recursive: true });
  if (profile) mkdirSync(OUT, { recursive: true });
  const file = await quirkyOceanFile(DATA, rows);
  const db = path.join(DATA, `import-stream-${process.pid}.duckdb`);
  const times = new Map<Mode, number[]>([
    ['read', []],
    ['import', []],
  ]);
  const cpuTimes = new Map<Mode, number[]>([
    ['read', []],
    ['import', []],
  ]);
  const modes: Mode[] = ['read', 'import'];
  for (let round = 0; round < runs; round++) {
    for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
      const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${OUT}`] : [];
      const result = await runChild<ChildResult>(SCRIPT, ['--child', mode, file, db], nodeArgs);
      if (result.rows !== rows || result.totalsRows !== 1 || result.reader !== 'stream')
        throw new Error(`${mode}: ${JSON.stringify(result)}`);
      times.get(mode)!.push(result.ms);
      cpuTimes.get(mode)!.push(result.cpuMs);
      console.log(
        `  ${mode.padEnd(6)} ${(result.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round((rows * 1000) / result.ms).toLocaleString('en-US')} rows/s  (CPU ${(result.cpuMs / 1000).toFixed(2)} s: ${Math.round((rows * 1000) / result.cpuMs).toLocaleString('en-US')} rows per CPU second)`,
      );
    }
  }
  for (const mode of modes) {
    const ms = median(times.get(mode)!);
    const cpu = median(cpuTimes.get(mode)!);
    console.log(
      `${rows.toLocaleString('en-US')}-row quirky Ocean Engine export, ${mode === 'read' ? 'streaming reader alone' : 'streaming import into DuckDB'}: ${Math.round((rows * 1000) / ms).toLocaleString('en-US')} rows/s, ${Math.round((rows * 1000) / cpu).toLocaleString('en-US')} rows per CPU second (medians of ${runs})`,
    );
  }
}

await main();
