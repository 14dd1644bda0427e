/**
 * The note a running `markpi serve` leaves beside a workspace file it holds. DuckDB lets one
 * process open a file; a CLI command that finds a live note works through that server instead
 * of failing on the file's lock, so the server stays the one writer and its dashboard sees
 * every change. The note holds a token for the server's local channel and is readable by the
 * file's owner alone: whoever can read it could read the workspace file anyway.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ServerNote {
  /** Process id of the server. */
  pid: number;
  /** Base URL the server answers on from this machine, e.g. `http://127.0.0.1:3700`. */
  url: string;
  /** The workspace id the server serves this file as. */
  workspace: string;
  /** Bearer token of the local channel. */
  token: string;
  /** Engine behind the file, for the client's dialect. */
  engine: 'duckdb';
}

export function serverNotePath(workspaceFile: string): string {
  return `${workspaceFile}.serve.json`;
}

export function writeServerNote(workspaceFile: string, note: ServerNote): void {
  const file = serverNotePath(workspaceFile);
  writeFileSync(file, `${JSON.stringify(note, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies to new files only; an old note keeps its mode unless set again.
  chmodSync(file, 0o600);
}

export function removeServerNote(workspaceFile: string, token: string): void {
  const note = readServerNote(workspaceFile);
  // Only the server that wrote the note removes it (another may have taken the file over since).
  if (note?.token === token) rmSync(serverNotePath(workspaceFile), { force: true });
}

/** The note beside the file, if there is a readable one; says nothing of whether it is live. */
export function readServerNote(workspaceFile: string): ServerNote | null {
  const file = serverNotePath(workspaceFile);
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerNote>;
    if (
      typeof value.pid === 'number' &&
      typeof value.url === 'string' &&
      typeof value.workspace === 'string' &&
      typeof value.token === 'string'
    ) {
      return {
        pid: value.pid,
        url: value.url,
        workspace: value.workspace,
        token: value.token,
        engine: 'duckdb',
      };
    }
  } catch {
    // Half-written or foreign: treated as no note.
  }
  return null;
}

/** True when the process that wrote the note still runs (a crashed server leaves its note behind). */
export function notedProcessAlive(note: ServerNote): boolean {
  try {
    process.kill(note.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
