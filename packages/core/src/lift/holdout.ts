/**
 * Holdout tests: users (or regions) kept from a campaign against those who got it, by their
 * conversion rates.
 *
 * Convention, with pT = xT/nT and pC = xC/nC:
 * - difference pT − pC with Newcombe's hybrid score interval (his method 10: Wilson intervals of
 *   each rate combined), which keeps its coverage at the small rates marketing sees;
 * - relative lift pT/pC − 1 with the Katz log interval, log(pT/pC) ± z·√(1/xT − 1/nT + 1/xC − 1/nC)
 *   (absent when either group has no conversion);
 * - incremental conversions = (pT − pC) × nT, its interval the difference's × nT;
 * - significance by the two-proportion z-test with the pooled rate, two-sided;
 * - the Bayesian probability P(pT > pC) under independent Beta(prior) priors (uniform by
 *   default), exact: closed form for whole parameters, quadrature otherwise
 *   (`distributions.ts`);
 * - sample size from the normal approximation of that z-test (Fleiss, without continuity
 *   correction), for any split between the groups.
 */
import { normalCdf, normalQuantile } from '../targets/stats.js';
import { checkLevel, checkProbability, DEFAULT_LEVEL, ProblemList } from './common.js';
import { probabilityBetaGreater } from './distributions.js';
import {
  type EconomicsInput,
  type Estimate,
  type LiftEconomics,
  liftEconomics,
  validateEconomics,
} from './economics.js';
import { type LiftMessage, liftMessage } from './messages.js';

export interface GroupCounts {
  users: number;
  conversions: number;
}

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface HoldoutInput {
  treatment: GroupCounts;
  control: GroupCounts;
  /** Default 0.95. */
  level?: number;
  /** Default Beta(1, 1). */
  prior?: BetaPrior;
  /** Spend on the treatment group (and the value of a conversion), for iROAS and cost. */
  economics?: EconomicsInput;
}

export interface RateEstimate extends Estimate {
  /** Wilson score interval. */
  method: 'wilson';
}

export interface TwoProportions {
  treatmentRate: RateEstimate;
  controlRate: RateEstimate;
  /** pT − pC, Newcombe hybrid score interval. */
  difference: Estimate;
  /** pT/pC − 1, Katz log interval; null without conversions in both groups. */
  relativeLift: Estimate | null;
  zTest: { z: number; pValue: number };
  level: number;
}

export interface HoldoutResult extends TwoProportions {
  /** (pT − pC) × treatment users. */
  incremental: Estimate;
  bayes: { probabilityTreatmentBetter: number; method: 'closed_form' | 'quadrature'; prior: BetaPrior };
  economics: LiftEconomics | null;
  notes: LiftMessage[];
  summary: LiftMessage;
}

/** Counts below which the normal approximations are called rough. */
const SMALL_COUNT = 5;

export function checkCounts(counts: GroupCounts, path: string, problems: ProblemList): void {
  if (!(Number.isFinite(counts.users) && counts.users > 0))
    problems.add(`users must be a positive number, got ${counts.users}`, `${path}.users`);
  if (!(Number.isFinite(counts.conversions) && counts.conversions >= 0 && counts.conversions <= counts.users))
    problems.add(
      `conversions must be from 0 to users (${counts.users}), got ${counts.conversions}`,
      `${path}.conversions`,
    );
}

/** Wilson score interval of x successes in n at central probability `level`. */
export function wilsonInterval(successes: number, trials: number, level: number): RateEstimate {
  const z = normalQuantile(0.5 + level / 2);
  const z2 = z * z;
  const rate = successes / trials;
  const centre = (successes + z2 / 2) / (trials + z2);
  const half = (z / (trials + z2)) * Math.sqrt((successes * (trials - successes)) / trials + z2 / 4);
  return { value: rate, low: Math.max(0, centre - half), high: Math.min(1, centre + half), method: 'wilson' };
}

/** The rates' comparison both holdouts and search lift report. */
export function compareProportions(
  treatment: GroupCounts,
  control: GroupCounts,
  level: number,
): TwoProportions {
  const treatmentRate = wilsonInterval(treatment.conversions, treatment.users, level);
  const controlRate = wilsonInterval(control.conversions, control.users, level);
  const pT = treatmentRate.value;
  const pC = controlRate.value;
  const difference = pT - pC;
  const below = Math.sqrt((pT - treatmentRate.low) ** 2 + (controlRate.high - pC) ** 2);
  const above = Math.sqrt((treatmentRate.high - pT) ** 2 + (pC - controlRate.low) ** 2);
  const z = normalQuantile(0.5 + level / 2);
  let relativeLift: Estimate | null = null;
  if (treatment.conversions > 0 && control.conversions > 0) {
    const logRatio = Math.log(pT / pC);
    const se = Math.sqrt(
      1 / treatment.conversions - 1 / treatment.users + 1 / control.conversions - 1 / control.users,
    );
    relativeLift = {
      value: pT / pC - 1,
      low: Math.exp(logRatio - z * se) - 1,
      high: Math.exp(logRatio + z * se) - 1,
    };
  }
  const pooled = (treatment.conversions + control.conversions) / (treatment.users + control.users);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.users + 1 / control.users));
  const statistic = se > 0 ? difference / se : 0;
  const pValue = se > 0 ? 2 * (1 - normalCdf(Math.abs(statistic))) : 1;
  return {
    treatmentRate,
    controlRate,
    difference: { value: difference, low: difference - below, high: difference + above },
    relativeLift,
    zTest: { z: statistic, pValue: Math.min(1, Math.max(0, pValue)) },
    level,
  };
}

