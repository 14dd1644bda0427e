/**
 * The demo's attribution story: a panel of identified buyers (members who log in on every
 * platform, so the brand can follow them) with their touchpoints and their shop orders, the
 * coupon codes and 口令 of a few KOLs, and every creator's fee.
 *
 * - Orders per day follow the same daily effects as the performance facts (traffic, sales
 *   buzz, conversion rate, promotions on the Chinese channels), so the panel peaks on 618 and
 *   Double 11 as the facts do: `DEMO_JOURNEYS.ordersPerDay` on an ordinary day at full size.
 * - Xiaohongshu opens, Douyin closes: most buyers first meet Lumi in a Xiaohongshu note (often
 *   a creator's) days or weeks before, and buy after a Douyin live or video the same day, in
 *   the Douyin shop or on Tmall. Others buy on impulse from Douyin alone, come back directly
 *   after Xiaohongshu, redeem a WeChat coupon, or type a KOL's code; some orders have no touch
 *   at all (untouched), and many people are touched and never buy (journeys that do not
 *   convert, mostly Xiaohongshu browsers).
 * - Codes: `DEMO_JOURNEYS.codeCreators` KOLs each own a code (Xiaohongshu coupons) or a 口令
 *   (Douyin); orders with a code carry it, and a few carry a code nobody registered.
 * - Fees: every creator post's fee (the same fee fact_costs counts as content cost) as a 星图
 *   order (Douyin), a 蒲公英 order (Xiaohongshu) or a contract (other platforms).
 *
 * Times are Beijing wall-clock hours turned into epoch milliseconds; every row's `date` is its
 * Beijing day and lies within the demo period. Pure and seeded like the rest of the demo; the
 * panel is built once per plan and its rows counted from it.
 */
import { CHANNELS, type Channel, type TouchKind } from '@markpi/core';
import type { ContentItem, DemoPlan } from './plan.js';
import { Random } from './random.js';
import { CHANNEL_CODES, DEMO_IMPORT_ID, DEMO_PERIOD } from './story.js';
import { type DemoBatch, TableWriter } from './writer.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Beijing is UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** The story's numbers, as data: tests read them to know what to look for. */
export const DEMO_JOURNEYS = {
  /**
   * Panel orders on a middling day (the median of the daily effects) of a full-size demo,
   * scaled down with smaller demos; sales days bring some thirty times as many, as in the facts.
   */
  ordersPerDay: 25,
  /** People touched but not buying, per order. */
  nonBuyersPerOrder: 3,
  /** Share of orders by a member who bought before. */
  repeatShare: 0.15,
  /** How buyers come, by share of orders. */
  journeyShares: {
    xiaohongshuThenDouyin: 0.42,
    douyinOnly: 0.18,
    xiaohongshuThenDirect: 0.12,
    wechatCoupon: 0.08,
    kolCode: 0.12,
    weiboThenDouyin: 0.03,
    untouched: 0.05,
  },
  /** KOLs with a code: the first of each channel's KOLs in the plan. */
  codeCreators: { xiaohongshu: 3, douyin: 3 },
  /** Share of code orders whose code nobody registered. */
  unknownCodeShare: 0.1,
  unknownCodes: ['LUMIVIP', '露米福利'],
  shops: {
    douyin_shop: '露米抖音官方旗舰店',
    tmall: '露米官方旗舰店',
    jd: '露米京东自营旗舰店',
  },
} as const;

type JourneyKind = keyof (typeof DEMO_JOURNEYS)['journeyShares'];
type Shop = keyof (typeof DEMO_JOURNEYS)['shops'];

/** Path channels beyond the platforms: brand search on shops and engines, and direct visits. */
type TouchChannel = Channel | 'search' | 'direct';

const SOURCE_MEDIUM: Readonly<Record<TouchChannel, string>> = {
  kuaishou: 'kuaishou / social',
  douyin: 'douyin / live',
  xiaohongshu: 'xiaohongshu / social',
  wechat: 'wechat / private',
  weibo: 'weibo / social',
  meta: 'facebook / paid_social',
  google_ads: 'google / cpc',
  tiktok: 'tiktok / paid_social',
  search: 'tmall / search',
  direct: '(direct) / (none)',
};

