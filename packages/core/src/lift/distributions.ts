/**
 * The distributions incrementality needs beyond the normal (`targets/stats.ts`): the Student t
 * for regression intervals, the regularized incomplete beta behind it and behind beta
 * posteriors, and the probability that one beta variable exceeds another.
 *
 * Everything is computed to near machine precision (Lanczos log-gamma, a Lentz continued
 * fraction for the incomplete beta, Newton steps for quantiles), so a printed p-value or interval
 * never depends on how a table was rounded.
 */
import { normalCdf, normalQuantile } from '../targets/stats.js';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7: relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Reflection keeps the series where it is accurate: Γ(x)Γ(1 − x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let series = LANCZOS[0]!;
  for (let index = 1; index < LANCZOS.length; index++) series += LANCZOS[index]! / (shifted + index);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction of the incomplete beta (modified Lentz), converging for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    // Even step.
    let numerator = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    fraction *= d * c;
    // Odd step.
    numerator = -((a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) < 1e-16) return fraction;
  }
  return fraction;
}

/** The regularized incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedBeta needs a, b > 0, got ${a}, ${b}`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  // The fraction converges fast on the side of the mean it is evaluated from; use the symmetry
  // I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Beta(a, b) density at x. */
export function betaDensity(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a < 1 ? Number.POSITIVE_INFINITY : a === 1 ? b : 0;
  if (x === 1) return b < 1 ? Number.POSITIVE_INFINITY : b === 1 ? a : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (normal when df is infinite). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf needs df > 0, got ${df}`);
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Student's t density. */
export function studentTDensity(t: number, df: number): number {
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The t with P(T ≤ t) = p: Newton steps on the CDF from the normal quantile, kept inside a
 * bracket that bisects whenever a step would leave it, to a relative 1e-13.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile needs df > 0, got ${df}`);
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // For p > ½ the quantile is positive and at least the normal one.
  let low = 0;
  let high = Math.max(1, normalQuantile(p));
  while (studentTCdf(high, df) < p) {
    low = high;
    high *= 2;
  }
  let t = Math.min(Math.max(normalQuantile(p), low), high);
  for (let iteration = 0; iteration < 200; iteration++) {
    const error = studentTCdf(t, df) - p;
    if (error > 0) high = t;
    else low = t;
    const density = studentTDensity(t, df);
    let next = density > 0 ? t - error / density : Number.NaN;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/**
 * P(X > Y) for independent X ~ Beta(aX, bX) and Y ~ Beta(aY, bY): the Bayesian probability
 * that a treatment's rate beats its control's.
 *
 * Closed form when one of the four parameters is a whole number (the usual case: counts plus a
 * uniform prior). With aX whole,
 *   P(X > Y) = Σ_{i=0}^{aX−1} B(aY + i, bX + bY) / ((bX + i) · B(1 + i, bX) · B(aY, bY)),
 * and the other three cases follow from P(X > Y) = 1 − P(Y > X) and from 1 − X ~ Beta(bX, aX).
 * Successive terms differ by the factor (aY + i)(bX + i) / ((aY + bY + bX + i)(i + 1)), so the
 * sum costs one step per term; the smallest whole parameter is summed over. Otherwise the
 * integral ∫ f_X(x) · I_x(aY, bY) dx is taken by Gauss–Legendre quadrature over the span where
 * X's density lives.
 */
export function probabilityBetaGreater(
  x: { alpha: number; beta: number },
  y: { alpha: number; beta: number },
): { probability: number; method: 'closed_form' | 'quadrature' } {
  for (const value of [x.alpha, x.beta, y.alpha, y.beta])
    if (!(value > 0 && Number.isFinite(value)))
      throw new RangeError(`beta parameters must be positive and finite, got ${value}`);
  const MAX_TERMS = 10_000_000;
  const options = [
    { terms: x.alpha, compute: () => greaterWholeAlpha(x, y) },
    { terms: y.alpha, compute: () => 1 - greaterWholeAlpha(y, x) },
    // X > Y ⇔ 1 − Y > 1 − X.
    { terms: y.beta, compute: () => greaterWholeAlpha(flip(y), flip(x)) },
    { terms: x.beta, compute: () => 1 - greaterWholeAlpha(flip(x), flip(y)) },
  ].filter((option) => Number.isInteger(option.terms) && option.terms <= MAX_TERMS);
  options.sort((first, second) => first.terms - second.terms);
  const best = options[0];
  if (best) return { probability: clamp01(best.compute()), method: 'closed_form' };
  return { probability: clamp01(greaterByQuadrature(x, y)), method: 'quadrature' };
}

const flip = (parameters: { alpha: number; beta: number }) => ({
  alpha: parameters.beta,
  beta: parameters.alpha,
});
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** The closed form above, for a whole aX. */
function greaterWholeAlpha(x: { alpha: number; beta: number }, y: { alpha: number; beta: number }): number {
  // First term (i = 0) in logs: B(aY, bX + bY) / (bX · B(1, bX) · B(aY, bY)); B(1, bX) = 1/bX.
  const logFirst = logBeta(y.alpha, x.beta + y.beta) - logBeta(y.alpha, y.beta);
  const logTerms: number[] = [logFirst];
  let logTerm = logFirst;
  for (let i = 0; i < x.alpha - 1; i++) {
    logTerm += Math.log(y.alpha + i) + Math.log(x.beta + i) - Math.log(y.alpha + y.beta + x.beta + i);
    logTerm -= Math.log(i + 1);
    logTerms.push(logTerm);
  }
  // The terms are positive: sum them scaled by the largest so none underflows alone.
  let largest = Number.NEGATIVE_INFINITY;
  for (const value of logTerms) largest = Math.max(largest, value);
  let sum = 0;
  for (const value of logTerms) sum += Math.exp(value - largest);
  return Math.exp(largest + Math.log(sum));
}

const GAUSS_ORDER = 20;
let gaussRule: { nodes: Float64Array; weights: Float64Array } | undefined;

/** Gauss–Legendre nodes and weights on [−1, 1]: Newton on the Legendre recurrence. */
export function gaussLegendre(order: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let index = 0; index < Math.ceil(order / 2); index++) {
    let z = Math.cos((Math.PI * (index + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let degree = 1; degree <= order; degree++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * degree - 1) * z * p1 - (degree - 1) * p2) / degree;
      }
      derivative = (order * (z * p0 - p1)) / (z * z - 1);
      const step = p0 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes[index] = -z;
    nodes[order - 1 - index] = z;
    const weight = 2 / ((1 - z * z) * derivative * derivative);
    weights[index] = weight;
    weights[order - 1 - index] = weight;
  }
  return { nodes, weights };
}

