/**
 * One pass of the notification loop without a server, for a cron job (`markpi monitor run`):
 * open the server's metadata database, queue again what a stopped process left half-sent, make
 * the runs that are due, drain the outbox, close. The database has one writer: while `markpi
 * serve` holds it, the server's own loop does this and the pass is refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMarkpiError, MarkpiError } from '@markpi/core';
import { openDuckDbWarehouse, SERVER_MIGRATIONS } from '@markpi/store';
import { NotificationRepository } from '../meta/notifications.js';
import { UserRepository } from '../meta/users.js';
import { WorkspaceRepository } from '../meta/workspaces.js';
import { META_DATABASE_FILE } from '../server.js';
import { WorkspaceRegistry } from '../workspaces/registry.js';
import { serverDirectory } from './directory.js';
import { type NotificationOptions, NotificationWorker, type TickReport } from './worker.js';

export interface RunOnceOptions extends Omit<NotificationOptions, 'worker' | 'intervalMs'> {
  /** The server's data directory (holds `server.duckdb`). */
  dataDir: string;
  now?: () => Date;
  workspaceMemoryLimit?: string;
}

export interface RunOnceReport extends TickReport {
  /** Messages a stopped process had left half-sent, queued again. */
  recovered: number;
}

export async function runNotificationsOnce(options: RunOnceOptions): Promise<RunOnceReport> {
  const file = path.join(path.resolve(options.dataDir), META_DATABASE_FILE);
  if (!existsSync(file)) {
    throw new MarkpiError('path_not_found', `no markpi server data in ${path.resolve(options.dataDir)}`, [
      {
        message: `${META_DATABASE_FILE} is not there`,
        file,
        hint: 'give the --data-dir `markpi serve` uses',
      },
    ]);
  }
  const meta = await openDuckDbWarehouse({ path: file, migrations: SERVER_MIGRATIONS }).catch(
    (error: unknown) => {
      // Whoever wrapped it, a lock means another process holds the file.
      const text = (error as Error).message ?? '';
      if (/lock/i.test(text)) {
        throw new MarkpiError('workspace_unreadable', `${file} is held by a running markpi server`, [
          {
            message: 'another process holds the metadata database',
            file,
            hint: 'a running `markpi serve` runs monitors and digests itself; run this only when it is stopped',
          },
        ]);
      }
      throw isMarkpiError(error)
        ? error
        : new MarkpiError('workspace_unreadable', `can't open ${file}: ${text}`);
    },
  );
  const now = options.now ?? (() => new Date());
  const workspaces = new WorkspaceRepository(meta);
  const registry = new WorkspaceRegistry(
    workspaces,
    path.resolve(options.dataDir),
    options.workspaceMemoryLimit,
  );
  try {
    const worker = new NotificationWorker(
      new NotificationRepository(meta),
      serverDirectory({ workspaces, users: new UserRepository(meta), registry, now }),
      now,
      options,
    );
    const recovered = await worker.recover();
    return { recovered, ...(await worker.tick()) };
  } finally {
    await registry.closeAll();
    await meta.close();
  }
}
