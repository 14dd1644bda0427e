/**
 * Messages for people as a stable key and its parameters, so a client can say them in its own
 * language (the dashboard does, in Chinese and English). The English the API and the CLI have
 * always carried — a SMART letter's `reason`, a position in history's `summary`, a baseline's
 * `label`, a baseline summary's and a pace's `notes` — is made from the same key and parameters by `english`
 * through the one table below, so the text and the message can't drift apart.
 *
 * Parameters are data, not text: numbers as numbers (changes, shares and thresholds as
 * fractions: 0.3 is 30%), KPI ids, ISO dates (`YYYY-MM-DD`) and months (`YYYY-MM`), what a user
 * typed as typed (goals, scope labels, filters, benchmark sources), lists of ids or flags, and
 * nested messages, which are said first and put in their place (a list of them as the template
 * says: joined, or as trailing clauses). Nesting is at most four deep — a message holds phrases,
 * a phrase labels, a label terms — so the wire shape is a plain JSON schema without recursion.
 *
 * How a template says a parameter is named in the template, so a translation can say it its own
 * way: `threshold` (+30%), `thresholdSize` (30%), `change` (+12%, ±0%), `changeSize` (12%),
 * `weight` (60%), `round`, `date`, `month`, `kpi`, `kpis`, `flags`, `cadence`, `campaignGoal`,
 * `joined` and `clauses` (lists). `MESSAGE_FORMATS` lists which parameter of which key takes
 * which, for clients that render with their own template engine.
 */

/** A parameter that is not a message: a number, a string (id, date, user text), a list of ids. */
export type MessageValue = string | number | string[];

/** The innermost message: plain parameters only (a baseline's name, a pro-rating, a period). */
export interface MessageTerm {
  key: string;
  params: Record<string, MessageValue>;
}

/** A message whose parameters may be terms (a baseline's label). */
export interface MessageLabel {
  key: string;
  params: Record<string, MessageValue | MessageTerm>;
}

/** A message whose parameters may be labels or terms (a comparison with a baseline). */
export interface MessagePhrase {
  key: string;
  params: Record<string, MessageValue | MessageLabel>;
}

/** A whole sentence: its parameters may be phrases, labels, terms, or lists of phrases. */
export interface Message {
  key: string;
  params: Record<string, MessageValue | MessagePhrase | MessagePhrase[]>;
}

type AnyMessage = Message | MessagePhrase | MessageLabel | MessageTerm;

// ---------------------------------------------------------------- English formats

/** A change: +20%, −9.1%, ±0% (one decimal under 10%; U+2212 for minus). */
export function signedPercent(value: number): string {
  if (Math.abs(value) < 0.0005) return '±0%';
  const percent = value * 100;
  const digits = Math.abs(percent) >= 10 ? 0 : 1;
  const text = Math.abs(percent).toFixed(digits);
  return `${percent < 0 ? '−' : '+'}${text}%`;
}

/** A threshold or an improvement the SMART check names: +30%, +0.0%, −100%. */
export function thresholdPercent(value: number): string {
  const shown = Math.abs(value * 100);
  return `${value < 0 ? '−' : '+'}${shown >= 10 ? shown.toFixed(0) : shown.toFixed(1)}%`;
}

