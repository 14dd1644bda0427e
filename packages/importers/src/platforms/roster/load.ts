/**
 * Loads a creator roster into the registry (`dim_creators`, `dim_creator_accounts`), atomically
 * and idempotently like every import: the file's sha256 is the import id, the same bytes twice
 * are one import, and the import log row is written with the rows.
 *
 * Conventions:
 * - A roster updates the creators it names and leaves the others as they are. A field the
 *   roster leaves blank keeps what the registry had; an account is replaced by the one with the
 *   same creator, platform and account id.
 * - A creator's `channel` and `followers` are their main account's: the most followed one.
 * - The tier is the roster's when it states one (层级), else the first tier rule the creator meets
 *   by followers and content type (the workspace's rules, else the default ones), else the
 *   registry's.
 *
 * Writes: the registry is small (creators, not events), so each table is rewritten whole — on
 * DuckDB inside one transaction with the log row; on engines without transactions (ClickHouse)
 * each table is built in a staging table and swapped in with one partition replace, the log row
 * last, so a load cut short leaves no log row and running the file again completes it.
 */
import { createHash } from 'node:crypto';
import {
  CREATOR_ACCOUNTS_TABLE,
  CREATORS_TABLE,
  classifyCreator,
  DEFAULT_TIER_RULES,
  IMPORTS_TABLE,
  REJECTED_ROWS_TABLE,
  type RegistryTable,
  type TierRule,
} from '@markpi/core';
import type { CellValue, ColumnBatch, ImportWarehouse, Row } from '../../load/warehouse.js';
import type { ImportSource } from '../../read/source.js';
import { rosterSaid, sayRoster } from './messages.js';
import type { RosterProfile } from './profiles.js';
import { type RosterEntry, type RosterRejection, readRoster } from './read.js';

export interface RosterImportOptions {
  /** Read the file as this kind of roster (a mapping) instead of recognising it. */
  profile?: RosterProfile;
  /** The workspace's tier rules; the default ones when absent. */
  tierRules?: readonly TierRule[];
  /** Load again even when these bytes were imported before. */
  force?: boolean;
  /** Read and merge, write nothing. */
  dryRun?: boolean;
  now?: () => Date;
}

export interface RosterImportReport {
  file: string;
  importId: string;
  status: 'imported' | 'already_imported' | 'dry_run';
  profile?: string;
  rowsRead: number;
  /** Creators the roster named: new ones and ones the registry already held. */
  creatorsAdded: number;
  creatorsUpdated: number;
  accounts: number;
  rejected: RosterRejection[];
}

type Record_ = Record<string, CellValue>;

export interface RegistryRows {
  creators: Record_[];
  accounts: Record_[];
}

const accountKey = (row: Record_) => `${row.creator}\u0000${row.channel}\u0000${row.account}`;

/**
 * The registry after the roster: pure, so a test can check it by hand. Entries without an
 * account (a roster of creators only) change the creator's fields, not their accounts.
 */
