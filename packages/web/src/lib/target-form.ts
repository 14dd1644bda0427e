/**
 * The target form's rules, kept apart from the screen so they can be tested: how a typed value
 * becomes the number the API stores, how channel and campaign picks become a scope condition
 * (and back, when a saved target is edited), what the quick periods are, which fields a change
 * touches, and which field a problem the server reports belongs to.
 */
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

/**
 * What the value of a target of this KPI means, restating core's breakdown method (the web
 * app takes only types from core): a total over the period for additive KPIs (and counts of
 * distinct people or posts), a level to hold for ratios, a level to reach by the end for
 * snapshots such as followers.
 */
export function targetValueMeaning(kpi: {
  aggregation: AggregationClass;
  unit: KpiUnit;
}): 'total' | 'level' | 'end_level' {
  switch (kpi.aggregation) {
    case 'additive':
      return 'total';
    case 'snapshot':
      return 'end_level';
    case 'distinct':
    case 'threshold':
      return kpi.unit === 'count' ? 'total' : 'level';
    default:
      return 'level';
  }
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
 * The picks a saved scope condition amounts to, when it is only `channel = '…'` and
 * `campaign = '…'` joined by `and`, each at most once (`{}` for no condition); null for any
 * other condition, which the form then shows as written.
 */
export function picksOfFilter(filter: string | undefined): ScopePicks | null {
  if (filter === undefined || filter.trim() === '') return {};
  // Sticky patterns read the condition left to right, one `name = 'text'` and one `and` at a time.
  const pin = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*'((?:[^']|'')*)'\s*/y;
  const and = /and\b/iy;
  const picks: ScopePicks = {};
  let position = 0;
  for (;;) {
    pin.lastIndex = position;
    const match = pin.exec(filter);
    if (!match) return null;
    const name = match[1]!.toLowerCase();
    if (!isPickedDimension(name) || picks[name] !== undefined) return null;
    picks[name] = match[2]!.replaceAll("''", "'");
    position = pin.lastIndex;
    if (position === filter.length) return picks;
    and.lastIndex = position;
    if (!and.exec(filter)) return null;
    position = and.lastIndex;
  }
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

/** Conditions compared as the engine reads them: `channel='douyin'` is `channel = 'douyin'`. */
export function sameScopeFilter(a: string | undefined, b: string | undefined): boolean {
  const canonical = (filter: string | undefined) => {
    const picks = picksOfFilter(filter);
    return picks ? (filterOfPicks(picks) ?? '') : (filter ?? '').trim();
  };
  return canonical(a) === canonical(b);
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
