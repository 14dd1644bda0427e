/**
 * Baselines: where a KPI stood before, for a scope — the previous period, the same period last
 * year, a trailing window, the best, median and worst months, and imported industry
 * benchmarks — and where a target value sits against them ("needs +85% over the best month").
 *
 * Every value is what the KPI engine computes over the window, so a ratio over three months is
 * the ratio of three months' sums, never a mean of monthly ratios. To compare windows of
 * different lengths, values of additive KPIs are pro-rated to the target's period by the days
 * they were earned on (days with data when known, else calendar days) (`comparable`), and
 * windows with data on fewer than half their days are left out as partial; levels (ratios,
 * snapshots) compare as they are.
 *
 * Labels, notes and the position's phrases are messages (`messages.ts`) too, so clients can say
 * them in another language; the English strings are those messages said by `english`.
 */
import { z } from 'zod';
import { idSchema } from '../catalog/schema.js';
import { MarkpiError } from '../errors.js';
import { type EventOccurrence, sameEventLastYear } from '../periods/windows.js';
import {
  english,
  label,
  type Message,
  type MessageLabel,
  type MessagePhrase,
  type MessageTerm,
  message,
  periodTerm,
  phrase,
  signedPercent,
  term,
} from './messages.js';
import {
  formatPeriod,
  historyMonths,
  type Period,
  periodDays,
  previousPeriod,
  samePeriodLastYear,
  trailingWindow,
} from './periods.js';
import { roundTo } from './rounding.js';
import { percentileRank } from './stats.js';
import { breakdownMethod, improvementOver, type KpiTraits, kpiPrecision, relativeChange } from './traits.js';

export const benchmarkSchema = z.strictObject({
  kpi: idSchema,
  /** The channel or industry the level is for (`douyin`, `beauty`); `all` when general. */
  segment: z.string().trim().min(1).max(200).default('all'),
  value: z.number().refine(Number.isFinite, 'a finite number'),
  /** Where the figure comes from (report, agency, year). */
  source: z.string().trim().min(1).max(500),
  note: z.string().max(2000).optional(),
});
export type Benchmark = z.output<typeof benchmarkSchema>;
export type BenchmarkInput = z.input<typeof benchmarkSchema>;

export function parseBenchmarks(rows: readonly unknown[]): Benchmark[] {
  const problems: { message: string; row: number; path?: string }[] = [];
  const parsed: Benchmark[] = [];
  rows.forEach((row, index) => {
    const result = benchmarkSchema.safeParse(row);
    if (result.success) parsed.push(result.data);
    else
      for (const issue of result.error.issues)
        problems.push({ message: issue.message, row: index + 1, path: issue.path.map(String).join('.') });
  });
  if (problems.length > 0)
    throw new MarkpiError('invalid_benchmarks', `benchmarks: ${problems.length} problem(s)`, problems);
  return parsed;
}

export const DEFAULT_TRAILING_MONTHS = 3;
export const DEFAULT_HISTORY_MONTHS = 24;

export interface BaselineWindows {
  previous: Period;
  /** The same dates a year earlier, or the same event's own dates last year (`lastYearEvent`). */
  lastYear: Period;
  /** The event `lastYear` is, when the period is an event's dates and the event ran last year. */
  lastYearEvent?: string;
  trailing: Period;
  trailingMonths: number;
  /** Whole months before the period, oldest first. */
  months: Period[];
}

/**
 * The same event a year earlier, when `period` is exactly an event's dates in `events` (a target
 * for 618 2026 set on 618 2026's days): an event that moves between years (a brand day, a festival
 * of the lunar calendar) is compared with its own days last year, not with the same calendar days.
 */
export function eventLastYear(
  period: Period,
  events: readonly EventOccurrence[],
): EventOccurrence | undefined {
  const event = events.find(
    (occurrence) => occurrence.period.from === period.from && occurrence.period.to === period.to,
  );
  return event ? sameEventLastYear(event, events) : undefined;
}

