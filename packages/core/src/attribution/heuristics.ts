/**
 * Rule-based attribution: each converting journey's conversions and value are split over its
 * touches by fixed weights that add up to 1, so every model's credits add up to the totals.
 * All of them count touches as occurrences: a channel touched twice is weighed twice.
 *
 * - first touch: all to the first touch.
 * - last touch: all to the last touch.
 * - last non-direct touch: all to the last touch whose channel is not direct; direct gets the
 *   credit only when every touch of the journey is direct.
 * - linear: equal weight per touch (`a>a>b`: a 2/3, b 1/3).
 * - position-based (U-shaped): 40% first, 40% last, the other 20% shared equally by the touches
 *   between; one touch takes 100%; two touches split first : last (50/50 by default).
 * - time decay: weight 2^(−Δt / half-life) per touch, Δt the continuous days from the touch to
 *   the conversion (half-life 7 days by default), normalised within the journey.
 *
 * Non-converting paths take no credit from any of these.
 */
import { MarkpiError } from '../errors.js';
import { checkJourney, DAY_MS, type Journey } from './journeys.js';
import type { AttributionModelId } from './messages.js';
import {
  type AttributionTotals,
  byCodePoint,
  type ChannelCredit,
  creditsOf,
  type PathInput,
  type PathSet,
  ProblemList,
  sum,
  toPathSet,
} from './paths.js';

export interface AttributionResult {
  model: AttributionModelId;
  /** One row per channel of the input, in code-point order of the names. */
  credits: ChannelCredit[];
  totals: AttributionTotals;
}

export const DEFAULT_DIRECT_CHANNELS: readonly string[] = ['direct', '(direct)'];
export const DEFAULT_POSITION_WEIGHTS = { first: 0.4, last: 0.4 } as const;
export const DEFAULT_HALF_LIFE_DAYS = 7;

/**
 * Runs a weighting over every converting path: `weigh(from, to, weights)` fills
 * `weights[0 .. to − from)` for the touches `sequence[from .. to)` with numbers adding up to 1.
 */
function splitOverTouches(
  model: AttributionModelId,
  set: PathSet,
  weigh: (from: number, to: number, weights: Float64Array) => void,
): AttributionResult {
  const conversions = new Float64Array(set.channels.length);
  const value = new Float64Array(set.channels.length);
  let longest = 0;
  for (let path = 0; path + 1 < set.offsets.length; path++) {
    longest = Math.max(longest, set.offsets[path + 1]! - set.offsets[path]!);
  }
  const weights = new Float64Array(longest);
  for (let path = 0; path < set.conversions.length; path++) {
    const pathConversions = set.conversions[path]!;
    const pathValue = set.value[path]!;
    if (pathConversions === 0 && pathValue === 0) continue;
    const from = set.offsets[path]!;
    const to = set.offsets[path + 1]!;
    weigh(from, to, weights);
    for (let at = from; at < to; at++) {
      const weight = weights[at - from]!;
      const channel = set.sequence[at]!;
      conversions[channel]! += weight * pathConversions;
      value[channel]! += weight * pathValue;
    }
  }
  return { model, credits: creditsOf(set.channels, conversions, value), totals: set.totals };
}

/** Puts the whole path on one touch, chosen by `pick(from, to)`. */
function onOneTouch(
  model: AttributionModelId,
  set: PathSet,
  pick: (from: number, to: number) => number,
): AttributionResult {
  return splitOverTouches(model, set, (from, to, weights) => {
    weights.fill(0, 0, to - from);
    weights[pick(from, to) - from] = 1;
  });
}

export function firstTouchAttribution(input: PathInput): AttributionResult {
  return onOneTouch('first_touch', toPathSet(input), (from) => from);
}

export function lastTouchAttribution(input: PathInput): AttributionResult {
  return onOneTouch('last_touch', toPathSet(input), (_from, to) => to - 1);
}

export interface LastNonDirectOptions {
  /** Channels that count as direct, compared without case. Default `direct`, `(direct)`. */
  directChannels?: readonly string[];
}

export function lastNonDirectAttribution(
  input: PathInput,
  options: LastNonDirectOptions = {},
): AttributionResult {
  const set = toPathSet(input);
  const direct = new Set(
    (options.directChannels ?? DEFAULT_DIRECT_CHANNELS).map((name) => name.trim().toLowerCase()),
  );
  const isDirect = set.channels.map((channel) => direct.has(channel.toLowerCase()));
  return onOneTouch('last_non_direct', set, (from, to) => {
    for (let at = to - 1; at >= from; at--) if (!isDirect[set.sequence[at]!]) return at;
    return to - 1;
  });
}

export function linearAttribution(input: PathInput): AttributionResult {
  return splitOverTouches('linear', toPathSet(input), (from, to, weights) => {
    weights.fill(1 / (to - from), 0, to - from);
  });
}

