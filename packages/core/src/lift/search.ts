/**
 * Brand search lift (回搜率): the share of viewers who searched for the brand after viewing,
 * against the same share in a matched baseline of people who did not view (same audience,
 * same days). Rates carry Wilson intervals, the difference Newcombe's hybrid score interval,
 * the relative lift the Katz log interval, and incremental searchers are the difference ×
 * viewers (`holdout.ts`, the same comparison of two proportions).
 */
import { checkLevel, DEFAULT_LEVEL, ProblemList } from './common.js';
import type { Estimate } from './economics.js';
import { checkCounts, compareProportions, type RateEstimate } from './holdout.js';
import { type LiftMessage, liftMessage } from './messages.js';

export interface SearchLiftInput {
  viewers: number;
  /** Viewers who searched for the brand afterwards (within the window the platform counts). */
  searchersAfterViewing: number;
  /** The matched group that did not view. */
  baseline: { users: number; searchers: number };
  /** Default 0.95. */
  level?: number;
}

export interface SearchLiftResult {
  /** Searchers after viewing ÷ viewers. */
  exposedRate: RateEstimate;
  baselineRate: RateEstimate;
  difference: Estimate;
  /** Null when either group has no searcher. */
  relativeLift: Estimate | null;
  /** Searchers the viewing added: difference × viewers. */
  incrementalSearchers: Estimate;
  /** Two-proportion z-test, two-sided. */
  pValue: number;
  level: number;
  summary: LiftMessage;
}

export function searchLift(input: SearchLiftInput): SearchLiftResult {
  const problems = new ProblemList();
  const exposed = { users: input.viewers, conversions: input.searchersAfterViewing };
  const baseline = { users: input.baseline.users, conversions: input.baseline.searchers };
  checkCounts(exposed, 'viewers', problems);
  checkCounts(baseline, 'baseline', problems);
  const level = input.level ?? DEFAULT_LEVEL;
  checkLevel(level, problems);
  problems.check('search lift');
  const compared = compareProportions(exposed, baseline, level);
  const summary = compared.relativeLift
    ? liftMessage('lift.search.summary', {
        exposedRate: compared.treatmentRate.value,
        baselineRate: compared.controlRate.value,
        lift: compared.relativeLift.value,
        low: compared.relativeLift.low,
        high: compared.relativeLift.high,
        level,
      })
    : liftMessage('lift.search.summary_no_baseline', {
        exposedRate: compared.treatmentRate.value,
        baselineRate: compared.controlRate.value,
      });
  return {
    exposedRate: compared.treatmentRate,
    baselineRate: compared.controlRate,
    difference: compared.difference,
    relativeLift: compared.relativeLift,
    incrementalSearchers: {
      value: compared.difference.value * input.viewers,
      low: compared.difference.low * input.viewers,
      high: compared.difference.high * input.viewers,
    },
    pValue: compared.zTest.pValue,
    level,
    summary,
  };
}
