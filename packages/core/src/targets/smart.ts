/**
 * The SMART check: every target rated pass, warn or fail on each letter, with the reason.
 * Each letter is its own function over evidence the caller gathered (the store asks the KPI
 * engine), so the rules are testable without a database and documented in one place.
 *
 * Thresholds (ATTAINABLE_THRESHOLDS, TIME_BOUND_LIMITS, MIN_GOAL_LENGTH) are deliberately
 * plain numbers a team can argue about and change.
 */
import type { Problem } from '../errors.js';
import { formatProblem } from '../errors.js';
import type { ScorecardTemplate } from '../scorecards/templates.js';
import type { HistoryPosition } from './baselines.js';
import type { Target } from './model.js';
import { formatPeriod, type Period, periodDays } from './periods.js';
import type { KpiTraits } from './traits.js';

export const SMART_LETTERS = ['specific', 'measurable', 'attainable', 'relevant', 'time_bound'] as const;
export type SmartLetter = (typeof SMART_LETTERS)[number];
export type SmartRating = 'pass' | 'warn' | 'fail';

export interface SmartLetterResult {
  letter: SmartLetter;
  rating: SmartRating;
  reason: string;
}

export interface SmartReport {
  target: string;
  /** The worst rating of the five. */
  overall: SmartRating;
  letters: SmartLetterResult[];
}

const result = (letter: SmartLetter, rating: SmartRating, reason: string): SmartLetterResult => ({
  letter,
  rating,
  reason,
});

function percent(value: number): string {
  const shown = Math.abs(value * 100);
  return `${value < 0 ? '−' : '+'}${shown >= 10 ? shown.toFixed(0) : shown.toFixed(1)}%`;
}

/**
 * S: a known KPI, measured in a scope the KPI can be cut by. Fails on an unknown KPI or a scope
 * the engine rejects; warns when there is no scope (the whole workspace) or the KPI has no
 * better direction (spend), since such a target reads as a plan more than a result.
 */
export function rateSpecific(
  target: Target,
  kpi: KpiTraits | undefined,
  scopeProblems: readonly Problem[],
): SmartLetterResult {
  if (!kpi) return result('specific', 'fail', `\`${target.kpi}\` is not a KPI in this workspace's catalog`);
  if (scopeProblems.length > 0) {
    return result(
      'specific',
      'fail',
      `the scope can't be measured for ${kpi.id}: ${scopeProblems.map(formatProblem).join('; ')}`,
    );
  }
  if (!target.scope.filter) {
    return result(
      'specific',
      'warn',
      `${kpi.id} over the whole workspace: name the channel, campaign, creator or team it is for`,
    );
  }
  if (kpi.direction === 'context') {
    return result(
      'specific',
      'warn',
      `${kpi.id} has no better direction (more is not better or worse): it reads as a plan; pair it with an outcome KPI`,
    );
  }
  return result('specific', 'pass', `${kpi.id} in ${target.scope.label} (${target.scope.filter})`);
}

export interface MeasurableEvidence {
  /** Window asked about: history before the period through the period's data so far. */
  window: Period;
  /** Months in the window where the KPI has a value for the target's scope. */
  scopeMonthsWithData: number;
  /** Whether the KPI has any value in the window without the scope (the whole workspace). */
  workspaceHasData: boolean;
  /** Engine flags seen on the scope's values (`upper_bound`, `approximate`). */
  flags: readonly string[];
}

/**
 * M: the workspace has data for the KPI in the scope. Fails when the KPI has no data anywhere
 * (nothing to measure with); warns when the scope has none yet (a campaign that hasn't
 * started, or rows not tagged with it) or its values are only approximate.
 */
