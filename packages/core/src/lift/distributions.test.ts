import { describe, expect, it } from 'vitest';
import {
  betaDensity,
  gaussLegendre,
  logGamma,
  probabilityBetaGreater,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
} from './distributions.js';
import { betaSampler, seededRandom } from './testing.js';

describe('log-gamma and the incomplete beta', () => {
  it('matches factorials, Γ(½) = √π and the recurrence Γ(x + 1) = xΓ(x)', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(Math.exp(logGamma(11))).toBeCloseTo(3_628_800, 4);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    for (const x of [0.1, 0.7, 1.3, 4.5, 17.25, 250.5])
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
  });

  it('matches the closed forms I_x(1, b) = 1 − (1 − x)^b, I_x(a, 1) = x^a, I_x(2, 2) = 3x² − 2x³', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedBeta(x, 1, 3.5)).toBeCloseTo(1 - (1 - x) ** 3.5, 13);
      expect(regularizedBeta(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 13);
      expect(regularizedBeta(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 13);
      expect(regularizedBeta(x, 3, 7) + regularizedBeta(1 - x, 7, 3)).toBeCloseTo(1, 13);
    }
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('integrates the beta density to its CDF (midpoint sums written here)', () => {
    const [a, b] = [3.3, 5.8];
    let sum = 0;
    const steps = 200_000;
    for (let step = 0; step < steps * 0.4; step++) sum += betaDensity((step + 0.5) / steps, a, b) / steps;
    expect(sum).toBeCloseTo(regularizedBeta(0.4, a, b), 8);
  });
});

describe('Student t', () => {
  it('matches the closed forms for 1 (Cauchy) and 2 degrees of freedom', () => {
    for (const t of [-30, -2.5, -0.3, 0, 0.8, 4, 60]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
    // Quantiles: tan(π(p − ½)) and (2p − 1)/√(2p(1 − p)).
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 11);
    }
  });

  it('matches the closed form for 3 degrees of freedom and printed table values', () => {
    const cdf3 = (t: number) => {
      const u = t / Math.sqrt(3);
      return 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI;
    };
    for (const t of [-5, -1, 0.4, 2.2, 9]) expect(studentTCdf(t, 3)).toBeCloseTo(cdf3(t), 13);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 8);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.6972608866, 9);
    expect(studentTQuantile(0.025, 3)).toBeCloseTo(-3.182446305, 8);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.959964, 5);
  });
});

describe('probability one beta exceeds another', () => {
  it('is 5/6 for Beta(2, 1) against Beta(1, 2) (∫ 2x · (2x − x²) dx) and ½ for equal betas', () => {
    expect(probabilityBetaGreater({ alpha: 2, beta: 1 }, { alpha: 1, beta: 2 })).toEqual({
      probability: expect.closeTo(5 / 6, 13),
      method: 'closed_form',
    });
    expect(probabilityBetaGreater({ alpha: 7, beta: 93 }, { alpha: 7, beta: 93 }).probability).toBeCloseTo(
      0.5,
      12,
    );
    expect(
      probabilityBetaGreater({ alpha: 2.5, beta: 9.5 }, { alpha: 2.5, beta: 9.5 }).probability,
    ).toBeCloseTo(0.5, 9);
  });

  /** P(X > Y) = ∫ f_X(x)·F_Y(x) dx with F_Y accumulated from its density: a sum written here. */
  function integrated(x: { alpha: number; beta: number }, y: { alpha: number; beta: number }): number {
    const steps = 100_000;
    let cdf = 0;
    let sum = 0;
    let previous = 0;
    for (let step = 1; step <= steps; step++) {
      const point = step / steps;
      const density = betaDensity(point - 0.5 / steps, y.alpha, y.beta);
      cdf += density / steps;
      const value = betaDensity(point - 0.5 / steps, x.alpha, x.beta) * (previous + cdf) * 0.5;
      sum += value / steps;
      previous = cdf;
    }
    return sum;
  }

  it('agrees with a direct numerical integral whichever parameter is whole', () => {
    const cases = [
      [
        { alpha: 13, beta: 88.5 },
        { alpha: 9.5, beta: 91.5 },
      ], // whole aX
      [
        { alpha: 12.5, beta: 88.5 },
        { alpha: 9, beta: 91.5 },
      ], // whole aY
      [
        { alpha: 12.5, beta: 88.5 },
        { alpha: 9.5, beta: 91 },
      ], // whole bY
      [
        { alpha: 12.5, beta: 88 },
        { alpha: 9.5, beta: 91.5 },
      ], // whole bX
      [
        { alpha: 12.5, beta: 88.5 },
        { alpha: 9.5, beta: 91.5 },
      ], // none: quadrature
    ] as const;
    for (const [x, y] of cases)
      expect(probabilityBetaGreater(x, y).probability).toBeCloseTo(integrated(x, y), 6);
    expect(probabilityBetaGreater(cases[4][0], cases[4][1]).method).toBe('quadrature');
  });

  it('quadrature is continuous with the closed form, and handles densities unbounded at 0', () => {
    const closed = probabilityBetaGreater({ alpha: 3, beta: 40 }, { alpha: 2, beta: 50 }).probability;
    const near = probabilityBetaGreater(
      { alpha: 3 + 1e-9, beta: 40 + 1e-9 },
      { alpha: 2 + 1e-9, beta: 50 + 1e-9 },
    );
    expect(near.method).toBe('quadrature');
    expect(near.probability).toBeCloseTo(closed, 8);
    // Jeffreys prior, no conversions in one group: Beta(0.5, 1000.5) has an unbounded density.
    const x = { alpha: 0.5, beta: 1000.5 };
    const y = { alpha: 3.5, beta: 997.5 };
    const draw = betaSampler(seededRandom(7));
    let wins = 0;
    const draws = 200_000;
    for (let run = 0; run < draws; run++) if (draw(x.alpha, x.beta) > draw(y.alpha, y.beta)) wins++;
    const probability = probabilityBetaGreater(x, y).probability;
    const sd = Math.sqrt((probability * (1 - probability)) / draws);
    expect(Math.abs(probability - wins / draws)).toBeLessThan(4 * sd);
  });

  it('handles large counts (tens of thousands of terms) without overflow', () => {
    const p = probabilityBetaGreater(
      { alpha: 1 + 5200, beta: 1 + 94_800 },
      { alpha: 1 + 5000, beta: 1 + 95_000 },
    );
    // Normal approximation: rates 0.052 vs 0.050, se √(Σ p(1−p)/n).
    const se = Math.sqrt((0.052 * 0.948 + 0.05 * 0.95) / 100_000);
    expect(p.probability).toBeCloseTo(0.5 * (1 + erf(0.002 / se / Math.SQRT2)), 3);
  });

  it('has Gauss–Legendre rules exact for polynomials of degree 2n − 1', () => {
    const { nodes, weights } = gaussLegendre(5);
    let sum = 0;
    for (let index = 0; index < 5; index++) sum += weights[index]! * nodes[index]! ** 8;
    expect(sum).toBeCloseTo(2 / 9, 14);
  });
});

/** erf by its Taylor series (enough terms for |x| < 3). */
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 80; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
