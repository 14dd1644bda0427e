/**
 * Each model's credit down to the single touch, so that what a model gives a channel can be
 * split by day, campaign and creator without changing the channel's total.
 *
 * The models credit keys (channels); `touchCredits` says how much of each converting journey's
 * conversions and value each of its touches carries under every model:
 * - first, last, last non-direct, linear, position-based and time decay weigh touches
 *   themselves (core's `heuristics.ts` rules, per journey);
 * - Shapley: each journey's total split equally over its distinct keys (the closed form of the
 *   Shapley value of this game, which core's exact solver equals), a key's part equally over its
 *   touches in the journey;
 * - Markov: a key's credit from the chain (core's `markovAttribution` on the same journeys) is
 *   shared over the converting journeys that touched it, in proportion to their conversions (for
 *   the conversion credit) or value (for the value credit), and within a journey equally over
 *   the key's touches. The chain gives no journey-level credit of its own; this is the
 *   convention.
 * Summed over touches, every model gives each key exactly what core gives it.
 */
import {
  type AttributionModelId,
  DEFAULT_DIRECT_CHANNELS,
  DEFAULT_HALF_LIFE_DAYS,
  DEFAULT_POSITION_WEIGHTS,
  type Journey,
  type MarkovResult,
  markovAttribution,
  pathSetFromJourneys,
} from '@markpi/core';

const DAY_MS = 86_400_000;

export interface TouchCredit {
  /** Index of the journey in the input. */
  journey: number;
  /** Index of the touch within the journey. */
  touch: number;
  model: AttributionModelId;
  conversions: number;
  value: number;
}

export interface TouchCreditOptions {
  directChannels?: readonly string[];
  halfLifeDays?: number;
}

/**
 * Every model's credit per touch of the converting journeys (see the module comment). Journeys
 * need touch times and conversion times (time decay reads them). Returns the credits and the
 * Markov chain they came from.
 */
export function touchCredits(
  journeys: readonly Journey[],
  options: TouchCreditOptions = {},
): { credits: TouchCredit[]; markov: MarkovResult } {
  const direct = new Set(
    (options.directChannels ?? DEFAULT_DIRECT_CHANNELS).map((name) => name.trim().toLowerCase()),
  );
  const halfLifeMs = (options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS) * DAY_MS;
  const { first: firstWeight, last: lastWeight } = DEFAULT_POSITION_WEIGHTS;
  const markov = markovAttribution(pathSetFromJourneys(journeys));
  const markovCredit = new Map(markov.credits.map((credit) => [credit.channel, credit]));

  // Per key: the conversions and value of the converting journeys that touched it.
  const reach = new Map<string, { conversions: number; value: number }>();
  for (const journey of journeys) {
    if (!(journey.conversions > 0)) continue;
    for (const key of new Set(journey.touches.map((touch) => touch.channel.trim()))) {
      const entry = reach.get(key) ?? { conversions: 0, value: 0 };
      entry.conversions += journey.conversions;
      entry.value += journey.value ?? 0;
      reach.set(key, entry);
    }
  }

  const credits: TouchCredit[] = [];
  journeys.forEach((journey, index) => {
    const conversions = journey.conversions;
    if (!(conversions > 0)) return;
    const value = journey.value ?? 0;
    const keys = journey.touches.map((touch) => touch.channel.trim());
    const count = keys.length;
    const occurrences = new Map<string, number>();
    for (const key of keys) occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
    const give = (model: AttributionModelId, touch: number, share: number, valueShare = share) => {
      if (share === 0 && valueShare === 0) return;
      credits.push({
        journey: index,
        touch,
        model,
        conversions: conversions * share,
        value: value * valueShare,
      });
    };

    give('first_touch', 0, 1);
    give('last_touch', count - 1, 1);
    let closing = count - 1;
    while (closing > 0 && direct.has(keys[closing]!.toLowerCase())) closing--;
    if (direct.has(keys[closing]!.toLowerCase())) closing = count - 1;
    give('last_non_direct', closing, 1);
    for (let touch = 0; touch < count; touch++) give('linear', touch, 1 / count);
    if (count === 1) give('position', 0, 1);
    else if (count === 2) {
      give('position', 0, firstWeight / (firstWeight + lastWeight));
      give('position', 1, lastWeight / (firstWeight + lastWeight));
    } else {
      const middle = (1 - firstWeight - lastWeight) / (count - 2);
      give('position', 0, firstWeight);
      for (let touch = 1; touch < count - 1; touch++) give('position', touch, middle);
      give('position', count - 1, lastWeight);
    }
    const weights = journey.touches.map((touch) => 2 ** (-(journey.convertedAt! - touch.at) / halfLifeMs));
    const weightSum = weights.reduce((total, weight) => total + weight, 0);
    for (let touch = 0; touch < count; touch++) give('time_decay', touch, weights[touch]! / weightSum);
    const distinct = occurrences.size;
    for (let touch = 0; touch < count; touch++)
      give('shapley', touch, 1 / distinct / occurrences.get(keys[touch]!)!);
    for (let touch = 0; touch < count; touch++) {
      const key = keys[touch]!;
      const chain = markovCredit.get(key)!;
      const reached = reach.get(key)!;
      const per = 1 / occurrences.get(key)!;
      // The key's chain credit per conversion (per unit of value) of the journeys it touched.
      const conversionShare = (chain.conversions / reached.conversions) * per;
      const valueShare = reached.value > 0 ? (chain.value / reached.value) * per : 0;
      give('markov', touch, conversionShare, valueShare);
    }
  });
  return { credits, markov };
}
