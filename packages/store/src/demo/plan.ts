/**
 * The demo's world before any row is written: campaigns and their daily curves, paid series
 * (ad group × region × audience), creators and every post with its decay, and the exact
 * number of rows each table will get. Generation then walks the days and turns this plan
 * into rows; nothing here is proportional to the row count except the lists of series and
 * posts (a few hundred thousand entries at 100M rows).
 */
import { CHANNELS, type Channel } from '@markpi/core';
import { Calendar } from './calendar.js';
import { journeyDemoRowCounts } from './journeys.js';
import { liftDemoRowCount } from './lift.js';
import {
  ALWAYS_ON_BUDGET,
  AUDIENCE_EFFECT,
  AUDIENCES,
  CAMPAIGN_BUDGET,
  CAMPAIGN_CHANNEL_SPLIT,
  type Format,
  NAME_PARTS,
  PROFILES,
  REGION_EFFECT,
  SEARCH_KEYWORDS,
  TIER_PROFILES,
  TIERS,
  TITLE_TOPICS,
  type Tier,
} from './profiles.js';
import { Random } from './random.js';
import { demoAccountsOf } from './registry.js';
import { CHANNEL_CODES, DEMO_PERIOD, DEMO_SEED, DEMO_STORY, type DemoStoryCampaign } from './story.js';

export interface DemoOptions {
  /** Seed of every random choice; the same options always give the same rows. Default 20260618. */
  seed?: number;
  /**
   * Size multiplier: 1 is the default demo (~950k performance rows). Larger scales add ad
   * groups, ad accounts and creators (a bigger advertiser), not finer noise.
   */
  scale?: number;
  /** Exact number of fact_performance rows wanted; overrides `scale`. */
  performanceRows?: number;
}

export const CHANNEL_COUNT = CHANNELS.length;
export const CHANNEL_INDEX: Readonly<Record<Channel, number>> = Object.fromEntries(
  CHANNELS.map((channel, index) => [channel, index]),
) as Record<Channel, number>;

/** What one row of fact_performance is cut by, besides date and region. */
export interface RowSource {
  channel: number;
  account: string;
  /** Index into `DemoPlan.accounts`. */
  accountIndex: number;
  campaign: string;
  campaignIndex: number;
  goal: string;
  adGroup: string | null;
  content: string | null;
  format: Format | null;
  creator: string | null;
  tier: Tier | null;
  audience: string | null;
  paid: boolean;
  /** Static multipliers on the channel's rates. */
  ctr: number;
  cvr: number;
  aov: number;
  engagement: number;
  search: number;
}

export interface PaidSeries extends RowSource {
  region: number;
  /** First and last day (indexes), inclusive; start > end means no rows. */
  start: number;
  end: number;
  /** Planned spend on a day = base × curve[day] (curve already holds the channel's daily traffic). */
  base: number;
  curve: Float64Array;
  /** Cumulative curve for planned-spend totals: prefix[d] = curve[0] + … + curve[d-1]. */
  prefix: Float64Array;
  /** Series whose start the exact-size fixup may move. */
  adjustable: boolean;
  /** The series the Douyin spend spike hits. */
  spike: boolean;
}

export interface Creator {
  id: string;
  name: string;
  tier: Tier;
  channel: number;
  followers: number;
}

export interface ContentItem extends RowSource {
  /** Title parts (shared strings; see `postTitle`). */
  product: string;
  topic: string;
  publish: number;
  /** Days with organic rows, from the publish day. */
  lifetime: number;
  /** Organic impressions on the publish day before daily effects. */
  peak: number;
  /** Day-over-day decay factor of organic impressions. */
  decay: number;
  /** Days with paid (boosted) rows from the publish day, and planned boost spend per day. */
  boostDays: number;
  boostSpend: number;
  boostAdGroup: string;
  boostAudience: string;
  /** Fee paid for the post (fact_costs content). */
  fee: number;
  positive: boolean;
  /** Whether the post is about the launched serum. */
  launchProduct: boolean;
}

export interface CampaignPlan {
  story: DemoStoryCampaign;
  index: number;
  from: number;
  to: number;
  /** Relative intensity per day (0 outside the campaign). */
  curve: Float64Array;
}

export interface AccountPlan {
  id: string;
  channel: number;
  /** Followers on the day before the period starts; 0: an ad account without followers. */
  followers: number;
}

