/**
 * Tests' own machinery for the customer models, written independently of the models: a seeded
 * generator, gamma and beta draws, customers simulated from BG/NBD and Gamma-Gamma as the papers
 * tell the story, and plain quadrature to integrate the mixing distributions out by brute force.
 */
import { gaussLegendre, logGamma } from '../lift/distributions.js';
import type { PurchaseSummary } from './bgnbd.js';

/** Mulberry32: a small seeded generator of uniforms in (0, 1). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return value === 0 ? 0.5 / 4294967296 : value;
  };
}

function standardNormal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape, rate) by Marsaglia and Tsang, boosted for shape < 1. */
export function gammaDraw(uniform: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(uniform, shape + 1, rate) * uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(uniform);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function betaDraw(uniform: () => number, a: number, b: number): number {
  const x = gammaDraw(uniform, a, 1);
  return x / (x + gammaDraw(uniform, b, 1));
}

/**
 * One BG/NBD customer observed for `age` units after the first purchase: purchases at Poisson
 * rate λ, and after each repeat purchase a drop-out with probability p.
 */
export function simulatePurchases(
  uniform: () => number,
  lambda: number,
  dropout: number,
  age: number,
): PurchaseSummary & { times: number[] } {
  const times: number[] = [];
  let time = 0;
  for (;;) {
    time += -Math.log(uniform()) / lambda;
    if (time > age) break;
    times.push(time);
    if (uniform() < dropout) break;
  }
  return { frequency: times.length, recency: times.at(-1) ?? 0, age, times };
}

/** ∫ f over [from, to] by `panels` panels of 20-point Gauss–Legendre. */
export function integrate(f: (x: number) => number, from: number, to: number, panels = 40): number {
  const { nodes, weights } = gaussLegendre(20);
  const width = (to - from) / panels;
  let sum = 0;
  for (let panel = 0; panel < panels; panel++) {
    const middle = from + (panel + 0.5) * width;
    for (let index = 0; index < nodes.length; index++) {
      sum += weights[index]! * f(middle + 0.5 * width * nodes[index]!);
    }
  }
  return 0.5 * width * sum;
}

/**
 * E over λ ~ Gamma(r, α) of h(λ), with λ = u^(1/r) so the density's λ^(r − 1) pole at 0 becomes
 * flat: ∫ h(u^(1/r)) α^r e^(−α u^(1/r)) / (r Γ(r)) du over u from 0 to (upper)^r.
 */
export function expectOverGamma(h: (lambda: number) => number, r: number, alpha: number, upper: number) {
  const constant = Math.exp(r * Math.log(alpha) - logGamma(r)) / r;
  return integrate(
    (u) => {
      const lambda = u ** (1 / r);
      return h(lambda) * constant * Math.exp(-alpha * lambda);
    },
    0,
    upper ** r,
    80,
  );
}

/** E over p ~ Beta(a, b) of h(p), with p = v^(1/a) so the p^(a − 1) pole at 0 becomes flat. */
export function expectOverBeta(h: (p: number) => number, a: number, b: number) {
  const constant = Math.exp(-(logGamma(a) + logGamma(b) - logGamma(a + b))) / a;
  return integrate(
    (v) => {
      const p = v ** (1 / a);
      return h(p) * constant * (1 - p) ** (b - 1);
    },
    0,
    1,
    40,
  );
}