const withoutSign = (text: string) => text.replace('+', '').replace('−', '');
const SEPARATOR = '; ';
const joined = (items: readonly string[]) => items.join(SEPARATOR);
const clauses = (items: readonly string[]) => items.map((item) => `${SEPARATOR}${item}`).join('');
/** A weight or a cap as a percentage with at most one decimal: 20%, 12.5%, 120%. */
const weightPercent = (value: number) => `${Math.round(value * 1000) / 10}%`;
/** roi; roi and cpl; roi, cpl and impressions. */
const andList = (names: readonly string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
const monthsOnRecord = (count: number) => `${count} month${count === 1 ? '' : 's'} on record`;
const windowsOnRecord = (count: number, days: number, span: string) =>
  `${count} ${days}-day window${count === 1 ? '' : 's'} on record (${span})`;

// ---------------------------------------------------------------- the English table

/**
 * Every key and its English. Nested messages arrive said (a string; a list of them as a list of
 * strings). Keys are stable: clients translate by them; change the English, never the key's
 * meaning, and add a key for a new sentence.
 */
const ENGLISH = {
  // S — specific
  'smart.specific.not_in_catalog': (p: { kpi: string }) =>
    `\`${p.kpi}\` is not a KPI in this workspace's catalog`,
  'smart.specific.scope_unmeasurable': (p: { kpi: string; problems: string[] }) =>
    `the scope can't be measured for ${p.kpi}: ${joined(p.problems)}`,
  'smart.specific.whole_workspace': (p: { kpi: string }) =>
    `${p.kpi} over the whole workspace: name the channel, campaign, creator or team it is for`,
  'smart.specific.no_direction': (p: { kpi: string }) =>
    `${p.kpi} has no better direction (more is not better or worse): it reads as a plan; pair it with an outcome KPI`,
  'smart.specific.pass': (p: { kpi: string; scope: string; filter: string }) =>
    `${p.kpi} in ${p.scope} (${p.filter})`,

  // M — measurable
  'smart.measurable.unknown_kpi': (p: { kpi: string }) =>
    `\`${p.kpi}\` can't be measured: it is not a KPI here`,
  'smart.measurable.scope_mismatch': (p: { kpi: string; scope: string }) =>
    `${p.kpi} can't be measured in ${p.scope}: the scope doesn't fit the KPI (see S)`,
  'smart.measurable.no_data': (p: { kpi: string; window: string }) =>
    `the workspace has no ${p.kpi} data at all in ${p.window}: import the exports it is computed from`,
  'smart.measurable.no_scope_data': (p: { kpi: string; scope: string; window: string }) =>
    `no ${p.kpi} data yet for ${p.scope} in ${p.window} (the workspace has ${p.kpi} elsewhere): check that rows carry this scope`,
  'smart.measurable.approximate': (p: { kpi: string; scope: string; flags: string[] }) =>
    `${p.kpi} for ${p.scope} is only approximate (${p.flags.join(', ')}): it sums distinct people over rows`,
  'smart.measurable.pass': (p: { kpi: string; scope: string; months: number; window: string }) =>
    `${p.kpi} has data for ${p.scope} in ${p.months} month(s) of ${p.window}`,

  // A — attainable
  'smart.attainable.no_kpi': () => 'no KPI to judge against history',
  'smart.attainable.no_history': (p: { kpi: string }) =>
    `no history of ${p.kpi} for this scope to judge against: set a baseline scope or import a benchmark`,
  'smart.attainable.out_of_reach': (p: { compared: string; limit: number; place: string[] }) =>
    `out of reach: ${p.compared}, past the ${thresholdPercent(p.limit)} limit${clauses(p.place)}`,
  'smart.attainable.stretch': (p: { compared: string; limit: number; place: string[] }) =>
    `a stretch: ${p.compared}, past ${thresholdPercent(p.limit)}${clauses(p.place)}`,
  'smart.attainable.easy': (p: { compared: string; limit: number; place: string[] }) =>
    `easy: ${p.compared}, worse than history by more than ${thresholdPercent(p.limit).slice(1)}${clauses(p.place)}`,
  'smart.attainable.pass': (p: { compared: string; place: string[] }) => `${p.compared}${clauses(p.place)}`,
  'smart.attainable.vs_baseline': (p: { improvement: number; against: string }) =>
    `${thresholdPercent(p.improvement)} vs the ${p.against}`,

  // R — relevant
  'smart.relevant.no_goal': () => 'no business goal: say which result this target serves',
  'smart.relevant.goal_too_short': (p: { goal: string }) =>
    `the goal “${p.goal}” is too short to tell which business result the target serves`,
  'smart.relevant.not_weighed': (p: { goal: string; campaignGoal: string; kpis: string[]; kpi: string }) =>
    `goal stated (“${p.goal}”), but a ${p.campaignGoal} campaign's scorecard weighs ${p.kpis.join(', ')}, not ${p.kpi}`,
  'smart.relevant.pass': (p: { goal: string }) => `serves “${p.goal}”`,
  'smart.relevant.pass_weighed': (p: { goal: string; kpi: string; weight: number; scorecard: string }) =>
    `serves “${p.goal}”; ${p.kpi} carries ${Math.round(p.weight * 100)}% of the ${p.scorecard} scorecard`,

  // T — time-bound
  'smart.time_bound.ended': (p: { period: string; days: number; today: string }) =>
    `the period ${p.period} (${p.days} days) ended before ${p.today}: review it, then set the next one`,
  'smart.time_bound.too_long': (p: { period: string; days: number; maxDays: number }) =>
    `${p.period} (${p.days} days) is longer than ${p.maxDays} days: break it into yearly targets`,
  'smart.time_bound.too_short': (p: { period: string; days: number; cadence: string }) =>
    `${p.period} (${p.days} days) ends before a ${p.cadence} review comes round: review it more often`,
  'smart.time_bound.pass': (p: { period: string; days: number; cadence: string }) =>
    `${p.period} (${p.days} days), reviewed ${p.cadence}`,

  // Where a value sits in history
  'history.needs_over': (p: { change: number; month: string }) =>
    `needs ${signedPercent(p.change)} over the best month on record (${p.month})`,
  'history.needs_under': (p: { change: number; month: string }) =>
    `needs ${signedPercent(p.change)} under the best month on record (${p.month})`,
  'history.matches_best': (p: { month: string }) => `matches the best month on record (${p.month})`,
  'history.within': (p: { change: number; month: string }) =>
    `within history: ${signedPercent(p.change)} vs the best month (${p.month})`,
  'history.vs_baseline': (p: { change: number; against: string }) =>
    `${signedPercent(p.change)} vs the ${p.against}`,
  'history.vs_baseline_better': (p: { change: number; improvement: number; against: string }) =>
    `${signedPercent(p.change)} vs the ${p.against} (${withoutSign(signedPercent(p.improvement))} better)`,
  'history.vs_baseline_worse': (p: { change: number; improvement: number; against: string }) =>
    `${signedPercent(p.change)} vs the ${p.against} (${withoutSign(signedPercent(p.improvement))} worse)`,
  'history.beyond_all': (p: { count: number }) => `beyond all ${monthsOnRecord(p.count)}`,
  'history.short_of_all': (p: { count: number }) => `short of all ${monthsOnRecord(p.count)}`,
  'history.percentile': (p: { percentile: number; count: number }) =>
    `percentile ${Math.round(p.percentile)} of ${monthsOnRecord(p.count)}`,
  'history.summary': (p: { parts: string[] }) => joined(p.parts),
  'history.none': () => 'no history to place it in',
  // … among windows of history as long as the target's period
  'history.window.needs_over': (p: { change: number; days: number; period: string }) =>
    `needs ${signedPercent(p.change)} over the best ${p.days}-day window on record (${p.period})`,
  'history.window.needs_under': (p: { change: number; days: number; period: string }) =>
    `needs ${signedPercent(p.change)} under the best ${p.days}-day window on record (${p.period})`,
  'history.window.matches_best': (p: { days: number; period: string }) =>
    `matches the best ${p.days}-day window on record (${p.period})`,
  'history.window.within': (p: { change: number; days: number; period: string }) =>
    `within history: ${signedPercent(p.change)} vs the best ${p.days}-day window (${p.period})`,
  'history.window.beyond_all': (p: { count: number; days: number; span: string }) =>
    `beyond all ${windowsOnRecord(p.count, p.days, p.span)}`,
  'history.window.short_of_all': (p: { count: number; days: number; span: string }) =>
    `short of all ${windowsOnRecord(p.count, p.days, p.span)}`,
  'history.window.percentile': (p: { percentile: number; count: number; days: number; span: string }) =>
    `percentile ${Math.round(p.percentile)} of ${windowsOnRecord(p.count, p.days, p.span)}`,
  'history.window.upper_bound': (p: { kpi: string }) =>
    `${p.kpi} over a window adds up days' distinct people here, so the windows are upper bounds`,

  // Baselines: names, pro-rating, labels, notes
  'baseline.name.same_period_last_year': () => 'same period last year',
  'baseline.name.same_event_last_year': (p: { event: string }) => `same event last year (${p.event})`,
  'baseline.name.previous_period': () => 'previous period',
  'baseline.name.trailing': (p: { months: number }) => `last ${p.months} months`,
  'baseline.name.trailing_level': (p: { months: number }) =>
    `level at the end of the last ${p.months} months`,
  'baseline.name.best_month': () => 'best month',
  'baseline.name.highest_month': () => 'highest month',
  'baseline.name.median_month': () => 'median month',
  'baseline.name.worst_month': () => 'worst month',
  'baseline.name.lowest_month': () => 'lowest month',
  'baseline.name.month': () => 'month',
  'baseline.prorated': (p: { days: number }) => `pro-rated to ${p.days} days`,
  'baseline.prorated_active': (p: { activeDays: number; days: number }) =>
    `${p.activeDays} active days pro-rated to ${p.days}`,
  'baseline.label_prorated': (p: { name: string; prorated: string }) => `${p.name} (${p.prorated})`,
  'baseline.label_month': (p: { name: string; month: string }) => `${p.name} (${p.month})`,
  'baseline.label_month_prorated': (p: { name: string; month: string; prorated: string }) =>
    `${p.name} (${p.month}, ${p.prorated})`,
  'baseline.benchmark': (p: { source: string }) => `benchmark: ${p.source}`,
  'baseline.benchmark_segment': (p: { segment: string; source: string }) =>
    `benchmark (${p.segment}): ${p.source}`,
  'baseline.partial_window': (p: { name: string; period: string; activeDays: number; days: number }) =>
    `${p.name} ${p.period} (data on ${p.activeDays} of ${p.days} days)`,
  'baseline.note.few_months': (p: { months: number }) =>
    `only ${p.months} month(s) of history: percentiles are rough`,
  'baseline.note.no_history': () => 'no whole month of history has data for this KPI and scope',
  'baseline.note.approximate': () =>
    'some values are approximate (distinct people summed over days or channels)',
  'baseline.note.partial': (p: { windows: string[] }) =>
    `left out, data on too few days to compare: ${joined(p.windows)}`,

  // Pacing notes
  'pace.run_rate_days': (p: { days: number }) => `run rate from the last ${p.days} days`,
  'pace.no_planned_weight': () => 'no planned weight behind us yet: no run rate',
  'pace.few_levels': () => 'fewer than 3 days of levels: the level so far is the projection',
  'pace.not_started': (p: { day: string }) => `the period starts ${p.day}`,
  'pace.no_data': (p: { kpi: string; from: string; to: string }) =>
    `no ${p.kpi} data for this scope from ${p.from} to ${p.to}`,
  'pace.period_over': () => 'the period is over: the projection is the final figure',
  'pace.as_of_last_day': (p: { day: string }) => `as of the period's last day ${p.day}`,
  'pace.ended_early': (p: { day: string; through: string }) =>
    `the period ended ${p.day} but the data stops ${p.through}: judged on the projection to its end`,
  'pace.data_through': (p: { kpi: string; day: string }) =>
    `the workspace has ${p.kpi} data through ${p.day}`,
  'pace.no_data_since': (p: { kpi: string; day: string }) =>
    `the workspace has no ${p.kpi} data since ${p.day}`,
  'pace.met': () => 'the period is over and the target was met',
  'pace.missed': () => 'the period is over and the target was missed',

  // Terms any message may use
  // Scorecards: a KPI's note, an entity's flags, the card's notes.
  'scorecard.note.no_data': () => 'no data for this period',
  'scorecard.note.no_target': () => 'no target set',
  'scorecard.note.unscorable_target': (p: { target: number }) =>
    `target ${p.target} cannot be scored (must be above 0)`,
  'scorecard.note.free': () => 'a cost of 0 counts as the cap',
  'scorecard.note.capped': (p: { cap: number }) => `capped at ${weightPercent(p.cap)}`,
  'scorecard.note.unavailable': (p: { reason: string }) => p.reason,
  'scorecard.note.unavailable_dimension': (p: { by: string; fact: string }) => `${p.fact} carry no ${p.by}`,
  'scorecard.note.own_history': (p: { from: string; to: string }) =>
    `no target: scored against its own ${p.from} … ${p.to}`,
  'scorecard.note.peers_median': (p: { count: number }) =>
    `no target: scored against the median of ${p.count} peer${p.count === 1 ? '' : 's'}`,
  'scorecard.why.no_data': () => 'has no data',
  'scorecard.why.no_target': () => 'has no target',
  'scorecard.why.unavailable': () => 'is not available',
  'scorecard.flag.shared': (p: { kpi: string; why: string; weight: number; kpis: string[] }) =>
    `${p.kpi} ${p.why}: its ${weightPercent(p.weight)} is shared among ${andList(p.kpis)}`,
  'scorecard.flag.unscored': (p: { kpi: string; why: string }) => `${p.kpi} ${p.why}`,
  'scorecard.flag.approximate': (p: { kpi: string; flag: string }) =>
    `${p.kpi} is approximate (${p.flag.replace('_', ' ')})`,
  'scorecard.flag.baseline': (p: { kpi: string; basis: string }) =>
    `${p.kpi} has no target: scored against ${p.basis}`,
  'scorecard.basis.own_history': () => 'its own history',
  'scorecard.basis.peers_median': () => 'the median of its peers',
  'scorecard.flag.nothing_scored': () => 'nothing could be scored',
  'scorecard.card.narrower': (p: { target: string; from: string; to: string; kpi: string; entity: string }) =>
    `${p.target} covers ${p.from} … ${p.to}: ${p.kpi} of ${p.entity} is scored on those days`,
  'scorecard.card.unavailable': (p: { kpi: string; by: string; reason: string }) =>
    `${p.kpi} is not available by ${p.by}: ${p.reason}`,
  'scorecard.card.unavailable_dimension': (p: { kpi: string; by: string; fact: string }) =>
    `${p.kpi} is not available by ${p.by}: ${p.fact} carry no ${p.by}`,
  'scorecard.card.no_entities': () => 'no data in this period for the template’s KPIs',
  'scorecard.card.period_of_target': (p: {
    from: string;
    to: string;
    target: string;
    kpi: string;
    scope: string;
  }) => `no dates given: scored ${p.from} … ${p.to}, the period of target ${p.target} (${p.kpi}, ${p.scope})`,
  'scorecard.card.default_window': (p: { to: string }) =>
    `no dates given and no stored target on the template’s KPIs: scored the 30 days ending ${p.to}, the last day with data`,
  'scorecard.card.baselines_own_history': () =>
    'entities without a target are scored against their own history',
  'scorecard.card.baselines_peers_median': () =>
    'entities without a target are scored against the median of their peers',
  'scorecard.card.not_scored': (p: { count: number; reasons: string[] }) =>
    `${p.count} not scored (${p.reasons.join(', ')})`,
  'scorecard.reason.no_data': (p: { count: number }) => `${p.count} with no data`,
  'scorecard.reason.no_target': (p: { count: number }) => `${p.count} with neither a target nor a baseline`,
  'scorecard.reason.unavailable': (p: { count: number }) => `${p.count} whose KPIs are not available`,

  'text.period': (p: { from: string; to: string }) => `${p.from} … ${p.to}`,
  'text.day': (p: { day: string }) => p.day,
  'text.bilingual': (p: { en: string; zh: string }) => p.en,
  'text.as_is': (p: { text: string }) => p.text,
} as const;

type Templates = typeof ENGLISH;
export type MessageKey = keyof Templates;

/** Every key a message may carry, for clients that check their translations are complete. */
export const MESSAGE_KEYS = Object.freeze(Object.keys(ENGLISH) as MessageKey[]);

/**
 * Which parameter of which key a translation should say in which format (see the module's
 * comment); parameters not listed are said as they are (numbers, user text, said messages).
 */
export const MESSAGE_FORMATS: Readonly<Partial<Record<MessageKey, Readonly<Record<string, string>>>>> = {
  'smart.specific.not_in_catalog': { kpi: 'kpi' },
  'smart.specific.scope_unmeasurable': { kpi: 'kpi', problems: 'joined' },
  'smart.specific.whole_workspace': { kpi: 'kpi' },
  'smart.specific.no_direction': { kpi: 'kpi' },
  'smart.specific.pass': { kpi: 'kpi' },
  'smart.measurable.unknown_kpi': { kpi: 'kpi' },
  'smart.measurable.scope_mismatch': { kpi: 'kpi' },
  'smart.measurable.no_data': { kpi: 'kpi' },
  'smart.measurable.no_scope_data': { kpi: 'kpi' },
  'smart.measurable.approximate': { kpi: 'kpi', flags: 'flags' },
  'smart.measurable.pass': { kpi: 'kpi' },
  'smart.attainable.no_history': { kpi: 'kpi' },
  'smart.attainable.out_of_reach': { limit: 'threshold', place: 'clauses' },
  'smart.attainable.stretch': { limit: 'threshold', place: 'clauses' },
  'smart.attainable.easy': { limit: 'thresholdSize', place: 'clauses' },
  'smart.attainable.pass': { place: 'clauses' },
  'smart.attainable.vs_baseline': { improvement: 'threshold' },
  'smart.relevant.not_weighed': { campaignGoal: 'campaignGoal', kpis: 'kpis', kpi: 'kpi' },
  'smart.relevant.pass_weighed': { kpi: 'kpi', weight: 'weight' },
  'smart.time_bound.ended': { today: 'date' },
  'smart.time_bound.too_short': { cadence: 'cadence' },
  'smart.time_bound.pass': { cadence: 'cadence' },
  'history.needs_over': { change: 'change', month: 'month' },
  'history.needs_under': { change: 'change', month: 'month' },
  'history.matches_best': { month: 'month' },
  'history.within': { change: 'change', month: 'month' },
  'history.vs_baseline': { change: 'change' },
  'history.vs_baseline_better': { change: 'change', improvement: 'changeSize' },
  'history.vs_baseline_worse': { change: 'change', improvement: 'changeSize' },
  'history.percentile': { percentile: 'round' },
  'history.summary': { parts: 'joined' },
  'history.window.needs_over': { change: 'change' },
  'history.window.needs_under': { change: 'change' },
  'history.window.within': { change: 'change' },
  'history.window.percentile': { percentile: 'round' },
  'history.window.upper_bound': { kpi: 'kpi' },
  'baseline.label_month': { month: 'month' },
  'baseline.label_month_prorated': { month: 'month' },
  'baseline.note.partial': { windows: 'joined' },
  'pace.not_started': { day: 'date' },
  'pace.no_data': { kpi: 'kpi', from: 'date', to: 'date' },
  'pace.as_of_last_day': { day: 'date' },
  'pace.ended_early': { day: 'date', through: 'date' },
  'pace.data_through': { kpi: 'kpi', day: 'date' },
  'pace.no_data_since': { kpi: 'kpi', day: 'date' },
  'scorecard.note.capped': { cap: 'weight' },
  'scorecard.note.own_history': { from: 'date', to: 'date' },
  'scorecard.flag.shared': { kpi: 'kpi', weight: 'weight', kpis: 'kpis' },
  'scorecard.flag.unscored': { kpi: 'kpi' },
  'scorecard.flag.approximate': { kpi: 'kpi', flag: 'flags' },
  'scorecard.flag.baseline': { kpi: 'kpi' },
  'scorecard.card.narrower': { kpi: 'kpi', from: 'date', to: 'date' },
  'scorecard.card.unavailable': { kpi: 'kpi' },
  'scorecard.card.unavailable_dimension': { kpi: 'kpi' },
  'scorecard.card.period_of_target': { kpi: 'kpi', from: 'date', to: 'date' },
  'scorecard.card.default_window': { to: 'date' },
  'scorecard.card.not_scored': { reasons: 'joined' },
  'text.period': { from: 'date', to: 'date' },
  'text.day': { day: 'date' },
};

// ---------------------------------------------------------------- building and saying

/** The parameter names a key's English takes. */
type ParamsOf<K extends MessageKey, V> = { [N in keyof Parameters<Templates[K]>[0]]: V };

export function term<K extends MessageKey>(key: K, params: ParamsOf<K, MessageValue>): MessageTerm {
  return { key, params: params as Record<string, MessageValue> };
}

export function label<K extends MessageKey>(
  key: K,
  params: ParamsOf<K, MessageValue | MessageTerm>,
): MessageLabel {
  return { key, params: params as Record<string, MessageValue | MessageTerm> };
}

export function phrase<K extends MessageKey>(
  key: K,
  params: ParamsOf<K, MessageValue | MessageLabel>,
): MessagePhrase {
  return { key, params: params as Record<string, MessageValue | MessageLabel> };
}

export function message<K extends MessageKey>(
  key: K,
  params: ParamsOf<K, MessageValue | MessagePhrase | MessagePhrase[]>,
): Message {
  return { key, params: params as Record<string, MessageValue | MessagePhrase | MessagePhrase[]> };
}

/** A period as a term: one day, or first … last day. */
export function periodTerm(period: { from: string; to: string }): MessageTerm {
  return period.from === period.to
    ? term('text.day', { day: period.from })
    : term('text.period', { from: period.from, to: period.to });
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ENGLISH, key);
}

type Said = Record<string, string | number | string[]>;

/** The message in English: nested messages first, then the key's template. */
export function english(said: AnyMessage): string {
  if (!isMessageKey(said.key)) throw new Error(`no English for the message key \`${said.key}\``);
  const params: Said = {};
  for (const [name, value] of Object.entries(said.params as Record<string, unknown>)) {
    params[name] = Array.isArray(value)
      ? (value as (string | AnyMessage)[]).map((item) => (typeof item === 'string' ? item : english(item)))
      : typeof value === 'object' && value !== null
        ? english(value as AnyMessage)
        : (value as string | number);
  }
  return (ENGLISH[said.key] as unknown as (params: Said) => string)(params);
}
