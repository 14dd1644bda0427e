/**
 * 微博超级粉丝通 (Weibo ads), API and UI names. Weibo's `ctr` is an interaction rate
 * (interactions ÷ impressions, a 4-decimal fraction), not a click-through rate.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ImportProfile } from '../types.js';

export const weibo: ImportProfile = {
  id: 'weibo',
  label: '微博超级粉丝通 (Weibo ads)',
  target: 'performance',
  channel: 'weibo',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    column('date', 'date', ['date', '日期']),
    column('campaign', 'text', ['计划名称', '广告计划', 'campaign_name']),
    column('campaign', 'id', ['计划ID', 'campaign_id']),
    column('ad_group', 'text', ['广告组名称', 'adgroup_name']),
    column('content', 'text', ['创意名称', '博文', 'creative_name']),
    column('spend', 'money', ['consume', '消耗', '消耗(元)'], { currency: 'CNY', signature: true }),
    column('impressions', 'count', ['pv', '曝光量'], { signature: true }),
    column('clicks', 'count', ['traffic_bhv', '导流数'], { signature: true }),
    column('shares', 'count', ['bhv_14000003', '转发', '转发数'], { signature: true }),
    column('comments', 'count', ['bhv_14000005', '评论', '评论数'], { signature: true }),
    column('likes', 'count', ['bhv_14000098', '点赞', '点赞数'], { signature: true }),
    column('saves', 'count', ['bhv_14000045', '收藏', '收藏数'], { signature: true }),
    column('follows', 'count', ['bhv_14000008', 'follow_number', '加关注数', '加关注'], { signature: true }),
    column('video_views', 'count', ['total_play_cnt', '总播放数']),
    column('conversions', 'count', ['transform', '应用转化数']),
    column('interaction_rate', 'rate', ['ctr', '互动率'], { rateUnit: 'fraction', signature: true }),
    ignored(
      [
        'hour',
        '小时',
        'ecpm',
        '千次曝光成本',
        'bhv',
        '互动数',
        'ape',
        '单次互动成本',
        'average_play_percentage',
        'average_play_time',
        'bhv_80000001',
        'bhv_50000001',
        'bhv_70000001',
        'bhv_21000001',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('weibo'),
};
