import { describe, expect, it } from 'vitest';
import { analyzeGeoExperiment } from './geo.js';
import { crossValidateRidge, RIDGE_GRID, ridgeFolds, seriesSpanSums } from './ridge.js';
import { bruteForceSimplex, syntheticPanel } from './testing.js';

/** Gaussian elimination with partial pivoting, written apart from the library's Cholesky. */
function solve(matrix: number[][], right: number[]): number[] {
  const size = right.length;
  const rows = matrix.map((row, i) => [...row, right[i]!]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++)
      if (Math.abs(rows[row]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!];
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = rows[row]![column]! / rows[column]![column]!;
      for (let k = column; k <= size; k++) rows[row]![k] = rows[row]![k]! - factor * rows[column]![k]!;
    }
  }
  return rows.map((row, i) => row[size]! / row[i]!);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * One grid value's validation error the slow way: for each fold, demean the training days,
 * find the simplex weights by enumerating supports, augment them by solving (Q + λI)Δ = c − Qw,
 * and predict each held-out day from the training means.
 */
function bruteForceError(target: number[], controls: number[][], relative: number): number {
  let error = 0;
  for (const fold of ridgeFolds(target.length)) {
    const trainTarget = target.slice(0, fold.train);
    const trainControls = controls.map((series) => series.slice(0, fold.train));
    const targetMean = mean(trainTarget);
    const means = trainControls.map(mean);
    const centred = trainControls.map((series, j) => series.map((value) => value - means[j]!));
    const centredTarget = trainTarget.map((value) => value - targetMean);
    const simplex = bruteForceSimplex(centred, centredTarget).weights;
    const dot = (a: number[], b: number[]) => a.reduce((sum, value, t) => sum + value * b[t]!, 0);
    const trace = centred.reduce((sum, column) => sum + dot(column, column), 0);
    const lambda = (relative * trace) / controls.length;
    const shifted = centred.map((a, i) => centred.map((b, j) => dot(a, b) + (i === j ? lambda : 0)));
    const residual = centredTarget.map(
      (value, t) => value - centred.reduce((sum, column, j) => sum + simplex[j]! * column[t]!, 0),
    );
    const correction = solve(
      shifted,
      centred.map((column) => dot(column, residual)),
    );
    const weights = simplex.map((weight, j) => weight + correction[j]!);
    for (let t = fold.from; t < fold.to; t++) {
      const predicted = controls.reduce(
        (sum, series, j) => sum + weights[j]! * (series[t]! - means[j]!),
        targetMean,
      );
      error += (target[t]! - predicted) ** 2;
    }
  }
  return error;
}

describe('ridge strength by time-series cross-validation', () => {
  it('validates on the last blocks of the pre-period, each after the days it learns from', () => {
    expect(ridgeFolds(40)).toEqual([
      { train: 36, from: 36, to: 40 },
      { train: 32, from: 32, to: 36 },
      { train: 28, from: 28, to: 32 },
      { train: 24, from: 24, to: 28 },
      { train: 20, from: 20, to: 24 },
    ]);
    // Short pre-periods: one-day blocks, keeping at least two days to learn from; none below 3.
    expect(ridgeFolds(4)).toEqual([
      { train: 3, from: 3, to: 4 },
      { train: 2, from: 2, to: 3 },
    ]);
    expect(ridgeFolds(2)).toEqual([]);
    expect(RIDGE_GRID[0]).toBeCloseTo(0.001, 15);
    expect(RIDGE_GRID.at(-1)).toBeCloseTo(1000, 9);
  });

  for (const seed of [3, 17, 29]) {
    it(`chooses the grid value a brute-force refit of every fold prefers (panel ${seed})`, () => {
      // A treated region the controls cannot reach on the simplex (1.6× one of them) and noise.
      const panel = syntheticPanel({ seed, regions: 6, days: 60, noise: 0.04 });
      const controls = panel.locations.slice(1).map((series) => series.values.slice(0, 40));
      const target = panel.locations[0]!.values.slice(0, 40).map(
        (value, t) => value + 0.6 * controls[1]![t]!,
      );
      const selection = crossValidateRidge(
        (from, to) => seriesSpanSums(target, controls, from, to),
        40,
        controls.length,
      )!;
      expect(selection.folds).toBe(5);
      expect(selection.blockDays).toBe(4);
      const slow = RIDGE_GRID.map((relative) => bruteForceError(target, controls, relative));
      selection.errors.forEach((entry, position) => {
        expect(entry.relative).toBe(RIDGE_GRID[position]);
        expect(entry.error).toBeCloseTo(slow[position]!, 6);
      });
      const best = slow.indexOf(Math.min(...slow));
      expect(selection.relative).toBe(RIDGE_GRID[best]);
    });
  }

  it('is the strength a geo analysis uses when ridge is asked for without one', () => {
    const panel = syntheticPanel({ seed: 11, regions: 7, days: 70, noise: 0.03 });
    const input = {
      panel,
      pre: { from: panel.dates[0]!, to: panel.dates[49]! },
      test: { from: panel.dates[50]!, to: panel.dates[69]! },
      cells: [{ name: 'a', treated: ['region-01'] }],
    };
    const controls = panel.locations.slice(1).map((series) => series.values.slice(0, 50));
    const target = panel.locations[0]!.values.slice(0, 50);
    const chosen = crossValidateRidge(
      (from, to) => seriesSpanSums(target, controls, from, to),
      50,
      controls.length,
    )!.relative;
    const validated = analyzeGeoExperiment({ ...input, ridge: {} }).cells[0]!;
    const fixed = analyzeGeoExperiment({ ...input, ridge: { relative: chosen } }).cells[0]!;
    expect(validated.ridge).toBe(fixed.ridge);
    expect(validated.weights).toEqual(fixed.weights);
    expect(validated.inference).toEqual(fixed.inference);
    // λ = r × the controls' mean sum of squared deviations over the pre-period.
    const trace = controls.reduce((sum, series) => {
      const m = mean(series);
      return sum + series.reduce((total, value) => total + (value - m) ** 2, 0);
    }, 0);
    expect(validated.ridge).toBeCloseTo((chosen * trace) / controls.length, 6);
  });

  it('falls back to the default strength when the pre-period holds no fold', () => {
    const target = [1, 2];
    const controls = [
      [1, 3],
      [2, 1],
    ];
    expect(crossValidateRidge((from, to) => seriesSpanSums(target, controls, from, to), 2, 2)).toBeNull();
  });
});
