/**
 * Seeded random data for the attribution tests (tests only): a generator of its own (sfc32),
 * so the tests' simulations share no code with the models' sampler.
 */
import type { PathRow } from './paths.js';

export type Random = () => number;

/** sfc32: a small fast counter generator; the same seed gives the same stream. */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let warm = 0; warm < 15; warm++) next();
  return next;
}

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}

export interface RandomPathsOptions {
  channels: number;
  rows: number;
  maxLength: number;
  /** Chance that a row converts at all. */
  conversionRate?: number;
}

/** Path rows over channels `c0 … c(n−1)` with small counts, some converting, some not. */
export function randomPathRows(random: Random, options: RandomPathsOptions): PathRow[] {
  const rows: PathRow[] = [];
  for (let row = 0; row < options.rows; row++) {
    const length = 1 + randomInt(random, options.maxLength);
    const channels = Array.from({ length }, () => `c${randomInt(random, options.channels)}`);
    const converts = random() < (options.conversionRate ?? 0.5);
    const conversions = converts ? 1 + randomInt(random, 4) : 0;
    rows.push({
      path: channels.join('>'),
      conversions,
      value: conversions * (10 + randomInt(random, 90)),
      nulls: randomInt(random, 6),
    });
  }
  return rows;
}
