/**
 * How heavy a series' tails are, learned from its own past. Marketing series jump: a post goes
 * viral, a live stream sells out. A model calibrated on the body of the distribution (medians)
 * would call every such day a once-in-centuries event. So each series carries a Student t whose
 * degrees of freedom ν fit its past normal scores, and a new normal score z is re-read on it:
 *
 *   p = 2 · P(T_ν ≥ c_ν |z|),   c_ν = (median of |T_ν|) / (median of |Z|),
 *
 * so the body stays where the model put it and only the tails fatten. ν solves
 * R(ν) = q95(|T_ν|) / q50(|T_ν|) = the same ratio of the past |z| (2.91 for a normal, 4.2 at
 * ν = 3, 12.7 at ν = 1), over the last 365 scores, shrunk towards ν = 5 as if 60 scores at that
 * ratio came before the first (a short history is assumed moderately heavy-tailed). Ratios at
 * or under the normal's give ν = ∞ (no change); ν is held at 1 or more.
 *
 * Student t tails are exact: P(T_ν ≥ t) = ½ I_{ν/(ν+t²)}(ν/2, ½).
 */
import { incompleteBeta, normalUpperTail } from './distributions.js';

const MEDIAN_ABS_NORMAL = 0.6744897501960817;
const PRIOR_NU = 5;
const PRIOR_WEIGHT = 60;
const MEMORY = 365;

/** P(T_ν ≥ t) for t ≥ 0. */
export function studentUpperTail(t: number, nu: number): number {
  if (t <= 0) return 0.5;
  if (!Number.isFinite(t)) return 0;
  return 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5).lower;
}

/** The t ≥ 0 with P(T_ν ≥ t) = p (p ≤ 0.5), by bisection on the exact tail. */
export function studentUpperQuantile(p: number, nu: number): number {
  let low = 0;
  let high = 1;
  while (studentUpperTail(high, nu) > p) high *= 2;
  for (let round = 0; round < 200 && high - low > 1e-12 * high; round++) {
    const middle = (low + high) / 2;
    if (studentUpperTail(middle, nu) > p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** R(ν): the 95% quantile of |T_ν| over its median. */
export function tailRatio(nu: number): number {
  return studentUpperQuantile(0.025, nu) / studentUpperQuantile(0.25, nu);
}

const NORMAL_RATIO = 1.959963984540054 / MEDIAN_ABS_NORMAL;
let priorRatio: number | null = null;

let table: { nu: number; ratio: number }[] | null = null;

/** R(ν) on a log grid of ν from 1 to 1000, made once. */
function ratioTable(): { nu: number; ratio: number }[] {
  if (!table) {
    table = [];
    for (let step = 0; step <= 60; step++) {
      const nu = 10 ** (step / 20);
      table.push({ nu, ratio: tailRatio(nu) });
    }
  }
  return table;
}

/** The ν whose R(ν) is the given ratio (∞ at or under the normal's ratio, 1 at or over Cauchy's). */
export function degreesForRatio(ratio: number): number {
  const points = ratioTable();
  const last = points[points.length - 1]!;
  if (ratio <= last.ratio) {
    // Between ν = 1000 and the normal: too close to tell apart.
    return ratio <= NORMAL_RATIO + (last.ratio - NORMAL_RATIO) / 2 ? Number.POSITIVE_INFINITY : last.nu;
  }
  if (ratio >= points[0]!.ratio) return 1;
  // R falls as ν grows: find the bracket and interpolate in log ν.
  for (let index = 1; index < points.length; index++) {
    const right = points[index]!;
    if (right.ratio <= ratio) {
      const left = points[index - 1]!;
      const share = (left.ratio - ratio) / (left.ratio - right.ratio);
      return Math.exp(Math.log(left.nu) + share * (Math.log(right.nu) - Math.log(left.nu)));
    }
  }
  return last.nu;
}

/** A series' record of past normal scores and the t its tails follow. */
export class TailWeight {
  /** The last `MEMORY` scores in the order they came, and the same scores sorted. */
  private readonly scores: number[] = [];
  private readonly sorted: number[] = [];
  private cachedNu: number | null = null;

  /** Records a past |z| (a normal score, sign ignored). */
  record(z: number): void {
    const score = Math.abs(z);
    this.scores.push(score);
    this.sorted.splice(this.insertionPoint(score), 0, score);
    if (this.scores.length > MEMORY) {
      // The sorted copy is kept in step (a sort per slot was most of the scoring's time).
      const oldest = this.scores.shift()!;
      this.sorted.splice(this.insertionPoint(oldest), 1);
    }
    this.cachedNu = null;
  }

  /** The first index of the sorted scores holding a value ≥ `score`. */
  private insertionPoint(score: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle]! < score) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** ν for the scores so far (see the module's comment). */
  degrees(): number {
    if (this.cachedNu !== null) return this.cachedNu;
    const count = this.scores.length;
    priorRatio ??= tailRatio(PRIOR_NU);
    const prior = priorRatio;
    let ratio = prior;
    if (count >= 2) {
      const sorted = this.sorted;
      const at = (q: number) => sorted[Math.min(count - 1, Math.floor(q * count))]!;
      const median = at(0.5);
      const empirical = median > 0 ? at(0.95) / median : prior;
      ratio = (count * empirical + PRIOR_WEIGHT * prior) / (count + PRIOR_WEIGHT);
    }
    this.cachedNu = degreesForRatio(ratio);
    return this.cachedNu;
  }

  /** The two-sided probability of a normal score |z| re-read on the series' t. */
  probability(z: number): number {
    const nu = this.degrees();
    if (!Number.isFinite(nu)) return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
    if (this.scaleFor?.nu !== nu) {
      this.scaleFor = { nu, scale: studentUpperQuantile(0.25, nu) / MEDIAN_ABS_NORMAL };
    }
    return Math.min(1, 2 * studentUpperTail(this.scaleFor.scale * Math.abs(z), nu));
  }

  private scaleFor: { nu: number; scale: number } | null = null;
}
