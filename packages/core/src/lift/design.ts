/**
 * Designing a geo test: for candidate treated sets, the smallest effect a test of a given
 * duration detects with a given power, judged on the history's own placebo runs, and the
 * budget that effect implies.
 *
 * Convention. Placebo windows are the last `windows` spans of `duration` days, each one day
 * earlier than the next (window k covers days T − D − k … T − 1 − k). Each is a test GeoLift-style
 * analysis would have run: the candidate treated (their mean per day) against every eligible
 * location outside it, the days before the window (all of them, or the last `preDays`) as the
 * pre-period, the synthetic control of `geo.ts` (simplex weights, ridge-augmented when asked).
 *
 * An effect e is injected into history as GeoLift does, multiplying the treated locations'
 * values in the window by 1 + e, and the window is tested exactly as `analyzeGeoExperiment`
 * tests a real one: detected when the conformal p-value of "no effect" is at most α and the
 * estimated lift is positive. The injected data are affine in e (the window's values grow by
 * e × themselves), so each e costs one simplex solve on cross-products already built, not a
 * new panel; the estimate (weights fitted before the window) is exactly r_k + e·(1 + r_k), r_k
 * the window's placebo lift. Each window's threshold e_k — the smallest effect it detects — is
 * found by doubling from 1% and bisecting to 1e-3 of itself, on the premise that a window that
 * detects an effect detects every larger one. A window that already "detects" with nothing
 * injected (a false positive: its synthetic control runs high) cannot tell an effect from none,
 * so it detects no effect at all (e_k = ∞). Power(e) is the share of windows with e_k ≤ e, and
 * the minimum detectable effect at power π is the ⌈πK⌉-th smallest e_k.
 *
 * Ranking. Candidates are ranked by the placebo RMSE √(mean_k r_k²) = √(bias² + variance) of
 * the lift over the windows: the typical error of the lift a test there would report, bias and
 * imprecision together. A candidate whose control runs high or low (mean r_k ≠ 0) therefore
 * never ranks above one whose placebo lifts spread as widely around zero. Ties go to the
 * smaller MDE, then the names.
 *
 * Ridge. With `ridge` and neither λ nor a relative strength, each window's strength is
 * cross-validated over that window's own pre-period (`ridge.ts`), as the analysis of a real test
 * would choose it, and used for the window's placebo fit and its conformal refits.
 *
 * The MDE's volume is e × the treated locations' mean window total; its budget is that volume ×
 * the expected cost per incremental conversion. Placebo lifts (no injection) are reported too:
 * their mean shows a synthetic control that runs high or low for the candidate.
 *
 * Cross-products come from running sums over days, so each window of each candidate costs a
 * J × J Gram assembly and a handful of simplex solves, whatever the history's length.
 */
import { MarkpiError } from '../errors.js';
import { checkProbability, ProblemList } from './common.js';
import {
  checkPanel,
  checkRidge,
  conformalFamily,
  type GeoPanel,
  type RidgeOption,
  resolveRidge,
  syntheticWeights,
} from './geo.js';
import { type LiftMessage, liftMessage } from './messages.js';
import type { SpanSums } from './ridge.js';

export interface MarketSelectionInput {
  panel: GeoPanel;
  /** Treated sets to compare; absent: every combination of `treatedCount` eligible locations. */
  candidates?: readonly (readonly string[])[];
  treatedCount?: number;
  /** Test length in days. */
  duration: number;
  /** Placebo windows; default as many as leave a pre-period of max(28, 2 × duration) days, at most 30. */
  windows?: number;
  /** Pre-period days before each window; default all earlier days. */
  preDays?: number;
  /** Default 0.05. */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
  /** Never treated nor controls. */
  exclude?: readonly string[];
  ridge?: RidgeOption;
  /** Expected cost per incremental conversion, for the budget. */
  costPerIncremental?: number;
  /** Effects (relative: 0.05 is +5%) to report the power of. */
  effects?: readonly number[];
  /** Refuse more candidates than this (default 200,000). */
  maxCandidates?: number;
}

