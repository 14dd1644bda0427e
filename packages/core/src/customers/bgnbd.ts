/**
 * The BG/NBD purchase model (Fader, Hardie and Lee 2005, "Counting your customers the easy
 * way"): while alive, a customer buys as a Poisson process of rate λ ~ Gamma(r, α) (shape r,
 * rate α); after each purchase they drop out with probability p ~ Beta(a, b). A customer is
 * summarised by x (repeat purchases), t_x (time of the last purchase since the first) and T (time
 * since the first purchase), all in one time unit (see `summaries.ts`).
 *
 * The log-likelihood is the paper's closed form (its equation 6) with log-gamma throughout:
 *
 *   L = B(a, b + x)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x))
 *     + [x > 0] · B(a + 1, b + x − 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x))
 *
 * Parameters are fitted by maximum likelihood (`optimise.ts`), with standard errors from the
 * observed information. Customers with the same (x, t_x, T) are counted once with a weight.
 *
 * The no-drop-out boundary. As a → 0 (b fixed), or b → ∞, the drop-out probability p ~ Beta(a,
 * b) goes to 0 and the likelihood becomes the NBD's, L = Γ(r + x) α^r / (Γ(r) (α + T)^(r + x)),
 * in which neither a nor b appears. When purchases show no drop-out the BG/NBD maximum lies on
 * that boundary (or on a ridge towards it) and a search walks there for ever. So the fit first
 * fits the NBD by its own likelihood (two parameters, customers grouped by (x, T)), then searches
 * the full model with a capped number of evaluations, ln a and ln b kept within ±25. When the
 * full model gains less than 1.92 in log-likelihood over the NBD (a likelihood-ratio statistic
 * under 3.84, the 95% point of χ² with one degree of freedom; conservative, as the drop-out
 * sits on a boundary of the NBD), the drop-out rate is not identified: the NBD is reported as
 * the BG/NBD with a = 0 (b = 0: not estimated), every customer alive.
 */
import { MarkpiError } from '../errors.js';
import { logGamma } from '../lift/distributions.js';
import { hypergeometric2F1, nelderMead, standardErrors } from './optimise.js';

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer in the model's terms, all times in one unit. */
export interface PurchaseSummary {
  /** Repeat purchases: purchases after the first. */
  frequency: number;
  /** Time from the first purchase to the last (0 when there is no repeat). */
  recency: number;
  /** Time from the first purchase to the end of observation. */
  age: number;
}

export interface ParameterEstimate {
  value: number;
  /** From the observed information; null when the information is singular in that direction. */
  standardError: number | null;
}

export interface BgNbdFit {
  /** With `dropout: 'not_identified'`: a = 0 and b = 0 (the NBD limit; b is not estimated). */
  parameters: BgNbdParameters;
  estimates: Record<keyof BgNbdParameters, ParameterEstimate>;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  /**
   * `estimated`: the drop-out distribution was fitted. `not_identified`: the purchases show no
   * drop-out (the maximum is the a → 0 boundary), so the NBD without drop-out is reported.
   */
  dropout: 'estimated' | 'not_identified';
  /** Likelihood evaluations the searches took (NBD and, when run, BG/NBD). */
  evaluations: number;
}

/** The a → 0 limit: no drop-out (see the module comment). */
const noDropout = (parameters: BgNbdParameters) => parameters.a === 0;

/** ln L of one customer (the paper's equation 6). */
export function bgNbdLogLikelihood(parameters: BgNbdParameters, customer: PurchaseSummary): number {
  const { r, alpha, a, b } = parameters;
  const { frequency: x, recency, age } = customer;
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  if (noDropout(parameters)) return common - (r + x) * Math.log(alpha + age);
  const stays = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const aliveTerm = -(r + x) * Math.log(alpha + age);
  if (x === 0) return common + stays + aliveTerm;
  const droppedTerm = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + recency);
  const larger = Math.max(aliveTerm, droppedTerm);
  return common + stays + larger + Math.log(Math.exp(aliveTerm - larger) + Math.exp(droppedTerm - larger));
}

