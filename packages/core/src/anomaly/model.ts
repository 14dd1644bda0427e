/**
 * The causal model every detector scores with. Walking the grid slot by slot, the value of
 * slot t is predicted from slots before t only, then scored against that prediction.
 *
 * Prediction: a penalized, robust, discounted regression refitted as the window moves,
 *   log μ_j = log exposure_j + intercept + phase effect + weekday effect + trend · (j − t)/window
 *             + a level of its own before the last changepoint,
 * fitted to the last `window` slots (events, gaps and quarantined outliers left out), each
 * weighted by 2^(−age/halfLife) so recent weeks count most. The phase is the weekday for daily
 * series and the slot of the day for shorter steps (which then also get a weekday effect).
 * Phase and weekday effects have a normal prior of sd 1 on the log scale and the trend one of
 * sd 0.1 per window (a trend needs the data's support to bend the prediction), so a phase not
 * yet seen is predicted at the average with the prior's uncertainty. Counts and amounts are
 * fitted by iteratively reweighted least squares on their own variance (below); unbounded
 * series (`gaussian`) by weighted least squares on the values themselves. Residuals past 2
 * standard deviations are down-weighted (Huber).
 *
 * Variance: a slot's value is its exposure × a rate that wobbles from slot to slot by a relative
 * variance v (the real world: auctions, feeds, weather), plus counting noise:
 *   count     Var = μ + v μ²                           (gamma-Poisson)
 *   binomial  Var = μ (1 − r) + (1 − 1/n) v μ²,  r = μ/n (beta-binomial, exact)
 *   amount    Var = v μ²                               (money: no counting noise)
 *   gaussian  Var = σ²
 * v (or σ²) is chosen so the weighted median of the window's leverage-corrected squared
 * Pearson residuals is 0.4549, the median of χ²₁ (a median, so outliers don't widen the band),
 * in a fit whose trend is nearly free (prior sd 1 per window): measured that way a trend the
 * prior holds back can't pass for noise, which would weaken the data against the prior in turn
 * (a noise-free series growing 3% a day is followed within a fifth of a percent: the prior wobble
 * leaves the trend's prior that little pull).
 * Each residual's ratio falls with v and crosses that median at its own v_j, so the solution is
 * exactly the weighted median of the v_j: no search. A window of few residuals measures little:
 * just after warm-up, weekday effects learned from a day or two fit those days almost exactly. So
 * the measured wobble v̂ is pooled with a prior one, as the scaled inverse-χ² posterior of
 * ν residual degrees of freedom (the window's effective slots (Σw)²/Σw² less the fit's leverages)
 * and a prior of 2 residuals at 0.0025 (5% a day) gives it: v = (ν v̂ + 2 · 0.0025)/(ν + 2), and
 * the wobble's part of a score is read on Student t with ν + 2 degrees where that is heavier than
 * the series' own tails (below). The prediction is fitted at v too. (Not for `gaussian`.)
 * The prediction's own uncertainty q = xᵀ(XᵀWX + Λ)⁻¹x multiplies in: the predictive relative
 * variance is (1 + v)·e^q − 1.
 * Scores use the distribution with those two moments (`distributions.ts`).
 *
 * Events: event slots are not fitted and don't feed the CUSUM. An event's expected range comes
 * from its same moment a year before, read as a lift (actual over that day's own prediction) and,
 * for counts and amounts, as an amount over it (actual minus prediction, added to this year's
 * prediction): a push's budget is a decision, not a multiple of the ordinary level, so when the
 * ordinary level moved between years the two readings part and either is expected — from half
 * the smaller to twice the larger (rates take the lift alone). Without a year before, anything
 * within the caller's range of lifts is expected. An ordinary slot whose fit learned only from
 * slots older than the window (an event longer than the window kept its slots out) is not
 * scored: the level is unknown, and the model learns it afresh (`warmup`).
 *
 * Outliers and new normals: a slot whose value alone has p ≤ 0.001 is an outlier and stays out
 * of later fits, up to `quarantine` slots in a row; a longer run is a new normal, and so is a
 * CUSUM (below) that has alerted for longer than that. A new normal sets a changepoint at the
 * start of its run: slots before it get a level of their own in the fit (seasonality and trend
 * stay shared), so the prediction moves to the new level at once instead of over weeks.
 *
 * Scores: p_point, the two-sided tail probability of the value (1 inside an event's range),
 * re-read on the series' own tail weight (or the wobble's posterior t, the heavier) in proportion
 * to the wobble's share of the variance (`tails.ts`: marketing series jump, and a day like the
 * jumps before it is no news; counting noise keeps its exact tail), and p_sustained from a two-sided CUSUM of the slots' normal scores, prewhitened by the window's
 * lag-1 residual autocorrelation ρ ((z_t − ρ z_{t−1})/√(1 − ρ²): neighbouring slots wobble
 * together, and that is no shift), clipped to ±3 so one slot can't carry it, with reference 0.5
 * (it finds shifts of about one standard deviation within ten slots; outliers are left out of
 * it, they speak for themselves). Its height h is read as 2/ARL₀(h) by Siegmund's
 * approximation ARL₀(h) = (e^{2kb} − 2kb − 1)/(2k²), b = h + 1.166, k = 0.5, and it stops
 * growing where that reaches 1e-4, so it falls silent within a few slots once the model has
 * caught up. The slot's probability is min(1, 2·min(p_point, p_sustained)) (Bonferroni over
 * the two tests); its score is 1 − that.
 */
