import { CHANNELS, MEASURES } from '@markpi/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_TABLES, FACT_TABLES } from '../schema.js';
import type { CellValue } from '../warehouse.js';
import { DEMO_BATCH_ROWS, DEMO_TABLES, type DemoBatch, generateDemo, planDemo } from './generate.js';
import { DEMO_PERIOD, DEMO_STORY } from './story.js';

/** The performance measures the catalog stores, by unit: counts and money. */
const performanceMeasures = (unit: 'count' | 'currency') => [
  ...new Set(
    MEASURES.filter((measure) => measure.fact === 'performance' && measure.unit === unit).map(
      (measure) => measure.column,
    ),
  ),
];
const COUNT_MEASURES = performanceMeasures('count');
const MONEY_MEASURES = performanceMeasures('currency');
const USD_CHANNELS = new Set(['meta', 'google_ads', 'tiktok']);

/** FNV-1a over every value of every batch, in order. */
function hashBatches(batches: Iterable<DemoBatch>): string {
  let hash = 0x811c9dc5;
  const feed = (text: string) => {
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  };
  for (const { table, batch } of batches) {
    feed(`\u0001${table}:${batch.rowCount}`);
    for (const [name, values] of Object.entries(batch.columns)) {
      feed(`\u0002${name}`);
      for (let row = 0; row < batch.rowCount; row++) feed(`\u0003${String(values[row])}`);
    }
  }
  return (hash >>> 0).toString(16);
}

const isMoney = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

interface DayTotals {
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
}

/** Everything the tests check, gathered in one pass over the default demo. */
interface Collected {
  rowCounts: Record<string, number>;
  batchProblems: string[];
  violations: Map<string, number>;
  /** `${date}|${channel}` → totals. */
  channelDays: Map<string, DayTotals>;
  /** `${date}|${campaign}` → totals. */
  campaignDays: Map<string, DayTotals>;
  channels: Map<string, DayTotals>;
  dates: Set<string>;
  contentIds: Set<string>;
  creatorTiers: Map<string, string>;
  /** Rows of every table but fact_performance, as plain objects. */
  tables: Map<string, Record<string, CellValue>[]>;
}

function addTotals(map: Map<string, DayTotals>, key: string, row: DayTotals) {
  const totals = map.get(key) ?? { spend: 0, impressions: 0, clicks: 0, conversions: 0 };
  totals.spend += row.spend;
  totals.impressions += row.impressions;
  totals.clicks += row.clicks;
  totals.conversions += row.conversions;
  map.set(key, totals);
}

