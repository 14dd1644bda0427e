/**
 * 抖音创作者中心 works export (organic): one row per work with lifetime-to-date counts.
 * Rates are ratios (0–1); `1.2万` and `-` appear in counts.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ImportProfile } from '../types.js';

export const douyinCreator: ImportProfile = {
  id: 'douyin_creator',
  label: '抖音创作者中心 (Douyin works)',
  target: 'performance',
  channel: 'douyin',
  trafficType: 'organic',
  rules: [
    column('content', 'text', ['作品名称', '作品标题', '视频标题'], { signature: true }),
    column('content', 'id', ['作品ID', 'item_id']),
    column('date', 'date', ['发布时间'], { signature: true }),
    column('content_format', 'text', ['体裁', '作品类型']),
    column('video_views', 'count', ['播放量'], { signature: true }),
    column('rate_5s', 'rate', ['5s完播率', '5秒完播率'], { rateUnit: 'fraction', signature: true }),
    column('completion_rate', 'rate', ['完播率'], { rateUnit: 'fraction', signature: true }),
    column('likes', 'count', ['点赞量', '点赞数']),
    column('comments', 'count', ['评论量', '评论数']),
    column('shares', 'count', ['分享量', '分享数']),
    column('saves', 'count', ['收藏量', '收藏数']),
    column('follows', 'count', ['粉丝增量', '涨粉量']),
    ignored(['发布状态', '作品时长', '2s跳出率', '平均播放时长', '封面点击率', '主页访问量'], {
      signature: true,
    }),
  ],
  derivations: [{ target: 'views_5s', rate: 'rate_5s', base: 'video_views' }],
  notes: platformNotes('douyin_creator'),
};
