import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomial,
  countWithMoments,
  gammaWithMoments,
  incompleteBeta,
  incompleteGamma,
  logGamma,
  negativeBinomial,
  normalUpperQuantile,
  normalUpperTail,
  poisson,
  twoSidedTail,
} from './distributions.js';

/** Brute force: a tail as the sum of pmf terms, each from its own log-gamma-free recurrence. */
function sumPmf(pmf: (k: number) => number, from: number, to: number): number {
  let total = 0;
  for (let k = from; k <= to; k++) total += pmf(k);
  return total;
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('tails computed by hand', () => {
  it('Poisson(2): P(Y ≥ 6) = 1 − e⁻²(1 + 2 + 2 + 4/3 + 2/3 + 4/15) = 0.016564', () => {
    const byHand = 1 - Math.exp(-2) * (1 + 2 + 2 + 4 / 3 + 2 / 3 + 4 / 15);
    expect(byHand).toBeCloseTo(0.016564, 6);
    expect(poisson(2).upperTail(6)).toBeCloseTo(byHand, 12);
    // P(Y ≤ 0) = e⁻² = 0.135335.
    expect(poisson(2).lowerTail(0)).toBeCloseTo(Math.exp(-2), 14);
  });

  it('Binomial(40, 1%): P(Y ≥ 2) = 1 − 0.99⁴⁰ − 40 · 0.01 · 0.99³⁹ = 0.060700', () => {
    const byHand = 1 - 0.99 ** 40 - 40 * 0.01 * 0.99 ** 39;
    expect(byHand).toBeCloseTo(0.0607, 4);
    expect(binomial(40, 0.01).upperTail(2)).toBeCloseTo(byHand, 12);
    expect(binomial(40, 0.01).lowerTail(0)).toBeCloseTo(0.99 ** 40, 12);
  });

  it('the normal tail keeps its digits far out', () => {
    // P(Z ≥ 5) = 2.866515718791939e-7 (standard tables), P(Z ≥ 10) = 7.619853024160527e-24.
    expect(normalUpperTail(5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normalUpperTail(10) / 7.619853024160527e-24).toBeCloseTo(1, 9);
    expect(normalUpperTail(-1)).toBeCloseTo(0.8413447460685429, 12);
    for (const p of [0.4, 0.025, 1e-3, 1e-9, 1e-100, 1e-300]) {
      expect(normalUpperTail(normalUpperQuantile(p)) / p).toBeCloseTo(1, 9);
    }
  });

  it('log-gamma matches factorials', () => {
    for (const n of [1, 2, 5, 10, 20]) expect(logGamma(n + 1)).toBeCloseTo(Math.log(factorial(n)), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('tails against brute-force sums', () => {
  it('negative binomial', () => {
    const mean = 12;
    const size = 3;
    const p = size / (size + mean);
    // pmf(k) = Γ(k + r) / (k! Γ(r)) p^r (1 − p)^k, by the recurrence pmf(k+1) = pmf(k) (k + r)/(k + 1) (1 − p).
    const pmf: number[] = [p ** size];
    for (let k = 0; k < 400; k++) pmf.push((pmf[k]! * (k + size) * (1 - p)) / (k + 1));
    const distribution = negativeBinomial(mean, size);
    for (const y of [0, 3, 12, 40, 80]) {
      expect(distribution.lowerTail(y)).toBeCloseTo(
        sumPmf((k) => pmf[k]!, 0, y),
        12,
      );
      const upper = sumPmf((k) => pmf[k]!, y, 400);
      expect(distribution.upperTail(y) / upper).toBeCloseTo(1, 9);
    }
  });

  it('binomial and Poisson far in the tail, relative to the tail itself', () => {
    const n = 1000;
    const rate = 0.02;
    const pmf: number[] = [(1 - rate) ** n];
    for (let k = 0; k < n; k++) pmf.push((pmf[k]! * (n - k) * rate) / ((k + 1) * (1 - rate)));
    const upper = sumPmf((k) => pmf[k]!, 60, n);
    expect(upper).toBeLessThan(1e-10);
    expect(binomial(n, rate).upperTail(60) / upper).toBeCloseTo(1, 8);
    const poissonPmf: number[] = [Math.exp(-20)];
    for (let k = 0; k < 300; k++) poissonPmf.push((poissonPmf[k]! * 20) / (k + 1));
    expect(poisson(20).upperTail(60) / sumPmf((k) => poissonPmf[k]!, 60, 300)).toBeCloseTo(1, 8);
  });

  it('gamma against numerical integration of its density (Simpson, 20,000 panels)', () => {
    const mean = 100;
    const variance = 400;
    const shape = (mean * mean) / variance;
    const scale = variance / mean;
    const density = (x: number) =>
      Math.exp((shape - 1) * Math.log(x) - x / scale - logGamma(shape) - shape * Math.log(scale));
    const integrate = (from: number, to: number) => {
      const panels = 20_000;
      const h = (to - from) / panels;
      let sum = density(from) + density(to);
      for (let i = 1; i < panels; i++) sum += density(from + i * h) * (i % 2 === 1 ? 4 : 2);
      return (sum * h) / 3;
    };
    const distribution = gammaWithMoments(mean, variance);
    expect(distribution.lowerTail(80)).toBeCloseTo(integrate(1e-9, 80), 8);
    expect(distribution.upperTail(150)).toBeCloseTo(integrate(150, 600), 8);
  });

  it('incomplete gamma and beta: both sides sum to 1 and are monotone (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (a, b, x) => {
          const beta = incompleteBeta(x, a, b);
          const gamma = incompleteGamma(a, x * 2 * a);
          expect(beta.lower + beta.upper).toBeCloseTo(1, 12);
          expect(gamma.lower + gamma.upper).toBeCloseTo(1, 12);
          expect(incompleteBeta(Math.min(0.9999, x + 0.0001), a, b).lower).toBeGreaterThanOrEqual(
            beta.lower - 1e-14,
          );
        },
      ),
    );
  });
});

describe('the count family that fits two moments', () => {
  it('is Poisson at V = μ, negative binomial above, binomial below', () => {
    expect(countWithMoments(10, 10).variance).toBe(10);
    // V = 30 > μ = 10: size r = μ² / (V − μ) = 5.
    const over = countWithMoments(10, 30);
    expect(over.variance).toBeCloseTo(30, 10);
    expect(over.upperTail(25)).toBeCloseTo(negativeBinomial(10, 5).upperTail(25), 14);
    // V = 9.8 < μ = 10: p = 1 − V/μ = 0.02, n = μ/p = 500 — exactly Binomial(500, 2%).
    const under = countWithMoments(10, 9.8);
    expect(under.upperTail(20)).toBeCloseTo(binomial(500, 0.02).upperTail(20), 14);
  });

  it('is close to the exact beta-binomial it stands in for (brute force)', () => {
    // A CTR of 2% on 5,000 impressions whose true rate wobbles by 10% (relative sd).
    const n = 5000;
    const rate = 0.02;
    const wobble = (0.1 * rate) ** 2;
    const precision = (rate * (1 - rate)) / wobble - 1;
    const alpha = rate * precision;
    const beta = (1 - rate) * precision;
    // Beta-binomial pmf by recurrence: pmf(k+1) = pmf(k) (n − k)(k + α) / ((k + 1)(n − k − 1 + β)).
    const logFirst =
      logGamma(n + beta) + logGamma(alpha + beta) - logGamma(n + alpha + beta) - logGamma(beta);
    const pmf: number[] = [Math.exp(logFirst)];
    for (let k = 0; k < 400; k++)
      pmf.push((pmf[k]! * (n - k) * (k + alpha)) / ((k + 1) * (n - k - 1 + beta)));
    const mean = n * rate;
    // The model's binomial variance with relative wobble v = Var(p) / r²: μ (1 − r) + (1 − 1/n) v μ².
    const variance = mean * (1 - rate) + (1 - 1 / n) * (wobble / rate ** 2) * mean * mean;
    const exactVariance = sumPmf((k) => pmf[k]! * (k - mean) ** 2, 0, 400);
    // The beta-binomial's variance is n r (1 − r) + n (n − 1) Var(p), exactly.
    expect(exactVariance).toBeCloseTo(n * rate * (1 - rate) + n * (n - 1) * wobble, 4);
    const stand = countWithMoments(mean, variance);
    for (const y of [60, 140, 160]) {
      const exact = y < mean ? sumPmf((k) => pmf[k]!, 0, y) : sumPmf((k) => pmf[k]!, y, 400);
      const ours = y < mean ? stand.lowerTail(y) : stand.upperTail(y);
      // Same mean and variance; the shapes differ a little in the far tail.
      expect(Math.abs(Math.log(ours / exact))).toBeLessThan(0.35);
    }
  });

  it('scores a value against a range of means: inside is 1, outside the nearer edge', () => {
    const low = poisson(10);
    const high = poisson(40);
    expect(twoSidedTail(25, low, high)).toEqual({ p: 1, side: null });
    expect(twoSidedTail(70, low, high).p).toBeCloseTo(2 * high.upperTail(70), 14);
    expect(twoSidedTail(70, low, high).side).toBe('above');
    expect(twoSidedTail(1, low, high)).toEqual({ p: 2 * low.lowerTail(1), side: 'below' });
  });

  it('gives quantiles that are the smallest value with P(Y ≤ y) ≥ q', () => {
    // Poisson(2): P(Y ≤ 4) = 0.947347, P(Y ≤ 5) = 0.983436, so the 0.975 quantile is 5.
    expect(poisson(2).quantile(0.975)).toBe(5);
    expect(poisson(2).quantile(0.1)).toBe(0);
    expect(poisson(2).quantile(0.2)).toBe(1);
    const amount = gammaWithMoments(100, 400);
    expect(amount.lowerTail(amount.quantile(0.01))).toBeCloseTo(0.01, 8);
  });
});