interface TouchRow {
  date: string;
  channel: TouchChannel;
  account: string | null;
  campaign: string | null;
  creator: string | null;
  content: string | null;
  source_medium: string;
  touch_kind: TouchKind;
  person: string;
  at: number;
}

interface ConversionRow {
  date: string;
  shop: Shop;
  account: string;
  channel: Channel | null;
  campaign: string | null;
  creator: string | null;
  person: string;
  at: number;
  order_id: string;
  coupon_code: string | null;
  value: number;
}

export interface DemoCode {
  code: string;
  creator: string;
  channel: Channel;
  campaign: string | null;
  kind: 'coupon' | 'passphrase';
}

export interface JourneyDemo {
  touches: readonly TouchRow[];
  conversions: readonly ConversionRow[];
  codes: readonly DemoCode[];
  fees: readonly {
    date: string;
    channel: Channel;
    account: string;
    campaign: string;
    creator: string;
    content: string;
    fee_source: 'xingtu' | 'pugongying' | 'contract';
    contract: string;
    fee: number;
  }[];
}

/** Tables the story fills, in the order it yields them. */
export const JOURNEY_DEMO_TABLES = [
  'fact_touches',
  'fact_conversions',
  'fact_coupon_codes',
  'fact_creator_fees',
] as const;

const built = new WeakMap<DemoPlan, JourneyDemo>();

/** The story's rows for a plan, built once. */
export function journeyDemo(plan: DemoPlan): JourneyDemo {
  let demo = built.get(plan);
  if (!demo) {
    demo = buildJourneyDemo(plan);
    built.set(plan, demo);
  }
  return demo;
}

/** Rows the story adds, per table. */
export function journeyDemoRowCounts(plan: DemoPlan): Record<(typeof JOURNEY_DEMO_TABLES)[number], number> {
  const demo = journeyDemo(plan);
  return {
    fact_touches: demo.touches.length,
    fact_conversions: demo.conversions.length,
    fact_coupon_codes: demo.codes.length,
    fact_creator_fees: demo.fees.length,
  };
}

export function* generateJourneyDemo(plan: DemoPlan): Generator<DemoBatch> {
  const demo = journeyDemo(plan);
  const tables: readonly [string, readonly Record<string, string | number | null>[]][] = [
    ['fact_touches', demo.touches as unknown as Record<string, string | number | null>[]],
    ['fact_conversions', demo.conversions.map((row) => ({ ...row, currency: 'CNY' }))],
    [
      'fact_coupon_codes',
      demo.codes.map((code) => ({
        date: DEMO_PERIOD.from,
        channel: code.channel,
        campaign: code.campaign,
        creator: code.creator,
        code_kind: code.kind,
        code: code.code,
      })),
    ],
    ['fact_creator_fees', demo.fees.map((fee) => ({ ...fee, currency: 'CNY' }))],
  ];
  for (const [table, rows] of tables) {
    const writer = new TableWriter(table, rows.length);
    for (const row of rows) {
      writer.add({ ...row, import_id: DEMO_IMPORT_ID });
      if (writer.full) yield writer.take()!;
    }
    const rest = writer.take();
    if (rest) yield rest;
  }
}

/** Where each channel's creator content is, for picking a post a touch came from. */
class ContentIndex {
  private readonly byChannel = new Map<number, ContentItem[]>();

  constructor(items: readonly ContentItem[]) {
    for (const item of items) {
      if (!item.creator || item.publish < 0) continue;
      const list = this.byChannel.get(item.channel) ?? [];
      list.push(item);
      this.byChannel.set(item.channel, list);
    }
  }

  /** A creator post of the channel published in the 30 days up to `day`, if any. */
  pick(random: Random, channel: number, day: number, creator?: string): ContentItem | undefined {
    const items = this.byChannel.get(channel) ?? [];
    // Items are sorted by publish day: the window's ends by bisection.
    const start = firstAfter(items, day - 30);
    const end = firstAfter(items, day);
    if (creator === undefined)
      return end > start ? items[start + Math.floor(random.next() * (end - start))] : undefined;
    const own = items.slice(start, end).filter((item) => item.creator === creator);
    return own.length > 0 ? own[Math.floor(random.next() * own.length)] : undefined;
  }
}

