/**
 * The distributions the detectors score against, with tails accurate in relative terms far
 * into the tail (a probability of 1e-12 comes out as 1e-12, not as 0 or as 1e-7 of noise),
 * because how unusual a value is gets said in words and "once in 30 years" must be right.
 *
 * Counts are predicted with a mean μ and a variance V (sampling noise plus the rate's own
 * wobble; see `predictive.ts`) and scored against the two-moment family that fits them:
 * - V = μ: Poisson(μ);
 * - V > μ: negative binomial with size r = μ² / (V − μ) (a Poisson whose rate is gamma
 *   distributed: exactly the overdispersed count);
 * - V < μ: binomial with p = 1 − V / μ and n = μ / p (n need not be whole), which is exactly
 *   Binomial(n, p) when the rate does not wobble.
 * Amounts (money, no counting noise) are gamma distributed with mean μ and variance V, the
 * continuous limit of the negative binomial; unbounded values are normal.
 *
 * Every tail is a regularized incomplete gamma or beta function (Numerical Recipes' series
 * and Lentz continued fractions, log-gamma by Lanczos), so non-whole counts (attributed
 * conversions of 2.5) are scored on the same curve.
 */

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 200_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0]!;
  for (let index = 1; index < LANCZOS.length; index++) sum += LANCZOS[index]! / (shifted + index);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized lower incomplete gamma P(a, x) and its complement Q(a, x), both to full precision. */
export function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (!(a > 0)) throw new RangeError(`incompleteGamma needs a > 0, got ${a}`);
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    // Series: P = front · Σ x^n / (a (a+1) … (a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.min(1, front * sum);
    return { lower, upper: 1 - lower };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  const upper = Math.min(1, front * h);
  return { lower: 1 - upper, upper };
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b) and its complement 1 − I_x(a, b), each computed
 * directly on its own side so a tiny tail keeps its digits.
 */
export function incompleteBeta(x: number, a: number, b: number): { lower: number; upper: number } {
  if (!(a > 0 && b > 0)) throw new RangeError(`incompleteBeta needs a, b > 0, got ${a}, ${b}`);
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x >= 1) return { lower: 1, upper: 0 };
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b);
  return { lower: 1 - upper, upper };
}

/** P(Z ≥ z) of a standard normal, accurate in relative terms (erfc through Q(1/2, z²/2)). */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === 0) return 0.5;
  const half = 0.5 * incompleteGamma(0.5, (z * z) / 2).upper;
  return z > 0 ? half : 1 - half;
}

/**
 * The z with P(Z ≥ z) = p (Acklam's rational approximation refined by one Halley step on the
 * accurate tail, so p of 1e-300 still gives its z).
 */
export function normalUpperQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p <= 0) return Number.POSITIVE_INFINITY;
    return Number.NEGATIVE_INFINITY;
  }
  if (p > 0.5) return -normalUpperQuantile(1 - p);
  // Acklam, lower region, for q = p in the lower tail of −Z (z ≥ 0 here).
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  let z: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    z = -(
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  } else {
    const q = 0.5 - p;
    const r = q * q;
    z =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  // One Halley step on f(z) = tail(z) − p, f' = −φ(z).
  const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  if (density > 0) {
    const error = normalUpperTail(z) - p;
    const u = error / density;
    z += u / (1 + (z * u) / 2);
  }
  return z;
}

/**
 * A predictive distribution: P(Y ≤ y), P(Y ≥ y) and quantiles. For counts both tails include
 * P(Y = y), so a value at the mode is never called unusual in either direction.
 */
export interface Predictive {
  readonly mean: number;
  readonly variance: number;
  /** P(Y ≤ y). */
  lowerTail(y: number): number;
  /** P(Y ≥ y). */
  upperTail(y: number): number;
  /** The smallest y with P(Y ≤ y) ≥ q (counts: a whole number; amounts: to 1e-10 relative). */
  quantile(q: number): number;
}

function discreteQuantile(
  distribution: Pick<Predictive, 'lowerTail' | 'mean' | 'variance'>,
  q: number,
): number {
  if (q <= 0) return 0;
  // Bracket from the mean in steps of the standard deviation, then bisect on whole counts.
  const sd = Math.sqrt(distribution.variance);
  let high = Math.ceil(distribution.mean + sd);
  let step = Math.max(1, Math.ceil(sd));
  while (distribution.lowerTail(high) < q) {
    high += step;
    step *= 2;
    if (high > 1e18) return Number.POSITIVE_INFINITY;
  }
  let low = -1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    // Beyond 2⁵³ not every whole number is a double: stop where halving no longer moves.
    if (middle <= low || middle >= high) break;
    if (distribution.lowerTail(middle) >= q) high = middle;
    else low = middle;
  }
  return high;
}

function continuousQuantile(
  distribution: Pick<Predictive, 'lowerTail' | 'mean' | 'variance'>,
  q: number,
): number {
  if (q <= 0) return 0;
  let low = 0;
  let high = Math.max(distribution.mean, 1e-300);
  while (distribution.lowerTail(high) < q) {
    low = high;
    high *= 2;
    if (high > 1e300) return Number.POSITIVE_INFINITY;
  }
  for (let round = 0; round < 200 && high - low > 1e-10 * high; round++) {
    const middle = (low + high) / 2;
    if (distribution.lowerTail(middle) >= q) high = middle;
    else low = middle;
  }
  return high;
}

