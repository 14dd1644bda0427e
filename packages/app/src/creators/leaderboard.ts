/**
 * Creators' leaderboards per tier, the re-hire list and a creator's page.
 *
 * Conventions (the pure rules are core's `creators/leaderboard.ts`):
 * - Figures over the window come from the planner: performance by creator (spend, interactions,
 *   saves, posts, engagement, viral, completion and save rates), search results by creator and
 *   platform (indexed posts, own positive top-ten results) and by platform (all top-ten
 *   results). A creator's share of voice is over the top-ten results of the keywords tracked on
 *   the platforms the creator posts on (their registry platform and any their posts rank on).
 * - Fees are the fee records dated in the window (of the platform asked for, if one is); cost is
 *   fees plus media spend.
 * - Tier: the first of the tier rules (the request's, else the workspace file's `creator_tiers`)
 *   the creator meets, by the registry's follower count (the registry records no content type
 *   yet, so rules naming content types match no one); else the registry's tier.
 */
import {
  ATTRIBUTION_MODELS,
  type AttributionModelId,
  CREATOR_TIERS,
  type CreatorFigures,
  type CreatorMetric,
  type CreatorTier,
  classifyCreator,
  creatorLeaderboard,
  creatorMessage,
  creatorMetrics,
  type KpiQuery,
  type Leaderboard,
  type LeaderboardRow,
  MarkpiError,
  type SaidCreatorMessage,
  saidCreators,
  TIER_METRICS,
  type TierRule,
} from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { factHoldsScope } from '../access/facts.js';
import { defaultWindow, timeZoneOf, type WorkspaceContext } from '../workspace.js';
import { allOf, num, numOrNull, quoted, text, VIEW_KPIS, viewCatalog } from './kpis.js';
import {
  feeRecords,
  type RegisteredAccount,
  type RegisteredCreator,
  registeredAccounts,
  registeredCreators,
  registeredPosts,
} from './registry.js';

export interface CreatorWindowRequest {
  from?: string;
  to?: string;
  /** Only this platform's posts and search results. */
  channel?: string;
}

export interface CreatorLeaderboardRequest extends CreatorWindowRequest {
  tier?: CreatorTier;
  minSpend?: number;
  minPosts?: number;
  sortBy?: CreatorMetric;
  tierRules?: readonly TierRule[];
}

export interface CreatorLeaderboards {
  window: { from: string; to: string };
  boards: Leaderboard[];
  notes: SaidCreatorMessage[];
}

const PERFORMANCE_KPIS = [
  'spend',
  'interactions',
  'engagement_rate',
  'viral_rate',
  'viral_rate_5k',
  'completion_rate_5s',
  'completion_rate_50',
  'save_rate',
  VIEW_KPIS.posts,
  VIEW_KPIS.saves,
] as const;

export async function creatorWindow(
  workspace: WorkspaceContext,
  request: { from?: string; to?: string },
): Promise<{ from: string; to: string }> {
  return defaultWindow(workspace, { from: request.from, to: request.to });
}

/** Runs a question on the views' catalog in the workspace's time zone. */
export async function ask(
  workspace: WorkspaceContext,
  query: Omit<KpiQuery, 'timeZone'>,
): Promise<Record<string, unknown>[]> {
  const result = await runKpiQuery(workspace.warehouse, viewCatalog(workspace), {
    ...query,
    timeZone: timeZoneOf(workspace),
  });
  return result.rows;
}

const channelFilter = (channel: string | undefined) => (channel ? `channel = ${quoted(channel)}` : undefined);

function checkRequest(request: CreatorLeaderboardRequest): void {
  const problems = [];
  if (request.tier !== undefined && !(CREATOR_TIERS as readonly string[]).includes(request.tier))
    problems.push({ message: `unknown tier ${request.tier}`, path: 'tier', hint: 'kol, kos or koc' });
  if (request.minSpend !== undefined && !(Number.isFinite(request.minSpend) && request.minSpend >= 0))
    problems.push({ message: 'not a non-negative amount', path: 'minSpend' });
  if (request.minPosts !== undefined && !(Number.isInteger(request.minPosts) && request.minPosts >= 1))
    problems.push({ message: 'not a whole number of posts, 1 or more', path: 'minPosts' });
  if (
    request.sortBy !== undefined &&
    request.tier !== undefined &&
    !TIER_METRICS[request.tier].includes(request.sortBy)
  )
    problems.push({
      message: `${request.tier} creators are not judged by ${request.sortBy}`,
      path: 'sortBy',
      hint: TIER_METRICS[request.tier].join(', '),
    });
  if (problems.length > 0)
    throw new MarkpiError(
      'invalid_request',
      `creator leaderboard: ${problems.map((problem) => problem.message).join('; ')}`,
      problems,
    );
}