/** The first item published after `day` (items sorted by publish day). */
function firstAfter(items: readonly ContentItem[], day: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle]!.publish <= day) low = middle + 1;
    else high = middle;
  }
  return low;
}

function buildJourneyDemo(plan: DemoPlan): JourneyDemo {
  const random = Random.derive(plan.seed, 'journeys');
  const { calendar } = plan;
  const days = calendar.length;
  const periodStart = Date.parse(`${DEMO_PERIOD.from}T00:00:00Z`) - BEIJING_OFFSET_MS;
  const channelIndex = (channel: Channel) => CHANNELS.indexOf(channel);
  const accounts = new Map<TouchChannel, string | null>();
  const accountOf = (channel: TouchChannel): string | null => {
    if (channel === 'search' || channel === 'direct') return null;
    if (!accounts.has(channel))
      accounts.set(
        channel,
        plan.accounts.find((account) => account.channel === channelIndex(channel))?.id ?? null,
      );
    return accounts.get(channel)!;
  };
  const content = new ContentIndex(plan.content);
  const campaigns = new Map<string, string | null>();
  /** The campaign running on the channel that day with the most intensity, else none. */
  const campaignOn = (channel: Channel, day: number): string | null => {
    const key = `${channel}:${day}`;
    if (campaigns.has(key)) return campaigns.get(key)!;
    let best: string | null = null;
    let intensity = 0;
    for (const campaign of plan.campaigns) {
      if (!campaign.story.channels.includes(channel) || campaign.story.goal === 'always_on') continue;
      const value = campaign.curve[day] ?? 0;
      if (value > intensity) {
        intensity = value;
        best = campaign.story.campaign;
      }
    }
    campaigns.set(key, best);
    return best;
  };

  // The panel follows the Chinese shops' channels: their traffic, buzz, conversion rate, sales.
  const intensity = new Float64Array(days);
  const weights: readonly [Channel, number][] = [
    ['douyin', 0.5],
    ['xiaohongshu', 0.3],
    ['wechat', 0.2],
  ];
  for (let day = 0; day < days; day++) {
    let value = 0;
    for (const [channel, weight] of weights) {
      const effects = plan.days[channelIndex(channel)]!;
      value += weight * effects.organic[day]! * effects.cvr[day]! * (1 + 1.5 * effects.promo[day]!);
    }
    intensity[day] = value;
  }
  const ordinary = [...intensity].sort((a, b) => a - b)[Math.floor(days / 2)]!;
  const scale = Math.min(1, plan.scale);

  // KOLs with codes: the first KOLs of Xiaohongshu and Douyin in the plan.
  const codes: DemoCode[] = [];
  for (const [channel, count] of Object.entries(DEMO_JOURNEYS.codeCreators) as [Channel, number][]) {
    const kols = plan.creators.filter(
      (creator) => creator.tier === 'kol' && creator.channel === channelIndex(channel),
    );
    kols.slice(0, count).forEach((creator, index) => {
      const passphrase = channel === 'douyin';
      codes.push({
        code: passphrase
          ? `露米宠粉${index + 1}号`
          : `LUMI${CHANNEL_CODES[channel].toUpperCase()}${index + 1}0`,
        creator: creator.id,
        channel,
        // The first code of each channel was made for the 618 campaign; the rest run all year.
        campaign: index === 0 ? '618-2026' : null,
        kind: passphrase ? 'passphrase' : 'coupon',
      });
    });
  }

  const touches: TouchRow[] = [];
  const conversions: ConversionRow[] = [];
  let members = 0;
  let orderNumber = 0;
  const recentBuyers: { person: string; day: number }[] = [];
  // Who comes back: each buyer has a loyalty of their own — a weight for how often they return
  // (lognormal, so a few buy again and again) and the chance that a return is their last — drawn
  // from a stream of its own, so the panel's orders, journeys and days stay those of the main
  // stream. A return goes to a buyer still active and at least 20 days past their last order,
  // in proportion to their weight: cohorts keep buying for months, fading as buyers drop out.
  const loyalty = Random.derive(plan.seed, 'loyalty');
  const activeBuyers: { person: string; weight: number; dropout: number; lastDay: number }[] = [];
  const returningBuyer = (day: number) => {
    let total = 0;
    for (const buyer of activeBuyers) if (day - buyer.lastDay >= 20) total += buyer.weight;
    let left = loyalty.next() * total;
    for (const buyer of activeBuyers) {
      if (day - buyer.lastDay < 20) continue;
      left -= buyer.weight;
      if (left <= 0) return buyer;
    }
    return undefined;
  };
  const kinds = Object.keys(DEMO_JOURNEYS.journeyShares) as JourneyKind[];
  const shares = kinds.map((kind) => DEMO_JOURNEYS.journeyShares[kind]);

  const touch = (
    person: string,
    channel: TouchChannel,
    at: number,
    kind: TouchKind,
    options: { creatorPost?: boolean; creator?: string } = {},
  ) => {
    if (at < periodStart) return;
    const day = Math.floor((at - periodStart) / DAY_MS);
    const platform = channel === 'search' || channel === 'direct' ? undefined : channel;
    const post =
      platform && (options.creator !== undefined || options.creatorPost)
        ? content.pick(random, channelIndex(platform), day, options.creator)
        : undefined;
    touches.push({
      date: calendar.dates[day]!,
      channel,
      account: accountOf(channel),
      campaign: platform ? (post?.campaign ?? campaignOn(platform, day)) : null,
      creator: post?.creator ?? options.creator ?? null,
      content: post?.content ?? null,
      source_medium: SOURCE_MEDIUM[channel],
      touch_kind: kind,
      person,
      at,
    });
  };
  /** Instants `min`–`max` days before `at`, whole seconds, earliest first. */
  const before = (at: number, count: number, min: number, max: number) =>
    Array.from(
      { length: count },
      () => at - Math.round(((min + random.next() * (max - min)) * DAY_MS) / 1000) * 1000,
    ).sort((a, b) => a - b);

  for (let day = 0; day < days; day++) {
    const orders = random.round(DEMO_JOURNEYS.ordersPerDay * scale * (intensity[day]! / ordinary));
    const date = calendar.dates[day]!;
    const midnight = Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS;
    for (let order = 0; order < orders; order++) {
      // Orders come between 09:00 and 24:00 Beijing time, most in the evening.
      const hour = 9 + Math.min(14.99, Math.abs(random.normal()) * 5 + random.next() * 6);
      const at = midnight + Math.floor((hour * HOUR_MS) / 1000) * 1000;
      // Buyers are kept in order of their last purchase: the oldest is the first to come back.
      const comesBack =
        recentBuyers.length > 0 &&
        day - recentBuyers[0]!.day >= 20 &&
        random.chance(DEMO_JOURNEYS.repeatShare);
      if (comesBack) recentBuyers.shift();
      const returning = comesBack ? returningBuyer(day) : undefined;
      const person = returning?.person ?? `m${String(++members).padStart(6, '0')}`;
      if (returning) {
        returning.lastDay = day;
        if (loyalty.chance(returning.dropout)) activeBuyers.splice(activeBuyers.indexOf(returning), 1);
      } else {
        const dropout = 0.5 * loyalty.next() ** 2;
        activeBuyers.push({ person, weight: loyalty.lognormal(1.2), dropout, lastDay: day });
      }
      const kind = kinds[random.weighted(shares)]!;
      let shop: Shop = 'tmall';
      let code: string | null = null;
      let creator: string | null = null;
      switch (kind) {
        case 'xiaohongshuThenDouyin': {
          for (const time of before(at, 1 + random.int(0, 2), 3, 25))
            touch(person, 'xiaohongshu', time, random.chance(0.6) ? 'impression' : 'click', {
              creatorPost: true,
            });
          if (random.chance(0.35)) touch(person, 'search', before(at, 1, 1, 3)[0]!, 'search');
          const closes = before(at, 1 + random.int(0, 1), 0, 1.5);
          closes[closes.length - 1] = at - random.int(1, 180) * MINUTE_MS;
          for (const time of closes.sort((a, b) => a - b)) touch(person, 'douyin', time, 'click');
          shop = random.chance(0.65) ? 'douyin_shop' : 'tmall';
          break;
        }
        case 'douyinOnly':
          for (const time of before(at, 1 + random.int(0, 1), 0, 0.2)) touch(person, 'douyin', time, 'click');
          shop = 'douyin_shop';
          break;
        case 'xiaohongshuThenDirect':
          for (const time of before(at, 1 + random.int(0, 1), 2, 20))
            touch(person, 'xiaohongshu', time, 'click', { creatorPost: true });
          touch(person, 'direct', at - random.int(1, 60) * MINUTE_MS, 'visit');
          shop = random.chance(0.7) ? 'tmall' : 'jd';
          break;
        case 'wechatCoupon':
          if (random.chance(0.5))
            touch(person, 'xiaohongshu', before(at, 1, 5, 20)[0]!, 'impression', { creatorPost: true });
          touch(person, 'wechat', before(at, 1, 0.1, 2)[0]!, 'coupon');
          shop = 'tmall';
          break;
        case 'kolCode': {
          const owned = codes[random.int(0, codes.length - 1)]!;
          creator = owned.creator;
          code = random.chance(DEMO_JOURNEYS.unknownCodeShare)
            ? DEMO_JOURNEYS.unknownCodes[random.int(0, DEMO_JOURNEYS.unknownCodes.length - 1)]!
            : owned.code;
          touch(person, owned.channel, before(at, 1, 1, 10)[0]!, 'impression', { creator: owned.creator });
          touch(person, owned.channel, at - random.int(5, 120) * MINUTE_MS, 'coupon', {
            creator: owned.creator,
          });
          shop = owned.channel === 'douyin' ? 'douyin_shop' : 'tmall';
          break;
        }
        case 'weiboThenDouyin':
          touch(person, 'weibo', before(at, 1, 2, 15)[0]!, 'impression');
          touch(person, 'douyin', at - random.int(5, 240) * MINUTE_MS, 'click');
          shop = 'douyin_shop';
          break;
        case 'untouched':
          shop = random.chance(0.5) ? 'jd' : 'tmall';
          break;
      }
      const aov = shop === 'douyin_shop' ? 165 : shop === 'jd' ? 240 : 260;
      conversions.push({
        date,
        shop,
        account: DEMO_JOURNEYS.shops[shop],
        channel: shop === 'douyin_shop' ? 'douyin' : null,
        campaign: null,
        // Douyin shop orders name the creator who sold them; codes name their owner.
        creator: shop === 'douyin_shop' || code !== null ? creator : null,
        person,
        at,
        order_id: `${shop === 'douyin_shop' ? 'DY' : shop === 'jd' ? 'JD' : 'TM'}${String(++orderNumber).padStart(8, '0')}`,
        coupon_code: code,
        value: Math.round(aov * random.lognormal(0.45) * 100) / 100,
      });
      recentBuyers.push({ person, day });
      if (recentBuyers.length > 500) recentBuyers.shift();

      // People touched that day who do not buy: mostly Xiaohongshu browsers.
      const browsers = random.round(DEMO_JOURNEYS.nonBuyersPerOrder * random.next() * 2);
      for (let browser = 0; browser < browsers; browser++) {
        const id = `m${String(++members).padStart(6, '0')}`;
        const pick = random.next();
        const last = midnight + random.int(9 * 60, 23 * 60) * MINUTE_MS;
        if (pick < 0.6) {
          for (const time of before(last, 1 + random.int(0, 2), 0, 12))
            touch(id, 'xiaohongshu', time, random.chance(0.7) ? 'impression' : 'click', {
              creatorPost: true,
            });
        } else if (pick < 0.85) touch(id, 'douyin', last, 'impression');
        else if (pick < 0.95) touch(id, 'weibo', last, 'impression');
        else touch(id, 'search', last, 'search');
      }
    }
  }

  const fees: JourneyDemo['fees'][number][] = [];
  for (const item of plan.content) {
    if (!item.creator || item.publish < 0 || item.publish >= days) continue;
    const channel = CHANNELS[item.channel]!;
    const source = channel === 'douyin' ? 'xingtu' : channel === 'xiaohongshu' ? 'pugongying' : 'contract';
    fees.push({
      date: calendar.dates[item.publish]!,
      channel,
      account: item.account,
      campaign: item.campaign,
      creator: item.creator,
      content: item.content!,
      fee_source: source,
      contract: `${source === 'xingtu' ? 'XT' : source === 'pugongying' ? 'PGY' : 'CT'}-${item.content}`,
      fee: item.fee,
    });
  }
  return { touches, conversions, codes, fees };
}