/** Daily effects per channel, shared by every row of the channel on that day. */
export interface ChannelDays {
  /** Traffic level (weekday, season, trend, holidays, day noise). */
  traffic: Float64Array;
  /** Organic reach multiplier (traffic plus sales and launch buzz). */
  organic: Float64Array;
  cpm: Float64Array;
  ctr: Float64Array;
  cvr: Float64Array;
  /** Intensity of any promotion running on the channel. */
  promo: Float64Array;
}

export interface DemoPlan {
  seed: number;
  scale: number;
  calendar: Calendar;
  campaigns: readonly CampaignPlan[];
  accounts: readonly AccountPlan[];
  creators: readonly Creator[];
  /** Sorted by publish day. */
  content: readonly ContentItem[];
  /** Sorted by start day. */
  paid: readonly PaidSeries[];
  days: readonly ChannelDays[];
  /** Exact row count of every table. */
  rowCounts: Readonly<Record<string, number>>;
}

const PRODUCTS_CN = ['烟酰胺美白精华', '神经酰胺修护霜', '氨基酸洁面', '清透防晒乳', '玻尿酸水乳'];
const PRODUCTS_EN = [
  'Niacinamide Bright Serum',
  'Ceramide Repair Cream',
  'Amino Cleanser',
  'Clear Sunscreen',
];
const TOPICS_EN = [
  '28-day test',
  'honest review',
  'routine for sensitive skin',
  'before & after',
  'empties',
  'GRWM',
];
const LAUNCH_PRODUCT_CN = 'A醇修护精华';
const LAUNCH_PRODUCT_EN = 'Retinol Repair Serum';
const MAX_POST_PEAK = 2_500_000;

/** Performance rows per unit of scale, and rows of brand posts, for choosing a scale from a row target. */
const ROWS_PER_SCALE_GUESS = 845_000;
const BRAND_ROWS_GUESS = 100_000;

/** fact_performance rows of the plan for `scale`, without keeping the plan. */
function countPlanRows(seed: number, scale: number): number {
  const calendar = new Calendar(DEMO_PERIOD.from, DEMO_PERIOD.to);
  const campaigns = DEMO_STORY.campaigns.map((story, index) => planCampaign(story, index, calendar));
  const days = CHANNELS.map((channel) => planChannelDays(seed, channel, calendar, campaigns));
  const accounts = planAccounts(scale);
  let rows = 0;
  for (const series of planPaidSeries(seed, scale, calendar, campaigns, days, accounts))
    rows += seriesRows(series);
  const creators = planCreators(seed, scale);
  return rows + planContent(seed, scale, calendar, campaigns, creators, accounts, true).rows;
}

/**
 * Posts start this many days before the period: older notes still get (decaying) traffic and
 * rank in search when the data starts. Their rows before the first day are not generated.
 */
export const ARCHIVE_DAYS = 120;

/** Days of [start, start + length) that fall inside a period of `days` days. */
export function daysInPeriod(start: number, length: number, days: number): number {
  return Math.max(0, Math.min(start + length, days) - Math.max(start, 0));
}

export function planDemo(options: DemoOptions = {}): DemoPlan {
  const seed = (options.seed ?? DEMO_SEED) >>> 0;
  const target = options.performanceRows;
  if (target === undefined) return buildPlan(seed, positiveScale(options.scale ?? 1));
  if (!Number.isInteger(target) || target < 1)
    throw new RangeError('performanceRows must be a positive integer');
  // First guess: brand-account posts stop growing at scale 1, everything else grows with it.
  const aimed = target * 1.01 + 1_000;
  let scale =
    aimed > ROWS_PER_SCALE_GUESS + BRAND_ROWS_GUESS
      ? (aimed - BRAND_ROWS_GUESS) / ROWS_PER_SCALE_GUESS
      : aimed / (ROWS_PER_SCALE_GUESS + BRAND_ROWS_GUESS);
  // Rows grow with scale only roughly (counts round, random streams shift), so bracket the
  // target and keep the smallest plan at or above it; the fixup then moves always-on ad
  // groups' start days to hit the target exactly.
  let below = 0;
  let above = Number.POSITIVE_INFINITY;
  let best: { scale: number; rows: number } | null = null;
  for (let attempt = 0; attempt < 30; attempt++) {
    const rows = countPlanRows(seed, scale);
    if (rows >= target) {
      if (!best || rows < best.rows) best = { scale, rows };
      if (rows <= target * 1.02 + 1_000) break;
      above = Math.min(above, scale);
    } else {
      below = Math.max(below, scale);
    }
    const proportional = scale * (aimed / rows);
    scale =
      below > 0 && Number.isFinite(above)
        ? (below + above) / 2
        : rows < target
          ? Math.max(proportional, scale * 1.02)
          : Math.min(proportional, scale * 0.98);
  }
  if (!best) throw new RangeError(`performanceRows ${target} is more than this generator can plan`);
  const fitted = fitPerformanceRows(buildPlan(seed, best.scale), target);
  const fittedRows = fitted.rowCounts.fact_performance!;
  if (fittedRows !== target) {
    throw new RangeError(
      `performanceRows ${target} cannot be met exactly: the nearest this seed allows is ${fittedRows} (small demos bottom out around 20,000–50,000 rows)`,
    );
  }
  return fitted;
}

