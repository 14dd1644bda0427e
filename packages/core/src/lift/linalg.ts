/**
 * The little dense linear algebra the lift models need, exact up to rounding: least squares by
 * Householder QR (no normal equations, so the condition number is not squared) and Cholesky
 * for the small symmetric systems of the synthetic-control solver.
 *
 * Matrices are row-major `Float64Array`s with their shape passed alongside.
 */

/** A least-squares fit y ≈ Xβ. */
export interface LeastSquares {
  coefficients: Float64Array;
  residuals: Float64Array;
  /** Σ residual². */
  residualSquares: number;
  /** The p × p upper-triangular R of X = QR (row-major): XᵀX = RᵀR. */
  r: Float64Array;
  columns: number;
}

/** Thrown when a column of X is (numerically) a combination of the columns before it. */
export class CollinearColumnError extends Error {
  constructor(readonly column: number) {
    super(`column ${column} is a linear combination of the columns before it`);
  }
}

/**
 * Least squares by Householder QR of the n × p matrix X (row-major). A column whose part
 * orthogonal to the earlier columns is below 1e-9 of its own norm makes X rank-deficient: the
 * coefficients would not be determined, so it throws `CollinearColumnError` naming the column.
 */
export function leastSquares(x: Float64Array, rows: number, columns: number, y: Float64Array): LeastSquares {
  if (rows < columns) throw new RangeError(`least squares needs at least as many rows (${rows}) as columns`);
  // Work column by column: a copy of X in column-major order.
  const a = new Float64Array(rows * columns);
  const norms = new Float64Array(columns);
  for (let j = 0; j < columns; j++) {
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const value = x[i * columns + j]!;
      a[j * rows + i] = value;
      squares += value * value;
    }
    norms[j] = Math.sqrt(squares);
  }
  const qty = Float64Array.from(y);
  const r = new Float64Array(columns * columns);
  for (let k = 0; k < columns; k++) {
    const base = k * rows;
    let squares = 0;
    for (let i = k; i < rows; i++) squares += a[base + i]! ** 2;
    const norm = Math.sqrt(squares);
    if (!(norm > 1e-9 * norms[k]!) || norm === 0) throw new CollinearColumnError(k);
    // Reflect the column onto −sign(a_kk)·‖a‖·e_k (the sign that avoids cancellation).
    const head = a[base + k]!;
    const alpha = head > 0 ? -norm : norm;
    a[base + k] = head - alpha;
    // vᵀv = ‖a‖² − 2·alpha·a_k + alpha² = 2(‖a‖² − alpha·a_k), as alpha² = ‖a‖².
    const vv = 2 * (squares - alpha * head);
    // v = a[k:, k] now; H = I − 2vvᵀ/(vᵀv) applied to the later columns and to y.
    for (let j = k + 1; j < columns; j++) {
      const other = j * rows;
      let dot = 0;
      for (let i = k; i < rows; i++) dot += a[base + i]! * a[other + i]!;
      const scale = (2 * dot) / vv;
      for (let i = k; i < rows; i++) a[other + i] = a[other + i]! - scale * a[base + i]!;
      r[k * columns + j] = a[other + k]!;
    }
    let dot = 0;
    for (let i = k; i < rows; i++) dot += a[base + i]! * qty[i]!;
    const scale = (2 * dot) / vv;
    for (let i = k; i < rows; i++) qty[i] = qty[i]! - scale * a[base + i]!;
    r[k * columns + k] = alpha;
  }
  const coefficients = backSubstitute(r, columns, qty.subarray(0, columns));
  const residuals = new Float64Array(rows);
  let residualSquares = 0;
  for (let i = 0; i < rows; i++) {
    let fitted = 0;
    for (let j = 0; j < columns; j++) fitted += x[i * columns + j]! * coefficients[j]!;
    const residual = y[i]! - fitted;
    residuals[i] = residual;
    residualSquares += residual * residual;
  }
  return { coefficients, residuals, residualSquares, r, columns };
}

/** Solves Rz = b for upper-triangular R (p × p, row-major). */
export function backSubstitute(r: Float64Array, size: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let j = i + 1; j < size; j++) sum -= r[i * size + j]! * z[j]!;
    z[i] = sum / r[i * size + i]!;
  }
  return z;
}

/** Solves Rᵀz = b for upper-triangular R (forward substitution). */
export function forwardSubstituteTransposed(
  r: Float64Array,
  size: number,
  b: ArrayLike<number>,
): Float64Array {
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let j = 0; j < i; j++) sum -= r[j * size + i]! * z[j]!;
    z[i] = sum / r[i * size + i]!;
  }
  return z;
}

/** (XᵀX)⁻¹b = R⁻¹R⁻ᵀb from a fit's R. */
export function solveGram(fit: LeastSquares, b: ArrayLike<number>): Float64Array {
  return backSubstitute(fit.r, fit.columns, forwardSubstituteTransposed(fit.r, fit.columns, b));
}

/** bᵀ(XᵀX)⁻¹b = ‖R⁻ᵀb‖². */
export function gramQuadraticForm(fit: LeastSquares, b: ArrayLike<number>): number {
  const z = forwardSubstituteTransposed(fit.r, fit.columns, b);
  let sum = 0;
  for (const value of z) sum += value * value;
  return sum;
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric positive definite n × n matrix, plus
 * `shift` on its diagonal (A + shift·I without copying A); null when a pivot falls to 1e-12 of
 * the largest diagonal entry or below (singular for our use).
 */
export function cholesky(a: Float64Array, size: number, shift = 0): Float64Array | null {
  let largest = 0;
  for (let i = 0; i < size; i++) largest = Math.max(largest, Math.abs(a[i * size + i]! + shift));
  const floor = 1e-12 * largest;
  const l = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let pivot = a[j * size + j]! + shift;
    for (let k = 0; k < j; k++) pivot -= l[j * size + k]! ** 2;
    if (!(pivot > floor)) return null;
    const diagonal = Math.sqrt(pivot);
    l[j * size + j] = diagonal;
    for (let i = j + 1; i < size; i++) {
      let sum = a[i * size + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * size + k]! * l[j * size + k]!;
      l[i * size + j] = sum / diagonal;
    }
  }
  return l;
}

/** Solves (LLᵀ)x = b from a Cholesky factor. */
export function choleskySolve(l: Float64Array, size: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * size + k]! * z[k]!;
    z[i] = sum / l[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < size; k++) sum -= l[k * size + i]! * z[k]!;
    z[i] = sum / l[i * size + i]!;
  }
  return z;
}