import {
  countWithMoments,
  gammaWithMoments,
  normal,
  normalUpperQuantile,
  type Predictive,
  twoSidedTail,
} from './distributions.js';
import {
  type DesignRows,
  type Penalty,
  predictRow,
  rowVariance,
  type Solution,
  solvePenalized,
} from './regression.js';
import { studentUpperTail, TailWeight } from './tails.js';

export type Family = 'count' | 'binomial' | 'amount' | 'gaussian';

export interface SlotEvent {
  /** The calendar event's name. */
  name: string;
  /** The slot holding the same moment of the same event a year before, when the series reaches it. */
  lastYearSlot: number | null;
  /** Lifts over an ordinary slot to expect when there is no year before: lowest, central, highest. */
  unknownLift: readonly [number, number, number];
}

export interface ModelSlot {
  /** The observed count, amount or value; null for a gap. */
  y: number | null;
  /** Trials (binomial), exposure (count or amount per unit of it), or 1. */
  exposure: number;
  /** Phase of the one-hot seasonal block; −1 for none. */
  phase: number;
  /** 0 = Monday … 6 = Sunday, for a weekday effect next to a daily phase; −1 for none. */
  weekday: number;
  event: SlotEvent | null;
}

export interface ModelSettings {
  family: Family;
  /** Size of the one-hot seasonal block (0: none). */
  phases: number;
  /** A weekday effect on top of the phase (series shorter than a day). */
  weekdays: boolean;
  /** Slots of history each fit uses. */
  window: number;
  /** Age in slots at which a point weighs half. */
  halfLife: number;
  /** Points the window must hold before a slot is scored. */
  warmup: number;
  /** Refit every this many slots (1: before every slot). */
  refitEvery: number;
  /**
   * Older history may be scored with a fit refreshed less often: slots before the last
   * `recentSlots` refit every `historyRefitEvery` slots (each still predicted from slots before
   * it only, the trend carried forward from the fit). A monitor that scores years of history on
   * every run spends its care on the days people act on. Default: every slot like the rest.
   */
  historyRefitEvery?: number;
  recentSlots?: number;
  /**
   * Slots in a row that may alert on their own before they are taken as the new normal: until
   * then they are left out of the fits (a spike or a broken day must not drag the prediction).
   */
  quarantine: number;
  /** Probability at or below which a slot alerts; the band is the range that doesn't. */
  alertProbability: number;
  /** Compute the band of every slot (costs a few quantiles per slot); alerting slots always get one. */
  bands: boolean;
}

export interface SlotScore {
  status: 'gap' | 'warmup' | 'scored';
  /** Expected value (an event's central lift applied). */
  expected: number | null;
  /** Expected value of an ordinary slot (no event lift). */
  baseline: number | null;
  /** Range of values that would not alert. */
  low: number | null;
  high: number | null;
  /** The rate's relative wobble v the fit found (σ² for `gaussian`). */
  wobble: number | null;
  /** The prediction's own uncertainty q = xᵀ(XᵀWX + Λ)⁻¹x (log scale; × σ² for `gaussian`). */
  uncertainty: number | null;
  /** Two-sided probability of the value alone. */
  pointP: number;
  /** Probability of the CUSUM reaching its current height. */
  sustainedP: number;
  /** min(1, 2·min(pointP, sustainedP)). */
  p: number;
  score: number;
  side: 'above' | 'below' | null;
  /** Normal score of the value's tail (signed; 0 when unscored). */
  z: number;
  /** Slots the current CUSUM run has lasted, on the side that is higher. */
  runLength: number;
  /** Side of the CUSUM run. */
  runSide: 'above' | 'below' | null;
  event: string | null;
}

const PHASE_PRIOR_PRECISION = { log: 1, gaussian: 0.01 };
const TREND_PRIOR_PRECISION = { log: 100, gaussian: 0.01 };
/** The trend's prior while the wobble is measured: sd 1 per window on the log scale. */
const TREND_NOISE_PRECISION = { log: 1, gaussian: 0.01 };
const HUBER = 2;
/** Median of χ² with one degree of freedom. */
export const CHI2_MEDIAN = 0.454936423119573;
const CUSUM_CLIP = 3;
/**
 * The CUSUM stops growing where its probability reaches 1e-4, so once the model has absorbed
 * a change it falls back under the alert level within a few slots.
 */
