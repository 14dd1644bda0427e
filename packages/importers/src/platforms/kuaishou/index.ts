/**
 * 快手 磁力引擎 (ads) and 磁力金牛 (e-commerce ads). Kuaishou counts two impressions:
 * 封面曝光数 (cover shown in the feed, API `show`) and 素材曝光数 (the creative itself, `aclick`).
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ColumnRule, ImportProfile } from '../types.js';

const kuaishouCommon: readonly ColumnRule[] = [
  column('date', 'date', ['数据日期', 'stat_date'], { signature: true }),
  column('date', 'date', ['日期', '时间']),
  column('account', 'text', ['账户名称', 'account_name']),
  column('account', 'id', ['账户ID', 'account_id']),
  column('campaign', 'text', ['广告计划名称', '计划名称', 'campaign_name']),
  column('campaign', 'id', ['广告计划ID', '计划ID', 'campaign_id']),
  column('ad_group', 'text', ['广告组名称', 'unit_name']),
  column('ad_group', 'id', ['广告组ID', 'unit_id']),
  column('content', 'text', ['创意名称', 'creative_name']),
  column('content', 'id', ['创意ID', 'creative_id']),
  column('spend', 'money', ['花费(元)', '花费', 'charge'], { currency: 'CNY', signature: true }),
  column('impressions', 'count', ['封面曝光数', 'show'], { signature: true }),
  column('impressions', 'count', ['素材曝光数', 'aclick'], { signature: true }),
  column('clicks', 'count', ['封面点击数', 'photo_click'], { signature: true }),
  column('clicks', 'count', ['行为数', 'bclick'], { signature: true }),
  column('video_views', 'count', ['有效播放数', '3s播放数', 'played_three_seconds']),
  column('likes', 'count', ['点赞数', 'like']),
  column('comments', 'count', ['评论数', 'comment']),
  column('shares', 'count', ['分享数', 'share']),
  column('follows', 'count', ['新增关注数', '涨粉量', 'follow', 'merchant_reco_fans']),
  column('leads', 'count', ['表单提交数', 'form_count']),
  ignored(
    [
      '封面点击率',
      '行为率',
      '3s播放率',
      '5s播放率',
      '完播率',
      '平均千次曝光花费',
      '平均千次曝光花费(元)',
      '平均千次素材曝光花费',
      '平均千次素材曝光花费(元)',
      '平均点击单价',
      '平均点击单价(元)',
      '平均行为单价',
      '平均行为单价(元)',
      'impression_1k_cost',
      'click_1k_cost',
      'photo_click_cost',
      'action_cost',
      'photo_click_ratio',
      'action_ratio',
      'play_3s_ratio',
      'play_5s_ratio',
      'play_end_ratio',
      'cancel_follow',
      'report',
      'block',
      'negative',
    ],
    { signature: true },
  ),
];

export const kuaishouAds: ImportProfile = {
  id: 'kuaishou_ads',
  label: '快手磁力引擎 (Kuaishou ads)',
  target: 'performance',
  channel: 'kuaishou',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    ...kuaishouCommon,
    column('conversions', 'count', ['转化数', '激活数', 'activation', 'conversion_num']),
    column('conversion_value', 'money', ['付费金额', 'event_pay_purchase_amount'], { currency: 'CNY' }),
  ],
  notes: [...platformNotes('kuaishou'), ...platformNotes('kuaishou_ads')],
};

export const kuaishouJinniu: ImportProfile = {
  id: 'kuaishou_jinniu',
  label: '快手磁力金牛 (Kuaishou e-commerce ads)',
  target: 'performance',
  channel: 'kuaishou',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    ...kuaishouCommon,
    column(
      'conversions',
      'count',
      ['商品成交数', '订单数', '订单支付数', 'ad_product_cnt', 'event_order_paid'],
      {
        signature: true,
      },
    ),
    column(
      'conversion_value',
      'money',
      ['GMV', '成交金额', '订单支付金额', 'event_order_paid_purchase_amount'],
      {
        currency: 'CNY',
        signature: true,
      },
    ),
    ignored(['ROI', '支付ROI', 'event_order_amount_roi'], { signature: true }),
  ],
  notes: [...platformNotes('kuaishou'), ...platformNotes('kuaishou_jinniu')],
};
