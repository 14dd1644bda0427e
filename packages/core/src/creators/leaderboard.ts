/**
 * Creators judged by the KPIs their tier is judged by, ranked within the tier, with a minimum
 * cost below which a creator is listed but not ranked, a cost-versus-result quadrant and a
 * re-hire signal.
 *
 * Conventions:
 * - A creator's cost is the fees recorded for the period (星图 / 蒲公英 orders, invoices,
 *   contracts) plus the media spend on their posts (boosts such as DOU+ or 薯条). CPE and cost
 *   per indexed post divide that cost; the catalog's `cpe` divides media spend alone.
 * - Ratios the planner computes (engagement rate, viral rates, completion, save rate) are taken
 *   over the whole period: a viral post is one whose likes over the period reach the threshold.
 * - Share of voice for a creator is the creator's own positive top-ten results divided by all
 *   top-ten results of the tracked keywords' snapshots in the period.
 * - Medians are over the ranked creators of the tier (those at or above the minimum cost), the
 *   mean of the two middle values for an even count; a creator beats a median only when strictly
 *   better in the KPI's direction.
 * - Re-hire signal: at least `minPosts` posts in the period, ranked, judged on at least two of the
 *   tier's KPIs (those with a value), and beating the tier median on every one judged.
 * - Quadrant: cost against the tier's result volume (KOL interactions, KOS saves, KOC indexed
 *   posts), each split at the ranked creators' median: high is above it, at or below it is low
 *   (so a creator with nothing to show is never a high result when most have nothing either).
 * - Rank: by the chosen KPI in its direction, creators without a value last, ties by id.
 */
import { creatorMessage, type SaidCreatorMessage, saidCreators } from './messages.js';
import type { CreatorTier } from './tiers.js';

export const CREATOR_METRICS = [
  'cpe',
  'engagement_rate',
  'viral_rate',
  'viral_rate_5k',
  'completion_rate_5s',
  'completion_rate_50',
  'save_rate',
  'effective_indexed_posts',
  'share_of_voice',
  'cost_per_indexed_post',
] as const;
export type CreatorMetric = (typeof CREATOR_METRICS)[number];

export const METRIC_DIRECTION: Readonly<Record<CreatorMetric, 'up' | 'down'>> = {
  cpe: 'down',
  engagement_rate: 'up',
  viral_rate: 'up',
  viral_rate_5k: 'up',
  completion_rate_5s: 'up',
  completion_rate_50: 'up',
  save_rate: 'up',
  effective_indexed_posts: 'up',
  share_of_voice: 'up',
  cost_per_indexed_post: 'down',
};

/** The KPIs each tier is judged by, the first the default ranking. */
export const TIER_METRICS: Readonly<Record<CreatorTier, readonly CreatorMetric[]>> = {
  kol: ['cpe', 'engagement_rate', 'viral_rate', 'viral_rate_5k'],
  kos: ['save_rate', 'completion_rate_5s', 'completion_rate_50', 'cpe'],
  koc: ['effective_indexed_posts', 'share_of_voice', 'cost_per_indexed_post'],
};

/** What a tier's work yields, the quadrant's result axis. */
export const TIER_RESULT: Readonly<Record<CreatorTier, 'interactions' | 'saves' | 'indexed_posts'>> = {
  kol: 'interactions',
  kos: 'saves',
  koc: 'indexed_posts',
};