const SUSTAINED_FLOOR = 1e-4;
/** A slot whose value alone is this improbable is an outlier: quarantined, and kept out of the CUSUM. */
export const OUTLIER_PROBABILITY = 1e-3;
const CUSUM_REFERENCE = 0.5;
/**
 * The prior wobble (relative variance of a rate or level from slot to slot) and its weight in
 * residuals: 5% a day, as marketing series commonly wobble, worth two residuals.
 */
export const PRIOR_WOBBLE = 0.0025;
export const PRIOR_WOBBLE_DEGREES = 2;
/** Tolerance around last year's lift: this year's event may be half or twice as big. */
export const EVENT_LIFT_TOLERANCE = 2;
/** The least an event read as an amount over the ordinary level may leave of it. */
const MIN_AMOUNT_LIFT = 0.05;

/** Siegmund's approximation of the in-control average run length of a one-sided CUSUM. */
export function cusumRunLength(height: number, reference = CUSUM_REFERENCE): number {
  const b = height + 1.166;
  const x = 2 * reference * b;
  return (Math.exp(x) - x - 1) / (2 * reference * reference);
}

interface Fit {
  solution: Solution;
  /** Slot the trend is measured from. */
  reference: number;
  /** The wobble predictions use: the measured one pooled with the prior (`pooledWobble`). */
  dispersion: number;
  /** The wobble the window's residuals alone gave, to start the next fit from. */
  measured: number;
  /** Degrees of freedom the wobble is known with: the residuals' and the prior's (∞ for \`gaussian\`). */
  degrees: number;
  /** Smallest expected value per unit of exposure: half a count over the window's exposure. */
  floorRate: number;
  /** The prediction's coefficients (phases, then dense columns), to start the next fit from. */
  coefficients: Float64Array;
  /** The coefficients of the fit the wobble was measured with, likewise. */
  noiseCoefficients: Float64Array;
  /** Lag-1 autocorrelation of the window's residuals (0 … 0.9). */
  autocorrelation: number;
}

const isLog = (family: Family) => family !== 'gaussian';

/**
 * The highest rate a binomial slot of n trials is taken to have: never closer to 1 than half a
 * trial in n + 1. A history of every trial succeeding (two posts a week, both viral) says the rate
 * is high, not that it is exactly 1: one miss out of two is then ordinary, not a 1e-90 event.
 */
export function highestRate(trials: number): number {
  return 1 - 0.5 / (Math.max(trials, 0) + 1);
}

/**
 * The wobble a fit predicts with when the window's residuals measured \`measured\` with \`degrees\`
 * residual degrees of freedom: the measured wobble pooled with a prior one, as a scaled
 * inverse-χ² prior of \`PRIOR_WOBBLE_DEGREES\` pseudo-residuals at \`PRIOR_WOBBLE\` would,
 *   v = (ν v̂ + ν₀ v₀) / (ν + ν₀).
 * A handful of residuals just after warm-up, most of them spent on the weekday effects they
 * taught, can measure almost no wobble on a rate that wobbles by percents (the model fits them
 * nearly exactly); the prior keeps such a band from being the counting noise alone. With a full
 * window (ν ≈ 40) the measured wobble weighs about 95%.
 */
export function pooledWobble(measured: number, degrees: number): number {
  const nu = Math.max(0, degrees);
  return (nu * measured + PRIOR_WOBBLE_DEGREES * PRIOR_WOBBLE) / (nu + PRIOR_WOBBLE_DEGREES);
}

/**
 * Residual degrees of freedom of a weighted fit: the window's effective count of slots under its
 * age weights, (Σw)² / Σw² (Kish), less the parameters the fit spent on them, Σ leverages (the
 * trace of the hat matrix; a penalized effect counts for less than one).
 */
export function residualDegrees(weightSum: number, squaredWeightSum: number, spent: number): number {
  if (!(squaredWeightSum > 0)) return 0;
  return Math.max(0, (weightSum * weightSum) / squaredWeightSum - spent);
}

/** Variance of a slot's count or amount with mean μ, exposure n and relative wobble v (the module's table). */
export function countVariance(family: Family, mean: number, exposure: number, dispersion: number): number {
  switch (family) {
    case 'count':
      return mean + dispersion * mean * mean;
    case 'binomial': {
      const rate = Math.min(mean / exposure, highestRate(exposure));
      return mean * (1 - rate) + (1 - 1 / exposure) * dispersion * mean * mean;
    }
    case 'amount':
      return dispersion * mean * mean;
    case 'gaussian':
      return dispersion;
  }
}

/**
 * The dispersion v at which a squared residual equals χ²₁'s median times its variance: the v
 * solving e² / Var(μ; v) = 0.4549 (negative when even no wobble explains less than e²).
 */
