/**
 * Creator rosters into the workspace's registry, classified by the workspace's own tier rules
 * (`creator_tiers` in its workspace file) when it has them, the default rules otherwise. A roster
 * the importers do not recognise is read with a mapping: which header holds each field, and the
 * platform of every account when the file is one platform's.
 */
import { CHANNELS, type Channel, MarkpiError } from '@markpi/core';
import {
  type ImportSource,
  importRoster,
  mappingProfile,
  ROSTER_FIELDS,
  type RosterField,
  type RosterImportOptions,
  type RosterImportReport,
  type RosterProfile,
} from '@markpi/importers';
import { z } from 'zod';
import type { WorkspaceContext } from '../workspace.js';

export async function importCreatorRoster(
  workspace: WorkspaceContext,
  source: ImportSource,
  options: Omit<RosterImportOptions, 'tierRules'> = {},
): Promise<RosterImportReport> {
  const rules = workspace.catalog.config.creator_tiers;
  return importRoster(workspace.warehouse, source, { ...options, ...(rules ? { tierRules: rules } : {}) });
}

/** A roster mapping: `columns` (field → the file's header) and, optionally, every account's `channel`. */
const rosterMappingSchema = z
  .object({
    channel: z.enum(CHANNELS as unknown as [Channel, ...Channel[]]).optional(),
    columns: z
      .partialRecord(z.enum(ROSTER_FIELDS), z.string().trim().min(1).max(200))
      .refine((columns) => Object.keys(columns).length > 0, 'name at least one column'),
  })
  .strict();

/**
 * The roster profile a mapping describes (parsed JSON or YAML); `origin` names it in errors.
 * A mapping must say where the creator or the account is: a row needs one to name anybody.
 */
export function rosterMappingProfile(value: unknown, origin: string): RosterProfile {
  const parsed = rosterMappingSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      file: origin,
      hint: `a roster mapping is { columns: { field: header }, channel? }; fields: ${ROSTER_FIELDS.join(', ')}`,
    }));
    throw new MarkpiError('import.mapping_invalid', `${origin}: not a roster mapping`, problems);
  }
  const columns = parsed.data.columns as Partial<Record<RosterField, string>>;
  if (columns.creator === undefined && columns.account === undefined) {
    throw new MarkpiError('import.mapping_invalid', `${origin}: no creator or account column`, [
      {
        path: 'columns',
        message: 'map `creator` or `account`: each row must name a creator',
        file: origin,
      },
    ]);
  }
  return mappingProfile(columns, parsed.data.channel);
}
