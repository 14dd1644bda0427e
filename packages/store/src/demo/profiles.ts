/**
 * The economics of each channel and the other fixed reference data of the demo brand. Rates
 * are per impression unless noted; money is CNY (amounts from USD platforms are already
 * converted, the `currency` dimension keeps the original currency).
 */
import type { Channel } from '@markpi/core';

export type Format = 'video' | 'image_text' | 'live';

export interface ChannelProfile {
  channel: Channel;
  currency: 'CNY' | 'USD';
  /** Cost per thousand impressions, CNY. */
  cpm: number;
  /** Clicks / impressions. */
  ctr: number;
  /** Conversions / clicks. */
  cvr: number;
  /** Average order value, CNY. */
  aov: number;
  /** Reach / impressions. */
  reach: number;
  /** Video plays / impressions for video and live. */
  view: number;
  /** 5-second views / plays. */
  view5s: number;
  /** 50% views / 5-second views. */
  view50: number;
  like: number;
  comment: number;
  share: number;
  save: number;
  /** Brand-account follows / impressions. */
  follow: number;
  /** Brand searches / reach. */
  brandSearch: number;
  /** Leads / clicks. */
  lead: number;
  /** Store or landing visits / clicks. */
  visit: number;
  /** Regions the channel's audience is reported in (indexes into REGIONS). */
  regions: readonly number[];
  /** Share of traffic per region, same order as `regions`. */
  regionShare: readonly number[];
  /** Traffic by weekday, Monday first. */
  weekday: readonly number[];
  /** Ad-group types of paid campaigns: slug, format, relative budget, account index, CTR and CVR multipliers. */
  adGroups: readonly AdGroupType[];
  /** Brand accounts: the first is the main one. */
  accounts: readonly string[];
  /** Followers of each account on the first day (0 for accounts without followers). */
  followers: readonly number[];
  /** Formats brand and creator posts take, with weights. */
  formats: Partial<Record<Format, number>>;
  /** Days it takes organic reach of a post to fall by e (1/e). */
  decay: Record<Format, number>;
  /** Brand-account posts per week. */
  brandPostsPerWeek: number;
  /** Growth of the channel's traffic over the 18 months (multiplier at the end). */
  trend: number;
}

export interface AdGroupType {
  slug: string;
  format: Format | null;
  weight: number;
  account: number;
  ctr: number;
  cvr: number;
}

export const REGIONS = [
  'east_china',
  'south_china',
  'north_china',
  'central_china',
  'west_china',
  'overseas',
] as const;
export const OVERSEAS = 5;
const CHINA_REGIONS = [0, 1, 2, 3, 4, 5];
const CHINA_SHARE = [0.33, 0.24, 0.17, 0.12, 0.1, 0.04];

export const AUDIENCES = [
  'young_women_18_24',
  'white_collar_25_34',
  'mothers',
  'students',
  'lookalike',
] as const;
/** CTR, CVR and AOV multipliers per audience. */
export const AUDIENCE_EFFECT: readonly { ctr: number; cvr: number; aov: number }[] = [
  { ctr: 1.1, cvr: 1.0, aov: 0.9 },
  { ctr: 0.95, cvr: 1.15, aov: 1.25 },
  { ctr: 0.9, cvr: 1.2, aov: 1.1 },
  { ctr: 1.15, cvr: 0.7, aov: 0.7 },
  { ctr: 1.0, cvr: 1.3, aov: 1.0 },
];
/** CVR and AOV multipliers per region. */
export const REGION_EFFECT: readonly { cvr: number; aov: number }[] = [
  { cvr: 1.1, aov: 1.12 },
  { cvr: 1.08, aov: 1.05 },
  { cvr: 0.98, aov: 1.0 },
  { cvr: 0.92, aov: 0.92 },
  { cvr: 0.88, aov: 0.9 },
  { cvr: 0.8, aov: 1.2 },
];

const CN_SHORT_VIDEO_WEEK = [0.95, 0.94, 0.96, 0.98, 1.03, 1.12, 1.14];

const ag = (
  slug: string,
  format: Format | null,
  weight: number,
  account = 0,
  ctr = 1,
  cvr = 1,
): AdGroupType => ({ slug, format, weight, account, ctr, cvr });

