/**
 * The demo's attribution story: the pattern is there (Xiaohongshu opens, Douyin closes), every
 * model has something to say, and the panel agrees with the demo's own facts (orders follow
 * the daily conversions, fees are the content costs, codes belong to KOLs).
 */
import {
  buildJourneys,
  buildPathSet,
  type ChannelCredit,
  couponAttribution,
  firstTouchAttribution,
  lastTouchAttribution,
  markovAttribution,
  pathSetFromJourneys,
} from '@markpi/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributionPaths } from '../attribution/journeys.js';
import { openDuckDbWarehouse } from '../duckdb/index.js';
import { generateFromPlan } from './generate.js';
import {
  DEMO_JOURNEYS,
  generateJourneyDemo,
  JOURNEY_DEMO_TABLES,
  type JourneyDemo,
  journeyDemo,
} from './journeys.js';
import { type DemoPlan, planDemo } from './plan.js';
import { DEMO_PERIOD } from './story.js';

const share = (credits: readonly ChannelCredit[], channel: string) => {
  const total = credits.reduce((sum, credit) => sum + credit.conversions, 0);
  return (credits.find((credit) => credit.channel === channel)?.conversions ?? 0) / total;
};
const top = (credits: readonly ChannelCredit[]) =>
  [...credits].sort((a, b) => b.conversions - a.conversions)[0]!.channel;

function pearson(a: readonly number[], b: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [ma, mb] = [mean(a), mean(b)];
  let covariance = 0;
  let va = 0;
  let vb = 0;
  for (let index = 0; index < a.length; index++) {
    covariance += (a[index]! - ma) * (b[index]! - mb);
    va += (a[index]! - ma) ** 2;
    vb += (b[index]! - mb) ** 2;
  }
  return covariance / Math.sqrt(va * vb);
}

