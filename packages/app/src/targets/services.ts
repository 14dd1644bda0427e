/**
 * Target services: baselines and suggestions, breakdowns, SMART checks and pacing. Each one
 * gathers its numbers from the KPI engine and hands them to the pure logic in core, which is
 * where the rules live and are tested.
 */
import {
  type AttainableThresholds,
  addDays,
  addMonths,
  type BaselineSummary,
  type Breakdown,
  type BreakdownMode,
  type BuiltinTemplateOptions,
  baselineWindows,
  breakdownMethod,
  buildBreakdown,
  type Catalog,
  computePace,
  dataThroughNote,
  type EventOccurrence,
  eachDay,
  english,
  eventOccurrences,
  type HistoryPosition,
  isWholeMonths,
  maxDate,
  minDate,
  type Pace,
  type Period,
  parseTarget,
  placeAmongWindows,
  positionInHistory,
  type RagBands,
  rateAttainable,
  rateMeasurable,
  rateRelevant,
  rateSpecific,
  rateTimeBound,
  type SmartReport,
  type SuggestionBasis,
  sameLengthWindows,
  samePeriodLastYear,
  scopePins,
  scopeProblems,
  smartReport,
  suggestFromBaselines,
  summarizeBaselines,
  type Target,
  type TargetInput,
  type TargetSuggestion,
  templateForCampaignGoal,
  todayIn,
  type WindowPlace,
  type WindowValue,
} from '@markpi/core';
import { getEventCalendar, getTarget, listBenchmarks, type Warehouse } from '@markpi/store';
import { campaignGoal } from '../entities.js';
import { declaredEvents } from '../monitor/calendar.js';
import { kpiOverWindow, kpiSeries } from './kpi-data.js';

export interface TodayOption {
  /** The day to judge from (default: today in the workspace's time zone). */
  today?: string;
}

function todayOf(catalog: Catalog, options: TodayOption): string {
  return options.today ?? todayIn(catalog.config.time_zone);
}

/** A stored target by id, or a target given whole (validated, defaults filled in). */
async function resolveTarget(warehouse: Warehouse, target: TargetInput | string): Promise<Target> {
  return typeof target === 'string' ? (await getTarget(warehouse, target)).target : parseTarget(target);
}

/** The scope a target's history is read from: its baseline scope, else its own. */
function baselineFilter(target: Target): string | undefined {
  return (target.baselineScope ?? target.scope).filter;
}

export interface BaselineRequest {
  kpi: string;
  /** The scope's condition; absent for the whole workspace. */
  filter?: string;
  period: Period;
  trailingMonths?: number;
  historyMonths?: number;
  /** The events a period may be (absent: the retail calendar and the workspace's saved ones). */
  events?: readonly EventOccurrence[];
}

/** The retail calendar's and the workspace's saved calendars' events around a period's years. */
async function eventsAround(warehouse: Warehouse, period: Period): Promise<EventOccurrence[]> {
  const declared = await declaredEvents(warehouse, period.from, period.to);
  return eventOccurrences([...declared.retail, ...declared.saved]);
}

/** Previous period, same period last year, trailing window, monthly history and benchmarks. */
export async function targetBaselines(
  warehouse: Warehouse,
  catalog: Catalog,
  request: BaselineRequest,
): Promise<BaselineSummary> {
  const kpi = catalog.kpi(request.kpi);
  // A period that is an event's dates is compared with that event's own dates last year.
  const events = request.events ?? (await eventsAround(warehouse, request.period));
  const windows = baselineWindows(request.period, {
    ...(request.trailingMonths !== undefined ? { trailingMonths: request.trailingMonths } : {}),
    ...(request.historyMonths !== undefined ? { historyMonths: request.historyMonths } : {}),
    events,
  });
  // Additive values are pro-rated per day with data, so count those days once over all windows.
  let activeDays = (_window: Period): number | undefined => undefined;
  if (breakdownMethod(kpi) === 'split') {
    const starts = [windows.previous, windows.lastYear, windows.trailing, ...windows.months]
      .map((window) => window.from)
      .sort();
    const days = await kpiSeries(
      warehouse,
      catalog,
      kpi.id,
      request.filter,
      { from: starts[0]!, to: addDays(request.period.from, -1) },
      'day',
    );
    const dated = days.filter((point) => point.value !== null).map((point) => point.date);
    activeDays = (window) => dated.filter((day) => day >= window.from && day <= window.to).length;
  }
  const over = async (window: Period): Promise<WindowValue> => {
    const measured = await kpiOverWindow(warehouse, catalog, kpi.id, request.filter, window);
    const count = activeDays(window);
    return count === undefined ? measured : { ...measured, activeDays: count };
  };
  // One query at a time: a warehouse connection runs statements in turn anyway.
  const previous = await over(windows.previous);
  const lastYear = await over(windows.lastYear);
  const trailing = await over(windows.trailing);
  const history = windows.months;
  const monthly =
    history.length === 0
      ? []
      : await kpiSeries(
          warehouse,
          catalog,
          kpi.id,
          request.filter,
          { from: history[0]!.from, to: history.at(-1)!.to },
          'month',
        );
  const byMonth = new Map(monthly.map((point) => [point.date, point]));
  const months: WindowValue[] = history.map((month) => {
    const point = byMonth.get(month.from);
    const count = activeDays(month);
    return {
      ...month,
      value: point?.value ?? null,
      flag: point?.flag ?? null,
      ...(count === undefined ? {} : { activeDays: count }),
    };
  });
  const benchmarks = await listBenchmarks(warehouse, kpi.id);
  return summarizeBaselines(kpi, request.period, {
    previous,
    lastYear,
    ...(windows.lastYearEvent ? { lastYearEvent: windows.lastYearEvent } : {}),
    trailing,
    months,
    benchmarks,
  });
}

