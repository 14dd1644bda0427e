/**
 * fact_performance, day by day: every active paid series and every live post writes its rows
 * for the day. Alongside, it totals what the other facts are derived from (true conversions
 * per channel and region, follows per account, spend per month), so followers, customers and
 * audience assets agree with the performance rows.
 */
import { CHANNELS } from '@markpi/core';
import type { CellValue } from '../warehouse.js';
import type { ContentItem, DemoPlan, PaidSeries, RowSource } from './plan.js';
import { CHANNEL_COUNT } from './plan.js';
import { type ChannelProfile, PROFILES, REGIONS } from './profiles.js';
import { money, noiseTable, Random } from './random.js';
import { DEMO_IMPORT_ID, DEMO_STORY } from './story.js';
import { type DemoBatch, TableWriter } from './writer.js';

export const REGION_COUNT = REGIONS.length;

/** Totals gathered while writing performance rows, for the facts derived from them. */
export class PerformanceTotals {
  /** Per day × channel × region (true values: tracking outages do not remove real orders). */
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly leads: Float64Array;
  /** Per day × channel. */
  readonly reach: Float64Array;
  readonly engaged: Float64Array;
  readonly clicks: Float64Array;
  readonly saves: Float64Array;
  readonly shares: Float64Array;
  readonly brandSearches: Float64Array;
  readonly channelConversions: Float64Array;
  /** Per day × account. */
  readonly follows: Float64Array;
  /** Per month × channel. */
  readonly spend: Float64Array;
  readonly monthValue: Float64Array;

  constructor(days: number, months: number, accounts: number) {
    const cells = days * CHANNEL_COUNT * REGION_COUNT;
    this.conversions = new Float64Array(cells);
    this.value = new Float64Array(cells);
    this.leads = new Float64Array(cells);
    const channelDays = days * CHANNEL_COUNT;
    this.reach = new Float64Array(channelDays);
    this.engaged = new Float64Array(channelDays);
    this.clicks = new Float64Array(channelDays);
    this.saves = new Float64Array(channelDays);
    this.shares = new Float64Array(channelDays);
    this.brandSearches = new Float64Array(channelDays);
    this.channelConversions = new Float64Array(channelDays);
    this.follows = new Float64Array(days * accounts);
    this.spend = new Float64Array(months * CHANNEL_COUNT);
    this.monthValue = new Float64Array(months * CHANNEL_COUNT);
  }
}

const NOISE_SPEND = noiseTable(0.15);
const NOISE_CPM = noiseTable(0.08);
const NOISE_IMPRESSIONS = noiseTable(0.2);
const NOISE_RATE = noiseTable(0.12);
const NOISE_CONVERSION = noiseTable(0.2);
const NOISE_SMALL = noiseTable(0.05);
const NOISE_ENGAGEMENT = noiseTable(0.3);

const PROFILE_LIST: readonly ChannelProfile[] = CHANNELS.map((channel) => PROFILES[channel]);

interface Window {
  channel: number;
  from: number;
  to: number;
}

