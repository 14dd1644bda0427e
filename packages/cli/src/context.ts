/**
 * What every command needs: where the workspace is, its catalog, and the warehouse. Settings
 * are read here, at the entry point, and passed down; libraries never read the environment.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { calibratedWorkspace, type WorkspaceContext } from '@markpi/app';
import {
  buildCatalog,
  type Catalog,
  catalogFromWorkspaceFile,
  MarkpiError,
  WORKSPACE_FILE_NAME,
} from '@markpi/core';
import {
  notedProcessAlive,
  openClickHouseWarehouse,
  openDuckDbWarehouse,
  readServerNote,
  remoteWarehouse,
  type Warehouse,
} from '@markpi/store';

export const DEFAULT_DB_FILE = 'markpi.duckdb';

export interface GlobalOptions {
  db?: string;
  store?: string;
  config?: string;
  memoryLimit?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function resolveDbPath(options: GlobalOptions, io: Io): string {
  return path.resolve(io.cwd, options.db ?? io.env.MARKPI_DB ?? DEFAULT_DB_FILE);
}

export function loadCatalog(options: GlobalOptions, io: Io): Catalog {
  const file = options.config
    ? path.resolve(io.cwd, options.config)
    : path.resolve(io.cwd, WORKSPACE_FILE_NAME);
  if (!existsSync(file)) {
    if (options.config) throw new MarkpiError('missing_workspace_file', `no workspace file at ${file}`);
    return buildCatalog();
  }
  if (statSync(file).isDirectory()) {
    throw new MarkpiError('unreadable_file', `${file} is a folder, not a workspace file`, [
      {
        file,
        message: 'a folder',
        hint: `pass the YAML file itself, e.g. --config ${path.join(file, WORKSPACE_FILE_NAME)}`,
      },
    ]);
  }
  return catalogFromWorkspaceFile(readFileSync(file, 'utf8'), path.relative(io.cwd, file) || file);
}

/**
 * The workspace file's settings and custom KPIs as the catalog read them, for handing to the
 * server; undefined when there is no workspace file.
 */
export function workspaceFileConfig(options: GlobalOptions, io: Io): unknown {
  const file = path.resolve(io.cwd, options.config ?? WORKSPACE_FILE_NAME);
  return existsSync(file) ? loadCatalog(options, io).config : undefined;
}

export async function openWarehouse(options: GlobalOptions, io: Io, mustExist = true): Promise<Warehouse> {
  const store = options.store ?? io.env.MARKPI_STORE;
  if (store) return openClickHouseWarehouse({ url: store });
  const file = resolveDbPath(options, io);
  if (mustExist && !existsSync(file)) {
    throw new MarkpiError('missing_workspace', `no workspace at ${file}`, [
      {
        message: `no workspace at ${file}`,
        hint: 'run `markpi demo` to build the demo workspace, or pass --db <file>',
      },
    ]);
  }
  const served = await servedWorkspace(file, io);
  if (served) return served;
  return openDuckDbWarehouse({ path: file, ...memoryLimitOption(options, io) });
}

/**
 * The workspace through the `markpi serve` that holds the file, when one does: DuckDB lets one
 * process open a file, and the server stays its one writer (its dashboard sees the change at
 * once). A note left by a server that is gone is passed over.
 */
async function servedWorkspace(file: string, io: Io): Promise<Warehouse | undefined> {
  const note = readServerNote(file);
  if (!note || !notedProcessAlive(note)) return undefined;
  const warehouse = remoteWarehouse(note);
  try {
    await warehouse.query('SELECT 1 AS alive');
  } catch {
    return undefined;
  }
  io.err(`note: markpi serve (process ${note.pid}, ${note.url}) holds this workspace; working through it\n`);
  return warehouse;
}

/** `--memory-limit`, else `MARKPI_MEMORY_LIMIT`: DuckDB's memory limit for the workspace. */
export function memoryLimitOption(options: GlobalOptions, io: Io): { memoryLimit?: string } {
  const memoryLimit = options.memoryLimit ?? io.env.MARKPI_MEMORY_LIMIT;
  return memoryLimit ? { memoryLimit } : {};
}

/** The workspace as the application layer takes it; close its warehouse when done. */
export async function openWorkspace(
  options: GlobalOptions,
  io: Io,
  mustExist = true,
): Promise<WorkspaceContext> {
  const catalog = loadCatalog(options, io);
  const warehouse = await openWarehouse(options, io, mustExist);
  return calibratedWorkspace({ warehouse, catalog, now: () => new Date() });
}

/** Runs `work` on the workspace and closes it afterwards, whatever happens. */
export async function withWorkspace<T>(
  options: GlobalOptions,
  io: Io,
  work: (workspace: WorkspaceContext) => Promise<T>,
): Promise<T> {
  const workspace = await openWorkspace(options, io);
  try {
    return await work(workspace);
  } finally {
    await workspace.warehouse.close();
  }
}
