/**
 * The workspace a running server holds, reached through its local channel, keeps the same
 * warehouse contract as the DuckDB file it stands for: every use case may run on it unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readServerNote, remoteWarehouse } from '@markpi/store';
import { afterAll, beforeAll } from 'vitest';
import { describeWarehouseContract } from '../../../store/src/warehouse.suite.js';
import { type StartedServer, startServer } from '../start.js';

let folder: string;
let file: string;
let server: StartedServer;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'markpi-channel-'));
  file = path.join(folder, 'held.duckdb');
  server = await startServer({
    dataDir: path.join(folder, 'server'),
    port: 0,
    webDir: null,
    defaultWorkspaceFile: file,
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

describeWarehouseContract(
  'A workspace held by markpi serve',
  async () => {
    const note = readServerNote(file);
    if (!note) throw new Error('the server left no note beside the file');
    return remoteWarehouse(note);
  },
  { readsCsvFiles: true },
);
