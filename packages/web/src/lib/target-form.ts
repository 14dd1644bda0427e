/**
 * The target form's rules, kept apart from the screen so they can be tested: how a typed value
 * becomes the number the API stores, how channel and campaign picks become a scope condition
 * (and back, when a saved target is edited), what the quick periods are, which fields a change
 * touches, and which field a problem the server reports belongs to.
 */
import { breakdownMethod, sameScope, scopePins } from '@markpi/core';
import type {
  AggregationClass,
  BreakdownMode,
  Problem,
  ReviewCadence,
  Target,
  TargetCreateRequest,
  TargetScope,
  TargetUpdateRequest,
} from '../api/types';
import { type DayRange, monthAround, quarterAround } from './dates';
import type { KpiUnit } from './format';

// ---- values

/** Ratios and percents are stored as fractions (0.025) but typed and read as percents (2.5). */
export function typedAsPercent(unit: KpiUnit | undefined): boolean {
  return unit === 'ratio' || unit === 'percent';
}

/** Twelve significant digits: 2.5 / 100 reads 0.025, not 0.025000000000000001. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** How Chinese writes large amounts: 12万 is 120,000. */
const WRITTEN_MULTIPLIERS = new Map([
  ['万', 1e4],
  ['亿', 1e8],
]);

/**
 * The number a typed target stands for, in the unit the API stores; null when it isn't one.
 * Grouping commas and spaces are ignored and 万 / 亿 multiply, as people write amounts; a
 * percent KPI may be typed with or without its `%`.
 */
export function parseTargetValue(text: string, unit: KpiUnit | undefined): number | null {
  let cleaned = text.trim().replace(/[,，\s_]/g, '');
  const percent = typedAsPercent(unit);
  if (cleaned.endsWith('%')) {
    if (!percent) return null;
    cleaned = cleaned.slice(0, -1);
  }
  const multiplier = WRITTEN_MULTIPLIERS.get(cleaned.slice(-1));
  if (multiplier !== undefined) cleaned = cleaned.slice(0, -1);
  // Number('') is 0 and Number('0x10') is 16: only plain decimals are targets.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned.replace('−', '-'))) return null;
  const number = Number(cleaned.replace('−', '-')) * (multiplier ?? 1);
  if (!Number.isFinite(number)) return null;
  return tidy(percent ? number / 100 : number);
}

/** A stored target as the value field shows it (percents as percents), for editing. */
export function targetValueText(value: number, unit: KpiUnit | undefined): string {
  return String(tidy(typedAsPercent(unit) ? value * 100 : value));
}

/** What a target's value is, by core's breakdown method: the words the form says it with. */
const MEANING_OF_METHOD = { split: 'total', level: 'level', end_of_period: 'end_level' } as const;

/**
 * What the value of a target of this KPI means: a total over the period for additive KPIs (and
 * counts of distinct people or posts), a level to hold for ratios, a level to reach by the end
 * for snapshots such as followers — core's breakdown method for the KPI, in the form's words.
 */
export function targetValueMeaning(kpi: {
  aggregation: AggregationClass;
  unit: KpiUnit;
}): 'total' | 'level' | 'end_level' {
  return MEANING_OF_METHOD[breakdownMethod(kpi)];
}

// ---- scope

/** Dimensions the form offers as pickers; any other scope is written as a condition. */
export const PICKED_DIMENSIONS = ['channel', 'campaign'] as const;
export type PickedDimension = (typeof PICKED_DIMENSIONS)[number];
export type ScopePicks = Partial<Record<PickedDimension, string>>;

function isPickedDimension(name: string): name is PickedDimension {
  return (PICKED_DIMENSIONS as readonly string[]).includes(name);
}

/** Text in the formula language's single quotes, where '' stands for a quote inside. */
export function quotedText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The condition the picks amount to: `channel = 'douyin' and campaign = '618-2026'`; none for none. */
export function filterOfPicks(picks: ScopePicks): string | undefined {
  const conditions = PICKED_DIMENSIONS.filter((dimension) => picks[dimension]).map(
    (dimension) => `${dimension} = ${quotedText(picks[dimension]!)}`,
  );
  return conditions.length > 0 ? conditions.join(' and ') : undefined;
}

/**
 * The picks a saved scope condition amounts to, when it pins only channel and campaign, each to
 * one value (`channel = 'douyin' and campaign = '618-2026'`, in any order; core's `scopePins`
 * reads it as the engine parses it), `{}` for no condition; null for any other condition, which
 * the form then shows as written.
 */
export function picksOfFilter(filter: string | undefined): ScopePicks | null {
  const pins = scopePins(filter);
  if (pins === null) return null;
  const picks: ScopePicks = {};
  for (const [name, value] of Object.entries(pins)) {
    if (!isPickedDimension(name)) return null;
    picks[name] = value;
  }
  return picks;
}

/** A scope's name from its picks ("Douyin · 618 2026"); undefined without picks. */
export function labelOfPicks(
  picks: ScopePicks,
  nameOf: (dimension: PickedDimension, value: string) => string,
): string | undefined {
  const names = PICKED_DIMENSIONS.filter((dimension) => picks[dimension]).map((dimension) =>
    nameOf(dimension, picks[dimension]!),
  );
  return names.length > 0 ? names.join(' · ') : undefined;
}

/**
 * Whether two conditions select the same rows as far as their text shows: the same condition
 * as the engine parses it (core's `sameScope`: spacing and brackets aside), or the same values
 * pinned in another order (`campaign = 'x' and channel = 'y'` is what the pickers write back as
 * `channel = 'y' and campaign = 'x'`), so opening a target and saving it changes no scope.
 */