export interface MarketCandidate {
  treated: string[];
  /** Minimum detectable relative effect; null when none is (see notes). */
  mde: number | null;
  /** The MDE as a volume: mde × expectedVolume. */
  mdeIncremental: number | null;
  /** mdeIncremental × cost per incremental conversion. */
  budget: number | null;
  /** Power at the requested effects. */
  power: { effect: number; power: number }[];
  /** Mean of the treated locations' window totals (all treated locations together). */
  expectedVolume: number;
  placebo: {
    /** √(mean r_k²) = √(bias² + variance): the ranking's criterion. */
    rmse: number;
    /** Mean r_k: a synthetic control that runs high or low. */
    meanLift: number;
    meanAbsoluteLift: number;
    /** Share of windows whose test finds an effect with none injected. */
    falsePositiveRate: number;
    /** Mean scaled L2 imbalance over the windows' pre-periods. */
    meanScaledL2: number | null;
  };
  summary: LiftMessage;
}

export interface MarketSelectionResult {
  convention: {
    duration: number;
    windows: number;
    preDays: number | null;
    alpha: number;
    power: number;
    ridge: RidgeOption | null;
  };
  /** Smallest placebo RMSE first, then the smallest MDE (undetectable last). */
  candidates: MarketCandidate[];
  notes: LiftMessage[];
}

const DEFAULT_ALPHA = 0.05;
const DEFAULT_POWER = 0.8;
const MAX_DEFAULT_WINDOWS = 30;

