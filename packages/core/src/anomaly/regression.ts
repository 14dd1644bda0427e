/**
 * Weighted least squares with a ridge prior, for designs made of one large one-hot block (the
 * phase of a season: a weekday, a minute of the day) and a few dense columns (intercept,
 * weekday effects, trend). The normal equations
 *
 *   [ A   B ] [β]   [r_β]        A = diag(Σ_{j in phase} w_j) + λ_phase   (one-hot block)
 *   [ Bᵀ  C ] [θ] = [r_θ]        B, C, r from the dense columns
 *
 * are solved exactly through the Schur complement S = C − Bᵀ A⁻¹ B, which is small (at most
 * ten columns), so a fit costs O(points + phases) whatever the number of phases: a minute of
 * the day has 1440 of them. The same factors give xᵀ (XᵀWX + Λ)⁻¹ x for any row x, the
 * variance of a prediction and the leverage of a point.
 */

export interface DesignRows {
  /** Number of phase columns (0: no one-hot block). */
  phases: number;
  /** Number of dense columns. */
  dense: number;
  /** Phase of each row (−1: none). */
  phase: Int32Array;
  /** Dense columns, row-major: row j is values[j·dense … j·dense + dense − 1]. */
  values: Float64Array;
}

export interface Penalty {
  /** Prior precision of each phase effect (centred on 0). */
  phase: number;
  /** Prior precision of each dense column (0 for a flat prior, e.g. the intercept). */
  dense: readonly number[];
}

export interface Solution {
  phaseEffects: Float64Array;
  denseEffects: Float64Array;
  /** Diagonal of A (phase information plus prior). */
  phaseInformation: Float64Array;
  /** A⁻¹B, row-major (phases × dense). */
  phaseCoupling: Float64Array;
  /** Lower Cholesky factor of S, row-major (dense × dense). */
  schurFactor: Float64Array;
  dense: number;
}

/** Cholesky factor L (row-major, lower) of a symmetric positive definite matrix; adds a tiny jitter if needed. */
function cholesky(matrix: Float64Array, size: number): Float64Array {
  for (let attempt = 0; attempt < 6; attempt++) {
    const jitter = attempt === 0 ? 0 : 1e-12 * 100 ** attempt;
    const factor = new Float64Array(size * size);
    let ok = true;
    for (let i = 0; i < size && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = matrix[i * size + j]! + (i === j ? jitter * Math.max(1, matrix[i * size + i]!) : 0);
        for (let k = 0; k < j; k++) sum -= factor[i * size + k]! * factor[j * size + k]!;
        if (i === j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          factor[i * size + i] = Math.sqrt(sum);
        } else {
          factor[i * size + j] = sum / factor[j * size + j]!;
        }
      }
    }
    if (ok) return factor;
  }
  throw new Error('the normal equations are not positive definite');
}

/** Solves L Lᵀ x = b in place of a copy. */
function choleskySolve(factor: Float64Array, size: number, right: Float64Array): Float64Array {
  const x = Float64Array.from(right);
  for (let i = 0; i < size; i++) {
    let sum = x[i]!;
    for (let k = 0; k < i; k++) sum -= factor[i * size + k]! * x[k]!;
    x[i] = sum / factor[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < size; k++) sum -= factor[k * size + i]! * x[k]!;
    x[i] = sum / factor[i * size + i]!;
  }
  return x;
}

/**
 * Minimizes Σ w_j (z_j − x_jᵀ[β;θ])² + λ_phase Σ β² + Σ λ_k θ_k² over the rows given
 * (rows with weight 0 drop out).
 */
