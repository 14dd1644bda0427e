/**
 * Persistence of the lift ledger. The store keeps each entry's versions as JSON bodies; the
 * application layer gives them their shape and checks it on the way in and out, so this module
 * knows ids, versions and times only.
 */
import type { Row, Warehouse } from '../warehouse.js';
import { LIFT_LEDGER_TABLE } from './tables.js';

export interface LiftLedgerVersion {
  id: string;
  version: number;
  method: string;
  /** The entry as saved (parsed JSON; shape checked by the caller). */
  body: unknown;
  recordedAt: string;
  author?: string;
}

export interface NewLiftLedgerVersion {
  id: string;
  method: string;
  body: unknown;
  recordedAt: string;
  author?: string;
}

function versionFromRow(row: Row): LiftLedgerVersion {
  const author = row.author === null || row.author === undefined ? undefined : String(row.author);
  return {
    id: String(row.entry_id),
    version: Number(row.version),
    method: String(row.method),
    body: JSON.parse(String(row.body)),
    recordedAt: String(row.recorded_at),
    ...(author ? { author } : {}),
  };
}

async function versionRows(warehouse: Warehouse, id?: string): Promise<Row[]> {
  const p = warehouse.dialect.parameter.bind(warehouse.dialect);
  const where = id === undefined ? '' : ` WHERE entry_id = ${p(0, 'text')}`;
  return warehouse.query(
    `SELECT entry_id, version, method, body, recorded_at, author FROM ${LIFT_LEDGER_TABLE.name}${where} ORDER BY entry_id, version`,
    id === undefined ? [] : [id],
  );
}

/**
 * Appends a version of an entry (1 for a new id, else one more than the last) in one
 * transaction, and returns it.
 */
export async function appendLiftLedgerVersion(
  warehouse: Warehouse,
  entry: NewLiftLedgerVersion,
): Promise<LiftLedgerVersion> {
  return warehouse.transaction(async (scoped) => {
    const existing = await versionRows(scoped, entry.id);
    const version = existing.length === 0 ? 1 : Number(existing.at(-1)!.version) + 1;
    await scoped.append(LIFT_LEDGER_TABLE.name, {
      rowCount: 1,
      columns: {
        entry_id: [entry.id],
        version: [version],
        method: [entry.method],
        body: [JSON.stringify(entry.body)],
        recorded_at: [entry.recordedAt],
        author: [entry.author ?? null],
      },
    });
    return {
      id: entry.id,
      version,
      method: entry.method,
      body: entry.body,
      recordedAt: entry.recordedAt,
      ...(entry.author ? { author: entry.author } : {}),
    };
  });
}

/** The latest version of every entry, oldest id first. */
export async function latestLiftLedgerVersions(warehouse: Warehouse): Promise<LiftLedgerVersion[]> {
  const latest = new Map<string, Row>();
  for (const row of await versionRows(warehouse)) latest.set(String(row.entry_id), row);
  return [...latest.values()].map(versionFromRow);
}

/** Every version of one entry, oldest first (none: no such entry). */
export async function liftLedgerHistory(warehouse: Warehouse, id: string): Promise<LiftLedgerVersion[]> {
  return (await versionRows(warehouse, id)).map(versionFromRow);
}
