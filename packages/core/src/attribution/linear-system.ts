/**
 * Dense linear solve by Gaussian elimination with partial pivoting: the absorbing Markov chains
 * of attribution are small (one state per channel, or per window of channels), so a direct
 * solve gives their probabilities exactly up to rounding, with no iteration to converge.
 */

/**
 * Solves A·X = B in place. `matrix` is n×n row-major and is destroyed; `rhs` is n×m row-major
 * (m right-hand sides solved together) and holds X on return. Throws on a singular matrix.
 */
export function solveDense(matrix: Float64Array, n: number, rhs: Float64Array, m: number): Float64Array {
  for (let column = 0; column < n; column++) {
    let pivot = column;
    let largest = Math.abs(matrix[column * n + column]!);
    for (let row = column + 1; row < n; row++) {
      const size = Math.abs(matrix[row * n + column]!);
      if (size > largest) {
        largest = size;
        pivot = row;
      }
    }
    if (largest === 0) throw new Error('singular system: a state never reaches an end');
    if (pivot !== column) {
      swapRows(matrix, n, pivot, column, column);
      swapRows(rhs, m, pivot, column, 0);
    }
    const diagonal = matrix[column * n + column]!;
    for (let row = column + 1; row < n; row++) {
      const factor = matrix[row * n + column]! / diagonal;
      if (factor === 0) continue;
      const target = row * n;
      const source = column * n;
      for (let k = column + 1; k < n; k++) matrix[target + k]! -= factor * matrix[source + k]!;
      matrix[target + column] = 0;
      for (let k = 0; k < m; k++) rhs[row * m + k]! -= factor * rhs[column * m + k]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    const diagonal = matrix[row * n + row]!;
    for (let k = 0; k < m; k++) {
      let value = rhs[row * m + k]!;
      for (let column = row + 1; column < n; column++)
        value -= matrix[row * n + column]! * rhs[column * m + k]!;
      rhs[row * m + k] = value / diagonal;
    }
  }
  return rhs;
}

function swapRows(values: Float64Array, width: number, a: number, b: number, from: number): void {
  for (let k = from; k < width; k++) {
    const kept = values[a * width + k]!;
    values[a * width + k] = values[b * width + k]!;
    values[b * width + k] = kept;
  }
}
