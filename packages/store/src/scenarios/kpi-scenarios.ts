/**
 * KPI scenarios over the hand-made fixture: each expected figure is worked out by hand in the
 * comment beside it. The same scenarios run on every engine and must give the same rows.
 */
import type { KpiQuery } from '@markpi/core';
import type { CellValue } from '../warehouse.js';

export interface KpiScenario {
  name: string;
  query: KpiQuery;
  /** Every returned row, in order; only the keys listed are compared. */
  expected: Record<string, CellValue>[];
}

const JAN = { from: '2026-01-01', to: '2026-01-31' } as const;
const FEB = { from: '2026-02-01', to: '2026-02-28' } as const;
const JAN_FEB = { from: '2026-01-01', to: '2026-02-28' } as const;

export const KPI_SCENARIOS: readonly KpiScenario[] = [
  {
    name: 'CTR across days and channels is clicks over impressions, not the mean of row CTRs',
    query: { kpis: ['ctr', 'clicks', 'impressions'], ...JAN },
    // clicks 10+90+50+80 = 230; impressions 1000+3000+500+4000 = 8500; 230/8500 (row mean would be 0.04)
    expected: [{ ctr: 230 / 8500, clicks: 230, impressions: 8500 }],
  },
  {
    name: 'ratio KPIs per channel',
    query: { kpis: ['ctr', 'cvr', 'cpc', 'cpm', 'cpa', 'roas', 'roi'], dimensions: ['channel'], ...JAN },
    expected: [
      // douyin: clicks 100, imp 4000, conv 10, spend 300, value 1000
      {
        channel: 'douyin',
        ctr: 100 / 4000,
        cvr: 10 / 100,
        cpc: 300 / 100,
        cpm: (300 / 4000) * 1000,
        cpa: 300 / 10,
        roas: 1000 / 300,
        roi: (1000 - 300) / 300,
      },
      // meta: clicks 80, imp 4000, conv 4, spend 400, value 1600
      { channel: 'meta', ctr: 80 / 4000, cvr: 4 / 80, cpc: 5, cpm: 100, cpa: 100, roas: 4, roi: 3 },
      // xiaohongshu: spend 0 so every cost-per and return ratio is null, never Infinity
      { channel: 'xiaohongshu', ctr: 50 / 500, cvr: 0, cpc: 0, cpm: 0, cpa: null, roas: null, roi: null },
    ],
  },
  {
    name: 'zero denominators give null',
    query: { kpis: ['ctr', 'cvr', 'cpc'], dimensions: ['channel'], ...FEB },
    expected: [
      { channel: 'douyin', ctr: null, cvr: null, cpc: null }, // R5: 0 clicks over 0 impressions
      { channel: 'xiaohongshu', ctr: 40 / 2000, cvr: 2 / 40, cpc: 50 / 40 },
    ],
  },
  {
    name: 'reach summed over several reported rows is an upper bound; one row is exact',
    query: { kpis: ['reach', 'frequency', 'engagement_rate'], dimensions: ['channel'], ...JAN },
    expected: [
      // douyin: two days summed: 800 + 2000 — an upper bound; frequency 4000/2800 is then a lower bound
      {
        channel: 'douyin',
        reach: 2800,
        reach__flag: 'upper_bound',
        frequency: 4000 / 2800,
        frequency__flag: 'lower_bound',
        engagement_rate: 200 / 2800,
        engagement_rate__flag: 'approximate',
      },
      { channel: 'meta', reach: 3000, reach__flag: null, frequency: 4000 / 3000, frequency__flag: null },
      {
        channel: 'xiaohongshu',
        reach: 400,
        reach__flag: null,
        frequency: 500 / 400,
        engagement_rate: 100 / 400,
      },
    ],
  },
  {
    name: 'reach at its reported grain is exact',
    query: { kpis: ['reach'], dimensions: ['channel'], grain: 'day', from: '2026-01-01', to: '2026-01-02' },
    expected: [
      { day: '2026-01-01', channel: 'douyin', reach: 800, reach__flag: null },
      { day: '2026-01-01', channel: 'xiaohongshu', reach: 400, reach__flag: null },
      { day: '2026-01-02', channel: 'douyin', reach: 2000, reach__flag: null },
    ],
  },
  {
    name: 'interactions add what is reported (Meta has no saves) and CPE divides by them',
    query: { kpis: ['interactions', 'cpe'], dimensions: ['channel'], ...JAN },
    expected: [
      { channel: 'douyin', interactions: 900 + 50 + 20 + 30 + 200 + 10 + 5 + 10, cpe: 300 / 1225 },
      { channel: 'meta', interactions: 50, cpe: 8 }, // 40 + 4 + 6, saves not reported
      { channel: 'xiaohongshu', interactions: 1300, cpe: 0 },
    ],
  },
  {
    name: 'viral-post rate counts posts whose likes over the period reach the threshold',
    query: { kpis: ['viral_rate', 'viral_rate_5k'], dimensions: ['channel'], ...JAN_FEB },
    expected: [
      // douyin post1: 900 + 200 = 1100 (no single day reaches 1000) ✓; post2: 0 ✗ → 1/2
      { channel: 'douyin', viral_rate: 0.5, viral_rate_5k: 0 },
      { channel: 'meta', viral_rate: 0, viral_rate_5k: 0 }, // ad1: 40 likes
      // note1 1200 ✓, note2 5000 ✓ → 2/2; only note2 reaches 5000 → 1/2
      { channel: 'xiaohongshu', viral_rate: 1, viral_rate_5k: 0.5 },
    ],
  },
  {
    name: 'viral-post rate over all channels',
    query: { kpis: ['viral_rate'], ...JAN_FEB },
    expected: [{ viral_rate: 3 / 5 }], // post1, note1, note2 of five posts
  },
  {
    name: 'follower snapshots take the last value per account, then sum',
    query: { kpis: ['followers_total'], grain: 'month', ...JAN_FEB },
    expected: [
      { month: '2026-01-01', followers_total: 11_000 + 5_600 },
      { month: '2026-02-01', followers_total: 12_000 + 6_000 },
    ],
  },
  {
    name: 'follower growth rate divides by the followers at the end of the previous month',
    query: { kpis: ['follower_growth', 'follower_growth_rate'], grain: 'month', ...JAN_FEB },
    expected: [
      // January: no snapshot before January, so no opening level
      { month: '2026-01-01', follower_growth: 7 + 3 + 20 + 2, follower_growth_rate: null },
      { month: '2026-02-01', follower_growth: 30, follower_growth_rate: 30 / 16_600 },
    ],
  },
  {
    name: 'previous-period comparison',
    query: { kpis: ['ctr'], ...FEB, compare: 'previous' },
    // Feb: 40 / 2000; previous period is January: 230 / 8500
    expected: [{ ctr: 0.02, ctr__previous: 230 / 8500, ctr__change: (0.02 - 230 / 8500) / (230 / 8500) }],
  },
  {
    name: 'previous-period comparison per channel keeps only this period’s rows',
    query: { kpis: ['ctr', 'spend'], dimensions: ['channel'], ...FEB, compare: 'previous' },
    expected: [
      {
        channel: 'douyin',
        ctr: null,
        ctr__previous: 0.025,
        spend: 0,
        spend__previous: 300,
        spend__change: -1,
      },
      {
        channel: 'xiaohongshu',
        ctr: 0.02,
        ctr__previous: 0.1,
        ctr__change: -0.8,
        spend: 50,
        spend__previous: 0,
        spend__change: null,
      },
    ],
  },
  {
    name: 'same period last year',
    query: {
      kpis: ['ctr'],
      dimensions: ['channel'],
      ...JAN,
      compare: 'last_year',
      filter: "channel = 'douyin'",
    },
    expected: [
      { channel: 'douyin', ctr: 0.025, ctr__previous: 20 / 2000, ctr__change: (0.025 - 0.01) / 0.01 },
    ],
  },
  {
    name: 'CAC adds the monthly non-media costs to media spend',
    query: { kpis: ['cac', 'cost_per_existing_lead_conversion'], dimensions: ['channel'], ...JAN },
    expected: [
      // (300 + 1000 + 500 + 400) / 20 ; promotion 400 / 2 leads converted
      { channel: 'douyin', cac: 2200 / 20, cost_per_existing_lead_conversion: 200 },
      { channel: 'meta', cac: null },
      // (0 + 300) / 10
      { channel: 'xiaohongshu', cac: 30, cost_per_existing_lead_conversion: null },
    ],
  },
  {
    name: 'CAC over everything',
    query: { kpis: ['cac'], ...JAN },
    expected: [{ cac: (700 + 2200) / 30 }],
  },
  {
    name: 'retention and LTV from customers at start, at end and new',
    query: {
      kpis: ['retention_rate', 'ltv', 'revenue_per_customer'],
      dimensions: ['channel'],
      grain: 'month',
      ...JAN,
    },
    expected: [
      // (200 - 20) / 190 ; churned = 190 + 20 - 200 = 10 → 5000 / 10 ; 5000 / 200
      {
        month: '2026-01-01',
        channel: 'douyin',
        retention_rate: 180 / 190,
        ltv: 500,
        revenue_per_customer: 25,
      },
      {
        month: '2026-01-01',
        channel: 'xiaohongshu',
        retention_rate: null,
        ltv: null,
        revenue_per_customer: 20,
      },
    ],
  },
  {
    name: 'audience flow from A1/A2 into A3',
    query: { kpis: ['audience_flow_rate'], grain: 'month', ...JAN },
    expected: [{ month: '2026-01-01', audience_flow_rate: 80 / 1300 }], // (50 + 30) / (900 + 400)
  },
  {
    name: 'share of voice and effective indexed posts from search snapshots',
    query: { kpis: ['share_of_voice', 'effective_indexed_posts'], ...JAN },
    expected: [{ share_of_voice: 1 / 3, effective_indexed_posts: 2 }],
  },
  {
    name: 'completion, save and search-lift rates',
    query: {
      kpis: ['completion_rate_5s', 'completion_rate_50', 'save_rate', 'search_lift'],
      filter: "channel = 'douyin'",
      ...JAN,
    },
    expected: [
      {
        completion_rate_5s: 1200 / 2000,
        completion_rate_50: 500 / 2000,
        save_rate: 40 / 2000,
        search_lift: 20 / 2800,
      },
    ],
  },
  {
    name: 'impressions per target user joins the audience-size snapshot',
    query: {
      kpis: ['impressions_per_target_user'],
      dimensions: ['channel'],
      filter: "channel = 'douyin'",
      ...JAN,
    },
    expected: [{ channel: 'douyin', impressions_per_target_user: 4000 / 50_000 }],
  },
  {
    name: 'incremental ROI over the previous period of equal length',
    query: { kpis: ['incremental_roi'], ...FEB },
    expected: [{ incremental_roi: (120 - 2600) / 50 }],
  },
  {
    name: 'filters with in-lists and tiers',
    query: {
      kpis: ['spend', 'leads', 'cpl'],
      filter: "channel in ('douyin', 'xiaohongshu') and creator_tier != 'koc'",
      ...JAN_FEB,
    },
    expected: [{ spend: 300, leads: 5, cpl: 60 }],
  },
  {
    name: 'conversions, conversion value, store-visit cost and new customers per channel',
    query: {
      kpis: ['conversions', 'conversion_value', 'cost_per_store_visit', 'new_customers'],
      dimensions: ['channel'],
      ...JAN,
    },
    expected: [
      // douyin: 1 + 9 conversions, 300 + 700 value, 300 spend over 5 + 15 visitors, 20 new customers
      {
        channel: 'douyin',
        conversions: 10,
        conversion_value: 1000,
        cost_per_store_visit: 15,
        new_customers: 20,
      },
      {
        channel: 'meta',
        conversions: 4,
        conversion_value: 1600,
        cost_per_store_visit: 20,
        new_customers: null,
      },
      // no visitors: no cost per visitor
      {
        channel: 'xiaohongshu',
        conversions: 0,
        conversion_value: 0,
        cost_per_store_visit: null,
        new_customers: 10,
      },
    ],
  },
  {
    name: 'organic share of conversions and visitor CVR',
    query: {
      kpis: ['organic_conversion_share', 'visitor_cvr', 'average_order_value'],
      dimensions: ['channel'],
      ...JAN,
    },
    expected: [
      { channel: 'douyin', organic_conversion_share: 0, visitor_cvr: 10 / 20, average_order_value: 100 },
      { channel: 'meta', organic_conversion_share: 0, visitor_cvr: 4 / 20, average_order_value: null },
      { channel: 'xiaohongshu', organic_conversion_share: null, visitor_cvr: null, average_order_value: 100 },
    ],
  },
  {
    name: 'attributed ROAS per model is that model’s credited value over spend',
    query: {
      kpis: [
        'attributed_roas_first_touch',
        'attributed_roas_last_touch',
        'attributed_roas_last_non_direct',
        'attributed_roas_linear',
        'attributed_roas_position',
        'attributed_roas_time_decay',
        'attributed_roas_markov',
        'attributed_roas_shapley',
      ],
      dimensions: ['channel'],
      ...JAN,
    },
    expected: [
      // douyin, spend 100 + 200 = 300: first touch 150, last touch 600 + 600, last non-direct
      // 1200, linear 900, position 750, time decay 600, Markov 600 + 300, Shapley 450
      {
        channel: 'douyin',
        attributed_roas_first_touch: 0.5,
        attributed_roas_last_touch: 4,
        attributed_roas_last_non_direct: 4,
        attributed_roas_linear: 3,
        attributed_roas_position: 2.5,
        attributed_roas_time_decay: 2,
        attributed_roas_markov: 3,
        attributed_roas_shapley: 1.5,
      },
      // meta, spend 400: Markov 800, Shapley 400; rows of no other model, whose credit sums to 0
      {
        channel: 'meta',
        attributed_roas_first_touch: 0,
        attributed_roas_last_touch: 0,
        attributed_roas_last_non_direct: 0,
        attributed_roas_linear: 0,
        attributed_roas_position: 0,
        attributed_roas_time_decay: 0,
        attributed_roas_markov: 2,
        attributed_roas_shapley: 1,
      },
      // xiaohongshu spent nothing in January: its Markov credit has no ROAS
      {
        channel: 'xiaohongshu',
        attributed_roas_first_touch: null,
        attributed_roas_last_touch: null,
        attributed_roas_last_non_direct: null,
        attributed_roas_linear: null,
        attributed_roas_position: null,
        attributed_roas_time_decay: null,
        attributed_roas_markov: null,
        attributed_roas_shapley: null,
      },
    ],
  },
  {
    name: 'attributed ROAS over every channel',
    query: { kpis: ['attributed_roas_markov', 'attributed_roas_last_touch', 'spend'], ...JAN },
    // Markov 600 + 300 + 800 + 100 = 1800 (February's 100 is outside), last touch 1200; spend 700
    expected: [{ attributed_roas_markov: 1800 / 700, attributed_roas_last_touch: 1200 / 700, spend: 700 }],
  },
];
