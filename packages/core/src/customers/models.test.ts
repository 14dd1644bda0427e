import { describe, expect, it } from 'vitest';
import { isMarkpiError } from '../errors.js';
import {
  type BgNbdParameters,
  bgNbdConditionalPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdNegativeLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
  type PurchaseSummary,
  weightedSummaries,
} from './bgnbd.js';
import { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { hypergeometric2F1, invertMatrix, nelderMead } from './optimise.js';
import {
  betaDraw,
  expectOverBeta,
  expectOverGamma,
  gammaDraw,
  integrate,
  seededUniform,
  simulatePurchases,
} from './testing.js';

/** The published CDNOW estimates (Fader, Hardie and Lee 2005), in weeks. */
const CDNOW: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const CDNOW_SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

/** An individual's likelihood given λ and p (the paper's equation 3), for brute force. */
function individualLikelihood(customer: PurchaseSummary, lambda: number, p: number): number {
  const { frequency: x, recency, age } = customer;
  const alive = (1 - p) ** x * lambda ** x * Math.exp(-lambda * age);
  const dropped = x > 0 ? p * (1 - p) ** (x - 1) * lambda ** x * Math.exp(-lambda * recency) : 0;
  return alive + dropped;
}

function bruteForceLikelihood(parameters: BgNbdParameters, customer: PurchaseSummary): number {
  return expectOverBeta(
    (p) =>
      expectOverGamma(
        (lambda) => individualLikelihood(customer, lambda, p),
        parameters.r,
        parameters.alpha,
        60,
      ),
    parameters.a,
    parameters.b,
  );
}

describe('the optimiser and special functions', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const rosenbrock = (point: readonly number[]) =>
      (1 - point[0]!) ** 2 + 100 * (point[1]! - point[0]! ** 2) ** 2;
    const minimum = nelderMead(rosenbrock, [-1.2, 1], { tolerance: 1e-16 });
    expect(minimum.converged).toBe(true);
    expect(minimum.point[0]).toBeCloseTo(1, 5);
    expect(minimum.point[1]).toBeCloseTo(1, 5);
  });

  it('inverts a matrix and says when it cannot', () => {
    // [[4, 7], [2, 6]]⁻¹ = [[0.6, −0.7], [−0.2, 0.4]] (determinant 10, by hand).
    const inverse = invertMatrix([
      [4, 7],
      [2, 6],
    ])!;
    expect(inverse[0]![0]).toBeCloseTo(0.6, 12);
    expect(inverse[0]![1]).toBeCloseTo(-0.7, 12);
    expect(inverse[1]![0]).toBeCloseTo(-0.2, 12);
    expect(inverse[1]![1]).toBeCloseTo(0.4, 12);
    expect(
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toBeUndefined();
  });

  it('sums ₂F₁ to its closed forms', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z and ₂F₁(a, b; b; z) = (1 − z)^(−a).
    expect(hypergeometric2F1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    expect(hypergeometric2F1(2.5, 3, 3, 0.3)).toBeCloseTo(0.7 ** -2.5, 12);
  });
});

