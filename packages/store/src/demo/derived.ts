/**
 * The entity tables and every fact besides performance. Followers, customers and audience
 * assets are derived from the totals the performance pass gathered, so their levels move with
 * the activity that explains them.
 */
import { CHANNELS, type Channel } from '@markpi/core';
import { isoDate } from './calendar.js';
import type { PerformanceTotals } from './performance.js';
import { REGION_COUNT } from './performance.js';
import {
  AUDIENCE_STAGE_CHANNELS,
  CHANNEL_COUNT,
  CHANNEL_INDEX,
  type ContentItem,
  type DemoPlan,
  plannedSpend,
  postTitle,
} from './plan.js';
import {
  AUDIENCES,
  COMPETITOR_WEIGHTS,
  COMPETITORS,
  COST_TYPES,
  OWN_BRAND,
  PROFILES,
  REGIONS,
  SEARCH_KEYWORDS,
  SEO_PER_MONTH,
  STAFF_PER_MONTH,
} from './profiles.js';
import { money, noiseTable, Random } from './random.js';
import { demoAccountsOf, demoCreatorProfile, demoPostLink } from './registry.js';
import { DEMO_IMPORT_ID } from './story.js';
import { type DemoBatch, TableWriter } from './writer.js';

const NOISE_SMALL = noiseTable(0.05);
const NOISE_MEDIUM = noiseTable(0.12);
const NOISE_WIDE = noiseTable(0.3);

/** Yields a writer's rows whenever it fills up, and the rest at the end. */
function* drain(writer: TableWriter, rows: Iterable<void>): Generator<DemoBatch> {
  for (const _ of rows) {
    if (writer.full) yield writer.take()!;
  }
  const last = writer.take();
  if (last) yield last;
}

export function* generateEntities(plan: DemoPlan): Generator<DemoBatch> {
  const budgets = plannedSpend(plan);
  const campaigns = new TableWriter('dim_campaigns', plan.rowCounts.dim_campaigns);
  yield* drain(
    campaigns,
    (function* () {
      for (const { story } of plan.campaigns) {
        const planned = budgets.get(story.campaign) ?? 0;
        campaigns.add({
          campaign: story.campaign,
          name: story.name,
          goal: story.goal,
          start_date: story.from,
          end_date: story.to,
          // Budgets were set a little above what the plan spends.
          budget: Math.ceil((planned * 1.05) / 10_000) * 10_000,
        });
        yield;
      }
    })(),
  );
  const creators = new TableWriter('dim_creators', plan.rowCounts.dim_creators);
  yield* drain(
    creators,
    (function* () {
      for (const creator of plan.creators) {
        const profile = demoCreatorProfile(plan.seed, creator);
        creators.add({
          creator: creator.id,
          name: creator.name,
          tier: creator.tier,
          channel: CHANNELS[creator.channel]!,
          followers: creator.followers,
          category: profile.category,
          agency: profile.agency,
          content_type: profile.contentType,
        });
        yield;
      }
    })(),
  );
  const content = new TableWriter('dim_content', plan.rowCounts.dim_content);
  yield* drain(
    content,
    (function* () {
      for (const item of plan.content) {
        content.add({
          content: item.content,
          creator: item.creator,
          channel: CHANNELS[item.channel]!,
          format: item.format,
          published_on: isoDate(plan.calendar.first + item.publish),
          title: postTitle(item),
          link: demoPostLink(item),
          campaign: item.campaign,
        });
        yield;
      }
    })(),
  );
  const accounts = new TableWriter('dim_creator_accounts', plan.rowCounts.dim_creator_accounts);
  yield* drain(
    accounts,
    (function* () {
      for (const account of demoAccountsOf(plan)) {
        accounts.add({
          creator: account.creator,
          channel: account.channel,
          account: account.account,
          account_name: account.accountName,
          followers: account.followers,
          link: account.link,
        });
        yield;
      }
    })(),
  );
}