/** One creator's figures over the period, as the planner and the fee records give them. */
export interface CreatorFigures {
  creator: string;
  label?: string;
  tier: CreatorTier | null;
  posts: number;
  fee: number;
  spend: number;
  interactions: number;
  saves: number;
  engagementRate: number | null;
  viralRate: number | null;
  viralRate5k: number | null;
  completionRate5s: number | null;
  completionRate50: number | null;
  saveRate: number | null;
  /** Own posts of the creator found in the tracked keywords' results. */
  indexedPosts: number;
  /** The creator's own positive top-ten results, over every snapshot of the period. */
  ownPositiveTop10: number;
  /** All top-ten results of the tracked keywords over the same snapshots. */
  keywordTop10: number;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/** Every metric of a creator (see the module's conventions). */
export function creatorMetrics(figures: CreatorFigures): Record<CreatorMetric, number | null> {
  const cost = figures.fee + figures.spend;
  return {
    cpe: ratio(cost, figures.interactions),
    engagement_rate: figures.engagementRate,
    viral_rate: figures.viralRate,
    viral_rate_5k: figures.viralRate5k,
    completion_rate_5s: figures.completionRate5s,
    completion_rate_50: figures.completionRate50,
    save_rate: figures.saveRate,
    effective_indexed_posts: figures.indexedPosts,
    share_of_voice: ratio(figures.ownPositiveTop10, figures.keywordTop10),
    cost_per_indexed_post: ratio(cost, figures.indexedPosts),
  };
}

export type Quadrant = 'star' | 'bargain' | 'costly' | 'minor';

export interface RehireSignal {
  signal: boolean;
  beats: CreatorMetric[];
  trails: CreatorMetric[];
  reason: SaidCreatorMessage;
}

export interface LeaderboardRow {
  creator: string;
  label?: string;
  tier: CreatorTier;
  posts: number;
  fee: number;
  spend: number;
  cost: number;
  result: number;
  values: Record<CreatorMetric, number | null>;
  /** 1-based within the ranked creators; null below the minimum cost. */
  rank: number | null;
  quadrant: Quadrant | null;
  rehire: RehireSignal;
}

export interface LeaderboardOptions {
  tier: CreatorTier;
  /** Creators costing less are listed, not ranked. Default 0. */
  minSpend?: number;
  /** Posts a re-hire signal needs. Default 3. */
  minPosts?: number;
  /** KPI to rank by; default the tier's first. */
  sortBy?: CreatorMetric;
}

export interface Leaderboard {
  tier: CreatorTier;
  metrics: CreatorMetric[];
  sortBy: CreatorMetric;
  minSpend: number;
  minPosts: number;
  result: (typeof TIER_RESULT)[CreatorTier];
  medians: Record<CreatorMetric, number | null>;
  /** Where the quadrant splits: the ranked creators' median cost and result. */
  split: { cost: number | null; result: number | null };
  ranked: LeaderboardRow[];
  belowCut: LeaderboardRow[];
  notes: SaidCreatorMessage[];
}

/** The median of finite values, null for none. */
export function medianOf(values: readonly number[]): number | null {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function better(metric: CreatorMetric, value: number, than: number): boolean {
  return METRIC_DIRECTION[metric] === 'up' ? value > than : value < than;
}

function resultOf(figures: CreatorFigures, tier: CreatorTier): number {
  const kind = TIER_RESULT[tier];
  return kind === 'interactions'
    ? figures.interactions
    : kind === 'saves'
      ? figures.saves
      : figures.indexedPosts;
}

const byId = (a: { creator: string }, b: { creator: string }) =>
  a.creator < b.creator ? -1 : a.creator > b.creator ? 1 : 0;

/** One tier's leaderboard (see the module's conventions). */
export function creatorLeaderboard(all: readonly CreatorFigures[], options: LeaderboardOptions): Leaderboard {
  const { tier } = options;
  const minSpend = options.minSpend ?? 0;
  const minPosts = options.minPosts ?? 3;
  const metrics = [...TIER_METRICS[tier]];
  const sortBy = options.sortBy ?? metrics[0]!;
  const members = all.filter((figures) => figures.tier === tier);
  const rows = members.map((figures) => {
    const cost = figures.fee + figures.spend;
    return {
      figures,
      cost,
      result: resultOf(figures, tier),
      values: creatorMetrics(figures),
      qualifies: cost >= minSpend,
    };
  });
  const qualifying = rows.filter((row) => row.qualifies);
  const medians = Object.fromEntries(
    CREATOR_METRICS.map((metric) => [
      metric,
      medianOf(qualifying.flatMap((row) => (row.values[metric] === null ? [] : [row.values[metric]!]))),
    ]),
  ) as Record<CreatorMetric, number | null>;
  const split = {
    cost: medianOf(qualifying.map((row) => row.cost)),
    result: medianOf(qualifying.map((row) => row.result)),
  };

  const build = (row: (typeof rows)[number]): LeaderboardRow => {
    const { figures } = row;
    let rehire: RehireSignal;
    if (!row.qualifies) {
      rehire = {
        signal: false,
        beats: [],
        trails: [],
        reason: saidCreators(creatorMessage('creators.rehire.below_cut', { minSpend })),
      };
    } else {
      const beats: CreatorMetric[] = [];
      const trails: CreatorMetric[] = [];
      for (const metric of metrics) {
        const value = row.values[metric];
        const middle = medians[metric];
        if (value === null || middle === null) continue;
        (better(metric, value, middle) ? beats : trails).push(metric);
      }
      const judged = beats.length + trails.length;
      rehire =
        figures.posts < minPosts
          ? {
              signal: false,
              beats,
              trails,
              reason: saidCreators(
                creatorMessage('creators.rehire.few_posts', { posts: figures.posts, minPosts }),
              ),
            }
          : {
              signal: judged >= 2 && trails.length === 0,
              beats,
              trails,
              reason: saidCreators(
                creatorMessage('creators.rehire.beats', {
                  beaten: beats.length,
                  judged,
                  posts: figures.posts,
                }),
              ),
            };
    }
    const quadrant: Quadrant | null =
      row.qualifies && split.cost !== null && split.result !== null
        ? row.cost > split.cost
          ? row.result > split.result
            ? 'star'
            : 'costly'
          : row.result > split.result
            ? 'bargain'
            : 'minor'
        : null;
    return {
      creator: figures.creator,
      ...(figures.label ? { label: figures.label } : {}),
      tier,
      posts: figures.posts,
      fee: figures.fee,
      spend: figures.spend,
      cost: row.cost,
      result: row.result,
      values: row.values,
      rank: null,
      quadrant,
      rehire,
    };
  };

  const direction = METRIC_DIRECTION[sortBy];
  const ranked = qualifying
    .map(build)
    .sort((a, b) => {
      const x = a.values[sortBy];
      const y = b.values[sortBy];
      if (x === null || y === null) return x === null && y === null ? byId(a, b) : x === null ? 1 : -1;
      if (x !== y) return direction === 'up' ? y - x : x - y;
      return byId(a, b);
    })
    .map((row, index) => ({ ...row, rank: index + 1 }));
  const belowCut = rows
    .filter((row) => !row.qualifies)
    .map(build)
    .sort((a, b) => b.cost - a.cost || byId(a, b));

  const notes: SaidCreatorMessage[] = [];
  if (belowCut.length > 0)
    notes.push(
      saidCreators(creatorMessage('creators.below_min_spend', { count: belowCut.length, minSpend })),
    );
  const unpaid = members.filter((figures) => figures.fee === 0);
  if (unpaid.length > 0)
    notes.push(
      saidCreators(
        creatorMessage('creators.no_fee', {
          count: unpaid.length,
          names: unpaid.slice(0, 5).map((figures) => figures.label ?? figures.creator),
        }),
      ),
    );
  return {
    tier,
    metrics,
    sortBy,
    minSpend,
    minPosts,
    result: TIER_RESULT[tier],
    medians,
    split,
    ranked,
    belowCut,
    notes,
  };
}
