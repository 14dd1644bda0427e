/**
 * The demo's incrementality story, each part with a known answer so every lift method can be
 * checked against the truth. It lives on Douyin, the demo's largest channel, where its rows
 * are a small part of the channel's volume:
 *
 * - Brand search on Douyin: an always-on search-ad campaign on the brand keyword, whose
 *   daily impressions follow how often people search for the brand. Its baseline is a level
 *   with a gentle linear growth, a weekday pattern, the sales calendar's events (618 and Double
 *   11 presale, first wave and peak, Double 12, each adding a fixed volume) and AR(1) noise —
 *   the shape a pre/post baseline assumes.
 * - A KOX campaign (KOC and KOS videos boosted on Douyin for three weeks) that lifts brand
 *   search: the brand-keyword impressions of those days rise by 30% of their baseline (ramping
 *   up over the first four days). The added impressions are counted as they are generated.
 * - A regional test: Douyin local-push ads by city (本地推), run in sixteen cities; from the
 *   test's first day the budget doubles in four of them and their conversions rise by 15%. The cities share
 *   common factors (a seasonal wave, the National Day holiday, the weekday pattern) with their
 *   own loadings, so a synthetic control of the other twelve can follow each treated city.
 *
 * Every row carries the demo's import id and keeps the demo's row rules (counts whole and not
 * negative, money to the cent, clicks within impressions, conversions within clicks, …).
 */
import { CHANNELS, type Channel } from '@markpi/core';
import type { DemoPlan } from './plan.js';
import { hashSeed, money, Random } from './random.js';
import { DEMO_IMPORT_ID, DEMO_PERIOD } from './story.js';
import { type DemoBatch, TableWriter } from './writer.js';

const channelIndex = (channel: Channel) => CHANNELS.indexOf(channel);

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function spanDays(from: string, to: string): number {
  return dayOf(to) - dayOf(from) + 1;
}

function daysFrom(from: string, to: string): string[] {
  const first = dayOf(from);
  return Array.from({ length: spanDays(from, to) }, (_, index) => isoOf(first + index));
}

/** The brand-keyword search campaign whose impressions stand for brand search volume. */
export const DEMO_BRAND_SEARCH = {
  campaign: 'brand-search-dy',
  channel: 'douyin',
  adGroup: 'brand-keyword',
  from: DEMO_PERIOD.from,
  to: DEMO_PERIOD.to,
  /** Searches on an ordinary day at the start, before growth and weekday. */
  level: 3000,
  /** Growth of the level over a year, as a share of the starting level. */
  yearlyGrowth: 0.08,
  /** Added to the level, as a share of the starting level, Monday … Sunday. */
  weekday: [-0.04, -0.03, -0.02, -0.01, 0.02, 0.05, 0.03],
  /** Extra volume per event day, as a share of the starting level (events of the sales calendar). */
  events: {
    '618 presale': 0.25,
    '618 first wave': 0.45,
    '618': 1.1,
    'Double 11 presale': 0.3,
    'Double 11 first wave': 0.6,
    'Double 11': 1.4,
    'Double 12': 0.4,
  } as Readonly<Record<string, number>>,
  /** Day-to-day carry-over of the noise, and its standard deviation as a share of the level. */
  noiseRho: 0.3,
  noiseSd: 0.04,
} as const;

/** The KOX campaign that lifts brand search. */
export const DEMO_KOX = {
  campaign: 'kox-dy-2026',
  name: 'KOX seeding · 抖音 KOC/KOS 种草',
  channel: 'douyin',
  adGroup: 'kox-boost',
  from: '2026-09-01',
  to: '2026-09-21',
  /** Creators (KOC and KOS on Douyin) whose videos were boosted. */
  creators: 10,
  /** Rise of brand search at full strength, against the day's baseline. */
  searchLift: 0.3,
  /** Days to reach full strength. */
  rampDays: 4,
} as const;

/** The regional (geo) test. */
export const DEMO_GEO_TEST = {
  campaign: 'geo-dy-2026',
  name: 'Douyin local push city test · 抖音本地推同城加投测试',
  channel: 'douyin',
  /** Days with city rows. */
  from: '2026-05-11',
  to: DEMO_PERIOD.to,
  test: { from: '2026-09-07', to: '2026-10-04' },
  cities: [
    'shanghai',
    'beijing',
    'guangzhou',
    'shenzhen',
    'hangzhou',
    'chengdu',
    'wuhan',
    'nanjing',
    'chongqing',
    'xian',
    'suzhou',
    'tianjin',
    'changsha',
    'zhengzhou',
    'qingdao',
    'hefei',
  ],
  treated: ['chengdu', 'wuhan', 'changsha', 'hefei'],
  /** Rise of the treated cities' conversions during the test. */
  lift: 0.15,
  /** Budget multiplier of the treated cities during the test. */
  budget: 2,
} as const;