export const PROFILES: Readonly<Record<Channel, ChannelProfile>> = {
  kuaishou: {
    channel: 'kuaishou',
    currency: 'CNY',
    cpm: 24,
    ctr: 0.015,
    cvr: 0.03,
    aov: 109,
    reach: 0.72,
    view: 0.85,
    view5s: 0.52,
    view50: 0.42,
    like: 0.022,
    comment: 0.0022,
    share: 0.0012,
    save: 0.0015,
    follow: 0.00012,
    brandSearch: 0.001,
    lead: 0.002,
    visit: 0.72,
    regions: CHINA_REGIONS,
    regionShare: [0.2, 0.18, 0.24, 0.18, 0.16, 0.04],
    weekday: CN_SHORT_VIDEO_WEEK,
    adGroups: [ag('feed-video', 'video', 0.6), ag('live-room', 'live', 0.4, 0, 0.9, 1.4)],
    accounts: ['ks-lumi-official'],
    followers: [260_000],
    formats: { video: 0.65, live: 0.35 },
    decay: { video: 2.5, image_text: 2, live: 0.5 },
    brandPostsPerWeek: 3,
    trend: 1.15,
  },
  douyin: {
    channel: 'douyin',
    currency: 'CNY',
    cpm: 32,
    ctr: 0.018,
    cvr: 0.028,
    aov: 159,
    reach: 0.72,
    view: 0.86,
    view5s: 0.55,
    view50: 0.45,
    like: 0.025,
    comment: 0.002,
    share: 0.0015,
    save: 0.002,
    follow: 0.00012,
    brandSearch: 0.0015,
    lead: 0.002,
    visit: 0.7,
    regions: CHINA_REGIONS,
    regionShare: CHINA_SHARE,
    weekday: CN_SHORT_VIDEO_WEEK,
    adGroups: [
      ag('feed-video', 'video', 0.45),
      ag('live-room', 'live', 0.4, 1, 0.85, 1.5),
      ag('search', 'video', 0.15, 0, 2.2, 1.3),
    ],
    accounts: ['dy-lumi-official', 'dy-lumi-flagship'],
    followers: [1_200_000, 350_000],
    formats: { video: 0.8, live: 0.2 },
    decay: { video: 2.5, image_text: 2, live: 0.5 },
    brandPostsPerWeek: 5,
    trend: 1.2,
  },
  xiaohongshu: {
    channel: 'xiaohongshu',
    currency: 'CNY',
    cpm: 85,
    ctr: 0.055,
    cvr: 0.012,
    aov: 268,
    reach: 0.8,
    view: 0.8,
    view5s: 0.6,
    view50: 0.48,
    like: 0.008,
    comment: 0.001,
    share: 0.0008,
    save: 0.006,
    follow: 0.00012,
    brandSearch: 0.006,
    lead: 0.004,
    visit: 0.5,
    regions: CHINA_REGIONS,
    regionShare: [0.36, 0.26, 0.15, 0.1, 0.09, 0.04],
    weekday: [0.97, 0.96, 0.98, 0.99, 1.0, 1.08, 1.1],
    adGroups: [
      ag('feed-notes', 'image_text', 0.5),
      ag('search-notes', 'image_text', 0.3, 0, 1.4, 1.3),
      ag('video-notes', 'video', 0.2, 0, 0.8),
    ],
    accounts: ['xhs-lumi-official'],
    followers: [420_000],
    formats: { image_text: 0.75, video: 0.25 },
    decay: { video: 6, image_text: 9, live: 0.5 },
    brandPostsPerWeek: 4,
    trend: 1.35,
  },
  wechat: {
    channel: 'wechat',
    currency: 'CNY',
    cpm: 58,
    ctr: 0.012,
    cvr: 0.03,
    aov: 235,
    reach: 0.82,
    view: 0.75,
    view5s: 0.5,
    view50: 0.4,
    like: 0.004,
    comment: 0.0005,
    share: 0.002,
    save: 0.0005,
    follow: 0.00015,
    brandSearch: 0.0008,
    lead: 0.012,
    visit: 0.8,
    regions: CHINA_REGIONS,
    regionShare: [0.3, 0.25, 0.18, 0.12, 0.11, 0.04],
    weekday: [1.05, 1.05, 1.04, 1.03, 1.0, 0.9, 0.92],
    adGroups: [ag('moments', 'image_text', 0.55), ag('channels-video', 'video', 0.45, 0, 1.1, 1.1)],
    accounts: ['wx-lumi-official'],
    followers: [180_000],
    formats: { image_text: 0.5, video: 0.3, live: 0.2 },
    decay: { video: 3, image_text: 2, live: 0.5 },
    brandPostsPerWeek: 2,
    trend: 1.05,
  },
  weibo: {
    channel: 'weibo',
    currency: 'CNY',
    cpm: 18,
    ctr: 0.014,
    cvr: 0.0025,
    aov: 189,
    reach: 0.68,
    view: 0.7,
    view5s: 0.45,
    view50: 0.35,
    like: 0.012,
    comment: 0.004,
    share: 0.005,
    save: 0.0005,
    follow: 0.00015,
    brandSearch: 0.001,
    lead: 0.001,
    visit: 0.6,
    regions: CHINA_REGIONS,
    regionShare: [0.28, 0.22, 0.22, 0.13, 0.11, 0.04],
    weekday: [1.0, 1.0, 1.0, 1.0, 1.0, 1.04, 1.05],
    adGroups: [ag('fensitong', 'image_text', 0.65), ag('video', 'video', 0.35)],
    accounts: ['wb-lumi-official'],
    followers: [860_000],
    formats: { image_text: 0.6, video: 0.4 },
    decay: { video: 1.5, image_text: 1.5, live: 0.5 },
    brandPostsPerWeek: 7,
    trend: 0.9,
  },
  meta: {
    channel: 'meta',
    currency: 'USD',
    cpm: 68,
    ctr: 0.011,
    cvr: 0.025,
    aov: 324,
    reach: 0.7,
    view: 0.6,
    view5s: 0.45,
    view50: 0.3,
    like: 0.006,
    comment: 0.0006,
    share: 0.0005,
    save: 0.0004,
    follow: 0.00008,
    brandSearch: 0.0004,
    lead: 0.003,
    visit: 0.75,
    regions: [OVERSEAS],
    regionShare: [1],
    weekday: [1.0, 1.0, 0.99, 1.0, 1.0, 1.05, 1.05],
    adGroups: [ag('advantage-plus', 'video', 0.6), ag('retargeting', 'image_text', 0.4, 1, 1.5, 1.8)],
    accounts: ['meta-lumi-global', 'meta-lumi-retarget'],
    followers: [95_000, 0],
    formats: { image_text: 0.5, video: 0.5 },
    decay: { video: 2, image_text: 1.5, live: 0.5 },
    brandPostsPerWeek: 3,
    trend: 1.4,
  },
  google_ads: {
    channel: 'google_ads',
    currency: 'USD',
    cpm: 380,
    ctr: 0.055,
    cvr: 0.045,
    aov: 310,
    reach: 0.85,
    view: 0.7,
    view5s: 0.5,
    view50: 0.3,
    like: 0,
    comment: 0,
    share: 0,
    save: 0,
    follow: 0,
    brandSearch: 0,
    lead: 0.006,
    visit: 0.9,
    regions: [OVERSEAS],
    regionShare: [1],
    weekday: [1.05, 1.06, 1.05, 1.03, 0.98, 0.88, 0.94],
    adGroups: [
      ag('brand-search', null, 0.25, 0, 2.2, 1.6),
      ag('generic-search', null, 0.35),
      ag('pmax', 'image_text', 0.25, 0, 0.3, 0.9),
      ag('youtube', 'video', 0.15, 0, 0.08, 0.5),
    ],
    accounts: ['gads-lumi-global'],
    followers: [0],
    formats: {},
    decay: { video: 2, image_text: 2, live: 0.5 },
    brandPostsPerWeek: 0,
    trend: 1.3,
  },
  tiktok: {
    channel: 'tiktok',
    currency: 'USD',
    cpm: 43,
    ctr: 0.009,
    cvr: 0.016,
    aov: 274,
    reach: 0.74,
    view: 0.85,
    view5s: 0.5,
    view50: 0.38,
    like: 0.018,
    comment: 0.001,
    share: 0.001,
    save: 0.001,
    follow: 0.0001,
    brandSearch: 0.0005,
    lead: 0.001,
    visit: 0.7,
    regions: [OVERSEAS],
    regionShare: [1],
    weekday: CN_SHORT_VIDEO_WEEK,
    adGroups: [ag('spark-ads', 'video', 0.55, 0, 1.2), ag('prospecting', 'video', 0.45)],
    accounts: ['tt-lumi-global'],
    followers: [140_000],
    formats: { video: 1 },
    decay: { video: 2.5, image_text: 2, live: 0.5 },
    brandPostsPerWeek: 5,
    trend: 1.6,
  },
};

