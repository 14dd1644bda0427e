/**
 * The benchmarks' own harness: run two contenders in turns (A B A B …) so drift on a shared
 * machine hits both alike, and report medians and the median of the pairwise ratios.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  coldMs: number;
  warmMs: number[];
}

export interface Pairing {
  a: Timing;
  b: Timing;
  /** Median of a/b over the warm pairs. */
  ratio: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function timeOnce(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** `cold` runs each once first (a fresh engine), then `runs` alternating warm pairs. */
export async function pair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
  cold?: { a: () => Promise<number>; b: () => Promise<number> },
): Promise<Pairing> {
  const coldA = cold ? await cold.a() : await timeOnce(a);
  const coldB = cold ? await cold.b() : await timeOnce(b);
  const warmA: number[] = [];
  const warmB: number[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      warmA.push(await timeOnce(a));
      warmB.push(await timeOnce(b));
    } else {
      warmB.push(await timeOnce(b));
      warmA.push(await timeOnce(a));
    }
  }
  const ratios = warmA.map((value, index) => value / warmB[index]!);
  return { a: { coldMs: coldA, warmMs: warmA }, b: { coldMs: coldB, warmMs: warmB }, ratio: median(ratios) };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