export interface SuggestRequest extends BaselineRequest {
  basis?: SuggestionBasis;
  growth?: number;
}

export interface SuggestResult {
  baselines: BaselineSummary;
  suggestion: TargetSuggestion | null;
}

/** A target value from history (last year +10% by default) with its place in history. */
export async function suggestTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  request: SuggestRequest,
): Promise<SuggestResult> {
  const baselines = await targetBaselines(warehouse, catalog, request);
  const kpi = catalog.kpi(request.kpi);
  return {
    baselines,
    suggestion: suggestFromBaselines(kpi, baselines, {
      ...(request.basis ? { basis: request.basis } : {}),
      ...(request.growth !== undefined ? { growth: request.growth } : {}),
    }),
  };
}

export interface BreakdownOptions {
  /** Override the target's breakdown mode. */
  mode?: BreakdownMode;
  /** Override the target's event calendar. */
  calendar?: string;
}

/**
 * A target's quarters, months and days. Seasonal mode reads last year's daily values in the
 * baseline scope; snapshot KPIs start from the scope's level the day before the period.
 */
export async function breakdownTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  targetOrId: TargetInput | string,
  options: BreakdownOptions = {},
): Promise<Breakdown> {
  const target = await resolveTarget(warehouse, targetOrId);
  const kpi = catalog.kpi(target.kpi);
  const mode = options.mode ?? target.breakdown.mode;
  const { period } = target;
  let lastYearDaily: Map<string, number | null> | undefined;
  if (mode === 'seasonal') {
    const lastYear = await kpiSeries(
      warehouse,
      catalog,
      kpi.id,
      baselineFilter(target),
      samePeriodLastYear(period),
      'day',
    );
    const byDate = new Map(lastYear.map((point) => [point.date, point.value]));
    // Same calendar date a year earlier; 29 February reads 28 February.
    lastYearDaily = new Map(eachDay(period).map((day) => [day, byDate.get(addMonths(day, -12)) ?? null]));
  }
  let calendar: Awaited<ReturnType<typeof getEventCalendar>> | undefined;
  if (mode === 'events') {
    const years: number[] = [];
    for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year++)
      years.push(year);
    calendar = await getEventCalendar(
      warehouse,
      options.calendar ?? target.breakdown.calendar ?? 'cn-retail',
      years,
    );
  }
  let startLevel: number | null = null;
  if (kpi.aggregation === 'snapshot') {
    const before = { from: addMonths(period.from, -12), to: addDays(period.from, -1) };
    startLevel = (await kpiOverWindow(warehouse, catalog, kpi.id, target.scope.filter, before)).value;
  }
  return buildBreakdown({
    kpi,
    value: target.value,
    period,
    mode,
    startLevel,
    ...(lastYearDaily ? { lastYearDaily } : {}),
    ...(calendar ? { calendar } : {}),
  });
}

/** How far back the Measurable check looks for data. */
const MEASURABLE_LOOKBACK_MONTHS = 24;

export interface CheckOptions extends TodayOption {
  thresholds?: AttainableThresholds;
  /** KPI for word of mouth's "other 20%" when judging relevance. */
  templates?: BuiltinTemplateOptions;
}

export interface TargetCheck extends SmartReport {
  kpi: string;
  /** The goal of the campaign the scope pins, when it pins one. */
  campaignGoal?: string;
  /** Where the value sits in the baseline scope's history. */
  position?: HistoryPosition;
  baselines?: BaselineSummary;
}