export function baselineWindows(
  period: Period,
  options: { trailingMonths?: number; historyMonths?: number; events?: readonly EventOccurrence[] } = {},
): BaselineWindows {
  const trailingMonths = options.trailingMonths ?? DEFAULT_TRAILING_MONTHS;
  const lastEvent = options.events ? eventLastYear(period, options.events) : undefined;
  return {
    previous: previousPeriod(period),
    lastYear: lastEvent?.period ?? samePeriodLastYear(period),
    ...(lastEvent ? { lastYearEvent: lastEvent.name } : {}),
    trailing: trailingWindow(period, trailingMonths),
    trailingMonths,
    months: historyMonths(period, options.historyMonths ?? DEFAULT_HISTORY_MONTHS),
  };
}

/** A KPI value over a window, as the KPI engine returned it. */
export interface WindowValue extends Period {
  value: number | null;
  /** The engine's flag, e.g. `upper_bound` for reach summed over several days. */
  flag?: string | null;
  /**
   * Days of the window that have data, when known. Additive values are pro-rated per active
   * day, so a campaign's 10-day March compares with a 10-day target as it should.
   */
  activeDays?: number;
}

export interface BaselineEvidence {
  previous?: WindowValue;
  lastYear?: WindowValue;
  /** The event `lastYear` is, when it is the same event's dates rather than the same days. */
  lastYearEvent?: string;
  trailing?: WindowValue;
  /** Whole months of history, oldest first; months without data have a null value. */
  months: readonly WindowValue[];
  benchmarks?: readonly Benchmark[];
}

export type BaselineKind =
  | 'same_period_last_year'
  | 'previous_period'
  | 'trailing'
  | 'best_month'
  | 'median_month'
  | 'worst_month'
  | 'benchmark';

export interface Baseline {
  kind: BaselineKind;
  label: string;
  /** The KPI over the baseline's own window. */
  value: number;
  /** On the target period's footing: additive values pro-rated by days, levels unchanged. */
  comparable: number;
  from?: string;
  to?: string;
  flag?: string;
  source?: string;
  segment?: string;
}

export interface HistoryMonth {
  month: string;
  value: number | null;
  /** Null without data, or when the month is partial and left out of best, worst and percentiles. */
  comparable: number | null;
  /** Data on fewer than half its days (see MIN_ACTIVE_SHARE). */
  partial?: boolean;
}

export interface BaselineSummary {
  kpi: string;
  period: Period;
  /** `per_day`: additive values were pro-rated by days to compare; `level`: compared as they are. */
  footing: 'per_day' | 'level';
  baselines: Baseline[];
  history: HistoryMonth[];
  notes: string[];
  /** `notes` as messages, in the same order. */
  noteMessages: Message[];
}

/**
 * Share of a window's days an additive value must have data on to be pro-rated and compared:
 * below it the window is partial (a campaign's first days in a month, an import gap) and a
 * per-day rate from so few days would say more about the gap than about the KPI.
 */
export const MIN_ACTIVE_SHARE = 0.5;

/** Days a window's value was earned on: its days with data when known, else its calendar days. */
function earningDays(window: WindowValue): number {
  return window.activeDays !== undefined && window.activeDays > 0 ? window.activeDays : periodDays(window);
}

/** An additive window with data on too few of its days to compare (see MIN_ACTIVE_SHARE). */
function isPartial(footing: BaselineSummary['footing'], window: WindowValue): boolean {
  return (
    footing === 'per_day' &&
    window.activeDays !== undefined &&
    window.activeDays < MIN_ACTIVE_SHARE * periodDays(window)
  );
}

/** How a pro-rated value was scaled, for its label; undefined when it wasn't. */
function proration(
  footing: BaselineSummary['footing'],
  window: WindowValue,
  days: number,
): MessageTerm | undefined {
  if (footing !== 'per_day' || earningDays(window) === days) return undefined;
  const active =
    window.activeDays !== undefined && window.activeDays > 0 && window.activeDays !== periodDays(window);
  return active
    ? term('baseline.prorated_active', { activeDays: window.activeDays!, days })
    : term('baseline.prorated', { days });
}

