/**
 * Markov-chain attribution with removal effects solved exactly.
 *
 * The chain (order k, default 1):
 * - a state is the window of the last k channels touched, growing from the start of the path
 *   (for k = 2, `a>b>c` visits `a`, `a>b`, `b>c`), so order 1 has one state per channel;
 * - every path runs start → its states → conversion or null; consecutive identical states are
 *   collapsed into one (for k = 1, `a>a>b` is `a`, `b`), so no state loops onto itself;
 * - every transition of a path is counted with the path's conversions + nulls, its last state
 *   goes to conversion with its conversions and to null with its nulls; a state's transition
 *   probabilities are its counts over its total.
 * Because the counts balance at every state, the chain's probability of conversion from start
 * equals the observed conversions / (conversions + nulls).
 *
 * Removal effect of a channel: 1 − P(conversion without it) / P(conversion), where "without it"
 * sends every transition into a state containing the channel to null. P is the absorption
 * probability of the chain, found by solving (I − Q)·h = r directly (Gaussian elimination), not
 * by simulating journeys. Credits: each channel's removal effect over the sum of all removal
 * effects, times the total conversions.
 *
 * The value-weighted variant scores the chain by value instead of conversions: a state's
 * conversion step carries the value of the conversions that ended there, so the chain's expected
 * value is the observed value per journey; removal effects on that expectation, shared the same
 * way, split the total value.
 */
import { MarkpiError } from '../errors.js';
import type { AttributionResult } from './heuristics.js';
import { solveDense } from './linear-system.js';
import { creditsOf, PATH_SEPARATOR, type PathInput, type PathSet, toPathSet } from './paths.js';

export const DEFAULT_MAX_MARKOV_STATES = 1500;

export interface MarkovOptions {
  /** Channels per state (k). Default 1. */
  order?: number;
  /**
   * Largest chain solved. Each removal is a dense solve of cubic cost in the states, so a high
   * order over many channels is refused rather than left to run for hours. Default 1500.
   */
  maxStates?: number;
}

export interface RemovalEffect {
  channel: string;
  /** Share of conversions lost when the channel is removed, 0 … 1. */
  conversions: number;
  /** Share of value lost when the channel is removed, 0 … 1. */
  value: number;
}

/** A transition of the fitted chain; `from` −1 is the start, states index `states`. */
export interface MarkovTransition {
  from: number;
  to: number | 'conversion' | 'null';
  probability: number;
}

export interface MarkovResult extends AttributionResult {
  model: 'markov';
  order: number;
  /** P(conversion) of the whole chain (equals conversions / (conversions + nulls)). */
  conversionProbability: number;
  /** Expected value per journey of the whole chain (equals value / (conversions + nulls)). */
  valuePerJourney: number;
  removalEffects: RemovalEffect[];
  /** Each state's channels, oldest first. */
  states: string[][];
  transitions: MarkovTransition[];
}

/** The counted chain: states, their transitions and their ends, with each state's channels. */
interface Chain {
  stateChannels: number[][];
  /** Start → state counts. */
  start: Map<number, number>;
  /** State → state counts (never to itself). */
  next: Map<number, number>[];
  conversion: number[];
  null: number[];
  value: number[];
}

function emptyState(chain: Chain, channels: number[]): number {
  chain.stateChannels.push(channels);
  chain.next.push(new Map());
  chain.conversion.push(0);
  chain.null.push(0);
  chain.value.push(0);
  return chain.stateChannels.length - 1;
}

const add = (counts: Map<number, number>, key: number, weight: number) =>
  counts.set(key, (counts.get(key) ?? 0) + weight);

/** Order 1: states are channels, found without building keys. */
function firstOrderChain(set: PathSet): Chain {
  const chain: Chain = { stateChannels: [], start: new Map(), next: [], conversion: [], null: [], value: [] };
  for (let channel = 0; channel < set.channels.length; channel++) emptyState(chain, [channel]);
  countPaths(set, chain, (_from, at) => set.sequence[at]!);
  return chain;
}

/** Order k: states are windows of up to k channels, numbered as first seen. */
function higherOrderChain(set: PathSet, order: number, maxStates: number): Chain {
  const chain: Chain = { stateChannels: [], start: new Map(), next: [], conversion: [], null: [], value: [] };
  const ids = new Map<string, number>();
  countPaths(set, chain, (from, at) => {
    const first = Math.max(from, at - order + 1);
    let key = '';
    for (let index = first; index <= at; index++) key += `${set.sequence[index]!},`;
    let id = ids.get(key);
    if (id === undefined) {
      if (ids.size >= maxStates) throw tooManyStates(order, maxStates);
      id = emptyState(chain, Array.from(set.sequence.subarray(first, at + 1)));
      ids.set(key, id);
    }
    return id;
  });
  return chain;
}

function tooManyStates(order: number, maxStates: number): MarkpiError {
  return new MarkpiError(
    'attribution.markov_too_many_states',
    `a Markov chain of order ${order} over these paths has more than ${maxStates} states`,
    [
      {
        message: `more than ${maxStates} distinct windows of ${order} channels`,
        path: 'order',
        hint: 'lower the order, merge rare channels, or raise maxStates (each removal costs states³)',
      },
    ],
  );
}

function countPaths(set: PathSet, chain: Chain, stateAt: (from: number, at: number) => number) {
  for (let path = 0; path < set.conversions.length; path++) {
    const conversions = set.conversions[path]!;
    const nulls = set.nulls[path]!;
    const weight = conversions + nulls;
    if (weight === 0) continue;
    const from = set.offsets[path]!;
    const to = set.offsets[path + 1]!;
    let previous = -1;
    for (let at = from; at < to; at++) {
      const state = stateAt(from, at);
      if (state === previous) continue;
      add(previous === -1 ? chain.start : chain.next[previous]!, state, weight);
      previous = state;
    }
    chain.conversion[previous]! += conversions;
    chain.null[previous]! += nulls;
    chain.value[previous]! += set.value[path]!;
  }
}

