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
 * a share of the level. Every region is a mix of the same factors, so a treated region is within
 * reach of a synthetic control of the others.
 */
export function syntheticPanel(options: {
  seed: number;
  regions: number;
  days: number;
  noise: number;
  from?: string;
}): SyntheticPanel {
  const random = seededRandom(options.seed);
  const normal = normalSampler(random);
  const dates = consecutiveDays(options.from ?? '2026-01-05', options.days);
  const weekly = [0, 0.05, 0.08, 0.1, 0.12, 0.25, 0.22];
  const f1 = dates.map((_, t) => weekly[t % 7]! + 0.002 * t);
  const f2 = dates.map((_, t) => 0.15 * Math.sin((2 * Math.PI * t) / 45 + 1));
  const locations: SyntheticPanel['locations'] = [];
  const expected: number[][] = [];
  for (let region = 0; region < options.regions; region++) {
    const level = 500 + 1500 * random();
    const a = 0.5 + random();
    const b = -1 + 2 * random();
    const mean = dates.map((_, t) => level * (1 + a * f1[t]! + b * f2[t]!));
    expected.push(mean);
    locations.push({
      location: `region-${String(region + 1).padStart(2, '0')}`,
      values: mean.map((value) => value + options.noise * level * normal()),
    });
  }
  return { dates, locations, expected };
}
