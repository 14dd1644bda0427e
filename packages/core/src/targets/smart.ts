/**
 * The SMART check: every target rated pass, warn or fail on each letter, with the reason.
 * Each letter is its own function over evidence the caller gathered (the store asks the KPI
 * engine), so the rules are testable without a database and documented in one place.
 *
 * A reason is a message (a key and its parameters, `messages.ts`) that clients say in their own
 * language; `reason` is its English, made from the same message.
 *
 * Thresholds (ATTAINABLE_THRESHOLDS, TIME_BOUND_LIMITS, MIN_GOAL_LENGTH) are deliberately
 * plain numbers a team can argue about and change.
 */
import type { Problem } from '../errors.js';
import { formatProblem } from '../errors.js';
import type { ScorecardTemplate } from '../scorecards/templates.js';
import { baselineLabel, type HistoryPosition } from './baselines.js';
import { english, type Message, type MessagePhrase, message, periodTerm, phrase, term } from './messages.js';
import type { Target } from './model.js';
import { type Period, periodDays } from './periods.js';
import type { KpiTraits } from './traits.js';
import type { WindowPlace } from './windows.js';

export const SMART_LETTERS = ['specific', 'measurable', 'attainable', 'relevant', 'time_bound'] as const;
export type SmartLetter = (typeof SMART_LETTERS)[number];
export type SmartRating = 'pass' | 'warn' | 'fail';

export interface SmartLetterResult {
  letter: SmartLetter;
  rating: SmartRating;
  /** The reason in English: `message` said by `english`. */
  reason: string;
  /** The reason as a key and its parameters, for clients that say it in another language. */
  message: Message;
}

export interface SmartReport {
  target: string;
  /** The worst rating of the five. */
  overall: SmartRating;
  letters: SmartLetterResult[];
}

