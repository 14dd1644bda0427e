/**
 * A workspace as every use case sees it: its warehouse, its catalog (which carries the
 * workspace's settings: time zone, base currency) and a clock. The CLI builds one from flags and
 * files, the server from its registry; both then call the same use cases with it, so a default
 * (the window, the time zone, "today") is decided here once.
 */
import { addDays, type Catalog, isValidIsoDate, MarkpiError, todayIn } from '@markpi/core';
import { type DataRange, dataRange, type Warehouse } from '@markpi/store';

export interface WorkspaceContext {
  warehouse: Warehouse;
  catalog: Catalog;
  /** The clock (tests pin it). */
  now: () => Date;
  /**
   * The first and last day with data; the server keeps it cached between writes. Absent: asked of
   * the warehouse.
   */
  dataRange?: () => Promise<DataRange | null>;
}

/** The workspace's reporting time zone (`time_zone` in its workspace file). */
export function timeZoneOf(workspace: WorkspaceContext): string {
  return workspace.catalog.config.time_zone;
}

/** Today in the workspace's time zone. */
export function workspaceToday(workspace: WorkspaceContext): string {
  return todayIn(timeZoneOf(workspace), workspace.now());
}

export async function workspaceDataRange(workspace: WorkspaceContext): Promise<DataRange | null> {
  return workspace.dataRange ? workspace.dataRange() : dataRange(workspace.warehouse);
}

/**
 * The day answers default to: the last day with data in any fact, so a bare question about a
 * workspace whose data stops in October shows October; today (in the workspace's time zone)
 * when the workspace has no data yet.
 */
export async function lastDayWithData(workspace: WorkspaceContext): Promise<string> {
  return (await workspaceDataRange(workspace))?.to ?? workspaceToday(workspace);
}

export interface WindowRequest {
  from?: string | undefined;
  to?: string | undefined;
}

/** The days a default window spans: 30, ending on the last day with data. */
export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The window a question covers: `to` defaults to the last day with data, `from` to 29 days
 * before `to`. Both are checked as calendar dates and in order.
 */
export async function defaultWindow(
  workspace: WorkspaceContext,
  request: WindowRequest = {},
  days = DEFAULT_WINDOW_DAYS,
): Promise<{ from: string; to: string }> {
  const to = checkedDate(request.to ?? (await lastDayWithData(workspace)), 'to');
  const from = checkedDate(request.from ?? addDays(to, -(days - 1)), 'from');
  if (from > to) {
    throw new MarkpiError('invalid_request', `\`from\` (${from}) is after \`to\` (${to})`, [
      { message: 'after `to`', path: 'from', hint: 'give a first day on or before the last day' },
    ]);
  }
  return { from, to };
}

function checkedDate(date: string, field: string): string {
  if (!isValidIsoDate(date)) {
    throw new MarkpiError('invalid_request', `\`${field}\` is not a calendar date: ${date}`, [
      { message: 'not a calendar date', path: field, hint: 'use YYYY-MM-DD' },
    ]);
  }
  return date;
}
