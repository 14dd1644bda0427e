/**
 * 小红书: the creator-center note export (organic; XLSX whose header is below a title, counts
 * like `1.2万`) and 聚光 (Juguang, the paid platform; UI and API names).
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ImportProfile } from '../types.js';

export const xiaohongshuCreator: ImportProfile = {
  id: 'xiaohongshu_creator',
  label: '小红书创作者中心 (Xiaohongshu notes)',
  target: 'performance',
  channel: 'xiaohongshu',
  trafficType: 'organic',
  rules: [
    column('content', 'text', ['笔记标题'], { signature: true }),
    column('content', 'id', ['笔记ID', 'noteId']),
    column('date', 'date', ['首次发布时间', '发布时间'], { signature: true }),
    column('content_format', 'text', ['体裁', '笔记类型']),
    column('impressions', 'count', ['曝光', '曝光量'], { signature: true }),
    column('video_views', 'count', ['观看量', '阅读量', '观看数'], { signature: true }),
    column('cover_ctr', 'rate', ['封面点击率'], { rateUnit: 'fraction' }),
    column('likes', 'count', ['点赞', '点赞数']),
    column('comments', 'count', ['评论', '评论数']),
    column('saves', 'count', ['收藏', '收藏数']),
    column('follows', 'count', ['涨粉', '涨粉数']),
    column('shares', 'count', ['分享', '分享数']),
    ignored(['人均观看时长', '弹幕', '弹幕数'], { signature: true }),
  ],
  derivations: [{ target: 'clicks', rate: 'cover_ctr', base: 'impressions' }],
  notes: platformNotes('xiaohongshu_creator'),
};

export const xiaohongshuJuguang: ImportProfile = {
  id: 'xiaohongshu_juguang',
  label: '小红书聚光 (Juguang ads)',
  target: 'performance',
  channel: 'xiaohongshu',
  trafficType: 'paid',
  defaultCurrency: 'CNY',
  rules: [
    column('date', 'date', ['时间', '日期', 'date']),
    column('campaign', 'text', ['计划名称', 'campaign_name']),
    column('campaign', 'id', ['计划ID', 'campaign_id']),
    column('ad_group', 'text', ['单元名称', 'unit_name']),
    column('ad_group', 'id', ['单元ID', 'unit_id']),
    column('content', 'text', ['创意名称', '笔记名称', 'creativity_name']),
    column('content', 'id', ['创意ID', '笔记ID', 'creativity_id', 'note_id']),
    column('spend', 'money', ['消费', '消费(元)', '花费', 'fee'], { currency: 'CNY', signature: true }),
    column('impressions', 'count', ['展现量', 'impression'], { signature: true }),
    column('clicks', 'count', ['点击量', 'click']),
    column('likes', 'count', ['点赞', 'like']),
    column('comments', 'count', ['评论', 'comment']),
    column('saves', 'count', ['收藏', 'collect']),
    column('follows', 'count', ['关注', 'follow']),
    column('shares', 'count', ['分享', 'share']),
    column('leads', 'count', ['线索数', '表单提交', 'leads']),
    column('conversions', 'count', ['商品订单量', '订单量', 'goods_order']),
    column('conversion_value', 'money', ['GMV', 'rgmv'], { currency: 'CNY' }),
    ignored(
      [
        '点击率',
        'ctr',
        '平均点击成本',
        'acp',
        '平均千次展现费用',
        '平均千次展示费用',
        'cpm',
        '互动量',
        'interaction',
        '平均互动成本',
        'cpi',
        'roi',
        '线索成本',
        'leads_cpl',
        '私信咨询数',
        'message_consult',
        'initiative_message',
        'action_button_click',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('xiaohongshu_juguang'),
};