export function mergeRoster(
  registry: RegistryRows,
  entries: readonly RosterEntry[],
  rules: readonly TierRule[] = DEFAULT_TIER_RULES,
): RegistryRows & { added: number; updated: number } {
  const creators = new Map(registry.creators.map((row) => [String(row.creator), { ...row }]));
  const accounts = new Map(registry.accounts.map((row) => [accountKey(row), { ...row }]));
  const named = new Map<string, RosterEntry[]>();
  for (const entry of entries) named.set(entry.creator, [...(named.get(entry.creator) ?? []), entry]);
  let added = 0;
  let updated = 0;
  for (const [creator, rows] of named) {
    for (const entry of rows) {
      if (entry.account === null || entry.channel === null) continue;
      const row: Record_ = {
        creator,
        channel: entry.channel,
        account: entry.account,
        account_name: entry.accountName,
        followers: entry.followers,
        link: entry.link,
      };
      const earlier = accounts.get(accountKey(row));
      if (earlier)
        for (const column of ['account_name', 'followers', 'link']) row[column] ??= earlier[column] ?? null;
      accounts.set(accountKey(row), row);
    }
    const earlier = creators.get(creator);
    if (earlier) updated += 1;
    else added += 1;
    const first = (pick: (entry: RosterEntry) => string | number | null) =>
      rows.map(pick).find((value) => value !== null) ?? null;
    const merged: Record_ = Object.fromEntries(CREATORS_TABLE.columns.map((column) => [column.name, null]));
    Object.assign(merged, earlier ?? {}, { creator });
    const given: Record_ = {
      name: first((entry) => entry.name),
      category: first((entry) => entry.category),
      agency: first((entry) => entry.agency),
      content_type: first((entry) => entry.contentType),
    };
    for (const [column, value] of Object.entries(given)) if (value !== null) merged[column] = value;
    // The main account: the most followed of the creator's accounts, old and new.
    const own = [...accounts.values()].filter((row) => row.creator === creator);
    const main = own.sort((a, b) => Number(b.followers ?? -1) - Number(a.followers ?? -1))[0];
    if (main) {
      merged.channel = main.channel ?? null;
      merged.followers = main.followers ?? null;
    } else {
      merged.channel = first((entry) => entry.channel) ?? merged.channel ?? null;
      merged.followers = first((entry) => entry.followers) ?? merged.followers ?? null;
    }
    const stated = first((entry) => entry.tier);
    const byRules = classifyCreator(
      {
        followers: typeof merged.followers === 'number' ? merged.followers : null,
        contentType: typeof merged.content_type === 'string' ? merged.content_type : null,
      },
      rules,
    );
    merged.tier = stated ?? byRules ?? merged.tier ?? null;
    creators.set(creator, merged);
  }
  const byKey = (a: Record_, b: Record_) => (accountKey(a) < accountKey(b) ? -1 : 1);
  return {
    creators: [...creators.values()].sort((a, b) => (String(a.creator) < String(b.creator) ? -1 : 1)),
    accounts: [...accounts.values()].sort(byKey),
    added,
    updated,
  };
}

function batchOf(table: RegistryTable, rows: readonly Record_[]): ColumnBatch {
  return {
    rowCount: rows.length,
    columns: Object.fromEntries(
      table.columns.map((column) => [column.name, rows.map((row) => row[column.name] ?? null)]),
    ),
  };
}

async function readTable(warehouse: ImportWarehouse, table: RegistryTable): Promise<Record_[]> {
  const q = warehouse.dialect.quote;
  const rows: Row[] = await warehouse.query(
    `SELECT ${table.columns.map((column) => q(column.name)).join(', ')} FROM ${q(table.name)}`,
  );
  return rows;
}

async function hashOf(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.open()) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Rewrites a table whole, atomically on its own, on an engine without transactions. */
async function swapTable(
  warehouse: ImportWarehouse,
  table: RegistryTable,
  rows: readonly Record_[],
  importId: string,
) {
  const q = warehouse.dialect.quote;
  const staging = `${table.name}__roster_${importId.slice(0, 16)}`;
  await warehouse.run(`DROP TABLE IF EXISTS ${q(staging)}`);
  await warehouse.run(`CREATE TABLE ${q(staging)} AS ${q(table.name)}`);
  try {
    if (rows.length > 0) await warehouse.append(staging, batchOf(table, rows));
    // The registry's tables are not partitioned: their one partition is `tuple()`.
    await warehouse.run(`ALTER TABLE ${q(table.name)} REPLACE PARTITION tuple() FROM ${q(staging)}`);
  } finally {
    await warehouse.run(`DROP TABLE IF EXISTS ${q(staging)}`);
  }
}