/**
 * Whether a demo carries the lift story: at full size (scale 1 or more). Smaller demos, made for
 * tests and quick looks, keep only the main story — rows of a fixed size would be a large part
 * of their channels there, and their row counts would leave less room for the rest.
 */
export function carriesLiftStory(plan: Pick<DemoPlan, 'scale'>): boolean {
  return plan.scale >= 1;
}

/** Rows the lift story adds to fact_performance: fixed, whatever the seed. */
export const LIFT_DEMO_ROWS =
  spanDays(DEMO_BRAND_SEARCH.from, DEMO_BRAND_SEARCH.to) +
  DEMO_KOX.creators * spanDays(DEMO_KOX.from, DEMO_KOX.to) +
  DEMO_GEO_TEST.cities.length * spanDays(DEMO_GEO_TEST.from, DEMO_GEO_TEST.to);

/** Rows the lift story adds to a demo's fact_performance (none below full size). */
export function liftDemoRowCount(plan: Pick<DemoPlan, 'scale'>): number {
  return carriesLiftStory(plan) ? LIFT_DEMO_ROWS : 0;
}

/** What the methods should find, counted while the data was generated. */
export interface DemoLiftTruth {
  /** Brand-keyword impressions the KOX campaign added over its window. */
  koxIncrementalImpressions: number;
  /** Conversions the doubled budget added in the treated cities over the test. */
  geoIncrementalConversions: number;
  /** The treated cities' conversions over the test had nothing changed. */
  geoCounterfactualConversions: number;
}

interface Series {
  dates: string[];
  /** Brand-keyword searches (impressions) per day, with the KOX lift. */
  searches: number[];
  koxAdded: number;
  /** Per city: conversions per day with the lift, and without. */
  cities: { city: string; level: number; conversions: number[]; base: number[]; spend: number[] }[];
  geoAdded: number;
  geoBase: number;
}

/** The sales calendar's events by day: `618 presale` etc., as the built-in calendar dates them. */
function eventsOn(date: string): string[] {
  const month = date.slice(5);
  const events: string[] = [];
  if (month >= '05-20' && month <= '06-17') events.push('618 presale');
  if (month === '05-31') events.push('618 first wave');
  if (month === '06-18') events.push('618');
  if (month >= '10-20' && month <= '11-10') events.push('Double 11 presale');
  if (month === '10-31') events.push('Double 11 first wave');
  if (month === '11-11') events.push('Double 11');
  if (month === '12-12') events.push('Double 12');
  return events;
}

/** Monday = 0 … Sunday = 6. */
function weekdayOf(date: string): number {
  return (((dayOf(date) + 3) % 7) + 7) % 7;
}