/** Every creator's figures over the window (see the module's conventions). */
export async function creatorFiguresInWindow(
  workspace: WorkspaceContext,
  window: { from: string; to: string },
  options: { channel?: string; tierRules?: readonly TierRule[] } = {},
): Promise<{ figures: CreatorFigures[]; registry: Map<string, RegisteredCreator> }> {
  const filter = channelFilter(options.channel);
  // Search positions carry no account or campaign: a scope of those leaves them out (`access/pages.ts`).
  const search = factHoldsScope(workspace, 'search_results');
  const [performance, own, pages, fees, registry] = await Promise.all([
    ask(workspace, { kpis: [...PERFORMANCE_KPIS], dimensions: ['creator'], filter, ...window }),
    search
      ? ask(workspace, {
          kpis: ['effective_indexed_posts', VIEW_KPIS.ownPositiveTop10],
          dimensions: ['creator', 'channel'],
          filter,
          ...window,
        })
      : [],
    search ? ask(workspace, { kpis: [VIEW_KPIS.top10], dimensions: ['channel'], filter, ...window }) : [],
    feeRecords(workspace, window, { channel: options.channel }),
    registeredCreators(workspace),
  ]);
  const rules = options.tierRules ?? workspace.catalog.config.creator_tiers;
  const pageTop10 = new Map(pages.map((row) => [String(row.channel), num(row[VIEW_KPIS.top10])]));
  const byCreator = new Map<string, CreatorFigures>();
  const figuresOf = (creator: string): CreatorFigures => {
    let figures = byCreator.get(creator);
    if (!figures) {
      const registered = registry.get(creator);
      const byRules = rules
        ? classifyCreator(
            { followers: registered?.followers ?? null, contentType: registered?.contentType ?? null },
            rules,
          )
        : null;
      const tier = byRules ?? registered?.tier ?? null;
      figures = {
        creator,
        ...(registered?.name ? { label: registered.name } : {}),
        tier,
        posts: 0,
        fee: 0,
        spend: 0,
        interactions: 0,
        saves: 0,
        engagementRate: null,
        viralRate: null,
        viralRate5k: null,
        completionRate5s: null,
        completionRate50: null,
        saveRate: null,
        indexedPosts: 0,
        ownPositiveTop10: 0,
        keywordTop10: 0,
      };
      byCreator.set(creator, figures);
    }
    return figures;
  };
  for (const row of performance) {
    const creator = text(row.creator);
    if (creator === null) continue;
    const figures = figuresOf(creator);
    figures.spend = num(row.spend);
    figures.interactions = num(row.interactions);
    figures.saves = num(row[VIEW_KPIS.saves]);
    figures.posts = num(row[VIEW_KPIS.posts]);
    figures.engagementRate = numOrNull(row.engagement_rate);
    figures.viralRate = numOrNull(row.viral_rate);
    figures.viralRate5k = numOrNull(row.viral_rate_5k);
    figures.completionRate5s = numOrNull(row.completion_rate_5s);
    figures.completionRate50 = numOrNull(row.completion_rate_50);
    figures.saveRate = numOrNull(row.save_rate);
  }
  const platforms = new Map<string, Set<string>>();
  for (const row of own) {
    const creator = text(row.creator);
    if (creator === null) continue;
    const figures = figuresOf(creator);
    figures.indexedPosts += num(row.effective_indexed_posts);
    figures.ownPositiveTop10 += num(row[VIEW_KPIS.ownPositiveTop10]);
    const channel = text(row.channel);
    if (channel) platforms.set(creator, (platforms.get(creator) ?? new Set()).add(channel));
  }
  for (const fee of fees) figuresOf(fee.creator).fee += fee.fee;
  for (const figures of byCreator.values()) {
    const channels = platforms.get(figures.creator) ?? new Set<string>();
    const home = registry.get(figures.creator)?.channel;
    if (home) channels.add(home);
    for (const channel of channels) figures.keywordTop10 += pageTop10.get(channel) ?? 0;
  }
  const figures = [...byCreator.values()].sort((a, b) => (a.creator < b.creator ? -1 : 1));
  return { figures, registry };
}

