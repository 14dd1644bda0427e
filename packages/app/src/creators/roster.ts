/**
 * Creator rosters into the workspace's registry, classified by the workspace's own tier rules
 * (`creator_tiers` in its workspace file) when it has them, the default rules otherwise.
 */
import {
  type ImportSource,
  importRoster,
  type RosterImportOptions,
  type RosterImportReport,
} from '@markpi/importers';
import type { WorkspaceContext } from '../workspace.js';

export async function importCreatorRoster(
  workspace: WorkspaceContext,
  source: ImportSource,
  options: Omit<RosterImportOptions, 'tierRules'> = {},
): Promise<RosterImportReport> {
  const rules = workspace.catalog.config.creator_tiers;
  return importRoster(workspace.warehouse, source, { ...options, ...(rules ? { tierRules: rules } : {}) });
}
