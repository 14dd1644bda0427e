/**
 * 小红书蒲公英 (Pugongying, Xiaohongshu's creator marketplace) 订单管理 → 导出: one row per
 * cooperation order with a creator, as creator fees.
 *
 * Conventions:
 * - The fee is what the brand paid: `实付金额` (the creator's price plus the platform's service
 *   fee), else `订单金额`, in 元.
 * - The row is filed on the note's publish day (`笔记发布时间`), else the order day (`下单时间`).
 * - The creator is the Xiaohongshu account (`小红书号`), else the Pugongying creator id, else the
 *   nickname; the content is the note id, else its link; the contract is the order number.
 * - Cancelled or refunded orders cost nothing and are left out, counted in the warnings.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { ImportProfile } from '../types.js';
import { settleCreatorOrder } from '../xingtu/index.js';

const UNPAID = new Set(['已取消', '已关闭', '已退款', '取消合作', '已拒绝']);

export const pugongyingOrders: ImportProfile = {
  id: 'pugongying_orders',
  label: '小红书蒲公英 订单导出 (Pugongying creator orders)',
  target: 'creator_fees',
  channel: 'xiaohongshu',
  defaultCurrency: 'CNY',
  constants: { fee_source: 'pugongying' },
  rules: [
    column('contract', 'id', ['订单号', '订单ID', '订单编号'], { signature: true }),
    column('date', 'date', ['笔记发布时间', '发布时间'], { signature: true }),
    column('date', 'date', ['下单时间']),
    column('creator', 'id', ['小红书号'], { signature: true }),
    column('creator', 'id', ['博主ID', '达人ID']),
    column('creator', 'text', ['博主昵称', '达人昵称']),
    column('content', 'id', ['笔记ID'], { signature: true }),
    column('content', 'text', ['笔记链接']),
    column('fee', 'money', ['实付金额(元)', '实付金额'], { signature: true, currency: 'CNY' }),
    column('fee', 'money', ['订单金额(元)', '订单金额'], { currency: 'CNY' }),
    column('campaign', 'text', ['项目名称', '营销活动']),
    column('status', 'text', ['订单状态']),
    ignored(
      [
        '合作模式',
        '笔记标题',
        '笔记类型',
        '博主报价(元)',
        '平台服务费(元)',
        '曝光量',
        '阅读量',
        '互动量',
        '点赞数',
        '收藏数',
        '评论数',
        '分享数',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('pugongying_orders'),
  refine: (row) => settleCreatorOrder(row, UNPAID),
};
