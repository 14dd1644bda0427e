/**
 * Ordinary mistakes at the edges — a file that is not there, a folder, a pattern the shell
 * passed on, a file we may not read or write, a busy port, a ClickHouse server that does not
 * answer — exit 2 with one line of cause and a hint, never a stack trace.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveCommand } from './commands/serve.js';
import {
  EdgeError,
  languageOf,
  readFailure,
  type Said,
  SENTENCE_KEYS,
  type SentenceKey,
  say,
  writingFile,
} from './edge-errors.js';
import { EXIT_USER, runCli } from './program.js';
import { runCliCaptured } from './testing.js';

let folder: string;

const cli = (...args: string[]) => runCliCaptured(folder, args);

/** What every mistake here prints: exit 2, the cause on the first line, no stack, no "bug". */
function expectUserMistake(result: { code: number; err: string }, cause: string, hint?: string) {
  expect(result.code, result.err).toBe(EXIT_USER);
  // Progress lines may come first (the demo builds before it serves); the error is the rest.
  const lines = result.err.trimEnd().split('\n');
  const [errorLine, ...after] = lines.slice(lines.findIndex((line) => line.startsWith('error: ')));
  expect(errorLine).toBe(`error: ${cause}`);
  for (const line of after) expect(line).toMatch(/^ {2}(hint: |- )/);
  if (hint !== undefined) expect(after).toContain(`  hint: ${hint}`);
  expect(result.err).not.toMatch(/^\s+at /m);
  expect(result.err).not.toContain('internal error');
  expect(result.err).not.toContain('This is a bug');
}

/** A port something is listening on, held until the server is closed. */
async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

