/**
 * Geo experiments by synthetic control, as GeoLift reads them: the treated locations of a cell,
 * averaged per day, against a weighted combination of the control locations.
 *
 * Convention. Controls are the panel's locations in no cell and not excluded; every cell is
 * measured against the same controls. With location fixed effects the synthetic control is
 *   ŷ_t = mean_pre(y) + Σ_j w_j (Y_jt − mean_pre(Y_j)),
 * y the treated locations' mean, the weights minimising the pre-period imbalance
 * Σ_pre (ỹ_t − Σ_j w_j Ỹ_jt)² (tildes: demeaned over the pre-period) over w ≥ 0, Σw = 1, solved
 * exactly by the active-set method of `simplex.ts`. With `ridge` the weights are ridge-augmented
 * (augmented synthetic control): w + (Q + λI)⁻¹(c − Qw), Q and c the demeaned Gram matrix and
 * cross-products, which may go negative to fit better and so reach a treated series the simplex
 * cannot (a region bigger or more seasonal than every control). λ is given, or `relative` × the
 * mean diagonal of Q, the controls' mean sum of squared deviations over the fit's days, so the
 * penalty keeps its strength whatever the KPI's scale and the fit's length; with neither, the
 * relative strength is chosen by rolling-origin cross-validation over the pre-period (`ridge.ts`)
 * and then used for every fit of the cell, the conformal refits included.
 *
 * Figures: ATT is the mean of y − ŷ over the test days (per treated location per day);
 * incremental = ATT × test days × treated locations; percent lift = Σ_test (y − ŷ) / Σ_test ŷ;
 * L2 imbalance = √Σ_pre (y − ŷ)², and scaled against the same with equal weights 1/J.
 *
 * Inference is conformal (Chernozhukov, Wüthrich & Zhu 2021), not in-space placebo. Under
 * H0: "the effect averages τ per treated location per test day", τ is taken off the test days,
 * the synthetic control is refitted on pre and test days together (same model), and the
 * statistic S = |Σ_test residual| is compared with the same sum over every cyclic shift of the
 * days (moving-block permutations; T of them for T days): p(τ) = #{shifts with S ≥ S_observed}/T.
 * The sum of signed residuals tests the average effect: an effect that varies by day (a
 * multiplicative lift follows the weekly shape) cancels out of it where the sum of absolute
 * residuals (their paper's S₁, a test of the whole path) would reject the true average.
 * The p-value is p(0); the interval is {τ : p(τ) > 1 − level}, found from the estimate outward
 * by doubling steps, then bisecting each end to 1e-10 of the scale (p is a step function, so the
 * end is where the rank changes). A permutation p-value is at least 1/T: with fewer than
 * 1/(1 − level) days the interval is unbounded and the test cannot be significant, and so noted.
 */

import { MarkpiError } from '../errors.js';
import type { Period } from '../targets/periods.js';
import { checkDates, checkLevel, checkPeriod, DEFAULT_LEVEL, inPeriod, ProblemList } from './common.js';
import { type EconomicsInput, type LiftEconomics, liftEconomics, validateEconomics } from './economics.js';
import { type LiftMessage, liftMessage } from './messages.js';
import {
  crossValidateRidge,
  DEFAULT_RIDGE_RELATIVE,
  ridgeLambda,
  type SpanSums,
  seriesSpanSums,
} from './ridge.js';
import { ridgeAugment, ridgeFactor, simplexLeastSquares } from './simplex.js';

export { DEFAULT_RIDGE_RELATIVE } from './ridge.js';

export interface GeoLocationSeries {
  location: string;
  /** One value per panel date. */
  values: readonly number[];
}

/** Locations × days of one KPI. */
export interface GeoPanel {
  dates: readonly string[];
  locations: readonly GeoLocationSeries[];
}

export interface GeoCell {
  name: string;
  treated: readonly string[];
  /** The cell's spend over the test window (and the KPI's value per unit), for iROAS and cost. */
  economics?: EconomicsInput;
}

