/**
 * The creator, search-visibility and audience routes as the dashboard calls them, and the parts
 * of their answers it shows (the server's zod schemas in `server/src/routes/creators.ts`).
 */
import type { CreatorMessage, CreatorMetric, CreatorTier } from '@markpi/core';
import { http } from '../../api/client';

export type Said = CreatorMessage & { text: string };
export type MetricValues = Record<CreatorMetric, number | null>;

export interface LeaderboardRow {
  creator: string;
  label?: string;
  tier: CreatorTier;
  posts: number;
  fee: number;
  spend: number;
  cost: number;
  result: number;
  values: MetricValues;
  rank: number | null;
  quadrant: 'star' | 'bargain' | 'costly' | 'minor' | null;
  rehire: { signal: boolean; beats: CreatorMetric[]; trails: CreatorMetric[]; reason: Said };
}

export interface Leaderboard {
  tier: CreatorTier;
  metrics: CreatorMetric[];
  sortBy: CreatorMetric;
  minSpend: number;
  minPosts: number;
  result: 'interactions' | 'saves' | 'indexed_posts';
  medians: MetricValues;
  split: { cost: number | null; result: number | null };
  ranked: LeaderboardRow[];
  belowCut: LeaderboardRow[];
  notes: Said[];
}

export interface Leaderboards {
  window: { from: string; to: string };
  boards: Leaderboard[];
  notes: Said[];
}

export interface CreatorPost {
  content: string;
  title: string | null;
  format: string | null;
  publishedOn: string | null;
  fee: number;
  spend: number;
  views: number;
  likes: number;
  interactions: number;
  cpe: number | null;
}

/** One of a creator's accounts in the registry. */
export interface CreatorAccount {
  channel: string;
  account: string;
  accountName: string | null;
  followers: number | null;
  link: string | null;
}

export interface CreatorPageAnswer {
  window: { from: string; to: string };
  creator: {
    creator: string;
    label: string;
    channel: string | null;
    followers: number | null;
    category: string | null;
    agency: string | null;
    accounts: CreatorAccount[];
  };
  tier: CreatorTier | null;
  standing: LeaderboardRow | null;
  medians: MetricValues | null;
  posts: CreatorPost[];
  curve: { date: string; views: number; likes: number; interactions: number; saves: number; spend: number }[];
  cost: { fee: number; spend: number; total: number; bySource: { source: string; fee: number }[] };
  keywords: {
    channel: string;
    keyword: string;
    indexedPosts: number;
    top10Results: number;
    keywordTop10: number;
    shareOfVoice: number | null;
  }[];
  attributed: { model: string; value: number; roi: number | null }[] | null;
  /** For a scoped caller: the figures left out because their records do not carry the scope. */
  notes?: Said[];
}

export interface StageChange {
  stage: 'a1' | 'a2' | 'a3' | 'a4' | 'a5';
  opening: number | null;
  closing: number | null;
  change: number | null;
  changeRate: number | null;
}

export interface Flows {
  openingDate: string | null;
  closingDate: string | null;
  stages: StageChange[];
  flows: { from: 'a1' | 'a2' | 'a1_a2'; to: 'a3'; users: number; rate: number | null }[];
  a3: { inflow: number; otherNet: number | null };
  notes: Said[];
}

export interface PoolWindow {
  growth: number | null;
  rate: number | null;
}

export interface AudienceAnswer {
  window: { from: string; to: string };
  total: Flows;
  channels: { channel: string; flows: Flows }[];
  series: { date: string; stage: string; users: number }[];
  promotions: {
    campaign: string;
    name: string | null;
    start: string;
    growth: { days: number; before: PoolWindow; previous: PoolWindow };
  }[];
}

/** Where the brand stands in one keyword's search results on one platform. */
export interface KeywordVisibilityRow {
  channel: string;
  keyword: string;
  snapshots: number;
  indexedPosts: number;
  ownResults: number;
  top10Results: number;
  ownPositiveTop10: number;
  shareOfVoice: number | null;
  trendPerWeek: number | null;
  trend: { date: string; shareOfVoice: number }[];
  holders: {
    creator: string;
    label?: string;
    tier: string | null;
    top10Results: number;
    top10Share: number | null;
    averagePositions: number | null;
    indexedPosts: number;
  }[];
}

export interface SearchVisibilityAnswer {
  window: { from: string; to: string };
  keywords: KeywordVisibilityRow[];
  notes: Said[];
}

const base = (workspace: string) => `/api/workspaces/${encodeURIComponent(workspace)}`;

export const creatorsApi = {
  leaderboards: (
    workspace: string,
    params: { from?: string; to?: string; tier?: string; minSpend?: number; channel?: string },
    signal?: AbortSignal,
  ) => http.get<Leaderboards>(`${base(workspace)}/creators`, params, signal),
  page: (workspace: string, creator: string, params: { from?: string; to?: string }, signal?: AbortSignal) =>
    http.get<CreatorPageAnswer>(`${base(workspace)}/creators/${encodeURIComponent(creator)}`, params, signal),
  audiences: (
    workspace: string,
    params: { from?: string; to?: string; channel?: string },
    signal?: AbortSignal,
  ) => http.get<AudienceAnswer>(`${base(workspace)}/audiences`, params, signal),
  searchVisibility: (
    workspace: string,
    params: { from?: string; to?: string; channel?: string },
    signal?: AbortSignal,
  ) => http.get<SearchVisibilityAnswer>(`${base(workspace)}/search-visibility`, params, signal),
};
