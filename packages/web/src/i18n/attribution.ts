/**
 * The words of the attribution page in English and Chinese. Spread into `en.ts` and `zh.ts`; the
 * type keeps the two alike. The sentences of the answer itself (disagreements, notes) come from
 * the server, said in both languages.
 */

const attributionEn = {
  attribution: {
    title: 'Attribution',
    subtitle: 'Conversions {{range}}, touches up to {{days}} days before each',
    by: 'Credit by',
    lookback: 'Lookback',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    measure: 'Credit',
    conversions: 'Conversions',
    value: 'Conversion value',
    models: {
      first_touch: 'First touch',
      last_touch: 'Last touch',
      last_non_direct: 'Last non-direct',
      linear: 'Linear',
      position: 'Position-based',
      time_decay: 'Time decay',
      markov: 'Markov',
      shapley: 'Shapley',
    },
    model: 'Model',
    removalEffect: 'Removal effect',
    spread: 'Spread',
    points: '{{points}} pt',
    flag: 'Models',
    disagree: 'disagree',
    disagreements: 'Where the models disagree (the highest share more than {{factor}}× the lowest)',
    chartLabel: 'Each model’s share of credit, side by side',
    totals: '{{conversions}} conversions worth {{value}}; {{nulls}} journeys did not convert',
    noJourneys: 'No journeys in this period',
    noJourneysBody: 'Import touchpoint and order exports, or pick another period.',
    creatorRoi: 'Creators: ROI against their fees',
    creator: 'Creator',
    fee: 'Fee',
    attributedOrders: 'Attributed orders',
    attributedGmv: 'Attributed GMV',
    roi: 'ROI',
    costPerOrder: 'Cost per attributed order',
    allTiers: 'All tiers',
    noCreators: 'No creator has attributed orders or a fee in this period',
    measuresTitle: 'Attributed measures',
    measuresBody:
      'Attributed conversions and value by model are measures of the KPI catalog, so attributed ROAS by model works in Explore, targets and scorecards. They are written when attribution is refreshed.',
    openExplore: 'Attributed ROAS in Explore',
    refresh: 'Refresh attributed measures ({{days}}-day lookback)',
    refreshing: 'Refreshing…',
    refreshed: '{{rows}} attributed rows written for {{range}}.',
  },
};

/** The same keys in every language, any words. */
type Same<T> = { [K in keyof T]: T[K] extends string ? string : Same<T[K]> };

const attributionZh: Same<typeof attributionEn> = {
  attribution: {
    title: '归因分析',
    subtitle: '{{range}} 的转化，计入每次转化前 {{days}} 天内的触点',
    by: '归因对象',
    lookback: '回溯窗口',
    days_one: '{{count}} 天',
    days_other: '{{count}} 天',
    measure: '归因指标',
    conversions: '转化数',
    value: '转化金额',
    models: {
      first_touch: '首次触点',
      last_touch: '末次触点',
      last_non_direct: '末次非直接触点',
      linear: '线性',
      position: '位置加权',
      time_decay: '时间衰减',
      markov: '马尔可夫',
      shapley: '沙普利',
    },
    model: '模型',
    removalEffect: '移除效应',
    spread: '差距',
    points: '{{points}} 个百分点',
    flag: '模型',
    disagree: '有分歧',
    disagreements: '模型分歧（最高占比超过最低的 {{factor}} 倍）',
    chartLabel: '各模型的归因占比对比',
    totals: '{{conversions}} 次转化，金额 {{value}}；{{nulls}} 段旅程未转化',
    noJourneys: '此期间没有旅程数据',
    noJourneysBody: '请导入触点与订单数据，或选择其他期间。',
    creatorRoi: '达人：费用投资回报',
    creator: '达人',
    fee: '费用',
    attributedOrders: '归因订单',
    attributedGmv: '归因 GMV',
    roi: 'ROI',
    costPerOrder: '单笔归因订单成本',
    allTiers: '全部层级',
    noCreators: '此期间没有达人有归因订单或费用',
    measuresTitle: '归因指标',
    measuresBody:
      '各模型的归因转化数与转化金额是指标库中的度量，因此各模型的归因 ROAS 可直接用于自助分析、目标与计分卡。刷新归因时写入。',
    openExplore: '在自助分析中查看归因 ROAS',
    refresh: '刷新归因指标（回溯 {{days}} 天）',
    refreshing: '正在刷新……',
    refreshed: '已为 {{range}} 写入 {{rows}} 行归因数据。',
  },
};

export const attributionTexts = { en: attributionEn, zh: attributionZh };