/**
 * Ridge augmentation: a fixed λ, or λ relative to the controls' variation; with neither, the
 * relative strength cross-validated over the pre-period (`ridge.ts`).
 */
export interface RidgeOption {
  /** λ > 0: larger keeps the weights closer to the simplex solution. */
  lambda?: number;
  /** λ = relative × mean diagonal of the demeaned Gram matrix; used when `lambda` is absent. */
  relative?: number;
}

/**
 * A fixed ridge for every fit of one analysis: as given, or with the relative strength chosen by
 * cross-validation over the `days` pre-period days that `sums` covers (the default strength
 * when the pre-period is too short to validate).
 */
export function resolveRidge(
  ridge: RidgeOption | null,
  sums: (from: number, to: number) => SpanSums,
  days: number,
  size: number,
): RidgeOption | null {
  if (ridge === null || ridge.lambda !== undefined || ridge.relative !== undefined) return ridge;
  return { relative: crossValidateRidge(sums, days, size)?.relative ?? DEFAULT_RIDGE_RELATIVE };
}

export interface GeoExperimentInput {
  panel: GeoPanel;
  /** Days the weights are fitted on. */
  pre: Period;
  /** Days of the test, after the pre-period. */
  test: Period;
  cells: readonly GeoCell[];
  /** Locations neither treated nor fit to be controls (spill-over, data problems). */
  exclude?: readonly string[];
  ridge?: RidgeOption;
  /** Central probability of the interval; default 0.95 (so significance is at 5%). */
  level?: number;
  /** Default `conformal`; `none` skips the interval and p-value (for quick scans). */
  inference?: 'conformal' | 'none';
}

export interface GeoWeight {
  location: string;
  weight: number;
}

export interface GeoDay {
  date: string;
  period: 'pre' | 'test';
  /** Mean of the treated locations. */
  treated: number;
  synthetic: number;
  /** treated − synthetic. */
  gap: number;
}

/** An interval whose ends may be unbounded (null). */
export interface GeoInterval {
  low: number | null;
  high: number | null;
}

export interface GeoInference {
  method: 'conformal';
  /** Cyclic shifts of the days compared against (one per day of pre + test). */
  permutations: number;
  /** Two-sided, H0: no effect. */
  pValue: number;
  level: number;
  /** Per treated location per day. */
  att: GeoInterval;
  incremental: GeoInterval;
  /** Incremental interval ÷ the synthetic control's test total. */
  lift: GeoInterval;
}

export interface GeoCellResult {
  cell: string;
  treated: string[];
  /** Every control's weight, largest first. */
  weights: GeoWeight[];
  /** The simplex weights before ridge augmentation (equal to `weights` without it). */
  simplexWeights: GeoWeight[];
  /** The ridge λ of the pre-period fit; null without augmentation. */
  ridge: number | null;
  days: GeoDay[];
  testDays: number;
  /** Σ_test of treated locations' values (all of them, not the mean). */
  actual: number;
  /** Σ_test of the synthetic control, on the same footing as `actual`. */
  counterfactual: number;
  att: number;
  incremental: number;
  /** Null when the counterfactual total is not positive. */
  percentLift: number | null;
  imbalance: { l2: number; scaledL2: number | null };
  inference: GeoInference | null;
  economics: LiftEconomics | null;
  notes: LiftMessage[];
  summary: LiftMessage;
}

export interface GeoExperimentResult {
  controls: string[];
  cells: GeoCellResult[];
}

/**
 * Simplex weights, ridge-augmented when asked; `lambda` is the λ used (null without ridge),
 * `support` the simplex solution's positive weights (a warm start for a neighbouring fit).
 */