export type Tier = 'kol' | 'kos' | 'koc';
export const TIERS: readonly Tier[] = ['kol', 'kos', 'koc'];

export interface TierProfile {
  tier: Tier;
  /** Creators at scale 1. */
  count: number;
  /** Channel weights of a creator's main channel. */
  channels: Partial<Record<Channel, number>>;
  /** Followers: median and log-normal spread. */
  followers: number;
  followersSigma: number;
  /** Mean days between posts (before campaign boosts). */
  postEvery: number;
  /** Share of a post's followers reached on day 0. */
  reachRate: number;
  engagement: number;
  ctr: number;
  cvr: number;
  /** Chance a post is boosted with paid traffic, days and CNY per day per 100k followers. */
  boostChance: number;
  boostDays: number;
  boostPer100k: number;
  /** Fee per post per 1k followers, CNY. */
  feePer1k: number;
  /** Chance a post reads positive. */
  positive: number;
  /** Chance a post goes viral, and the range of its reach multiplier. */
  viral: number;
  viralReach: readonly [number, number];
}

export const TIER_PROFILES: Readonly<Record<Tier, TierProfile>> = {
  kol: {
    tier: 'kol',
    count: 15,
    channels: { douyin: 0.35, xiaohongshu: 0.3, weibo: 0.12, kuaishou: 0.08, tiktok: 0.08, meta: 0.07 },
    followers: 2_500_000,
    followersSigma: 0.6,
    postEvery: 24,
    reachRate: 0.12,
    engagement: 0.8,
    ctr: 1,
    cvr: 1,
    boostChance: 0.5,
    boostDays: 5,
    boostPer100k: 900,
    feePer1k: 25,
    positive: 0.95,
    viral: 0.02,
    viralReach: [2, 5],
  },
  kos: {
    tier: 'kos',
    count: 45,
    channels: { douyin: 0.35, xiaohongshu: 0.25, wechat: 0.2, kuaishou: 0.15, tiktok: 0.05 },
    followers: 45_000,
    followersSigma: 0.7,
    postEvery: 6,
    reachRate: 0.35,
    engagement: 1,
    ctr: 1.2,
    cvr: 1.5,
    boostChance: 0.3,
    boostDays: 3,
    boostPer100k: 4000,
    feePer1k: 40,
    positive: 0.99,
    viral: 0.01,
    viralReach: [4, 12],
  },
  koc: {
    tier: 'koc',
    count: 140,
    channels: { xiaohongshu: 0.5, douyin: 0.25, kuaishou: 0.08, weibo: 0.07, tiktok: 0.05, meta: 0.05 },
    followers: 8_000,
    followersSigma: 0.8,
    postEvery: 28,
    reachRate: 0.6,
    engagement: 1.4,
    ctr: 0.9,
    cvr: 1.1,
    boostChance: 0.2,
    boostDays: 4,
    boostPer100k: 8000,
    feePer1k: 120,
    positive: 0.82,
    viral: 0.03,
    viralReach: [8, 30],
  },
};

