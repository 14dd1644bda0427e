/**
 * 腾讯广告 / 微信广告 (Moments, Official Accounts, Channels placements). UI exports show 元;
 * files shaped like the Marketing API (`view_count`, `valid_click_count`, `cost`) carry money
 * in 分, which is divided by 100.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ImportProfile } from '../types.js';

export const tencentAds: ImportProfile = {
  id: 'tencent_ads',
  label: '腾讯广告 (Tencent / WeChat ads)',
  target: 'performance',
  channel: 'wechat',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    column('date', 'date', ['日期', 'date', '时间']),
    column('account', 'text', ['账户名称']),
    column('account', 'id', ['账户ID', 'account_id']),
    column('campaign', 'text', ['推广计划名称', '计划名称', 'campaign_name']),
    column('campaign', 'id', ['推广计划ID', 'campaign_id']),
    column('ad_group', 'text', ['广告名称', '广告组名称', 'adgroup_name']),
    column('ad_group', 'id', ['广告ID', '广告组ID', 'adgroup_id']),
    column('content', 'text', ['创意名称', 'dynamic_creative_name', 'ad_name']),
    column('content', 'id', ['创意ID', 'dynamic_creative_id', 'ad_id']),
    column('impressions', 'count', ['曝光次数', 'view_count'], { signature: true }),
    column('reach', 'count', ['曝光人数', 'view_user_count'], { signature: true }),
    column('clicks', 'count', ['点击次数', 'valid_click_count'], { signature: true }),
    column('spend', 'money', ['cost'], { currency: 'CNY', moneyUnit: 'fen' }),
    column('spend', 'money', ['花费', '花费(元)', '消耗', '消耗(元)'], { currency: 'CNY' }),
    column('conversions', 'count', ['目标转化量', '转化量', 'conversions_count'], { signature: true }),
    column('conversion_value', 'money', ['order_amount', 'purchase_amount'], {
      currency: 'CNY',
      moneyUnit: 'fen',
    }),
    column('conversion_value', 'money', ['下单金额', '下单金额(元)', '付费金额', '付费金额(元)'], {
      currency: 'CNY',
    }),
    column('video_views', 'count', ['有效播放次数', 'video_outer_play_count'], { signature: true }),
    column('likes', 'count', ['点赞次数', 'praise_count'], { signature: true }),
    column('shares', 'count', ['分享次数', 'forward_count'], { signature: true }),
    column('comments', 'count', ['评论次数', 'comment_count']),
    column('follows', 'count', ['公众号关注人数', '关注次数', 'from_follow_uv']),
    column('follows', 'count', ['视频号关注人数', 'video_follow_count']),
    ignored(
      [
        'ctr',
        'cpc',
        'thousand_display_price',
        'click_user_count',
        'conversions_cost',
        'conversions_rate',
        'deep_conversions_count',
        'deep_conversions_cost',
        'deep_conversions_rate',
        'order_pv',
        'order_roi',
        'purchase_pv',
        'purchase_roi',
        'video_outer_play100_count',
        'video_outer_play3s_count',
        'read_count',
        'scan_follow_user_count',
        'activated_count',
        'reg_pv',
        '点击率',
        '点击均价',
        '千次展现均价',
        '转化成本',
        '目标转化率',
        '转化率',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('tencent_ads'),
};