const result = (letter: SmartLetter, rating: SmartRating, said: Message): SmartLetterResult => ({
  letter,
  rating,
  reason: english(said),
  message: said,
});

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
  if (!kpi) return result('specific', 'fail', message('smart.specific.not_in_catalog', { kpi: target.kpi }));
  if (scopeProblems.length > 0) {
    return result(
      'specific',
      'fail',
      message('smart.specific.scope_unmeasurable', {
        kpi: kpi.id,
        // The engine's problems are English only; they are passed on as written.
        problems: scopeProblems.map(formatProblem),
      }),
    );
  }
  if (!target.scope.filter) {
    return result('specific', 'warn', message('smart.specific.whole_workspace', { kpi: kpi.id }));
  }
  if (kpi.direction === 'context') {
    return result('specific', 'warn', message('smart.specific.no_direction', { kpi: kpi.id }));
  }
  return result(
    'specific',
    'pass',
    message('smart.specific.pass', { kpi: kpi.id, scope: target.scope.label, filter: target.scope.filter }),
  );
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
  /**
   * The first and last day in the window the scope has data. A passing check cites these rather
   * than the window asked about, so it never names months before the data began.
   */
  dataWindow?: Period;
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
  if (!kpi) return result('measurable', 'fail', message('smart.measurable.unknown_kpi', { kpi: target.kpi }));
  const scope = target.scope.label;
  if (!evidence) {
    return result('measurable', 'fail', message('smart.measurable.scope_mismatch', { kpi: kpi.id, scope }));
  }
  const window = periodTerm(evidence.window);
  if (!evidence.workspaceHasData) {
    return result('measurable', 'fail', message('smart.measurable.no_data', { kpi: kpi.id, window }));
  }
  if (evidence.scopeMonthsWithData === 0) {
    return result(
      'measurable',
      'warn',
      message('smart.measurable.no_scope_data', { kpi: kpi.id, scope, window }),
    );
  }
  if (evidence.flags.length > 0) {
    return result(
      'measurable',
      'warn',
      message('smart.measurable.approximate', { kpi: kpi.id, scope, flags: [...new Set(evidence.flags)] }),
    );
  }
  const cited = evidence.dataWindow ? periodTerm(evidence.dataWindow) : window;
  return result(
    'measurable',
    'pass',
    message('smart.measurable.pass', {
      kpi: kpi.id,
      scope,
      months: evidence.scopeMonthsWithData,
      window: cited,
    }),
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
 *
 * A period that is not whole calendar months (a 14-day campaign) is placed among `windows`, the
 * windows of history of its own length (`windows.ts`), not among months pro-rated by days: it is
 * judged against the same dates last year or the previous period of its length, else the best
 * window, and its place names the best window's dates and the span of the windows compared.
 */
export function rateAttainable(
  kpi: KpiTraits | undefined,
  position: HistoryPosition | undefined,
  thresholds: AttainableThresholds = ATTAINABLE_THRESHOLDS,
  windows?: WindowPlace,
): SmartLetterResult {
  if (!kpi) return result('attainable', 'fail', message('smart.attainable.no_kpi', {}));
  const givenReference =
    position?.reference?.improvement !== null && position?.reference ? position.reference : null;
  // Among same-length windows a trailing window of months is not of the period's length.
  const reference = windows && givenReference?.baseline.kind === 'trailing' ? null : (givenReference ?? null);
  const bestMonth = position?.best?.improvement !== null && position?.best ? position.best : null;
  const bestWindow = windows?.best?.improvement !== null && windows?.best ? windows.best : null;
  const best = windows ? bestWindow : bestMonth;
  const judged = reference ?? best;
  if (!judged) {
    return result('attainable', 'warn', message('smart.attainable.no_history', { kpi: kpi.id }));
  }
  const improvement = judged.improvement!;
  // The judged comparison in words, then the rest of the target's place in history. Without a
  // change to state (the baseline is 0), the improvement the rating is judged on.
  const said = windows ? windows.messages : (position?.messages ?? {});
  const compared: MessagePhrase =
    (judged === reference ? position?.messages.reference : said.best) ??
    phrase('smart.attainable.vs_baseline', {
      improvement,
      against: 'baseline' in judged ? baselineLabel(judged.baseline) : periodTerm(judged.window),
    });
  const place = [
    judged === reference ? said.best : undefined,
    said.percentile,
    windows?.messages.approximate,
  ].filter((part): part is MessagePhrase => part !== undefined);
  if (improvement > thresholds.failAbove) {
    return result(
      'attainable',
      'fail',
      message('smart.attainable.out_of_reach', { compared, limit: thresholds.failAbove, place }),
    );
  }
  if (improvement > thresholds.warnAbove) {
    return result(
      'attainable',
      'warn',
      message('smart.attainable.stretch', { compared, limit: thresholds.warnAbove, place }),
    );
  }
  if (improvement < thresholds.warnBelow) {
    return result(
      'attainable',
      'warn',
      message('smart.attainable.easy', { compared, limit: -thresholds.warnBelow, place }),
    );
  }
  return result('attainable', 'pass', message('smart.attainable.pass', { compared, place }));
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
  if (!goal) return result('relevant', 'fail', message('smart.relevant.no_goal', {}));
  if ([...goal].length < MIN_GOAL_LENGTH) {
    return result('relevant', 'warn', message('smart.relevant.goal_too_short', { goal }));
  }
  const item = context.template?.items.find((entry) => entry.kpi === target.kpi);
  if (context.template && !item) {
    return result(
      'relevant',
      'warn',
      message('smart.relevant.not_weighed', {
        goal,
        campaignGoal: context.campaignGoal ?? context.template.id,
        kpis: context.template.items.map((entry) => entry.kpi),
        kpi: kpi?.id ?? target.kpi,
      }),
    );
  }
  if (!item) return result('relevant', 'pass', message('smart.relevant.pass', { goal }));
  const { name } = context.template!;
  return result(
    'relevant',
    'pass',
    message('smart.relevant.pass_weighed', {
      goal,
      kpi: target.kpi,
      weight: item.weight,
      scorecard: term('text.bilingual', { en: name.en, zh: name.zh ?? name.en }),
    }),
  );
}

export const TIME_BOUND_LIMITS = {
  /** Longer than this is too long to steer; break it into yearly targets. */
  maxDays: 400,
  /** Shortest period a cadence can review at least once before it ends. */
  minDaysForCadence: { weekly: 7, monthly: 28 },
} as const;

/**
 * T: a bounded period that suits its review cadence. Warns when it is longer than a year and a
 * bit, or shorter than one review cycle of its cadence. A period that ended before `today` is
 * judged as it was set — it was time-bound, so it passes, saying it is over and due for review
 * (whether it was met is the pace's `outcome`, not SMART's). The schema refuses targets without
 * a period.
 */
export function rateTimeBound(target: Target, today: string): SmartLetterResult {
  const { period } = target;
  const days = periodDays(period);
  const span = { period: periodTerm(period), days };
  if (days > TIME_BOUND_LIMITS.maxDays) {
    return result(
      'time_bound',
      'warn',
      message('smart.time_bound.too_long', { ...span, maxDays: TIME_BOUND_LIMITS.maxDays }),
    );
  }
  const minimum = TIME_BOUND_LIMITS.minDaysForCadence[target.cadence];
  const { cadence } = target;
  if (days < minimum) {
    return result('time_bound', 'warn', message('smart.time_bound.too_short', { ...span, cadence }));
  }
  if (period.to < today)
    return result('time_bound', 'pass', message('smart.time_bound.ended', { ...span, today }));
  return result('time_bound', 'pass', message('smart.time_bound.pass', { ...span, cadence }));
}

const SEVERITY: Record<SmartRating, number> = { pass: 0, warn: 1, fail: 2 };

export function smartReport(targetId: string, letters: readonly SmartLetterResult[]): SmartReport {
  const overall = letters.reduce<SmartRating>(
    (worst, letter) => (SEVERITY[letter.rating] > SEVERITY[worst] ? letter.rating : worst),
    'pass',
  );
  return { target: targetId, overall, letters: [...letters] };
}