export function selectMarkets(input: MarketSelectionInput): MarketSelectionResult {
  const problems = new ProblemList();
  const index = checkPanel(input.panel, problems);
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  const targetPower = input.power ?? DEFAULT_POWER;
  checkProbability(alpha, 'alpha', problems);
  checkProbability(targetPower, 'power', problems);
  const days = input.panel.dates.length;
  const duration = input.duration;
  if (!(Number.isInteger(duration) && duration >= 1 && duration < days))
    problems.add(
      `duration must be a whole number of days from 1 to ${days - 1}, got ${duration}`,
      'duration',
    );
  const excluded = new Set(input.exclude ?? []);
  for (const location of excluded)
    if (!index.has(location)) problems.add(`unknown location ${location}`, 'exclude');
  const ridge = checkRidge(input.ridge, problems);
  if (input.costPerIncremental !== undefined && !(input.costPerIncremental >= 0))
    problems.add(`must be a number ≥ 0, got ${input.costPerIncremental}`, 'costPerIncremental');
  if (input.preDays !== undefined && !(Number.isInteger(input.preDays) && input.preDays >= 2))
    problems.add(`must be a whole number ≥ 2, got ${input.preDays}`, 'preDays');
  for (const effect of input.effects ?? [])
    if (!(Number.isFinite(effect) && effect >= 0))
      problems.add(`an effect must be ≥ 0, got ${effect}`, 'effects');
  const eligible = input.panel.locations
    .map((series) => series.location)
    .filter((name) => !excluded.has(name));
  const candidateSets = candidateLocations(input, eligible, problems);
  problems.check('market selection');

  const minimumPre = input.preDays ?? Math.max(28, 2 * duration);
  const windows = input.windows ?? Math.min(MAX_DEFAULT_WINDOWS, days - duration - minimumPre + 1);
  const earliestStart = days - duration - windows + 1;
  if (!(Number.isInteger(windows) && windows >= 1) || earliestStart - (input.preDays ?? 2) < 0)
    throw new MarkpiError(
      'lift_too_few_days',
      'market selection: the history is too short for these windows',
      [
        {
          message: `${days} days hold no ${windows} window(s) of ${duration} days with a pre-period of ${input.preDays ?? 2}+ days before each`,
          path: 'windows',
          hint: 'use fewer or shorter windows, or a longer history',
        },
      ],
    );

  const sums = runningSums(input.panel, eligible);
  const eligibleIndex = new Map(eligible.map((name, position) => [name, position]));
  const notes: LiftMessage[] = [];
  const windowSpans = Array.from({ length: windows }, (_, k) => {
    const start = days - duration - k;
    const preFrom = input.preDays === undefined ? 0 : Math.max(0, start - input.preDays);
    return { preFrom, start, end: start + duration };
  });
  // A permutation p-value is at least 1/T: with fewer than 1/α days nothing is significant.
  const fewestDays = Math.min(...windowSpans.map((span) => span.end - span.preFrom));
  const testable = 1 / fewestDays <= alpha;
  if (!testable) notes.push(liftMessage('lift.note.few_permutations', { days: fewestDays, alpha }));
  const fits = testable ? windowSpans.map((span) => windowFit(sums, span.preFrom, span.end)) : [];

  const candidates = candidateSets.map((names) => {
    const treated = names.map((name) => eligibleIndex.get(name)!);
    const ridges = windowSpans.map((span) => windowRidge(sums, treated, span.preFrom, span.start, ridge));
    const placebo = windowSpans.map((span, k) =>
      placeboWindow(sums, treated, span.preFrom, span.start, span.end, ridges[k]!),
    );
    // Neighbouring windows overlap, so their thresholds are close: each search starts near the last.
    let guess: number | null = null;
    let falsePositives = 0;
    const thresholds = fits
      .map((fit, k) => {
        const threshold = detectionThreshold(
          fit,
          treated,
          duration,
          placebo[k]!.lift,
          alpha,
          ridges[k]!,
          guess,
        );
        if (threshold === 0) {
          falsePositives++;
          return Number.POSITIVE_INFINITY;
        }
        if (Number.isFinite(threshold)) guess = threshold;
        return threshold;
      })
      .sort((a, b) => a - b);
    const needed = Math.ceil(targetPower * windows - 1e-9);
    const reached = thresholds[needed - 1];
    const mde = reached !== undefined && Number.isFinite(reached) ? reached : null;
    const expectedVolume = placebo.reduce((sum, run) => sum + run.volume, 0) / windows;
    const mdeIncremental = mde === null ? null : mde * expectedVolume;
    const budget =
      mdeIncremental === null || input.costPerIncremental === undefined
        ? null
        : mdeIncremental * input.costPerIncremental;
    const power = (input.effects ?? []).map((effect) => ({
      effect,
      power: thresholds.filter((threshold) => threshold <= effect).length / windows,
    }));
    const l2s = placebo.map((run) => run.scaledL2);
    const meanScaledL2 = l2s.every((value) => value !== null)
      ? l2s.reduce((sum, value) => sum + value!, 0) / windows
      : null;
    const meanLift = placebo.reduce((sum, run) => sum + run.lift, 0) / windows;
    const falsePositiveRate = fits.length === 0 ? 0 : falsePositives / windows;
    const summary =
      mde === null || mdeIncremental === null
        ? falsePositives > 0
          ? liftMessage('lift.design.biased', {
              treated: names,
              falsePositives: falsePositiveRate,
              lift: meanLift,
            })
          : liftMessage('lift.design.not_detectable', { treated: names, power: targetPower })
        : budget === null
          ? liftMessage('lift.design.summary', {
              treated: names,
              effect: mde,
              incremental: mdeIncremental,
              power: targetPower,
            })
          : liftMessage('lift.design.summary_budget', {
              treated: names,
              effect: mde,
              incremental: mdeIncremental,
              power: targetPower,
              budget,
            });
    return {
      treated: names,
      mde,
      mdeIncremental,
      budget,
      power,
      expectedVolume,
      placebo: {
        rmse: Math.sqrt(placebo.reduce((sum, run) => sum + run.lift * run.lift, 0) / windows),
        meanLift,
        meanAbsoluteLift: placebo.reduce((sum, run) => sum + Math.abs(run.lift), 0) / windows,
        falsePositiveRate,
        meanScaledL2,
      },
      summary,
    } satisfies MarketCandidate;
  });
  candidates.sort(
    (a, b) =>
      a.placebo.rmse - b.placebo.rmse ||
      (a.mde ?? Number.POSITIVE_INFINITY) - (b.mde ?? Number.POSITIVE_INFINITY) ||
      a.treated.join().localeCompare(b.treated.join()),
  );
  return {
    convention: {
      duration,
      windows,
      preDays: input.preDays ?? null,
      alpha,
      power: targetPower,
      ridge,
    },
    candidates,
    notes,
  };
}