export function syntheticWeights(
  gram: Float64Array,
  cross: Float64Array,
  size: number,
  ridge: RidgeOption | null,
  start?: readonly number[],
): { weights: Float64Array; simplex: Float64Array; lambda: number | null; support: number[] } {
  const solution = simplexLeastSquares(gram, cross, size, start);
  const simplex = solution.weights;
  const support = solution.support;
  if (ridge === null) return { weights: simplex, simplex, lambda: null, support };
  const lambda = ridge.lambda ?? ridgeLambda(gram, size, ridge.relative ?? DEFAULT_RIDGE_RELATIVE);
  return { weights: ridgeAugment(gram, cross, size, simplex, lambda), simplex, lambda, support };
}

export function checkRidge(ridge: RidgeOption | undefined, problems: ProblemList): RidgeOption | null {
  if (!ridge) return null;
  if (ridge.lambda !== undefined && !(ridge.lambda > 0 && Number.isFinite(ridge.lambda)))
    problems.add(`lambda must be a positive number, got ${ridge.lambda}`, 'ridge.lambda');
  if (ridge.relative !== undefined && !(ridge.relative > 0 && Number.isFinite(ridge.relative)))
    problems.add(`relative must be a positive number, got ${ridge.relative}`, 'ridge.relative');
  return ridge;
}

/** Demeaned Gram matrix of the controls and cross-products with the target over some rows. */
export function demeanedCrossProducts(
  target: ArrayLike<number>,
  controls: readonly ArrayLike<number>[],
  rows: readonly number[],
): { gram: Float64Array; cross: Float64Array; targetMean: number; controlMeans: Float64Array } {
  const size = controls.length;
  const count = rows.length;
  let targetMean = 0;
  for (const row of rows) targetMean += target[row]!;
  targetMean /= count;
  const controlMeans = new Float64Array(size);
  const centred = controls.map((series, j) => {
    let mean = 0;
    for (const row of rows) mean += series[row]!;
    mean /= count;
    controlMeans[j] = mean;
    return Float64Array.from(rows, (row) => series[row]! - mean);
  });
  const centredTarget = Float64Array.from(rows, (row) => target[row]! - targetMean);
  const gram = new Float64Array(size * size);
  const cross = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const a = centred[i]!;
    let c = 0;
    for (let r = 0; r < count; r++) c += a[r]! * centredTarget[r]!;
    cross[i] = c;
    for (let j = i; j < size; j++) {
      const b = centred[j]!;
      let sum = 0;
      for (let r = 0; r < count; r++) sum += a[r]! * b[r]!;
      gram[i * size + j] = sum;
      gram[j * size + i] = sum;
    }
  }
  return { gram, cross, targetMean, controlMeans };
}

export function checkPanel(panel: GeoPanel, problems: ProblemList): Map<string, number> {
  checkDates(panel.dates, 'panel.dates', problems);
  const index = new Map<string, number>();
  panel.locations.forEach((series, position) => {
    const path = `panel.locations[${position}]`;
    if (!series.location) problems.add('a location needs a name', `${path}.location`);
    else if (index.has(series.location))
      problems.add(`a second series for ${series.location}`, `${path}.location`);
    else index.set(series.location, position);
    if (series.values.length !== panel.dates.length)
      problems.add(`${series.values.length} values for ${panel.dates.length} dates`, `${path}.values`);
    const bad = series.values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) problems.add(`not a finite number: ${series.values[bad]}`, `${path}.values[${bad}]`);
  });
  return index;
}

