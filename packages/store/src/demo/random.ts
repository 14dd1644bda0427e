/**
 * A small seeded PRNG (mulberry32) and the noise helpers the demo generator needs. Nothing
 * here reads the clock or `Math.random`: the same seed gives the same numbers on every run
 * and every platform (only integer arithmetic and IEEE doubles are involved).
 */

/** Mixes strings and numbers into a 32-bit seed (FNV-1a over the parts, then a finaliser). */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : `$${part}`;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_SHIFT = 32 - TABLE_BITS;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Standard normal quantiles at the midpoints of 4096 equal-probability buckets. */
const NORMAL_TABLE: Float64Array = (() => {
  const table = new Float64Array(TABLE_SIZE);
  for (let index = 0; index < TABLE_SIZE; index++) table[index] = inverseNormal((index + 0.5) / TABLE_SIZE);
  return table;
})();

/**
 * Multiplicative noise with mean 1: `exp(sigma * z - sigma^2 / 2)` precomputed over the
 * normal table, so a draw is one PRNG step and one array read.
 */
export function noiseTable(sigma: number): Float64Array {
  const table = new Float64Array(TABLE_SIZE);
  let sum = 0;
  for (let index = 0; index < TABLE_SIZE; index++) {
    const value = Math.exp(sigma * NORMAL_TABLE[index]! - (sigma * sigma) / 2);
    table[index] = value;
    sum += value;
  }
  // The table's tails are cut at about ±3.5 sigma; rescale so the mean is exactly 1.
  const mean = sum / TABLE_SIZE;
  for (let index = 0; index < TABLE_SIZE; index++) table[index] = table[index]! / mean;
  return table;
}

/** mulberry32: 32 bits of state, fast, good enough for synthetic data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A new generator whose stream depends on this one's seed and `label`, not on its position. */
  static derive(seed: number, ...labels: readonly (string | number)[]): Random {
    return new Random(hashSeed(seed, ...labels));
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal draw (table-based, tails cut at about ±3.5). */
  normal(): number {
    return NORMAL_TABLE[this.uint32() >>> TABLE_SHIFT]!;
  }

  /** Mean-1 log-normal factor. */
  lognormal(sigma: number): number {
    return Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }

  /** One draw from a table made by `noiseTable`. */
  noise(table: Float64Array): number {
    return table[this.uint32() >>> TABLE_SHIFT]!;
  }

  /** Stochastic rounding: an unbiased integer near `value` (exact rounding for large values). */
  round(value: number): number {
    if (value >= 64) return Math.round(value);
    if (value <= 0) return 0;
    return Math.floor(value + this.next());
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with probability proportional to `weights[index]`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index]!;
      if (target < 0) return index;
    }
    return weights.length - 1;
  }
}

/** Money with two decimals. */
export function money(value: number): number {
  return Math.round(value * 100) / 100;
}
