/**
 * Every model side by side: one row per channel, one column per model (credited conversions, or
 * value with `measure: 'value'`), Markov's removal effect, the spread between the models and a
 * sentence where they disagree.
 *
 * Shares are credit / total. A channel's models disagree when the highest share is at least
 * `minShare` (1% by default: tiny channels are noise) and more than `factor` times the lowest
 * (2 by default; a model giving nothing counts as infinitely far). The sentence names the lowest
 * and the highest model and, when the channel's place in journeys explains it, why: it *opens*
 * journeys when its first-touch share is at least 1.5× its last-touch share, *closes* them in the
 * opposite case, and works *in the middle* when its linear share is at least 1.5× both.
 *
 * Time decay needs touch times: its column is filled from journeys and null for aggregated paths.
 */
import { MarkpiError } from '../errors.js';
import {
  type AttributionResult,
  firstTouchAttribution,
  lastNonDirectAttribution,
  lastTouchAttribution,
  linearAttribution,
  type PositionWeights,
  positionBasedAttribution,
  timeDecayAttribution,
} from './heuristics.js';
import { type Journey, pathSetFromJourneys } from './journeys.js';
import { type MarkovOptions, type MarkovResult, markovAttribution } from './markov.js';
import {
  ATTRIBUTION_MODELS,
  type AttributionMessage,
  type AttributionMessageKey,
  type AttributionModelId,
  attributionMessage,
} from './messages.js';
import { type PathInput, toPathSet } from './paths.js';
import { type ShapleyOptions, type ShapleyResult, shapleyAttribution } from './shapley.js';

export const DEFAULT_DISAGREEMENT_FACTOR = 2;
export const DEFAULT_DISAGREEMENT_MIN_SHARE = 0.01;
/** How much more one position's share must be to say the channel opens, closes or sits between. */
const ROLE_LEAN = 1.5;

export type ComparisonInput = { paths: PathInput } | { journeys: readonly Journey[] };

export interface CompareOptions {
  measure?: 'conversions' | 'value';
  /** Models differ when the highest share exceeds the lowest by more than this factor. Default 2. */
  factor?: number;
  /** Channels whose highest share is below this are never flagged. Default 0.01. */
  minShare?: number;
  directChannels?: readonly string[];
  positionWeights?: PositionWeights;
  halfLifeDays?: number;
  markov?: MarkovOptions;
  shapley?: ShapleyOptions;
}

export interface ModelShare {
  model: AttributionModelId;
  share: number;
}

export interface ModelSpread {
  low: ModelShare;
  high: ModelShare;
  /** high − low, in shares (0.15 is 15 points). */
  points: number;
  /** high / low; null when the low model gives the channel nothing. */
  ratio: number | null;
}

export interface ModelComparisonRow {
  channel: string;
  first_touch: number;
  last_touch: number;
  last_non_direct: number;
  linear: number;
  position: number;
  time_decay: number | null;
  markov: number;
  shapley: number;
  /** Markov removal effect of the channel (of conversions, or of value), 0 … 1. */
  removal_effect: number;
  spread: ModelSpread;
  disagreement: AttributionMessage | null;
}

export interface ModelComparison {
  measure: 'conversions' | 'value';
  total: number;
  factor: number;
  minShare: number;
  /** The model columns that hold numbers, in column order. */
  models: AttributionModelId[];
  rows: ModelComparisonRow[];
  markov: MarkovResult;
  shapley: ShapleyResult;
}

export function compareAttributionModels(
  input: ComparisonInput,
  options: CompareOptions = {},
): ModelComparison {
  const measure = options.measure ?? 'conversions';
  const factor = options.factor ?? DEFAULT_DISAGREEMENT_FACTOR;
  const minShare = options.minShare ?? DEFAULT_DISAGREEMENT_MIN_SHARE;
  if (!(factor > 1 && Number.isFinite(factor)) || !(minShare >= 0 && minShare <= 1)) {
    throw new MarkpiError('attribution.invalid_comparison', 'the factor must be > 1 and minShare 0 … 1', [
      { message: `got factor ${factor}, minShare ${minShare}`, path: 'factor' },
    ]);
  }
  const journeys = 'journeys' in input ? input.journeys : undefined;
  const set = journeys ? pathSetFromJourneys(journeys) : toPathSet((input as { paths: PathInput }).paths);
  const markov = markovAttribution(set, options.markov);
  const shapley = shapleyAttribution(set, options.shapley);
  const results: Partial<Record<AttributionModelId, AttributionResult>> = {
    first_touch: firstTouchAttribution(set),
    last_touch: lastTouchAttribution(set),
    last_non_direct: lastNonDirectAttribution(set, { directChannels: options.directChannels }),
    linear: linearAttribution(set),
    position: positionBasedAttribution(set, options.positionWeights),
    markov,
    shapley,
  };
  if (journeys) results.time_decay = timeDecayAttribution(journeys, { halfLifeDays: options.halfLifeDays });
  const models = ATTRIBUTION_MODELS.filter((model) => results[model] !== undefined);
  const total = measure === 'value' ? set.totals.value : set.totals.conversions;
  const creditOf = (model: AttributionModelId, channel: number): number => {
    const credit = results[model]?.credits[channel];
    return credit ? credit[measure] : 0;
  };

  const rows = set.channels.map((channel, index): ModelComparisonRow => {
    const share = (model: AttributionModelId) => (total > 0 ? creditOf(model, index) / total : 0);
    const shares = models.map((model) => ({ model, share: share(model) }));
    const spread = spreadOf(shares);
    const differs =
      spread.high.share >= minShare &&
      spread.high.share > 0 &&
      (spread.ratio === null || spread.ratio > factor);
    return {
      channel,
      first_touch: creditOf('first_touch', index),
      last_touch: creditOf('last_touch', index),
      last_non_direct: creditOf('last_non_direct', index),
      linear: creditOf('linear', index),
      position: creditOf('position', index),
      time_decay: journeys ? creditOf('time_decay', index) : null,
      markov: creditOf('markov', index),
      shapley: creditOf('shapley', index),
      removal_effect: markov.removalEffects[index]![measure],
      spread,
      disagreement: differs
        ? attributionMessage(disagreementKey(share('first_touch'), share('last_touch'), share('linear')), {
            channel,
            lowModel: spread.low.model,
            lowShare: spread.low.share,
            highModel: spread.high.model,
            highShare: spread.high.share,
          })
        : null,
    };
  });
  return { measure, total, factor, minShare, models, rows, markov, shapley };
}

/** Lowest and highest share; ties go to the model listed first. */
function spreadOf(shares: readonly ModelShare[]): ModelSpread {
  let low = shares[0]!;
  let high = shares[0]!;
  for (const entry of shares) {
    if (entry.share < low.share) low = entry;
    if (entry.share > high.share) high = entry;
  }
  return { low, high, points: high.share - low.share, ratio: low.share > 0 ? high.share / low.share : null };
}

function disagreementKey(first: number, last: number, linear: number): AttributionMessageKey {
  if (first > 0 && first >= ROLE_LEAN * last) return 'attribution.disagreement.opens';
  if (last > 0 && last >= ROLE_LEAN * first) return 'attribution.disagreement.closes';
  if (linear > 0 && linear >= ROLE_LEAN * Math.max(first, last)) return 'attribution.disagreement.middle';
  return 'attribution.disagreement.differs';
}
