/**
 * Mistakes about the machine rather than the data: a file that is not there, a folder named
 * where a file belongs, a pattern the shell passed on because nothing matched it, a file we may
 * not read or write, a full disk, a port in use. Node reports them as system errors (ENOENT,
 * EISDIR, EACCES, EADDRINUSE …) with a stack; here, where the CLI meets the file system and the
 * network, they become `MarkpiError`s with one line of cause and a hint.
 *
 * Every sentence is a key and its parameters (paths as typed, numbers, names), said through the
 * one table below in English or Chinese, so the English an error carries and the Chinese printed
 * under a `zh` locale come from the same key and can't drift apart.
 */
import { accessSync, constants, readdirSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { closestNames, type ErrorCode, isMarkpiError, MarkpiError, type Problem } from '@markpi/core';

export type Language = 'en' | 'zh';

/** The language of messages: `MARKPI_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`). */
export function languageOf(env: Record<string, string | undefined>): Language {
  const chosen = env.MARKPI_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return chosen.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** One sentence in both languages, taking the same parameters. */
function sentence<Params>(en: (params: Params) => string, zh: (params: Params) => string) {
  return { en, zh };
}

/** At most this many file names in a hint; the rest are counted. */
const NAMES_SHOWN = 5;

const inCode = (names: readonly string[]) => names.map((name) => `\`${name}\``);

const SENTENCES = {
  // Causes.
  no_such_file: sentence<{ path: string }>(
    ({ path }) => `no such file: ${path}`,
    ({ path }) => `找不到文件：${path}`,
  ),
  no_such_folder: sentence<{ path: string; folder: string }>(
    ({ path, folder }) => `no such file: ${path} (there is no folder ${folder})`,
    ({ path, folder }) => `找不到文件：${path}（没有文件夹 ${folder}）`,
  ),
  under_a_file: sentence<{ path: string; parent: string }>(
    ({ path, parent }) => `no such file: ${path} (${parent} is a file, not a folder)`,
    ({ path, parent }) => `找不到文件：${path}（${parent} 是文件，不是文件夹）`,
  ),
  not_a_folder: sentence<{ path: string }>(
    ({ path }) => `${path} is a file, not a folder`,
    ({ path }) => `${path} 是文件，不是文件夹`,
  ),
  is_a_folder: sentence<{ path: string }>(
    ({ path }) => `${path} is a folder, not a file`,
    ({ path }) => `${path} 是文件夹，不是文件`,
  ),
  no_match: sentence<{ pattern: string }>(
    ({ pattern }) => `no file matches ${pattern}`,
    ({ pattern }) => `没有文件匹配 ${pattern}`,
  ),
  cannot_read: sentence<{ path: string }>(
    ({ path }) => `permission denied: cannot read ${path}`,
    ({ path }) => `没有权限读取 ${path}`,
  ),
  cannot_write: sentence<{ path: string }>(
    ({ path }) => `permission denied: cannot write ${path}`,
    ({ path }) => `没有权限写入 ${path}`,
  ),
  no_folder_to_write: sentence<{ path: string; folder: string }>(
    ({ path, folder }) => `cannot write ${path}: there is no folder ${folder}`,
    ({ path, folder }) => `无法写入 ${path}：没有文件夹 ${folder}`,
  ),
  disk_full: sentence<{ path: string }>(
    ({ path }) => `no space left on the disk to write ${path}`,
    ({ path }) => `磁盘空间不足，无法写入 ${path}`,
  ),
  files_unreadable: sentence<{ count: number; total: number }>(
    ({ count, total }) => `${count} of ${total} files can't be read; nothing was imported`,
    ({ count, total }) => `${total} 个文件中有 ${count} 个无法读取；没有导入任何文件`,
  ),
  port_in_use: sentence<{ port: number }>(
    ({ port }) => `port ${port} is in use`,
    ({ port }) => `端口 ${port} 已被占用`,
  ),
  port_forbidden: sentence<{ port: number }>(
    ({ port }) => `port ${port} needs administrator rights`,
    ({ port }) => `端口 ${port} 需要管理员权限`,
  ),
  address_unavailable: sentence<{ host: string }>(
    ({ host }) => `${host} is not an address of this machine`,
    ({ host }) => `${host} 不是本机的地址`,
  ),
  // Hints.
  did_you_mean: sentence<{ names: string[] }>(
    ({ names }) => `did you mean ${inCode(names).join(' or ')}?`,
    ({ names }) => `是不是 ${inCode(names).join(' 或 ')}？`,
  ),
  files_there: sentence<{ folder: string; names: string[]; total: number }>(
    ({ folder, names, total }) =>
      `files in ${folder}: ${names.join(', ')}${total > names.length ? ` and ${total - names.length} more` : ''}`,
    ({ folder, names, total }) =>
      `${folder} 中的文件：${names.join('、')}${total > names.length ? ` 等 ${total} 个` : ''}`,
  ),
  no_importable_files: sentence<{ folder: string }>(
    ({ folder }) => `${folder} holds no CSV or Excel file`,
    ({ folder }) => `${folder} 中没有 CSV 或 Excel 文件`,
  ),
  no_folder: sentence<{ folder: string }>(
    ({ folder }) => `there is no folder ${folder}`,
    ({ folder }) => `没有文件夹 ${folder}`,
  ),
  relative_to: sentence<{ cwd: string }>(
    ({ cwd }) => `a relative path starts from the current folder, ${cwd}`,
    ({ cwd }) => `相对路径从当前文件夹 ${cwd} 算起`,
  ),
  tilde_quoted: sentence<Record<string, never>>(
    () => '~ is not expanded inside quotes: write the path without quotes, or in full',
    () => '引号中的 ~ 不会被展开：去掉引号，或写出完整路径',
  ),
  name_files_inside: sentence<{ example: string }>(
    ({ example }) => `name the files inside it, e.g. ${example}`,
    ({ example }) => `请写出其中的文件，例如 ${example}`,
  ),
  name_a_folder: sentence<Record<string, never>>(
    () => 'name a folder, or a path where one can be made',
    () => '请写出一个文件夹，或一个可以新建文件夹的路径',
  ),
  name_a_file: sentence<{ example: string }>(
    ({ example }) => `name a file, e.g. ${example}`,
    ({ example }) => `请写出文件名，例如 ${example}`,
  ),
  create_folder: sentence<{ folder: string }>(
    ({ folder }) => `create ${folder} first, or write somewhere else`,
    ({ folder }) => `请先创建 ${folder}，或写到别处`,
  ),
  check_permissions: sentence<{ path: string }>(
    ({ path }) => `check the permissions of ${path}, or run markpi as a user who has them`,
    ({ path }) => `请检查 ${path} 的权限，或以有权限的用户运行 markpi`,
  ),
  free_space: sentence<Record<string, never>>(
    () => 'free some space, or write somewhere else',
    () => '请清理磁盘空间，或写到别处',
  ),
  pass_port: sentence<Record<string, never>>(
    () => 'pass --port <n>, or --port 0 for a free one',
    () => '请用 --port <n> 换一个端口，或用 --port 0 自动选一个空闲端口',
  ),
  pass_high_port: sentence<Record<string, never>>(
    () => 'pass --port 1024 or above, or --port 0 for a free one',
    () => '请用 --port 指定 1024 或以上的端口，或用 --port 0 自动选一个空闲端口',
  ),
  pass_host: sentence<Record<string, never>>(
    () => 'pass --host 127.0.0.1 (this machine only) or 0.0.0.0 (every address it has)',
    () => '请用 --host 127.0.0.1（仅本机）或 0.0.0.0（本机所有地址）',
  ),
};

type Sentences = typeof SENTENCES;
export type SentenceKey = keyof Sentences;

/** A sentence to say: its key and its parameters. */
export type Said = {
  [Key in SentenceKey]: { key: Key; params: Parameters<Sentences[Key]['en']>[0] };
}[SentenceKey];

export const SENTENCE_KEYS = Object.keys(SENTENCES) as SentenceKey[];

export function say(said: Said, language: Language): string {
  const render = SENTENCES[said.key][language] as (params: Said['params']) => string;
  return render(said.params);
}

/** One mistake: its code, its cause and the way out. */
export interface SaidProblem {
  code: ErrorCode;
  cause: Said;
  hint?: Said;
}

function problemIn(problem: SaidProblem, language: Language): Problem {
  return {
    message: say(problem.cause, language),
    ...(problem.hint ? { hint: say(problem.hint, language) } : {}),
  };
}

/**
 * A `MarkpiError` whose sentences can be said in either language. Its `message` and `problems`
 * are the English; `in(language)` says them again.
 */
export class EdgeError extends MarkpiError {
  override readonly said: Said;
  readonly saidProblems: readonly SaidProblem[];

  constructor(code: ErrorCode, said: Said, problems: readonly SaidProblem[]) {
    super(
      code,
      say(said, 'en'),
      problems.map((problem) => problemIn(problem, 'en')),
    );
    this.name = 'EdgeError';
    this.said = said;
    this.saidProblems = problems;
  }

  in(language: Language): { message: string; problems: Problem[] } {
    return {
      message: say(this.said, language),
      problems: this.saidProblems.map((problem) => problemIn(problem, language)),
    };
  }
}

/** One mistake as an error; its cause is the error's one line, its hint the way out. */
export function edgeError(problem: SaidProblem): EdgeError {
  return new EdgeError(problem.code, problem.cause, [problem]);
}

// ---------------------------------------------------------------- system errors

/** The `code` of a Node system error (`ENOENT`, `EADDRINUSE` …), if it is one. */
export function systemErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/** What the shell would have expanded: `*`, `?` or a `[…]` class. */
const GLOB = /[*?[]/;

/** What `markpi import` reads (CSV and its tab-separated and text relatives, Excel workbooks). */
const IMPORTABLE = /\.(csv|tsv|txt|xlsx)$/i;

function filesIn(folder: string): string[] | undefined {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return undefined;
  }
}

function statOf(full: string): Stats | undefined {
  try {
    return statSync(full);
  } catch {
    return undefined;
  }
}

/** A folder as the user would write it: as typed, or `.` for the current one. */
function shownFolder(typed: string): string {
  const folder = path.dirname(typed);
  return folder === '.' ? `.${path.sep}` : folder;
}

/** The importable files in a folder as a hint, or that there are none. */
function filesThereHint(full: string, shown: string): Said {
  const names = (filesIn(full) ?? []).filter((name) => IMPORTABLE.test(name));
  return names.length === 0
    ? { key: 'no_importable_files', params: { folder: shown } }
    : {
        key: 'files_there',
        params: { folder: shown, names: names.slice(0, NAMES_SHOWN), total: names.length },
      };
}

/** The hint for a folder given as a file: a pattern for the files it holds. */
function folderHint(full: string, typed: string): Said {
  const counts = new Map<string, number>();
  for (const name of filesIn(full) ?? []) {
    const extension = IMPORTABLE.exec(name)?.[1]?.toLowerCase();
    if (extension) counts.set(extension, (counts.get(extension) ?? 0) + 1);
  }
  const [commonest = 'csv'] = [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([extension]) => extension);
  const folder = typed.replace(/[\\/]+$/, '') || typed;
  return {
    key: 'name_files_inside',
    params: { example: `markpi import ${path.join(folder, `*.${commonest}`)}` },
  };
}

/** The first folder on the way to `full` that does not exist, with its parent (which does). */
function firstMissingFolder(full: string): { missing: string; parent: string } | undefined {
  let missing = path.dirname(full);
  if (statOf(missing)) return undefined;
  while (!statOf(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
  return { missing, parent: path.dirname(missing) };
}

/** Names of the folders in `folder`; empty when it can't be listed. */
function foldersIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** The cause and hint for a path that does not exist. */
function missingProblem(typed: string, full: string, cwd: string): SaidProblem {
  // A path as the user wrote theirs: relative to the current folder when theirs was.
  const shown = (target: string) => (path.isAbsolute(typed) ? target : path.relative(cwd, target) || '.');
  if (GLOB.test(typed)) {
    const folder = path.dirname(full);
    const hint: Said | undefined = typed.startsWith('~')
      ? { key: 'tilde_quoted', params: {} }
      : GLOB.test(path.dirname(typed))
        ? undefined
        : statOf(folder)?.isDirectory()
          ? filesThereHint(folder, shownFolder(typed))
          : { key: 'no_folder', params: { folder: shownFolder(typed) } };
    return {
      code: 'no_file_matches',
      cause: { key: 'no_match', params: { pattern: typed } },
      ...(hint ? { hint } : {}),
    };
  }
  const gap = firstMissingFolder(full);
  if (gap) {
    const near = closestNames(path.basename(gap.missing), foldersIn(gap.parent));
    const hint: Said | undefined = typed.startsWith('~')
      ? { key: 'tilde_quoted', params: {} }
      : near.length > 0
        ? { key: 'did_you_mean', params: { names: near.map((name) => shown(path.join(gap.parent, name))) } }
        : path.isAbsolute(typed)
          ? undefined
          : { key: 'relative_to', params: { cwd } };
    return {
      code: 'path_not_found',
      cause: { key: 'no_such_folder', params: { path: typed, folder: shown(gap.missing) } },
      ...(hint ? { hint } : {}),
    };
  }
  const folder = path.dirname(full);
  const near = closestNames(path.basename(full), filesIn(folder) ?? []);
  const hint: Said =
    near.length > 0
      ? { key: 'did_you_mean', params: { names: near.map((name) => path.join(path.dirname(typed), name)) } }
      : filesThereHint(folder, shownFolder(typed));
  return { code: 'path_not_found', cause: { key: 'no_such_file', params: { path: typed } }, hint };
}

/** The first part of `full` that is a file where a folder should be. */
function fileOnTheWay(full: string): string {
  let parent = path.dirname(full);
  while (path.dirname(parent) !== parent && !statOf(parent)?.isFile()) parent = path.dirname(parent);
  return parent;
}

/**
 * What is wrong with a file to read, named as typed (relative to `cwd`); undefined when it is a
 * file this process may read.
 */
export function readProblem(typed: string, cwd: string): SaidProblem | undefined {
  const full = path.resolve(cwd, typed);
  let stats: Stats;
  try {
    stats = statSync(full);
  } catch (error) {
    return readFailure(error, typed, cwd);
  }
  if (stats.isDirectory()) {
    return {
      code: 'path_is_directory',
      cause: { key: 'is_a_folder', params: { path: typed } },
      hint: folderHint(full, typed),
    };
  }
  try {
    accessSync(full, constants.R_OK);
  } catch (error) {
    return readFailure(error, typed, cwd);
  }
  return undefined;
}

/** A system error met reading `typed`, said; undefined when it is not one about the file. */
export function readFailure(error: unknown, typed: string, cwd: string): SaidProblem | undefined {
  const code = systemErrorCode(error);
  const full = path.resolve(cwd, typed);
  if (code === 'ENOENT') return missingProblem(typed, full, cwd);
  if (code === 'ENOTDIR') {
    const parent = path.relative(cwd, fileOnTheWay(full)) || fileOnTheWay(full);
    return { code: 'path_not_directory', cause: { key: 'under_a_file', params: { path: typed, parent } } };
  }
  if (code === 'EISDIR') {
    return {
      code: 'path_is_directory',
      cause: { key: 'is_a_folder', params: { path: typed } },
      hint: folderHint(full, typed),
    };
  }
  if (code && DENIED.has(code)) {
    return {
      code: 'permission_denied',
      cause: { key: 'cannot_read', params: { path: typed } },
      hint: { key: 'check_permissions', params: { path: typed } },
    };
  }
  return undefined;
}

/** A system error met writing `typed`, said; undefined when it is not one about the file. */
export function writeFailure(error: unknown, typed: string, cwd: string): SaidProblem | undefined {
  const code = systemErrorCode(error);
  const madeFolder = (error as NodeJS.ErrnoException).syscall === 'mkdir';
  if (code === 'ENOTDIR' || (code === 'EEXIST' && madeFolder)) {
    // A file stands where a folder should be: the path itself, or a part of it.
    const full = path.resolve(cwd, typed);
    const file = code === 'EEXIST' ? typed : path.relative(cwd, fileOnTheWay(full)) || fileOnTheWay(full);
    return {
      code: 'path_not_directory',
      cause: { key: 'not_a_folder', params: { path: file } },
      hint: { key: 'name_a_folder', params: {} },
    };
  }
  if (code === 'ENOENT') {
    const folder = shownFolder(typed);
    return {
      code: 'path_not_found',
      cause: { key: 'no_folder_to_write', params: { path: typed, folder } },
      hint: path.isAbsolute(typed)
        ? { key: 'create_folder', params: { folder } }
        : { key: 'relative_to', params: { cwd } },
    };
  }
  if (code === 'EISDIR') {
    return {
      code: 'path_is_directory',
      cause: { key: 'is_a_folder', params: { path: typed } },
      hint: { key: 'name_a_file', params: { example: path.join(typed, '<file>') } },
    };
  }
  if (code && DENIED.has(code)) {
    return {
      code: 'permission_denied',
      cause: { key: 'cannot_write', params: { path: typed } },
      hint: { key: 'check_permissions', params: { path: typed } },
    };
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return {
      code: 'disk_full',
      cause: { key: 'disk_full', params: { path: typed } },
      hint: { key: 'free_space', params: {} },
    };
  }
  return undefined;
}

/**
 * Checks every file to read before anything is opened, and throws one error naming each that
 * can't be (every problem, not just the first). Patterns are not expanded: one that reached us
 * is one the shell found nothing for.
 */
export function checkReadableFiles(typed: readonly string[], cwd: string): void {
  const problems = typed.flatMap((file) => readProblem(file, cwd) ?? []);
  const [first] = problems;
  if (!first) return;
  if (problems.length === 1) throw edgeError(first);
  throw new EdgeError(
    first.code,
    { key: 'files_unreadable', params: { count: problems.length, total: typed.length } },
    problems,
  );
}

/** Runs `work` on a file to read, saying a file-system failure as a user's mistake. */
export function readingFile<T>(typed: string, cwd: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const problem = readFailure(error, typed, cwd);
    throw problem ? edgeError(problem) : error;
  }
}

/** Runs `work` writing a file, saying a file-system failure as a user's mistake. */
export function writingFile<T>(typed: string, cwd: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const problem = writeFailure(error, typed, cwd);
    throw problem ? edgeError(problem) : error;
  }
}

// ---------------------------------------------------------------- listening

/**
 * The server's refusal to listen, said with the flags that fix it: a busy port, a port below
 * 1024 without the rights, a host that is not this machine's. Anything else is returned as is.
 */
export function listenFailure(error: unknown, port: number, host: string): unknown {
  const code = isMarkpiError(error) ? error.code : undefined;
  if (code === 'port_in_use') {
    return edgeError({
      code,
      cause: { key: 'port_in_use', params: { port } },
      hint: { key: 'pass_port', params: {} },
    });
  }
  if (code === 'port_forbidden') {
    return edgeError({
      code,
      cause: { key: 'port_forbidden', params: { port } },
      hint: { key: 'pass_high_port', params: {} },
    });
  }
  if (code === 'address_unavailable') {
    return edgeError({
      code,
      cause: { key: 'address_unavailable', params: { host } },
      hint: { key: 'pass_host', params: {} },
    });
  }
  return error;
}
