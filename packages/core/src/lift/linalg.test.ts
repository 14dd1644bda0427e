import { describe, expect, it } from 'vitest';
import {
  CollinearColumnError,
  cholesky,
  choleskySolve,
  gramQuadraticForm,
  leastSquares,
  solveGram,
} from './linalg.js';
import { normalSampler, seededRandom } from './testing.js';

/** Normal equations solved by Gauss–Jordan elimination with partial pivoting: a second method. */
function normalEquations(x: number[][], y: number[]): number[] {
  const p = x[0]!.length;
  const a = Array.from({ length: p }, (_, i) => [
    ...Array.from({ length: p }, (_, j) => x.reduce((sum, row) => sum + row[i]! * row[j]!, 0)),
    x.reduce((sum, row, r) => sum + row[i]! * y[r]!, 0),
  ]);
  for (let column = 0; column < p; column++) {
    let pivot = column;
    for (let row = column + 1; row < p; row++)
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = 0; row < p; row++) {
      if (row === column) continue;
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= p; k++) a[row]![k] = a[row]![k]! - factor * a[column]![k]!;
    }
  }
  return a.map((row, i) => row[p]! / row[i]!);
}

describe('least squares by Householder QR', () => {
  it('fits a line through three points exactly', () => {
    // y = 1 + 2t at t = 0, 1, 2.
    const fit = leastSquares(Float64Array.from([1, 0, 1, 1, 1, 2]), 3, 2, Float64Array.from([1, 3, 5]));
    expect([...fit.coefficients].map((value) => Number(value.toFixed(12)))).toEqual([1, 2]);
    expect(fit.residualSquares).toBeLessThan(1e-24);
  });

  it('matches the normal equations, and (XᵀX)⁻¹ from R matches a direct inverse', () => {
    const normal = normalSampler(seededRandom(3));
    const rows = 40;
    const columns = 5;
    const x = Array.from({ length: rows }, (_, r) => [
      1,
      r / rows,
      ...Array.from({ length: columns - 2 }, normal),
    ]);
    const y = x.map((row) => 3 + 2 * row[1]! - row[2]! + 0.5 * normal());
    const fit = leastSquares(Float64Array.from(x.flat()), rows, columns, Float64Array.from(y));
    const expected = normalEquations(x, y);
    for (const [j, value] of expected.entries()) expect(fit.coefficients[j]).toBeCloseTo(value, 10);
    const residualSquares = y.reduce((sum, value, r) => {
      const fitted = x[r]!.reduce((total, feature, j) => total + feature * expected[j]!, 0);
      return sum + (value - fitted) ** 2;
    }, 0);
    expect(fit.residualSquares).toBeCloseTo(residualSquares, 9);
    // bᵀ(XᵀX)⁻¹b, and (XᵀX)·solveGram(b) = b.
    const b = [1, 0.5, -2, 0.3, 4];
    const z = solveGram(fit, b);
    const gram = (i: number, j: number) => x.reduce((sum, row) => sum + row[i]! * row[j]!, 0);
    for (let i = 0; i < columns; i++) {
      const back = z.reduce((sum, value, j) => sum + gram(i, j) * value, 0);
      expect(back).toBeCloseTo(b[i]!, 9);
    }
    expect(gramQuadraticForm(fit, b)).toBeCloseTo(
      b.reduce((sum, value, j) => sum + value * z[j]!, 0),
      10,
    );
  });

  it('names a column that is a combination of the earlier ones', () => {
    // Column 2 = column 0 + column 1.
    const x = Float64Array.from([1, 0, 1, 1, 1, 2, 1, 2, 3, 1, 3, 4]);
    expect(() => leastSquares(x, 4, 3, Float64Array.from([1, 2, 3, 4]))).toThrow(CollinearColumnError);
    try {
      leastSquares(x, 4, 3, Float64Array.from([1, 2, 3, 4]));
    } catch (error) {
      expect((error as CollinearColumnError).column).toBe(2);
    }
  });
});

describe('Cholesky', () => {
  it('solves a symmetric positive definite system and refuses a singular one', () => {
    const a = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const factor = cholesky(a, 3)!;
    const x = choleskySolve(factor, 3, [1, 2, 3]);
    for (let i = 0; i < 3; i++)
      expect(a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!).toBeCloseTo(i + 1, 12);
    expect(cholesky(Float64Array.from([1, 1, 1, 1]), 2)).toBeNull();
  });

  it('factors A + shift·I without copying A, and a shift makes a singular matrix solvable', () => {
    const a = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const shifted = Float64Array.from([6.5, 2, 0.4, 2, 7.5, 1, 0.4, 1, 5.5]);
    expect(cholesky(a, 3, 2.5)).toEqual(cholesky(shifted, 3));
    expect(a[0]).toBe(4);
    // [1 1; 1 1] + I = [2 1; 1 2]: L = [√2 0; 1/√2 √(3/2)].
    const factor = cholesky(Float64Array.from([1, 1, 1, 1]), 2, 1)!;
    expect([...factor].map((value) => value ** 2)).toEqual([
      expect.closeTo(2, 12),
      0,
      expect.closeTo(0.5, 12),
      expect.closeTo(1.5, 12),
    ]);
  });
});