describe('BG/NBD', () => {
  it('gives a customer without repeats the likelihood (α / (α + T))^r, by hand', () => {
    // CDNOW, T = 38.86 weeks: (4.414 / 43.274)^0.243 = 0.10200^0.243 = e^(0.243 · −2.28278) = 0.57424.
    const likelihood = Math.exp(bgNbdLogLikelihood(CDNOW, { frequency: 0, recency: 0, age: 38.86 }));
    expect(likelihood).toBeCloseTo(0.57424, 4);
  });

  it('matches the likelihood integrated by brute force over λ and p', () => {
    const customers: PurchaseSummary[] = [
      { frequency: 0, recency: 0, age: 38.86 },
      { frequency: 2, recency: 30.43, age: 38.86 },
      { frequency: 1, recency: 1.71, age: 38.86 },
      { frequency: 6, recency: 29.43, age: 32 },
    ];
    for (const customer of customers) {
      const closed = Math.exp(bgNbdLogLikelihood(CDNOW, customer));
      expect(bruteForceLikelihood(CDNOW, customer) / closed).toBeCloseTo(1, 6);
    }
  });

  it('matches the expected purchases and P(alive) integrated over the posterior', () => {
    const customer = { frequency: 2, recency: 30.43, age: 38.86 };
    const horizon = 39;
    const evidence = bruteForceLikelihood(CDNOW, customer);
    // Alive now with weight (1 − p)^x λ^x e^(−λT); then (1 − e^(−λpt)) / p purchases expected in t.
    const aliveWeight = (lambda: number, p: number) =>
      (1 - p) ** customer.frequency * lambda ** customer.frequency * Math.exp(-lambda * customer.age);
    const future = expectOverBeta(
      (p) =>
        expectOverGamma(
          (lambda) => (aliveWeight(lambda, p) * (1 - Math.exp(-lambda * p * horizon))) / p,
          CDNOW.r,
          CDNOW.alpha,
          60,
        ),
      CDNOW.a,
      CDNOW.b,
    );
    const alive = expectOverBeta(
      (p) => expectOverGamma((lambda) => aliveWeight(lambda, p), CDNOW.r, CDNOW.alpha, 60),
      CDNOW.a,
      CDNOW.b,
    );
    expect(bgNbdConditionalPurchases(CDNOW, customer, horizon) / (future / evidence)).toBeCloseTo(1, 5);
    expect(bgNbdProbabilityAlive(CDNOW, customer) / (alive / evidence)).toBeCloseTo(1, 5);
    // A brand-new customer's expectation is the unconditional E[X(t)].
    expect(bgNbdConditionalPurchases(CDNOW, { frequency: 0, recency: 0, age: 0 }, horizon)).toBeCloseTo(
      bgNbdExpectedPurchases(CDNOW, horizon),
      10,
    );
  });

  it('recovers the CDNOW parameters from customers simulated from them, within two standard errors', () => {
    const uniform = seededUniform(20050101);
    const customers: PurchaseSummary[] = [];
    for (let index = 0; index < 6000; index++) {
      const lambda = gammaDraw(uniform, CDNOW.r, CDNOW.alpha);
      const p = betaDraw(uniform, CDNOW.a, CDNOW.b);
      // First purchases spread over 12 weeks, observed to week 39, as CDNOW's cohort was.
      const age = 39 - 12 * uniform();
      const { frequency, recency } = simulatePurchases(uniform, lambda, p, age);
      customers.push({ frequency, recency, age });
    }
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    // These customers drop out: the boundary's score is positive and the full model is fitted.
    expect(fit.dropout).toBe('estimated');
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const { value, standardError } = fit.estimates[name];
      expect(standardError).not.toBeNull();
      expect(standardError!).toBeLessThan(CDNOW[name]);
      expect(Math.abs(value - CDNOW[name])).toBeLessThan(2 * standardError!);
    }
    // The fitted likelihood is at least the truth's: it is the maximum.
    const atTruth = customers.reduce((sum, customer) => sum + bgNbdLogLikelihood(CDNOW, customer), 0);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atTruth);
  });

  it('sums the likelihood per distinct history as customer by customer', () => {
    const uniform = seededUniform(3);
    const customers: PurchaseSummary[] = [];
    for (let index = 0; index < 500; index++) {
      const age = 1 + Math.floor(uniform() * 30);
      const { frequency, recency } = simulatePurchases(uniform, 0.5 * uniform(), 0.3 * uniform(), age);
      // Whole units, as a shop's days would be: many customers share a history.
      const whole = frequency === 0 ? 0 : Math.min(age, Math.max(1, Math.round(recency)));
      customers.push({ frequency, recency: whole, age });
    }
    const parameters = { r: 0.7, alpha: 3.1, a: 1.3, b: 2.2 };
    const oneByOne = customers.reduce((sum, customer) => sum - bgNbdLogLikelihood(parameters, customer), 0);
    const grouped = bgNbdNegativeLogLikelihood(weightedSummaries(customers));
    expect(weightedSummaries(customers).length).toBeLessThan(customers.length);
    expect(grouped(parameters) / oneByOne).toBeCloseTo(1, 12);
    const fit = fitBgNbd(customers);
    const atFit = customers.reduce((sum, customer) => sum + bgNbdLogLikelihood(fit.parameters, customer), 0);
    expect(fit.logLikelihood / atFit).toBeCloseTo(1, 12);
  });

  it('refuses summaries that cannot be', () => {
    try {
      fitBgNbd([
        { frequency: 1.5, recency: 1, age: 2 },
        { frequency: 1, recency: 3, age: 2 },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(isMarkpiError(error) && error.code).toBe('customers.invalid_input');
      expect(isMarkpiError(error) && error.problems.map((problem) => problem.row)).toEqual([1, 2]);
    }
  });
});