export function rateMeasurable(
  target: Target,
  kpi: KpiTraits | undefined,
  evidence: MeasurableEvidence | undefined,
): SmartLetterResult {
  if (!kpi) return result('measurable', 'fail', `\`${target.kpi}\` can't be measured: it is not a KPI here`);
  if (!evidence) {
    return result(
      'measurable',
      'fail',
      `${kpi.id} can't be measured in ${target.scope.label}: the scope doesn't fit the KPI (see S)`,
    );
  }
  const where = formatPeriod(evidence.window);
  if (!evidence.workspaceHasData) {
    return result(
      'measurable',
      'fail',
      `the workspace has no ${kpi.id} data at all in ${where}: import the exports it is computed from`,
    );
  }
  if (evidence.scopeMonthsWithData === 0) {
    return result(
      'measurable',
      'warn',
      `no ${kpi.id} data yet for ${target.scope.label} in ${where} (the workspace has ${kpi.id} elsewhere): check that rows carry this scope`,
    );
  }
  if (evidence.flags.length > 0) {
    return result(
      'measurable',
      'warn',
      `${kpi.id} for ${target.scope.label} is only approximate (${[...new Set(evidence.flags)].join(', ')}): it sums distinct people over rows`,
    );
  }
  return result(
    'measurable',
    'pass',
    `${kpi.id} has data for ${target.scope.label} in ${evidence.scopeMonthsWithData} month(s) of ${where}`,
  );
}

/**
 * How far a target may sit from history before it is a stretch (warn) or out of reach (fail),
 * as improvement over the reference baseline (same period last year, else trailing, else
 * previous period), in the KPI's direction: +0.3 is 30% better.
 */
export const ATTAINABLE_THRESHOLDS = {
  /** More than 30% better than the reference: a stretch; say what will make the difference. */
  warnAbove: 0.3,
  /** More than twice as good (+100%): history says it won't happen without a new lever. */
  failAbove: 1.0,
  /** More than 20% worse than the reference: easy; is it meant to be? */
  warnBelow: -0.2,
} as const;
export type AttainableThresholds = { warnAbove: number; failAbove: number; warnBelow: number };

/**
 * A: distance from history, judged against the reference baseline (or, without one, the best
 * month on record). Fail beyond `failAbove`; warn beyond `warnAbove`, when the target is easier
 * than history by more than `warnBelow`, and when there is no history to judge by. Pass
 * otherwise. The reason always carries the target's place in history (growth needed over the
 * best month, percentile), so a pass beyond every month on record still says so.
 */
export function rateAttainable(
  kpi: KpiTraits | undefined,
  position: HistoryPosition | undefined,
  thresholds: AttainableThresholds = ATTAINABLE_THRESHOLDS,
): SmartLetterResult {
  if (!kpi) return result('attainable', 'fail', 'no KPI to judge against history');
  const reference =
    position?.reference?.improvement !== null && position?.reference ? position.reference : null;
  const best = position?.best?.improvement !== null && position?.best ? position.best : null;
  const judged = reference ?? best;
  if (!position || !judged) {
    return result(
      'attainable',
      'warn',
      `no history of ${kpi.id} for this scope to judge against: set a baseline scope or import a benchmark`,
    );
  }
  const improvement = judged.improvement!;
  // The judged comparison in words, then the rest of the target's place in history.
  const compared =
    judged === reference
      ? position.phrases.reference!
      : (position.phrases.best ?? `${percent(improvement)} vs the ${judged.baseline.label}`);
  const rest = [judged === reference ? position.phrases.best : undefined, position.phrases.percentile]
    .filter((part): part is string => part !== undefined)
    .join('; ');
  const place = rest ? `; ${rest}` : '';
  if (improvement > thresholds.failAbove) {
    return result(
      'attainable',
      'fail',
      `out of reach: ${compared}, past the ${percent(thresholds.failAbove)} limit${place}`,
    );
  }
  if (improvement > thresholds.warnAbove) {
    return result(
      'attainable',
      'warn',
      `a stretch: ${compared}, past ${percent(thresholds.warnAbove)}${place}`,
    );
  }
  if (improvement < thresholds.warnBelow) {
    return result(
      'attainable',
      'warn',
      `easy: ${compared}, worse than history by more than ${percent(-thresholds.warnBelow).slice(1)}${place}`,
    );
  }
  return result('attainable', 'pass', `${compared}${place}`);
}