export function* generateFollowers(plan: DemoPlan, totals: PerformanceTotals): Generator<DemoBatch> {
  const random = Random.derive(plan.seed, 'followers');
  const writer = new TableWriter('fact_followers', plan.rowCounts.fact_followers);
  const accounts = plan.accounts
    .map((account, index) => ({ ...account, index }))
    .filter((a) => a.followers > 0);
  const levels = accounts.map((account) => account.followers);
  yield* drain(
    writer,
    (function* () {
      for (let day = 0; day < plan.calendar.length; day++) {
        for (const [position, account] of accounts.entries()) {
          const follows = totals.follows[day * plan.accounts.length + account.index]!;
          const previous = levels[position]!;
          const unfollows = random.round(previous * 0.00006 * random.noise(NOISE_MEDIUM) + follows * 0.08);
          const level = Math.max(0, previous + follows - unfollows);
          levels[position] = level;
          writer.add({
            date: plan.calendar.dates[day]!,
            channel: CHANNELS[account.channel]!,
            account: account.id,
            followers: level,
            import_id: DEMO_IMPORT_ID,
          });
          yield;
        }
      }
    })(),
  );
}

export function* generateCustomers(plan: DemoPlan, totals: PerformanceTotals): Generator<DemoBatch> {
  const random = Random.derive(plan.seed, 'customers');
  const writer = new TableWriter('fact_customers', plan.rowCounts.fact_customers);
  const days = plan.calendar.length;
  const cells: { channel: number; region: number }[] = [];
  CHANNELS.forEach((channel, channelIndex) => {
    for (const region of PROFILES[channel].regions) cells.push({ channel: channelIndex, region });
  });
  // Customers acquired before the period: about 300 days of the early acquisition pace.
  const levels = cells.map(({ channel, region }) => {
    let early = 0;
    for (let day = 0; day < 30; day++)
      early += totals.conversions[(day * CHANNEL_COUNT + channel) * REGION_COUNT + region]!;
    return Math.round((early / 30) * 1.15 * 0.58 * 300);
  });
  yield* drain(
    writer,
    (function* () {
      for (let day = 0; day < days; day++) {
        for (const [position, { channel, region }] of cells.entries()) {
          const cell = (day * CHANNEL_COUNT + channel) * REGION_COUNT + region;
          const conversions = totals.conversions[cell]!;
          const value = totals.value[cell]!;
          const orders = random.round(conversions * 1.15 * random.noise(NOISE_SMALL));
          const fresh = Math.min(orders, random.round(orders * 0.58 * random.noise(NOISE_SMALL)));
          const averageOrder = conversions > 0 ? value / conversions : PROFILES[CHANNELS[channel]!].aov;
          const revenue = money(orders * averageOrder * random.noise(NOISE_SMALL));
          const leadsConverted = Math.min(fresh, random.round(totals.leads[cell]! * 0.06));
          const previous = levels[position]!;
          const churned = Math.min(previous, random.round(previous * 0.0012));
          const level = previous + fresh - churned;
          levels[position] = level;
          writer.add({
            date: plan.calendar.dates[day]!,
            channel: CHANNELS[channel]!,
            region: REGIONS[region]!,
            customers: level,
            new_customers: fresh,
            orders,
            revenue: orders > 0 ? revenue : 0,
            leads_converted: leadsConverted,
            import_id: DEMO_IMPORT_ID,
          });
          yield;
        }
      }
    })(),
  );
}