async function campaignGoalOf(warehouse: Warehouse, filter: string | undefined): Promise<string | undefined> {
  const pins = scopePins(filter);
  if (pins?.campaign_goal) return pins.campaign_goal;
  if (!pins?.campaign) return undefined;
  return (await campaignGoal(warehouse, pins.campaign)) ?? undefined;
}

/**
 * The target's value among the windows of history as long as its period (core's
 * `sameLengthWindows`), each the KPI over the window as the engine computes it; additive KPIs
 * also count each window's days with data, from one daily series, so partial windows drop out.
 */
async function placeAmongSameLength(
  warehouse: Warehouse,
  catalog: Catalog,
  kpiId: string,
  filter: string | undefined,
  target: Target,
): Promise<WindowPlace> {
  const kpi = catalog.kpi(kpiId);
  const windows = sameLengthWindows(target.period);
  if (windows.length === 0) return placeAmongWindows(kpi, target.value, []);
  let daysWithData: string[] | undefined;
  if (breakdownMethod(kpi) === 'split') {
    const span = { from: windows[0]!.from, to: windows.at(-1)!.to };
    daysWithData = (await kpiSeries(warehouse, catalog, kpi.id, filter, span, 'day'))
      .filter((point) => point.value !== null)
      .map((point) => point.date);
  }
  const values: WindowValue[] = [];
  // One query at a time: a warehouse connection runs statements in turn anyway.
  for (const window of windows) {
    const measured = await kpiOverWindow(warehouse, catalog, kpi.id, filter, window);
    values.push(
      daysWithData
        ? {
            ...measured,
            activeDays: daysWithData.filter((day) => day >= window.from && day <= window.to).length,
          }
        : measured,
    );
  }
  return placeAmongWindows(kpi, target.value, values);
}

/** SMART: each letter rated pass, warn or fail with its reason, on the workspace's data. */
export async function checkTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  targetOrId: TargetInput | string,
  options: CheckOptions = {},
): Promise<TargetCheck> {
  const target = await resolveTarget(warehouse, targetOrId);
  const today = todayOf(catalog, options);
  const kpi = catalog.kpis.get(target.kpi);
  const problems = kpi ? scopeProblems(catalog, kpi.id, target.scope.filter) : [];
  const sound = kpi !== undefined && problems.length === 0;

  let measurable: Parameters<typeof rateMeasurable>[2];
  if (sound) {
    const from = addMonths(target.period.from, -MEASURABLE_LOOKBACK_MONTHS);
    const to = minDate(target.period.to, today);
    const window = { from, to: maxDate(to, from) };
    const scoped = await kpiSeries(warehouse, catalog, kpi.id, target.scope.filter, window, 'month');
    const workspace = await kpiOverWindow(warehouse, catalog, kpi.id, undefined, window);
    const withData = scoped.filter((point) => point.value !== null);
    // The days the scope's data spans, so the check cites those and not months before it began.
    const days =
      withData.length > 0
        ? (await kpiSeries(warehouse, catalog, kpi.id, target.scope.filter, window, 'day')).filter(
            (point) => point.value !== null,
          )
        : [];
    const first = days[0]?.date;
    const last = days.at(-1)?.date;
    measurable = {
      window,
      scopeMonthsWithData: withData.length,
      workspaceHasData: workspace.value !== null,
      flags: withData.map((point) => point.flag).filter((flag): flag is string => flag !== null),
      ...(first && last ? { dataWindow: { from: first, to: last } } : {}),
    };
  }

  let baselines: BaselineSummary | undefined;
  let position: HistoryPosition | undefined;
  const historyFilter = baselineFilter(target);
  if (kpi && scopeProblems(catalog, kpi.id, historyFilter).length === 0) {
    baselines = await targetBaselines(warehouse, catalog, {
      kpi: kpi.id,
      filter: historyFilter,
      period: target.period,
    });
    position = positionInHistory(kpi, target.value, baselines);
  }

  // A period that is not whole calendar months is placed among windows of its own length.
  let windows: WindowPlace | undefined;
  if (kpi && baselines && !isWholeMonths(target.period)) {
    windows = await placeAmongSameLength(warehouse, catalog, kpi.id, historyFilter, target);
  }

  const campaignGoal = sound ? await campaignGoalOf(warehouse, target.scope.filter) : undefined;
  const template = campaignGoal ? templateForCampaignGoal(campaignGoal, options.templates) : undefined;
  const report = smartReport(target.id, [
    rateSpecific(target, kpi, problems),
    rateMeasurable(target, kpi, measurable),
    rateAttainable(kpi, position, options.thresholds, windows),
    rateRelevant(target, kpi, {
      ...(campaignGoal ? { campaignGoal } : {}),
      ...(template ? { template } : {}),
    }),
    rateTimeBound(target, today),
  ]);
  return {
    ...report,
    kpi: target.kpi,
    ...(campaignGoal ? { campaignGoal } : {}),
    ...(position ? { position } : {}),
    ...(baselines ? { baselines } : {}),
  };
}

