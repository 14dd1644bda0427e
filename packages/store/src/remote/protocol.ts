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

/**
 * JSON has no -0, NaN or ±Infinity; cells are never objects, so those numbers travel as
 * `{ "$number": "-0" }` and come back as themselves.
 */
type EncodedCell = CellValue | { $number: string };

export function encodeCell(value: CellValue): EncodedCell {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)))
    return { $number: Object.is(value, -0) ? '-0' : String(value) };
  return value;
}

export function decodeCell(value: unknown): CellValue {
  if (value !== null && typeof value === 'object' && '$number' in value)
    return Number((value as { $number: string }).$number);
  return value as CellValue;
}

export function encodeCells(values: ArrayLike<CellValue>): EncodedCell[] {
  return Array.from(values, encodeCell);
}

export function decodeCells(values: readonly unknown[]): CellValue[] {
  return values.map(decodeCell);
}

export function encodeRow(row: Row): Record<string, EncodedCell> {
  const encoded: Record<string, EncodedCell> = {};
  for (const [key, value] of Object.entries(row)) encoded[key] = encodeCell(value);
  return encoded;
}

export function decodeRow(row: Record<string, unknown>): Row {
  const decoded: Row = {};
  for (const [key, value] of Object.entries(row)) decoded[key] = decodeCell(value);
  return decoded;
}
