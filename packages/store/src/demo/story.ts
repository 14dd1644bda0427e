/**
 * What the demo data is about, as data: the brand, its campaigns and the problems planted in
 * the numbers. The generator reads these definitions, so what is described here is what is in
 * the tables; monitors and tests read them to know where to look.
 */
import type { Channel } from '@markpi/core';

/** 18 months of daily rows. */
export const DEMO_PERIOD = { from: '2025-05-01', to: '2026-10-31' } as const;

export const DEMO_IMPORT_ID = 'demo';
export const DEMO_SEED = 20260618;

/** Short codes used in readable ids (`wom-xhs`, `ao-dy`). */
export const CHANNEL_CODES: Readonly<Record<Channel, string>> = {
  kuaishou: 'ks',
  douyin: 'dy',
  xiaohongshu: 'xhs',
  wechat: 'wx',
  weibo: 'wb',
  meta: 'meta',
  google_ads: 'gads',
  tiktok: 'tt',
};

const CHINA: readonly Channel[] = ['kuaishou', 'douyin', 'xiaohongshu', 'wechat', 'weibo'];
const GLOBAL: readonly Channel[] = ['meta', 'google_ads', 'tiktok'];
const ALL: readonly Channel[] = [...CHINA, ...GLOBAL];

export type DemoCampaignGoal = 'launch' | 'promotion' | 'word_of_mouth' | 'always_on';

export interface DemoStoryCampaign {
  campaign: string;
  name: string;
  goal: DemoCampaignGoal;
  /** First and last day, inclusive. */
  from: string;
  to: string;
  channels: readonly Channel[];
  /** Days with the highest spend and sales (sales days, launch day). */
  peaks: readonly string[];
  description: string;
}

export interface DemoAnomaly {
  id: string;
  kind: 'spend_spike' | 'tracking_outage' | 'ctr_collapse';
  table: 'fact_performance';
  channel: Channel;
  /** Only rows of this campaign are affected; null: every row of the channel. */
  campaign: string | null;
  from: string;
  to: string;
  /** Measures that were changed. */
  measures: readonly string[];
  /** Rough factor the measure was multiplied by against a normal day. */
  factor: number;
  description: string;
}

export interface DemoWeakFunnel {
  channel: Channel;
  from: string;
  to: string;
  stage: 'click_to_conversion';
  numerator: 'conversions';
  denominator: 'clicks';
  /** Typical conversions / clicks on the weak channel. */
  rate: number;
  /** Lowest typical conversions / clicks among the other channels. */
  lowestElsewhere: number;
  description: string;
}

export interface DemoStory {
  brand: { id: string; name: string; category: string; baseCurrency: 'CNY' };
  period: typeof DEMO_PERIOD;
  importId: string;
  campaigns: readonly DemoStoryCampaign[];
  anomalies: readonly DemoAnomaly[];
  weakFunnel: DemoWeakFunnel;
}

const channelLabel: Record<Channel, string> = {
  kuaishou: 'Kuaishou',
  douyin: 'Douyin',
  xiaohongshu: 'Xiaohongshu',
  wechat: 'WeChat',
  weibo: 'Weibo',
  meta: 'Meta',
  google_ads: 'Google Ads',
  tiktok: 'TikTok',
};

const alwaysOn: DemoStoryCampaign[] = ALL.map((channel) => ({
  campaign: `ao-${CHANNEL_CODES[channel]}`,
  name: `Always-on performance · ${channelLabel[channel]} 常规投放`,
  goal: 'always_on',
  from: DEMO_PERIOD.from,
  to: DEMO_PERIOD.to,
  channels: [channel],
  peaks: [],
  description: `Everyday paid acquisition on ${channelLabel[channel]}; bids up during sales.`,
}));

const wordOfMouth: DemoStoryCampaign[] = ALL.filter((channel) => channel !== 'google_ads').map((channel) => ({
  campaign: `wom-${CHANNEL_CODES[channel]}`,
  name: `Word of mouth · ${channelLabel[channel]} 日常口碑`,
  goal: 'word_of_mouth',
  from: DEMO_PERIOD.from,
  to: DEMO_PERIOD.to,
  channels: [channel],
  peaks: [],
  description: `Creator posts and brand posts outside big campaigns on ${channelLabel[channel]}, some boosted.`,
}));

