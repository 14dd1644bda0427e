/**
 * Shapley-value attribution.
 *
 * Players are the channels that appear on converting paths (the others get 0). The value
 * function: v(S) = the conversions (or value) of the paths whose set of channels is contained in
 * the coalition S — a path counts for S only when S holds every channel it touched; order and
 * repeats do not matter. A channel's credit is its Shapley value: its marginal contribution
 * v(S ∪ {i}) − v(S), averaged over all orders in which channels could join. The values add up to
 * v(all channels), the total conversions (value).
 *
 * Exact up to `exactUpTo` players (15 by default): v is tabulated for all 2^n coalitions by a
 * subset-sum (zeta) transform of the path totals per exact channel set, and each player's value
 * summed with the Shapley weights s!(n − s − 1)!/n! — O(2^n · n) rather than a loop over
 * coalitions and their subsets.
 *
 * Beyond that, sampled: `samples` random orders (seeded, so reruns agree); in each order every
 * path's total goes to the last of its channels to join (that is the one whose arrival completes
 * it); a credit is the mean over orders, reported with its standard error (sample standard
 * deviation / √samples). Each order's contributions add up to the total exactly, so the sampled
 * credits still sum to it.
 *
 * For this value function the Shapley value has a closed form — each path's total split equally
 * among its distinct channels — which the tests hold both methods to.
 */
import { MarkpiError } from '../errors.js';
import type { AttributionResult } from './heuristics.js';
import { type AttributionMessage, attributionMessage } from './messages.js';
import { creditsOf, type PathInput, type PathSet, toPathSet } from './paths.js';

export const DEFAULT_SHAPLEY_EXACT_UP_TO = 15;
export const DEFAULT_SHAPLEY_SAMPLES = 2000;
/** The tabulated coalition values take 2 × 8 × 2^n bytes: 2^24 coalitions is 256 MiB. */
const MAX_EXACT_PLAYERS = 24;

export interface ShapleyOptions {
  /** Most players solved exactly; more are sampled. Default 15, at most 24. */
  exactUpTo?: number;
  /** Random orders drawn when sampling. Default 2000. */
  samples?: number;
  /** Seed of the sampler. Default 1. */
  seed?: number;
}

export interface ShapleyStandardError {
  channel: string;
  conversions: number;
  value: number;
}

export interface ShapleyResult extends AttributionResult {
  model: 'shapley';
  exact: boolean;
  /** Channels on converting paths: the players. */
  players: number;
  /** Orders drawn (0 when exact). */
  samples: number;
  /** Standard error of each credit (0 when exact). */
  standardErrors: ShapleyStandardError[];
  notes: AttributionMessage[];
}

export function shapleyAttribution(input: PathInput, options: ShapleyOptions = {}): ShapleyResult {
  const exactUpTo = options.exactUpTo ?? DEFAULT_SHAPLEY_EXACT_UP_TO;
  const samples = options.samples ?? DEFAULT_SHAPLEY_SAMPLES;
  if (!(Number.isInteger(exactUpTo) && exactUpTo >= 0 && exactUpTo <= MAX_EXACT_PLAYERS)) {
    throw new MarkpiError(
      'attribution.invalid_shapley_options',
      `exactUpTo must be a whole number 0 … ${MAX_EXACT_PLAYERS}`,
      [{ message: `got ${exactUpTo}`, path: 'exactUpTo' }],
    );
  }
  if (!(Number.isInteger(samples) && samples >= 2)) {
    throw new MarkpiError('attribution.invalid_shapley_options', 'samples must be a whole number ≥ 2', [
      { message: `got ${samples}`, path: 'samples' },
    ]);
  }
  const set = toPathSet(input);
  const coalitions = distinctChannelSets(set);
  const players = coalitions.players.length;
  const conversions = new Float64Array(set.channels.length);
  const value = new Float64Array(set.channels.length);
  const errorConversions = new Float64Array(set.channels.length);
  const errorValue = new Float64Array(set.channels.length);
  const exact = players <= exactUpTo;
  if (exact) {
    const result = exactShapley(coalitions);
    coalitions.players.forEach((channel, player) => {
      conversions[channel] = result.conversions[player]!;
      value[channel] = result.value[player]!;
    });
  } else {
    const result = sampledShapley(coalitions, samples, options.seed ?? 1);
    coalitions.players.forEach((channel, player) => {
      conversions[channel] = result.conversions[player]!;
      value[channel] = result.value[player]!;
      errorConversions[channel] = result.errorConversions[player]!;
      errorValue[channel] = result.errorValue[player]!;
    });
  }
  return {
    model: 'shapley',
    credits: creditsOf(set.channels, conversions, value),
    totals: set.totals,
    exact,
    players,
    samples: exact ? 0 : samples,
    standardErrors: creditsOf(set.channels, errorConversions, errorValue),
    notes: exact
      ? []
      : [attributionMessage('attribution.shapley.sampled', { channels: players, samples, limit: exactUpTo })],
  };
}

/** Converting paths grouped by their set of distinct channels, channels renumbered as players. */
interface Coalitions {
  /** Channel index of each player. */
  players: number[];
  /** Members (player numbers, ascending) of each distinct set. */
  members: number[][];
  conversions: number[];
  value: number[];
}