export async function importRoster(
  warehouse: ImportWarehouse,
  source: ImportSource,
  options: RosterImportOptions = {},
): Promise<RosterImportReport> {
  const importId = await hashOf(source);
  const { dialect } = warehouse;
  const q = dialect.quote;
  const earlier = options.dryRun
    ? []
    : await warehouse.query(
        `SELECT id FROM ${q(IMPORTS_TABLE.name)} WHERE id = ${dialect.parameter(0, 'text')}`,
        [importId],
      );
  if (earlier.length > 0 && !options.force) {
    return {
      file: source.name,
      importId,
      status: 'already_imported',
      rowsRead: 0,
      creatorsAdded: 0,
      creatorsUpdated: 0,
      accounts: 0,
      rejected: [],
    };
  }
  const read = await readRoster(source, options.profile ? { profile: options.profile } : {});
  const registry = {
    creators: await readTable(warehouse, CREATORS_TABLE),
    accounts: await readTable(warehouse, CREATOR_ACCOUNTS_TABLE),
  };
  const merged = mergeRoster(registry, read.entries, options.tierRules);
  const report: RosterImportReport = {
    file: source.name,
    importId,
    status: options.dryRun ? 'dry_run' : 'imported',
    profile: read.profile.id,
    rowsRead: read.rowsRead,
    creatorsAdded: merged.added,
    creatorsUpdated: merged.updated,
    accounts: read.entries.filter((entry) => entry.account !== null).length,
    rejected: read.rejected,
  };
  if (options.dryRun) return report;
  const now = (options.now ?? (() => new Date()))();
  const logRow: ColumnBatch = {
    rowCount: 1,
    columns: {
      id: [importId],
      file_name: [source.name],
      file_hash: [importId],
      platform: [read.profile.id],
      target_table: [CREATORS_TABLE.name],
      rows_read: [read.rowsRead],
      rows_accepted: [read.entries.length],
      rows_rejected: [read.rejected.length],
      rows_replaced: [merged.updated],
      imported_at: [now.toISOString()],
    },
  };
  const rejectedRows: ColumnBatch = {
    rowCount: read.rejected.length,
    columns: {
      import_id: read.rejected.map(() => importId),
      file_name: read.rejected.map(() => source.name),
      row_number: read.rejected.map((row) => row.row),
      column_name: read.rejected.map((row) => row.column),
      reason: read.rejected.map((row) => sayRoster(row.reason, row.params, 'en')),
      // The reason's message, so the stored row is said in the reader's language.
      reason_said: read.rejected.map((row) => JSON.stringify(rosterSaid(row.reason, row.params))),
      raw_values: read.rejected.map((row) => JSON.stringify(row.values)),
    },
  };
  const forget = async (target: ImportWarehouse) => {
    if (earlier.length === 0) return;
    const id = dialect.parameter(0, 'text');
    await target.run(`DELETE FROM ${q(REJECTED_ROWS_TABLE.name)} WHERE import_id = ${id}`, [importId]);
    await target.run(`DELETE FROM ${q(IMPORTS_TABLE.name)} WHERE id = ${id}`, [importId]);
  };
  if (warehouse.loadImport) {
    // No transactions: each table swaps in whole, the log row last marks the import done.
    await swapTable(warehouse, CREATORS_TABLE, merged.creators, importId);
    await swapTable(warehouse, CREATOR_ACCOUNTS_TABLE, merged.accounts, importId);
    // A forced re-import of the same bytes: its log row and rejected rows are already there.
    if (earlier.length > 0) return report;
    if (read.rejected.length > 0) await warehouse.append(REJECTED_ROWS_TABLE.name, rejectedRows);
    await warehouse.append(IMPORTS_TABLE.name, logRow);
    return report;
  }
  await warehouse.transaction(async (scoped) => {
    await forget(scoped);
    for (const [table, rows] of [
      [CREATORS_TABLE, merged.creators],
      [CREATOR_ACCOUNTS_TABLE, merged.accounts],
    ] as const) {
      await scoped.run(`DELETE FROM ${q(table.name)}`);
      if (rows.length > 0) await scoped.append(table.name, batchOf(table, rows));
    }
    if (read.rejected.length > 0) await scoped.append(REJECTED_ROWS_TABLE.name, rejectedRows);
    await scoped.append(IMPORTS_TABLE.name, logRow);
  });
  return report;
}