interface WeightedSummary extends PurchaseSummary {
  weight: number;
}

/** Customers with equal (x, t_x, T) gathered with their count, so a fit reads each pattern once. */
export function weightedSummaries(customers: readonly PurchaseSummary[]): WeightedSummary[] {
  const byKey = new Map<string, WeightedSummary>();
  for (const customer of customers) {
    const key = `${customer.frequency}|${customer.recency}|${customer.age}`;
    const found = byKey.get(key);
    if (found) found.weight++;
    else byKey.set(key, { ...customer, weight: 1 });
  }
  return [...byKey.values()];
}

export function checkPurchaseSummaries(customers: readonly PurchaseSummary[]): void {
  const problems: { message: string; row: number }[] = [];
  for (const [index, customer] of customers.entries()) {
    if (problems.length >= 20) break;
    const { frequency, recency, age } = customer;
    if (!Number.isInteger(frequency) || frequency < 0) {
      problems.push({ row: index + 1, message: `frequency ${frequency} is not a whole number ≥ 0` });
    } else if (!(recency >= 0) || !(age >= recency) || !Number.isFinite(age)) {
      problems.push({ row: index + 1, message: `need 0 ≤ recency ≤ age, got ${recency} and ${age}` });
    } else if (frequency > 0 && !(recency > 0)) {
      problems.push({ row: index + 1, message: 'a customer with repeat purchases needs a recency above 0' });
    }
  }
  if (problems.length > 0) {
    throw new MarkpiError('customers.invalid_input', 'the purchase summaries are not valid', problems);
  }
  if (customers.length === 0) {
    throw new MarkpiError('customers.invalid_input', 'no customers to fit the purchase model on');
  }
}

const fromLog = (point: readonly number[]): BgNbdParameters => ({
  r: Math.exp(point[0]!),
  alpha: Math.exp(point[1]!),
  a: Math.exp(point[2]!),
  b: Math.exp(point[3]!),
});

/** ln a and ln b beyond this are the boundary: the search goes no further (see the module comment). */
const LOG_BOUND = 25;
/** Evaluations of the full model's search at most: its work is capped. */
const MAX_EVALUATIONS = 4000;
/** Log-likelihood the drop-out must add over the NBD to count as identified (χ²₁ 95% / 2). */
const IDENTIFIED_GAIN = 3.841 / 2;

/**
 * Fits r, α, a, b by maximum likelihood, the no-drop-out NBD first (see the module comment).
 * The NBD search starts at r = 1 and α = the mean age; the BG/NBD search at r = a = b = 1 and
 * α = the mean age (a purchase rate of about one per customer lifetime); both work on the
 * logarithms.
 */
export function fitBgNbd(customers: readonly PurchaseSummary[]): BgNbdFit {
  checkPurchaseSummaries(customers);
  const patterns = weightedSummaries(customers);
  const meanAge = customers.reduce((sum, customer) => sum + customer.age, 0) / customers.length;
  const nbd = fitNbd(customers, meanAge);

  const negative = bgNbdNegativeLogLikelihood(patterns);
  const start = [0, Math.log(Math.max(meanAge, 1e-3)), 0, 0];
  const minimum = nelderMead(
    (point) =>
      Math.abs(point[2]!) > LOG_BOUND || Math.abs(point[3]!) > LOG_BOUND
        ? Number.NaN
        : negative(fromLog(point)),
    start,
    { maxEvaluations: MAX_EVALUATIONS },
  );
  const evaluations = nbd.evaluations + minimum.evaluations;
  if (-minimum.value - nbd.logLikelihood < IDENTIFIED_GAIN) return { ...nbd, evaluations };
  const parameters = fromLog(minimum.point);
  const natural = [parameters.r, parameters.alpha, parameters.a, parameters.b];
  const errors = standardErrors(
    (point) =>
      point.every((value) => value > 0)
        ? negative({ r: point[0]!, alpha: point[1]!, a: point[2]!, b: point[3]! })
        : Number.NaN,
    natural,
  );
  const estimate = (index: number): ParameterEstimate => ({
    value: natural[index]!,
    standardError: errors[index] ?? null,
  });
  return {
    parameters,
    estimates: { r: estimate(0), alpha: estimate(1), a: estimate(2), b: estimate(3) },
    logLikelihood: -minimum.value,
    customers: customers.length,
    converged: minimum.converged,
    dropout: 'estimated',
    evaluations,
  };
}