/** Daily O-5A levels per channel: A1 aware, A2 appeal, A3 ask, A4 act, A5 advocate. */
export function* generateAudienceStages(plan: DemoPlan, totals: PerformanceTotals): Generator<DemoBatch> {
  const random = Random.derive(plan.seed, 'stages');
  const writer = new TableWriter('fact_audience_stages', plan.rowCounts.fact_audience_stages);
  const days = plan.calendar.length;
  const channels = AUDIENCE_STAGE_CHANNELS.map((channel) => CHANNEL_INDEX[channel]);
  const at = (array: Float64Array, day: number, channel: number) => array[day * CHANNEL_COUNT + channel]!;
  /** Daily share of each stage that lapses (platforms expire untouched users). */
  const lapse = [1 / 45, 1 / 40, 1 / 30, 1 / 240, 1 / 365];
  /** One day of flows; `round` is stochastic for the real pass, plain for the warm-up. */
  const step = (state: number[], day: number, channel: number, round: (value: number) => number) => {
    const [a1, a2, a3, a4, a5] = state as [number, number, number, number, number];
    const conversions = at(totals.channelConversions, day, channel);
    const searches = at(totals.brandSearches, day, channel);
    const inflow = round(at(totals.reach, day, channel) * 0.08);
    const toA2 = Math.min(a1, round(at(totals.engaged, day, channel) * 0.5));
    const a1ToA3 = Math.min(a1 - toA2, round(searches * 0.6 + at(totals.clicks, day, channel) * 0.02));
    const a2ToA3 = Math.min(a2, round(at(totals.saves, day, channel) * 0.3 + searches * 0.4));
    const toA4 = Math.min(a3, round(conversions * 0.6));
    const direct = round(conversions * 0.4);
    const toA5 = Math.min(a4, round(a4 * 0.0015 + at(totals.shares, day, channel) * 0.01));
    const lost = state.map((level, stage) => round(level * lapse[stage]!));
    const next = [
      a1 + inflow - toA2 - a1ToA3 - lost[0]!,
      a2 + toA2 - a2ToA3 - lost[1]!,
      a3 + a1ToA3 + a2ToA3 - toA4 - lost[2]!,
      a4 + toA4 + direct - toA5 - lost[3]!,
      a5 + toA5 - lost[4]!,
    ].map((level) => Math.max(0, level));
    return { next, a1ToA3, a2ToA3 };
  };
  // Warm up on a quiet quarter's flows (no sale) so the period starts near an everyday level.
  const quietFrom = Math.max(0, plan.calendar.index('2025-07-01'));
  const quietTo = Math.min(days - 1, plan.calendar.index('2025-09-30'));
  const states = channels.map((channel) => {
    let state = [0, 0, 0, 0, 0];
    for (let round = 0; round < 8; round++) {
      for (let day = quietFrom; day <= quietTo; day++) state = step(state, day, channel, Math.round).next;
    }
    return state;
  });
  yield* drain(
    writer,
    (function* () {
      for (let day = 0; day < days; day++) {
        for (const [position, channel] of channels.entries()) {
          const { next, a1ToA3, a2ToA3 } = step(states[position]!, day, channel, (value) =>
            random.round(value),
          );
          states[position] = next;
          for (let stage = 0; stage < 5; stage++) {
            writer.add({
              date: plan.calendar.dates[day]!,
              channel: CHANNELS[channel]!,
              stage: `a${stage + 1}`,
              users: next[stage]!,
              moved_to_a3: stage === 0 ? a1ToA3 : stage === 1 ? a2ToA3 : 0,
              import_id: DEMO_IMPORT_ID,
            });
            yield;
          }
        }
      }
    })(),
  );
}

const PLATFORM_AUDIENCE: Readonly<Record<Channel, number>> = {
  kuaishou: 60_000_000,
  douyin: 95_000_000,
  xiaohongshu: 42_000_000,
  wechat: 120_000_000,
  weibo: 36_000_000,
  meta: 64_000_000,
  google_ads: 80_000_000,
  tiktok: 70_000_000,
};
const AUDIENCE_SHARE = [0.35, 0.45, 0.3, 0.4, 0.03];

