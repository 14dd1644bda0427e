/**
 * The local channel between a CLI command and the `markpi serve` that holds the workspace file:
 * the `Warehouse` interface, call by call, over HTTP on the loopback address. Writes inside a
 * transaction name it; the server rolls back a transaction whose client went quiet, so a CLI
 * killed mid-import leaves the workspace as it was.
 */
import type { CellValue, Row } from '@markpi/core';
import type { TableDefinition } from '../schema.js';

/** Path prefix of the channel; the workspace id follows. */
export const LOCAL_CHANNEL_PREFIX = '/api/local/workspaces';

/** A transaction with no call for this long is rolled back. */
export const IDLE_TRANSACTION_MS = 120_000;

export interface StatementCall {
  sql: string;
  params?: CellValue[];
  /** The transaction this call belongs to, from `begin`. */
  transaction?: string;
}

export interface AppendCall {
  table: string;
  rowCount: number;
  columns: Record<string, CellValue[]>;
  transaction?: string;
}

export interface CreateTableCall {
  table: TableDefinition;
  transaction?: string;
}

export interface QueryAnswer {
  rows: Row[];
}

export interface BeginAnswer {
  transaction: string;
}

export interface ChannelError {
  error: { code: string; message: string; problems: unknown[] };
}