/**
 * −ln L of the NBD (no drop-out) over customers grouped by (x, T): t_x does not enter it. The
 * log-gammas are computed once per distinct x, ln(α + T) once per distinct age.
 */
export function nbdNegativeLogLikelihood(
  customers: readonly PurchaseSummary[],
): (r: number, alpha: number) => number {
  const byKey = new Map<string, { x: number; age: number; weight: number }>();
  for (const { frequency: x, age } of customers) {
    const key = `${x}|${age}`;
    const found = byKey.get(key);
    if (found) found.weight++;
    else byKey.set(key, { x, age, weight: 1 });
  }
  const groups = [...byKey.values()];
  const frequencies = indexed(groups.map((group) => group.x));
  const ages = indexed(groups.map((group) => group.age));
  const weights = Float64Array.from(groups, (group) => group.weight);
  const byFrequency = new Float64Array(frequencies.distinct.length);
  const logAge = new Float64Array(ages.distinct.length);
  return (r, alpha) => {
    const constant = -logGamma(r) + r * Math.log(alpha);
    frequencies.distinct.forEach((x, index) => {
      byFrequency[index] = constant + logGamma(r + x);
    });
    ages.distinct.forEach((age, index) => {
      logAge[index] = Math.log(alpha + age);
    });
    let total = 0;
    for (let index = 0; index < weights.length; index++) {
      const at = frequencies.at[index]!;
      const x = frequencies.distinct[at]!;
      total -= weights[index]! * (byFrequency[at]! - (r + x) * logAge[ages.at[index]!]!);
    }
    return total;
  };
}

/** The NBD fitted by its own likelihood, as a BG/NBD fit at the a → 0 boundary. */
function fitNbd(customers: readonly PurchaseSummary[], meanAge: number): BgNbdFit {
  const negative = nbdNegativeLogLikelihood(customers);
  const minimum = nelderMead(
    (point) => negative(Math.exp(point[0]!), Math.exp(point[1]!)),
    [0, Math.log(Math.max(meanAge, 1e-3))],
  );
  const r = Math.exp(minimum.point[0]!);
  const alpha = Math.exp(minimum.point[1]!);
  const errors = standardErrors(
    (point) => (point[0]! > 0 && point[1]! > 0 ? negative(point[0]!, point[1]!) : Number.NaN),
    [r, alpha],
  );
  const notEstimated: ParameterEstimate = { value: 0, standardError: null };
  return {
    parameters: { r, alpha, a: 0, b: 0 },
    estimates: {
      r: { value: r, standardError: errors[0] ?? null },
      alpha: { value: alpha, standardError: errors[1] ?? null },
      a: notEstimated,
      b: notEstimated,
    },
    logLikelihood: -minimum.value,
    customers: customers.length,
    converged: minimum.converged,
    dropout: 'not_identified',
    evaluations: minimum.evaluations,
  };
}

/** Distinct values of `values` and each value's place among them. */
function indexed(values: readonly number[]): { distinct: Float64Array; at: Uint32Array } {
  const distinct = [...new Set(values)];
  const place = new Map(distinct.map((value, index) => [value, index]));
  return {
    distinct: Float64Array.from(distinct),
    at: Uint32Array.from(values, (value) => place.get(value)!),
  };
}

