/**
 * `markpi serve` as a bench's child process: the same `startServer` the command calls, on a free
 * port, with the demo account, so the load a bench makes runs in another process than the server
 * it measures. Prints one JSON line (`url`, `workspace`) once listening; stops on SIGTERM.
 * Usage: node bench/dist/harness/serve-child.js <workspace.duckdb> <dataDir>
 */
import { startServer } from '@markpi/server';

const [file, dataDir] = process.argv.slice(2);
if (!file || !dataDir) throw new Error('usage: serve-child.js <workspace.duckdb> <dataDir>');
const server = await startServer({
  dataDir,
  port: 0,
  defaultWorkspaceFile: file,
  demoAccount: true,
  logLevel: 'warn',
});
process.stdout.write(`${JSON.stringify({ url: server.url, workspace: server.workspace!.id })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