function generateSeries(seed: number): Series {
  const random = Random.derive(seed, 'brand-search');
  const brand = DEMO_BRAND_SEARCH;
  const dates = daysFrom(brand.from, brand.to);
  const koxFrom = dayOf(DEMO_KOX.from);
  const koxTo = dayOf(DEMO_KOX.to);
  let noise = 0;
  let koxAdded = 0;
  const innovationSd = brand.noiseSd * Math.sqrt(1 - brand.noiseRho ** 2);
  const searches = dates.map((date, index) => {
    const years = index / 365;
    let share = 1 + brand.yearlyGrowth * years + brand.weekday[weekdayOf(date)]!;
    for (const event of eventsOn(date)) share += brand.events[event] ?? 0;
    noise = brand.noiseRho * noise + innovationSd * random.normal();
    const base = Math.max(0, Math.round(brand.level * (share + noise)));
    const day = dayOf(date);
    if (day < koxFrom || day > koxTo) return base;
    const strength = Math.min(1, (day - koxFrom + 1) / DEMO_KOX.rampDays);
    const added = Math.round(base * DEMO_KOX.searchLift * strength);
    koxAdded += added;
    return base + added;
  });

  // Cities: y = level · (1 + a·wave + b·holiday + weekday) · noise, the wave a slow seasonal
  // cycle and the holiday National Day (October 1–7), both shared, each city with its loadings.
  const geo = DEMO_GEO_TEST;
  const cityDates = daysFrom(geo.from, geo.to);
  const testFrom = geo.test.from;
  const testTo = geo.test.to;
  const weekday = [0.02, 0, -0.01, 0, 0.03, -0.03, -0.01];
  let geoAdded = 0;
  let geoBase = 0;
  const cities = geo.cities.map((city) => {
    const cityRandom = Random.derive(seed, 'lift-demo-city', city);
    const level = Math.round(10 * Math.exp(cityRandom.between(0, Math.log(8))));
    const waveLoading = cityRandom.between(0.1, 0.45);
    const holidayLoading = cityRandom.between(0.1, 0.5);
    const phase = cityRandom.between(-0.4, 0.4);
    const treated = (geo.treated as readonly string[]).includes(city);
    const conversions: number[] = [];
    const base: number[] = [];
    const spend: number[] = [];
    cityDates.forEach((date, index) => {
      const wave = Math.sin((2 * Math.PI * index) / 180 + phase);
      const holiday = date >= '2026-10-01' && date <= '2026-10-07' ? 1 : 0;
      const expected =
        level * (1 + waveLoading * wave + holidayLoading * holiday + weekday[weekdayOf(date)]!);
      const value = Math.max(0, cityRandom.round(expected * cityRandom.lognormal(0.06)));
      const inTest = treated && date >= testFrom && date <= testTo;
      const lifted = inTest ? Math.round(value * (1 + geo.lift)) : value;
      if (inTest) {
        geoAdded += lifted - value;
        geoBase += value;
      }
      base.push(value);
      conversions.push(lifted);
      const budget = level * 48 * (1 + 0.5 * waveLoading * wave) * (inTest ? geo.budget : 1);
      spend.push(money(budget * cityRandom.lognormal(0.05)));
    });
    return { city, level, conversions, base, spend };
  });
  return { dates, searches, koxAdded, cities, geoAdded, geoBase };
}

/** The answers each method should recover on the demo made with `seed`. */
export function demoLiftTruth(seed: number): DemoLiftTruth {
  const series = generateSeries(seed >>> 0);
  return {
    koxIncrementalImpressions: series.koxAdded,
    geoIncrementalConversions: series.geoAdded,
    geoCounterfactualConversions: series.geoBase,
  };
}

type Cells = Record<string, string | number | null>;

/** Every performance measure at zero, so rows state each one (the table's columns are all numbers). */
function zeroMeasures(writer: TableWriter): Cells {
  const dimensions = new Set([
    'date',
    'channel',
    'account',
    'campaign',
    'campaign_goal',
    'ad_group',
    'content',
    'content_format',
    'creator',
    'creator_tier',
    'region',
    'audience',
    'traffic_type',
    'currency',
    'import_id',
  ]);
  return Object.fromEntries(
    writer.columnNames.filter((name) => !dimensions.has(name)).map((name) => [name, 0]),
  );
}

/** The lift story's rows for a demo that carries it (`carriesLiftStory`), else none. */
export function* liftDemoFor(plan: DemoPlan): Generator<DemoBatch> {
  if (carriesLiftStory(plan)) yield* generateLiftDemo(plan);
}