export interface PositionWeights {
  /** Share of the first touch when there are three or more. Default 0.4. */
  first: number;
  /** Share of the last touch when there are three or more. Default 0.4. */
  last: number;
}

export function positionBasedAttribution(
  input: PathInput,
  weights: PositionWeights = DEFAULT_POSITION_WEIGHTS,
): AttributionResult {
  const { first, last } = weights;
  if (!(first >= 0 && last >= 0 && first + last <= 1 && first + last > 0)) {
    throw new MarkpiError(
      'attribution.invalid_position_weights',
      'position weights need first ≥ 0, last ≥ 0 and 0 < first + last ≤ 1',
      [{ message: `got first ${first}, last ${last}`, path: 'weights' }],
    );
  }
  const middle = 1 - first - last;
  return splitOverTouches('position', toPathSet(input), (from, to, shares) => {
    const touches = to - from;
    if (touches === 1) {
      shares[0] = 1;
    } else if (touches === 2) {
      shares[0] = first / (first + last);
      shares[1] = last / (first + last);
    } else {
      shares.fill(middle / (touches - 2), 1, touches - 1);
      shares[0] = first;
      shares[touches - 1] = last;
    }
  });
}

function grow(values: Float64Array): Float64Array {
  const larger = new Float64Array(values.length * 2);
  larger.set(values);
  return larger;
}

export interface TimeDecayOptions {
  /** Days after which a touch weighs half as much. Default 7. */
  halfLifeDays?: number;
}

/** Time decay needs touch times, so it reads journeys rather than aggregated paths. */
export function timeDecayAttribution(
  journeys: readonly Journey[],
  options: TimeDecayOptions = {},
): AttributionResult {
  const halfLifeDays = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  if (!(Number.isFinite(halfLifeDays) && halfLifeDays > 0)) {
    throw new MarkpiError('attribution.invalid_half_life', 'the half-life must be a number of days > 0', [
      { message: `got ${halfLifeDays}`, path: 'halfLifeDays' },
    ]);
  }
  const problems = new ProblemList();
  const halfLifeMs = halfLifeDays * DAY_MS;
  // Channels numbered as first seen (one lookup per touch), put in name order at the end.
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  let conversions: Float64Array = new Float64Array(16);
  let value: Float64Array = new Float64Array(16);
  let touchIndex = new Int32Array(16);
  let weights = new Float64Array(16);
  const totals = { conversions: [] as number[], value: [] as number[], nulls: 0 };
  for (let row = 0; row < journeys.length; row++) {
    const journey = journeys[row]!;
    // Checked as it is read (one pass over a million journeys, not two); nothing is returned
    // unless every journey is readable.
    if (!checkJourney(problems, journey, row + 1, true)) continue;
    const touches = journey.touches;
    if (weights.length < touches.length) {
      weights = new Float64Array(touches.length * 2);
      touchIndex = new Int32Array(touches.length * 2);
    }
    for (let index = 0; index < touches.length; index++) {
      const name = touches[index]!.channel.trim();
      let channel = indexOf.get(name);
      if (channel === undefined) {
        channel = names.push(name) - 1;
        indexOf.set(name, channel);
        if (channel >= conversions.length) {
          conversions = grow(conversions);
          value = grow(value);
        }
      }
      touchIndex[index] = channel;
    }
    const journeyValue = journey.value ?? 0;
    totals.conversions.push(journey.conversions);
    totals.value.push(journeyValue);
    if (journey.conversions === 0) {
      totals.nulls += 1;
      continue;
    }
    // Weights relative to the most recent touch (≤ 1 each, the last exactly 1): the ratio is
    // the same as 2^(−Δt/h) and a journey far older than the half-life cannot underflow to 0/0.
    const newest = touches[touches.length - 1]!.at;
    let total = 0;
    for (let index = 0; index < touches.length; index++) {
      const weight = 2 ** (-(newest - touches[index]!.at) / halfLifeMs);
      weights[index] = weight;
      total += weight;
    }
    for (let index = 0; index < touches.length; index++) {
      const share = weights[index]! / total;
      conversions[touchIndex[index]!]! += share * journey.conversions;
      value[touchIndex[index]!]! += share * journeyValue;
    }
  }
  problems.throwIfAny('attribution.invalid_journeys', 'the journeys');
  const order = names.map((_, index) => index).sort((a, b) => byCodePoint(names[a]!, names[b]!));
  return {
    model: 'time_decay',
    credits: order.map((channel) => ({
      channel: names[channel]!,
      conversions: conversions[channel]!,
      value: value[channel]!,
    })),
    totals: { conversions: sum(totals.conversions), value: sum(totals.value), nulls: totals.nulls },
  };
}