export interface PaceOptions extends TodayOption {
  /** The day to pace as of (default: today, or the period's end when it is over). */
  asOf?: string;
  bands?: RagBands;
  /** Central probability of the projection interval (default 0.8). */
  interval?: number;
  /** Estimate additive run rates from the last N days only. */
  runRateDays?: number;
}

export interface TargetPace extends Pace {
  targetId: string;
  /** The scope's label. */
  scope: string;
  /** The last day the workspace has data for the KPI, when that is before `asOf`. */
  dataThrough?: string;
}

/**
 * The KPI from the window's first day to each day with data: the running ratio of sums, which is
 * the number a ratio target is judged by on that day.
 */
async function cumulativeLevels(
  warehouse: Warehouse,
  catalog: Catalog,
  kpi: string,
  filter: string | undefined,
  window: Period,
  daily: readonly { date: string }[],
): Promise<{ date: string; value: number | null }[]> {
  const levels: { date: string; value: number | null }[] = [];
  for (const { date } of daily) {
    const toDay = await kpiOverWindow(warehouse, catalog, kpi, filter, { from: window.from, to: date });
    levels.push({ date, value: toDay.value });
  }
  return levels;
}

/** How far back to look for the workspace's last day of data. */
const DATA_LOOKBACK_DAYS = 92;

/** To date against the breakdown, the projection to the period's end and its odds, RAG coloured. */
export async function paceTarget(
  warehouse: Warehouse,
  catalog: Catalog,
  targetOrId: TargetInput | string,
  options: PaceOptions = {},
): Promise<TargetPace> {
  const target = await resolveTarget(warehouse, targetOrId);
  const kpi = catalog.kpi(target.kpi);
  const breakdown = await breakdownTarget(warehouse, catalog, target);
  const { period } = target;
  const requested = minDate(options.asOf ?? todayOf(catalog, options), period.to);
  const judgedOn = options.asOf ?? todayOf(catalog, options);
  const paceWith = (
    asOf: string,
    actualToDate: number | null,
    daily: { date: string; value: number | null }[],
    cumulative?: { date: string; value: number | null }[],
  ) =>
    computePace({
      kpi,
      breakdown,
      asOf,
      actualToDate,
      daily,
      today: judgedOn,
      ...(cumulative ? { cumulative } : {}),
      ...(options.bands ? { bands: options.bands } : {}),
      ...(options.interval !== undefined ? { interval: options.interval } : {}),
      ...(options.runRateDays !== undefined ? { runRateDays: options.runRateDays } : {}),
    });
  if (requested < period.from)
    return {
      ...paceWith(requested, null, []),
      targetId: target.id,
      scope: target.scope.label,
    };

  // Exports arrive late: pace as of the workspace's last day of data, not an empty today.
  const recent = await kpiSeries(
    warehouse,
    catalog,
    kpi.id,
    undefined,
    { from: addDays(requested, -DATA_LOOKBACK_DAYS), to: requested },
    'day',
  );
  const lastDay = recent.at(-1)?.date;
  // When the data stops before the day asked about, the pace says so first.
  const dataThrough =
    lastDay === undefined || lastDay < requested
      ? dataThroughNote(kpi.id, lastDay, addDays(requested, -DATA_LOOKBACK_DAYS))
      : undefined;
  let pace: Pace;
  if (lastDay === undefined || lastDay < period.from) {
    pace = paceWith(requested, null, []);
  } else {
    const window = { from: period.from, to: minDate(lastDay, requested) };
    const toDate = await kpiOverWindow(warehouse, catalog, kpi.id, target.scope.filter, window);
    const daily = await kpiSeries(warehouse, catalog, kpi.id, target.scope.filter, window, 'day');
    // A ratio is judged by the ratio of its sums from the period's start, so the chart plots that
    // to-date ratio for each day, asked of the engine day by day (one query per elapsed day).
    const cumulative =
      breakdownMethod(kpi) === 'level'
        ? await cumulativeLevels(warehouse, catalog, kpi.id, target.scope.filter, window, daily)
        : undefined;
    pace = paceWith(
      window.to,
      toDate.value,
      daily.map((point) => ({ date: point.date, value: point.value })),
      cumulative,
    );
  }
  return {
    ...pace,
    notes: dataThrough ? [english(dataThrough), ...pace.notes] : pace.notes,
    noteMessages: dataThrough ? [dataThrough, ...pace.noteMessages] : pace.noteMessages,
    targetId: target.id,
    scope: target.scope.label,
    ...(dataThrough && lastDay !== undefined ? { dataThrough: lastDay } : {}),
  };
}