/** "same period last year", "same period last year (pro-rated to 30 days)". */
function windowLabel(name: MessageTerm, prorated: MessageTerm | undefined): MessageLabel {
  return prorated ? label('baseline.label_prorated', { name, prorated }) : name;
}

/** "best month (2025-11)", "best month (2025-11, pro-rated to 30 days)". */
function monthLabel(name: MessageTerm, month: string, prorated: MessageTerm | undefined): MessageLabel {
  return prorated
    ? label('baseline.label_month_prorated', { name, month, prorated })
    : label('baseline.label_month', { name, month });
}

function benchmarkLabel(segment: string, source: string): MessageLabel {
  return segment !== 'all'
    ? label('baseline.benchmark_segment', { segment, source })
    : label('baseline.benchmark', { source });
}

const MONTH_NAMES = {
  best: term('baseline.name.best_month', {}),
  highest: term('baseline.name.highest_month', {}),
  median: term('baseline.name.median_month', {}),
  worst: term('baseline.name.worst_month', {}),
  lowest: term('baseline.name.lowest_month', {}),
} as const;

function parseProration(text: string | undefined): MessageTerm | undefined | null {
  if (text === undefined) return undefined;
  const active = /^(\d+) active days pro-rated to (\d+)$/.exec(text);
  if (active)
    return term('baseline.prorated_active', { activeDays: Number(active[1]), days: Number(active[2]) });
  const days = /^pro-rated to (\d+) days$/.exec(text);
  return days ? term('baseline.prorated', { days: Number(days[1]) }) : null;
}

function parseWindowName(text: string): MessageTerm | null {
  if (text === 'same period last year') return term('baseline.name.same_period_last_year', {});
  if (text === 'previous period') return term('baseline.name.previous_period', {});
  const trailing = /^last (\d+) months$/.exec(text);
  if (trailing) return term('baseline.name.trailing', { months: Number(trailing[1]) });
  const level = /^level at the end of the last (\d+) months$/.exec(text);
  return level ? term('baseline.name.trailing_level', { months: Number(level[1]) }) : null;
}

function parseLabel(baseline: Baseline): MessageLabel | null {
  if (baseline.kind === 'benchmark')
    return baseline.source === undefined ? null : benchmarkLabel(baseline.segment ?? 'all', baseline.source);
  const event = /^same event last year \((.+?)\)(?: \((.+)\))?$/.exec(baseline.label);
  if (event) {
    const prorated = parseProration(event[2]);
    const name = term('baseline.name.same_event_last_year', { event: event[1]! });
    return prorated === null ? null : windowLabel(name, prorated);
  }
  const month = /^(best|highest|median|worst|lowest) month \((\d{4}-\d{2})(?:, (.+))?\)$/.exec(
    baseline.label,
  );
  if (month) {
    const prorated = parseProration(month[3]);
    return prorated === null
      ? null
      : monthLabel(MONTH_NAMES[month[1] as keyof typeof MONTH_NAMES], month[2]!, prorated);
  }
  const window = /^(.+?)(?: \((.+)\))?$/.exec(baseline.label);
  const name = window ? parseWindowName(window[1]!) : null;
  const prorated = parseProration(window?.[2]);
  return name && prorated !== null ? windowLabel(name, prorated) : null;
}

/**
 * A baseline's label as a message. `Baseline` carries its English label only (its shape is
 * the API's), so the message is read back from the label `summarizeBaselines` wrote and checked
 * to say exactly that label; a label written elsewhere is passed on as it is (`text.as_is`).
 */
export function baselineLabel(baseline: Baseline): MessageLabel {
  const parsed = parseLabel(baseline);
  return parsed && english(parsed) === baseline.label ? parsed : term('text.as_is', { text: baseline.label });
}

function comparableOf(
  footing: BaselineSummary['footing'],
  window: WindowValue & { value: number },
  period: Period,
): number {
  return footing === 'per_day' ? (window.value / earningDays(window)) * periodDays(period) : window.value;
}

