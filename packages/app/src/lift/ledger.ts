/**
 * The lift ledger: every finished test or analysis a workspace recorded, with its scope, period,
 * method and incremental result. Entries are kept as versions (store `lift/`); withdrawing one
 * is a new version that says so, and a withdrawn entry calibrates nothing.
 */
import { daysBetween, MarkpiError } from '@markpi/core';
import {
  appendLiftLedgerVersion,
  type LiftLedgerVersion,
  latestLiftLedgerVersions,
  liftLedgerHistory,
} from '@markpi/store';
import { type WorkspaceContext, workspaceToday } from '../workspace.js';
import { PLATFORM_CONVERSIONS, withLiftCalibration } from './calibration.js';
import { type LiftRecordBody, type LiftRecordDraft, liftRecordBodySchema } from './records.js';

export interface LiftLedgerEntry extends LiftRecordBody {
  id: string;
  version: number;
  /** ISO-8601 UTC. */
  recordedAt: string;
  author: string | null;
  /** Days since the test ended, in the workspace's time zone (negative: it ends later). */
  ageDays: number;
}

function entryFrom(version: LiftLedgerVersion, today: string): LiftLedgerEntry {
  const parsed = liftRecordBodySchema.safeParse(version.body);
  if (!parsed.success)
    throw new MarkpiError('internal', `lift ledger entry ${version.id}: the stored body is not a record`, [
      { message: parsed.error.issues[0]?.message ?? 'invalid', path: parsed.error.issues[0]?.path.join('.') },
    ]);
  return {
    ...parsed.data,
    id: version.id,
    version: version.version,
    recordedAt: version.recordedAt,
    author: version.author ?? null,
    ageDays: daysBetween(parsed.data.period.to, today),
  };
}

/** The ledger's entries, the latest test first (by the day it ended); withdrawn ones on request. */
export async function listLiftLedger(
  workspace: WorkspaceContext,
  options: { withdrawn?: boolean } = {},
): Promise<LiftLedgerEntry[]> {
  const today = workspaceToday(workspace);
  return (await latestLiftLedgerVersions(workspace.warehouse))
    .map((version) => entryFrom(version, today))
    .filter((entry) => options.withdrawn === true || entry.withdrawn === null)
    .sort((a, b) => b.period.to.localeCompare(a.period.to) || b.recordedAt.localeCompare(a.recordedAt));
}

/** Every version of an entry, oldest first. */
export async function liftLedgerEntryHistory(
  workspace: WorkspaceContext,
  id: string,
): Promise<LiftLedgerEntry[]> {
  const today = workspaceToday(workspace);
  const versions = await liftLedgerHistory(workspace.warehouse, id);
  if (versions.length === 0) throw await unknownEntry(workspace, id);
  return versions.map((version) => entryFrom(version, today));
}

async function unknownEntry(workspace: WorkspaceContext, id: string): Promise<MarkpiError> {
  const known = (await latestLiftLedgerVersions(workspace.warehouse)).map((entry) => entry.id);
  return new MarkpiError('unknown_lift_entry', `no lift ledger entry ${id}`, [
    {
      message: `no lift ledger entry ${id}`,
      path: 'id',
      hint:
        known.length > 0
          ? `entries: ${known.slice(0, 10).join(', ')}`
          : 'record a result with `markpi lift … --record <name>`',
    },
  ]);
}

/** An id from a name: lower-case letters, digits and dashes, made unique in the ledger. */
function entryId(name: string, taken: ReadonlySet<string>, fallback: string): string {
  const slug =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || fallback;
  if (!taken.has(slug)) return slug;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${slug}-${suffix}`)) return `${slug}-${suffix}`;
}

export interface RecordOptions {
  name: string;
  author?: string | undefined;
  now?: Date | undefined;
}

/** Records a result in the ledger under a name; the entry's id is made from the name. */
export async function recordLift(
  workspace: WorkspaceContext,
  draft: LiftRecordDraft,
  options: RecordOptions,
): Promise<LiftLedgerEntry> {
  const parsed = liftRecordBodySchema.safeParse({ ...draft, name: options.name, withdrawn: null });
  if (!parsed.success)
    throw new MarkpiError(
      'invalid_request',
      `lift record: ${parsed.error.issues.length} problem(s)`,
      parsed.error.issues.map((issue) => ({ message: issue.message, path: issue.path.join('.') })),
    );
  const taken = new Set((await latestLiftLedgerVersions(workspace.warehouse)).map((entry) => entry.id));
  const id = entryId(parsed.data.name, taken, `${draft.method}-${draft.period.to}`);
  const saved = await appendLiftLedgerVersion(workspace.warehouse, {
    id,
    method: parsed.data.method,
    body: parsed.data,
    recordedAt: (options.now ?? workspace.now()).toISOString(),
    ...(options.author ? { author: options.author } : {}),
  });
  return entryFrom(saved, workspaceToday(workspace));
}

/** Takes an entry back: a new version marked withdrawn, so it no longer calibrates ROAS. */
export async function withdrawLift(
  workspace: WorkspaceContext,
  id: string,
  options: { reason?: string | undefined; author?: string | undefined; now?: Date | undefined } = {},
): Promise<LiftLedgerEntry> {
  const versions = await liftLedgerHistory(workspace.warehouse, id);
  const current = versions.at(-1);
  if (!current) throw await unknownEntry(workspace, id);
  const entry = entryFrom(current, workspaceToday(workspace));
  if (entry.withdrawn)
    throw new MarkpiError('lift_entry_withdrawn', `lift ledger entry ${id} is withdrawn already`, [
      { message: `withdrawn already`, path: 'id' },
    ]);
  const {
    id: _id,
    version: _version,
    recordedAt: _recordedAt,
    author: _author,
    ageDays: _age,
    ...body
  } = entry;
  const saved = await appendLiftLedgerVersion(workspace.warehouse, {
    id,
    method: entry.method,
    body: { ...body, withdrawn: { reason: options.reason ?? null } },
    recordedAt: (options.now ?? workspace.now()).toISOString(),
    ...(options.author ? { author: options.author } : {}),
  });
  return entryFrom(saved, workspaceToday(workspace));
}

/**
 * The workspace with `calibrated_roas` in its catalog once its ledger calibrates a channel
 * (`calibration.ts`); the edges build every workspace context through this.
 */
export async function calibratedWorkspace(
  workspace: WorkspaceContext,
  basis = PLATFORM_CONVERSIONS,
): Promise<WorkspaceContext> {
  return withLiftCalibration(workspace, () => listLiftLedger(workspace), basis);
}