function collect(batches: Iterable<DemoBatch>): Collected {
  const result: Collected = {
    rowCounts: {},
    batchProblems: [],
    violations: new Map(),
    channelDays: new Map(),
    campaignDays: new Map(),
    channels: new Map(),
    dates: new Set(),
    contentIds: new Set(),
    creatorTiers: new Map(),
    tables: new Map(),
  };
  const schemas = new Map([...FACT_TABLES, ...ENTITY_TABLES].map((table) => [table.name, table]));
  const violation = (rule: string) => result.violations.set(rule, (result.violations.get(rule) ?? 0) + 1);
  for (const { table, batch } of batches) {
    result.rowCounts[table] = (result.rowCounts[table] ?? 0) + batch.rowCount;
    const expected = schemas.get(table)?.columns.map((column) => column.name);
    if (!expected) result.batchProblems.push(`unknown table ${table}`);
    else if (JSON.stringify(Object.keys(batch.columns)) !== JSON.stringify(expected)) {
      result.batchProblems.push(`${table}: columns ${Object.keys(batch.columns).join(',')}`);
    }
    if (batch.rowCount < 1 || batch.rowCount > DEMO_BATCH_ROWS)
      result.batchProblems.push(`${table}: ${batch.rowCount} rows`);
    for (const [name, values] of Object.entries(batch.columns)) {
      if (values.length !== batch.rowCount)
        result.batchProblems.push(`${table}.${name}: length ${values.length}`);
    }
    const column = (name: string) => batch.columns[name]!;
    if (table !== 'fact_performance') {
      const rows = result.tables.get(table) ?? [];
      for (let row = 0; row < batch.rowCount; row++) {
        const record: Record<string, CellValue> = {};
        for (const [name, values] of Object.entries(batch.columns)) record[name] = values[row]!;
        rows.push(record);
      }
      result.tables.set(table, rows);
      continue;
    }
    const numbers = (name: string) => column(name) as ArrayLike<number>;
    const texts = (name: string) => column(name) as ArrayLike<string | null>;
    const [date, channel, campaign, content, creator, tier, traffic, currency, importId, adGroup] = [
      texts('date'),
      texts('channel'),
      texts('campaign'),
      texts('content'),
      texts('creator'),
      texts('creator_tier'),
      texts('traffic_type'),
      texts('currency'),
      texts('import_id'),
      texts('ad_group'),
    ];
    const measure = Object.fromEntries(
      [...COUNT_MEASURES, ...MONEY_MEASURES].map((name) => [name, numbers(name)]),
    );
    const m = (name: string, row: number) => measure[name]![row]!;
    for (let row = 0; row < batch.rowCount; row++) {
      for (const name of COUNT_MEASURES) {
        const value = m(name, row);
        if (!Number.isInteger(value) || value < 0) violation(`${name} is a non-negative integer`);
      }
      for (const name of MONEY_MEASURES) {
        const value = m(name, row);
        if (!isMoney(value) || value < 0) violation(`${name} is money with 2 decimals`);
      }
      if (m('clicks', row) > m('impressions', row)) violation('clicks <= impressions');
      if (m('conversions', row) > m('clicks', row)) violation('conversions <= clicks');
      if (m('reach', row) > m('impressions', row)) violation('reach <= impressions');
      if (m('views_5s', row) > m('video_views', row)) violation('views_5s <= video_views');
      if (m('views_50pct', row) > m('views_5s', row)) violation('views_50pct <= views_5s');
      if (m('engaged_users', row) > m('reach', row)) violation('engaged_users <= reach');
      if (m('brand_searches', row) > m('reach', row) * 0.05 + 1)
        violation('brand_searches small part of reach');
      if (m('store_visits', row) > m('clicks', row)) violation('store_visits <= clicks');
      if (m('leads', row) > m('clicks', row)) violation('leads <= clicks');
      if (m('video_views', row) > m('impressions', row)) violation('video_views <= impressions');
      if (importId[row] !== 'demo') violation("import_id = 'demo'");
      if (currency[row] !== (USD_CHANNELS.has(channel[row]!) ? 'USD' : 'CNY'))
        violation('currency by channel');
      if (traffic[row] === 'organic' && m('spend', row) !== 0) violation('organic rows have no spend');
      if (traffic[row] === 'organic' && (content[row] === null || adGroup[row] !== null)) {
        violation('organic rows are posts');
      }
      if (traffic[row] === 'paid' && adGroup[row] === null) violation('paid rows have an ad group');
      if ((creator[row] === null) !== (tier[row] === null)) violation('creator and tier go together');
      if (content[row] !== null) result.contentIds.add(content[row]!);
      if (creator[row] !== null) {
        const known = result.creatorTiers.get(creator[row]!);
        if (known !== undefined && known !== tier[row]) violation('one tier per creator');
        result.creatorTiers.set(creator[row]!, tier[row]!);
      }
      const totals = {
        spend: m('spend', row),
        impressions: m('impressions', row),
        clicks: m('clicks', row),
        conversions: m('conversions', row),
      };
      result.dates.add(date[row]!);
      addTotals(result.channelDays, `${date[row]}|${channel[row]}`, totals);
      addTotals(result.campaignDays, `${date[row]}|${campaign[row]}`, totals);
      addTotals(result.channels, channel[row]!, totals);
    }
  }
  return result;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('demo data generator: determinism and sizes', () => {
  it('gives the same rows for the same options and different rows for another seed', () => {
    const options = { performanceRows: 50_000 };
    const first = hashBatches(generateDemo(options));
    expect(hashBatches(generateDemo(options))).toBe(first);
    expect(hashBatches(generateDemo({ ...options, seed: 7 }))).not.toBe(first);
  });

  it('hits an exact performance row count and rejects targets it cannot meet', () => {
    for (const target of [50_000, 123_457]) {
      const plan = planDemo({ performanceRows: target });
      expect(plan.rowCounts.fact_performance).toBe(target);
    }
    let rows = 0;
    for (const { table, batch } of generateDemo({ performanceRows: 40_000 })) {
      if (table === 'fact_performance') rows += batch.rowCount;
    }
    expect(rows).toBe(40_000);
    expect(() => planDemo({ performanceRows: 100 })).toThrow(RangeError);
    expect(() => planDemo({ scale: 0 })).toThrow(RangeError);
  });

  it('grows with scale by adding ad groups, ad accounts and creators', () => {
    const base = planDemo();
    const double = planDemo({ scale: 2 });
    expect(double.rowCounts.fact_performance! / base.rowCounts.fact_performance!).toBeGreaterThan(1.7);
    expect(double.rowCounts.fact_performance! / base.rowCounts.fact_performance!).toBeLessThan(2.3);
    expect(double.creators.length).toBe(400);
    expect(new Set(double.paid.map((series) => series.account)).size).toBeGreaterThan(
      new Set(base.paid.map((series) => series.account)).size,
    );
  });
});

describe('demo data generator: the default demo', () => {
  let data: Collected;
  const plan = planDemo();

  beforeAll(() => {
    data = collect(generateDemo());
  });

  const rows = (table: string) => data.tables.get(table) ?? [];
  const channelDay = (date: string, channel: string) =>
    data.channelDays.get(`${date}|${channel}`) ?? { spend: 0, impressions: 0, clicks: 0, conversions: 0 };

  it('yields every table in columnar batches matching the schema, with the planned row counts', () => {
    expect(data.batchProblems).toEqual([]);
    expect(Object.keys(data.rowCounts)).toEqual([...DEMO_TABLES]);
    expect(data.rowCounts).toEqual(plan.rowCounts);
    expect(data.rowCounts.fact_performance).toBeGreaterThan(300_000);
    expect(data.rowCounts.fact_performance).toBeLessThan(1_500_000);
  });

  it('keeps every performance row consistent', () => {
    expect(Object.fromEntries(data.violations)).toEqual({});
  });

  it('covers every day of the period on every channel', () => {
    const days = (Date.parse(DEMO_PERIOD.to) - Date.parse(DEMO_PERIOD.from)) / 86_400_000 + 1;
    expect(days).toBe(549);
    expect(data.dates.size).toBe(days);
    expect([...data.dates].sort()[0]).toBe(DEMO_PERIOD.from);
    expect([...data.dates].sort().at(-1)).toBe(DEMO_PERIOD.to);
    for (const channel of CHANNELS) {
      for (const date of [DEMO_PERIOD.from, '2025-12-31', DEMO_PERIOD.to]) {
        expect(channelDay(date, channel).impressions, `${channel} ${date}`).toBeGreaterThan(0);
      }
    }
  });

  it('describes campaigns, creators and content that the facts refer to', () => {
    const campaigns = rows('dim_campaigns');
    expect(campaigns.map((row) => row.campaign)).toEqual(DEMO_STORY.campaigns.map((entry) => entry.campaign));
    for (const id of ['618-2025', 'd11-2025', '618-2026', 'launch-serum-2026', 'wom-xhs', 'ao-dy']) {
      expect(campaigns.some((row) => row.campaign === id)).toBe(true);
    }
    const outside: string[] = [];
    for (const row of campaigns) {
      expect(row.budget as number).toBeGreaterThan(0);
      // No spend outside a campaign's dates; its posts' organic reach may tail off for a while.
      for (const [key, totals] of data.campaignDays) {
        const [date, campaign] = key.split('|') as [string, string];
        if (campaign !== row.campaign) continue;
        const start = row.start_date as string;
        const end = row.end_date as string;
        if (date < start || date > shiftDate(end, 60) || (date > end && totals.spend > 0)) outside.push(key);
      }
    }
    expect(outside).toEqual([]);
    const creators = rows('dim_creators');
    const tiers = (tier: string) => creators.filter((row) => row.tier === tier).length;
    expect(creators).toHaveLength(200);
    expect([tiers('kol'), tiers('kos'), tiers('koc')]).toEqual([15, 45, 140]);
    const creatorTier = new Map(creators.map((row) => [row.creator as string, row.tier as string]));
    for (const [creator, tier] of data.creatorTiers) expect(creatorTier.get(creator)).toBe(tier);
    const content = rows('dim_content');
    expect(content.length).toBeGreaterThan(3_000);
    const contentIds = new Set(content.map((row) => row.content as string));
    for (const id of data.contentIds) expect(contentIds.has(id), id).toBe(true);
    expect(new Set(content.map((row) => row.format))).toEqual(new Set(['video', 'image_text', 'live']));
  });

  it('registers every creator with a category, an agency or none, a content type and accounts', () => {
    const creators = rows('dim_creators');
    const accounts = rows('dim_creator_accounts');
    for (const creator of creators) {
      expect(typeof creator.category, String(creator.creator)).toBe('string');
      const own = accounts.filter((account) => account.creator === creator.creator);
      // The main account first: the registry's platform and follower count.
      expect(own[0]).toMatchObject({ channel: creator.channel, followers: creator.followers });
      for (const other of own.slice(1)) {
        expect(other.channel).not.toBe(creator.channel);
        expect(other.followers as number).toBeLessThan(creator.followers as number);
      }
      // The default tier rules read the content type: KOS sell, staff a shop or teach; no one else does.
      const selling = ['sales', 'store', 'expert'].includes(creator.content_type as string);
      expect(selling, String(creator.creator)).toBe(creator.tier === 'kos');
    }
    const withSecond = new Set(
      accounts
        .filter((account, index) => accounts[index - 1]?.creator === account.creator)
        .map((a) => a.creator),
    );
    expect(withSecond.size).toBeGreaterThan(10);
    expect(creators.filter((creator) => creator.agency !== null).length).toBeGreaterThan(20);
    const keys = accounts.map((account) => `${account.creator}|${account.channel}|${account.account}`);
    expect(new Set(keys).size).toBe(keys.length);
    const content = rows('dim_content');
    for (const post of content.slice(0, 200)) {
      expect(String(post.link)).toContain(String(post.content));
      expect(post.campaign).not.toBeNull();
    }
  });

  it('has plausibly different economics per channel, with search-heavy Google and a weak Weibo funnel', () => {
    const ctr = (channel: string) =>
      data.channels.get(channel)!.clicks / data.channels.get(channel)!.impressions;
    const cvr = (channel: string) =>
      data.channels.get(channel)!.conversions / data.channels.get(channel)!.clicks;
    const impressions = (channel: string) => data.channels.get(channel)!.impressions;
    expect(impressions('douyin')).toBe(Math.max(...CHANNELS.map(impressions)));
    expect(ctr('google_ads')).toBeGreaterThan(ctr('douyin') * 2);

    const { weakFunnel } = DEMO_STORY;
    const others = CHANNELS.filter((channel) => channel !== weakFunnel.channel);
    const lowestElsewhere = Math.min(...others.map(cvr));
    expect(cvr(weakFunnel.channel)).toBeLessThan(lowestElsewhere / 3);
    expect(cvr(weakFunnel.channel)).toBeCloseTo(weakFunnel.rate, 2);
    expect(lowestElsewhere).toBeGreaterThan(weakFunnel.lowestElsewhere * 0.8);
    // Clicking is normal on the weak channel; only converting is not.
    const ctrs = others.filter((channel) => channel !== 'google_ads' && channel !== 'xiaohongshu').map(ctr);
    expect(ctr(weakFunnel.channel)).toBeGreaterThan(Math.min(...ctrs));
  });

  it('peaks on sales days and on launch day', () => {
    const spendOn = (date: string, channels: readonly string[]) =>
      channels.reduce((sum, channel) => sum + channelDay(date, channel).spend, 0);
    const china = ['kuaishou', 'douyin', 'xiaohongshu', 'wechat', 'weibo'];
    const quiet = spendOn('2025-09-10', china);
    expect(spendOn('2025-11-11', china)).toBeGreaterThan(quiet * 2.5);
    expect(spendOn('2026-06-18', china)).toBeGreaterThan(quiet * 2);
    expect(spendOn('2025-11-28', ['meta', 'google_ads', 'tiktok'])).toBeGreaterThan(
      spendOn('2025-11-05', ['meta', 'google_ads', 'tiktok']) * 1.5,
    );
    const conversionsOn = (date: string) =>
      china.reduce((sum, channel) => sum + channelDay(date, channel).conversions, 0);
    expect(conversionsOn('2025-11-11')).toBeGreaterThan(conversionsOn('2025-09-10') * 3);
    const launch = DEMO_STORY.campaigns.find((entry) => entry.goal === 'launch')!;
    const launchSpend = [...data.campaignDays.entries()].filter(([key]) =>
      key.endsWith(`|${launch.campaign}`),
    );
    const top = launchSpend.sort((a, b) => b[1].spend - a[1].spend)[0]![0];
    expect(top).toBe(`${launch.peaks[0]}|${launch.campaign}`);
  });

  it('contains every injected anomaly where the story says', () => {
    for (const anomaly of DEMO_STORY.anomalies) {
      const days: string[] = [];
      for (let date = anomaly.from; date <= anomaly.to; date = shiftDate(date, 1)) days.push(date);
      const before = Array.from({ length: 14 }, (_, index) => shiftDate(anomaly.from, -14 + index));
      const key = (date: string) =>
        anomaly.campaign ? `${date}|${anomaly.campaign}` : `${date}|${anomaly.channel}`;
      const totals = (date: string) =>
        (anomaly.campaign ? data.campaignDays : data.channelDays).get(key(date)) ?? {
          spend: 0,
          impressions: 0,
          clicks: 0,
          conversions: 0,
        };
      switch (anomaly.kind) {
        case 'spend_spike': {
          const normal = median(before.map((date) => totals(date).spend));
          expect(totals(anomaly.from).spend).toBeGreaterThan(normal * 4);
          const normalImpressions = median(before.map((date) => totals(date).impressions));
          expect(totals(anomaly.from).impressions).toBeLessThan(normalImpressions * 2);
          expect(totals(shiftDate(anomaly.to, 1)).spend).toBeLessThan(normal * 2);
          break;
        }
        case 'tracking_outage': {
          for (const date of days) {
            expect(totals(date).conversions, date).toBe(0);
            expect(totals(date).clicks, date).toBeGreaterThan(0);
          }
          expect(totals(shiftDate(anomaly.from, -1)).conversions).toBeGreaterThan(0);
          expect(totals(shiftDate(anomaly.to, 1)).conversions).toBeGreaterThan(0);
          // Real orders kept coming in.
          const customers = rows('fact_customers').filter(
            (row) => row.channel === anomaly.channel && days.includes(row.date as string),
          );
          expect(customers.reduce((sum, row) => sum + (row.orders as number), 0)).toBeGreaterThan(0);
          break;
        }
        case 'ctr_collapse': {
          const ctr = (date: string) => totals(date).clicks / totals(date).impressions;
          const normal = median(before.map(ctr));
          for (const date of days) expect(ctr(date), date).toBeLessThan(normal * 0.4);
          expect(ctr(shiftDate(anomaly.to, 1))).toBeGreaterThan(normal * 0.7);
          break;
        }
      }
    }
  });

  it('derives followers, customers and audience assets consistently', () => {
    const followers = rows('fact_followers');
    const byAccount = groupBy(followers, (row) => row.account as string);
    expect(byAccount.size).toBe(8);
    for (const [account, series] of byAccount) {
      expect(series).toHaveLength(549);
      expect(series.at(-1)!.followers as number, account).toBeGreaterThan(series[0]!.followers as number);
    }

    const customers = rows('fact_customers');
    const cells = groupBy(customers, (row) => `${row.channel}|${row.region}`);
    for (const series of cells.values()) {
      for (let index = 1; index < series.length; index++) {
        const today = series[index]!;
        const growth = (today.customers as number) - (series[index - 1]!.customers as number);
        expect(growth).toBeLessThanOrEqual(today.new_customers as number);
        expect(today.new_customers as number).toBeLessThanOrEqual(today.orders as number);
        expect(today.leads_converted as number).toBeLessThanOrEqual(today.new_customers as number);
        expect(isMoney(today.revenue as number)).toBe(true);
      }
    }

    const stages = rows('fact_audience_stages');
    for (const row of stages) {
      expect(row.users as number).toBeGreaterThanOrEqual(0);
      if (row.stage !== 'a1' && row.stage !== 'a2') expect(row.moved_to_a3).toBe(0);
    }
    expect(stages.filter((row) => row.stage === 'a1').some((row) => (row.moved_to_a3 as number) > 0)).toBe(
      true,
    );
  });

  it('has monthly costs and audience sizes dated the 1st', () => {
    const costs = rows('fact_costs');
    expect(costs).toHaveLength(18 * 8 * 6);
    expect(new Set(costs.map((row) => row.cost_type))).toEqual(
      new Set(['seo', 'content', 'agency', 'staff', 'promotion', 'other']),
    );
    for (const row of [...costs, ...rows('fact_audience_sizes')])
      expect((row.date as string).endsWith('-01')).toBe(true);
    for (const row of costs) expect(isMoney(row.amount as number) && (row.amount as number) >= 0).toBe(true);
    expect(rows('fact_audience_sizes')).toHaveLength(18 * 8 * 5);
  });

  it('snapshots search results as 20 ranked rows per keyword and day', () => {
    const results = rows('fact_search_results');
    const pages = groupBy(results, (row) => `${row.date}|${row.channel}|${row.keyword}`);
    const problems: string[] = [];
    for (const [key, page] of pages) {
      if (page.length !== 20) problems.push(`${key}: ${page.length} rows`);
      page.forEach((row, rank) => {
        const own = row.brand === 'lumi';
        if (row.top10_results !== (rank < 10 ? 1 : 0)) problems.push(`${key} #${rank + 1}: top10_results`);
        if (row.own_results !== (own ? 1 : 0)) problems.push(`${key} #${rank + 1}: own_results`);
        if ((row.content !== null) !== own) problems.push(`${key} #${rank + 1}: content`);
        if ((!own || rank >= 10) && row.own_positive_top10 !== 0)
          problems.push(`${key} #${rank + 1}: positive`);
      });
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(results.some((row) => row.own_positive_top10 === 1)).toBe(true);
    const brandPage = pages.get(`${DEMO_PERIOD.from}|xiaohongshu|露米`)!;
    expect(brandPage.filter((row) => row.own_results === 1).length).toBeGreaterThan(3);
    const own = (date: string, keyword: string) =>
      pages.get(`${date}|xiaohongshu|${keyword}`)!.filter((row) => row.own_results === 1).length;
    // The serum's keyword only has own notes once the launch seeding started.
    expect(own('2025-12-01', 'A醇精华')).toBe(0);
    expect(own('2026-06-01', 'A醇精华')).toBeGreaterThan(0);
  });
});
