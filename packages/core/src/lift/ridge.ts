/**
 * The ridge strength of augmented synthetic control, chosen by time-series cross-validation over
 * the pre-period rather than fixed.
 *
 * Convention. λ is always relative: λ = r × the mean diagonal of the fit's demeaned Gram matrix
 * (the controls' mean sum of squared deviations over the days fitted), so one r means the same
 * strength whatever the KPI's scale and the fit's length. r is chosen from RIDGE_GRID (10^(k/2),
 * k = −6 … 6: 0.001 to 1,000) by rolling-origin validation: with n pre-period days, blocks of
 * h = max(1, ⌊n/10⌋) days and K = min(5, ⌊(n − 2)/h⌋) folds, fold k (1 … K) fits the weights
 * (simplex, then ridge-augmented) on days [0, n − k·h) — means included, as the analysis fits its
 * fixed effects — and predicts days [n − k·h, n − (k − 1)·h), never earlier than the days it
 * learnt from. The criterion is the sum of squared prediction errors over all folds; the
 * smallest wins, and among errors equal to 1e-9 of themselves the larger r (the weights nearer
 * the simplex). With fewer than 3 pre-period days there is no fold and the strength falls back
 * to DEFAULT_RIDGE_RELATIVE.
 *
 * Every figure comes from sums over spans of days (`SpanSums`), so a caller holding running sums
 * (market selection) validates without revisiting the days.
 */
import { choleskySolve } from './linalg.js';
import { ridgeFactor, simplexLeastSquares } from './simplex.js';

export const DEFAULT_RIDGE_RELATIVE = 0.1;

export const RIDGE_GRID: readonly number[] = Array.from({ length: 13 }, (_, k) => 10 ** ((k - 6) / 2));

/** Raw sums over a span of days: the target y and the controls Y_j. */
export interface SpanSums {
  days: number;
  /** Σ y. */
  target: number;
  /** Σ y². */
  targetSquares: number;
  /** Σ Y_j. */
  controls: Float64Array;
  /** Σ y·Y_j. */
  cross: Float64Array;
  /** Σ Y_j·Y_k, row-major. */
  gram: Float64Array;
}

export interface RidgeSelection {
  /** The chosen relative strength r. */
  relative: number;
  folds: number;
  blockDays: number;
  /** Each grid value's summed squared prediction error over the folds. */
  errors: { relative: number; error: number }[];
}

/** λ = relative × mean diagonal of the demeaned Gram matrix (1 when the controls never vary). */
export function ridgeLambda(gram: ArrayLike<number>, size: number, relative: number): number {
  let trace = 0;
  for (let j = 0; j < size; j++) trace += gram[j * size + j]!;
  // A control that never varies leaves a zero trace: any positive λ then keeps the simplex.
  return (relative * trace) / size || 1;
}

/** The folds of the convention for n pre-period days; empty below 3 days. */
export function ridgeFolds(days: number): { train: number; from: number; to: number }[] {
  const block = Math.max(1, Math.floor(days / 10));
  const count = Math.min(5, Math.floor((days - 2) / block));
  return Array.from({ length: Math.max(0, count) }, (_, index) => {
    const from = days - (index + 1) * block;
    return { train: from, from, to: from + block };
  });
}

/**
 * The cross-validated relative strength for `days` pre-period days and `size` controls;
 * `sums(from, to)` gives the raw sums over pre-period days [from, to). Null without folds.
 */
export function crossValidateRidge(
  sums: (from: number, to: number) => SpanSums,
  days: number,
  size: number,
): RidgeSelection | null {
  const folds = ridgeFolds(days);
  if (folds.length === 0) return null;
  const errors = RIDGE_GRID.map(() => 0);
  const gram = new Float64Array(size * size);
  const cross = new Float64Array(size);
  const means = new Float64Array(size);
  const validationCross = new Float64Array(size);
  const validationGram = new Float64Array(size * size);
  for (const fold of folds) {
    const train = sums(0, fold.train);
    const n = train.days;
    const targetMean = train.target / n;
    for (let j = 0; j < size; j++) means[j] = train.controls[j]! / n;
    for (let j = 0; j < size; j++) {
      cross[j] = train.cross[j]! - n * targetMean * means[j]!;
      for (let k = 0; k < size; k++)
        gram[j * size + k] = train.gram[j * size + k]! - n * means[j]! * means[k]!;
    }
    // The validation days demeaned by the training means: Σ(y − m)(Y_j − m_j) and so on.
    const held = sums(fold.from, fold.to);
    const v = held.days;
    const targetSquares = held.targetSquares - 2 * targetMean * held.target + v * targetMean * targetMean;
    for (let j = 0; j < size; j++) {
      validationCross[j] =
        held.cross[j]! -
        means[j]! * held.target -
        targetMean * held.controls[j]! +
        v * targetMean * means[j]!;
      for (let k = 0; k < size; k++)
        validationGram[j * size + k] =
          held.gram[j * size + k]! -
          means[j]! * held.controls[k]! -
          means[k]! * held.controls[j]! +
          v * means[j]! * means[k]!;
    }
    const simplex = simplexLeastSquares(gram, cross, size).weights;
    // The simplex fit's remaining imbalance c − Qw, which every strength regresses on the controls.
    const imbalance = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      let sum = cross[j]!;
      for (let k = 0; k < size; k++) sum -= gram[j * size + k]! * simplex[k]!;
      imbalance[j] = sum;
    }
    RIDGE_GRID.forEach((relative, position) => {
      const factor = ridgeFactor(gram, size, ridgeLambda(gram, size, relative));
      const correction = choleskySolve(factor, size, imbalance);
      const weights = simplex.map((weight, j) => weight + correction[j]!);
      let error = targetSquares;
      for (let j = 0; j < size; j++) {
        error -= 2 * weights[j]! * validationCross[j]!;
        for (let k = 0; k < size; k++) error += weights[j]! * weights[k]! * validationGram[j * size + k]!;
      }
      errors[position] = errors[position]! + Math.max(0, error);
    });
  }
  let best = RIDGE_GRID.length - 1;
  for (let position = RIDGE_GRID.length - 2; position >= 0; position--)
    if (errors[position]! < errors[best]! - 1e-9 * errors[best]!) best = position;
  return {
    relative: RIDGE_GRID[best]!,
    folds: folds.length,
    blockDays: folds[0]!.to - folds[0]!.from,
    errors: RIDGE_GRID.map((relative, position) => ({ relative, error: errors[position]! })),
  };
}

/** Raw sums over days [from, to) of a target and controls held as series. */
export function seriesSpanSums(
  target: ArrayLike<number>,
  controls: readonly ArrayLike<number>[],
  from: number,
  to: number,
): SpanSums {
  const size = controls.length;
  const sums: SpanSums = {
    days: to - from,
    target: 0,
    targetSquares: 0,
    controls: new Float64Array(size),
    cross: new Float64Array(size),
    gram: new Float64Array(size * size),
  };
  for (let t = from; t < to; t++) {
    const y = target[t]!;
    sums.target += y;
    sums.targetSquares += y * y;
    for (let j = 0; j < size; j++) {
      const value = controls[j]![t]!;
      sums.controls[j] = sums.controls[j]! + value;
      sums.cross[j] = sums.cross[j]! + y * value;
      for (let k = j; k < size; k++)
        sums.gram[j * size + k] = sums.gram[j * size + k]! + value * controls[k]![t]!;
    }
  }
  for (let j = 0; j < size; j++)
    for (let k = 0; k < j; k++) sums.gram[j * size + k] = sums.gram[k * size + j]!;
  return sums;
}
