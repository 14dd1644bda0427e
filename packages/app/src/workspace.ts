/**
 * A workspace as every use case sees it: its warehouse, its catalog (which carries the
 * workspace's settings: time zone, base currency) and a clock. The CLI builds one from flags and
 * files, the server from its registry; both then call the same use cases with it, so a default
 * (the window, the time zone, "today") is decided here once.
 */
import {
  type AccessScope,
  addDays,
  type Catalog,
  checkWindow,
  isScoped,
  isValidIsoDate,
  MarkpiError,
  todayIn,
} from '@markpi/core';
import { type DataRange, dataRange, type Warehouse } from '@markpi/store';
import { scopeDataRange } from './access/range.js';
import { classifySources, completeThrough, sourceDays } from './monitor/sources.js';

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
  /**
   * The rows this caller may see (a scoped member or share link). Set through `scopedWorkspace`,
   * which puts it in the catalog too: the planner ANDs the catalog's scope into every KPI query,
   * so a use case can't forget it. What reads rows without the planner is refused to a scoped
   * caller by the edge that serves it (the server's table of scoped routes).
   */
  scope?: AccessScope;
}

/** The workspace as a scoped caller sees it: every KPI query ANDed with the scope, its data range the scope's. */
export function scopedWorkspace(
  workspace: WorkspaceContext,
  scope: AccessScope | null | undefined,
): WorkspaceContext {
  if (!isScoped(scope)) return workspace;
  const dataRange = () => scopeDataRange(workspace.warehouse, scope);
  return { ...workspace, scope, catalog: scopedCatalog(workspace.catalog, scope), dataRange };
}

const scopedCatalogs = new WeakMap<Catalog, Map<string, Catalog>>();

/**
 * A catalog whose queries see the scope's rows only; one per catalog and scope, so the catalogs
 * use cases derive from it and keep by identity (creators' views, lift calibration) are reused.
 */
export function scopedCatalog(catalog: Catalog, scope: AccessScope | null | undefined): Catalog {
  if (!isScoped(scope)) return catalog;
  const key = JSON.stringify(scope);
  const known = scopedCatalogs.get(catalog) ?? new Map<string, Catalog>();
  scopedCatalogs.set(catalog, known);
  const cached = known.get(key);
  if (cached) return cached;
  const scoped: Catalog = { ...catalog, rowScope: scope };
  known.set(key, scoped);
  return scoped;
}

/**
 * A catalog built afresh from another's settings (with KPIs of a use case's own) keeps the
 * other's scope: every such rebuild goes through here.
 */
export function keepScope(from: Catalog, built: Catalog): Catalog {
  return scopedCatalog(built, from.rowScope);
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
 * The day answers default to: the last day every active platform account that reports daily has
 * data for (`monitor/sources.ts`), so a window does not end on a day some channels have not
 * delivered yet (which would read as a fall); else, when no source reports daily, the last day
 * with data in any fact; today (in the workspace's time zone) when the workspace has no data yet.
 */
export async function lastDayWithData(workspace: WorkspaceContext): Promise<string> {
  const range = await workspaceDataRange(workspace);
  if (!range) return workspaceToday(workspace);
  return (await completeDataThrough(workspace, range.to)) ?? range.to;
}

/** The last day every active daily source has, as of the workspace's last day; null when none reports daily. */
export async function completeDataThrough(
  workspace: WorkspaceContext,
  lastDay: string,
): Promise<string | null> {
  let sources: Awaited<ReturnType<typeof sourceDays>>;
  try {
    sources = await sourceDays(workspace.warehouse, workspace.catalog, lastDay);
  } catch {
    // A workspace made before a fact table existed can't be asked about it: every question
    // still gets an answer, ending on the last day with data.
    return null;
  }
  const complete = completeThrough(classifySources(sources));
  return complete !== null && complete < lastDay ? complete : null;
}

export interface WindowRequest {
  from?: string | undefined;
  to?: string | undefined;
}

/** The days a default window spans: 30, ending on the last day with data. */
export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The window a question covers: `to` defaults to the last day with data, `from` to 29 days
 * before `to`. Both are checked as calendar dates, in order and within core's limits.
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
  // Every window passes here: dates in the supported range, at most a total's span (`limits.ts`).
  checkWindow({ from, to });
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