/** A goal shorter than this says too little about the business result it serves. */
export const MIN_GOAL_LENGTH = 8;

export interface RelevantContext {
  /** The campaign goal of the scope's campaign (launch, promotion, word_of_mouth, always_on). */
  campaignGoal?: string;
  /** The scorecard template for that goal. */
  template?: ScorecardTemplate;
}

/**
 * R: linked to a stated business goal. Fails without one; warns when it is too short to say
 * anything, or when the scope's campaign goal has a scorecard that doesn't weigh this KPI
 * (an ROI target on a word-of-mouth campaign needs a reason).
 */
export function rateRelevant(
  target: Target,
  kpi: KpiTraits | undefined,
  context: RelevantContext = {},
): SmartLetterResult {
  const goal = target.goal?.trim();
  if (!goal) return result('relevant', 'fail', 'no business goal: say which result this target serves');
  if ([...goal].length < MIN_GOAL_LENGTH) {
    return result(
      'relevant',
      'warn',
      `the goal “${goal}” is too short to tell which business result the target serves`,
    );
  }
  const item = context.template?.items.find((entry) => entry.kpi === target.kpi);
  if (context.template && !item) {
    const weighed = context.template.items.map((entry) => entry.kpi).join(', ');
    return result(
      'relevant',
      'warn',
      `goal stated (“${goal}”), but a ${context.campaignGoal ?? context.template.id} campaign's scorecard weighs ${weighed}, not ${kpi?.id ?? target.kpi}`,
    );
  }
  const weight = item
    ? `; ${target.kpi} carries ${Math.round(item.weight * 100)}% of the ${context.template!.name.en} scorecard`
    : '';
  return result('relevant', 'pass', `serves “${goal}”${weight}`);
}

export const TIME_BOUND_LIMITS = {
  /** Longer than this is too long to steer; break it into yearly targets. */
  maxDays: 400,
  /** Shortest period a cadence can review at least once before it ends. */
  minDaysForCadence: { weekly: 7, monthly: 28 },
} as const;

/**
 * T: a period that is not over. Fails when it ended before `today`; warns when it is longer
 * than a year and a bit, or shorter than one review cycle of its cadence. The schema already
 * refuses targets without a period.
 */
export function rateTimeBound(target: Target, today: string): SmartLetterResult {
  const { period } = target;
  const days = periodDays(period);
  const span = `${formatPeriod(period)} (${days} days)`;
  if (period.to < today)
    return result(
      'time_bound',
      'fail',
      `the period ${span} ended before ${today}: review it, then set the next one`,
    );
  if (days > TIME_BOUND_LIMITS.maxDays) {
    return result(
      'time_bound',
      'warn',
      `${span} is longer than ${TIME_BOUND_LIMITS.maxDays} days: break it into yearly targets`,
    );
  }
  const minimum = TIME_BOUND_LIMITS.minDaysForCadence[target.cadence];
  if (days < minimum) {
    return result(
      'time_bound',
      'warn',
      `${span} ends before a ${target.cadence} review comes round: review it more often`,
    );
  }
  return result('time_bound', 'pass', `${span}, reviewed ${target.cadence}`);
}

const SEVERITY: Record<SmartRating, number> = { pass: 0, warn: 1, fail: 2 };

export function smartReport(targetId: string, letters: readonly SmartLetterResult[]): SmartReport {
  const overall = letters.reduce<SmartRating>(
    (worst, letter) => (SEVERITY[letter.rating] > SEVERITY[worst] ? letter.rating : worst),
    'pass',
  );
  return { target: targetId, overall, letters: [...letters] };
}