/** Search keywords tracked per channel, and how present the brand is on each at the start. */
export interface KeywordProfile {
  keyword: string;
  /** Own results among the top 20 at the start and the end of the period. */
  ownStart: number;
  ownEnd: number;
  /** Whether the keyword only matters once the serum has launched. */
  launch: boolean;
}

export const SEARCH_KEYWORDS: Readonly<Partial<Record<Channel, readonly KeywordProfile[]>>> = {
  xiaohongshu: [
    { keyword: '露米', ownStart: 9, ownEnd: 13, launch: false },
    { keyword: '美白精华', ownStart: 1, ownEnd: 3, launch: false },
    { keyword: '敏感肌修护', ownStart: 2, ownEnd: 4, launch: false },
    { keyword: 'A醇精华', ownStart: 0, ownEnd: 5, launch: true },
    { keyword: '早C晚A', ownStart: 0, ownEnd: 3, launch: true },
    { keyword: '平价精华推荐', ownStart: 1, ownEnd: 2, launch: false },
  ],
  douyin: [
    { keyword: '露米', ownStart: 7, ownEnd: 11, launch: false },
    { keyword: '精华推荐', ownStart: 1, ownEnd: 2, launch: false },
    { keyword: '敏感肌护肤', ownStart: 1, ownEnd: 3, launch: false },
    { keyword: 'A醇', ownStart: 0, ownEnd: 4, launch: true },
  ],
};

