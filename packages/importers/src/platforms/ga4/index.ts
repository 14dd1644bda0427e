/**
 * Google Analytics 4 exports: `#` comment lines with the property and `# Start date:` /
 * `# End date:` (YYYYMMDD) above the header, `Date` as YYYYMMDD, and a first column named
 * after whichever dimension the report uses. GA4 is web analytics, not a channel: a row's
 * channel comes from its session source / medium, or from the channel the user gives.
 */
import type { Channel } from '@markpi/core';
import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { DraftRow, ImportProfile, RefineResult } from '../types.js';

const SOURCE_CHANNELS: readonly (readonly [RegExp, Channel])[] = [
  [/facebook|^fb$|instagram|^ig$|^meta$|messenger/, 'meta'],
  [/tiktok/, 'tiktok'],
  [/douyin|抖音/, 'douyin'],
  [/xiaohongshu|^xhs$|redbook|小红书/, 'xiaohongshu'],
  [/weibo|微博/, 'weibo'],
  [/wechat|weixin|微信/, 'wechat'],
  [/kuaishou|快手/, 'kuaishou'],
];

const PAID_MEDIUM =
  /^(cpc|ppc|paid|paidsearch|paid_search|paidsocial|paid_social|paid-social|cpm|cpv|display|ads?)$/;

/** Channel and traffic type of a `source / medium` value, or why it has none. */
export function channelFromSourceMedium(value: string): { channel: Channel; paid: boolean } | undefined {
  const [source = '', medium = ''] = value.split('/').map((part) => part.trim().toLowerCase());
  const paid = PAID_MEDIUM.test(medium);
  if (/^google$/.test(source) || source === 'youtube')
    return paid ? { channel: 'google_ads', paid } : undefined;
  for (const [pattern, channel] of SOURCE_CHANNELS) if (pattern.test(source)) return { channel, paid };
  return undefined;
}

function refineGa4Row(row: DraftRow): RefineResult | undefined {
  if (row.channel) {
    return undefined;
  }
  const sourceMedium = typeof row.source_medium === 'string' ? row.source_medium : undefined;
  if (sourceMedium) {
    const found = channelFromSourceMedium(sourceMedium);
    if (found) {
      row.channel = found.channel;
      row.traffic_type = found.paid ? 'paid' : 'organic';
      return undefined;
    }
    return {
      reject: {
        field: 'source_medium',
        reason: { key: 'import.reason.source_not_a_channel', params: { value: sourceMedium } },
      },
    };
  }
  const group = typeof row.channel_group === 'string' ? row.channel_group : '(no source)';
  return {
    reject: {
      field: 'channel_group',
      reason: { key: 'import.reason.group_not_a_platform', params: { value: group } },
    },
  };
}

export const ga4: ImportProfile = {
  id: 'ga4',
  label: 'Google Analytics 4',
  target: 'performance',
  rules: [
    column('date', 'date', ['Date', 'Datum', 'Fecha', 'Data', '日期', 'date'], { signature: false }),
    column(
      'source_medium',
      'text',
      ['Session source / medium', 'Source / medium', 'First user source / medium', 'sessionSourceMedium'],
      {
        signature: true,
      },
    ),
    column(
      'channel_group',
      'text',
      [
        'Session primary channel group (Default Channel Group)',
        'Session default channel group',
        'Default channel group',
        'First user primary channel group (Default Channel Group)',
        'sessionDefaultChannelGroup',
        /^session .*channel/,
      ],
      { signature: true },
    ),
    column('campaign', 'text', ['Session campaign', 'sessionCampaignName']),
    column('content', 'text', ['Landing page', 'Landing page + query string', 'Page path and screen class']),
    column('store_visits', 'count', ['Active users', 'activeUsers'], { signature: true }),
    column('store_visits', 'count', ['Total users', 'Users', 'totalUsers']),
    column('conversions', 'count', ['Key events', 'keyEvents', 'Conversions'], { signature: true }),
    column('conversion_value', 'money', ['Total revenue', 'totalRevenue', 'Purchase revenue']),
    ignored(
      [
        'Sessions',
        'sessions',
        'New users',
        'newUsers',
        'Engaged sessions',
        'engagedSessions',
        'Engagement rate',
        'engagementRate',
        'Average engagement time per session',
        'Average engagement time',
        'Events per session',
        'Event count',
        'eventCount',
        'Views',
        'screenPageViews',
        'Session key event rate',
        'Bounce rate',
        'Views per session',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('ga4'),
  refine: refineGa4Row,
};
