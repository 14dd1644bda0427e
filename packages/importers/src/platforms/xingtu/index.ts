/**
 * 巨量星图 (Xingtu, Douyin's creator marketplace) 订单管理 → 导出: one row per order a brand
 * placed with a creator, as creator fees.
 *
 * Conventions:
 * - The fee is what the brand paid: `实付金额` (the creator's price plus the platform's service
 *   fee), else `订单金额`, in 元.
 * - The row is filed on the video's publish day (`视频发布时间`), else the order day (`下单时间`).
 * - The creator is the Douyin account (`达人抖音号`), else the Xingtu id, else the nickname; the
 *   content is the video id, else its link; the contract is the order id.
 * - Cancelled or refunded orders (`已取消`, `已关闭`, `已退款`) cost nothing and are left out,
 *   counted in the warnings.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { DraftRow, ImportProfile, RefineResult } from '../types.js';

const UNPAID = new Set(['已取消', '已关闭', '已退款', '取消', '已拒绝']);

/** What a creator-order export's rows share: unpaid orders out, helper fields cleared. */
export function settleCreatorOrder(row: DraftRow, unpaid: ReadonlySet<string>): RefineResult | undefined {
  const status = typeof row.status === 'string' ? row.status.trim() : '';
  delete row.status;
  if (status !== '' && unpaid.has(status))
    return { skip: { key: 'import.warning.cancelled_fee', params: { value: status } } };
  return undefined;
}

export const xingtuOrders: ImportProfile = {
  id: 'xingtu_orders',
  label: '巨量星图 订单导出 (Xingtu creator orders)',
  target: 'creator_fees',
  channel: 'douyin',
  defaultCurrency: 'CNY',
  constants: { fee_source: 'xingtu' },
  rules: [
    column('contract', 'id', ['订单ID', '订单号', '订单编号'], { signature: true }),
    column('date', 'date', ['视频发布时间', '发布时间'], { signature: true }),
    column('date', 'date', ['下单时间']),
    column('creator', 'id', ['达人抖音号', '抖音号'], { signature: true }),
    column('creator', 'id', ['星图达人ID', '达人ID']),
    column('creator', 'text', ['达人昵称', '达人名称']),
    column('content', 'id', ['视频ID', '作品ID', 'item_id'], { signature: true }),
    column('content', 'text', ['视频链接', '作品链接']),
    column('fee', 'money', ['实付金额(元)', '实付金额'], { signature: true, currency: 'CNY' }),
    column('fee', 'money', ['订单金额(元)', '订单金额'], { currency: 'CNY' }),
    column('campaign', 'text', ['任务名称', '营销活动']),
    column('status', 'text', ['订单状态']),
    ignored(
      [
        '任务ID',
        '视频类型',
        '达人报价(元)',
        '平台服务费(元)',
        '播放量',
        '点赞量',
        '评论量',
        '分享量',
        '完播率',
        '互动率',
        '结算状态',
        '所属行业',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('xingtu_orders'),
  refine: (row) => settleCreatorOrder(row, UNPAID),
};