export function solvePenalized(
  rows: DesignRows,
  weights: Float64Array,
  response: Float64Array,
  penalty: Penalty,
): Solution {
  const { phases, dense, phase, values } = rows;
  const information = new Float64Array(phases).fill(penalty.phase);
  const coupling = new Float64Array(phases * dense);
  const denseMatrix = new Float64Array(dense * dense);
  const phaseRight = new Float64Array(phases);
  const denseRight = new Float64Array(dense);
  for (let k = 0; k < dense; k++) denseMatrix[k * dense + k] = penalty.dense[k] ?? 0;
  const count = phase.length;
  for (let j = 0; j < count; j++) {
    const weight = weights[j]!;
    if (!(weight > 0)) continue;
    const z = response[j]!;
    const p = phase[j]!;
    const offset = j * dense;
    if (p >= 0) {
      information[p] = information[p]! + weight;
      phaseRight[p] = phaseRight[p]! + weight * z;
      for (let k = 0; k < dense; k++)
        coupling[p * dense + k] = coupling[p * dense + k]! + weight * values[offset + k]!;
    }
    for (let k = 0; k < dense; k++) {
      const xk = values[offset + k]!;
      denseRight[k] = denseRight[k]! + weight * xk * z;
      for (let l = 0; l <= k; l++)
        denseMatrix[k * dense + l] = denseMatrix[k * dense + l]! + weight * xk * values[offset + l]!;
    }
  }
  for (let k = 0; k < dense; k++)
    for (let l = 0; l < k; l++) denseMatrix[l * dense + k] = denseMatrix[k * dense + l]!;
  // Schur complement: S = C − Bᵀ A⁻¹ B, right side r_θ − Bᵀ A⁻¹ r_β; keep A⁻¹B for later.
  const schur = Float64Array.from(denseMatrix);
  const schurRight = Float64Array.from(denseRight);
  for (let p = 0; p < phases; p++) {
    const a = information[p]!;
    for (let k = 0; k < dense; k++) {
      const bk = coupling[p * dense + k]!;
      schurRight[k] = schurRight[k]! - (bk * phaseRight[p]!) / a;
      for (let l = 0; l < dense; l++)
        schur[k * dense + l] = schur[k * dense + l]! - (bk * coupling[p * dense + l]!) / a;
    }
    for (let k = 0; k < dense; k++) coupling[p * dense + k] = coupling[p * dense + k]! / a;
  }
  const schurFactor = cholesky(schur, dense);
  const denseEffects = choleskySolve(schurFactor, dense, schurRight);
  const phaseEffects = new Float64Array(phases);
  for (let p = 0; p < phases; p++) {
    let value = phaseRight[p]! / information[p]!;
    for (let k = 0; k < dense; k++) value -= coupling[p * dense + k]! * denseEffects[k]!;
    phaseEffects[p] = value;
  }
  return {
    phaseEffects,
    denseEffects,
    phaseInformation: information,
    phaseCoupling: coupling,
    schurFactor,
    dense,
  };
}

/** xᵀβ for a row given by its phase and dense values. */
export function predictRow(solution: Solution, phase: number, dense: ArrayLike<number>): number {
  let value = phase >= 0 ? solution.phaseEffects[phase]! : 0;
  for (let k = 0; k < solution.dense; k++) value += solution.denseEffects[k]! * dense[k]!;
  return value;
}

/**
 * xᵀ (XᵀWX + Λ)⁻¹ x for a row: 1/A_p + gᵀ S⁻¹ g with g = x_dense − (A⁻¹B)_p (block inverse).
 */
export function rowVariance(solution: Solution, phase: number, dense: ArrayLike<number>): number {
  const size = solution.dense;
  const g = new Float64Array(size);
  for (let k = 0; k < size; k++)
    g[k] = dense[k]! - (phase >= 0 ? solution.phaseCoupling[phase * size + k]! : 0);
  // gᵀ S⁻¹ g = |L⁻¹ g|².
  let quadratic = 0;
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = g[i]!;
    for (let k = 0; k < i; k++) sum -= solution.schurFactor[i * size + k]! * y[k]!;
    y[i] = sum / solution.schurFactor[i * size + i]!;
    quadratic += y[i]! * y[i]!;
  }
  return (phase >= 0 ? 1 / solution.phaseInformation[phase]! : 0) + quadratic;
}
