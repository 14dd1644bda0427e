/**
 * The local channel: a CLI command on this machine reaches the workspace a running server holds
 * (DuckDB allows one process per file) through the server, call by call, so the server stays
 * the file's one writer and its dashboard sees every change at once (writes go through the
 * registry's warehouse, which drops its cached answers). Only the loopback address is served,
 * and only with the token of the note the server left beside the file.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { isMarkpiError, MarkpiError } from '@markpi/core';
import {
  type AppendCall,
  type CreateTableCall,
  decodeCells,
  encodeRow,
  IDLE_TRANSACTION_MS,
  LOCAL_CHANNEL_PREFIX,
  type StatementCall,
  type Warehouse,
} from '@markpi/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderError } from '../errors.js';
import type { Services } from '../services.js';

interface OpenTransaction {
  warehouse: Warehouse;
  finish(commit: boolean): Promise<void>;
  timer: NodeJS.Timeout;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Largest call body: a batch of an import's rows. */
const CHANNEL_BODY_LIMIT = 512 * 1_048_576;

export class LocalChannel {
  private readonly tokens = new Map<string, Buffer>();
  private readonly transactions = new Map<string, OpenTransaction>();

  /** A token for the workspace's channel; one per server start. */
  grant(workspaceId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(workspaceId, Buffer.from(token));
    return token;
  }

  /** Rolls back whatever a client left open (the server is stopping). */
  async close(): Promise<void> {
    await Promise.all([...this.transactions.values()].map((open) => open.finish(false)));
  }

  register(app: FastifyInstance, services: Services): void {
    const route = (action: string, handle: (warehouse: Warehouse, body: never) => Promise<unknown>) => {
      app.post(
        `${LOCAL_CHANNEL_PREFIX}/:ws/${action}`,
        { bodyLimit: CHANNEL_BODY_LIMIT },
        async (request: FastifyRequest, reply: FastifyReply) => {
          try {
            const workspaceId = this.admit(request);
            const body = (request.body ?? {}) as { transaction?: string };
            const warehouse = body.transaction
              ? this.transactionWarehouse(body.transaction)
              : await this.workspaceWarehouse(services, workspaceId);
            return await handle(warehouse, body as never);
          } catch (error) {
            const rendered = renderError(error);
            // The engine's own message matters to the CLI user; the channel is local and trusted.
            if (rendered.internal && error instanceof Error && !isMarkpiError(error))
              rendered.body.error.message = error.message;
            return reply.status(rendered.status).send(rendered.body);
          }
        },
      );
    };

    route('query', async (warehouse, call: StatementCall) => ({
      rows: (await warehouse.query(call.sql, decodeCells(call.params ?? []))).map(encodeRow),
    }));
    route('run', async (warehouse, call: StatementCall) => {
      await warehouse.run(call.sql, decodeCells(call.params ?? []));
      return {};
    });
    route('create-table', async (warehouse, call: CreateTableCall) => {
      await warehouse.createTable(call.table);
      return {};
    });
    route('append', async (warehouse, call: AppendCall) => {
      await warehouse.append(call.table, {
        rowCount: call.rowCount,
        columns: Object.fromEntries(
          Object.entries(call.columns).map(([name, values]) => [name, decodeCells(values)]),
        ),
      });
      return {};
    });
    route('begin', async (warehouse) => ({ transaction: await this.begin(warehouse) }));
    route('commit', async (_warehouse, call: { transaction: string }) => {
      await this.end(call.transaction, true);
      return {};
    });
    route('rollback', async (_warehouse, call: { transaction: string }) => {
      await this.end(call.transaction, false);
      return {};
    });
  }

  private admit(request: FastifyRequest): string {
    const { ws } = request.params as { ws: string };
    const expected = this.tokens.get(ws);
    const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
    const address = request.socket.remoteAddress ?? '';
    if (
      !LOOPBACK.has(address) ||
      !expected ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new MarkpiError('forbidden', 'the local channel is for commands on this machine with its token');
    }
    return ws;
  }

  private async workspaceWarehouse(services: Services, workspaceId: string): Promise<Warehouse> {
    const record = await services.workspaces.byId(workspaceId);
    if (!record) throw new MarkpiError('workspace_not_found', `no workspace ${workspaceId}`);
    return services.registry.warehouse(record);
  }

  private transactionWarehouse(id: string): Warehouse {
    const open = this.transactions.get(id);
    if (!open) {
      throw new MarkpiError(
        'conflict',
        'that transaction is over (finished, or rolled back after a quiet spell)',
      );
    }
    open.timer.refresh();
    return open.warehouse;
  }

  /**
   * Opens a transaction that lasts until `commit` or `rollback` (or a quiet spell): the
   * warehouse's own `transaction`, held open by a promise the finishing call settles.
   */
  private begin(warehouse: Warehouse): Promise<string> {
    const id = randomUUID();
    return new Promise<string>((opened, failed) => {
      let settle: (commit: boolean) => void = () => undefined;
      const decided = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      const done = warehouse
        .transaction(async (scoped) => {
          const timer = setTimeout(() => void this.end(id, false), IDLE_TRANSACTION_MS);
          timer.unref();
          this.transactions.set(id, {
            warehouse: scoped,
            timer,
            finish: async (commit) => {
              settle(commit);
              await done;
            },
          });
          opened(id);
          if (!(await decided)) throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        })
        .finally(() => {
          const open = this.transactions.get(id);
          if (open) clearTimeout(open.timer);
          this.transactions.delete(id);
        });
      done.catch(failed);
    });
  }

  private async end(id: string, commit: boolean): Promise<void> {
    const open = this.transactions.get(id);
    if (!open) throw new MarkpiError('conflict', 'that transaction is over');
    await open.finish(commit);
  }
}

/** Thrown inside a held transaction to roll it back. */
class RolledBack extends Error {}