/** "same period last year 2025-03-01 … 2025-03-31 (data on 10 of 31 days)". */
function partialWindow(name: MessageTerm, window: WindowValue): MessagePhrase {
  return phrase('baseline.partial_window', {
    name,
    period: periodTerm(window),
    activeDays: window.activeDays!,
    days: periodDays(window),
  });
}

export function summarizeBaselines(
  kpi: KpiTraits,
  period: Period,
  evidence: BaselineEvidence,
): BaselineSummary {
  const footing = breakdownMethod(kpi) === 'split' ? 'per_day' : 'level';
  const baselines: Baseline[] = [];
  const notes: Message[] = [];
  const partial: MessagePhrase[] = [];
  const days = periodDays(period);

  const windowBaseline = (kind: BaselineKind, name: MessageTerm, window: WindowValue | undefined) => {
    if (!window || window.value === null) return;
    if (isPartial(footing, window)) {
      partial.push(partialWindow(name, window));
      return;
    }
    baselines.push({
      kind,
      label: english(windowLabel(name, proration(footing, window, days))),
      value: window.value,
      comparable: comparableOf(footing, { ...window, value: window.value }, period),
      from: window.from,
      to: window.to,
      ...(window.flag ? { flag: window.flag } : {}),
    });
  };
  windowBaseline(
    'same_period_last_year',
    evidence.lastYearEvent
      ? term('baseline.name.same_event_last_year', { event: evidence.lastYearEvent })
      : term('baseline.name.same_period_last_year', {}),
    evidence.lastYear,
  );
  windowBaseline('previous_period', term('baseline.name.previous_period', {}), evidence.previous);
  if (evidence.trailing) {
    const months = Math.round(periodDays(evidence.trailing) / 30.4);
    const name =
      kpi.aggregation === 'snapshot'
        ? term('baseline.name.trailing_level', { months })
        : term('baseline.name.trailing', { months });
    windowBaseline('trailing', name, evidence.trailing);
  }

  const history: HistoryMonth[] = evidence.months.map((month) => {
    const left = month.value !== null && isPartial(footing, month);
    if (left) partial.push(partialWindow(term('baseline.name.month', {}), month));
    return {
      month: month.from.slice(0, 7),
      value: month.value,
      comparable:
        month.value === null || left ? null : comparableOf(footing, { ...month, value: month.value }, period),
      ...(left ? { partial: true } : {}),
    };
  });
  const withData = evidence.months
    .map((month, index) => ({ month, comparable: history[index]!.comparable }))
    .filter((entry): entry is { month: WindowValue; comparable: number } => entry.comparable !== null);
  if (withData.length > 0) {
    const sorted = [...withData].sort((a, b) => a.comparable - b.comparable);
    const highest = sorted.at(-1)!;
    const lowest = sorted[0]!;
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const [best, worst] = kpi.direction === 'down' ? [lowest, highest] : [highest, lowest];
    const name = (entry: { month: WindowValue }) => entry.month.from.slice(0, 7);
    const context = kpi.direction === 'context';
    const monthBaseline = (
      kind: BaselineKind,
      monthName: MessageTerm,
      entry: { month: WindowValue; comparable: number },
    ) => {
      baselines.push({
        kind,
        label: english(monthLabel(monthName, name(entry), proration(footing, entry.month, days))),
        value: entry.month.value!,
        comparable: entry.comparable,
        from: entry.month.from,
        to: entry.month.to,
        ...(entry.month.flag ? { flag: entry.month.flag } : {}),
      });
    };
    monthBaseline('best_month', context ? MONTH_NAMES.highest : MONTH_NAMES.best, best);
    monthBaseline('median_month', MONTH_NAMES.median, median);
    monthBaseline('worst_month', context ? MONTH_NAMES.lowest : MONTH_NAMES.worst, worst);
    if (withData.length < 6) notes.push(message('baseline.note.few_months', { months: withData.length }));
  } else {
    notes.push(message('baseline.note.no_history', {}));
  }

  for (const benchmark of evidence.benchmarks ?? []) {
    if (benchmark.kpi !== kpi.id) continue;
    baselines.push({
      kind: 'benchmark',
      label: english(benchmarkLabel(benchmark.segment, benchmark.source)),
      value: benchmark.value,
      comparable: benchmark.value,
      source: benchmark.source,
      segment: benchmark.segment,
    });
  }
  if (baselines.some((baseline) => baseline.flag)) notes.push(message('baseline.note.approximate', {}));
  if (partial.length > 0) notes.push(message('baseline.note.partial', { windows: partial }));
  return {
    kpi: kpi.id,
    period,
    footing,
    baselines,
    history,
    notes: notes.map(english),
    noteMessages: notes,
  };
}