function greaterByQuadrature(x: { alpha: number; beta: number }, y: { alpha: number; beta: number }): number {
  gaussRule ??= gaussLegendre(GAUSS_ORDER);
  const { nodes, weights } = gaussRule;
  const total = x.alpha + x.beta;
  const mean = x.alpha / total;
  const sd = Math.sqrt((x.alpha * x.beta) / (total * total * (total + 1)));
  // X's mass outside mean ± 40 sd is below 1e-12 even for the most skewed betas (a gamma-like
  // tail with shape ½), so the integral is taken over that span.
  const from = Math.max(0, mean - 40 * sd);
  const to = Math.min(1, mean + 40 * sd);
  // Integrate in u with x = from + (to − from)·s(u), s(u) = 35u⁴ − 84u⁵ + 70u⁶ − 20u⁷: s′ vanishes
  // to third order at both ends, which turns a density unbounded at 0 or 1 (a parameter below 1)
  // into a smooth integrand: x^(a−1) dx ~ u^(4a−1) du.
  const width = to - from;
  const panels = 400;
  let sum = 0;
  for (let panel = 0; panel < panels; panel++) {
    const half = 0.5 / panels;
    const middle = (panel + 0.5) / panels;
    for (let index = 0; index < GAUSS_ORDER; index++) {
      const u = middle + half * nodes[index]!;
      const u2 = u * u;
      const u4 = u2 * u2;
      const point = from + width * u4 * (35 - 84 * u + 70 * u2 - 20 * u2 * u);
      const jacobian = width * 140 * u2 * u * (1 - u) ** 3;
      if (jacobian === 0) continue;
      sum +=
        half *
        weights[index]! *
        jacobian *
        betaDensity(point, x.alpha, x.beta) *
        regularizedBeta(point, y.alpha, y.beta);
    }
  }
  return sum;
}