/** Monthly snapshots (dated the 1st) of each targeted audience's size. */
export function* generateAudienceSizes(plan: DemoPlan): Generator<DemoBatch> {
  const random = Random.derive(plan.seed, 'audience-sizes');
  const writer = new TableWriter('fact_audience_sizes', plan.rowCounts.fact_audience_sizes);
  const months = plan.calendar.monthStarts;
  yield* drain(
    writer,
    (function* () {
      for (const [month, start] of months.entries()) {
        for (const channel of CHANNELS) {
          for (const [index, audience] of AUDIENCES.entries()) {
            // Lookalike audiences grow with the customer base; platform segments drift slowly.
            const growth = audience === 'lookalike' ? 1 + 0.08 * month : 1 + 0.004 * month;
            writer.add({
              date: plan.calendar.dates[start]!,
              channel,
              audience,
              size: Math.round(
                PLATFORM_AUDIENCE[channel] * AUDIENCE_SHARE[index]! * growth * random.noise(NOISE_SMALL),
              ),
              import_id: DEMO_IMPORT_ID,
            });
            yield;
          }
        }
      }
    })(),
  );
}

/** Monthly non-media costs per channel and cost type, dated the 1st. */
export function* generateCosts(plan: DemoPlan, totals: PerformanceTotals): Generator<DemoBatch> {
  const random = Random.derive(plan.seed, 'costs');
  const writer = new TableWriter('fact_costs', plan.rowCounts.fact_costs);
  const { calendar } = plan;
  const months = calendar.monthStarts.length;
  const fees = new Float64Array(months * CHANNEL_COUNT);
  for (const item of plan.content) {
    if (item.publish < 0) continue;
    const cell = calendar.month[item.publish]! * CHANNEL_COUNT + item.channel;
    fees[cell] = fees[cell]! + item.fee;
  }
  const promotionMonths = new Set<number>();
  for (const campaign of plan.campaigns) {
    if (campaign.story.goal !== 'promotion') continue;
    for (const channel of campaign.story.channels) {
      for (let day = campaign.from; day <= campaign.to; day++) {
        promotionMonths.add(calendar.month[day]! * CHANNEL_COUNT + CHANNEL_INDEX[channel]);
      }
    }
  }
  const teamScale = Math.sqrt(Math.max(plan.scale, 0.25));
  yield* drain(
    writer,
    (function* () {
      for (const [month, start] of calendar.monthStarts.entries()) {
        for (const [channelIndex, channel] of CHANNELS.entries()) {
          const cell = month * CHANNEL_COUNT + channelIndex;
          const staff = STAFF_PER_MONTH[channel] * teamScale * (1 + 0.04 * Math.floor(month / 6));
          const amounts: Record<(typeof COST_TYPES)[number], number> = {
            seo: SEO_PER_MONTH[channel] * teamScale * random.noise(NOISE_MEDIUM),
            content: fees[cell]!,
            agency: totals.spend[cell]! * 0.06,
            staff,
            promotion: totals.monthValue[cell]! * (promotionMonths.has(cell) ? 0.05 : 0.01),
            other: staff * 0.05 * random.noise(NOISE_WIDE),
          };
          for (const costType of COST_TYPES) {
            writer.add({
              date: calendar.dates[start]!,
              channel,
              cost_type: costType,
              amount: money(amounts[costType]),
              import_id: DEMO_IMPORT_ID,
            });
            yield;
          }
        }
      }
    })(),
  );
}

interface SerpSlot {
  own: ContentItem | null;
  brand: string;
}

/**
 * Daily search-result snapshots: one row per rank 1…20 for each tracked keyword. The page is
 * drawn once a week (which notes rank) and shuffled a little every day.
 */