export function dispersionCrossing(family: Family, mean: number, exposure: number, squared: number): number {
  const target = squared / CHI2_MEDIAN;
  switch (family) {
    case 'count':
      return (target - mean) / (mean * mean);
    case 'binomial': {
      const rate = Math.min(mean / exposure, highestRate(exposure));
      return (target - mean * (1 - rate)) / (Math.max(1 - 1 / exposure, 1e-12) * mean * mean);
    }
    case 'amount':
      return target / (mean * mean);
    case 'gaussian':
      return target;
  }
}

/**
 * Lag-1 autocorrelation of the Pearson residuals of neighbouring members (both present, one slot
 * apart), each clipped to ±2.5 so an outlier can't make or break it, weighted by age; held in
 * 0 … 0.9 (a negative estimate is noise for these series).
 */
function residualAutocorrelation(
  members: readonly number[],
  y: Float64Array,
  exposure: Float64Array,
  age: Float64Array,
  linear: (row: number) => number,
  family: Family,
  dispersion: number,
): number {
  const count = members.length;
  const residual = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    const eta = linear(row);
    const mu = isLog(family) ? Math.exp(Math.min(eta, 700)) : eta;
    const spread = Math.sqrt(countVariance(family, mu, exposure[row]!, dispersion));
    residual[row] = spread > 0 ? Math.max(-2.5, Math.min(2.5, (y[row]! - mu) / spread)) : 0;
  }
  let cross = 0;
  let squares = 0;
  for (let row = 0; row < count; row++) squares += age[row]! * residual[row]! * residual[row]!;
  for (let row = 1; row < count; row++) {
    if (members[row]! - members[row - 1]! !== 1) continue;
    cross += age[row]! * residual[row]! * residual[row - 1]!;
  }
  return squares > 0 ? Math.max(0, Math.min(0.9, cross / squares)) : 0;
}

export function weightedMedian(values: Float64Array, weights: Float64Array, count: number): number {
  const order = Array.from({ length: count }, (_, index) => index).sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (let index = 0; index < count; index++) total += weights[index]!;
  let running = 0;
  for (const index of order) {
    running += weights[index]!;
    if (running >= total / 2) return values[index]!;
  }
  return values[order[order.length - 1]!] ?? 0;
}

/**
 * Columns of the dense block: intercept, weekday effects (optional), trend, and the level before
 * the last changepoint (all 0 when the window has none).
 */
function denseSize(settings: ModelSettings): number {
  return 3 + (settings.weekdays ? 7 : 0);
}

function fillDense(
  target: Float64Array,
  offset: number,
  settings: ModelSettings,
  slot: ModelSlot,
  trend: number,
  beforeChange: boolean,
) {
  target[offset] = 1;
  let column = 1;
  if (settings.weekdays) {
    for (let day = 0; day < 7; day++) target[offset + column + day] = slot.weekday === day ? 1 : 0;
    column += 7;
  }
  target[offset + column] = trend;
  target[offset + column + 1] = beforeChange ? 1 : 0;
}