export function* generatePerformance(plan: DemoPlan, totals: PerformanceTotals): Generator<DemoBatch> {
  const { calendar } = plan;
  const random = Random.derive(plan.seed, 'performance');
  const writer = new TableWriter('fact_performance', plan.rowCounts.fact_performance);
  const spikeAnomaly = DEMO_STORY.anomalies.find((anomaly) => anomaly.kind === 'spend_spike');
  const spikeDay = spikeAnomaly ? calendar.index(spikeAnomaly.from) : -1;
  const spikeFactor = spikeAnomaly?.factor ?? 1;
  const outages: Window[] = DEMO_STORY.anomalies
    .filter((anomaly) => anomaly.kind === 'tracking_outage')
    .map((anomaly) => ({
      channel: CHANNELS.indexOf(anomaly.channel),
      from: calendar.index(anomaly.from),
      to: calendar.index(anomaly.to),
    }));
  const accountCount = plan.accounts.length;
  const followable = plan.accounts.map((account) => account.followers > 0);

  // Column arrays of the current batch, re-bound after every take().
  let date!: CellValue[];
  let channelColumn!: CellValue[];
  let account!: CellValue[];
  let campaign!: CellValue[];
  let goal!: CellValue[];
  let adGroup!: CellValue[];
  let content!: CellValue[];
  let format!: CellValue[];
  let creator!: CellValue[];
  let tier!: CellValue[];
  let region!: CellValue[];
  let audience!: CellValue[];
  let traffic!: CellValue[];
  let currency!: CellValue[];
  let impressionsColumn!: CellValue[];
  let reachColumn!: CellValue[];
  let clicksColumn!: CellValue[];
  let spendColumn!: CellValue[];
  let conversionsColumn!: CellValue[];
  let valueColumn!: CellValue[];
  let leadsColumn!: CellValue[];
  let visitsColumn!: CellValue[];
  let likesColumn!: CellValue[];
  let commentsColumn!: CellValue[];
  let sharesColumn!: CellValue[];
  let savesColumn!: CellValue[];
  let followsColumn!: CellValue[];
  let viewsColumn!: CellValue[];
  let views5sColumn!: CellValue[];
  let views50Column!: CellValue[];
  let brandSearchesColumn!: CellValue[];
  let engagedColumn!: CellValue[];
  let importColumn!: CellValue[];
  const bind = () => {
    date = writer.column('date');
    channelColumn = writer.column('channel');
    account = writer.column('account');
    campaign = writer.column('campaign');
    goal = writer.column('campaign_goal');
    adGroup = writer.column('ad_group');
    content = writer.column('content');
    format = writer.column('content_format');
    creator = writer.column('creator');
    tier = writer.column('creator_tier');
    region = writer.column('region');
    audience = writer.column('audience');
    traffic = writer.column('traffic_type');
    currency = writer.column('currency');
    impressionsColumn = writer.column('impressions');
    reachColumn = writer.column('reach');
    clicksColumn = writer.column('clicks');
    spendColumn = writer.column('spend');
    conversionsColumn = writer.column('conversions');
    valueColumn = writer.column('conversion_value');
    leadsColumn = writer.column('leads');
    visitsColumn = writer.column('store_visits');
    likesColumn = writer.column('likes');
    commentsColumn = writer.column('comments');
    sharesColumn = writer.column('shares');
    savesColumn = writer.column('saves');
    followsColumn = writer.column('follows');
    viewsColumn = writer.column('video_views');
    views5sColumn = writer.column('views_5s');
    views50Column = writer.column('views_50pct');
    brandSearchesColumn = writer.column('brand_searches');
    engagedColumn = writer.column('engaged_users');
    importColumn = writer.column('import_id');
  };
  bind();

  /** Writes one row: dimensions from `source`, measures derived from impressions (and spend). */
  const write = (
    day: number,
    dateText: string,
    source: RowSource,
    regionIndex: number,
    impressions: number,
    spend: number,
    group: string | null,
    audienceName: string | null,
    paid: boolean,
  ) => {
    const channel = source.channel;
    const profile = PROFILE_LIST[channel]!;
    const days = plan.days[channel]!;
    const channelDay = day * CHANNEL_COUNT + channel;
    const cell = channelDay * REGION_COUNT + regionIndex;

    const reach = Math.min(
      impressions,
      random.round(impressions * profile.reach * random.noise(NOISE_SMALL)),
    );
    const ctr = profile.ctr * source.ctr * days.ctr[day]!;
    const clicks = Math.min(impressions, random.round(impressions * ctr * random.noise(NOISE_RATE)));
    const visits = Math.min(clicks, random.round(clicks * profile.visit * random.noise(NOISE_SMALL)));
    const cvr = Math.min(0.4, profile.cvr * source.cvr * days.cvr[day]!);
    let conversions = Math.min(clicks, random.round(clicks * cvr * random.noise(NOISE_CONVERSION)));
    let value =
      conversions > 0 ? money(conversions * profile.aov * source.aov * random.noise(NOISE_RATE)) : 0;
    const leads = Math.min(clicks, random.round(clicks * profile.lead * random.noise(NOISE_RATE)));
    const engagement = impressions * source.engagement * random.noise(NOISE_ENGAGEMENT);
    const likes = random.round(engagement * profile.like);
    const comments = random.round(engagement * profile.comment);
    const shares = random.round(engagement * profile.share);
    const saves = random.round(engagement * profile.save);
    const follows = followable[source.accountIndex]
      ? random.round(engagement * profile.follow * (paid ? 1 : 0.6))
      : 0;
    const rowFormat = source.format;
    let views = 0;
    let views5s = 0;
    let views50 = 0;
    if (rowFormat === 'video' || rowFormat === 'live') {
      views = Math.min(impressions, random.round(impressions * profile.view * random.noise(NOISE_SMALL)));
      views5s = Math.min(views, random.round(views * profile.view5s * random.noise(NOISE_SMALL)));
      views50 = Math.min(views5s, random.round(views5s * profile.view50 * random.noise(NOISE_SMALL)));
    } else if (rowFormat === 'image_text') {
      // A note read is a click into the note.
      views = clicks;
    }
    const brandSearches = Math.min(
      reach,
      random.round(reach * profile.brandSearch * source.search * random.noise(NOISE_RATE)),
    );
    const engaged = Math.min(reach, random.round((likes + comments + shares + saves) * 0.7 + clicks * 0.05));

    totals.conversions[cell] = totals.conversions[cell]! + conversions;
    totals.value[cell] = totals.value[cell]! + value;
    totals.leads[cell] = totals.leads[cell]! + leads;
    totals.reach[channelDay] = totals.reach[channelDay]! + reach;
    totals.engaged[channelDay] = totals.engaged[channelDay]! + engaged;
    totals.clicks[channelDay] = totals.clicks[channelDay]! + clicks;
    totals.saves[channelDay] = totals.saves[channelDay]! + saves;
    totals.shares[channelDay] = totals.shares[channelDay]! + shares;
    totals.brandSearches[channelDay] = totals.brandSearches[channelDay]! + brandSearches;
    totals.channelConversions[channelDay] = totals.channelConversions[channelDay]! + conversions;
    const followCell = day * accountCount + source.accountIndex;
    totals.follows[followCell] = totals.follows[followCell]! + follows;
    const monthCell = calendar.month[day]! * CHANNEL_COUNT + channel;
    totals.spend[monthCell] = totals.spend[monthCell]! + spend;
    totals.monthValue[monthCell] = totals.monthValue[monthCell]! + value;

    for (const outage of outages) {
      if (outage.channel === channel && day >= outage.from && day <= outage.to) {
        conversions = 0;
        value = 0;
      }
    }

    const row = writer.rowCount;
    date[row] = dateText;
    channelColumn[row] = profile.channel;
    account[row] = source.account;
    campaign[row] = source.campaign;
    goal[row] = source.goal;
    adGroup[row] = group;
    content[row] = source.content;
    format[row] = rowFormat;
    creator[row] = source.creator;
    tier[row] = source.tier;
    region[row] = REGIONS[regionIndex]!;
    audience[row] = audienceName;
    traffic[row] = paid ? 'paid' : 'organic';
    currency[row] = profile.currency;
    impressionsColumn[row] = impressions;
    reachColumn[row] = reach;
    clicksColumn[row] = clicks;
    spendColumn[row] = spend;
    conversionsColumn[row] = conversions;
    valueColumn[row] = value;
    leadsColumn[row] = leads;
    visitsColumn[row] = visits;
    likesColumn[row] = likes;
    commentsColumn[row] = comments;
    sharesColumn[row] = shares;
    savesColumn[row] = saves;
    followsColumn[row] = follows;
    viewsColumn[row] = views;
    views5sColumn[row] = views5s;
    views50Column[row] = views50;
    brandSearchesColumn[row] = brandSearches;
    engagedColumn[row] = engaged;
    importColumn[row] = DEMO_IMPORT_ID;
    writer.commit();
  };

  const paidSeries = plan.paid;
  const posts = plan.content;
  let nextPaid = 0;
  let nextPost = 0;
  let activePaid: PaidSeries[] = [];
  let activePosts: ContentItem[] = [];

  for (let day = 0; day < calendar.length; day++) {
    const dateText = calendar.dates[day]!;
    while (nextPaid < paidSeries.length && paidSeries[nextPaid]!.start <= day) {
      const series = paidSeries[nextPaid++]!;
      if (series.end >= day) activePaid.push(series);
    }
    if (activePaid.some((series) => series.end < day))
      activePaid = activePaid.filter((series) => series.end >= day);
    while (nextPost < posts.length && posts[nextPost]!.publish <= day) activePosts.push(posts[nextPost++]!);
    if (activePosts.some((post) => post.publish + post.lifetime <= day)) {
      activePosts = activePosts.filter((post) => post.publish + post.lifetime > day);
    }

    for (const series of activePaid) {
      const profile = PROFILE_LIST[series.channel]!;
      const days = plan.days[series.channel]!;
      const spike = series.spike && day === spikeDay ? spikeFactor : 1;
      const planned = series.base * series.curve[day]! * random.noise(NOISE_SPEND) * spike;
      const cpm = profile.cpm * days.cpm[day]! * random.noise(NOISE_CPM) * (spike > 1 ? spike / 1.25 : 1);
      const impressions = Math.round((planned / cpm) * 1000);
      write(
        day,
        dateText,
        series,
        series.region,
        impressions,
        impressions > 0 ? money(planned) : 0,
        series.adGroup,
        series.audience,
        true,
      );
      if (writer.full) {
        yield writer.take()!;
        bind();
      }
    }

    for (const post of activePosts) {
      const profile = PROFILE_LIST[post.channel]!;
      const days = plan.days[post.channel]!;
      const age = day - post.publish;
      const organic = post.peak * post.decay ** age * days.organic[day]!;
      const regions = profile.regions;
      const shares = profile.regionShare;
      for (let index = 0; index < regions.length; index++) {
        const impressions = random.round(organic * shares[index]! * random.noise(NOISE_IMPRESSIONS));
        write(day, dateText, post, regions[index]!, impressions, 0, null, null, false);
        if (writer.full) {
          yield writer.take()!;
          bind();
        }
      }
      if (age < post.boostDays) {
        const cpm = profile.cpm * 0.8 * days.cpm[day]!;
        for (let index = 0; index < regions.length; index++) {
          const planned = post.boostSpend * shares[index]! * random.noise(NOISE_SPEND);
          const impressions = Math.round((planned / (cpm * random.noise(NOISE_CPM))) * 1000);
          write(
            day,
            dateText,
            post,
            regions[index]!,
            impressions,
            impressions > 0 ? money(planned) : 0,
            post.boostAdGroup,
            post.boostAudience,
            true,
          );
          if (writer.full) {
            yield writer.take()!;
            bind();
          }
        }
      }
    }
  }
  const last = writer.take();
  if (last) yield last;
}