/** A point mass (a mean of 0, or no spread at all). */
function pointMass(at: number): Predictive {
  return {
    mean: at,
    variance: 0,
    lowerTail: (y) => (y >= at ? 1 : 0),
    upperTail: (y) => (y <= at ? 1 : 0),
    quantile: () => at,
  };
}

/**
 * A prediction too uncertain to say anything (an infinite variance): no value is unusual, and
 * its range is everything.
 */
function unbounded(mean: number): Predictive {
  return {
    mean,
    variance: Number.POSITIVE_INFINITY,
    lowerTail: () => 1,
    upperTail: () => 1,
    quantile: (q) => (q < 0.5 ? 0 : Number.POSITIVE_INFINITY),
  };
}

/** Poisson(μ), with non-whole counts on the continuous extension P(Y ≤ y) = Q(y + 1, μ). */
export function poisson(mean: number): Predictive {
  if (!(mean > 0)) return pointMass(0);
  const self: Predictive = {
    mean,
    variance: mean,
    lowerTail: (y) => (y < 0 ? 0 : incompleteGamma(y + 1, mean).upper),
    upperTail: (y) => (y <= 0 ? 1 : incompleteGamma(y, mean).lower),
    quantile: (q) => discreteQuantile(self, q),
  };
  return self;
}

/**
 * Negative binomial with mean μ and size r (variance μ + μ²/r). Non-whole counts y are scored
 * on the continuous extension P(Y ≤ y) = I_{r/(r+μ)}(r, y + 1).
 */
export function negativeBinomial(mean: number, size: number): Predictive {
  if (!(mean > 0)) return pointMass(0);
  const p = size / (size + mean);
  const self: Predictive = {
    mean,
    variance: mean + (mean * mean) / size,
    lowerTail: (y) => (y < 0 ? 0 : incompleteBeta(p, size, y + 1).lower),
    upperTail: (y) => (y <= 0 ? 1 : incompleteBeta(p, size, y).upper),
    quantile: (q) => discreteQuantile(self, q),
  };
  return self;
}

/** Binomial(n, p); n need not be whole (continuous extension through the incomplete beta). */
export function binomial(trials: number, probability: number): Predictive {
  if (!(probability > 0) || !(trials > 0)) return pointMass(0);
  if (probability >= 1) return pointMass(trials);
  const self: Predictive = {
    mean: trials * probability,
    variance: trials * probability * (1 - probability),
    lowerTail: (y) => {
      if (y < 0) return 0;
      if (y >= trials) return 1;
      return incompleteBeta(probability, y + 1, trials - y).upper;
    },
    upperTail: (y) => {
      if (y <= 0) return 1;
      if (y > trials) return 0;
      return incompleteBeta(probability, y, trials - y + 1).lower;
    },
    quantile: (q) => Math.min(trials, discreteQuantile(self, q)),
  };
  return self;
}

/** The count distribution with mean μ and variance V (see the module's comment). */
export function countWithMoments(mean: number, variance: number): Predictive {
  if (!(mean > 0)) return pointMass(0);
  if (!Number.isFinite(variance) || !Number.isFinite(mean)) return unbounded(mean);
  // A variance within 0.1% of the mean is Poisson for any decision taken on it (and keeps the
  // negative binomial's size, hence the continued fraction's length, bounded).
  if (Math.abs(variance - mean) <= 1e-3 * mean) return poisson(mean);
  if (variance > mean) return negativeBinomial(mean, (mean * mean) / (variance - mean));
  const probability = 1 - variance / mean;
  return binomial(mean / probability, probability);
}

/** Gamma with mean μ and variance V. */
export function gammaWithMoments(mean: number, variance: number): Predictive {
  if (!(mean > 0) || !(variance > 0)) return pointMass(Math.max(0, mean));
  const shape = (mean * mean) / variance;
  if (!(shape > 0) || !Number.isFinite(mean)) return unbounded(mean);
  const scale = variance / mean;
  const self: Predictive = {
    mean,
    variance,
    lowerTail: (y) => (y <= 0 ? 0 : incompleteGamma(shape, y / scale).lower),
    upperTail: (y) => (y <= 0 ? 1 : incompleteGamma(shape, y / scale).upper),
    quantile: (q) => continuousQuantile(self, q),
  };
  return self;
}

/** Normal with mean μ and variance V (values of either sign). */
export function normal(mean: number, variance: number): Predictive {
  if (!Number.isFinite(variance)) return unbounded(mean);
  if (!(variance > 0)) {
    return {
      mean,
      variance: 0,
      lowerTail: (y) => (y >= mean ? 1 : 0),
      upperTail: (y) => (y <= mean ? 1 : 0),
      quantile: () => mean,
    };
  }
  const sd = Math.sqrt(variance);
  return {
    mean,
    variance,
    lowerTail: (y) => normalUpperTail((mean - y) / sd),
    upperTail: (y) => normalUpperTail((y - mean) / sd),
    quantile: (q) => mean - sd * normalUpperQuantile(q),
  };
}

/**
 * Two-sided tail probability of y against a range of predictive distributions, from the one
 * with the lowest mean to the one with the highest: the smaller tail toward y, doubled (a value
 * inside the range scores 1). For a single distribution pass it twice.
 */
export function twoSidedTail(
  y: number,
  lowest: Predictive,
  highest: Predictive,
): {
  p: number;
  side: 'above' | 'below' | null;
} {
  const below = lowest.lowerTail(y);
  const above = highest.upperTail(y);
  if (above < below) return { p: Math.min(1, 2 * above), side: above < 0.5 ? 'above' : null };
  return { p: Math.min(1, 2 * below), side: below < 0.5 ? 'below' : null };
}