function fitWindow(
  slots: readonly ModelSlot[],
  members: readonly number[],
  at: number,
  settings: ModelSettings,
  previous: Fit | null,
  changepoint: number | null,
): Fit {
  const { family } = settings;
  const log = isLog(family);
  const count = members.length;
  const dense = denseSize(settings);
  const rows: DesignRows = {
    phases: settings.phases,
    dense,
    phase: new Int32Array(count),
    values: new Float64Array(count * dense),
  };
  const y = new Float64Array(count);
  const offset = new Float64Array(count);
  const age = new Float64Array(count);
  const exposure = new Float64Array(count);
  let exposureTotal = 0;
  let ageTotal = 0;
  let yTotal = 0;
  members.forEach((member, row) => {
    const slot = slots[member]!;
    rows.phase[row] = slot.phase;
    fillDense(
      rows.values,
      row * dense,
      settings,
      slot,
      (member - at) / settings.window,
      changepoint !== null && member < changepoint,
    );
    y[row] = slot.y!;
    exposure[row] = slot.exposure;
    offset[row] = log ? Math.log(slot.exposure) : 0;
    age[row] = 2 ** (-(at - member) / settings.halfLife);
    exposureTotal += age[row]! * slot.exposure;
    ageTotal += age[row]!;
    yTotal += age[row]! * slot.y!;
  });
  const floorRate = log ? 0.5 / members.reduce((sum, member) => sum + slots[member]!.exposure, 0) : 0;
  const kind = log ? 'log' : 'gaussian';
  const penalty = {
    phase: PHASE_PRIOR_PRECISION[kind],
    // The level before a changepoint is free (a tiny precision only keeps it defined without one).
    dense: [
      0,
      ...(settings.weekdays ? Array(7).fill(PHASE_PRIOR_PRECISION[kind]) : []),
      TREND_PRIOR_PRECISION[kind],
      1e-9,
    ],
  };

  // Start each stage from the previous fit's (its trend measured from its own reference slot, so
  // the intercept moves along the trend to this one) or from the mean.
  const coefficients = new Float64Array(settings.phases + dense);
  const startFrom = (start: Float64Array, reference: number) => {
    coefficients.set(start);
    const trend = coefficients[settings.phases + dense - 2]!;
    coefficients[settings.phases] =
      coefficients[settings.phases]! + (trend * (at - reference)) / settings.window;
  };
  let dispersion: number;
  if (previous) {
    startFrom(previous.noiseCoefficients, previous.reference);
    dispersion = previous.measured;
  } else {
    const mean = yTotal / (log ? exposureTotal : ageTotal);
    coefficients[settings.phases] = log ? Math.log(Math.max(mean, floorRate)) : mean;
    if (log) dispersion = 0.01;
    else {
      let squares = 0;
      let weights = 0;
      for (let row = 0; row < count; row++) {
        squares += age[row]! * (y[row]! - mean) ** 2;
        weights += age[row]!;
      }
      dispersion = squares / weights || 1;
    }
  }
  if (log && yTotal <= 0) {
    // Nothing counted in the window: the rate is at its floor, and there is nothing to fit.
    coefficients.fill(0);
    coefficients[settings.phases] = Math.log(floorRate);
  }

  const eta = new Float64Array(count);
  const mean = new Float64Array(count);
  const weights = new Float64Array(count);
  const response = new Float64Array(count);
  const linear = (row: number) => {
    const phase = rows.phase[row]!;
    let value = offset[row]! + (phase >= 0 ? coefficients[phase]! : 0);
    for (let k = 0; k < dense; k++)
      value += coefficients[settings.phases + k]! * rows.values[row * dense + k]!;
    return value;
  };
  let solution: Solution | null = null;
  const dispersionFloor = family === 'amount' ? 1e-6 : family === 'gaussian' ? 1e-300 : 0;
  /** Iteratively reweighted least squares to convergence under a penalty, at the current wobble. */
  const iterate = (using: Penalty, tolerance: number) => {
    for (let iteration = 0; iteration < 30; iteration++) {
      for (let row = 0; row < count; row++) {
        eta[row] = linear(row);
        if (log) {
          const mu = Math.exp(Math.min(eta[row]!, 700));
          mean[row] = mu;
          const v = countVariance(family, mu, exposure[row]!, dispersion);
          const pearson = (y[row]! - mu) / Math.sqrt(v);
          const robust = Math.min(1, HUBER / Math.abs(pearson));
          weights[row] = (age[row]! * robust * mu * mu) / v;
          response[row] = eta[row]! - offset[row]! + (y[row]! - mu) / mu;
        } else {
          mean[row] = eta[row]!;
          const pearson = (y[row]! - eta[row]!) / Math.sqrt(dispersion);
          const robust = Math.min(1, HUBER / Math.abs(pearson));
          weights[row] = age[row]! * robust;
          response[row] = y[row]!;
        }
      }
      if (log && yTotal <= 0) return;
      solution = solvePenalized(rows, weights, response, using);
      let change = 0;
      coefficients.set(solution.phaseEffects, 0);
      coefficients.set(solution.denseEffects, settings.phases);
      for (let row = 0; row < count; row++) change = Math.max(change, Math.abs(linear(row) - eta[row]!));
      // Converged when no prediction moves by `tolerance` (on the log scale; in the noise's sd on
      // the values' own scale).
      if (change < (log ? tolerance : tolerance * Math.sqrt(dispersion))) return;
    }
  };
  // The wobble comes from a fit whose trend is nearly free, so a trend the prior holds back is
  // not taken for noise (which would weaken the data against the prior in turn); the prediction
  // then uses the trend's prior at that wobble.
  const noisePenalty: Penalty = {
    phase: penalty.phase,
    dense: penalty.dense.map((value, column) => (column === dense - 2 ? TREND_NOISE_PRECISION[kind] : value)),
  };
  /** Parameters the noise fit spent: the trace of its hat matrix, Σ leverages. */
  let spent = 0;
  for (let outer = 0; outer < 4; outer++) {
    // The wobble needs a percent's precision, the prediction a millionth.
    iterate(noisePenalty, 1e-4);
    if (!solution || (log && yTotal <= 0)) break;
    spent = 0;
    // Dispersion from the leverage-corrected residuals of this fit.
    const squared = new Float64Array(count);
    const base = new Float64Array(count);
    const rowDense = new Float64Array(dense);
    for (let row = 0; row < count; row++) {
      const mu = log ? Math.exp(Math.min(linear(row), 700)) : linear(row);
      for (let k = 0; k < dense; k++) rowDense[k] = rows.values[row * dense + k]!;
      const exact = weights[row]! * rowVariance(solution, rows.phase[row]!, rowDense);
      spent += Math.min(1, exact);
      const leverage = Math.min(0.95, exact);
      squared[row] = (y[row]! - mu) ** 2 / (1 - leverage);
      base[row] = mu;
    }
    // Each squared residual's ratio to its variance falls as v grows and crosses the χ² median at
    // its own v_j; the weighted median of the ratios crosses it at the weighted median of the v_j.
    const crossing = new Float64Array(count);
    for (let row = 0; row < count; row++)
      crossing[row] = dispersionCrossing(family, base[row]!, exposure[row]!, squared[row]!);
    const next = Math.max(dispersionFloor, weightedMedian(crossing, age, count));
    const settled = Math.abs(Math.log((next + 1e-12) / (dispersion + 1e-12))) < 0.05;
    dispersion = next;
    if (settled) break;
  }
  const noiseCoefficients = Float64Array.from(coefficients);
  const measured = dispersion;
  // The prediction is fitted at the wobble it predicts with: the measured one pooled with the prior.
  let degrees = Number.POSITIVE_INFINITY;
  if (log) {
    let squares = 0;
    for (let row = 0; row < count; row++) squares += age[row]! * age[row]!;
    const residual = residualDegrees(ageTotal, squares, spent);
    dispersion = pooledWobble(measured, residual);
    degrees = residual + PRIOR_WOBBLE_DEGREES;
  }
  if (solution && !(log && yTotal <= 0)) {
    if (previous) startFrom(previous.coefficients, previous.reference);
    iterate(penalty, 1e-6);
  }
  if (!solution) {
    // An all-zero window: a fit with no information but the prior, at the floor rate.
    const zero = new Float64Array(count);
    solution = solvePenalized(rows, zero, zero, {
      ...penalty,
      dense: penalty.dense.map((value) => value || 1e-9),
    });
    solution.denseEffects.fill(0);
    solution.denseEffects[0] = coefficients[settings.phases]!;
    solution.phaseEffects.fill(0);
  }
  return {
    solution,
    reference: at,
    dispersion,
    measured,
    degrees,
    floorRate,
    coefficients,
    noiseCoefficients,
    autocorrelation: residualAutocorrelation(
      members,
      y,
      exposure,
      age,
      (row) => linear(row),
      family,
      dispersion,
    ),
  };
}