/** A port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const { port, server } = await busyPort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-edge-'));
  writeFileSync(path.join(folder, 'orders-jan.csv'), 'date,spend\n2026-01-01,1\n');
  mkdirSync(path.join(folder, 'exports'));
  writeFileSync(path.join(folder, 'exports', 'meta.xlsx'), 'x');
  writeFileSync(path.join(folder, 'exports', 'douyin.xlsx'), 'x');
  writeFileSync(path.join(folder, 'exports', 'notes.md'), 'x');
  mkdirSync(path.join(folder, 'Downloads'));
  writeFileSync(path.join(folder, 'Downloads', 'ga4.csv'), 'x');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('markpi import: files that can’t be read', () => {
  it('a missing file: exit 2, the name, and the near names in its folder', async () => {
    const db = path.join(folder, 'missing.duckdb');
    const result = await cli('--db', db, 'import', 'orders-jam.csv');
    expectUserMistake(result, 'no such file: orders-jam.csv', 'did you mean `orders-jan.csv`?');
    expect(result.err).toBe('error: no such file: orders-jam.csv\n  hint: did you mean `orders-jan.csv`?\n');
    // Checked before the workspace is opened: a typo creates no workspace.
    expect(existsSync(db)).toBe(false);
  });

  it('a missing file with no near name: the files that are there', async () => {
    const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', 'exports/tiktok.csv');
    expectUserMistake(result, 'no such file: exports/tiktok.csv', 'files in exports: douyin.xlsx, meta.xlsx');
  });

  it('a folder: exit 2, and a pattern for the files inside it', async () => {
    const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', 'exports/');
    expectUserMistake(
      result,
      'exports/ is a folder, not a file',
      `name the files inside it, e.g. markpi import ${path.join('exports', '*.xlsx')}`,
    );
  });

  it('a pattern the shell found nothing for: what the folder holds instead', async () => {
    const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', 'Downloads/*.xlsx');
    expectUserMistake(result, 'no file matches Downloads/*.xlsx', 'files in Downloads: ga4.csv');
  });

  it('a quoted ~ that no shell expanded', async () => {
    const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', '~/Downloads/*.xlsx');
    expectUserMistake(
      result,
      'no file matches ~/Downloads/*.xlsx',
      '~ is not expanded inside quotes: write the path without quotes, or in full',
    );
  });

  it('a folder that is not there, with the near one', async () => {
    const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', 'Downlaods/ga4.csv');
    expectUserMistake(
      result,
      'no such file: Downlaods/ga4.csv (there is no folder Downlaods)',
      'did you mean `Downloads`?',
    );
  });

  it('several at once: one error naming each, nothing imported', async () => {
    const db = path.join(folder, 'several.duckdb');
    const result = await cli('--db', db, 'import', 'orders-jan.csv', 'orders-feb.csv', 'exports');
    expectUserMistake(result, "2 of 3 files can't be read; nothing was imported");
    expect(result.err).toContain('  - no such file: orders-feb.csv (did you mean `orders-jan.csv`?)');
    expect(result.err).toContain('  - exports is a folder, not a file (name the files inside it');
    expect(existsSync(db)).toBe(false);
  });

  it('a file it may not read: permission denied, and where to look', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open 'secret.csv'"), {
      code: 'EACCES',
    });
    const problem = readFailure(denied, 'secret.csv', folder);
    expect(problem?.code).toBe('permission_denied');
    expect(problem && say(problem.cause, 'en')).toBe('permission denied: cannot read secret.csv');
    expect(problem?.hint && say(problem.hint, 'en')).toBe(
      'check the permissions of secret.csv, or run markpi as a user who has them',
    );
  });

  it.skipIf(process.getuid?.() === 0)('a real file without read permission', async () => {
    const file = path.join(folder, 'locked.csv');
    writeFileSync(file, 'x');
    chmodSync(file, 0o000);
    try {
      const result = await cli('--db', path.join(folder, 'w.duckdb'), 'import', 'locked.csv');
      expectUserMistake(result, 'permission denied: cannot read locked.csv');
    } finally {
      chmodSync(file, 0o644);
    }
  });

  it('a missing --mapping file', async () => {
    const result = await cli(
      '--db',
      path.join(folder, 'w.duckdb'),
      'import',
      'orders-jan.csv',
      '--mapping',
      'mapping.yaml',
    );
    expect(result.code, result.err).toBe(EXIT_USER);
    expect(result.err.split('\n')[0]).toBe('error: no such file: mapping.yaml');
    expect(result.err).not.toMatch(/^\s+at /m);
  });

  it('a --mapping file that is not YAML: the parser’s one line, not a crash', async () => {
    writeFileSync(path.join(folder, 'broken.json'), '{ "columns": ');
    const result = await cli(
      '--db',
      path.join(folder, 'w.duckdb'),
      'import',
      'orders-jan.csv',
      '--mapping',
      'broken.json',
    );
    expectUserMistake(result, 'broken.json: not valid JSON');
  });

  it('says it in Chinese under a Chinese locale', async () => {
    let err = '';
    const code = await runCli(['--db', path.join(folder, 'w.duckdb'), 'import', 'orders-jam.csv'], {
      out: () => {},
      err: (text) => (err += text),
      env: { LANG: 'zh_CN.UTF-8' },
      cwd: folder,
    });
    expect(code).toBe(EXIT_USER);
    expect(err.trimEnd().split('\n')).toEqual([
      '错误: 找不到文件：orders-jam.csv',
      '  提示: 是不是 `orders-jan.csv`？',
    ]);
  });
});

describe('writing a file', () => {
  it('into a folder that is not there, or onto a folder', () => {
    const write = (typed: string) =>
      writingFile(typed, folder, () => writeFileSync(path.resolve(folder, typed), 'x'));
    const caught = (work: () => void) => {
      try {
        work();
      } catch (error) {
        return error;
      }
      throw new Error('expected an error');
    };
    const missing = caught(() => write('nowhere/rejected.csv'));
    expect(missing).toBeInstanceOf(EdgeError);
    expect((missing as EdgeError).message).toBe(
      'cannot write nowhere/rejected.csv: there is no folder nowhere',
    );
    expect((missing as EdgeError).kind).toBe('not_found');
    const onFolder = caught(() => write('exports'));
    expect((onFolder as EdgeError).message).toBe('exports is a folder, not a file');
    expect((onFolder as EdgeError).problems[0]?.hint).toBe(
      `name a file, e.g. ${path.join('exports', '<file>')}`,
    );
  });
});

describe('markpi serve and markpi demo on a busy port', () => {
  it('serve: exit 2, the port, and the flag; nothing is created on the way', async () => {
    const { port, server } = await busyPort();
    const dataDir = path.join(folder, 'serve-data');
    try {
      const result = await cli(
        '--db',
        path.join(folder, 'served.duckdb'),
        'serve',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
      );
      expectUserMistake(result, `port ${port} is in use`, 'pass --port <n>, or --port 0 for a free one');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // The failed start made no account: the next one still creates the first admin and shows
    // its one-time password.
    const io = { out: () => {}, err: () => {}, env: {}, cwd: folder };
    const handle = await serveCommand({ dataDir, port: 0, io });
    try {
      expect(handle.server.initialAdmin?.login).toBe('admin');
    } finally {
      await handle.close();
    }
  });

  it('serve: an address that is not this machine’s', async () => {
    const result = await cli(
      '--db',
      path.join(folder, 'served.duckdb'),
      'serve',
      '--host',
      '192.0.2.1',
      '--port',
      '0',
      '--data-dir',
      path.join(folder, 'serve-data'),
    );
    expectUserMistake(
      result,
      '192.0.2.1 is not an address of this machine',
      'pass --host 127.0.0.1 (this machine only) or 0.0.0.0 (every address it has)',
    );
  });

  it('serve: a data folder that is a file', async () => {
    const result = await cli(
      '--db',
      path.join(folder, 'served.duckdb'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      'orders-jan.csv',
    );
    expectUserMistake(
      result,
      'orders-jan.csv is a file, not a folder',
      'name a folder, or a path where one can be made',
    );
  });

  it('demo: the workspace is built, then the busy port is named with the flag', async () => {
    const { port, server } = await busyPort();
    const db = path.join(folder, 'demo.duckdb');
    try {
      const result = await cli('--db', db, 'demo', '--rows', '60000', '--port', String(port));
      expectUserMistake(result, `port ${port} is in use`, 'pass --port <n>, or --port 0 for a free one');
      expect(existsSync(db)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);
});

describe('a ClickHouse server that does not answer', () => {
  it('exit 2, the address without its password, what to check, and no driver log', async () => {
    const port = await closedPort();
    // The driver logs to the console on its own; nothing of it may reach the terminal.
    const consoleOutput = (['error', 'warn', 'log', 'info'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    try {
      const result = await cli(
        '--store',
        `clickhouse://analyst:s3cret@127.0.0.1:${port}/markpi`,
        'query',
        '--kpis',
        'spend',
      );
      expect(result.code, result.err).toBe(EXIT_USER);
      expect(result.err.split('\n')[0]).toMatch(
        new RegExp(`^error: cannot reach ClickHouse at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
      );
      expect(result.err).toContain('is clickhouse-server running');
      expect(result.err).not.toContain('s3cret');
      expect(result.err).not.toMatch(/^\s+at /m);
      for (const spy of consoleOutput) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of consoleOutput) spy.mockRestore();
    }
  });
});

describe('the sentences', () => {
  /** Parameters for each sentence, and which of them it says as written. */
  const SAMPLES: { [Key in SentenceKey]: Extract<Said, { key: Key }>['params'] } = {
    no_such_file: { path: 'a/b.csv' },
    no_such_folder: { path: 'a/b.csv', folder: 'a' },
    under_a_file: { path: 'a/b.csv', parent: 'a' },
    is_a_folder: { path: 'a' },
    not_a_folder: { path: 'a' },
    no_match: { pattern: 'a/*.csv' },
    cannot_read: { path: 'a/b.csv' },
    cannot_write: { path: 'a/b.csv' },
    no_folder_to_write: { path: 'a/b.csv', folder: 'a' },
    disk_full: { path: 'a/b.csv' },
    files_unreadable: { count: 2, total: 3 },
    port_in_use: { port: 3700 },
    port_forbidden: { port: 80 },
    address_unavailable: { host: '10.0.0.9' },
    did_you_mean: { names: ['b.csv', 'c.csv'] },
    files_there: { folder: 'a', names: ['b.csv', 'c.csv'], total: 2 },
    no_importable_files: { folder: 'a' },
    no_folder: { folder: 'a' },
    relative_to: { cwd: '/home/me' },
    tilde_quoted: {},
    name_files_inside: { example: 'markpi import a/*.csv' },
    name_a_folder: {},
    name_a_file: { example: 'a/<file>' },
    create_folder: { folder: 'a' },
    check_permissions: { path: 'a/b.csv' },
    free_space: {},
    pass_port: {},
    pass_high_port: {},
    pass_host: {},
  };

  it('exist in English and Chinese, say their parameters, and differ', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...SENTENCE_KEYS].sort());
    for (const key of SENTENCE_KEYS) {
      const said = { key, params: SAMPLES[key] } as Said;
      const en = say(said, 'en');
      const zh = say(said, 'zh');
      expect(en.length, key).toBeGreaterThan(0);
      expect(zh, key).not.toBe(en);
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      for (const [name, value] of Object.entries(said.params)) {
        if (key === 'files_there' && name === 'total') continue; // said only when names are left out
        for (const part of Array.isArray(value) ? value : [value]) {
          expect(en, `${key} (en) says ${part}`).toContain(String(part));
          expect(zh, `${key} (zh) says ${part}`).toContain(String(part));
        }
      }
    }
  });

  it('count the files a hint leaves out', () => {
    const said: Said = { key: 'files_there', params: { folder: 'a', names: ['b.csv', 'c.csv'], total: 7 } };
    expect(say(said, 'en')).toBe('files in a: b.csv, c.csv and 5 more');
    expect(say(said, 'zh')).toBe('a 中的文件：b.csv、c.csv 等 7 个');
  });

  it('follow MARKPI_LANG, then the locale', () => {
    expect(languageOf({})).toBe('en');
    expect(languageOf({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(languageOf({ LANG: 'zh_CN.UTF-8', MARKPI_LANG: 'en' })).toBe('en');
    expect(languageOf({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf({ MARKPI_LANG: 'zh' })).toBe('zh');
  });
});

describe('settings the user gave', () => {
  it('a demo size the generator cannot meet: exit 2 before anything is built', async () => {
    const result = await cli('--db', 'small.duckdb', 'demo', '--no-serve', '--rows', '20000');
    expect(result.err).toContain('the nearest this seed allows');
    expectUserMistake(
      result,
      '--rows 20000: performanceRows 20000 cannot be met exactly: the nearest this seed allows is 21198 (small demos bottom out around 20,000–50,000 rows)',
    );
    expect(existsSync(path.join(folder, 'small.duckdb'))).toBe(false);
  });

  it('--config given a folder: the file to pass instead', async () => {
    mkdirSync(path.join(folder, 'settings'), { recursive: true });
    const result = await cli('--config', 'settings', 'kpis');
    expectUserMistake(result, `${path.join(folder, 'settings')} is a folder, not a workspace file`);
    expect(result.err).toContain(path.join(folder, 'settings', 'markpi.yaml'));
  });
});