describe('Gamma-Gamma', () => {
  it('matches the density of the mean spend integrated over ν by brute force', () => {
    const { p, q, gamma } = CDNOW_SPEND;
    for (const customer of [
      { frequency: 1, monetary: 20 },
      { frequency: 4, monetary: 35.5 },
    ]) {
      const x = customer.frequency;
      // Given ν, x·m̄ ~ Gamma(px, ν): density of m̄ is x · Gamma(px, ν) at x·m̄; ν ~ Gamma(q, γ).
      const density = integrate(
        (nu) => {
          const sumDensity = Math.exp(
            p * x * Math.log(nu) +
              (p * x - 1) * Math.log(x * customer.monetary) -
              nu * x * customer.monetary -
              lgamma(p * x),
          );
          const prior = Math.exp(q * Math.log(gamma) + (q - 1) * Math.log(nu) - gamma * nu - lgamma(q));
          return x * sumDensity * prior;
        },
        0,
        5,
        400,
      );
      expect(Math.exp(gammaGammaLogLikelihood(CDNOW_SPEND, customer)) / density).toBeCloseTo(1, 8);
    }
  });

  it('gives the expected spend as a weighted mean, by hand', () => {
    // p(γ + x m̄)/(px + q − 1) = 6.25 · (15.44 + 2 · 40) / (12.5 + 2.74) = 596.5 / 15.24 = 39.1404…
    expect(gammaGammaExpectedSpend(CDNOW_SPEND, { frequency: 2, monetary: 40 })).toBeCloseTo(39.14042, 4);
    // No repeat: the population mean pγ/(q − 1) = 96.5 / 2.74 = 35.2190…
    expect(gammaGammaExpectedSpend(CDNOW_SPEND, { frequency: 0, monetary: 0 })).toBeCloseTo(35.21898, 4);
  });

  it('recovers the CDNOW spend parameters from simulated customers, within two standard errors', () => {
    const uniform = seededUniform(1999);
    const customers = [];
    for (let index = 0; index < 4000; index++) {
      const nu = gammaDraw(uniform, CDNOW_SPEND.q, CDNOW_SPEND.gamma);
      const frequency = 1 + Math.floor(-Math.log(uniform()) * 2);
      let total = 0;
      for (let purchase = 0; purchase < frequency; purchase++) total += gammaDraw(uniform, CDNOW_SPEND.p, nu);
      customers.push({ frequency, monetary: total / frequency });
    }
    customers.push({ frequency: 0, monetary: 0 });
    const fit = fitGammaGamma(customers);
    expect(fit.customers).toBe(4000);
    // The fit's likelihood, grouped by frequency, is the customers' own summed one by one.
    const oneByOne = customers
      .filter((customer) => customer.frequency > 0)
      .reduce((sum, customer) => sum + gammaGammaLogLikelihood(fit.parameters, customer), 0);
    expect(fit.logLikelihood / oneByOne).toBeCloseTo(1, 12);
    for (const name of ['p', 'q', 'gamma'] as const) {
      const { value, standardError } = fit.estimates[name];
      expect(standardError).not.toBeNull();
      expect(Math.abs(value - CDNOW_SPEND[name])).toBeLessThan(2 * standardError!);
    }
  });
});

function lgamma(x: number): number {
  // Stirling with six correction terms after shifting x above 10: independent of the Lanczos form.
  let shift = 0;
  let value = x;
  while (value < 10) {
    shift -= Math.log(value);
    value += 1;
  }
  const inverse = 1 / value;
  const inverse2 = inverse * inverse;
  const series =
    inverse *
    (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 * (1 / 1680 - inverse2 * (1 / 1188)))));
  return shift + (value - 0.5) * Math.log(value) - value + 0.5 * Math.log(2 * Math.PI) + series;
}