/**
 * −ln L of weighted patterns, as a function of the parameters: the sum of
 * `bgNbdLogLikelihood` over them, with what depends on x alone (the log-gammas) computed once
 * per distinct x, and ln(α + T), ln(α + t_x) once per distinct age and recency, so a pattern
 * costs one exponential and one logarithm.
 */
export function bgNbdNegativeLogLikelihood(
  patterns: readonly (PurchaseSummary & { weight: number })[],
): (parameters: BgNbdParameters) => number {
  const frequencies = indexed(patterns.map((pattern) => pattern.frequency));
  const ages = indexed(patterns.map((pattern) => pattern.age));
  const recencies = indexed(patterns.map((pattern) => pattern.recency));
  const weights = Float64Array.from(patterns, (pattern) => pattern.weight);
  const byFrequency = new Float64Array(frequencies.distinct.length);
  const dropped = new Float64Array(frequencies.distinct.length);
  const logAge = new Float64Array(ages.distinct.length);
  const logRecency = new Float64Array(recencies.distinct.length);
  return ({ r, alpha, a, b }) => {
    const constant = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    frequencies.distinct.forEach((x, index) => {
      byFrequency[index] = constant + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      dropped[index] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
    });
    ages.distinct.forEach((age, index) => {
      logAge[index] = Math.log(alpha + age);
    });
    recencies.distinct.forEach((recency, index) => {
      logRecency[index] = Math.log(alpha + recency);
    });
    let total = 0;
    for (let index = 0; index < weights.length; index++) {
      const at = frequencies.at[index]!;
      const x = frequencies.distinct[at]!;
      const aliveTerm = -(r + x) * logAge[ages.at[index]!]!;
      let value = aliveTerm;
      if (x > 0) {
        const droppedTerm = dropped[at]! - (r + x) * logRecency[recencies.at[index]!]!;
        value =
          droppedTerm < aliveTerm
            ? aliveTerm + Math.log1p(Math.exp(droppedTerm - aliveTerm))
            : droppedTerm + Math.log1p(Math.exp(aliveTerm - droppedTerm));
      }
      total -= weights[index]! * (byFrequency[at]! + value);
    }
    return total;
  };
}

/** P(alive | x, t_x, T) (the paper's equation 12). */
export function bgNbdProbabilityAlive(parameters: BgNbdParameters, customer: PurchaseSummary): number {
  const { r, alpha, a, b } = parameters;
  const { frequency: x, recency, age } = customer;
  if (x === 0 || noDropout(parameters)) return 1;
  const ratio = (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + age) / (alpha + recency)));
  return 1 / (1 + ratio);
}

/** E[X(t)]: purchases a new customer makes in (0, t] (the paper's equation 9). */
export function bgNbdExpectedPurchases(parameters: BgNbdParameters, t: number): number {
  const { r, alpha, a, b } = parameters;
  if (t <= 0) return 0;
  // Without drop-out every customer keeps buying at their rate: E[λ] t.
  if (noDropout(parameters)) return (r * t) / alpha;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hypergeometric2F1(r, b, a + b - 1, z));
}

/**
 * E[Y(t) | x, t_x, T]: purchases in the next t units by a customer with this history (the
 * paper's equation 10).
 */
export function bgNbdConditionalPurchases(
  parameters: BgNbdParameters,
  customer: PurchaseSummary,
  t: number,
): number {
  const { r, alpha, a, b } = parameters;
  const { frequency: x, recency, age } = customer;
  if (t <= 0) return 0;
  // Without drop-out: the rate's posterior mean, (r + x)/(α + T), times t.
  if (noDropout(parameters)) return ((r + x) * t) / (alpha + age);
  const z = t / (alpha + age + t);
  const future =
    1 -
    Math.exp((r + x) * Math.log((alpha + age) / (alpha + age + t))) *
      hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const drop =
    x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + age) / (alpha + recency))) : 0;
  return (((a + b + x - 1) / (a - 1)) * future) / (1 + drop);
}
