/**
 * Least squares on the simplex: minimise ‖a − Bw‖² over w ≥ 0 with Σw = 1, the weights of a
 * synthetic control. Solved exactly (up to rounding) by a primal active-set method in the style
 * of Lawson–Hanson's NNLS, working on the Gram form Q = BᵀB, c = Bᵀa so that a caller holding
 * cross-products (sums over days) never needs the days themselves.
 *
 * Optimality (KKT): with g = Qw − c there is a ν with g_j = ν where w_j > 0 and g_j ≥ ν where
 * w_j = 0. The method keeps a passive set P of free weights, solves the problem restricted to P
 * with only the equality constraint (a small positive definite system), steps back to the
 * boundary when a weight would turn negative (dropping it), and lets in the weight whose
 * multiplier g_j − ν is most negative, until none is. Each entry strictly lowers the objective,
 * so no passive set repeats and the method ends after finitely many steps with the exact
 * minimiser: no step sizes, no convergence tolerance on the weights.
 */
import { cholesky, choleskySolve } from './linalg.js';

export interface SimplexSolution {
  /** The weights: non-negative, summing to one. */
  weights: Float64Array;
  /** ν of the KKT conditions: the common gradient of the positive weights. */
  multiplier: number;
  /** Gradient Qw − c at the solution (for checking the KKT conditions). */
  gradient: Float64Array;
  /** Active-set steps taken. */
  steps: number;
  /** The positive weights' indices (a warm start for a neighbouring problem). */
  support: number[];
}

/**
 * The minimiser of ½wᵀQw − cᵀw over the simplex, for a symmetric positive semi-definite n × n Q
 * (row-major). Equal to argmin ‖a − Bw‖² when Q = BᵀB and c = Bᵀa.
 */
export function simplexLeastSquares(
  gram: Float64Array,
  cross: ArrayLike<number>,
  size: number,
  start?: readonly number[],
): SimplexSolution {
  if (size < 1) throw new RangeError('the simplex needs at least one weight');
  let scale = 0;
  for (let j = 0; j < size; j++) scale = Math.max(scale, Math.abs(gram[j * size + j]!), Math.abs(cross[j]!));
  // Multipliers are differences of gradients, of the order of Q and c: below this they are zero.
  const tolerance = 1e-11 * (scale > 0 ? scale : 1);

  const weights = new Float64Array(size);
  let passive: number[] = [];
  // A warm start: the support of a neighbouring problem's solution, when the restricted
  // problem's solution is feasible there (else it is ignored). Only the path changes: the
  // method still ends at the minimiser.
  if (start && start.length > 0) {
    const solution = solveOnSupport(gram, cross, size, start);
    if (solution?.every((value) => value > 0)) {
      passive = [...start];
      start.forEach((j, index) => {
        weights[j] = solution[index]!;
      });
    }
  }
  if (passive.length === 0) {
    // Start from the best single weight: objective ½Q_jj − c_j at w = e_j.
    let first = 0;
    for (let j = 1; j < size; j++)
      if (0.5 * gram[j * size + j]! - cross[j]! < 0.5 * gram[first * size + first]! - cross[first]!)
        first = j;
    weights[first] = 1;
    passive = [first];
  }
  const gradient = new Float64Array(size);
  const refreshGradient = () => {
    for (let i = 0; i < size; i++) {
      let sum = -cross[i]!;
      for (const j of passive) sum += gram[i * size + j]! * weights[j]!;
      gradient[i] = sum;
    }
  };

  const maxSteps = 20 * size + 100;
  let steps = 0;
  for (;;) {
    refreshGradient();
    const multiplier = passiveMultiplier(gradient, passive);
    // Candidates to enter, most negative multiplier first; one that cannot enter (a singular
    // subproblem or a non-positive weight, which exact arithmetic rules out) is passed over.
    const candidates: number[] = [];
    const inPassive = new Uint8Array(size);
    for (const j of passive) inPassive[j] = 1;
    for (let j = 0; j < size; j++)
      if (!inPassive[j] && gradient[j]! - multiplier < -tolerance) candidates.push(j);
    candidates.sort((x, y) => gradient[x]! - gradient[y]!);
    let entered = false;
    for (const candidate of candidates) {
      const trial = [...passive, candidate];
      const solution = solveOnSupport(gram, cross, size, trial);
      if (solution === null || !(solution[trial.length - 1]! > 0)) continue;
      passive = trial;
      entered = true;
      let current = solution;
      // Walk towards the subproblem's solution, stopping at the boundary and dropping the
      // weights that reach zero, until the subproblem's solution is feasible.
      for (;;) {
        if (++steps > maxSteps) throw new Error('simplex least squares did not finish: this is a bug');
        let step = 1;
        let blocking = -1;
        for (let index = 0; index < passive.length; index++) {
          const target = current[index]!;
          if (target > 0) continue;
          const from = weights[passive[index]!]!;
          const ratio = from > 0 ? from / (from - target) : 0;
          if (ratio < step || blocking === -1) {
            step = Math.min(step, ratio);
            blocking = index;
          }
        }
        if (blocking === -1) {
          for (let index = 0; index < passive.length; index++) weights[passive[index]!] = current[index]!;
          break;
        }
        for (let index = 0; index < passive.length; index++) {
          const j = passive[index]!;
          weights[j] = weights[j]! + step * (current[index]! - weights[j]!);
        }
        // The blocking weight is on the boundary: exactly zero, out of the passive set (with any
        // other that rounding left within 1e-15 of it).
        weights[passive[blocking]!] = 0;
        const kept = passive.filter((j) => weights[j]! > 1e-15);
        for (const j of passive) if (!kept.includes(j)) weights[j] = 0;
        passive = kept;
        const next = solveOnSupport(gram, cross, size, passive);
        if (next === null) throw new Error('simplex least squares lost its support: this is a bug');
        current = next;
      }
      break;
    }
    if (!entered) break;
  }
  refreshGradient();
  return { weights, multiplier: passiveMultiplier(gradient, passive), gradient, steps, support: passive };
}