export function analyzeGeoExperiment(input: GeoExperimentInput): GeoExperimentResult {
  const problems = new ProblemList();
  const index = checkPanel(input.panel, problems);
  const periodsOk = checkPeriod(input.pre, 'pre', problems) && checkPeriod(input.test, 'test', problems);
  if (periodsOk && input.test.from <= input.pre.to)
    problems.add(`the test starts ${input.test.from}, before the pre-period ends`, 'test');
  const level = input.level ?? DEFAULT_LEVEL;
  checkLevel(level, problems);
  const ridge = checkRidge(input.ridge, problems);
  const excluded = new Set(input.exclude ?? []);
  for (const location of excluded)
    if (!index.has(location)) problems.add(`unknown location ${location}`, 'exclude');
  const inCells = new Set<string>();
  if (input.cells.length === 0) problems.add('no cell to measure', 'cells');
  const names = new Set<string>();
  input.cells.forEach((cell, position) => {
    const path = `cells[${position}]`;
    if (names.has(cell.name)) problems.add(`a second cell named ${cell.name}`, `${path}.name`);
    names.add(cell.name);
    if (cell.treated.length === 0) problems.add('a cell needs treated locations', `${path}.treated`);
    for (const location of cell.treated) {
      if (!index.has(location)) problems.add(`unknown location ${location}`, `${path}.treated`);
      else if (excluded.has(location)) problems.add(`${location} is excluded`, `${path}.treated`);
      else if (inCells.has(location)) problems.add(`${location} is treated in two cells`, `${path}.treated`);
      inCells.add(location);
    }
    if (cell.economics) validateEconomics(cell.economics, `${path}.economics`);
  });
  const controls = input.panel.locations
    .map((series) => series.location)
    .filter((location) => !inCells.has(location) && !excluded.has(location));
  if (controls.length === 0) problems.add('no location is left to be a control', 'cells');
  const preRows: number[] = [];
  const testRows: number[] = [];
  input.panel.dates.forEach((date, row) => {
    if (inPeriod(date, input.pre)) preRows.push(row);
    else if (inPeriod(date, input.test)) testRows.push(row);
  });
  if (periodsOk && preRows.length < 2)
    problems.add(`${preRows.length} panel day(s) in the pre-period; at least 2`, 'pre');
  if (periodsOk && testRows.length === 0) problems.add('no panel day in the test', 'test');
  problems.check('geo experiment');

  const controlSeries = controls.map((location) => input.panel.locations[index.get(location)!]!.values);
  const cells = input.cells.map((cell) =>
    analyzeCell(cell, controls, controlSeries, {
      panel: input.panel,
      index,
      preRows,
      testRows,
      ridge,
      level,
      inference: input.inference ?? 'conformal',
    }),
  );
  return { controls, cells };
}

interface CellContext {
  panel: GeoPanel;
  index: Map<string, number>;
  preRows: number[];
  testRows: number[];
  ridge: RidgeOption | null;
  level: number;
  inference: 'conformal' | 'none';
}

