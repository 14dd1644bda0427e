/** The few statistics pacing needs, written out so every figure can be checked by hand. */

/**
 * Standard normal CDF via erf, Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7): far
 * finer than any probability a target review would act on.
 */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9), for the
 * z of a central interval: normalQuantile(0.95) ≈ 1.6449 for a 90% interval.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile needs 0 < p < 1, got ${p}`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample variance (n − 1); 0 with fewer than two values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const center = mean(values);
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

export interface LinearFit {
  intercept: number;
  slope: number;
  /** Residual standard error, with n − 2 degrees of freedom; 0 with two points or fewer. */
  residualSd: number;
  n: number;
  meanX: number;
  /** Σ(x − x̄)². */
  sxx: number;
}

/** Ordinary least squares of y on x. */
export function linearFit(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  const meanX = mean(points.map((point) => point.x));
  const meanY = mean(points.map((point) => point.y));
  let sxx = 0;
  let sxy = 0;
  for (const point of points) {
    sxx += (point.x - meanX) ** 2;
    sxy += (point.x - meanX) * (point.y - meanY);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = meanY - slope * meanX;
  let squares = 0;
  for (const point of points) squares += (point.y - intercept - slope * point.x) ** 2;
  const residualSd = n > 2 ? Math.sqrt(squares / (n - 2)) : 0;
  return { intercept, slope, residualSd, n, meanX, sxx };
}

/**
 * Where `value` sits among `values`, 0–100: the share below it, counting ties as half
 * (mid-rank), so the median of history sits at 50 and a value above all of it at 100.
 */
export function percentileRank(value: number, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let below = 0;
  let equal = 0;
  for (const candidate of values) {
    if (candidate < value) below++;
    else if (candidate === value) equal++;
  }
  return ((below + equal / 2) / values.length) * 100;
}