/** The leaderboard of one tier, or of each (see the module's conventions). */
export async function creatorLeaderboards(
  workspace: WorkspaceContext,
  request: CreatorLeaderboardRequest = {},
): Promise<CreatorLeaderboards> {
  checkRequest(request);
  const window = await creatorWindow(workspace, request);
  const { figures } = await creatorFiguresInWindow(workspace, window, request);
  const tiers = request.tier ? [request.tier] : [...CREATOR_TIERS];
  const boards = tiers.map((tier) =>
    creatorLeaderboard(figures, {
      tier,
      ...(request.minSpend !== undefined ? { minSpend: request.minSpend } : {}),
      ...(request.minPosts !== undefined ? { minPosts: request.minPosts } : {}),
      ...(request.sortBy !== undefined && TIER_METRICS[tier].includes(request.sortBy)
        ? { sortBy: request.sortBy }
        : {}),
    }),
  );
  const untiered = figures.filter((entry) => entry.tier === null);
  const notes =
    untiered.length > 0
      ? [
          saidCreators(
            creatorMessage('creators.no_tier', {
              count: untiered.length,
              names: untiered.slice(0, 5).map((entry) => entry.label ?? entry.creator),
            }),
          ),
        ]
      : [];
  return { window, boards, notes };
}

export interface RehireList {
  window: { from: string; to: string };
  minSpend: number;
  minPosts: number;
  creators: LeaderboardRow[];
}

/** Creators with a re-hire signal in any tier, best ranked first within each tier. */
export async function rehireCandidates(
  workspace: WorkspaceContext,
  request: Omit<CreatorLeaderboardRequest, 'sortBy'> = {},
): Promise<RehireList> {
  const answer = await creatorLeaderboards(workspace, request);
  return {
    window: answer.window,
    minSpend: request.minSpend ?? 0,
    minPosts: request.minPosts ?? 3,
    creators: answer.boards.flatMap((board) => board.ranked.filter((row) => row.rehire.signal)),
  };
}

export interface CreatorPost {
  content: string;
  title: string | null;
  channel: string | null;
  format: string | null;
  publishedOn: string | null;
  fee: number;
  spend: number;
  views: number;
  likes: number;
  saves: number;
  interactions: number;
  engagementRate: number | null;
  saveRate: number | null;
  completionRate5s: number | null;
  completionRate50: number | null;
  /** (fee + spend) / interactions. */
  cpe: number | null;
}

export interface CreatorCurvePoint {
  date: string;
  views: number;
  likes: number;
  interactions: number;
  saves: number;
  spend: number;
}

/**
 * A creator's place in one keyword's results over the window: their posts found (indexed), the
 * top-ten results they took and their positive ones, against all the keyword's top-ten results:
 * `top10Share` = the creator's top-ten results / the keyword's, `shareOfVoice` = the creator's
 * positive top-ten results / the keyword's top-ten results.
 */
export interface CreatorKeyword {
  channel: string;
  keyword: string;
  indexedPosts: number;
  top10Results: number;
  ownPositiveTop10: number;
  keywordTop10: number;
  top10Share: number | null;
  shareOfVoice: number | null;
}

export interface CreatorPage {
  window: { from: string; to: string };
  /** The registry's creator, with every account they hold, most followed first. */
  creator: RegisteredCreator & { label: string; accounts: RegisteredAccount[] };
  tier: CreatorTier | null;
  /** The creator's row on the tier's leaderboard (rank, medians met, re-hire signal). */
  standing: LeaderboardRow | null;
  medians: Leaderboard['medians'] | null;
  metrics: ReturnType<typeof creatorMetrics> | null;
  posts: CreatorPost[];
  curve: CreatorCurvePoint[];
  cost: { fee: number; spend: number; total: number; bySource: { source: string; fee: number }[] };
  /** Where the creator's posts rank, per platform and tracked keyword (see `CreatorKeyword`). */
  keywords: CreatorKeyword[];
  /**
   * Attributed GMV per model as the last attribution refresh wrote it (null when none did), with
   * ROI on the creator's whole cost: (value − fees − spend) / (fees + spend).
   */
  attributed: { model: AttributionModelId; value: number; roi: number | null }[] | null;
}