export const DEMO_STORY: DemoStory = {
  brand: { id: 'lumi', name: 'Lumi 露米', category: 'skincare', baseCurrency: 'CNY' },
  period: DEMO_PERIOD,
  importId: DEMO_IMPORT_ID,
  campaigns: [
    {
      campaign: '618-2025',
      name: '618 2025 年中大促',
      goal: 'promotion',
      from: '2025-05-20',
      to: '2025-06-20',
      channels: CHINA,
      peaks: ['2025-05-31', '2025-06-18'],
      description: 'Mid-year sale: presale from May 20, first wave May 31, peak on June 18.',
    },
    {
      campaign: 'd11-2025',
      name: '双11 2025',
      goal: 'promotion',
      from: '2025-10-20',
      to: '2025-11-11',
      channels: CHINA,
      peaks: ['2025-10-31', '2025-11-11'],
      description:
        'Double 11: presale from Oct 20, first wave Oct 31, the biggest day of the year on Nov 11.',
    },
    {
      campaign: 'bfcm-2025',
      name: 'Black Friday / Cyber Monday 2025',
      goal: 'promotion',
      from: '2025-11-20',
      to: '2025-12-01',
      channels: GLOBAL,
      peaks: ['2025-11-28', '2025-12-01'],
      description: 'Overseas store sale on Meta, Google Ads and TikTok.',
    },
    {
      campaign: 'launch-serum-2026',
      name: '露米 A醇修护精华 新品上市',
      goal: 'launch',
      from: '2026-02-24',
      to: '2026-04-30',
      channels: ALL,
      peaks: ['2026-03-03'],
      description:
        'Retinol repair serum: Xiaohongshu seeding from Feb 24, launch day Mar 3, then a long tail.',
    },
    {
      campaign: '618-2026',
      name: '618 2026 年中大促',
      goal: 'promotion',
      from: '2026-05-20',
      to: '2026-06-20',
      channels: CHINA,
      peaks: ['2026-05-31', '2026-06-18'],
      description: 'Mid-year sale: presale from May 20, first wave May 31, peak on June 18.',
    },
    ...alwaysOn,
    ...wordOfMouth,
  ],
  anomalies: [
    {
      id: 'dy-spend-spike',
      kind: 'spend_spike',
      table: 'fact_performance',
      channel: 'douyin',
      campaign: 'ao-dy',
      from: '2025-09-17',
      to: '2025-09-17',
      measures: ['spend'],
      factor: 6,
      description:
        'A bid misconfiguration on the always-on Douyin campaign: six times its usual spend for one day, impressions up only ~25%.',
    },
    {
      id: 'meta-tracking-outage',
      kind: 'tracking_outage',
      table: 'fact_performance',
      channel: 'meta',
      campaign: null,
      from: '2026-01-13',
      to: '2026-01-14',
      measures: ['conversions', 'conversion_value'],
      factor: 0,
      description:
        'The Meta pixel stopped reporting for two days: conversions and conversion value are 0 on every Meta row while spend and clicks are normal. Orders still happened (fact_customers is unaffected).',
    },
    {
      id: 'xhs-ctr-collapse',
      kind: 'ctr_collapse',
      table: 'fact_performance',
      channel: 'xiaohongshu',
      campaign: null,
      from: '2026-07-06',
      to: '2026-07-12',
      measures: ['clicks'],
      factor: 0.2,
      description:
        'A week of collapsed click-through on Xiaohongshu (a feed change hid note covers): impressions normal, clicks about a fifth of usual, conversions follow.',
    },
  ],
  weakFunnel: {
    channel: 'weibo',
    from: DEMO_PERIOD.from,
    to: DEMO_PERIOD.to,
    stage: 'click_to_conversion',
    numerator: 'conversions',
    denominator: 'clicks',
    rate: 0.0033,
    lowestElsewhere: 0.016,
    description:
      'Weibo gets normal reach, interactions and click-through but its clicks hardly convert: conversions / clicks about 0.3%, against 1.6–6% elsewhere (ROAS about 0.5).',
  },
};
