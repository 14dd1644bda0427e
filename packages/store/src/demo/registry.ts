/**
 * The demo's creator registry: each creator's category, agency, content type and accounts, and
 * each post's link and campaign. Drawn from a random stream of its own (one per creator), so the
 * rest of the demo is the same with or without it.
 *
 * Conventions: KOS are the brand's sales staff, shop assistants and experts (content types
 * `sales`, `store`, `expert`, which the default tier rules read as KOS); KOL and KOC make
 * `lifestyle`, `beauty` or `review` content. Every creator holds an account on their main
 * platform with the registry's follower count; some Chinese KOL and KOS keep a smaller second
 * account on another Chinese platform.
 */
import { CHANNELS, type Channel } from '@markpi/core';
import type { ContentItem, Creator, DemoPlan } from './plan.js';
import type { Tier } from './profiles.js';
import { Random } from './random.js';
import { CHANNEL_CODES } from './story.js';

export interface DemoCreatorProfile {
  category: string;
  agency: string | null;
  contentType: string;
}

export interface DemoCreatorAccount {
  creator: string;
  channel: Channel;
  account: string;
  accountName: string;
  followers: number;
  link: string;
}

const CATEGORIES_CN = ['美妆护肤', '成分党', '生活方式', '母婴', '时尚穿搭'] as const;
const CATEGORIES_GLOBAL = ['beauty', 'skincare', 'lifestyle'] as const;
const AGENCIES_CN = ['星辰MCN', '青柚传媒', '无忧传媒'] as const;
const AGENCIES_GLOBAL = ['Northlight Talent', 'Glow Collective'] as const;
const CONTENT_TYPES: Readonly<Record<Tier, readonly string[]>> = {
  kol: ['lifestyle', 'beauty', 'review'],
  kos: ['sales', 'store', 'expert'],
  koc: ['lifestyle', 'review', 'beauty'],
};
/** Share of each tier signed through an agency: head creators mostly are, consumers rarely. */
const AGENCY_SHARE: Readonly<Record<Tier, number>> = { kol: 0.8, kos: 0.3, koc: 0.15 };
/** Share of each tier with a second account on another Chinese platform. */
const SECOND_ACCOUNT_SHARE: Readonly<Record<Tier, number>> = { kol: 0.6, kos: 0.4, koc: 0 };
const CHINA: readonly Channel[] = ['douyin', 'xiaohongshu', 'kuaishou', 'weibo', 'wechat'];

const PROFILE_LINKS: Readonly<Record<Channel, (account: string) => string>> = {
  douyin: (account) => `https://www.douyin.com/user/${account}`,
  xiaohongshu: (account) => `https://www.xiaohongshu.com/user/profile/${account}`,
  kuaishou: (account) => `https://www.kuaishou.com/profile/${account}`,
  weibo: (account) => `https://weibo.com/${account}`,
  wechat: (account) => `https://channels.weixin.qq.com/${account}`,
  meta: (account) => `https://www.instagram.com/${account}`,
  google_ads: (account) => `https://www.youtube.com/@${account}`,
  tiktok: (account) => `https://www.tiktok.com/@${account}`,
};

const POST_LINKS: Readonly<Record<Channel, (content: string) => string>> = {
  douyin: (content) => `https://www.douyin.com/video/${content}`,
  xiaohongshu: (content) => `https://www.xiaohongshu.com/explore/${content}`,
  kuaishou: (content) => `https://www.kuaishou.com/short-video/${content}`,
  weibo: (content) => `https://weibo.com/detail/${content}`,
  wechat: (content) => `https://channels.weixin.qq.com/feed/${content}`,
  meta: (content) => `https://www.instagram.com/p/${content}`,
  google_ads: (content) => `https://www.youtube.com/watch?v=${content}`,
  tiktok: (content) => `https://www.tiktok.com/video/${content}`,
};

const channelOf = (creator: Creator): Channel => CHANNELS[creator.channel]!;
const isChinese = (channel: Channel) => CHINA.includes(channel);
const accountId = (channel: Channel, creator: Creator) =>
  `${CHANNEL_CODES[channel]}_${creator.id.replaceAll('-', '_')}`;

/** A creator's category, agency and content type. */
export function demoCreatorProfile(seed: number, creator: Creator): DemoCreatorProfile {
  const random = Random.derive(seed, 'creator-registry', creator.id);
  const chinese = isChinese(channelOf(creator));
  const category = random.pick(chinese ? CATEGORIES_CN : CATEGORIES_GLOBAL);
  const signed = random.chance(AGENCY_SHARE[creator.tier]);
  const agency = random.pick(chinese ? AGENCIES_CN : AGENCIES_GLOBAL);
  return {
    category,
    agency: signed ? agency : null,
    contentType: random.pick(CONTENT_TYPES[creator.tier]),
  };
}

/** A creator's accounts: the main one first. */
export function demoCreatorAccounts(seed: number, creator: Creator): DemoCreatorAccount[] {
  const random = Random.derive(seed, 'creator-accounts', creator.id);
  const main = channelOf(creator);
  const account = (channel: Channel, followers: number): DemoCreatorAccount => {
    const id = accountId(channel, creator);
    return {
      creator: creator.id,
      channel,
      account: id,
      accountName: creator.name,
      followers,
      link: PROFILE_LINKS[channel](id),
    };
  };
  const accounts = [account(main, creator.followers)];
  const second = random.chance(SECOND_ACCOUNT_SHARE[creator.tier]);
  const others = CHINA.filter((channel) => channel !== main);
  const other = random.pick(others);
  // A second account is smaller than the main one: a tenth to a half of its followers.
  const share = random.between(0.1, 0.5);
  if (isChinese(main) && second) accounts.push(account(other, Math.round(creator.followers * share)));
  return accounts;
}

/** Every creator's accounts, creator by creator. */
export function demoAccountsOf(plan: Pick<DemoPlan, 'seed' | 'creators'>): DemoCreatorAccount[] {
  return plan.creators.flatMap((creator) => demoCreatorAccounts(plan.seed, creator));
}

/** Where a post can be opened. */
export function demoPostLink(item: Pick<ContentItem, 'channel' | 'content'>): string | null {
  return item.content === null ? null : POST_LINKS[CHANNELS[item.channel]!](item.content);
}