/** Everything a creator's page shows over the window. */
export async function creatorPage(
  workspace: WorkspaceContext,
  creator: string,
  request: CreatorLeaderboardRequest = {},
): Promise<CreatorPage> {
  checkRequest(request);
  const window = await creatorWindow(workspace, request);
  const mine = allOf(`creator = ${quoted(creator)}`, channelFilter(request.channel));
  // Facts that carry no dimension of the caller's scope are left out (`access/pages.ts`).
  const search = factHoldsScope(workspace, 'search_results');
  const credit = factHoldsScope(workspace, 'attributed');
  const [{ figures, registry }, posts, byPost, curve, fees, attributed, ranks, pages, accounts] =
    await Promise.all([
      creatorFiguresInWindow(workspace, window, request),
      registeredPosts(workspace, creator),
      ask(workspace, {
        kpis: [
          'spend',
          'interactions',
          'engagement_rate',
          'completion_rate_5s',
          'completion_rate_50',
          'save_rate',
          VIEW_KPIS.views,
          VIEW_KPIS.likes,
          VIEW_KPIS.saves,
        ],
        dimensions: ['content'],
        filter: mine,
        ...window,
      }),
      ask(workspace, {
        kpis: ['spend', 'interactions', VIEW_KPIS.views, VIEW_KPIS.likes, VIEW_KPIS.saves],
        grain: 'day',
        filter: mine,
        ...window,
      }),
      feeRecords(workspace, window, { creator, channel: request.channel }),
      credit
        ? ask(workspace, {
            kpis: ATTRIBUTION_MODELS.map((model) => VIEW_KPIS.attributedValue(model)),
            filter: `creator = ${quoted(creator)}`,
            ...window,
          })
        : [],
      search
        ? ask(workspace, {
            kpis: ['effective_indexed_posts', VIEW_KPIS.top10, VIEW_KPIS.ownPositiveTop10],
            dimensions: ['channel', 'keyword'],
            filter: mine,
            ...window,
          })
        : [],
      search
        ? ask(workspace, {
            kpis: [VIEW_KPIS.top10],
            dimensions: ['channel', 'keyword'],
            filter: channelFilter(request.channel),
            ...window,
          })
        : [],
      registeredAccounts(workspace, creator),
    ]);
  const registered = registry.get(creator);
  const own = figures.find((entry) => entry.creator === creator);
  if (!registered && !own && posts.length === 0 && fees.length === 0) {
    throw new MarkpiError('not_found', `no creator ${creator} in the registry or the window's data`, [
      { message: 'unknown creator', path: 'creator', hint: 'the leaderboard lists creators by id' },
    ]);
  }
  const tier = own?.tier ?? registered?.tier ?? null;
  const board = tier
    ? creatorLeaderboard(figures, {
        tier,
        ...(request.minSpend !== undefined ? { minSpend: request.minSpend } : {}),
        ...(request.minPosts !== undefined ? { minPosts: request.minPosts } : {}),
      })
    : null;
  const standing = board
    ? ([...board.ranked, ...board.belowCut].find((row) => row.creator === creator) ?? null)
    : null;

  const feeByContent = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const fee of fees) {
    if (fee.content) feeByContent.set(fee.content, (feeByContent.get(fee.content) ?? 0) + fee.fee);
    const source = fee.feeSource ?? 'unknown';
    bySource.set(source, (bySource.get(source) ?? 0) + fee.fee);
  }
  const performed = new Map(byPost.map((row) => [String(row.content), row]));
  const registeredById = new Map(posts.map((post) => [post.content, post]));
  const contents = new Set<string>([
    ...performed.keys(),
    ...posts
      .filter(
        (post) =>
          post.publishedOn !== null && post.publishedOn >= window.from && post.publishedOn <= window.to,
      )
      .map((post) => post.content),
    ...feeByContent.keys(),
  ]);
  const postRows: CreatorPost[] = [...contents]
    .filter((content) => content !== 'null')
    .map((content) => {
      const row = performed.get(content) ?? {};
      const post = registeredById.get(content);
      const fee = feeByContent.get(content) ?? 0;
      const spend = num(row.spend);
      const interactions = num(row.interactions);
      return {
        content,
        title: post?.title ?? null,
        channel: post?.channel ?? null,
        format: post?.format ?? null,
        publishedOn: post?.publishedOn ?? null,
        fee,
        spend,
        views: num(row[VIEW_KPIS.views]),
        likes: num(row[VIEW_KPIS.likes]),
        saves: num(row[VIEW_KPIS.saves]),
        interactions,
        engagementRate: numOrNull(row.engagement_rate),
        saveRate: numOrNull(row.save_rate),
        completionRate5s: numOrNull(row.completion_rate_5s),
        completionRate50: numOrNull(row.completion_rate_50),
        cpe: interactions > 0 ? (fee + spend) / interactions : null,
      };
    })
    .sort((a, b) =>
      (a.publishedOn ?? '') !== (b.publishedOn ?? '')
        ? (a.publishedOn ?? '') < (b.publishedOn ?? '')
          ? 1
          : -1
        : a.content < b.content
          ? -1
          : 1,
    );
  const pageTop10 = new Map(pages.map((row) => [`${row.channel}|${row.keyword}`, num(row[VIEW_KPIS.top10])]));
  const keywords: CreatorKeyword[] = ranks
    .filter((row) => text(row.keyword) !== null && num(row.effective_indexed_posts) > 0)
    .map((row) => {
      const keywordTop10 = pageTop10.get(`${row.channel}|${row.keyword}`) ?? 0;
      const top10Results = num(row[VIEW_KPIS.top10]);
      const ownPositiveTop10 = num(row[VIEW_KPIS.ownPositiveTop10]);
      return {
        channel: String(row.channel),
        keyword: String(row.keyword),
        indexedPosts: num(row.effective_indexed_posts),
        top10Results,
        ownPositiveTop10,
        keywordTop10,
        top10Share: keywordTop10 > 0 ? top10Results / keywordTop10 : null,
        shareOfVoice: keywordTop10 > 0 ? ownPositiveTop10 / keywordTop10 : null,
      };
    })
    .sort(
      (a, b) =>
        b.top10Results - a.top10Results ||
        b.indexedPosts - a.indexedPosts ||
        (a.keyword < b.keyword ? -1 : 1),
    );
  const fee = fees.reduce((total, record) => total + record.fee, 0);
  const spend = own?.spend ?? 0;
  const attributedRow = attributed[0] ?? {};
  const attributedValues = ATTRIBUTION_MODELS.map((model) => ({
    model,
    value: numOrNull(attributedRow[VIEW_KPIS.attributedValue(model)]),
  }));
  const anyAttributed = attributedValues.some((entry) => entry.value !== null && entry.value !== 0);
  return {
    window,
    creator: {
      creator,
      name: registered?.name ?? null,
      tier: registered?.tier ?? null,
      channel: registered?.channel ?? null,
      followers: registered?.followers ?? null,
      category: registered?.category ?? null,
      agency: registered?.agency ?? null,
      contentType: registered?.contentType ?? null,
      label: registered?.name ?? creator,
      accounts,
    },
    tier,
    standing,
    medians: board?.medians ?? null,
    metrics: own ? creatorMetrics(own) : null,
    posts: postRows,
    curve: curve.map((row) => ({
      date: String(row.day),
      views: num(row[VIEW_KPIS.views]),
      likes: num(row[VIEW_KPIS.likes]),
      interactions: num(row.interactions),
      saves: num(row[VIEW_KPIS.saves]),
      spend: num(row.spend),
    })),
    cost: {
      fee,
      spend,
      total: fee + spend,
      bySource: [...bySource.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([source, amount]) => ({ source, fee: amount })),
    },
    keywords,
    attributed: anyAttributed
      ? attributedValues.map((entry) => {
          const value = entry.value ?? 0;
          const cost = fee + spend;
          return { model: entry.model, value, roi: cost > 0 ? (value - cost) / cost : null };
        })
      : null,
  };
}