export interface HistoryPosition {
  value: number;
  /** Share of history months below the value (mid-rank), 0–100; null without history. */
  percentile: number | null;
  monthsCompared: number;
  /** The baseline the target is first judged against: last year, else trailing, else previous. */
  reference: { baseline: Baseline; change: number | null; improvement: number | null } | null;
  /** Against the best month on record (in the KPI's direction). */
  best: { baseline: Baseline; change: number | null; improvement: number | null } | null;
  /** The summary's parts, for readers that say some of them their own way. */
  phrases: { best?: string; reference?: string; percentile?: string };
  /** One sentence for people: "needs +85% over the best month on record (2025-11); …". */
  summary: string;
  /** The phrases and the summary as messages, for clients that say them in another language. */
  messages: { best?: MessagePhrase; reference?: MessagePhrase; percentile?: MessagePhrase; summary: Message };
}

export function findBaseline(summary: BaselineSummary, kind: BaselineKind): Baseline | undefined {
  return summary.baselines.find((baseline) => baseline.kind === kind);
}

/** The baseline a target is judged against first: same period last year, trailing, previous. */
export function referenceBaseline(summary: BaselineSummary): Baseline | undefined {
  return (
    findBaseline(summary, 'same_period_last_year') ??
    findBaseline(summary, 'trailing') ??
    findBaseline(summary, 'previous_period')
  );
}

export function positionInHistory(kpi: KpiTraits, value: number, summary: BaselineSummary): HistoryPosition {
  const comparables = summary.history
    .map((month) => month.comparable)
    .filter((entry): entry is number => entry !== null);
  const percentile = percentileRank(value, comparables);
  const compare = (baseline: Baseline | undefined) =>
    baseline
      ? {
          baseline,
          change: relativeChange(value, baseline.comparable),
          improvement: improvementOver(kpi.direction, value, baseline.comparable),
        }
      : null;
  const reference = compare(referenceBaseline(summary));
  const best = compare(findBaseline(summary, 'best_month'));

  const said: Omit<HistoryPosition['messages'], 'summary'> = {};
  if (best && best.improvement !== null && best.change !== null) {
    const month = String(best.baseline.from?.slice(0, 7));
    const { change } = best;
    said.best =
      best.improvement > 0
        ? phrase(kpi.direction === 'down' ? 'history.needs_under' : 'history.needs_over', { change, month })
        : change === 0
          ? phrase('history.matches_best', { month })
          : phrase('history.within', { change, month });
  }
  if (reference && reference.change !== null) {
    said.reference = changePhrase(
      kpi,
      reference.change,
      reference.improvement,
      baselineLabel(reference.baseline),
    );
  }
  if (percentile !== null) {
    const count = comparables.length;
    // For a cost KPI the ambitious side is the low one.
    const ambitious = kpi.direction === 'down' ? 100 - percentile : percentile;
    said.percentile =
      ambitious >= 100
        ? phrase('history.beyond_all', { count })
        : ambitious <= 0
          ? phrase('history.short_of_all', { count })
          : phrase('history.percentile', { percentile, count });
  }
  const phrases: HistoryPosition['phrases'] = {};
  for (const part of ['best', 'reference', 'percentile'] as const) {
    const saying = said[part];
    if (saying) phrases[part] = english(saying);
  }
  const parts = [said.best, said.reference, said.percentile].filter(
    (part): part is MessagePhrase => part !== undefined,
  );
  const sentence = parts.length > 0 ? message('history.summary', { parts }) : message('history.none', {});
  return {
    value,
    percentile,
    monthsCompared: comparables.length,
    reference,
    best,
    phrases,
    summary: english(sentence),
    messages: { ...said, summary: sentence },
  };
}