function distinctChannelSets(set: PathSet): Coalitions {
  const playerOf = new Int32Array(set.channels.length).fill(-1);
  for (let path = 0; path < set.conversions.length; path++) {
    if (set.conversions[path] === 0) continue;
    for (let at = set.offsets[path]!; at < set.offsets[path + 1]!; at++) playerOf[set.sequence[at]!] = 0;
  }
  const players: number[] = [];
  for (let channel = 0; channel < playerOf.length; channel++) {
    if (playerOf[channel] === 0) playerOf[channel] = players.push(channel) - 1;
  }
  const slots = new Map<string, number>();
  const members: number[][] = [];
  const conversions: number[] = [];
  const value: number[] = [];
  const seen = new Int32Array(players.length).fill(-1);
  for (let path = 0; path < set.conversions.length; path++) {
    if (set.conversions[path] === 0) continue;
    const list: number[] = [];
    for (let at = set.offsets[path]!; at < set.offsets[path + 1]!; at++) {
      const player = playerOf[set.sequence[at]!]!;
      if (seen[player] !== path) {
        seen[player] = path;
        list.push(player);
      }
    }
    list.sort((a, b) => a - b);
    const key = list.join(',');
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = members.length;
      slots.set(key, slot);
      members.push(list);
      conversions.push(0);
      value.push(0);
    }
    conversions[slot]! += set.conversions[path]!;
    value[slot]! += set.value[path]!;
  }
  return { players, members, conversions, value };
}

function exactShapley(coalitions: Coalitions): { conversions: Float64Array; value: Float64Array } {
  const n = coalitions.players.length;
  const size = 2 ** n;
  // Totals per exact channel set, then v(S) = Σ over subsets T ⊆ S (the zeta transform).
  const worth = new Float64Array(size);
  const worthValue = new Float64Array(size);
  coalitions.members.forEach((list, slot) => {
    let mask = 0;
    for (const player of list) mask |= 1 << player;
    worth[mask]! += coalitions.conversions[slot]!;
    worthValue[mask]! += coalitions.value[slot]!;
  });
  for (let player = 0; player < n; player++) {
    const bit = 1 << player;
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) {
        worth[mask]! += worth[mask ^ bit]!;
        worthValue[mask]! += worthValue[mask ^ bit]!;
      }
    }
  }
  // Shapley weight of joining a coalition of s others: s!(n − s − 1)!/n! = 1 / (n · C(n − 1, s)).
  const weight = new Float64Array(Math.max(n, 1));
  let choose = 1;
  for (let s = 0; s < n; s++) {
    weight[s] = 1 / (n * choose);
    choose = (choose * (n - 1 - s)) / (s + 1);
  }
  const sizeOf = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) sizeOf[mask] = sizeOf[mask >> 1]! + (mask & 1);
  const conversions = new Float64Array(n);
  const value = new Float64Array(n);
  for (let mask = 0; mask < size; mask++) {
    const w = weight[sizeOf[mask]!]!;
    const before = worth[mask]!;
    const beforeValue = worthValue[mask]!;
    for (let player = 0; player < n; player++) {
      const bit = 1 << player;
      if (mask & bit) continue;
      conversions[player]! += w * (worth[mask | bit]! - before);
      value[player]! += w * (worthValue[mask | bit]! - beforeValue);
    }
  }
  return { conversions, value };
}

function sampledShapley(
  coalitions: Coalitions,
  samples: number,
  seed: number,
): {
  conversions: Float64Array;
  value: Float64Array;
  errorConversions: Float64Array;
  errorValue: Float64Array;
} {
  const n = coalitions.players.length;
  const random = mulberry32(seed);
  const order = Int32Array.from({ length: n }, (_, index) => index);
  const arrival = new Int32Array(n);
  const round = new Float64Array(n);
  const roundValue = new Float64Array(n);
  // Running mean and squared deviations (Welford), per player.
  const mean = new Float64Array(n);
  const meanValue = new Float64Array(n);
  const squares = new Float64Array(n);
  const squaresValue = new Float64Array(n);
  for (let sample = 1; sample <= samples; sample++) {
    for (let index = n - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      const kept = order[index]!;
      order[index] = order[other]!;
      order[other] = kept;
    }
    for (let index = 0; index < n; index++) arrival[order[index]!] = index;
    round.fill(0);
    roundValue.fill(0);
    coalitions.members.forEach((list, slot) => {
      let last = list[0]!;
      for (const player of list) if (arrival[player]! > arrival[last]!) last = player;
      round[last]! += coalitions.conversions[slot]!;
      roundValue[last]! += coalitions.value[slot]!;
    });
    for (let player = 0; player < n; player++) {
      const delta = round[player]! - mean[player]!;
      mean[player]! += delta / sample;
      squares[player]! += delta * (round[player]! - mean[player]!);
      const deltaValue = roundValue[player]! - meanValue[player]!;
      meanValue[player]! += deltaValue / sample;
      squaresValue[player]! += deltaValue * (roundValue[player]! - meanValue[player]!);
    }
  }
  const error = (sumOfSquares: Float64Array) =>
    Float64Array.from(sumOfSquares, (squared) => Math.sqrt(squared / (samples - 1) / samples));
  return {
    conversions: mean,
    value: meanValue,
    errorConversions: error(squares),
    errorValue: error(squaresValue),
  };
}

/** A small seeded generator (mulberry32): the same seed draws the same orders on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
