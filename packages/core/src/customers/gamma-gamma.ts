/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves
 * for customer base analysis"; the formulation of Colombo and Jiang 1999): each transaction's
 * value is Gamma(p, ν) (shape p, rate ν), and ν varies across customers as Gamma(q, γ). A
 * customer is summarised by x repeat transactions and m̄, the mean value of those repeats; the
 * first purchase is left out (it is often unlike the rest), and so are customers with no repeat.
 *
 * Given ν, x·m̄ is Gamma(p·x, ν); integrating ν out gives the density of m̄
 *
 *   f(m̄ | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · x^(px) m̄^(px − 1) / (γ + x m̄)^(px + q)
 *
 * fitted by maximum likelihood (`optimise.ts`). A customer's expected spend per transaction is
 * E[M | x, m̄] = p (γ + x m̄) / (p x + q − 1): a weighted mean of the population mean p γ / (q − 1)
 * and their own m̄.
 */
import { MarkpiError } from '../errors.js';
import { logGamma } from '../lift/distributions.js';
import type { ParameterEstimate } from './bgnbd.js';
import { nelderMead, standardErrors } from './optimise.js';

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendSummary {
  /** Repeat transactions (only customers with at least one are used). */
  frequency: number;
  /** Mean value of the repeat transactions. */
  monetary: number;
}

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  estimates: Record<keyof GammaGammaParameters, ParameterEstimate>;
  logLikelihood: number;
  /** Customers the fit used: those with a repeat transaction and a mean value above 0. */
  customers: number;
  converged: boolean;
}

/** ln f(m̄ | x) of one customer with x ≥ 1 and m̄ > 0. */
export function gammaGammaLogLikelihood(parameters: GammaGammaParameters, customer: SpendSummary): number {
  const { p, q, gamma } = parameters;
  const { frequency: x, monetary: mean } = customer;
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(gamma) +
    p * x * Math.log(x) +
    (p * x - 1) * Math.log(mean) -
    (p * x + q) * Math.log(gamma + x * mean)
  );
}

/** Customers the spend model reads: a repeat transaction and a positive mean value. */
export function spendCustomers(customers: readonly SpendSummary[]): SpendSummary[] {
  return customers.filter((customer) => customer.frequency > 0 && customer.monetary > 0);
}

/** Fits p, q, γ by maximum likelihood, starting from p = q = 1 and γ = the mean of m̄. */
export function fitGammaGamma(customers: readonly SpendSummary[]): GammaGammaFit {
  const problems: { message: string; row: number }[] = [];
  for (const [index, customer] of customers.entries()) {
    if (problems.length >= 20) break;
    if (!Number.isInteger(customer.frequency) || customer.frequency < 0) {
      problems.push({ row: index + 1, message: `frequency ${customer.frequency} is not a whole number ≥ 0` });
    } else if (!Number.isFinite(customer.monetary) || customer.monetary < 0) {
      problems.push({ row: index + 1, message: `monetary value ${customer.monetary} is not a number ≥ 0` });
    }
  }
  if (problems.length > 0) {
    throw new MarkpiError('customers.invalid_input', 'the spend summaries are not valid', problems);
  }
  const used = spendCustomers(customers);
  if (used.length < 2) {
    throw new MarkpiError(
      'customers.invalid_input',
      `the spend model needs at least two customers with repeat purchases, found ${used.length}`,
    );
  }
  // The log-gammas depend on x alone: computed once per distinct x, as `gammaGammaLogLikelihood`
  // would per customer.
  const frequencies = [...new Set(used.map((customer) => customer.frequency))];
  const slot = new Map(frequencies.map((frequency, index) => [frequency, index]));
  const slots = used.map((customer) => slot.get(customer.frequency)!);
  const byFrequency = new Float64Array(frequencies.length);
  const negative = ({ p, q, gamma }: GammaGammaParameters) => {
    const constant = -logGamma(q) + q * Math.log(gamma);
    frequencies.forEach((x, index) => {
      byFrequency[index] = constant + logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x);
    });
    let total = 0;
    for (let index = 0; index < used.length; index++) {
      const { frequency: x, monetary: mean } = used[index]!;
      total -=
        byFrequency[slots[index]!]! + (p * x - 1) * Math.log(mean) - (p * x + q) * Math.log(gamma + x * mean);
    }
    return total;
  };
  const meanValue = used.reduce((sum, customer) => sum + customer.monetary, 0) / used.length;
  const minimum = nelderMead(
    (point) => negative({ p: Math.exp(point[0]!), q: Math.exp(point[1]!), gamma: Math.exp(point[2]!) }),
    [0, 0, Math.log(meanValue)],
  );
  const natural = minimum.point.map(Math.exp);
  const parameters = { p: natural[0]!, q: natural[1]!, gamma: natural[2]! };
  const errors = standardErrors(
    (point) =>
      point.every((value) => value > 0)
        ? negative({ p: point[0]!, q: point[1]!, gamma: point[2]! })
        : Number.NaN,
    natural,
  );
  const estimate = (index: number): ParameterEstimate => ({
    value: natural[index]!,
    standardError: errors[index] ?? null,
  });
  return {
    parameters,
    estimates: { p: estimate(0), q: estimate(1), gamma: estimate(2) },
    logLikelihood: -minimum.value,
    customers: used.length,
    converged: minimum.converged,
  };
}

/**
 * E[M | x, m̄]: the expected value of a customer's future transaction; the population mean
 * p γ / (q − 1) for a customer with no repeat (undefined when q ≤ 1: the mean does not exist).
 */
export function gammaGammaExpectedSpend(
  parameters: GammaGammaParameters,
  customer: SpendSummary,
): number | undefined {
  const { p, q, gamma } = parameters;
  const x = customer.monetary > 0 ? customer.frequency : 0;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return undefined;
  return (p * (gamma + x * customer.monetary)) / denominator;
}
