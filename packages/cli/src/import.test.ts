import { spawn } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDuckDbWarehouse } from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFixture } from '../../store/src/scenarios/fixture.js';
import { EXIT_OK, EXIT_USER } from './program.js';
import { runCliCaptured } from './testing.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../importers/fixtures');
const builtCli = path.resolve(here, '../dist/main.js');

let folder: string;

const cli = (...args: string[]) => runCliCaptured(folder, args);

async function snapshot(db: string) {
  const warehouse = await openDuckDbWarehouse({ path: db });
  const [row] = await warehouse.query(
    'SELECT count(*) AS n, sum(spend) AS spend, sum(impressions) AS impressions FROM fact_performance',
  );
  const tables = await warehouse.query(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'meta_imports'",
  );
  const imports =
    Number(tables[0]?.n) > 0 ? await warehouse.query('SELECT count(*) AS n FROM meta_imports') : [{ n: 0 }];
  await warehouse.close();
  return { rows: row?.n, spend: row?.spend, impressions: row?.impressions, imports: imports[0]?.n };
}

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-import-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi import', () => {
  it('imports a platform export and prints a summary; the same file twice changes nothing', async () => {
    const db = path.join(folder, 'twice.duckdb');
    const file = path.join(fixtures, 'ocean-engine-units-gb18030.csv');
    const first = await cli('--db', db, 'import', file, '--format', 'json');
    expect(first.code, first.err).toBe(EXIT_OK);
    const [report] = JSON.parse(first.out) as {
      status: string;
      summary: { rowsAccepted: number; profile: { id: string } };
    }[];
    expect(report?.status).toBe('imported');
    expect(report?.summary.profile.id).toContain('ocean');
    const before = await snapshot(db);
    const second = await cli('--db', db, 'import', file);
    expect(second.code).toBe(EXIT_OK);
    expect(second.out).toContain('already_imported');
    expect(await snapshot(db)).toEqual(before);
    const query = await cli(
      '--db',
      db,
      'query',
      '--kpis',
      'spend',
      '--from',
      '2026-05-01',
      '--to',
      '2026-05-31',
      '--format',
      'json',
    );
    expect((JSON.parse(query.out) as { spend: number }[])[0]?.spend).toBe(before.spend);
  });

  it('refuses a broken file naming file, row and column, and writes nothing', async () => {
    const db = path.join(folder, 'broken.duckdb');
    const broken = path.join(folder, 'broken.csv');
    writeFileSync(
      broken,
      '时间-天,单元名称,消耗,展示数,点击数\n2026-05-01,单元一,100,1000,10\n2026-02-30,单元二,100,1000,10\n',
    );
    const result = await cli('--db', db, 'import', broken, '--all-or-nothing', '--source', 'ocean_engine');
    expect(result.code).toBe(EXIT_USER);
    expect(result.err).toMatch(/broken\.csv:3/);
    expect((await snapshot(db)).rows).toBe(0);
  });

  it('says rejection reasons in --lang zh, on stderr and in --rejected; English by default', async () => {
    const file = path.join(folder, 'google-zh.csv');
    writeFileSync(
      file,
      'Day,Campaign,Currency code,Cost,Impr.,Clicks\n2026-06-01,A,CNY,10,100,5\n2026-06-02,A,CNY,lots,100,5\n',
    );
    const db = path.join(folder, 'lang.duckdb');
    const rejected = path.join(folder, 'rejected-zh.csv');
    const chinese = await cli('--db', db, 'import', file, '--lang', 'zh', '--rejected', rejected);
    expect(chinese.code).toBe(EXIT_OK);
    expect(chinese.err).toContain('rejected: google-zh.csv:3:Cost: Cost：“lots”不是数字');
    expect(readFileSync(rejected, 'utf8')).toContain('Cost：“lots”不是数字');
    const english = await cli('--db', path.join(folder, 'lang-en.duckdb'), 'import', file, '--dry-run');
    expect(english.err).toContain('rejected: google-zh.csv:3:Cost: Cost: "lots" is not a number');
  });

  it('previews with --dry-run without writing', async () => {
    const db = path.join(folder, 'dry.duckdb');
    const result = await cli(
      '--db',
      db,
      'import',
      path.join(fixtures, 'ocean-engine-units-gb18030.csv'),
      '--dry-run',
    );
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain('dry_run');
    expect((await snapshot(db)).rows).toBe(0);
  });
});

// The test command builds before testing; in CI a missing build is a failure, not a skip.
if (!existsSync(builtCli) && process.env.CI) throw new Error(`${builtCli} is missing: run tsc -b first`);

/**
 * A large Ocean Engine export, written in pieces so the test never holds it as one string. Rows
 * differ by their unit and impressions; the rest of a row repeats every 6300 rows (days cycle
 * through 9 × 28, projects through 50), so that part is built once.
 */