function candidateLocations(
  input: MarketSelectionInput,
  eligible: readonly string[],
  problems: ProblemList,
): string[][] {
  const eligibleSet = new Set(eligible);
  const limit = input.maxCandidates ?? 200_000;
  if (input.candidates) {
    input.candidates.forEach((set, position) => {
      if (set.length === 0) problems.add('an empty treated set', `candidates[${position}]`);
      if (new Set(set).size !== set.length) problems.add('a location twice', `candidates[${position}]`);
      for (const name of set)
        if (!eligibleSet.has(name))
          problems.add(`${name} is not an eligible location`, `candidates[${position}]`);
      if (eligible.length - set.length < 1)
        problems.add('no location is left to be a control', `candidates[${position}]`);
    });
    if (input.candidates.length > limit)
      problems.add(`${input.candidates.length} candidates, more than the limit of ${limit}`, 'candidates');
    return input.candidates.map((set) => [...set]);
  }
  const size = input.treatedCount ?? 1;
  if (!(Number.isInteger(size) && size >= 1 && size < eligible.length)) {
    problems.add(
      `treatedCount must be a whole number from 1 to ${eligible.length - 1}, got ${size}`,
      'treatedCount',
    );
    return [];
  }
  const count = binomial(eligible.length, size);
  if (count > limit) {
    problems.add(
      `${count} combinations of ${size} of ${eligible.length} locations, more than the limit of ${limit}`,
      'treatedCount',
      'list the candidates, or raise maxCandidates',
    );
    return [];
  }
  const sets: string[][] = [];
  const chosen: number[] = [];
  const extend = (from: number) => {
    if (chosen.length === size) {
      sets.push(chosen.map((position) => eligible[position]!));
      return;
    }
    for (let position = from; position <= eligible.length - (size - chosen.length); position++) {
      chosen.push(position);
      extend(position + 1);
      chosen.pop();
    }
  };
  extend(0);
  return sets;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

interface RunningSums {
  locations: number;
  /** The eligible locations' values, in eligible order. */
  series: readonly (readonly number[])[];
  /** first[t·L + i] = Σ_{s<t} Y_is. */
  first: Float64Array;
  /** second[t·L² + i·L + j] = Σ_{s<t} Y_is·Y_js. */
  second: Float64Array;
}

function runningSums(panel: GeoPanel, eligible: readonly string[]): RunningSums {
  const byName = new Map(panel.locations.map((series) => [series.location, series.values]));
  const series = eligible.map((name) => byName.get(name)!);
  const count = series.length;
  const days = panel.dates.length;
  const first = new Float64Array((days + 1) * count);
  const second = new Float64Array((days + 1) * count * count);
  for (let t = 0; t < days; t++) {
    const from = t * count;
    const to = (t + 1) * count;
    for (let i = 0; i < count; i++) first[to + i] = first[from + i]! + series[i]![t]!;
    const from2 = t * count * count;
    const to2 = (t + 1) * count * count;
    for (let i = 0; i < count; i++) {
      const yi = series[i]![t]!;
      for (let j = 0; j < count; j++)
        second[to2 + i * count + j] = second[from2 + i * count + j]! + yi * series[j]![t]!;
    }
  }
  return { locations: count, series, first, second };
}

/** The controls of a treated set: every other eligible location, in eligible order. */
function controlsOf(count: number, treated: readonly number[]): number[] {
  const isTreated = new Uint8Array(count);
  for (const i of treated) isTreated[i] = 1;
  const controls: number[] = [];
  for (let i = 0; i < count; i++) if (!isTreated[i]) controls.push(i);
  return controls;
}

/**
 * The window's ridge, cross-validated over its pre-period [preFrom, windowStart) when asked for
 * without a strength; the sums come from the running sums (the target is the treated mean).
 */
function windowRidge(
  sums: RunningSums,
  treated: readonly number[],
  preFrom: number,
  windowStart: number,
  ridge: RidgeOption | null,
): RidgeOption | null {
  if (ridge === null || ridge.lambda !== undefined || ridge.relative !== undefined) return ridge;
  const count = sums.locations;
  const square = count * count;
  const controls = controlsOf(count, treated);
  const size = controls.length;
  const share = 1 / treated.length;
  const span = (from: number, to: number): SpanSums => {
    const start = preFrom + from;
    const end = preFrom + to;
    const first = (i: number) => sums.first[end * count + i]! - sums.first[start * count + i]!;
    const second = (i: number, j: number) =>
      sums.second[end * square + i * count + j]! - sums.second[start * square + i * count + j]!;
    const result: SpanSums = {
      days: to - from,
      target: 0,
      targetSquares: 0,
      controls: new Float64Array(size),
      cross: new Float64Array(size),
      gram: new Float64Array(size * size),
    };
    for (const t of treated) {
      result.target += share * first(t);
      for (const u of treated) result.targetSquares += share * share * second(t, u);
    }
    controls.forEach((i, row) => {
      result.controls[row] = first(i);
      let cross = 0;
      for (const t of treated) cross += share * second(t, i);
      result.cross[row] = cross;
      controls.forEach((j, column) => {
        result.gram[row * size + column] = second(i, j);
      });
    });
    return result;
  };
  return resolveRidge(ridge, span, windowStart - preFrom, size);
}

/** One placebo window for a treated set: its lift, Σy/Σŷ, scaled imbalance and treated volume. */
function placeboWindow(
  sums: RunningSums,
  treated: readonly number[],
  preFrom: number,
  windowStart: number,
  windowEnd: number,
  ridge: RidgeOption | null,
): { lift: number; ratio: number; scaledL2: number | null; volume: number } {
  const count = sums.locations;
  const controls = controlsOf(count, treated);
  const size = controls.length;
  const n = windowStart - preFrom;
  const duration = windowEnd - windowStart;
  const total = (i: number, from: number, to: number) =>
    sums.first[to * count + i]! - sums.first[from * count + i]!;
  const preSum = new Float64Array(count);
  for (let i = 0; i < count; i++) preSum[i] = total(i, preFrom, windowStart);
  // Demeaned cross-products over the pre-period: Σ(Y_i − m_i)(Y_j − m_j) = G_ij − s_i·s_j / n.
  const centred = (i: number, j: number) =>
    sums.second[windowStart * count * count + i * count + j]! -
    sums.second[preFrom * count * count + i * count + j]! -
    (preSum[i]! * preSum[j]!) / n;
  const gram = new Float64Array(size * size);
  const cross = new Float64Array(size);
  for (let a = 0; a < size; a++) {
    const i = controls[a]!;
    let c = 0;
    for (const t of treated) c += centred(t, i);
    cross[a] = c / treated.length;
    for (let b = a; b < size; b++) {
      const value = centred(i, controls[b]!);
      gram[a * size + b] = value;
      gram[b * size + a] = value;
    }
  }
  let targetSquares = 0;
  for (const t of treated) for (const u of treated) targetSquares += centred(t, u);
  targetSquares /= treated.length * treated.length;
  const { weights } = syntheticWeights(gram, cross, size, ridge);

  let treatedPreMean = 0;
  let treatedWindow = 0;
  for (const t of treated) {
    treatedPreMean += preSum[t]! / n;
    treatedWindow += total(t, windowStart, windowEnd);
  }
  treatedPreMean /= treated.length;
  const actual = treatedWindow / treated.length;
  let synthetic = duration * treatedPreMean;
  for (let a = 0; a < size; a++) {
    const i = controls[a]!;
    synthetic += weights[a]! * (total(i, windowStart, windowEnd) - (duration * preSum[i]!) / n);
  }
  const imbalance = (w: ArrayLike<number>) => {
    let value = targetSquares;
    for (let a = 0; a < size; a++) {
      value -= 2 * w[a]! * cross[a]!;
      for (let b = 0; b < size; b++) value += w[a]! * w[b]! * gram[a * size + b]!;
    }
    return Math.max(0, value);
  };
  const equal = new Float64Array(size).fill(1 / size);
  const equalImbalance = imbalance(equal);
  return {
    lift: actual / synthetic - 1,
    ratio: actual / synthetic,
    scaledL2: equalImbalance > 0 ? Math.sqrt(imbalance(weights) / equalImbalance) : null,
    volume: treatedWindow,
  };
}

/** Every eligible location demeaned over days [from, end), and their demeaned Gram matrix. */
interface WindowFit {
  centred: Float64Array[];
  means: Float64Array;
  gram: Float64Array;
}

function windowFit(sums: RunningSums, from: number, end: number): WindowFit {
  const count = sums.locations;
  const days = end - from;
  const means = new Float64Array(count);
  for (let i = 0; i < count; i++)
    means[i] = (sums.first[end * count + i]! - sums.first[from * count + i]!) / days;
  const centred = sums.series.map((values, i) => {
    const column = new Float64Array(days);
    for (let t = 0; t < days; t++) column[t] = values[from + t]! - means[i]!;
    return column;
  });
  const gram = new Float64Array(count * count);
  const square = count * count;
  for (let i = 0; i < count; i++)
    for (let j = 0; j < count; j++)
      gram[i * count + j] =
        sums.second[end * square + i * count + j]! -
        sums.second[from * square + i * count + j]! -
        days * means[i]! * means[j]!;
  return { centred, means, gram };
}

/** Effects beyond +1000% are not searched: a test that needs them detects nothing useful. */
const LARGEST_EFFECT = 10;

/**
 * The smallest injected effect the window's conformal test detects (p ≤ α with a positive
 * estimate). From where the estimate turns positive, try ±25% around `guess` (a neighbouring
 * window's threshold) or double from 1% until detected, then close
 * in on the root of the test's margin (`ConformalOutcome.margin`) by regula falsi with the
 * Illinois modification, keeping a detected upper end, to 1e-3 of itself; Infinity past
 * LARGEST_EFFECT.
 */
function detectionThreshold(
  fit: WindowFit,
  treated: readonly number[],
  duration: number,
  placeboLift: number,
  alpha: number,
  ridge: RidgeOption | null,
  guess: number | null,
): number {
  const count = fit.centred.length;
  const days = fit.centred[0]!.length;
  const controls = controlsOf(count, treated);
  const size = controls.length;
  const gram = new Float64Array(size * size);
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) gram[a * size + b] = fit.gram[controls[a]! * count + controls[b]!]!;
  // The treated mean, demeaned; the injection adds e × its raw values on the window's days.
  const target = new Float64Array(days);
  let level = 0;
  for (const i of treated) {
    level += fit.means[i]! / treated.length;
    const column = fit.centred[i]!;
    for (let t = 0; t < days; t++) target[t] = target[t]! + column[t]! / treated.length;
  }
  const direction = new Float64Array(days);
  let windowTotal = 0;
  for (let t = days - duration; t < days; t++) {
    direction[t] = target[t]! + level;
    windowTotal += direction[t]!;
  }
  for (let t = 0; t < days; t++) direction[t] = direction[t]! - windowTotal / days;
  const test = conformalFamily({
    gram,
    centred: controls.map((i) => fit.centred[i]!),
    target,
    direction,
    testCount: duration,
    ridge,
  });
  // The estimate r + e(1 + r) is positive from e = −r/(1 + r) on.
  const positiveFrom = placeboLift < 0 ? -placeboLift / (1 + placeboLift) : 0;
  const marginAt = (effect: number) => {
    if (placeboLift + effect * (1 + placeboLift) <= 0) return Number.NEGATIVE_INFINITY;
    const outcome = test(effect);
    return outcome.pValue <= alpha
      ? Math.max(outcome.margin(alpha), Number.MIN_VALUE)
      : Math.min(outcome.margin(alpha), 0);
  };
  let missed = positiveFrom;
  let missedMargin = marginAt(missed);
  if (missedMargin > 0) return missed;
  let found = Math.max(0.01, 2 * positiveFrom);
  let foundMargin: number;
  if (guess !== null && guess * 1.25 > positiveFrom) {
    // Bracket the neighbouring window's threshold first: usually both ends hold.
    found = guess * 1.25;
    foundMargin = marginAt(found);
    const low = guess * 0.8;
    if (foundMargin > 0 && low > missed) {
      const lowMargin = marginAt(low);
      if (lowMargin > 0) {
        found = low;
        foundMargin = lowMargin;
      } else {
        missed = low;
        missedMargin = lowMargin;
      }
    }
  } else foundMargin = marginAt(found);
  while (!(foundMargin > 0)) {
    missed = found;
    missedMargin = foundMargin;
    found *= 2;
    if (found > LARGEST_EFFECT) return Number.POSITIVE_INFINITY;
    foundMargin = marginAt(found);
  }
  let kept: 'missed' | 'found' | null = null;
  while (found - missed > 1e-3 * found) {
    let next =
      Number.isFinite(missedMargin) && foundMargin - missedMargin > 0
        ? found - (foundMargin * (found - missed)) / (foundMargin - missedMargin)
        : (missed + found) / 2;
    // Stay strictly inside, away from the ends by a little, so every step shrinks the bracket.
    const guard = 0.25e-3 * found;
    next = Math.min(Math.max(next, missed + guard), found - guard);
    const margin = marginAt(next);
    if (margin > 0) {
      found = next;
      foundMargin = margin;
      if (kept === 'found') missedMargin /= 2;
      kept = 'found';
    } else {
      missed = next;
      missedMargin = margin;
      if (kept === 'missed') foundMargin /= 2;
      kept = 'missed';
    }
  }
  return found;
}
