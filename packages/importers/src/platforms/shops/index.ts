/**
 * Shop order exports, as conversions: one order (or one line of it) per row, with who bought,
 * when it was paid, what was paid, the shop, and the coupon code or the creator the shop itself
 * credits. Chinese shops write local times without an offset (Asia/Shanghai unless told
 * otherwise) and amounts in 元; Shopify writes offsets and a currency per row.
 *
 * Conventions for every shop:
 * - the instant is the payment time; an order never paid (closed, cancelled, awaiting payment,
 *   voided) is left out, counted in the warnings, never loaded;
 * - the value is what the buyer paid less what was refunded, never below 0;
 * - the person is the buyer's account when the export names one, else the order number (the
 *   attribution then needs touches keyed by order, e.g. codes or 口令 handed to that order);
 * - rows of one order (same order number) add up to one conversion in the journeys.
 */

import { platformNotes } from '../notes.js';
import { column, ignored } from '../rules.js';
import type { DraftRow, ImportProfile, RefineResult } from '../types.js';

const number = (value: DraftRow[string] | undefined): number | null =>
  typeof value === 'number' ? value : null;

/**
 * What every shop's refine does once its own checks pass: the person, the paid value net of
 * refunds, the payment time, and the leftover helper fields cleared.
 */
function settleOrder(row: DraftRow, unpaid: (status: string) => boolean): RefineResult | undefined {
  const status = typeof row.status === 'string' ? row.status.trim() : '';
  if (status !== '' && unpaid(status))
    return { skip: { key: 'import.warning.unpaid_order', params: { value: status } } };
  if (row.at === null || row.at === undefined)
    return { skip: { key: 'import.warning.no_payment_time', params: {} } };
  const value = number(row.value);
  const refund = number(row.refund);
  if (value !== null && refund !== null) row.value = Math.max(0, value - refund);
  if (
    (row.person === null || row.person === undefined || row.person === '') &&
    typeof row.order_id === 'string'
  )
    row.person = row.order_id;
  return undefined;
}

/** Statuses of Taobao / Tmall orders that were never paid or were closed (fully refunded). */
const TMALL_UNPAID = new Set(['等待买家付款', '交易关闭', '交易被淘宝关闭', '已关闭']);

/**
 * 天猫 / 淘宝 卖家中心 → 已卖出的宝贝 → 批量导出, the order report (订单报表, `ExportOrderList…`):
 * one row per order, GB18030, order numbers written as `="…"` so spreadsheets keep their digits.
 */