export function sameScopeFilter(a: string | undefined, b: string | undefined): boolean {
  if (sameScope(a, b)) return true;
  const pinsA = scopePins(a);
  const pinsB = scopePins(b);
  if (pinsA === null || pinsB === null) return false;
  const names = Object.keys(pinsA);
  return names.length === Object.keys(pinsB).length && names.every((name) => pinsA[name] === pinsB[name]);
}

// ---- period

export const PERIOD_PRESETS = ['this_month', 'next_month', 'this_quarter', 'next_quarter'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The calendar month or quarter a quick choice means, counted from `today`. */
export function presetPeriod(preset: PeriodPreset, today: string): DayRange {
  switch (preset) {
    case 'this_month':
      return monthAround(today, 0);
    case 'next_month':
      return monthAround(today, 1);
    case 'this_quarter':
      return quarterAround(today, 0);
    case 'next_quarter':
      return quarterAround(today, 1);
  }
}

/** Which quick choice a period is, if any, so its button shows as pressed. */
export function presetOf(period: DayRange, today: string): PeriodPreset | undefined {
  return PERIOD_PRESETS.find((preset) => {
    const range = presetPeriod(preset, today);
    return range.from === period.from && range.to === period.to;
  });
}

// ---- requests

/** The form's fields once read: a number for the value, a scope for the picks or condition. */
export interface TargetDraft {
  kpi: string;
  scope: TargetScope;
  period: DayRange;
  value: number;
  breakdown: BreakdownMode;
  cadence: ReviewCadence;
  goal: string;
  owner: string;
  note: string;
  /** Why the target was set or changed; kept with the version. */
  reason: string;
}

function scopeOf(scope: TargetScope): TargetScope {
  const filter = scope.filter?.trim();
  return { ...(filter ? { filter } : {}), label: scope.label.trim() };
}

/** The body of POST …/targets. Empty optional texts are left out (the API refuses blank ones). */
export function createTargetRequest(draft: TargetDraft): TargetCreateRequest {
  const goal = draft.goal.trim();
  const owner = draft.owner.trim();
  const note = draft.note.trim();
  const reason = draft.reason.trim();
  return {
    kpi: draft.kpi,
    scope: scopeOf(draft.scope),
    period: draft.period,
    value: draft.value,
    cadence: draft.cadence,
    breakdown: { mode: draft.breakdown },
    ...(goal ? { goal } : {}),
    ...(owner ? { owner } : {}),
    ...(note ? { note } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * The body of PUT …/targets/:id: only what differs from the current version (a cleared
 * optional text is `null`, which removes it), with the reason; null when nothing changed, since
 * the API refuses a version that changes nothing.
 */
export function updateTargetRequest(current: Target, draft: TargetDraft): TargetUpdateRequest | null {
  const change: TargetUpdateRequest = {};
  if (draft.kpi !== current.kpi) change.kpi = draft.kpi;
  const scope = scopeOf(draft.scope);
  if (scope.label !== current.scope.label || !sameScopeFilter(scope.filter, current.scope.filter))
    change.scope = scope;
  if (draft.period.from !== current.period.from || draft.period.to !== current.period.to)
    change.period = draft.period;
  if (draft.value !== current.value) change.value = draft.value;
  if (draft.cadence !== current.cadence) change.cadence = draft.cadence;
  if (draft.breakdown !== current.breakdown.mode) {
    // The event calendar stays with the target; it only matters, and is only sent, for events.
    const calendar = draft.breakdown === 'events' ? current.breakdown.calendar : undefined;
    change.breakdown = { mode: draft.breakdown, ...(calendar ? { calendar } : {}) };
  }
  for (const field of ['goal', 'owner', 'note'] as const) {
    const text = draft[field].trim();
    const before = current[field]?.trim() ?? '';
    if (text !== before) change[field] = text === '' ? null : text;
  }
  if (Object.keys(change).length === 0) return null;
  const reason = draft.reason.trim();
  return reason ? { ...change, reason } : change;
}

// ---- problems

export const TARGET_FIELDS = [
  'kpi',
  'scope',
  'period',
  'value',
  'breakdown',
  'cadence',
  'goal',
  'owner',
  'note',
  'reason',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** The first key of a problem's path, as the API names it, and the field that shows it. */
const FIELD_OF_KEY = new Map<string, TargetField>([
  ['kpi', 'kpi'],
  ['scope', 'scope'],
  ['baselineScope', 'scope'],
  ['filter', 'scope'],
  ['where', 'scope'],
  ['period', 'period'],
  ['from', 'period'],
  ['to', 'period'],
  ['value', 'value'],
  ['breakdown', 'breakdown'],
  ['cadence', 'cadence'],
  ['goal', 'goal'],
  ['owner', 'owner'],
  ['note', 'note'],
  ['reason', 'reason'],
]);

/**
 * The field a problem from the server is about: `body.period.to` is the period, `query.kpi`
 * the KPI. A formula problem carries offsets instead of a path, and the only formula a target
 * has is its scope condition. Undefined: about the form as a whole (an id that exists already).
 */
export function fieldOfProblem(problem: Problem): TargetField | undefined {
  if (problem.path) {
    const keys = problem.path.split(/[.[]/);
    const key = keys[0] === 'body' || keys[0] === 'query' ? keys[1] : keys[0];
    return key === undefined ? undefined : FIELD_OF_KEY.get(key);
  }
  return problem.start !== undefined ? 'scope' : undefined;
}

/** Problems sorted to their fields; those about the form as a whole under `form`. */
export function problemsByField(
  problems: readonly Problem[],
): Partial<Record<TargetField | 'form', Problem[]>> {
  const grouped: Partial<Record<TargetField | 'form', Problem[]>> = {};
  for (const problem of problems) {
    const field = fieldOfProblem(problem) ?? 'form';
    grouped[field] = [...(grouped[field] ?? []), problem];
  }
  return grouped;
}
