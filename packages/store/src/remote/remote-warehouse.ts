/**
 * A `Warehouse` whose engine runs in another process: a `markpi serve` holding the workspace
 * file, reached over its local channel (see `protocol.ts`). Every use case runs unchanged on it,
 * and the server stays the file's one writer.
 */
import { type CellValue, type ColumnBatch, duckDbDialect, MarkpiError, type Row } from '@markpi/core';
import { duckDbCsvFiles } from '../duckdb/csv-files.js';
import type { TableDefinition } from '../schema.js';
import type { Warehouse } from '../warehouse.js';
import {
  type BeginAnswer,
  type ChannelError,
  decodeRow,
  encodeCells,
  LOCAL_CHANNEL_PREFIX,
  type QueryAnswer,
} from './protocol.js';
import type { ServerNote } from './server-note.js';

class RemoteWarehouse implements Warehouse {
  readonly dialect = duckDbDialect;
  readonly csvFiles = duckDbCsvFiles;
  private closed = false;

  constructor(
    private readonly note: ServerNote,
    private readonly transactionId?: string,
  ) {}

  private async call<T>(action: string, body: object): Promise<T> {
    if (this.closed) throw new MarkpiError('internal', 'the workspace was closed');
    const url = `${this.note.url}${LOCAL_CHANNEL_PREFIX}/${encodeURIComponent(this.note.workspace)}/${action}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.note.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(this.transactionId ? { ...body, transaction: this.transactionId } : body),
      });
    } catch (error) {
      throw new MarkpiError(
        'store_unreachable',
        `the markpi server holding this workspace (${this.note.url}) stopped answering`,
        [{ message: (error as Error).message, hint: 'start it again, or stop it to use the file directly' }],
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (!response.ok) {
      const failure = (parsed as Partial<ChannelError>).error;
      throw new MarkpiError(
        // The server's own code and message, as if the engine had answered here.
        (failure?.code ?? 'internal') as 'internal',
        failure?.message ?? `the server answered ${response.status}`,
        (failure?.problems as []) ?? [],
      );
    }
    return parsed as T;
  }

  async query(sql: string, params: readonly CellValue[] = []): Promise<Row[]> {
    const { rows } = await this.call<QueryAnswer>('query', { sql, params: encodeCells(params) });
    return rows.map((row) => decodeRow(row as Record<string, unknown>));
  }

  async *scan(
    sql: string,
    params: readonly CellValue[] = [],
    batchRows = 100_000,
  ): AsyncIterable<ColumnBatch> {
    // Read whole and cut into batches: the channel is for a person's commands, not bulk copies.
    const rows = await this.query(sql, params);
    for (let start = 0; start < rows.length; start += batchRows) {
      const slice = rows.slice(start, start + batchRows);
      const names = Object.keys(slice[0] ?? {});
      const columns: Record<string, CellValue[]> = {};
      for (const name of names) columns[name] = slice.map((row) => row[name] ?? null);
      yield { rowCount: slice.length, columns };
    }
  }

  async run(sql: string, params: readonly CellValue[] = []): Promise<void> {
    await this.call('run', { sql, params: encodeCells(params) });
  }

  async createTable(table: TableDefinition): Promise<void> {
    await this.call('create-table', { table });
  }

  async append(table: string, batch: ColumnBatch): Promise<void> {
    const columns: Record<string, CellValue[]> = {};
    for (const [name, values] of Object.entries(batch.columns))
      columns[name] = encodeCells(values) as CellValue[];
    await this.call('append', { table, rowCount: batch.rowCount, columns });
  }

  async transaction<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    if (this.transactionId) return work(this);
    const { transaction } = await this.call<BeginAnswer>('begin', {});
    const scoped = new RemoteWarehouse(this.note, transaction);
    let result: T;
    try {
      result = await work(scoped);
    } catch (error) {
      await scoped.call('rollback', {}).catch(() => undefined);
      throw error;
    }
    await scoped.call('commit', {});
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** The workspace a running server holds, as a warehouse of this process. */
export function remoteWarehouse(note: ServerNote): Warehouse {
  return new RemoteWarehouse(note);
}
