import { describe, expect, it } from 'vitest';
import { ridgeAugment, simplexLeastSquares } from './simplex.js';
import { bruteForceSimplex as bruteForce, normalSampler, objective, seededRandom } from './testing.js';

/** Q = BᵀB and c = Bᵀa for columns B (each of the same length) and a target a. */
function crossProducts(columns: number[][], target: number[]) {
  const size = columns.length;
  const gram = new Float64Array(size * size);
  const cross = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    cross[i] = columns[i]!.reduce((sum, value, t) => sum + value * target[t]!, 0);
    for (let j = 0; j < size; j++)
      gram[i * size + j] = columns[i]!.reduce((sum, value, t) => sum + value * columns[j]![t]!, 0);
  }
  return { gram, cross, size };
}

function expectKkt(solution: ReturnType<typeof simplexLeastSquares>, scale: number): void {
  const { weights, gradient, multiplier } = solution;
  expect(weights.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
  weights.forEach((weight, j) => {
    expect(weight).toBeGreaterThanOrEqual(0);
    // Positive weights share the gradient ν; zero weights have gradient ≥ ν.
    if (weight > 0) expect(Math.abs(gradient[j]! - multiplier)).toBeLessThan(1e-9 * scale);
    else expect(gradient[j]! - multiplier).toBeGreaterThan(-1e-9 * scale);
  });
}

describe('least squares on the simplex', () => {
  it('solves a hand example: the treated lies between two controls, the third is too far', () => {
    // a = (3, 1, 2), B1 = (4, 0, 2), B2 = (2, 2, 2), B3 = (0, 0, 9). On the segment B1–B2,
    // t·B1 + (1 − t)·B2 = (2 + 2t, 2 − 2t, 2) hits a exactly at t = ½; B3 would only add error.
    const columns = [
      [4, 0, 2],
      [2, 2, 2],
      [0, 0, 9],
    ];
    const { gram, cross, size } = crossProducts(columns, [3, 1, 2]);
    const solution = simplexLeastSquares(gram, cross, size);
    expect([...solution.weights].map((value) => Number(value.toFixed(12)))).toEqual([0.5, 0.5, 0]);
    expectKkt(solution, 81);
    // At w = (½, ½, 0): g = Qw − c = Bᵀ(Bw − a) = 0 for the first two, ν = 0; g₃ = 0 as well
    // (the residual is zero), so B3 is at the boundary of entering but brings nothing.
    expect(solution.multiplier).toBeCloseTo(0, 10);
  });

  it('clips to a vertex when the treated lies outside the hull', () => {
    // a = (5, 5) beyond B1 = (2, 2) along the ray from B2 = (1, 1): all weight on B1.
    const { gram, cross, size } = crossProducts(
      [
        [2, 2],
        [1, 1],
      ],
      [5, 5],
    );
    expect([...simplexLeastSquares(gram, cross, size).weights]).toEqual([1, 0]);
  });

  it('matches brute force over every support and satisfies KKT on random problems', () => {
    const normal = normalSampler(seededRandom(11));
    for (let trial = 0; trial < 60; trial++) {
      const size = 2 + (trial % 7);
      const days = trial % 3 === 0 ? size - 1 : 12; // some with fewer days than controls (singular Q)
      const columns = Array.from({ length: size }, () => Array.from({ length: days }, normal));
      const target = Array.from({ length: days }, () => 1.5 * normal());
      const { gram, cross } = crossProducts(columns, target);
      const solution = simplexLeastSquares(gram, cross, size);
      const brute = bruteForce(columns, target);
      const scale = Math.max(...Array.from({ length: size }, (_, j) => gram[j * size + j]!));
      expectKkt(solution, scale);
      expect(objective(columns, target, solution.weights)).toBeCloseTo(brute.value, 9);
      // Where the minimiser is unique (Q definite), the weights themselves agree.
      if (days >= size)
        for (const [j, weight] of solution.weights.entries())
          expect(weight).toBeCloseTo(brute.weights[j]!, 8);
    }
  });

  it('copes with duplicate controls and a single control', () => {
    const columns = [
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ];
    const { gram, cross, size } = crossProducts(columns, [2, 2.5, 2.5, 3]);
    const solution = simplexLeastSquares(gram, cross, size);
    expectKkt(solution, 30);
    expect(objective(columns, [2, 2.5, 2.5, 3], solution.weights)).toBeCloseTo(
      bruteForce(columns, [2, 2.5, 2.5, 3]).value,
      10,
    );
    expect([...simplexLeastSquares(Float64Array.from([4]), [1], 1).weights]).toEqual([1]);
  });
});

describe('ridge augmentation', () => {
  it('adds (Q + λI)⁻¹(c − Qw), tending to the unconstrained fit as λ → 0 and to w as λ → ∞', () => {
    const normal = normalSampler(seededRandom(5));
    const columns = Array.from({ length: 3 }, () => Array.from({ length: 10 }, normal));
    const target = columns[0]!.map((value, t) => 2 * value - columns[1]![t]! + 0.1 * normal());
    const { gram, cross, size } = crossProducts(columns, target);
    const simplex = simplexLeastSquares(gram, cross, size).weights;
    const far = ridgeAugment(gram, cross, size, simplex, 1e9);
    for (const [j, weight] of simplex.entries()) expect(far[j]).toBeCloseTo(weight, 6);
    // λ → 0: w + Q⁻¹(c − Qw) = Q⁻¹c, ordinary least squares, here by Cramer's rule.
    const near = ridgeAugment(gram, cross, size, simplex, 1e-9);
    const q = (i: number, j: number) => gram[i * 3 + j]!;
    const determinant = (m: (i: number, j: number) => number) =>
      m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) -
      m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
      m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
    for (let k = 0; k < 3; k++) {
      const replaced = (i: number, j: number) => (j === k ? cross[i]! : q(i, j));
      expect(near[k]).toBeCloseTo(determinant(replaced) / determinant(q), 6);
    }
    expect(objective(columns, target, near)).toBeLessThan(objective(columns, target, simplex));
  });
});