function positiveScale(scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('scale must be a positive number');
  return scale;
}

function buildPlan(seed: number, scale: number): DemoPlan {
  const calendar = new Calendar(DEMO_PERIOD.from, DEMO_PERIOD.to);
  const campaigns = DEMO_STORY.campaigns.map((story, index) => planCampaign(story, index, calendar));
  const days = CHANNELS.map((channel) => planChannelDays(seed, channel, calendar, campaigns));
  const accounts = planAccounts(scale);
  const paid = planPaidSeries(seed, scale, calendar, campaigns, days, accounts);
  const creators = planCreators(seed, scale);
  const { items: content } = planContent(seed, scale, calendar, campaigns, creators, accounts, false);
  const plan: DemoPlan = {
    seed,
    scale,
    calendar,
    campaigns,
    accounts,
    creators,
    content,
    paid,
    days,
    rowCounts: {},
  };
  plan.rowCounts = countRows(plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Campaigns and daily effects

function planCampaign(story: DemoStoryCampaign, index: number, calendar: Calendar): CampaignPlan {
  const from = Math.max(0, calendar.index(story.from));
  const to = Math.min(calendar.length - 1, calendar.index(story.to));
  const curve = new Float64Array(calendar.length);
  const peaks = story.peaks.map((peak) => calendar.index(peak));
  const mainPeak = peaks.at(-1) ?? to;
  for (let day = from; day <= to; day++) {
    let value = 1;
    if (story.goal === 'promotion') {
      value = day - calendar.index(story.from) < 4 ? 1 : 0.55;
      for (const peak of peaks) {
        const amplitude = peak === mainPeak ? 3 : 1.6;
        value += amplitude * Math.exp(-Math.abs(day - peak) / 0.8);
      }
      if (day > mainPeak) value *= 0.5;
    } else if (story.goal === 'launch') {
      const launchDay = peaks[0] ?? from;
      // Seeding before, a launch-day burst, then a long tail.
      value =
        day < launchDay
          ? 0.35
          : 0.4 + 1.3 * Math.exp(-(day - launchDay) / 12) + (day === launchDay ? 1.8 : 0);
    }
    curve[day] = value;
  }
  return { story, index, from, to, curve };
}

function planChannelDays(
  seed: number,
  channel: Channel,
  calendar: Calendar,
  campaigns: readonly CampaignPlan[],
): ChannelDays {
  const profile = PROFILES[channel];
  const random = Random.derive(seed, 'days', channel);
  const length = calendar.length;
  const result: ChannelDays = {
    traffic: new Float64Array(length),
    organic: new Float64Array(length),
    cpm: new Float64Array(length),
    ctr: new Float64Array(length),
    cvr: new Float64Array(length),
    promo: new Float64Array(length),
  };
  const overseas = profile.currency === 'USD';
  const springFestival = calendar.index('2026-02-17');
  const promotions = campaigns.filter(
    (campaign) => campaign.story.goal === 'promotion' && campaign.story.channels.includes(channel),
  );
  const launches = campaigns.filter(
    (campaign) => campaign.story.goal === 'launch' && campaign.story.channels.includes(channel),
  );
  const collapse = DEMO_STORY.anomalies.find(
    (anomaly) => anomaly.kind === 'ctr_collapse' && anomaly.channel === channel,
  );
  for (let day = 0; day < length; day++) {
    const yearAngle = (2 * Math.PI * (calendar.dayOfYear[day]! - (overseas ? 335 : 350))) / 365;
    const season = 1 + (overseas ? 0.12 : 0.08) * Math.cos(yearAngle);
    const trend = 1 + ((profile.trend - 1) * day) / (length - 1);
    const holiday = overseas ? 1 : 1 - 0.18 * Math.exp(-(((day - springFestival) / 4) ** 2));
    const traffic =
      profile.weekday[calendar.weekday[day]!]! * season * trend * holiday * random.lognormal(0.06);
    let promo = 0;
    for (const campaign of promotions) promo = Math.max(promo, campaign.curve[day]!);
    let launch = 0;
    for (const campaign of launches) launch = Math.max(launch, campaign.curve[day]!);
    const logistics = overseas ? 1 : 1 - 0.45 * Math.exp(-(((day - springFestival) / 5) ** 2));
    const weekend = calendar.weekday[day]! >= 5 ? 1.04 : 1;
    result.traffic[day] = traffic;
    result.promo[day] = promo;
    result.organic[day] = traffic * (1 + 0.35 * promo + 0.25 * launch);
    result.cpm[day] = (1 + 0.22 * promo + 0.08 * launch) * random.lognormal(0.05);
    result.cvr[day] = (1 + 0.45 * promo + 0.1 * launch) * logistics * weekend * random.lognormal(0.06);
    result.ctr[day] = random.lognormal(0.04);
  }
  if (collapse) {
    for (let day = calendar.index(collapse.from); day <= calendar.index(collapse.to); day++) {
      if (day >= 0 && day < length) result.ctr[day] = result.ctr[day]! * collapse.factor;
    }
  }
  return result;
}

function planAccounts(scale: number): AccountPlan[] {
  const accounts: AccountPlan[] = [];
  const copies = adGroupCopies(scale);
  CHANNELS.forEach((channel, channelIndex) => {
    const profile = PROFILES[channel];
    profile.accounts.forEach((id, index) => {
      accounts.push({ id, channel: channelIndex, followers: profile.followers[index] ?? 0 });
    });
    // A bigger advertiser runs its extra ad groups in further ad accounts (no followers).
    for (let copy = 1; copy < copies; copy++) {
      for (const id of profile.accounts)
        accounts.push({ id: extraAccount(id, copy), channel: channelIndex, followers: 0 });
    }
  });
  return accounts;
}

function adGroupCopies(scale: number): number {
  return scale >= 1 ? Math.max(1, Math.round(scale)) : 1;
}

function extraAccount(id: string, copy: number): string {
  return `${id}-${String(copy + 1).padStart(2, '0')}`;
}

function accountIndex(accounts: readonly AccountPlan[], id: string): number {
  const index = accounts.findIndex((account) => account.id === id);
  if (index < 0) throw new Error(`Unknown demo account ${id}`);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Paid series

function planPaidSeries(
  seed: number,
  scale: number,
  calendar: Calendar,
  campaigns: readonly CampaignPlan[],
  days: readonly ChannelDays[],
  accounts: readonly AccountPlan[],
): PaidSeries[] {
  const random = Random.derive(seed, 'paid');
  const series: PaidSeries[] = [];
  const copies = adGroupCopies(scale);
  const spike = DEMO_STORY.anomalies.find((anomaly) => anomaly.kind === 'spend_spike');
  for (const campaign of campaigns) {
    const { story } = campaign;
    if (story.goal === 'word_of_mouth') continue;
    const splitTotal = story.channels.reduce((sum, channel) => sum + CAMPAIGN_CHANNEL_SPLIT[channel], 0);
    for (const channel of story.channels) {
      const channelIndex = CHANNEL_INDEX[channel];
      const profile = PROFILES[channel];
      const channelDays = days[channelIndex]!;
      const budget =
        story.goal === 'always_on'
          ? ALWAYS_ON_BUDGET[channel]
          : ((CAMPAIGN_BUDGET[story.campaign] ?? 0) * CAMPAIGN_CHANNEL_SPLIT[channel]) / splitTotal;
      // The campaign's daily curve on this channel, times the channel's traffic.
      const curve = new Float64Array(calendar.length);
      for (let day = campaign.from; day <= campaign.to; day++) {
        const intensity =
          story.goal === 'always_on'
            ? 1 + 0.6 * channelDays.promo[day]! + 0.3 * launchIntensity(campaigns, channel, day)
            : campaign.curve[day]!;
        curve[day] = intensity * channelDays.traffic[day]!;
      }
      const prefix = new Float64Array(calendar.length + 1);
      for (let day = 0; day < calendar.length; day++) prefix[day + 1] = prefix[day]! + curve[day]!;
      const curveTotal = prefix[calendar.length]!;
      const types = [...profile.adGroups].sort((a, b) => b.weight - a.weight);
      const kept = scale >= 1 ? types : types.slice(0, Math.max(1, Math.round(types.length * scale)));
      const weightTotal = profile.adGroups.reduce((sum, type) => sum + type.weight, 0);
      for (let copy = 0; copy < copies; copy++) {
        for (const [typeIndex, type] of kept.entries()) {
          const adGroup = `${story.campaign}-${type.slug}${copies > 1 ? `-${String(copy + 1).padStart(2, '0')}` : ''}`;
          const baseAccount = profile.accounts[type.account] ?? profile.accounts[0]!;
          const account = copy === 0 ? baseAccount : extraAccount(baseAccount, copy);
          const audiences = [AUDIENCES[(typeIndex + copy + campaign.index) % 4]!, 'lookalike'];
          if (story.goal === 'promotion') audiences[0] = AUDIENCES[(typeIndex + copy) % 2]!;
          const alwaysOn = story.goal === 'always_on';
          const cells: { region: number; audience: number; weight: number }[] = [];
          profile.regions.forEach((region, regionIndex) => {
            audiences.forEach((audience, audienceIndex) => {
              cells.push({
                region,
                audience: AUDIENCES.indexOf(audience as (typeof AUDIENCES)[number]),
                weight:
                  profile.regionShare[regionIndex]! *
                  (audienceIndex === 0 ? 0.6 : 0.4) *
                  random.lognormal(0.35),
              });
            });
          });
          const cellTotal = cells.reduce((sum, cell) => sum + cell.weight, 0);
          const adGroupBudget = (budget * type.weight) / weightTotal;
          for (const [cellIndex, cell] of cells.entries()) {
            // One anchor series per always-on channel runs the whole period whatever the size.
            const anchor = alwaysOn && copy === 0 && typeIndex === 0 && cellIndex === 0;
            // Stagger: some always-on ad groups were created during the period.
            const lateStart = alwaysOn && !anchor && random.chance(0.35) ? random.int(1, 300) : 0;
            const audienceEffect = AUDIENCE_EFFECT[cell.audience]!;
            const regionEffect = REGION_EFFECT[cell.region]!;
            series.push({
              channel: channelIndex,
              account,
              accountIndex: accountIndex(accounts, account),
              campaign: story.campaign,
              campaignIndex: campaign.index,
              goal: story.goal,
              adGroup,
              content: null,
              format: type.format,
              creator: null,
              tier: null,
              audience: AUDIENCES[cell.audience]!,
              paid: true,
              ctr: type.ctr * audienceEffect.ctr * random.lognormal(0.15),
              cvr: type.cvr * audienceEffect.cvr * regionEffect.cvr * random.lognormal(0.2),
              aov: audienceEffect.aov * regionEffect.aov,
              engagement: 0.5,
              search: 0.7,
              region: cell.region,
              start: Math.max(campaign.from, lateStart),
              end: campaign.to,
              base: curveTotal > 0 ? (adGroupBudget * cell.weight) / cellTotal / curveTotal : 0,
              curve,
              prefix,
              adjustable: alwaysOn && !anchor,
              spike: spike !== undefined && spike.campaign === story.campaign,
            });
          }
        }
      }
    }
  }
  return series.sort((a, b) => a.start - b.start);
}

function launchIntensity(campaigns: readonly CampaignPlan[], channel: Channel, day: number): number {
  let value = 0;
  for (const campaign of campaigns) {
    if (campaign.story.goal === 'launch' && campaign.story.channels.includes(channel)) {
      value = Math.max(value, campaign.curve[day]!);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Creators and content

function planCreators(seed: number, scale: number): Creator[] {
  const random = Random.derive(seed, 'creators');
  const creators: Creator[] = [];
  const usedNames = new Set<string>();
  for (const tier of TIERS) {
    const profile = TIER_PROFILES[tier];
    const count = Math.max(1, Math.round(profile.count * scale));
    const channels = Object.keys(profile.channels) as Channel[];
    const weights = channels.map((channel) => profile.channels[channel] ?? 0);
    const perChannel = new Map<Channel, number>();
    for (let index = 0; index < count; index++) {
      const channel = channels[random.weighted(weights)]!;
      const sequence = (perChannel.get(channel) ?? 0) + 1;
      perChannel.set(channel, sequence);
      const global = PROFILES[channel].currency === 'USD';
      let name = creatorName(random, global);
      while (usedNames.has(name)) name = `${name}${random.int(1, 99)}`;
      usedNames.add(name);
      creators.push({
        id: `${tier}-${CHANNEL_CODES[channel]}-${String(sequence).padStart(3, '0')}`,
        name,
        tier,
        channel: CHANNEL_INDEX[channel],
        followers: Math.round(profile.followers * random.lognormal(profile.followersSigma)),
      });
    }
  }
  return creators;
}

function creatorName(random: Random, global: boolean): string {
  if (global) return `${random.pick(NAME_PARTS.global)}${random.pick(NAME_PARTS.globalEnd)}`;
  return `${random.pick(NAME_PARTS.first)}${random.pick(NAME_PARTS.middle)}${random.pick(NAME_PARTS.last)}`;
}

interface PostDraft {
  creator: Creator | null;
  channel: Channel;
  publish: number;
  /** Tie-breaker for a stable sort. */
  order: number;
}

function planContent(
  seed: number,
  scale: number,
  calendar: Calendar,
  campaigns: readonly CampaignPlan[],
  creators: readonly Creator[],
  accounts: readonly AccountPlan[],
  countOnly: boolean,
): { items: ContentItem[]; rows: number } {
  const random = Random.derive(seed, 'content');
  const drafts: PostDraft[] = [];
  // Which non-always-on campaign (if any) runs on a channel on a day.
  const active = CHANNELS.map((channel) => {
    const list = new Array<CampaignPlan | null>(calendar.length).fill(null);
    for (const campaign of campaigns) {
      const goal = campaign.story.goal;
      if ((goal !== 'promotion' && goal !== 'launch') || !campaign.story.channels.includes(channel)) continue;
      for (let day = campaign.from; day <= campaign.to; day++) list[day] = campaign;
    }
    return list;
  });
  const runningOn = (channel: number, day: number) =>
    day >= 0 && day < calendar.length ? active[channel]![day]! : null;
  let order = 0;
  for (const creator of creators) {
    const profile = TIER_PROFILES[creator.tier];
    const channel = CHANNELS[creator.channel]!;
    const rate = 1 / profile.postEvery;
    const firstDay = random.int(0, Math.min(60, Math.round(profile.postEvery * 2))) - ARCHIVE_DAYS;
    for (let day = firstDay; day < calendar.length; day++) {
      // Seeding waves: creators post more in the run-up to and during campaigns.
      const campaign = runningOn(creator.channel, day + 10) ?? runningOn(creator.channel, day);
      const boost = campaign ? (creator.tier === 'koc' ? 2.5 : creator.tier === 'kol' ? 2 : 1.5) : 1;
      if (random.next() < rate * boost) drafts.push({ creator, channel, publish: day, order: order++ });
    }
  }
  CHANNELS.forEach((channel) => {
    // Brand accounts post at their own pace; a demo smaller than the default thins them out too.
    const rate = (PROFILES[channel].brandPostsPerWeek / 7) * Math.min(1, scale);
    if (rate <= 0) return;
    for (let day = -ARCHIVE_DAYS; day < calendar.length; day++) {
      if (random.next() < rate) drafts.push({ creator: null, channel, publish: day, order: order++ });
    }
  });
  drafts.sort((a, b) => a.publish - b.publish || a.order - b.order);

  const launch = campaigns.find((campaign) => campaign.story.goal === 'launch');
  const boostAdGroups = new Map(campaigns.map(({ story }) => [story.campaign, `${story.campaign}-boost`]));
  const wordOfMouth = new Map(
    CHANNELS.map((channel) => [
      channel,
      campaigns.find((entry) => entry.story.campaign === `wom-${CHANNEL_CODES[channel]}`),
    ]),
  );
  const shape = Random.derive(seed, 'content-shape');
  const traits = Random.derive(seed, 'content-traits');
  const sequence = new Map<Channel, number>();
  const items: ContentItem[] = [];
  let rows = 0;
  for (const draft of drafts) {
    const { channel, creator, publish } = draft;
    const channelIndex = CHANNEL_INDEX[channel];
    const profile = PROFILES[channel];
    const tier = creator?.tier ?? null;
    const tierProfile = tier ? TIER_PROFILES[tier] : null;
    const number = (sequence.get(channel) ?? 0) + 1;
    sequence.set(channel, number);
    // What decides a post's row count comes from `shape`; everything else from `traits`, so
    // counting rows (`countOnly`) can skip the rest and still match the full plan exactly.
    const format = pickFormat(shape, profile.formats, tier);
    const running = runningOn(channelIndex, publish);
    const joins = running !== null && shape.chance(tier === 'kol' ? 0.85 : creator ? 0.7 : 0.6);
    const campaign = joins ? running : wordOfMouth.get(channel)!;
    const tau =
      profile.decay[format] * (tier === 'kol' ? 1.2 : tier === 'koc' ? 0.9 : 1) * shape.lognormal(0.25);
    const lifetime = Math.min(calendar.length - publish, Math.max(1, Math.min(60, Math.ceil(tau * 3.2))));
    const boosted = shape.chance(tierProfile ? tierProfile.boostChance : 0.3);
    // Boosting stops with the campaign's budget; organic traffic tails off after it.
    const boostDays = boosted
      ? Math.max(0, Math.min(lifetime, tierProfile ? tierProfile.boostDays : 3, campaign.to - publish + 1))
      : 0;
    if (countOnly) {
      rows +=
        (daysInPeriod(publish, lifetime, calendar.length) +
          daysInPeriod(publish, boostDays, calendar.length)) *
        profile.regions.length;
      continue;
    }
    const mainAccount = profile.accounts[0]!;
    const account =
      channel === 'douyin' && (format === 'live' || tier === 'kos') ? profile.accounts[1]! : mainAccount;
    const audienceBase = creator ? creator.followers : (profile.followers[0] ?? 100_000);
    const reachRate = tierProfile ? tierProfile.reachRate : 0.05;
    const [viralLow, viralHigh] = tierProfile ? tierProfile.viralReach : [2, 6];
    const viral = traits.chance(tierProfile ? tierProfile.viral : 0.01)
      ? traits.between(viralLow, viralHigh)
      : 1;
    const live = format === 'live';
    const reach = audienceBase * reachRate * traits.lognormal(0.5) * viral * (live ? 2.5 : 1);
    // Even a hit post is shown at most a few million times on its first day.
    const peak = Math.min(MAX_POST_PEAK, reach);
    const boostSpend = boosted
      ? (tierProfile ? (audienceBase / 100_000) * tierProfile.boostPer100k : 3_000) * traits.lognormal(0.4)
      : 0;
    const launchProduct =
      launch !== undefined && publish >= launch.from && (campaign === launch || traits.chance(0.3));
    const global = profile.currency === 'USD';
    const product = global
      ? launchProduct
        ? LAUNCH_PRODUCT_EN
        : traits.pick(PRODUCTS_EN)
      : launchProduct
        ? LAUNCH_PRODUCT_CN
        : traits.pick(PRODUCTS_CN);
    const topic = global ? traits.pick(TOPICS_EN) : traits.pick(TITLE_TOPICS);
    const fee =
      tierProfile && creator
        ? (creator.followers / 1000) * tierProfile.feePer1k * traits.lognormal(0.2)
        : 3_000;
    const boostAudience = AUDIENCES[traits.weighted([0.2, 0.2, 0.1, 0.1, 0.4])]!;
    items.push({
      channel: channelIndex,
      account,
      accountIndex: accountIndex(accounts, account),
      campaign: campaign.story.campaign,
      campaignIndex: campaign.index,
      goal: campaign.story.goal,
      adGroup: null,
      content: `${CHANNEL_CODES[channel]}-${String(number).padStart(6, '0')}`,
      format,
      creator: creator?.id ?? null,
      tier,
      audience: null,
      paid: false,
      ctr: (tierProfile ? tierProfile.ctr : 0.8) * (live ? 1.5 : 1) * traits.lognormal(0.2),
      cvr: (tierProfile ? tierProfile.cvr : 0.9) * (live ? 1.6 : 1) * traits.lognormal(0.25),
      aov: live ? 0.85 : 1,
      engagement: (tierProfile ? tierProfile.engagement : 0.7) * 1.8 * traits.lognormal(0.3),
      search: (tierProfile ? 1.2 : 0.8) * (launchProduct ? 1.5 : 1),
      product,
      topic,
      publish,
      lifetime,
      peak,
      decay: Math.exp(-1 / tau),
      boostDays,
      boostSpend,
      boostAdGroup: boostAdGroups.get(campaign.story.campaign)!,
      boostAudience,
      fee: Math.round(fee * 100) / 100,
      positive: traits.chance(tierProfile ? tierProfile.positive : 1),
      launchProduct,
    });
  }
  return { items, rows };
}

/** Title of a post, e.g. `露米A醇修护精华|28天淡纹实测`. */
export function postTitle(item: ContentItem): string {
  return PROFILES[CHANNELS[item.channel]!].currency === 'USD'
    ? `Lumi ${item.product} — ${item.topic}`
    : `露米${item.product}|${item.topic}`;
}

function pickFormat(random: Random, formats: Partial<Record<Format, number>>, tier: Tier | null): Format {
  const names = Object.keys(formats) as Format[];
  if (names.length === 0) return 'video';
  // KOS (specialist sellers) mostly sell in live streams where the channel has them.
  const weights = names.map((name) => (formats[name] ?? 0) * (tier === 'kos' && name === 'live' ? 4 : 1));
  return names[random.weighted(weights)]!;
}

// ---------------------------------------------------------------------------------------------
// Row counts and the exact-size fixup

function seriesRows(series: PaidSeries): number {
  return Math.max(0, series.end - series.start + 1);
}

function countRows(plan: DemoPlan): Record<string, number> {
  const days = plan.calendar.length;
  const months = plan.calendar.monthStarts.length;
  let performance = 0;
  for (const series of plan.paid) performance += seriesRows(series);
  for (const item of plan.content) {
    const inPeriod =
      daysInPeriod(item.publish, item.lifetime, days) + daysInPeriod(item.publish, item.boostDays, days);
    performance += inPeriod * PROFILES[CHANNELS[item.channel]!].regions.length;
  }
  const regionsTotal = CHANNELS.reduce((sum, channel) => sum + PROFILES[channel].regions.length, 0);
  const keywords = Object.values(SEARCH_KEYWORDS).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  return {
    dim_campaigns: plan.campaigns.length,
    dim_creators: plan.creators.length,
    dim_content: plan.content.length,
    dim_creator_accounts: demoAccountsOf(plan).length,
    fact_performance: performance + liftDemoRowCount(plan),
    fact_followers: plan.accounts.filter((account) => account.followers > 0).length * days,
    fact_customers: regionsTotal * days,
    fact_audience_stages: AUDIENCE_STAGE_CHANNELS.length * 5 * days,
    fact_audience_sizes: CHANNELS.length * AUDIENCES.length * months,
    fact_costs: CHANNELS.length * 6 * months,
    fact_search_results: keywords * 20 * days,
    ...journeyDemoRowCounts(plan),
  };
}

/** Channels with O-5A audience assets (the Chinese platforms' DMPs). */
export const AUDIENCE_STAGE_CHANNELS: readonly Channel[] = [
  'kuaishou',
  'douyin',
  'xiaohongshu',
  'wechat',
  'weibo',
];

/**
 * Moves the start day of adjustable always-on series (ad groups launched earlier or later) so
 * fact_performance gets exactly `target` rows. The anchor ad group of every always-on campaign
 * keeps running from the first day, so every channel and every injected anomaly keeps its rows.
 */
function fitPerformanceRows(plan: DemoPlan, target: number): DemoPlan {
  let delta = target - plan.rowCounts.fact_performance!;
  const adjustable = plan.paid.filter((series) => series.adjustable);
  while (delta !== 0 && adjustable.length > 0) {
    const step = Math.max(1, Math.floor(Math.abs(delta) / adjustable.length));
    let moved = 0;
    for (const series of adjustable) {
      if (delta === 0) break;
      if (delta > 0) {
        const take = Math.min(step, delta, series.start);
        series.start -= take;
        delta -= take;
        moved += take;
      } else {
        const take = Math.min(step, -delta, seriesRows(series));
        series.start += take;
        delta += take;
        moved += take;
      }
    }
    if (moved === 0) break;
  }
  const paid = [...plan.paid].sort((a, b) => a.start - b.start);
  const fitted: DemoPlan = { ...plan, paid };
  fitted.rowCounts = countRows(fitted);
  return fitted;
}

/** Planned (budgeted) media spend per campaign id, from the plan before noise. */
export function plannedSpend(plan: DemoPlan): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (campaign: string, amount: number) =>
    totals.set(campaign, (totals.get(campaign) ?? 0) + amount);
  for (const series of plan.paid) {
    if (series.end < series.start) continue;
    add(series.campaign, series.base * (series.prefix[series.end + 1]! - series.prefix[series.start]!));
  }
  for (const item of plan.content) {
    const boosted = daysInPeriod(item.publish, item.boostDays, plan.calendar.length);
    if (boosted > 0) add(item.campaign, item.boostSpend * boosted);
  }
  return totals;
}