function writeOceanExport(file: string, rows: number): void {
  const cycle = 6300;
  const starts = Array.from(
    { length: cycle },
    (_, index) =>
      `2026-0${(index % 9) + 1}-${String((index % 28) + 1).padStart(2, '0')},项目${index % 50},${7000 + (index % 50)},单元`,
  );
  writeFileSync(file, '时间-天,项目名称,项目ID,单元名称,消耗,展示数,点击数,转化数\n');
  for (let start = 0; start < rows; start += 100_000) {
    let text = '';
    for (let index = start; index < Math.min(rows, start + 100_000); index++)
      text += `${starts[index % cycle]}${index},${(index % 997) + 0.5},${10_000 + index},${100 + (index % 300)},${index % 17}\n`;
    appendFileSync(file, text);
  }
}

/**
 * Loaded before the CLI (`node --import`): at the import's first progress event past `HOLD_AT`
 * rows, or at the end of its reading, whichever comes first, it says `held` and stops the
 * process's only thread for good, so the kill always finds the rows in the open transaction
 * whatever the file's size or the machine's speed. The import's own code runs unchanged: this
 * only watches what `--progress json` writes (to a pipe, which Node writes synchronously).
 */
const HOLD = `
const write = process.stderr.write.bind(process.stderr);
const holdAt = Number(process.env.HOLD_AT);
let pending = '';
process.stderr.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  pending += String(chunk);
  const lines = pending.split('\\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if ((event.phase === 'reading' && event.rowsRead >= holdAt) || event.phase === 'done') {
      write('held\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
  }
  return written;
};
`;

describe.runIf(existsSync(builtCli))('an import killed mid-file', () => {
  /** Rows of the file; the streaming reader is held once 30 000 are read (batches of 8192). */
  const ROWS = 60_000;
  const HOLD_AT = 30_000;

  // The workspace both cases start from, loaded once; each case works on a copy of its file.
  let seeded: string;
  let hold: string;
  beforeAll(async () => {
    seeded = path.join(folder, 'seeded.duckdb');
    const warehouse = await openDuckDbWarehouse({ path: seeded });
    await loadScenarioFixture(warehouse);
    await warehouse.run('CHECKPOINT');
    await warehouse.close();
    // All of it in the one file a copy takes.
    expect(existsSync(`${seeded}.wal`)).toBe(false);
    hold = path.join(folder, 'hold.mjs');
    writeFileSync(hold, HOLD);
  });

  // Both readers: the streaming reader appends batch after batch, the engine reads the file in
  // one statement; either way the rows sit in an open transaction when the process dies.
  it.each(['stream', 'engine'] as const)(
    'leaves the workspace exactly as it was (%s reader)',
    async (reader) => {
      const db = path.join(folder, `killed-${reader}.duckdb`);
      copyFileSync(seeded, db);
      const before = await snapshot(db);

      const big = path.join(folder, `big-${reader}.csv`);
      writeOceanExport(big, ROWS);
      const child = spawn(
        process.execPath,
        [
          '--import',
          pathToFileURL(hold).href,
          builtCli,
          '--db',
          db,
          'import',
          big,
          '--progress',
          'json',
          '--reader',
          reader,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOLD_AT: String(HOLD_AT) } },
      );
      // The progress events up to the hold.
      const events: { phase: string; rowsRead: number }[] = [];
      const held = await new Promise<boolean>((resolve) => {
        let text = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const lines = text.split('\n');
          text = lines.pop() ?? '';
          for (const line of lines) {
            if (line === 'held') resolve(true);
            else if (line.startsWith('{'))
              events.push(JSON.parse(line) as { phase: string; rowsRead: number });
          }
        });
        child.once('exit', () => resolve(false));
      });
      // Killed before anything is asserted, so a failing case never leaves a held process behind.
      const runningWhenKilled = child.exitCode === null;
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
      expect(held, 'the import finished before it could be held').toBe(true);
      expect(runningWhenKilled).toBe(true);
      const last = events.at(-1);
      if (reader === 'stream') {
        // Mid-file: the first batch boundary past 30 000 rows, with more of the file unread.
        expect(last?.phase).toBe('reading');
        expect(last?.rowsRead).toBeGreaterThanOrEqual(HOLD_AT);
        expect(last?.rowsRead).toBeLessThan(ROWS);
      } else {
        // The engine's one statement has run (or is running) inside the transaction.
        expect(['reading', 'done']).toContain(last?.phase);
      }

      expect(await snapshot(db)).toEqual(before);
      // The workspace still works, and the same file then imports in full, by the same reader.
      const again = await cli('--db', db, 'import', big, '--format', 'json', '--reader', reader);
      expect(again.code, again.err).toBe(EXIT_OK);
      const [report] = JSON.parse(again.out) as { summary: { format: { reader: string } } }[];
      expect(report?.summary.format.reader).toBe(reader);
      const after = await snapshot(db);
      expect(Number(after.rows)).toBe(Number(before.rows) + ROWS);
      rmSync(big, { force: true });
    },
    120_000,
  );
});