function analyzeCell(
  cell: GeoCell,
  controls: readonly string[],
  controlSeries: readonly (readonly number[])[],
  context: CellContext,
): GeoCellResult {
  const { panel, preRows, testRows, level } = context;
  const size = controls.length;
  const treatedCount = cell.treated.length;
  const treated = new Float64Array(panel.dates.length);
  for (const location of cell.treated) {
    const values = panel.locations[context.index.get(location)!]!.values;
    for (let row = 0; row < treated.length; row++) treated[row] = treated[row]! + values[row]! / treatedCount;
  }

  const preTarget = preRows.map((row) => treated[row]!);
  const preControls = controlSeries.map((series) => preRows.map((row) => series[row]!));
  const ridge = resolveRidge(
    context.ridge,
    (from, to) => seriesSpanSums(preTarget, preControls, from, to),
    preRows.length,
    size,
  );
  const pre = demeanedCrossProducts(treated, controlSeries, preRows);
  const { weights, simplex, lambda } = syntheticWeights(pre.gram, pre.cross, size, ridge);
  const synthetic = (row: number, w: ArrayLike<number>) => {
    let value = pre.targetMean;
    for (let j = 0; j < size; j++) value += w[j]! * (controlSeries[j]![row]! - pre.controlMeans[j]!);
    return value;
  };
  const days: GeoDay[] = [];
  let l2 = 0;
  let l2Equal = 0;
  const equal = new Float64Array(size).fill(1 / size);
  for (const row of preRows) {
    const fitted = synthetic(row, weights);
    days.push({
      date: panel.dates[row]!,
      period: 'pre',
      treated: treated[row]!,
      synthetic: fitted,
      gap: treated[row]! - fitted,
    });
    l2 += (treated[row]! - fitted) ** 2;
    l2Equal += (treated[row]! - synthetic(row, equal)) ** 2;
  }
  let actualMean = 0;
  let syntheticMean = 0;
  for (const row of testRows) {
    const fitted = synthetic(row, weights);
    days.push({
      date: panel.dates[row]!,
      period: 'test',
      treated: treated[row]!,
      synthetic: fitted,
      gap: treated[row]! - fitted,
    });
    actualMean += treated[row]!;
    syntheticMean += fitted;
  }
  const testDays = testRows.length;
  const att = (actualMean - syntheticMean) / testDays;
  const incremental = att * testDays * treatedCount;
  const counterfactual = syntheticMean * treatedCount;
  const percentLift = syntheticMean > 0 ? (actualMean - syntheticMean) / syntheticMean : null;
  const imbalance = { l2: Math.sqrt(l2), scaledL2: l2Equal > 0 ? Math.sqrt(l2 / l2Equal) : null };

  const notes: LiftMessage[] = [];
  let inference: GeoInference | null = null;
  if (context.inference === 'conformal') {
    const scale = Math.max(Math.sqrt(l2 / preRows.length), Math.abs(att) * 1e-3, 1e-12);
    const test = conformalTest(treated, controlSeries, preRows, testRows, ridge);
    const alpha = 1 - level;
    const found = invertTest(test.pValue, att, scale, alpha, test.permutations);
    if (1 / test.permutations > alpha)
      notes.push(liftMessage('lift.note.few_permutations', { days: test.permutations, alpha }));
    else {
      if (found.low === null) notes.push(liftMessage('lift.note.interval_open', { side: 'low' }));
      if (found.high === null) notes.push(liftMessage('lift.note.interval_open', { side: 'high' }));
    }
    const toTotal = (tau: number | null) => (tau === null ? null : tau * testDays * treatedCount);
    const incrementalInterval = { low: toTotal(found.low), high: toTotal(found.high) };
    const overCounterfactual = (total: number | null) =>
      total === null || !(counterfactual > 0) ? null : total / counterfactual;
    inference = {
      method: 'conformal',
      permutations: test.permutations,
      pValue: test.pValue(0),
      level,
      att: found,
      incremental: incrementalInterval,
      lift: {
        low: overCounterfactual(incrementalInterval.low),
        high: overCounterfactual(incrementalInterval.high),
      },
    };
  }

  const economics = cell.economics
    ? liftEconomics(
        {
          value: incremental,
          low: inference?.incremental.low ?? Number.NEGATIVE_INFINITY,
          high: inference?.incremental.high ?? Number.POSITIVE_INFINITY,
        },
        cell.economics,
      )
    : null;
  if (economics && economics.costPerIncremental.value === null)
    notes.push(liftMessage('lift.note.no_positive_lift', {}));
  const lift = percentLift ?? 0;
  const summary =
    inference && inference.incremental.low !== null && inference.incremental.high !== null
      ? liftMessage('lift.geo.summary', {
          cell: cell.name,
          incremental,
          low: inference.incremental.low,
          high: inference.incremental.high,
          lift,
          pValue: inference.pValue,
          level,
        })
      : liftMessage('lift.geo.summary_no_interval', {
          cell: cell.name,
          incremental,
          lift,
          pValue: inference?.pValue ?? 1,
        });

  const named = (w: Float64Array) =>
    controls
      .map((location, j) => ({ location, weight: w[j]! }))
      .sort((a, b) => b.weight - a.weight || a.location.localeCompare(b.location));
  return {
    cell: cell.name,
    treated: [...cell.treated],
    weights: named(weights),
    simplexWeights: named(simplex),
    ridge: lambda,
    days,
    testDays,
    actual: actualMean * treatedCount,
    counterfactual,
    att,
    incremental,
    percentLift,
    imbalance,
    inference,
    economics,
    notes,
    summary,
  };
}

