/**
 * BG/NBD without drop-out: the NBD limit (a → 0), and a fit on customers simulated with no
 * drop-out that reports the NBD, with capped work, instead of walking to the boundary.
 */
import { describe, expect, it } from 'vitest';
import {
  type BgNbdParameters,
  bgNbdConditionalPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
  nbdNegativeLogLikelihood,
  type PurchaseSummary,
} from './bgnbd.js';
import { expectOverGamma, gammaDraw, seededUniform, simulatePurchases } from './testing.js';

/** Customers buying at Poisson rates λ ~ Gamma(r, α), never dropping out, observed 26–52 units. */
function noDropoutCustomers(seed: number, count: number, r: number, alpha: number): PurchaseSummary[] {
  const uniform = seededUniform(seed);
  const customers: PurchaseSummary[] = [];
  for (let index = 0; index < count; index++) {
    const lambda = gammaDraw(uniform, r, alpha);
    const age = 26 + 26 * uniform();
    const { frequency, recency } = simulatePurchases(uniform, lambda, 0, age);
    customers.push({ frequency, recency, age });
  }
  return customers;
}

describe('the NBD limit of BG/NBD', () => {
  it('gives the NBD likelihood at a = 0, by hand and by integrating over λ', () => {
    // x = 2, T = 10, r = 1, α = 2: Γ(3)/Γ(1) · 2¹ / 12³ = 4 / 1728.
    const noDropout: BgNbdParameters = { r: 1, alpha: 2, a: 0, b: 0 };
    const customer = { frequency: 2, recency: 7, age: 10 };
    expect(Math.exp(bgNbdLogLikelihood(noDropout, customer))).toBeCloseTo(4 / 1728, 14);
    const parameters = { r: 0.7, alpha: 3.5, a: 0, b: 0 };
    for (const history of [
      customer,
      { frequency: 0, recency: 0, age: 20 },
      { frequency: 5, recency: 3, age: 9 },
    ]) {
      // λ^x e^(−λT) over λ ~ Gamma(r, α): the likelihood of x purchase times in (0, T].
      const integrated = expectOverGamma(
        (lambda) => lambda ** history.frequency * Math.exp(-lambda * history.age),
        parameters.r,
        parameters.alpha,
        40,
      );
      expect(Math.exp(bgNbdLogLikelihood(parameters, history)) / integrated).toBeCloseTo(1, 6);
      // The grouped NBD likelihood says the same; t_x does not enter it.
      expect(nbdNegativeLogLikelihood([history])(parameters.r, parameters.alpha)).toBeCloseTo(
        -bgNbdLogLikelihood(parameters, history),
        12,
      );
    }
  });

  it('is the limit of the full model’s likelihood and projections as a → 0', () => {
    const limit: BgNbdParameters = { r: 0.9, alpha: 6, a: 0, b: 0 };
    const nearly: BgNbdParameters = { r: 0.9, alpha: 6, a: 1e-9, b: 1.7 };
    const customer = { frequency: 3, recency: 20, age: 30 };
    expect(bgNbdLogLikelihood(nearly, customer)).toBeCloseTo(bgNbdLogLikelihood(limit, customer), 6);
    expect(bgNbdExpectedPurchases(nearly, 26) / bgNbdExpectedPurchases(limit, 26)).toBeCloseTo(1, 6);
    expect(bgNbdExpectedPurchases(limit, 26)).toBeCloseTo((0.9 * 26) / 6, 12);
    // (r + x) t / (α + T) = 3.9 · 26 / 36.
    expect(bgNbdConditionalPurchases(limit, customer, 26)).toBeCloseTo((3.9 * 26) / 36, 12);
    expect(bgNbdConditionalPurchases(nearly, customer, 26) / ((3.9 * 26) / 36)).toBeCloseTo(1, 6);
    expect(bgNbdProbabilityAlive(limit, customer)).toBe(1);
  });

  it('reports the NBD on customers who never drop out, its r and α back within two standard errors', () => {
    const truth = { r: 0.8, alpha: 4 };
    const customers = noDropoutCustomers(20261203, 4000, truth.r, truth.alpha);
    const fit = fitBgNbd(customers);
    expect(fit.dropout).toBe('not_identified');
    expect(fit.parameters.a).toBe(0);
    expect(fit.converged).toBe(true);
    for (const name of ['r', 'alpha'] as const) {
      const { value, standardError } = fit.estimates[name];
      expect(standardError).not.toBeNull();
      expect(Math.abs(value - truth[name])).toBeLessThan(2 * standardError!);
    }
    expect(fit.estimates.a.standardError).toBeNull();
    // The full model's search is capped (it would walk towards the boundary for 20,000).
    expect(fit.evaluations).toBeLessThanOrEqual(4000 + 1000);
    // Its maximum, checked by a grid on the logarithms refined three times around the best point.
    const negative = nbdNegativeLogLikelihood(customers);
    let centre = [0, 0];
    let width = 4;
    for (let round = 0; round < 4; round++) {
      let best = { point: centre, value: Number.POSITIVE_INFINITY };
      for (let i = -20; i <= 20; i++) {
        for (let j = -20; j <= 20; j++) {
          const point = [centre[0]! + (i / 20) * width, centre[1]! + (j / 20) * width];
          const value = negative(Math.exp(point[0]!), Math.exp(point[1]!));
          if (value < best.value) best = { point, value };
        }
      }
      centre = best.point;
      width /= 10;
    }
    expect(fit.parameters.r / Math.exp(centre[0]!)).toBeCloseTo(1, 3);
    expect(fit.parameters.alpha / Math.exp(centre[1]!)).toBeCloseTo(1, 3);
    // Every customer alive, buying at their posterior rate.
    const someone = customers.find((customer) => customer.frequency > 1)!;
    expect(bgNbdProbabilityAlive(fit.parameters, someone)).toBe(1);
  });
});
