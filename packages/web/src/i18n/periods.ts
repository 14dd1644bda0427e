/**
 * The words for named periods (calendar presets, the workspace's events), the comparisons they
 * add (the same event last year), the filter bar (value pickers and the formula filter) and values spread from reports over a date range (period rows a
 * window or bucket cuts through), in English and Chinese. Spread into `en.ts` and `zh.ts`.
 */

const periodsEn = {
  filterBar: {
    label: 'Filters',
    all: 'All',
    picked_one: '{{count}} value',
    picked_other: '{{count}} values',
    search: 'Search {{dimension}}',
    count: '{{kpi}}',
    none: 'No value matches',
    more: '{{count}} more: search to narrow',
    formula: 'Formula filter',
    apply: 'Apply',
    clear: 'Clear all',
    remove: 'Remove {{value}}',
  },
  periods: {
    named: 'Named period',
    custom: 'Dates below',
    calendar: 'Calendar',
    events: 'Events',
    presets: {
      today: 'Today',
      yesterday: 'Yesterday',
      this_week: 'This week',
      last_week: 'Last week',
      this_month: 'This month',
      last_month: 'Last month',
      this_quarter: 'This quarter',
      last_quarter: 'Last quarter',
      this_year: 'This year',
      last_year: 'Last year',
      month_to_date: 'Month to date',
      quarter_to_date: 'Quarter to date',
      year_to_date: 'Year to date',
    },
    event: '{{name}} ({{range}})',
    sameEvent: 'Same event last year',
    against: '{{range}} against {{compare}}',
    againstEvent: '{{range}} against {{event}} ({{compare}})',
    prorated:
      'Approximate: {{share}} of this value comes from reports totalling a date range that this period cuts through, spread evenly over their days.',
  },
};

const periodsZh: typeof periodsEn = {
  filterBar: {
    label: '筛选',
    all: '全部',
    picked_one: '{{count}} 项',
    picked_other: '{{count}} 项',
    search: '搜索{{dimension}}',
    count: '{{kpi}}',
    none: '没有匹配的值',
    more: '另有 {{count}} 项，请搜索缩小范围',
    formula: '公式筛选',
    apply: '应用',
    clear: '清除全部',
    remove: '移除 {{value}}',
  },
  periods: {
    named: '常用时间段',
    custom: '按下方日期',
    calendar: '日历',
    events: '大促与事件',
    presets: {
      today: '今天',
      yesterday: '昨天',
      this_week: '本周',
      last_week: '上周',
      this_month: '本月',
      last_month: '上月',
      this_quarter: '本季度',
      last_quarter: '上季度',
      this_year: '今年',
      last_year: '去年',
      month_to_date: '本月至今',
      quarter_to_date: '本季度至今',
      year_to_date: '今年至今',
    },
    event: '{{name}}（{{range}}）',
    sameEvent: '去年同一活动',
    against: '{{range}} 对比 {{compare}}',
    againstEvent: '{{range}} 对比 {{event}}（{{compare}}）',
    prorated: '近似值：其中 {{share}} 来自按时间段汇总的报表，本期只覆盖其部分日期，已按天平均分摊。',
  },
};

export const periodsTexts = { en: periodsEn, zh: periodsZh };