/**
 * The two-sided probability of the wobble's normal score z: the heavier of the series' own tails
 * and the Student t of the wobble's posterior (ν degrees: a wobble known from few residuals is
 * uncertain, and the predictive of a normal whose variance is that uncertain is t_ν).
 */
export function wobbleTail(tails: TailWeight, z: number, degrees: number): number {
  const own = tails.probability(z);
  if (!Number.isFinite(degrees)) return own;
  return Math.max(own, Math.min(1, 2 * studentUpperTail(Math.abs(z), Math.max(degrees, 1))));
}

/** The share of a prediction's variance that is the rate's wobble, not counting noise. */
function wobbleShare(family: Family, distribution: Predictive, exposure: number): number {
  const total = distribution.variance;
  if (family === 'gaussian' || family === 'amount' || !Number.isFinite(total)) return 1;
  if (!(total > 0)) return 0;
  const mean = distribution.mean;
  const counting = family === 'count' ? mean : mean * (1 - Math.min(1, mean / exposure));
  return Math.max(0, Math.min(1, 1 - counting / total));
}

function predictive(
  family: Family,
  mean: number,
  exposure: number,
  dispersion: number,
  uncertainty: number,
): Predictive {
  if (family === 'gaussian') return normal(mean, dispersion * (1 + uncertainty));
  const relative = (1 + dispersion) * Math.exp(uncertainty) - 1;
  if (family === 'amount') return gammaWithMoments(mean, relative * mean * mean);
  if (family === 'count') return countWithMoments(mean, mean + relative * mean * mean);
  const capped = Math.min(mean, exposure * (1 - 1e-9));
  const rate = capped / exposure;
  return countWithMoments(capped, capped * (1 - rate) + (1 - 1 / exposure) * relative * capped * capped);
}