/**
 * A family of conformal tests along one direction: the target series (demeaned over the fit's
 * T days) moves by θ·direction (also demeaned), the synthetic control is refitted on all T days,
 * and the test days are the last `testCount`. The controls' Gram matrix does not depend on θ and
 * the cross-products are affine in it (c(θ) = c(0) + θ·d, d_j = Σ_t direction_t·Ỹ_jt), so each θ
 * costs one simplex solve and one pass over the days.
 */
export interface ConformalFamily {
  /** Demeaned Gram matrix of the controls over the T days. */
  gram: Float64Array;
  /** Each control demeaned over the T days, in day order. */
  centred: readonly Float64Array[];
  /** The target demeaned over the T days. */
  target: Float64Array;
  /** The change per unit of θ, demeaned over the T days. */
  direction: Float64Array;
  testCount: number;
  ridge: RidgeOption | null;
}

/** p(θ) and the test days' residual sum, for each θ of the family. */
export interface ConformalOutcome {
  pValue: number;
  /** The test days' residual sum. */
  sum: number;
  /**
   * How far the test days' |sum| clears the bar of significance at α: |W₀| minus the
   * ⌊αT⌋-th largest |W_s| of the other shifts (> 0: p ≤ α, ties aside). Continuous in θ, so
   * a boundary of significance can be found as its root. Valid until the next θ.
   */
  margin: (alpha: number) => number;
}

export function conformalFamily(family: ConformalFamily): (theta: number) => ConformalOutcome {
  const { gram, centred, target, direction, testCount, ridge } = family;
  const size = centred.length;
  const total = target.length;
  const cross0 = new Float64Array(size);
  const slope = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const column = centred[j]!;
    let c = 0;
    let d = 0;
    for (let t = 0; t < total; t++) {
      c += target[t]! * column[t]!;
      d += direction[t]! * column[t]!;
    }
    cross0[j] = c;
    slope[j] = d;
  }
  const residuals = new Float64Array(total);
  const shifted = new Float64Array(total);
  const cross = new Float64Array(size);
  // The Gram matrix, so λ and the ridge system's factor, are the same for every θ.
  const lambda =
    ridge === null
      ? null
      : (ridge.lambda ?? ridgeLambda(gram, size, ridge.relative ?? DEFAULT_RIDGE_RELATIVE));
  const factor = lambda === null ? null : ridgeFactor(gram, size, lambda);
  // Successive θ are close: each solve starts from the previous solution's support.
  let support: number[] = [];
  return (theta) => {
    for (let j = 0; j < size; j++) cross[j] = cross0[j]! + theta * slope[j]!;
    const fit = simplexLeastSquares(gram, cross, size, support);
    const weights =
      lambda === null || factor === null
        ? fit.weights
        : ridgeAugment(gram, cross, size, fit.weights, lambda, factor);
    support = fit.support;
    for (let t = 0; t < total; t++) residuals[t] = target[t]! + theta * direction[t]!;
    for (let j = 0; j < size; j++) {
      const weight = weights[j]!;
      if (weight === 0) continue;
      const column = centred[j]!;
      for (let t = 0; t < total; t++) residuals[t] = residuals[t]! - weight * column[t]!;
    }
    // Window sums over every cyclic shift; shift 0 is the test days themselves.
    let window = 0;
    for (let t = total - testCount; t < total; t++) window += residuals[t]!;
    const sum = window;
    const observed = Math.abs(window);
    let scale = 0;
    for (const value of residuals) scale += Math.abs(value);
    const tie = 1e-12 * scale;
    let atLeast = 0;
    for (let shift = 0; shift < total; shift++) {
      shifted[shift] = Math.abs(window);
      if (Math.abs(window) >= observed - tie) atLeast++;
      // Slide by one: drop the window's first day, add the one after its end (cyclically).
      const first = (total - testCount + shift) % total;
      const next = (total + shift) % total;
      window += residuals[next]! - residuals[first]!;
    }
    const margin = (alpha: number): number => {
      const rank = Math.floor(alpha * total + 1e-9);
      if (rank < 1) return Number.NEGATIVE_INFINITY;
      // The rank-th largest of the other shifts, by keeping the largest `rank` seen.
      const largest: number[] = [];
      for (let shift = 1; shift < total; shift++) {
        const value = shifted[shift]!;
        if (largest.length < rank) {
          largest.push(value);
          largest.sort((a, b) => b - a);
        } else if (value > largest[rank - 1]!) {
          largest[rank - 1] = value;
          largest.sort((a, b) => b - a);
        }
      }
      return observed - (largest[rank - 1] ?? 0);
    };
    return { pValue: atLeast / total, sum, margin };
  };
}