function passiveMultiplier(gradient: Float64Array, passive: readonly number[]): number {
  let sum = 0;
  for (const j of passive) sum += gradient[j]!;
  return sum / passive.length;
}

/**
 * The minimiser restricted to `support` with only Σw = 1, in the order of `support`; null when
 * the restricted problem is singular. The last index k carries w_k = 1 − Σ others, leaving an
 * unconstrained problem in the others with the reduced Hessian
 * H_il = Q_il − Q_ik − Q_kl + Q_kk and right side (c_i − c_k) − (Q_ik − Q_kk).
 */
function solveOnSupport(
  gram: Float64Array,
  cross: ArrayLike<number>,
  size: number,
  support: readonly number[],
): Float64Array | null {
  const free = support.length - 1;
  const k = support[free]!;
  const result = new Float64Array(support.length);
  if (free === 0) {
    result[0] = 1;
    return result;
  }
  const hessian = new Float64Array(free * free);
  const right = new Float64Array(free);
  const qkk = gram[k * size + k]!;
  for (let a = 0; a < free; a++) {
    const i = support[a]!;
    const qik = gram[i * size + k]!;
    right[a] = cross[i]! - cross[k]! - (qik - qkk);
    for (let b = 0; b < free; b++) {
      const l = support[b]!;
      hessian[a * free + b] = gram[i * size + l]! - qik - gram[k * size + l]! + qkk;
    }
  }
  const factor = cholesky(hessian, free);
  if (factor === null) return null;
  const solution = choleskySolve(factor, free, right);
  let last = 1;
  for (let a = 0; a < free; a++) {
    result[a] = solution[a]!;
    last -= solution[a]!;
  }
  result[free] = last;
  return result;
}

/**
 * Ridge augmentation of synthetic-control weights (augmented synthetic control): the weights
 * plus the ridge regression of the remaining imbalance on the controls,
 * w + (Q + λI)⁻¹(c − Qw). The result need not be non-negative nor sum to one: it trades the
 * simplex's interpolation for a better pre-period fit, λ setting how far.
 */
export function ridgeAugment(
  gram: Float64Array,
  cross: ArrayLike<number>,
  size: number,
  weights: Float64Array,
  lambda: number,
  factor: Float64Array = ridgeFactor(gram, size, lambda),
): Float64Array {
  const imbalance = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = cross[i]!;
    for (let j = 0; j < size; j++) sum -= gram[i * size + j]! * weights[j]!;
    imbalance[i] = sum;
  }
  const correction = choleskySolve(factor, size, imbalance);
  return weights.map((weight, j) => weight + correction[j]!);
}

/**
 * The Cholesky factor of Q + λI, which depends on neither the target nor the weights: refits
 * of one Gram matrix at one λ (the conformal test's, one per tested effect) share it.
 */
export function ridgeFactor(gram: Float64Array, size: number, lambda: number): Float64Array {
  const factor = cholesky(gram, size, lambda);
  if (factor === null) throw new RangeError('the ridge system is singular: use a larger lambda');
  return factor;
}
