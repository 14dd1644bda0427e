/**
 * 巨量引擎 / Ocean Engine (巨量广告, AD 1.0 and 2.0 naming, API v2/v3 names) and 巨量千川
 * (its e-commerce product). Amounts are in 元. `消耗` includes 赠款 (free credit the platform
 * grants); `非赠款消耗` is the cash part.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ColumnRule, ImportProfile } from '../types.js';

const oceanDimensions: readonly ColumnRule[] = [
  column('date', 'date', ['时间-天'], { signature: true }),
  column('date', 'date', ['日期', '时间', 'stat_time_day', 'stat_datetime']),
  column('account', 'text', ['账户名称', '账户', 'advertiser_name']),
  column('account', 'id', ['账户ID', 'advertiser_id']),
  column('campaign', 'text', ['项目名称', '广告组名称', '广告组', 'project_name', 'campaign_name'], {
    signature: true,
  }),
  column('campaign', 'id', ['项目ID', '广告组ID', 'project_id', 'campaign_id']),
  column(
    'ad_group',
    'text',
    ['单元名称', '广告名称', '广告计划名称', '广告计划', 'promotion_name', 'ad_name'],
    {
      signature: true,
    },
  ),
  column('ad_group', 'id', ['单元ID', '广告ID', '广告计划ID', 'promotion_id', 'ad_id']),
  column('content', 'text', ['素材名称', 'material_name']),
  column('content', 'id', ['素材ID', 'material_id']),
  column('content_format', 'text', ['素材类型']),
];

const oceanSpend: readonly ColumnRule[] = [
  column('spend', 'money', ['消耗', '消耗(元)', '总花费', '总花费(元)', 'stat_cost', 'cost'], {
    currency: 'CNY',
  }),
  column('spend', 'money', ['非赠款消耗', '非赠款消耗(元)'], { currency: 'CNY', signature: true }),
];

const oceanCounts: readonly ColumnRule[] = [
  column('impressions', 'count', ['展示数', 'show_cnt', 'show'], { signature: true }),
  column('clicks', 'count', ['点击数', 'click_cnt', 'click']),
  column('video_views', 'count', ['播放数', 'total_play']),
  column('follows', 'count', ['新增粉丝数', 'dy_follow']),
  column('likes', 'count', ['点赞数', 'dy_like']),
  column('comments', 'count', ['评论数', 'dy_comment']),
  column('shares', 'count', ['分享数', 'dy_share']),
  column('leads', 'count', ['线索数', '线索', 'clue_message_count']),
];

const oceanIgnored = ignored(
  [
    '点击率',
    '点击率%',
    '点击率(%)',
    '平均千次展现费用(元)',
    '平均千次展现费用',
    '平均点击单价(元)',
    '平均点击单价',
    '平均转化成本',
    '平均转化成本(元)',
    '转化成本',
    '转化成本(元)',
    '转化率',
    '转化率%',
    '转化率(%)',
    '深度转化数',
    '深度转化成本',
    '深度转化率',
    '深度转化率%',
    '单元出价',
    '转化目标',
    '素材内容',
    '素材评估',
    '激活数',
    '计费当日付费金额',
    '有效播放数',
    '有效播放率',
    '3s播放数',
    'ctr',
    'cpm_platform',
    'cpc_platform',
    'conversion_cost',
    'conversion_rate',
    'deep_convert_cnt',
    'deep_convert_cost',
    'deep_convert_rate',
    'valid_play',
    'valid_play_rate',
    'play_duration_3s',
  ],
  { signature: true },
);

export const oceanEngine: ImportProfile = {
  id: 'ocean_engine',
  label: '巨量引擎 (Ocean Engine)',
  target: 'performance',
  channel: 'douyin',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    ...oceanDimensions,
    ...oceanSpend,
    ...oceanCounts,
    column('conversions', 'count', ['转化数', 'convert_cnt', 'convert']),
    oceanIgnored,
  ],
  notes: platformNotes('ocean_engine'),
};

export const qianchuan: ImportProfile = {
  id: 'qianchuan',
  label: '巨量千川 (Qianchuan)',
  target: 'performance',
  channel: 'douyin',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    ...oceanDimensions,
    column('spend', 'money', ['整体消耗', '整体消耗(元)'], { currency: 'CNY', signature: true }),
    ...oceanSpend,
    ...oceanCounts,
    column('conversions', 'count', ['成交订单数', '整体成交订单数', '直接成交订单数', 'pay_order_count'], {
      signature: true,
    }),
    column('conversions', 'count', ['转化数', 'convert_cnt']),
    column(
      'conversion_value',
      'money',
      ['成交金额', '成交金额(元)', '整体成交金额', '直接成交金额', 'pay_order_amount'],
      { currency: 'CNY', signature: true },
    ),
    ignored(
      [
        '支付ROI',
        '整体支付ROI',
        '直接支付ROI',
        'prepay_and_pay_order_roi',
        '成交订单成本',
        '下单金额',
        'create_order_amount',
      ],
      {
        signature: true,
      },
    ),
    oceanIgnored,
  ],
  notes: platformNotes('qianchuan'),
};