export const tmallOrders: ImportProfile = {
  id: 'tmall_orders',
  label: '天猫/淘宝 订单报表 (Tmall orders)',
  target: 'conversions',
  defaultCurrency: 'CNY',
  timeZone: 'Asia/Shanghai',
  constants: { shop: 'tmall' },
  rules: [
    column('order_id', 'id', ['订单编号'], { signature: true }),
    column('person', 'id', ['买家会员名', '买家昵称'], { signature: true }),
    column('at', 'time', ['订单付款时间', '付款时间'], { signature: true }),
    column('created_at', 'time', ['订单创建时间']),
    column('value', 'money', ['买家实际支付金额', '实付金额'], { signature: true }),
    column('refund', 'money', ['退款金额']),
    column('status', 'text', ['订单状态']),
    column('account', 'text', ['店铺名称']),
    // The shop's own export has no code column; ERP exports add the code or 口令 the buyer gave.
    column('coupon_code', 'text', ['优惠码', '优惠券码', '口令', '暗号']),
    ignored(
      [
        '买家支付宝账号',
        '支付单号',
        '支付详情',
        '买家应付货款',
        '买家应付邮费',
        '买家支付积分',
        '总金额',
        '返点积分',
        '买家实际支付积分',
        '买家留言',
        '收货人姓名',
        '收货地址',
        '运送方式',
        '联系电话',
        '联系手机',
        '宝贝标题',
        '宝贝种类',
        '物流单号',
        '物流公司',
        '订单备注',
        '宝贝总数量',
        '店铺Id',
        '订单关闭原因',
        '卖家服务费',
        '买家服务费',
        '发票抬头',
        '是否手机订单',
        '确认收货时间',
        '打款商家金额',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('tmall_orders'),
  refine: (row) => settleOrder(row, (status) => TMALL_UNPAID.has(status)),
};

const JD_UNPAID = new Set(['等待付款', '已取消', '(删除)', '删除', '锁定']);

/** 京东商家后台 订单管理 → 订单查询 → 导出: one row per order (订单维度). */
export const jdOrders: ImportProfile = {
  id: 'jd_orders',
  label: '京东 订单导出 (JD orders)',
  target: 'conversions',
  defaultCurrency: 'CNY',
  timeZone: 'Asia/Shanghai',
  constants: { shop: 'jd' },
  rules: [
    column('order_id', 'id', ['订单号'], { signature: true }),
    column('person', 'id', ['下单帐号', '下单账号'], { signature: true }),
    column('at', 'time', ['付款确认时间'], { signature: true }),
    column('created_at', 'time', ['下单时间']),
    column('value', 'money', ['应付金额'], { signature: true }),
    column('refund', 'money', ['退款金额']),
    column('status', 'text', ['订单状态']),
    column('account', 'text', ['店铺名称']),
    column('coupon_code', 'text', ['优惠码', '优惠券码', '口令']),
    ignored(
      [
        '商品ID',
        '商品名称',
        '订购数量',
        '支付方式',
        '京东价',
        '订单金额',
        '结算金额',
        '余额支付',
        '订单类型',
        '客户姓名',
        '客户地址',
        '联系电话',
        '订单备注',
        '发票类型',
        '发票抬头',
        '发票内容',
        '商家备注',
        '商家备注等级',
        '运费金额',
        '增值税发票',
        '货号',
        '订单完成时间',
        '订单来源',
        '订单渠道',
        '服务费',
        '仓库名称',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('jd_orders'),
  refine: (row) => settleOrder(row, (status) => JD_UNPAID.has(status)),
};

const DOUYIN_UNPAID = new Set(['待支付', '已关闭', '已取消', '订单关闭']);

/**
 * 抖店 订单管理 → 批量导出: one row per sub-order (子订单, one product line) with its own
 * amount; the main order number ties the lines together. Orders a creator sold (精选联盟,
 * 带货) name the creator, whom the shop itself credits.
 */
export const douyinShopOrders: ImportProfile = {
  id: 'douyin_shop_orders',
  label: '抖店 订单导出 (Douyin shop orders)',
  target: 'conversions',
  channel: 'douyin',
  defaultCurrency: 'CNY',
  timeZone: 'Asia/Shanghai',
  constants: { shop: 'douyin_shop' },
  rules: [
    column('order_id', 'id', ['主订单编号'], { signature: true }),
    column('sub_order', 'id', ['子订单编号'], { signature: true }),
    column('at', 'time', ['支付完成时间'], { signature: true }),
    column('created_at', 'time', ['订单提交时间']),
    column('value', 'money', ['订单应付金额'], { signature: true }),
    column('status', 'text', ['订单状态']),
    column('creator', 'text', ['达人昵称'], { signature: true }),
    column('creator_id', 'id', ['达人ID']),
    column('account', 'text', ['店铺名称', '门店名称']),
    column('coupon_code', 'text', ['优惠码', '口令']),
    ignored(
      [
        '选购商品',
        '商品规格',
        '商品数量',
        '商品ID',
        '商家编码',
        '商品单价',
        '运费',
        '优惠总金额',
        '平台优惠',
        '商家优惠',
        '达人优惠',
        '支付方式',
        '手续费',
        '收件人',
        '收件人手机号',
        '省',
        '市',
        '区',
        '街道',
        '详细地址',
        '是否修改过地址',
        '买家留言',
        '流量来源',
        '流量类型',
        '流量渠道',
        '广告渠道',
        'APP渠道',
        '售后状态',
        '取消原因',
        '预约发货时间',
        '承诺发货时间',
        '商家备注',
        '订单完成时间',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('douyin_shop_orders'),
  refine: (row) => {
    // Orders a creator sold name the creator; the shop's own sales leave it empty or `-`.
    if (row.creator === null && typeof row.creator_id === 'string') row.creator = row.creator_id;
    return settleOrder(row, (status) => DOUYIN_UNPAID.has(status));
  },
};

const SHOPIFY_UNPAID = new Set(['pending', 'authorized', 'voided', 'expired', 'refunded']);

/**
 * Shopify admin → Orders → Export (CSV for Excel or plain CSV): one row per line item; the
 * order's totals, status, payment time and discount code are on its first row only.
 */
export const shopifyOrders: ImportProfile = {
  id: 'shopify_orders',
  label: 'Shopify orders',
  target: 'conversions',
  constants: { shop: 'shopify' },
  rules: [
    column('order_id', 'id', ['Name'], { signature: false }),
    column('person', 'id', ['Email'], { signature: false }),
    column('status', 'text', ['Financial Status'], { signature: true }),
    column('at', 'time', ['Paid at'], { signature: true }),
    column('created_at', 'time', ['Created at']),
    column('currency', 'currency', ['Currency']),
    column('value', 'money', ['Total'], { signature: true }),
    column('refund', 'money', ['Refunded Amount']),
    column('coupon_code', 'text', ['Discount Code'], { signature: true }),
    ignored(
      [
        'Fulfillment Status',
        'Fulfilled at',
        'Accepts Marketing',
        'Subtotal',
        'Shipping',
        'Taxes',
        'Discount Amount',
        'Shipping Method',
        'Lineitem quantity',
        'Lineitem name',
        'Lineitem price',
        'Lineitem compare at price',
        'Lineitem sku',
        'Lineitem requires shipping',
        'Lineitem taxable',
        'Lineitem fulfillment status',
        'Lineitem discount',
        'Billing Name',
        'Billing Street',
        'Billing City',
        'Billing Zip',
        'Billing Country',
        'Shipping Name',
        'Shipping City',
        'Shipping Country',
        'Notes',
        'Cancelled at',
        'Payment Method',
        'Vendor',
        'Outstanding Balance',
        'Id',
        'Tags',
        'Risk Level',
        'Source',
        'Phone',
      ],
      { signature: true },
    ),
  ],
  notes: platformNotes('shopify_orders'),
  refine: (row) => {
    if (row.value === null || row.value === undefined)
      return { skip: { key: 'import.warning.further_line_item', params: {} } };
    return settleOrder(row, (status) => SHOPIFY_UNPAID.has(status.toLowerCase()));
  },
};