describe('the demo’s journeys, orders, codes and fees', () => {
  let plan: DemoPlan;
  let demo: JourneyDemo;
  /** The demo's own facts: conversions per day on the shops' channels, content cost per month. */
  const dailyConversions = new Map<string, number>();
  const contentCost = new Map<string, number>();

  beforeAll(() => {
    plan = planDemo();
    demo = journeyDemo(plan);
    for (const { table, batch } of generateFromPlan(plan)) {
      const column = (name: string) => batch.columns[name]!;
      if (table === 'fact_performance') {
        for (let row = 0; row < batch.rowCount; row++) {
          if (!['douyin', 'xiaohongshu', 'wechat'].includes(String(column('channel')[row]))) continue;
          const date = String(column('date')[row]);
          dailyConversions.set(date, (dailyConversions.get(date) ?? 0) + Number(column('conversions')[row]));
        }
      }
      if (table === 'fact_costs') {
        for (let row = 0; row < batch.rowCount; row++) {
          if (column('cost_type')[row] !== 'content') continue;
          contentCost.set(`${column('date')[row]}|${column('channel')[row]}`, Number(column('amount')[row]));
        }
      }
    }
  });

  it('opens on Xiaohongshu and closes on Douyin, and every model has something to say', () => {
    const built = buildJourneys(
      demo.touches.map((touch) => ({ person: touch.person, channel: touch.channel, at: touch.at })),
      demo.conversions.map((order) => ({ person: order.person, at: order.at, value: order.value })),
    );
    const paths = pathSetFromJourneys(built.journeys);
    const first = firstTouchAttribution(paths).credits;
    const last = lastTouchAttribution(paths).credits;
    expect(top(first)).toBe('xiaohongshu');
    expect(share(first, 'xiaohongshu')).toBeGreaterThan(0.5);
    expect(top(last)).toBe('douyin');
    expect(share(last, 'douyin')).toBeGreaterThan(0.5);
    // Xiaohongshu closes few journeys, Douyin opens few.
    expect(share(last, 'xiaohongshu')).toBeLessThan(0.15);
    expect(share(first, 'douyin')).toBeLessThan(0.35);
    // Markov credits every channel, and many people are touched and never buy.
    const markov = markovAttribution(paths);
    for (const credit of markov.credits) expect(credit.conversions, credit.channel).toBeGreaterThan(0);
    expect(built.counts.nonConverting).toBeGreaterThan(2 * built.counts.converting);
    expect(built.untouched.conversions).toBeGreaterThan(0);
  });

  it('follows the demo’s daily conversions, peaking on the sales days', () => {
    const orders = new Map<string, number>();
    for (const order of demo.conversions) orders.set(order.date, (orders.get(order.date) ?? 0) + 1);
    const dates = [...dailyConversions.keys()];
    expect(dates).toHaveLength(549);
    const correlation = pearson(
      dates.map((date) => orders.get(date) ?? 0),
      dates.map((date) => dailyConversions.get(date)!),
    );
    expect(correlation).toBeGreaterThan(0.8);
    const median = [...orders.values()].sort((a, b) => a - b)[Math.floor(orders.size / 2)]!;
    expect(orders.get('2025-11-11')!).toBeGreaterThan(2 * median);
    expect(median).toBeGreaterThan(DEMO_JOURNEYS.ordersPerDay * 0.8);
    expect(median).toBeLessThan(DEMO_JOURNEYS.ordersPerDay * 1.2);
    // As in the facts, the biggest days bring some thirty times a middling day.
    const factsMedian = [...dailyConversions.values()].sort((a, b) => a - b)[Math.floor(dates.length / 2)]!;
    const factsPeak = dailyConversions.get('2025-11-11')! / factsMedian;
    const panelPeak = orders.get('2025-11-11')! / median;
    expect(panelPeak / factsPeak).toBeGreaterThan(0.6);
    expect(panelPeak / factsPeak).toBeLessThan(1.6);
  });

  it('credits coupon and 口令 orders to the KOLs who own the codes, and names the codes nobody owns', () => {
    expect(demo.codes).toHaveLength(
      DEMO_JOURNEYS.codeCreators.xiaohongshu + DEMO_JOURNEYS.codeCreators.douyin,
    );
    const owners = new Map(plan.creators.map((creator) => [creator.id, creator]));
    for (const code of demo.codes) expect(owners.get(code.creator)?.tier).toBe('kol');
    const coded = demo.conversions.filter((order) => order.coupon_code !== null);
    const result = couponAttribution(
      demo.codes.map((code) => ({
        code: code.code,
        creator: code.creator,
        ...(code.campaign ? { campaign: code.campaign } : {}),
      })),
      coded.map((order) => ({ code: order.coupon_code!, value: order.value })),
    );
    expect(result.creators.map((credit) => credit.creator).sort()).toEqual(
      demo.codes.map((code) => code.creator).sort(),
    );
    expect(result.unknownCodes.map((entry) => entry.code).sort()).toEqual(
      [...DEMO_JOURNEYS.unknownCodes].sort(),
    );
    expect(result.credited.orders + result.unknown.orders).toBe(coded.length);
    // About one order in eight carries a code, one in ten of those a code nobody owns.
    expect(coded.length / demo.conversions.length).toBeGreaterThan(0.08);
    expect(result.unknown.orders / coded.length).toBeGreaterThan(0.04);
    expect(result.unknown.orders / coded.length).toBeLessThan(0.2);
  });

  it('books every creator post’s fee, which with the brand’s own posts is the content cost', () => {
    const brandPosts = new Map<string, number>();
    for (const item of plan.content) {
      if (item.creator || item.publish < 0) continue;
      const key = `${plan.calendar.dates[plan.calendar.monthStarts[plan.calendar.month[item.publish]!]!]}|${
        ['kuaishou', 'douyin', 'xiaohongshu', 'wechat', 'weibo', 'meta', 'google_ads', 'tiktok'][item.channel]
      }`;
      brandPosts.set(key, (brandPosts.get(key) ?? 0) + item.fee);
    }
    const fees = new Map<string, number>();
    for (const fee of demo.fees) {
      const month = plan.calendar.month[plan.calendar.index(fee.date)]!;
      const key = `${plan.calendar.dates[plan.calendar.monthStarts[month]!]}|${fee.channel}`;
      fees.set(key, (fees.get(key) ?? 0) + fee.fee);
    }
    expect(contentCost.size).toBe(18 * 8);
    for (const [key, cost] of contentCost) {
      expect((fees.get(key) ?? 0) + (brandPosts.get(key) ?? 0), key).toBeCloseTo(cost, 2);
    }
    expect(new Set(demo.fees.map((fee) => fee.fee_source))).toEqual(
      new Set(['xingtu', 'pugongying', 'contract']),
    );
  });

  it('dates every row by its Beijing day, within the demo period', () => {
    const beijing = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
    const misdated = [...demo.touches, ...demo.conversions].filter(
      (row) => row.date !== beijing(row.at) || row.date < DEMO_PERIOD.from || row.date > DEMO_PERIOD.to,
    );
    expect(misdated).toEqual([]);
  });

  it('reads the same pattern back from the warehouse', async () => {
    const warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    try {
      const tables = new Set<string>();
      for (const { table, batch } of generateJourneyDemo(plan)) {
        tables.add(table);
        await warehouse.append(table, batch);
      }
      expect([...tables]).toEqual([...JOURNEY_DEMO_TABLES]);
      const june = await attributionPaths(warehouse, { from: '2026-06-01', to: '2026-06-30' });
      const paths = buildPathSet(june.paths);
      expect(top(firstTouchAttribution(paths).credits)).toBe('xiaohongshu');
      expect(top(lastTouchAttribution(paths).credits)).toBe('douyin');
      expect(june.counts.nonConverting).toBeGreaterThan(june.counts.converting);
      expect(june.untouched.conversions).toBeGreaterThan(0);
    } finally {
      await warehouse.close();
    }
  });
});
