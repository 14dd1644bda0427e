/**
 * Seeded randomness and synthetic data for the lift models' tests: the same seed gives the same
 * panel on every machine, so a test that passes passes for good.
 */

/** mulberry32: a small, fast 32-bit generator; uniform on [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller). */
export function normalSampler(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Gamma(shape, 1) draws (Marsaglia–Tsang; shape < 1 by the boost U^(1/shape)). */
export function gammaSampler(random: () => number): (shape: number) => number {
  const normal = normalSampler(random);
  const draw = (shape: number): number => {
    if (shape < 1) return draw(shape + 1) * (1 - random()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return draw;
}

/** Beta(a, b) draws as G_a / (G_a + G_b). */
export function betaSampler(random: () => number): (a: number, b: number) => number {
  const gamma = gammaSampler(random);
  return (a, b) => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
}

/** `count` consecutive ISO days from `from`. */
export function consecutiveDays(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, day) =>
    new Date(start + day * 86_400_000).toISOString().slice(0, 10),
  );
}

export interface SyntheticPanel {
  dates: string[];
  locations: { location: string; values: number[] }[];
  /** Each location's expected value per day before any effect (level × factor). */
  expected: number[][];
}

/**
 * Regions driven by common factors: Y_it = level_i · (1 + a_i·f1_t + b_i·f2_t) + noise, f1 a
 * weekly wave with a gentle trend, f2 a slow cycle, loadings spread so the regions differ, noise
 * a share of the level. The first `mixed` regions are instead convex mixes of four others'
 * expectations (plus their own noise): the synthetic-control model holds for them, so they are
 * the regions to treat when a test checks the estimator rather than the model.
 */
export function syntheticPanel(options: {
  seed: number;
  regions: number;
  days: number;
  noise: number;
  mixed?: number;
  from?: string;
}): SyntheticPanel {
  const random = seededRandom(options.seed);
  const normal = normalSampler(random);
  const dates = consecutiveDays(options.from ?? '2026-01-05', options.days);
  const weekly = [0, 0.05, 0.08, 0.1, 0.12, 0.25, 0.22];
  const f1 = dates.map((_, t) => weekly[t % 7]! + 0.002 * t);
  const f2 = dates.map((_, t) => 0.15 * Math.sin((2 * Math.PI * t) / 45 + 1));
  const mixed = options.mixed ?? 0;
  const levels: number[] = [];
  const expected: number[][] = [];
  for (let region = 0; region < options.regions; region++) {
    const level = 500 + 1500 * random();
    const a = 0.5 + random();
    const b = -1 + 2 * random();
    levels.push(level);
    expected.push(dates.map((_, t) => level * (1 + a * f1[t]! + b * f2[t]!)));
  }
  for (let region = 0; region < mixed; region++) {
    const sources = new Set<number>();
    while (sources.size < Math.min(4, options.regions - mixed))
      sources.add(mixed + Math.floor(random() * (options.regions - mixed)));
    const shares = [...sources].map(() => -Math.log(1 - random()));
    const total = shares.reduce((sum, share) => sum + share, 0);
    const mix = dates.map(() => 0);
    let level = 0;
    [...sources].forEach((source, index) => {
      const share = shares[index]! / total;
      level += share * levels[source]!;
      for (let t = 0; t < dates.length; t++) mix[t] = mix[t]! + share * expected[source]![t]!;
    });
    levels[region] = level;
    expected[region] = mix;
  }
  const locations = expected.map((mean, region) => ({
    location: `region-${String(region + 1).padStart(2, '0')}`,
    values: mean.map((value) => value + options.noise * levels[region]! * normal()),
  }));
  return { dates, locations, expected };
}

/** ‖a − Bw‖² for columns B. */
export const objective = (columns: number[][], target: number[], weights: ArrayLike<number>) =>
  target.reduce((sum, value, t) => {
    const fitted = columns.reduce((total, column, j) => total + weights[j]! * column[t]!, 0);
    return sum + (value - fitted) ** 2;
  }, 0);

/**
 * The simplex minimiser by brute force: every support, the equality-constrained least squares on
 * it by Lagrange (Gauss–Jordan on the bordered system), keeping the best feasible one.
 */
export function bruteForceSimplex(
  columns: number[][],
  target: number[],
): { weights: number[]; value: number } {
  const size = columns.length;
  let best = { weights: [] as number[], value: Number.POSITIVE_INFINITY };
  for (let mask = 1; mask < 1 << size; mask++) {
    const support = Array.from({ length: size }, (_, j) => j).filter((j) => mask & (1 << j));
    const m = support.length;
    // [2BᵀB 1; 1ᵀ 0][w; −ν] = [2Bᵀa; 1]
    const a = Array.from({ length: m + 1 }, () => new Array<number>(m + 2).fill(0));
    support.forEach((i, r) => {
      support.forEach((j, c) => {
        a[r]![c] = 2 * columns[i]!.reduce((sum, value, t) => sum + value * columns[j]![t]!, 0);
      });
      a[r]![m] = 1;
      a[r]![m + 1] = 2 * columns[i]!.reduce((sum, value, t) => sum + value * target[t]!, 0);
      a[m]![r] = 1;
    });
    a[m]![m + 1] = 1;
    let singular = false;
    for (let column = 0; column <= m && !singular; column++) {
      let pivot = column;
      for (let row = column + 1; row <= m; row++)
        if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
      if (Math.abs(a[pivot]![column]!) < 1e-12) singular = true;
      [a[column], a[pivot]] = [a[pivot]!, a[column]!];
      for (let row = 0; row <= m && !singular; row++) {
        if (row === column) continue;
        const factor = a[row]![column]! / a[column]![column]!;
        for (let k = column; k <= m + 1; k++) a[row]![k] = a[row]![k]! - factor * a[column]![k]!;
      }
    }
    if (singular) continue;
    const local = support.map((_, r) => a[r]![m + 1]! / a[r]![r]!);
    if (local.some((value) => value < -1e-12)) continue;
    const weights = new Array<number>(size).fill(0);
    support.forEach((j, r) => {
      weights[j] = local[r]!;
    });
    const value = objective(columns, target, weights);
    if (value < best.value) best = { weights, value };
  }
  return best;
}
