import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DesignRows, predictRow, rowVariance, solvePenalized } from './regression.js';

/** The full design matrix of a one-hot phase block followed by the dense columns. */
function fullRows(rows: DesignRows): number[][] {
  return Array.from(rows.phase, (phase, j) => [
    ...Array.from({ length: rows.phases }, (_, p) => (p === phase ? 1 : 0)),
    ...Array.from({ length: rows.dense }, (_, k) => rows.values[j * rows.dense + k]!),
  ]);
}

/** Gauss–Jordan with partial pivoting: the inverse of a small dense matrix. */
function invert(matrix: number[][]): number[][] {
  const size = matrix.length;
  const work = matrix.map((row, i) => [...row, ...Array.from({ length: size }, (_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++)
      if (Math.abs(work[row]![column]!) > Math.abs(work[pivot]![column]!)) pivot = row;
    [work[column], work[pivot]] = [work[pivot]!, work[column]!];
    const lead = work[column]![column]!;
    for (let k = 0; k < 2 * size; k++) work[column]![k]! /= lead;
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = work[row]![column]!;
      for (let k = 0; k < 2 * size; k++) work[row]![k]! -= factor * work[column]![k]!;
    }
  }
  return work.map((row) => row.slice(size));
}

describe('penalized least squares through the Schur complement', () => {
  it('solves a hand-sized case: two phases and an intercept', () => {
    // y = 1, 3 in phase 0 and 10 in phase 1, an intercept, priors next to nothing: whatever the
    // intercept and the phase effects share, the predictions are the phase means, 2 and 10.
    const rows: DesignRows = {
      phases: 2,
      dense: 1,
      phase: Int32Array.from([0, 0, 1]),
      values: Float64Array.from([1, 1, 1]),
    };
    const solution = solvePenalized(rows, Float64Array.from([1, 1, 1]), Float64Array.from([1, 3, 10]), {
      phase: 1e-9,
      dense: [1e-9],
    });
    expect(predictRow(solution, 0, [1])).toBeCloseTo(2, 6);
    expect(predictRow(solution, 1, [1])).toBeCloseTo(10, 6);
  });

  it('agrees with the dense normal equations, coefficients and xᵀ(XᵀWX + Λ)⁻¹x (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })),
          {
            minLength: 12,
            maxLength: 40,
          },
        ),
        fc.integer({ min: 0, max: 1000 }),
        (phases, dense, data, seed) => {
          let state = seed + 1;
          const next = () => {
            state = (state * 16807) % 2147483647;
            return state / 2147483647;
          };
          const rows: DesignRows = {
            phases,
            dense,
            phase: Int32Array.from(data, () => Math.floor(next() * (phases + 1)) - 1),
            values: Float64Array.from({ length: data.length * dense }, (_, i) =>
              i % dense === 0 ? 1 : next() * 4 - 2,
            ),
          };
          const weights = Float64Array.from(data, ([weight]) => weight);
          const response = Float64Array.from(data, ([, value]) => value);
          const penalty = {
            phase: 0.7,
            dense: Array.from({ length: dense }, (_, k) => (k === 0 ? 0.01 : 0.3)),
          };
          const solution = solvePenalized(rows, weights, response, penalty);
          // Dense: (XᵀWX + Λ) β = XᵀWz.
          const x = fullRows(rows);
          const size = phases + dense;
          const normal = Array.from({ length: size }, (_, a) =>
            Array.from(
              { length: size },
              (_, b) =>
                x.reduce((sum, row, j) => sum + weights[j]! * row[a]! * row[b]!, 0) +
                (a === b ? (a < phases ? penalty.phase : penalty.dense[a - phases]!) : 0),
            ),
          );
          const right = Array.from({ length: size }, (_, a) =>
            x.reduce((sum, row, j) => sum + weights[j]! * row[a]! * response[j]!, 0),
          );
          const inverse = invert(normal);
          const beta = inverse.map((row) => row.reduce((sum, value, b) => sum + value * right[b]!, 0));
          for (let p = 0; p < phases; p++) expect(solution.phaseEffects[p]).toBeCloseTo(beta[p]!, 6);
          for (let k = 0; k < dense; k++) expect(solution.denseEffects[k]).toBeCloseTo(beta[phases + k]!, 6);
          for (const [j, row] of x.entries()) {
            const quadratic = row.reduce(
              (sum, a, i) => sum + a * row.reduce((inner, b, k) => inner + inverse[i]![k]! * b, 0),
              0,
            );
            const denseRow = Array.from({ length: dense }, (_, k) => rows.values[j * dense + k]!);
            expect(rowVariance(solution, rows.phase[j]!, denseRow)).toBeCloseTo(quadratic, 6);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