/**
 * The geo test's p(τ): τ taken off the test days (direction −1 there), the synthetic control
 * refitted on pre and test days, the test days' residual sum ranked among all cyclic shifts.
 */
export function conformalTest(
  treated: ArrayLike<number>,
  controlSeries: readonly ArrayLike<number>[],
  preRows: readonly number[],
  testRows: readonly number[],
  ridge: RidgeOption | null,
): { pValue: (tau: number) => number; permutations: number } {
  const rows = [...preRows, ...testRows];
  const total = rows.length;
  const testCount = testRows.length;
  const base = demeanedCrossProducts(treated, controlSeries, rows);
  const centred = controlSeries.map((series, j) =>
    Float64Array.from(rows, (row) => series[row]! - base.controlMeans[j]!),
  );
  const target = Float64Array.from(rows, (row) => treated[row]! - base.targetMean);
  const share = testCount / total;
  const direction = Float64Array.from(
    rows,
    (_, position) => (position >= total - testCount ? -1 : 0) + share,
  );
  const test = conformalFamily({ gram: base.gram, centred, target, direction, testCount, ridge });
  return { pValue: (tau) => test(tau).pValue, permutations: total };
}

/**
 * {τ : p(τ) > α} from an accepted point outward: double the step until rejected, then bisect.
 * Null ends: no rejection within 2⁶⁰ scales.
 */
export function invertTest(
  pValue: (tau: number) => number,
  estimate: number,
  scale: number,
  alpha: number,
  permutations: number,
): GeoInterval {
  if (1 / permutations > alpha) return { low: null, high: null };
  const accepted = (tau: number) => pValue(tau) > alpha;
  let start: number | null = accepted(estimate) ? estimate : null;
  for (let k = 1; start === null && k <= 64; k++) {
    for (const candidate of [estimate + (k * scale) / 4, estimate - (k * scale) / 4])
      if (start === null && accepted(candidate)) start = candidate;
  }
  if (start === null)
    throw new MarkpiError(
      'invalid_lift_input',
      'geo experiment: every effect near the estimate is rejected; the synthetic control does not fit this cell',
    );
  const from = start;
  const end = (sign: 1 | -1): number | null => {
    let inside = from;
    let step = scale;
    let rejected: number | null = null;
    for (let doubling = 0; doubling < 60 && rejected === null; doubling++) {
      const candidate = from + sign * step;
      if (accepted(candidate)) inside = candidate;
      else rejected = candidate;
      step *= 2;
    }
    if (rejected === null) return null;
    let outside = rejected;
    const precision = 1e-10 * (Math.abs(from) + scale);
    while (Math.abs(outside - inside) > precision) {
      const middle = (inside + outside) / 2;
      if (accepted(middle)) inside = middle;
      else outside = middle;
    }
    return inside;
  };
  return { low: end(-1), high: end(1) };
}
