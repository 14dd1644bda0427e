/**
 * The lift ledger: every finished incrementality test or analysis a workspace recorded. Like the
 * targets' tables it is append-only — withdrawing an entry is a new version that says so — so
 * the history is kept and the same layout works on engines without cheap updates (ClickHouse).
 */
import type { ColumnDefinition, TableDefinition } from '../schema.js';

const column = (name: string, type: ColumnDefinition['type'], nullable = false): ColumnDefinition => ({
  name,
  type,
  nullable,
});

/** One row per version of a ledger entry; `body` is the entry as JSON (validated on read). */
export const LIFT_LEDGER_TABLE: TableDefinition = {
  name: 'lift_ledger',
  columns: [
    column('entry_id', 'text'),
    column('version', 'integer'),
    column('method', 'text'),
    column('body', 'text'),
    // ISO-8601 UTC text: sorts as text and survives every engine unchanged.
    column('recorded_at', 'text'),
    column('author', 'text', true),
  ],
  orderBy: ['entry_id', 'version'],
};

export const LIFT_TABLES: readonly TableDefinition[] = [LIFT_LEDGER_TABLE];