/**
 * P(conversion) and expected value from the start, with the states containing `removed` (a
 * channel index, or −1 for none) sending their incoming journeys to null.
 */
function absorb(chain: Chain, removed: number): { conversion: number; value: number } {
  const count = chain.stateChannels.length;
  const kept = new Int32Array(count).fill(-1);
  let size = 0;
  for (let state = 0; state < count; state++) {
    if (removed < 0 || !chain.stateChannels[state]!.includes(removed)) kept[state] = size++;
  }
  const matrix = new Float64Array(size * size);
  const rhs = new Float64Array(size * 2);
  for (let state = 0; state < count; state++) {
    const row = kept[state]!;
    if (row < 0) continue;
    let total = chain.conversion[state]! + chain.null[state]!;
    for (const weight of chain.next[state]!.values()) total += weight;
    matrix[row * size + row] = 1;
    // A channel seen only on paths with neither conversions nor nulls: never reached, h = 0.
    if (total === 0) continue;
    for (const [target, weight] of chain.next[state]!) {
      const column = kept[target]!;
      if (column >= 0) matrix[row * size + column]! -= weight / total;
    }
    rhs[row * 2] = chain.conversion[state]! / total;
    rhs[row * 2 + 1] = chain.value[state]! / total;
  }
  if (size > 0) solveDense(matrix, size, rhs, 2);
  let startTotal = 0;
  for (const weight of chain.start.values()) startTotal += weight;
  let conversion = 0;
  let value = 0;
  if (startTotal === 0) return { conversion, value };
  for (const [state, weight] of chain.start) {
    const row = kept[state]!;
    if (row < 0) continue;
    conversion += (weight / startTotal) * rhs[row * 2]!;
    value += (weight / startTotal) * rhs[row * 2 + 1]!;
  }
  return { conversion, value };
}

/** The loss when a channel is removed, as a share of the whole; 0 when there is nothing to lose. */
function lossShare(whole: number, without: number): number {
  if (!(whole > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - without / whole));
}

function shareOut(effects: readonly number[], total: number): Float64Array {
  let sumOfEffects = 0;
  for (const effect of effects) sumOfEffects += effect;
  return Float64Array.from(effects, (effect) => (sumOfEffects > 0 ? (effect / sumOfEffects) * total : 0));
}

export function markovAttribution(input: PathInput, options: MarkovOptions = {}): MarkovResult {
  const order = options.order ?? 1;
  const maxStates = options.maxStates ?? DEFAULT_MAX_MARKOV_STATES;
  if (!(Number.isInteger(order) && order >= 1)) {
    throw new MarkpiError('attribution.invalid_order', 'the Markov order must be a whole number ≥ 1', [
      { message: `got ${order}`, path: 'order' },
    ]);
  }
  const set = toPathSet(input);
  if (order === 1 && set.channels.length > maxStates) throw tooManyStates(order, maxStates);
  const chain = order === 1 ? firstOrderChain(set) : higherOrderChain(set, order, maxStates);
  return markovFromChain(set, chain, order);
}

/** Order 1 built the general way (windows with keys), for checking the direct construction. */
export function markovAttributionByWindows(input: PathInput, options: MarkovOptions = {}): MarkovResult {
  const set = toPathSet(input);
  const order = options.order ?? 1;
  return markovFromChain(
    set,
    higherOrderChain(set, order, options.maxStates ?? DEFAULT_MAX_MARKOV_STATES),
    order,
  );
}

function markovFromChain(set: PathSet, chain: Chain, order: number): MarkovResult {
  const whole = absorb(chain, -1);
  const conversionEffects: number[] = [];
  const valueEffects: number[] = [];
  for (let channel = 0; channel < set.channels.length; channel++) {
    const without = absorb(chain, channel);
    conversionEffects.push(lossShare(whole.conversion, without.conversion));
    valueEffects.push(lossShare(whole.value, without.value));
  }
  const credits = creditsOf(
    set.channels,
    shareOut(conversionEffects, set.totals.conversions),
    shareOut(valueEffects, set.totals.value),
  );
  return {
    model: 'markov',
    credits,
    totals: set.totals,
    order,
    conversionProbability: whole.conversion,
    valuePerJourney: whole.value,
    removalEffects: set.channels.map((channel, index) => ({
      channel,
      conversions: conversionEffects[index]!,
      value: valueEffects[index]!,
    })),
    states: chain.stateChannels.map((channels) => channels.map((channel) => set.channels[channel]!)),
    transitions: transitionsOf(chain),
  };
}

function transitionsOf(chain: Chain): MarkovTransition[] {
  const transitions: MarkovTransition[] = [];
  const push = (from: number, counts: Iterable<[number | 'conversion' | 'null', number]>) => {
    const list = [...counts].filter(([, weight]) => weight > 0);
    const total = list.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [to, weight] of list) transitions.push({ from, to, probability: weight / total });
  };
  push(-1, chain.start);
  chain.next.forEach((next, state) => {
    push(state, [...next, ['conversion', chain.conversion[state]!], ['null', chain.null[state]!]]);
  });
  return transitions;
}

/** A state's name as a path: `a>b`. */
export function stateName(channels: readonly string[]): string {
  return channels.join(PATH_SEPARATOR);
}