export const OWN_BRAND = 'lumi';
export const COMPETITORS = [
  'proya',
  'winona',
  'loreal',
  'estee_lauder',
  'olay',
  'shiseido',
  'the_ordinary',
  'kiehls',
  'unbranded',
] as const;
export const COMPETITOR_WEIGHTS = [16, 12, 14, 10, 9, 7, 8, 6, 18];

export const COST_TYPES = ['seo', 'content', 'agency', 'staff', 'promotion', 'other'] as const;

/** Monthly staff cost per channel at scale 1, CNY. */
export const STAFF_PER_MONTH: Readonly<Record<Channel, number>> = {
  kuaishou: 60_000,
  douyin: 220_000,
  xiaohongshu: 180_000,
  wechat: 90_000,
  weibo: 50_000,
  meta: 70_000,
  google_ads: 45_000,
  tiktok: 65_000,
};

/** Monthly SEO cost per channel at scale 1, CNY (search-note optimisation, site SEO). */
export const SEO_PER_MONTH: Readonly<Record<Channel, number>> = {
  kuaishou: 0,
  douyin: 30_000,
  xiaohongshu: 80_000,
  wechat: 8_000,
  weibo: 5_000,
  meta: 0,
  google_ads: 40_000,
  tiktok: 0,
};

/** Planned media budgets at scale 1, CNY: always-on per channel, campaigns per channel. */
export const ALWAYS_ON_BUDGET: Readonly<Record<Channel, number>> = {
  kuaishou: 6_000_000,
  douyin: 24_000_000,
  xiaohongshu: 12_000_000,
  wechat: 6_000_000,
  weibo: 3_000_000,
  meta: 5_000_000,
  google_ads: 6_000_000,
  tiktok: 4_000_000,
};

export const CAMPAIGN_BUDGET: Readonly<Record<string, number>> = {
  '618-2025': 20_000_000,
  'd11-2025': 28_000_000,
  'bfcm-2025': 4_000_000,
  'launch-serum-2026': 15_000_000,
  '618-2026': 24_000_000,
};

/** How a campaign budget is split across channels (normalised over the campaign's channels). */
export const CAMPAIGN_CHANNEL_SPLIT: Readonly<Record<Channel, number>> = {
  kuaishou: 0.12,
  douyin: 0.4,
  xiaohongshu: 0.22,
  wechat: 0.14,
  weibo: 0.06,
  meta: 0.35,
  google_ads: 0.35,
  tiktok: 0.3,
};

export const TITLE_TOPICS = [
  '28天淡纹实测',
  '敏感肌也能用的A醇',
  '早C晚A入门',
  '油皮夏季护肤',
  '干皮秋冬修护',
  '成分党测评',
  '平价精华横评',
  '熬夜急救',
  '空瓶记',
  '通勤妆前护肤',
  '学生党好物',
  '宝妈护肤时间表',
] as const;

export const NAME_PARTS = {
  first: [
    '小鹿',
    '桃子',
    '橘子',
    '芝士',
    '奶糖',
    '云朵',
    '柚子',
    '可可',
    '梨涡',
    '阿宁',
    '糖糖',
    '七七',
    'Mia',
    'Luna',
  ],
  middle: ['护肤', '美妆', '成分', '变美', '素颜', '敏感肌', '油皮', '干皮', '抗老', '妆前'],
  last: ['日记', '研究所', '实验室', '小课堂', '分享', '笔记', 'Lab', '酱', '同学', '姐姐'],
  global: ['glow', 'skin', 'dewy', 'bare', 'serum', 'derm', 'clean', 'luminous', 'facts', 'routine'],
  globalEnd: ['withmia', 'bylena', 'diaries', 'club', 'notes', 'daily', 'edit', 'lab', 'talk', 'check'],
};
