/**
 * Lift benchmark: a geo experiment (synthetic control with conformal inference: weights, the
 * p-value and the interval by test inversion) and market selection over every pair of regions,
 * on generated panels of 105 days at growing numbers of regions (10, 20, 40 by default).
 * Usage: node bench/dist/lift.js [regions …] [--runs N]
 */
import { performance } from 'node:perf_hooks';
import { analyzeGeoExperiment, type GeoPanel, selectMarkets } from '@markpi/core';
import { formatMs, median } from './harness/measure.js';

const DAYS = 105;
const TEST_DAYS = 21;
const DESIGN_DAYS = 14;

/** A seeded generator (mulberry32), so every run measures the same panel. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Regions sharing a weekly wave with a trend and a slow cycle, each with its own loadings and
 * noise; with `effect`, the first two regions gain that share over the last TEST_DAYS days.
 */
function panel(regions: number, effect: number): GeoPanel {
  const random = generator(20260618 + regions);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const start = Date.UTC(2026, 0, 5);
  const dates = Array.from({ length: DAYS }, (_, day) =>
    new Date(start + day * 86_400_000).toISOString().slice(0, 10),
  );
  const weekly = [0, 0.05, 0.08, 0.1, 0.12, 0.25, 0.22];
  return {
    dates,
    locations: Array.from({ length: regions }, (_, region) => {
      const level = 500 + 1500 * random();
      const a = 0.5 + random();
      const b = -1 + 2 * random();
      return {
        location: `region-${String(region + 1).padStart(2, '0')}`,
        values: dates.map((_, t) => {
          const expected =
            level * (1 + a * (weekly[t % 7]! + 0.002 * t) + b * 0.15 * Math.sin((2 * Math.PI * t) / 45));
          return expected * (t >= DAYS - TEST_DAYS && region < 2 ? 1 + effect : 1) + 0.03 * level * normal();
        }),
      };
    }),
  };
}

function timeRuns(runs: number, work: () => unknown): { ms: number[]; result: unknown } {
  let result: unknown;
  const ms: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = work();
    ms.push(performance.now() - started);
  }
  return { ms, result };
}

function main(): void {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 5;
  const sizes = args.filter((arg, index) => !arg.startsWith('--') && index !== runsFlag + 1).map(Number);
  const regionCounts = sizes.length > 0 ? sizes : [10, 20, 40];
  console.log(`lift bench: ${DAYS} days, geo test on the last ${TEST_DAYS}; medians of ${runs} runs`);
  console.log('regions | geo fit + conformal interval | market selection, all pairs (pairs × windows)');
  for (const regions of regionCounts) {
    const data = panel(regions, 0.05);
    const history = panel(regions, 0);
    const geo = timeRuns(runs, () =>
      analyzeGeoExperiment({
        panel: data,
        pre: { from: data.dates[0]!, to: data.dates[DAYS - TEST_DAYS - 1]! },
        test: { from: data.dates[DAYS - TEST_DAYS]!, to: data.dates[DAYS - 1]! },
        cells: [{ name: 'test', treated: ['region-01', 'region-02'] }],
      }),
    );
    const cell = (geo.result as ReturnType<typeof analyzeGeoExperiment>).cells[0]!;
    // Market selection is slower: time it fewer times at 40 regions.
    const design = timeRuns(Math.min(runs, regions >= 40 ? 3 : runs), () =>
      selectMarkets({ panel: history, treatedCount: 2, duration: DESIGN_DAYS, costPerIncremental: 20 }),
    );
    const selection = design.result as ReturnType<typeof selectMarkets>;
    const best = selection.candidates[0]!;
    console.log(
      `${String(regions).padStart(7)} | ${formatMs(median(geo.ms)).padStart(10)} (lift ${(100 * cell.percentLift!).toFixed(1)}%, p ${cell.inference!.pValue.toFixed(3)}) | ${formatMs(median(design.ms)).padStart(9)} (${selection.candidates.length} × ${selection.convention.windows}; best ${best.treated.join('+')}: MDE ${(100 * best.mde!).toFixed(1)}%)`,
    );
  }
}

main();