export function analyzeHoldout(input: HoldoutInput): HoldoutResult {
  const problems = new ProblemList();
  checkCounts(input.treatment, 'treatment', problems);
  checkCounts(input.control, 'control', problems);
  const level = input.level ?? DEFAULT_LEVEL;
  checkLevel(level, problems);
  const prior = input.prior ?? { alpha: 1, beta: 1 };
  if (!(prior.alpha > 0 && prior.beta > 0 && Number.isFinite(prior.alpha) && Number.isFinite(prior.beta)))
    problems.add(`prior parameters must be positive, got ${prior.alpha}, ${prior.beta}`, 'prior');
  if (input.economics) validateEconomics(input.economics, 'economics');
  problems.check('holdout');

  const compared = compareProportions(input.treatment, input.control, level);
  const users = input.treatment.users;
  const incremental = {
    value: compared.difference.value * users,
    low: compared.difference.low * users,
    high: compared.difference.high * users,
  };
  const posterior = (counts: GroupCounts) => ({
    alpha: prior.alpha + counts.conversions,
    beta: prior.beta + counts.users - counts.conversions,
  });
  const bayes = probabilityBetaGreater(posterior(input.treatment), posterior(input.control));
  const economics = input.economics ? liftEconomics(incremental, input.economics) : null;

  const notes: LiftMessage[] = [];
  const counts = [input.treatment, input.control].flatMap((group) => [
    group.conversions,
    group.users - group.conversions,
  ]);
  if (counts.some((count) => count < SMALL_COUNT)) notes.push(liftMessage('lift.note.small_counts', {}));
  if (economics && economics.costPerIncremental.value === null)
    notes.push(liftMessage('lift.note.no_positive_lift', {}));
  const common = { pValue: compared.zTest.pValue, probability: bayes.probability, level };
  const summary = compared.relativeLift
    ? liftMessage('lift.holdout.summary', {
        lift: compared.relativeLift.value,
        low: compared.relativeLift.low,
        high: compared.relativeLift.high,
        ...common,
      })
    : liftMessage('lift.holdout.summary_difference', {
        difference: compared.difference.value,
        low: compared.difference.low,
        high: compared.difference.high,
        ...common,
      });
  return {
    ...compared,
    incremental,
    bayes: { probabilityTreatmentBetter: bayes.probability, method: bayes.method, prior },
    economics,
    notes,
    summary,
  };
}

export interface HoldoutSampleSizeInput {
  /** The control group's expected conversion rate. */
  baselineRate: number;
  /** The relative lift to detect: 0.1 for +10%. */
  minimumDetectableLift: number;
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
  /** Share of users in the treatment group; default 0.5 (a 10% holdout is 0.9). */
  treatmentShare?: number;
}

export interface HoldoutSampleSize {
  treatment: number;
  control: number;
  total: number;
}

/**
 * Users needed for the two-proportion z-test to detect the lift. With N users, a share r
 * treated, p1 the baseline, p2 = p1(1 + mde), p̄ = r·p2 + (1 − r)·p1:
 *   N = (z_{1−α/2}·√(p̄q̄ / (r(1−r))) + z_{power}·√(p2q2/r + p1q1/(1−r)))² / (p2 − p1)²,
 * each group rounded up. With r = ½ this is Fleiss's per-group
 * n = (z_{1−α/2}√(2p̄q̄) + z_{power}√(p1q1 + p2q2))² / (p2 − p1)².
 */
export function holdoutSampleSize(input: HoldoutSampleSizeInput): HoldoutSampleSize {
  const problems = new ProblemList();
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const share = input.treatmentShare ?? 0.5;
  checkProbability(input.baselineRate, 'baselineRate', problems);
  checkProbability(alpha, 'alpha', problems);
  checkProbability(power, 'power', problems);
  checkProbability(share, 'treatmentShare', problems);
  const p1 = input.baselineRate;
  const p2 = p1 * (1 + input.minimumDetectableLift);
  if (!(input.minimumDetectableLift !== 0 && p2 > 0 && p2 < 1))
    problems.add(
      `the lift must be non-zero and keep the rate between 0 and 1, got ${input.minimumDetectableLift}`,
      'minimumDetectableLift',
    );
  problems.check('holdout sample size');
  const pooled = share * p2 + (1 - share) * p1;
  const null_ = Math.sqrt((pooled * (1 - pooled)) / (share * (1 - share)));
  const alternative = Math.sqrt((p2 * (1 - p2)) / share + (p1 * (1 - p1)) / (1 - share));
  const total =
    (normalQuantile(1 - alpha / 2) * null_ + normalQuantile(power) * alternative) ** 2 / (p2 - p1) ** 2;
  const treatment = Math.ceil(share * total);
  const control = Math.ceil((1 - share) * total);
  return { treatment, control, total: treatment + control };
}