/** Scores every slot from the slots before it (see the module's comment). */
export function runModel(slots: readonly ModelSlot[], settings: ModelSettings): SlotScore[] {
  const scores: SlotScore[] = [];
  const baselines = new Float64Array(slots.length).fill(Number.NaN);
  const quarantined = new Uint8Array(slots.length);
  const dense = denseSize(settings);
  const rowDense = new Float64Array(dense);
  const log = isLog(settings.family);
  const cusumCap = sustainedHeight(SUSTAINED_FLOOR);
  const tails = new TailWeight();
  let fit: Fit | null = null;
  let fittedAt = Number.NEGATIVE_INFINITY;
  /** The newest slot the current fit learned from. */
  let fitNewest = Number.NEGATIVE_INFINITY;
  /** The last slot a new normal started at; earlier slots get their own level in the fit. */
  let changepoint: number | null = null;
  /** Slots of the current run of outliers. */
  let outlierRun: number[] = [];
  /** Slots in a row the CUSUM has alerted. */
  let sustainedRun = 0;
  let cusumUp = 0;
  let cusumDown = 0;
  let runUp = 0;
  let runDown = 0;
  /** The previous slot's normal score, for prewhitening (0 after a gap or an outlier). */
  let previousZ = 0;
  const newNormalFrom = (slot: number) => {
    changepoint = slot;
    cusumUp = cusumDown = runUp = runDown = sustainedRun = 0;
    fittedAt = Number.NEGATIVE_INFINITY;
  };
  const unscored = (status: SlotScore['status'], event: string | null): SlotScore => ({
    status,
    expected: null,
    baseline: null,
    low: null,
    high: null,
    wobble: null,
    uncertainty: null,
    pointP: 1,
    sustainedP: 1,
    p: 1,
    score: 0,
    side: null,
    z: 0,
    runLength: 0,
    runSide: null,
    event,
  });

  for (let t = 0; t < slots.length; t++) {
    const slot = slots[t]!;
    if (changepoint !== null && changepoint <= t - settings.window) changepoint = null;
    const every =
      settings.historyRefitEvery !== undefined && t < slots.length - (settings.recentSlots ?? 0)
        ? Math.max(settings.refitEvery, settings.historyRefitEvery)
        : settings.refitEvery;
    if (!fit || t - fittedAt >= every) {
      const members: number[] = [];
      for (let j = Math.max(0, t - settings.window); j < t; j++) {
        const candidate = slots[j]!;
        if (candidate.y !== null && candidate.exposure > 0 && candidate.event === null && !quarantined[j]) {
          members.push(j);
        }
      }
      if (members.length >= settings.warmup) {
        fit = fitWindow(slots, members, t, settings, fit, changepoint);
        fittedAt = t;
        fitNewest = members[members.length - 1]!;
      }
    }
    const eventName = slot.event?.name ?? null;
    if (slot.y === null || !(slot.exposure > 0) || !Number.isFinite(slot.y)) {
      scores.push(unscored('gap', eventName));
      previousZ = 0;
      continue;
    }
    if (!fit) {
      scores.push(unscored('warmup', eventName));
      continue;
    }
    if (!slot.event && t - fitNewest > settings.window) {
      // Everything the fit learned from is older than the window (a push longer than the window
      // kept its slots out): the level now is unknown, so the series learns afresh.
      scores.push(unscored('warmup', eventName));
      cusumUp = cusumDown = runUp = runDown = sustainedRun = 0;
      previousZ = 0;
      continue;
    }
    fillDense(rowDense, 0, settings, slot, (t - fit.reference) / settings.window, false);
    const linear = predictRow(fit.solution, slot.phase, rowDense);
    const uncertainty = rowVariance(fit.solution, slot.phase, rowDense);
    const baseline = log ? slot.exposure * Math.max(Math.exp(Math.min(linear, 700)), fit.floorRate) : linear;
    baselines[t] = baseline;

    let lift: readonly [number, number, number] = [1, 1, 1];
    if (slot.event && log) {
      const before = slot.event.lastYearSlot;
      const lastYear = before !== null ? slots[before] : undefined;
      const lastBaseline = before !== null ? baselines[before]! : Number.NaN;
      if (lastYear && lastYear.y !== null && Number.isFinite(lastBaseline) && lastBaseline > 0) {
        const pad = settings.family === 'amount' ? 0 : 0.5;
        const ratio = (lastYear.y + pad) / (lastBaseline + pad);
        if (settings.family === 'binomial') {
          lift = [ratio / EVENT_LIFT_TOLERANCE, ratio, ratio * EVENT_LIFT_TOLERANCE];
        } else {
          // Counts and amounts: last year's event read as an amount over its ordinary level
          // too. A push's budget is a decision, not a multiple of the ordinary level: when the
          // ordinary level moved between years, the two readings part, and either is expected.
          const amount =
            Math.max(baseline + lastYear.y - lastBaseline, baseline * MIN_AMOUNT_LIFT) / baseline;
          const smaller = Math.min(ratio, amount);
          const larger = Math.max(ratio, amount);
          lift = [smaller / EVENT_LIFT_TOLERANCE, Math.sqrt(smaller * larger), larger * EVENT_LIFT_TOLERANCE];
        }
      } else lift = slot.event.unknownLift;
    }
    const current = fit;
    const distribution = (factor: number) =>
      predictive(settings.family, baseline * factor, slot.exposure, current.dispersion, uncertainty);
    const lowest = distribution(lift[0]);
    const highest = lift[2] === lift[0] ? lowest : distribution(lift[2]);
    const raw = twoSidedTail(slot.y, lowest, highest);
    // Heavy tails belong to the wobble: re-read the value's normal score on the series' own t
    // in proportion to the wobble's share of the variance (counting noise keeps its exact tail).
    const sign = raw.side === 'above' ? 1 : -1;
    const rawZ = raw.side === null ? 0 : sign * Math.min(40, normalUpperQuantile(raw.p / 2));
    const used = raw.side === 'above' ? highest : lowest;
    const share = wobbleShare(settings.family, used, slot.exposure);
    const pointP =
      raw.side === null
        ? raw.p
        : Math.exp(
            (1 - share) * Math.log(Math.max(raw.p, Number.MIN_VALUE)) +
              share * Math.log(Math.max(wobbleTail(tails, rawZ, current.degrees), Number.MIN_VALUE)),
          );
    if (!slot.event && share >= 0.5) tails.record(rawZ);
    const tail = { p: pointP, side: raw.side };
    const z = raw.side === null ? 0 : sign * Math.min(40, normalUpperQuantile(pointP / 2));

    if (slot.event) {
      // Event slots are judged against a range, not a prediction: they don't feed the CUSUM.
      previousZ = 0;
    } else if (tail.p <= OUTLIER_PROBABILITY) {
      // An outlier speaks for itself; the CUSUM collects what single slots can't show.
      previousZ = 0;
      outlierRun.push(t);
      if (outlierRun.length <= settings.quarantine) quarantined[t] = 1;
      else if (outlierRun.length === settings.quarantine + 1) {
        // Too long a run to be a blip: the new normal, from the start of the run.
        for (const member of outlierRun) quarantined[member] = 0;
        newNormalFrom(outlierRun[0]!);
      }
    } else {
      outlierRun = [];
      // Neighbouring slots wobble together: the CUSUM takes the part of z the last slot didn't
      // already say, (z_t − ρ z_{t−1}) / √(1 − ρ²), so a correlated wobble can't pose as a shift.
      const rho = current.autocorrelation;
      const clipped = Math.max(
        -CUSUM_CLIP,
        Math.min(CUSUM_CLIP, (z - rho * previousZ) / Math.sqrt(1 - rho * rho)),
      );
      cusumUp = Math.min(cusumCap, Math.max(0, cusumUp + clipped - CUSUM_REFERENCE));
      cusumDown = Math.min(cusumCap, Math.max(0, cusumDown - clipped - CUSUM_REFERENCE));
      runUp = cusumUp > 0 ? runUp + 1 : 0;
      runDown = cusumDown > 0 ? runDown + 1 : 0;
      previousZ = Math.max(-CUSUM_CLIP, Math.min(CUSUM_CLIP, z));
    }
    // An event slot is judged against its range alone: the CUSUM stands still over it, and the
    // height it held before (a ramp into a sale) is not news about the sale day.
    const height = slot.event ? 0 : Math.max(cusumUp, cusumDown);
    const sustainedP = Math.min(1, 2 / cusumRunLength(height));
    const p = Math.min(1, 2 * Math.min(tail.p, sustainedP));
    const runSide = cusumUp === 0 && cusumDown === 0 ? null : cusumUp >= cusumDown ? 'above' : 'below';
    const runLength = runSide === 'above' ? runUp : runSide === 'below' ? runDown : 0;

    let low: number | null = null;
    let high: number | null = null;
    if (settings.bands || p <= settings.alertProbability) {
      // A value alerts on its own when its smaller tail is at most alertProbability / 4.
      const edge = settings.alertProbability / 4;
      low = lowest.quantile(edge);
      high = highest.quantile(1 - edge);
    }
    scores.push({
      status: 'scored',
      expected: baseline * lift[1],
      baseline,
      low,
      high,
      wobble: current.dispersion,
      uncertainty,
      pointP: tail.p,
      sustainedP,
      p,
      score: 1 - p,
      side: tail.side,
      z,
      runLength,
      runSide,
      event: eventName,
    });

    // A CUSUM that keeps alerting has found a new normal too, from where its run began.
    sustainedRun = sustainedP <= OUTLIER_PROBABILITY ? sustainedRun + 1 : 0;
    if (sustainedRun > settings.quarantine) newNormalFrom(Math.max(0, t - runLength + 1));
  }
  return scores;
}

/** The CUSUM height whose probability 2/ARL₀ is p (inverse of `cusumRunLength`, by bisection). */
export function sustainedHeight(p: number): number {
  let low = 0;
  let high = 100;
  for (let round = 0; round < 100; round++) {
    const middle = (low + high) / 2;
    if (2 / cusumRunLength(middle) > p) low = middle;
    else high = middle;
  }
  return high;
}
