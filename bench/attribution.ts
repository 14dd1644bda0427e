/**
 * Attribution benchmark: generated journeys over 12 channels at growing sizes (10k, 100k, 1M by
 * default), each as a path row (`a>b>c`, converted or not, value) and as a journey with touch
 * times. Times every rule-based model, exact first-order Markov (and order 2 for reference) and
 * exact Shapley on the aggregated paths, and time decay on the journeys.
 * Usage: node bench/dist/attribution.js [journeys …] [--runs N]
 */
import { performance } from 'node:perf_hooks';
import {
  buildPathSet,
  firstTouchAttribution,
  type Journey,
  lastNonDirectAttribution,
  lastTouchAttribution,
  linearAttribution,
  markovAttribution,
  type PathRow,
  type PathSet,
  positionBasedAttribution,
  shapleyAttribution,
  timeDecayAttribution,
} from '@markpi/core';
import { formatMs, median } from './harness/measure.js';

const CHANNELS = [
  'direct',
  'search',
  'douyin',
  'xiaohongshu',
  'wechat',
  'weibo',
  'bilibili',
  'kuaishou',
  'zhihu',
  'email',
  'sms',
  'affiliate',
];
/** How often each channel is touched: a few large channels and a long tail. */
const POPULARITY = CHANNELS.map((_, index) => 1 / (index + 1) ** 0.9);
/** Each touch of a channel adds to the chance of converting; some channels help more. */
const LIFT = CHANNELS.map((_, index) => 0.02 + 0.03 * ((index * 7) % 5));
const DAY_MS = 86_400_000;
const END = Date.UTC(2026, 5, 30);

/** A seeded generator (xorshift32), so every run measures the same data. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

function generate(count: number): { rows: PathRow[]; journeys: Journey[] } {
  const random = generator(20260630);
  const total = POPULARITY.reduce((sum, weight) => sum + weight, 0);
  const pick = () => {
    let left = random() * total;
    for (let index = 0; index < POPULARITY.length; index++) {
      left -= POPULARITY[index]!;
      if (left < 0) return index;
    }
    return POPULARITY.length - 1;
  };
  const rows: PathRow[] = new Array(count);
  const journeys: Journey[] = new Array(count);
  for (let journey = 0; journey < count; journey++) {
    // Lengths 1, 2, 3 … with chance 0.45 of going on after each touch, at most 12.
    let length = 1;
    while (length < 12 && random() < 0.45) length++;
    const channels: string[] = [];
    let chance = 0.01;
    for (let touch = 0; touch < length; touch++) {
      const channel = pick();
      channels.push(CHANNELS[channel]!);
      chance += LIFT[channel]!;
    }
    const converts = random() < Math.min(0.9, chance);
    const value = converts ? Math.round(50 + 400 * random() * random()) : 0;
    const convertedAt = END - Math.floor(random() * 180) * DAY_MS;
    let at = convertedAt;
    const times: number[] = [];
    for (let touch = 0; touch < length; touch++) {
      times.push(at);
      at -= Math.floor(random() * 4 * DAY_MS);
    }
    times.reverse();
    rows[journey] = {
      path: channels.join('>'),
      conversions: converts ? 1 : 0,
      value,
      nulls: converts ? 0 : 1,
    };
    journeys[journey] = {
      touches: channels.map((channel, index) => ({ channel, at: times[index]! })),
      conversions: converts ? 1 : 0,
      value,
      convertedAt,
    };
  }
  return { rows, journeys };
}

function time<T>(runs: number, work: () => T): { ms: number; result: T } {
  let result = work(); // warm: compiled and cached before timing
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

function main(): void {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const sizes = args
    .filter((arg, index) => /^\d+$/.test(arg) && (runsAt < 0 || index !== runsAt + 1))
    .map(Number);
  if (sizes.length === 0) sizes.push(10_000, 100_000, 1_000_000);
  console.log(`Attribution over ${CHANNELS.length} channels; median of ${runs} runs after one warm run`);
  for (const size of sizes) {
    const { rows, journeys } = generate(size);
    const aggregate = time(runs, () => buildPathSet(rows));
    const set: PathSet = aggregate.result;
    const steps: [string, () => unknown][] = [
      ['first touch', () => firstTouchAttribution(set)],
      ['last touch', () => lastTouchAttribution(set)],
      ['last non-direct', () => lastNonDirectAttribution(set)],
      ['linear', () => linearAttribution(set)],
      ['position-based', () => positionBasedAttribution(set)],
      ['time decay (journeys)', () => timeDecayAttribution(journeys)],
      ['Markov order 1, exact', () => markovAttribution(set)],
      ['Shapley, exact', () => shapleyAttribution(set)],
    ];
    const timed = steps.map(([label, work]) => ({ label, ms: time(runs, work).ms }));
    const total = aggregate.ms + timed.reduce((sum, step) => sum + step.ms, 0);
    const secondOrder = time(Math.min(runs, 3), () => markovAttribution(set, { order: 2 }));
    const conversions = set.totals.conversions;
    console.log(
      `${size.toLocaleString('en-US')} journeys → ${set.conversions.length.toLocaleString('en-US')} distinct paths, ${conversions.toLocaleString('en-US')} conversions`,
    );
    console.log(`  ${'aggregate paths'.padEnd(24)} ${formatMs(aggregate.ms).padStart(9)}`);
    for (const step of timed) console.log(`  ${step.label.padEnd(24)} ${formatMs(step.ms).padStart(9)}`);
    console.log(`  ${'total'.padEnd(24)} ${formatMs(total).padStart(9)}`);
    console.log(
      `  ${'(Markov order 2, exact)'.padEnd(24)} ${formatMs(secondOrder.ms).padStart(9)}  ${secondOrder.result.states.length} states`,
    );
  }
}

main();
