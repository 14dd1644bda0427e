/**
 * Imports into a workspace, with the workspace's own settings: amounts are converted to its
 * `base_currency` (a USD workspace takes a USD file with no FX table), times written without an
 * offset (touch events, shop orders) are read in its `time_zone` unless the import names one, and
 * the import log's clock is the workspace's. The CLI's `markpi import` and the server's upload both come through here.
 * After the files, the customer tables are brought up to the orders (for the imported files'
 * customers alone when nothing else changed), so cohort answers read them.
 */
import { type ImportOptions, type ImportReport, type ImportSource, importFiles } from '@markpi/importers';
import { refreshCustomerTables } from '@markpi/store';
import type { WorkspaceContext } from './workspace.js';

export type WorkspaceImportOptions = Omit<ImportOptions, 'baseCurrency' | 'now'>;

export async function importIntoWorkspace(
  workspace: WorkspaceContext,
  files: readonly (ImportSource | string)[],
  options: WorkspaceImportOptions = {},
): Promise<ImportReport[]> {
  const reports = await importFiles(workspace.warehouse, files, {
    ...options,
    timeZone: options.timeZone ?? workspace.catalog.config.time_zone,
    baseCurrency: workspace.catalog.config.base_currency,
    now: workspace.now,
  });
  const imported = reports.filter((report) => report.status === 'imported').map((report) => report.importId);
  if (imported.length > 0) {
    await refreshCustomerTables(workspace.warehouse, { importIds: imported, now: workspace.now });
  }
  return reports;
}
