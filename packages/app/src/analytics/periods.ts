/**
 * Periods and comparisons as every analytics use case takes them: `period` (a preset or
 * `event:<name>[@<year>]`, resolved against today in the workspace's time zone and the workspace's
 * events) or `from`/`to`, and `compare` (`previous`, `last_year`, `same_event`, `auto` for the
 * window's default: the same event last year for an event, else the period before). Core's
 * `periods/` decides the windows; here they meet the workspace and the planner.
 *
 * The workspace's events: China's retail sales days for every year from the one before its data
 * to this one, its saved event calendars, and its promotion and launch campaigns (by the
 * campaign's name and dates), as the monitor declares them.
 *
 * The planner shifts a comparison itself when the comparison window is the one its `previous` or
 * `last_year` reads; any other (the same event on other dates, the same ISO week a year before) is
 * asked as a second query over that window, its rows laid beside by core's `alignComparison`.
 */
import {
  alignComparison,
  type CalendarEvent,
  type Catalog,
  type CompareMode,
  type CompareParam,
  checkWindow,
  type EventOccurrence,
  eventOccurrences,
  type KpiQuery,
  latestEvents,
  PERIOD_PRESETS,
  type Period,
  type PeriodChoices,
  PeriodError,
  presetWindow,
  previousPeriod,
  type ResolvedComparison,
  type ResolvedWindow,
  resolveComparison,
  resolveWindow,
  samePeriodLastYear,
} from '@markpi/core';
import { type KpiResult, runKpiQuery, type Warehouse } from '@markpi/store';
import { campaignSpans, declaredEvents, plannedPushes } from '../monitor/calendar.js';
import { defaultWindow, type WorkspaceContext, workspaceDataRange, workspaceToday } from '../workspace.js';

export interface PeriodParams {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: CompareParam | undefined;
}

export interface AnsweredWindow {
  window: ResolvedWindow;
  comparison: ResolvedComparison | null;
}

/** The wire shape of a comparison: its mode, window and, for an event, the event's name. */
export interface ComparisonWindow {
  mode: CompareMode;
  period: Period;
  event?: string;
}

export function comparisonWindowOf(comparison: ResolvedComparison | null): ComparisonWindow | undefined {
  if (!comparison) return undefined;
  return {
    mode: comparison.mode,
    period: comparison.period,
    ...(comparison.event ? { event: comparison.event.name } : {}),
  };
}

/** The workspace's events as occurrences (see the module's comment). */
export async function workspaceEvents(workspace: WorkspaceContext): Promise<EventOccurrence[]> {
  const today = workspaceToday(workspace);
  const range = await workspaceDataRange(workspace);
  const from = range && range.from < today ? range.from : today;
  const to = range && range.to > today ? range.to : today;
  const declared = await declaredEvents(workspace.warehouse, from, to);
  let pushes: CalendarEvent[] = [];
  try {
    pushes = plannedPushes(await campaignSpans(workspace.warehouse)).map((push) => ({
      name: push.name,
      from: push.from,
      to: push.to,
      weight: 1,
    }));
  } catch {
    // A workspace made before the campaign table existed has no pushes to offer.
  }
  return eventOccurrences([...declared.retail, ...declared.saved, ...pushes]);
}

/**
 * The window and comparison a request names. `compare` absent: `fallback` decides (`auto` where
 * a comparison is always drawn, `none` where it is asked for).
 */
export async function resolvePeriodParams(
  workspace: WorkspaceContext,
  params: PeriodParams,
  fallback: 'auto' | 'none' = 'none',
): Promise<AnsweredWindow> {
  const compare = params.compare ?? fallback;
  let window: ResolvedWindow;
  let events: EventOccurrence[] = [];
  if (params.period !== undefined) {
    if (params.from !== undefined || params.to !== undefined) {
      throw new PeriodError({ key: 'period.period_and_dates', params: {} }, 'leave out `from` and `to`');
    }
    events = await workspaceEvents(workspace);
    window = resolveWindow({ period: params.period }, { today: workspaceToday(workspace), events });
  } else {
    const range = await defaultWindow(workspace, params);
    window = resolveWindow({ range }, { today: workspaceToday(workspace), events });
  }
  checkWindow(window.period);
  if (compare === 'none') return { window, comparison: null };
  const comparison = resolveComparison(window, compare === 'auto' ? undefined : compare, events);
  checkWindow(comparison.period);
  return { window, comparison };
}

function samePeriod(a: Period, b: Period): boolean {
  return a.from === b.from && a.to === b.to;
}

/**
 * A KPI question with `<kpi>__previous` and `<kpi>__change` over a comparison window: shifted by
 * the planner when it reads that window itself, else a second query laid beside.
 */
export async function runComparedKpiQuery(
  warehouse: Warehouse,
  catalog: Catalog,
  query: KpiQuery,
  comparison: Pick<ResolvedComparison, 'period'> | null,
): Promise<KpiResult> {
  const { compare: _ignored, ...asked } = query;
  if (!comparison) return runKpiQuery(warehouse, catalog, asked);
  const period = { from: query.from, to: query.to };
  if (samePeriod(comparison.period, previousPeriod(period)))
    return runKpiQuery(warehouse, catalog, { ...asked, compare: 'previous' });
  if (samePeriod(comparison.period, samePeriodLastYear(period)))
    return runKpiQuery(warehouse, catalog, { ...asked, compare: 'last_year' });
  const current = await runKpiQuery(warehouse, catalog, asked);
  const earlier = await runKpiQuery(warehouse, catalog, { ...asked, ...comparison.period });
  const kpis = current.columns.filter((column) => column.role === 'kpi').map((column) => column.key);
  const rows = alignComparison(current.rows, earlier.rows, {
    kpis,
    dimensions: current.columns.filter((column) => column.role === 'dimension').map((column) => column.key),
    grain: query.grain ?? 'total',
    period,
    comparePeriod: comparison.period,
  });
  const columns: KpiResult['columns'] = [];
  for (const column of current.columns) {
    columns.push(column);
    if (column.role !== 'kpi') continue;
    const kpi = column.kpi ?? column.key;
    columns.push(
      { key: `${kpi}__previous`, role: 'previous', kpi, ...(column.unit ? { unit: column.unit } : {}) },
      { key: `${kpi}__change`, role: 'change', kpi },
    );
  }
  const warnings = [...new Set([...current.warnings, ...earlier.warnings])];
  return { ...current, columns, rows, warnings };
}

export async function answerPeriodChoices(workspace: WorkspaceContext): Promise<PeriodChoices> {
  const today = workspaceToday(workspace);
  const events = await workspaceEvents(workspace);
  return {
    today,
    timeZone: workspace.catalog.config.time_zone,
    presets: PERIOD_PRESETS.map((id) => ({ id, period: presetWindow(id, today).period })),
    events: latestEvents(events, today).map((event) => {
      const window = resolveWindow({ period: `event:${event.key}@${event.year}` }, { today, events });
      const comparison = resolveComparison(window, undefined, events);
      return {
        spec: window.spec,
        key: event.key,
        name: event.name,
        year: event.year,
        period: event.period,
        lastYear: comparison.mode === 'same_event' ? comparison.period : null,
      };
    }),
  };
}