/** The lift story's performance rows, in batches, whatever the demo's size. */
export function* generateLiftDemo(plan: DemoPlan): Generator<DemoBatch> {
  const series = generateSeries(plan.seed);
  const writer = new TableWriter('fact_performance', LIFT_DEMO_ROWS);
  const zero = zeroMeasures(writer);
  const random = new Random(hashSeed(plan.seed, 'lift-demo-rows'));
  const channel = 'douyin';
  const account = plan.accounts.find((entry) => entry.channel === channelIndex(channel))?.id ?? null;
  const flush = function* () {
    if (writer.full) yield writer.take()!;
  };

  // Brand-keyword search ads: an impression per search, paid per click.
  for (const [index, date] of series.dates.entries()) {
    const impressions = series.searches[index]!;
    const clicks = random.round(impressions * 0.12 * random.lognormal(0.05));
    const conversions = Math.min(clicks, random.round(clicks * 0.04 * random.lognormal(0.1)));
    writer.add({
      ...zero,
      date,
      channel,
      account,
      campaign: DEMO_BRAND_SEARCH.campaign,
      campaign_goal: 'always_on',
      ad_group: DEMO_BRAND_SEARCH.adGroup,
      traffic_type: 'paid',
      currency: 'CNY',
      impressions,
      reach: Math.round(impressions * 0.85),
      clicks,
      spend: money(clicks * 1.8 * random.lognormal(0.03)),
      conversions,
      conversion_value: conversions > 0 ? money(conversions * 159 * random.lognormal(0.05)) : 0,
      store_visits: Math.round(clicks * 0.7),
      import_id: DEMO_IMPORT_ID,
    });
    yield* flush();
  }

  // KOX videos: boosted videos of KOC and KOS creators, whose viewers search the brand about
  // twice as often as Douyin's usual viewers.
  const creators = plan.creators
    .filter(
      (creator) =>
        creator.channel === channelIndex(channel) && (creator.tier === 'koc' || creator.tier === 'kos'),
    )
    .slice(0, DEMO_KOX.creators);
  for (const date of daysFrom(DEMO_KOX.from, DEMO_KOX.to)) {
    for (let position = 0; position < DEMO_KOX.creators; position++) {
      const creator = creators[position % Math.max(1, creators.length)];
      const impressions = random.round(18_000 * random.lognormal(0.25));
      const reach = Math.round(impressions * 0.8);
      const clicks = random.round(impressions * 0.02 * random.lognormal(0.1));
      const conversions = Math.min(clicks, random.round(clicks * 0.028 * random.lognormal(0.2)));
      const engagement = impressions * 0.03;
      const views = Math.round(impressions * 0.6);
      const views5s = Math.round(views * 0.5);
      writer.add({
        ...zero,
        date,
        channel,
        account,
        campaign: DEMO_KOX.campaign,
        campaign_goal: 'word_of_mouth',
        ad_group: DEMO_KOX.adGroup,
        content_format: 'video',
        creator: creator?.id ?? null,
        creator_tier: creator?.tier ?? null,
        traffic_type: 'paid',
        currency: 'CNY',
        impressions,
        reach,
        clicks,
        spend: money((impressions / 1000) * 40 * random.lognormal(0.05)),
        conversions,
        conversion_value: conversions > 0 ? money(conversions * 159 * random.lognormal(0.05)) : 0,
        store_visits: Math.round(clicks * 0.7),
        likes: Math.round(engagement * 0.6),
        comments: Math.round(engagement * 0.1),
        shares: Math.round(engagement * 0.1),
        saves: Math.round(engagement * 0.2),
        video_views: views,
        views_5s: views5s,
        views_50pct: Math.round(views5s * 0.4),
        brand_searches: Math.round(reach * 0.016 * random.lognormal(0.1)),
        engaged_users: Math.min(reach, Math.round(engagement * 0.7 + clicks * 0.05)),
        import_id: DEMO_IMPORT_ID,
      });
      yield* flush();
    }
  }

  // The city test: conversions per city and day, the funnel above them from local-push rates.
  const cityDates = daysFrom(DEMO_GEO_TEST.from, DEMO_GEO_TEST.to);
  for (const [index, date] of cityDates.entries()) {
    for (const city of series.cities) {
      const conversions = city.conversions[index]!;
      const clicks = Math.max(conversions, random.round((conversions / 0.028) * random.lognormal(0.05)));
      const impressions = Math.max(clicks, random.round((clicks / 0.018) * random.lognormal(0.05)));
      const reach = Math.round(impressions * 0.82);
      writer.add({
        ...zero,
        date,
        channel,
        account,
        campaign: DEMO_GEO_TEST.campaign,
        campaign_goal: 'always_on',
        ad_group: `city-${city.city}`,
        region: city.city,
        traffic_type: 'paid',
        currency: 'CNY',
        impressions,
        reach,
        clicks,
        spend: city.spend[index]!,
        conversions,
        conversion_value: conversions > 0 ? money(conversions * 159 * random.lognormal(0.05)) : 0,
        store_visits: Math.round(clicks * 0.6),
        likes: Math.round(impressions * 0.002),
        comments: Math.round(impressions * 0.0004),
        engaged_users: Math.min(reach, Math.round(impressions * 0.0017 + clicks * 0.05)),
        brand_searches: Math.round(reach * 0.001),
        import_id: DEMO_IMPORT_ID,
      });
      yield* flush();
    }
  }
  const last = writer.take();
  if (last) yield last;
}