/**
 * "+40% vs the same period last year"; for a cost KPI also how much better that is:
 * "−9.1% vs the same period last year (10% better)".
 */
export function describeChange(
  kpi: KpiTraits,
  change: number,
  improvement: number | null,
  against: string,
): string {
  return english(changePhrase(kpi, change, improvement, term('text.as_is', { text: against })));
}

/** `describeChange` as a message. */
export function changePhrase(
  kpi: KpiTraits,
  change: number,
  improvement: number | null,
  against: MessageLabel,
): MessagePhrase {
  if (kpi.direction !== 'down' || improvement === null)
    return phrase('history.vs_baseline', { change, against });
  return phrase(improvement >= 0 ? 'history.vs_baseline_better' : 'history.vs_baseline_worse', {
    change,
    improvement,
    against,
  });
}

export const SUGGESTION_BASES = [
  'auto',
  'last_year',
  'trailing',
  'previous',
  'best_month',
  'median_month',
  'benchmark',
] as const;
export type SuggestionBasis = (typeof SUGGESTION_BASES)[number];

/** Default stretch of a suggested target over its basis: 10% better. */
export const DEFAULT_SUGGESTED_GROWTH = 0.1;

export interface SuggestOptions {
  /** What to start from; `auto` is last year, else trailing, else previous period. */
  basis?: SuggestionBasis;
  /** How much better than the basis, in the KPI's direction (0.1 = 10% better). */
  growth?: number;
}

export interface TargetSuggestion {
  value: number;
  basis: Baseline;
  growth: number;
  position: HistoryPosition;
  /** "last year's 1.52 +10%: needs +4% over the best month on record (2025-06); …" */
  reason: string;
}

const BASIS_KIND: Record<Exclude<SuggestionBasis, 'auto'>, BaselineKind> = {
  last_year: 'same_period_last_year',
  trailing: 'trailing',
  previous: 'previous_period',
  best_month: 'best_month',
  median_month: 'median_month',
  benchmark: 'benchmark',
};

/** Moves a level `growth` better in the KPI's direction, also when the level is negative (ROI). */
export function improveBy(direction: KpiTraits['direction'], level: number, growth: number): number {
  if (direction === 'down') return level > 0 ? level / (1 + growth) : level - Math.abs(level) * growth;
  return level + Math.abs(level) * growth;
}

/** A target from a baseline and a stretch, with its place in history; null without a baseline. */
export function suggestFromBaselines(
  kpi: KpiTraits,
  summary: BaselineSummary,
  options: SuggestOptions = {},
): TargetSuggestion | null {
  const basisName = options.basis ?? 'auto';
  const growth = options.growth ?? DEFAULT_SUGGESTED_GROWTH;
  const basis =
    basisName === 'auto' ? referenceBaseline(summary) : findBaseline(summary, BASIS_KIND[basisName]);
  if (!basis) return null;
  const value = roundTo(improveBy(kpi.direction, basis.comparable, growth), kpiPrecision(kpi.unit));
  const position = positionInHistory(kpi, value, summary);
  const stretch =
    growth === 0
      ? 'as is'
      : `${signedPercent(growth)} ${kpi.direction === 'down' ? 'better (lower)' : 'better'}`;
  return {
    value,
    basis,
    growth,
    position,
    reason: `${basis.label} ${formatNumber(basis.comparable)} ${stretch} → ${formatNumber(value)} (${formatPeriod(summary.period)}): ${position.summary}`,
  };
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100
    ? Math.round(value).toLocaleString('en-US')
    : String(Number(value.toPrecision(4)));
}
