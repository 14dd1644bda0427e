/**
 * The words of the cohorts page in English and Chinese. Spread into `en.ts` and `zh.ts`; the
 * type keeps the two alike. Notes of an answer come said in both languages by the server.
 */

const cohortsEn = {
  cohorts: {
    title: 'Cohorts',
    subtitle: 'Customers by the month of their first order · orders through {{date}}',
    show: 'Show',
    retention: 'Retention',
    ltv: 'Realised LTV',
    byChannel: 'By first channel',
    cohort: 'Cohort',
    channel: 'First channel',
    all: 'All',
    customers: 'Customers',
    month: 'M{{n}}',
    cellTitle: '{{active}} of {{size}} ordered in {{month}}; LTV {{ltv}}',
    none: 'No orders with a customer yet: import shop orders (Tmall, JD, Douyin shop, Shopify).',
  },
};

const cohortsZh: typeof cohortsEn = {
  cohorts: {
    title: '客户同期群',
    subtitle: '按首单月份分组的客户 · 订单截至 {{date}}',
    show: '显示',
    retention: '留存率',
    ltv: '已实现 LTV',
    byChannel: '按首单渠道',
    cohort: '获客月份',
    channel: '首单渠道',
    all: '全部',
    customers: '客户数',
    month: '第{{n}}月',
    cellTitle: '{{size}} 位中有 {{active}} 位在 {{month}} 下单；LTV {{ltv}}',
    none: '尚无带客户标识的订单：请导入店铺订单（天猫、京东、抖店、Shopify）。',
  },
};

export const cohortsTexts = { en: cohortsEn, zh: cohortsZh };
