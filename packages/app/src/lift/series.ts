/**
 * The series the lift models read, asked of the planner like every other KPI number: a KPI per
 * day in a scope (pre/post), and per day and location (geo tests and their design).
 *
 * Convention for days without rows: a KPI that adds up (additive) is 0 on a day the scope has
 * no rows — no rows, no conversions — from the scope's first day with data on; before that day,
 * and after the workspace's last day with data, the series has no value. A KPI that does not
 * add up (a ratio) has no value on such a day, and a location missing a day is left out of a
 * panel, since no value can stand in for it.
 */
import { addDays, type Bilingual, type GeoPanel, type KpiUnit, MarkpiError } from '@markpi/core';
import { answerKpiQuery } from '../query.js';
import { type WorkspaceContext, workspaceDataRange } from '../workspace.js';
import { type LiftAppMessage, liftAppMessage } from './messages.js';

export interface LiftKpi {
  id: string;
  name: Bilingual;
  unit: KpiUnit;
  /** Whether days without rows count as 0 (see the module's convention). */
  additive: boolean;
}

export function liftKpi(workspace: WorkspaceContext, id: string): LiftKpi {
  const kpi = workspace.catalog.kpi(id);
  return { id: kpi.id, name: kpi.name, unit: kpi.unit, additive: kpi.aggregation === 'additive' };
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A value from the warehouse as a number (engines hand back big integers as bigint). */
export function numberOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

export interface DailySeries {
  dates: string[];
  values: (number | null)[];
  /** The scope's first day with data in the range asked, if any. */
  firstDay: string | null;
  notes: LiftAppMessage[];
}

/** A KPI per day over `from` … `to` in a scope. */
export async function dailySeries(
  workspace: WorkspaceContext,
  request: { kpi: string; filter?: string | undefined; from: string; to: string },
): Promise<DailySeries> {
  const kpi = liftKpi(workspace, request.kpi);
  const { result } = await answerKpiQuery(workspace, {
    kpis: [kpi.id],
    ...(request.filter ? { filter: request.filter } : {}),
    from: request.from,
    to: request.to,
    grain: 'day',
  });
  const byDay = new Map<string, number | null>();
  for (const row of result.rows) byDay.set(String(row.day), numberOf(row[kpi.id]));
  const firstDay = [...byDay.keys()].sort()[0] ?? null;
  const range = await workspaceDataRange(workspace);
  const dates = daysBetween(request.from, request.to);
  let zeroDays = 0;
  const values = dates.map((date) => {
    if (byDay.has(date)) return byDay.get(date)!;
    if (!kpi.additive || firstDay === null || date < firstDay || (range && date > range.to)) return null;
    zeroDays++;
    return 0;
  });
  const notes: LiftAppMessage[] = [];
  if (firstDay !== null && firstDay > request.from)
    notes.push(liftAppMessage('lift.series.starts_later', { from: firstDay }));
  if (zeroDays > 0) notes.push(liftAppMessage('lift.series.zero_days', { days: zeroDays }));
  return { dates, values, firstDay, notes };
}

export interface LocationPanel {
  panel: GeoPanel;
  notes: LiftAppMessage[];
}

/**
 * A KPI per day and value of `dimension` over `from` … `to` in a scope: the panel starts on the
 * scope's first day with data, and must end by the workspace's last.
 */
export async function locationPanel(
  workspace: WorkspaceContext,
  request: { kpi: string; filter?: string | undefined; dimension: string; from: string; to: string },
): Promise<LocationPanel> {
  const kpi = liftKpi(workspace, request.kpi);
  const dimension = workspace.catalog.dimension(request.dimension).id;
  const range = await workspaceDataRange(workspace);
  if (!range || request.to > range.to)
    throw new MarkpiError(
      'invalid_request',
      `the panel ends ${request.to}, after the last day with data (${range?.to ?? 'none'})`,
      [
        {
          message: `no data after ${range?.to ?? 'any day'}`,
          path: 'to',
          hint: 'end the test on or before the last day with data',
        },
      ],
    );
  const { result } = await answerKpiQuery(workspace, {
    kpis: [kpi.id],
    dimensions: [dimension],
    ...(request.filter ? { filter: request.filter } : {}),
    from: request.from,
    to: request.to,
    grain: 'day',
  });
  const notes: LiftAppMessage[] = [];
  const cells = new Map<string, Map<string, number | null>>();
  let unnamed = false;
  let firstDay: string | null = null;
  for (const row of result.rows) {
    const location = row[dimension];
    const day = String(row.day);
    if (location === null || location === undefined || location === '') {
      unnamed = true;
      continue;
    }
    if (firstDay === null || day < firstDay) firstDay = day;
    const series = cells.get(String(location)) ?? new Map<string, number | null>();
    series.set(day, numberOf(row[kpi.id]));
    cells.set(String(location), series);
  }
  if (unnamed) notes.push(liftAppMessage('lift.series.unnamed_rows', { dimension }));
  if (firstDay === null)
    throw new MarkpiError(
      'invalid_request',
      `no ${kpi.id} by ${dimension} in the scope from ${request.from} to ${request.to}`,
      [{ message: 'the scope has no rows with a location in these days', path: 'filter' }],
    );
  if (firstDay > request.from) notes.push(liftAppMessage('lift.series.starts_later', { from: firstDay }));
  const dates = daysBetween(firstDay, request.to);
  const locations: GeoPanel['locations'][number][] = [];
  const incomplete: string[] = [];
  let zeroDays = 0;
  for (const [location, series] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
    const values: number[] = [];
    let complete = true;
    for (const date of dates) {
      const value = series.get(date);
      if (value !== undefined && value !== null) values.push(value);
      else if (kpi.additive) {
        values.push(0);
        zeroDays++;
      } else complete = false;
    }
    if (complete) locations.push({ location, values });
    else incomplete.push(location);
  }
  if (zeroDays > 0) notes.push(liftAppMessage('lift.series.zero_days', { days: zeroDays }));
  if (incomplete.length > 0)
    notes.push(liftAppMessage('lift.series.locations_incomplete', { locations: incomplete }));
  return { panel: { dates, locations }, notes };
}

/** A filter that adds `dimension in (values)` to a scope's own. */
export function withLocations(
  filter: string | null | undefined,
  dimension: string,
  values: readonly string[],
) {
  const list = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
  const locations = `${dimension} in (${list})`;
  return filter ? `(${filter}) and ${locations}` : locations;
}
