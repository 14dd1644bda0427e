/** Typed reads of metadata rows: a column of the wrong type is our bug, so it fails loudly. */
import { MarkpiError } from '@markpi/core';
import type { Row } from '@markpi/store';

function wrongType(key: string, expected: string, value: unknown): MarkpiError {
  return new MarkpiError('metadata_corrupt', `column ${key} should be ${expected}, got ${typeof value}`);
}

export function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw wrongType(key, 'text', value);
  return value;
}

export function optionalText(row: Row, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw wrongType(key, 'text', value);
  return value;
}

export function flag(row: Row, key: string): boolean {
  const value = row[key];
  if (typeof value !== 'boolean') throw wrongType(key, 'a boolean', value);
  return value;
}

export function json<T>(row: Row, key: string): T {
  return JSON.parse(text(row, key)) as T;
}

export function optionalJson<T>(row: Row, key: string): T | null {
  const value = optionalText(row, key);
  return value === null ? null : (JSON.parse(value) as T);
}