export function* generateSearchResults(plan: DemoPlan): Generator<DemoBatch> {
  const writer = new TableWriter('fact_search_results', plan.rowCounts.fact_search_results);
  const { calendar } = plan;
  const launch = plan.campaigns.find((campaign) => campaign.story.goal === 'launch');
  const channels = (Object.keys(SEARCH_KEYWORDS) as Channel[]).filter((channel) => SEARCH_KEYWORDS[channel]);
  const ownByChannel = new Map<Channel, ContentItem[]>();
  for (const channel of channels) {
    ownByChannel.set(
      channel,
      plan.content.filter((item) => item.channel === CHANNEL_INDEX[channel]),
    );
  }
  const weekly = new Map<string, SerpSlot[]>();
  const buildWeek = (channel: Channel, keywordIndex: number, week: number, day: number): SerpSlot[] => {
    const keyword = SEARCH_KEYWORDS[channel]![keywordIndex]!;
    const random = Random.derive(plan.seed, 'serp', channel, keyword.keyword, week);
    let progress = day / (calendar.length - 1);
    if (keyword.launch) {
      const launchStart = launch ? launch.from : 0;
      progress = day < launchStart ? -1 : Math.min(1, (day - launchStart) / 60);
    }
    const expected = progress < 0 ? 0 : keyword.ownStart + (keyword.ownEnd - keyword.ownStart) * progress;
    // Own notes that can rank: published in the last five months (launch keywords: serum notes).
    const posts = ownByChannel.get(channel)!;
    const pool: ContentItem[] = [];
    for (let index = firstPublishedOnOrAfter(posts, day - 149); index < posts.length; index++) {
      const item = posts[index]!;
      if (item.publish > day) break;
      if (!keyword.launch || item.launchProduct) pool.push(item);
    }
    const wanted = Math.max(0, Math.min(12, pool.length, Math.round(expected + random.normal() * 0.8)));
    const chosen = new Set<ContentItem>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 20; attempt++) {
      // Recent and big-creator notes rank more often.
      const candidate = pool[pool.length - 1 - Math.floor(random.next() ** 2 * pool.length)]!;
      if (candidate.tier === 'koc' && random.chance(0.3)) continue;
      chosen.add(candidate);
    }
    const slots: SerpSlot[] = Array.from({ length: 20 }, () => ({
      own: null,
      brand: COMPETITORS[random.weighted(COMPETITOR_WEIGHTS)]!,
    }));
    const brandKeyword = keyword.keyword === '露米';
    const rankWeights = Array.from({ length: 20 }, (_, rank) =>
      brandKeyword ? 20 - rank : 1 + (rank < 10 ? 0.3 : 0),
    );
    for (const item of chosen) {
      const rank = random.weighted(rankWeights);
      rankWeights[rank] = 0;
      slots[rank] = { own: item, brand: OWN_BRAND };
    }
    return slots;
  };
  yield* drain(
    writer,
    (function* () {
      for (let day = 0; day < calendar.length; day++) {
        const week = Math.floor(day / 7);
        for (const channel of channels) {
          for (const [keywordIndex, keyword] of SEARCH_KEYWORDS[channel]!.entries()) {
            const key = `${channel}|${keywordIndex}`;
            const cacheKey = `${key}|${week}`;
            let slots = weekly.get(cacheKey);
            if (!slots) {
              weekly.delete(`${key}|${week - 1}`);
              slots = buildWeek(channel, keywordIndex, week, day);
              weekly.set(cacheKey, slots);
            }
            const page = [...slots];
            const random = Random.derive(plan.seed, 'serp-day', channel, keyword.keyword, day);
            for (let swap = 0; swap < 2; swap++) {
              const rank = random.int(0, 18);
              const moved = page[rank]!;
              page[rank] = page[rank + 1]!;
              page[rank + 1] = moved;
            }
            for (const [rank, slot] of page.entries()) {
              const own = slot.own;
              const top10 = rank < 10 ? 1 : 0;
              writer.add({
                date: calendar.dates[day]!,
                channel,
                keyword: keyword.keyword,
                content: own ? own.content : null,
                creator: own ? own.creator : null,
                creator_tier: own ? own.tier : null,
                brand: slot.brand,
                top10_results: top10,
                own_positive_top10: own?.positive && top10 ? 1 : 0,
                own_results: own ? 1 : 0,
                import_id: DEMO_IMPORT_ID,
              });
              yield;
            }
          }
        }
      }
    })(),
  );
}

/** Index of the first item published on or after `day` (items are sorted by publish day). */
function firstPublishedOnOrAfter(items: readonly ContentItem[], day: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle]!.publish < day) low = middle + 1;
    else high = middle;
  }
  return low;
}
