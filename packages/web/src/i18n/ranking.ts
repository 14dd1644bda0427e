/**
 * The words of ranked tables (Explore's and the comparison tables' sort and minimum-volume cut,
 * the row without an entity kept apart, the chart's export caption) in English and Chinese.
 * Spread into `en.ts` and `zh.ts`; the type keeps the two alike.
 */

const rankingEn = {
  ranking: {
    rankBy: 'Rank by',
    noRanking: 'Not ranked',
    order: 'Order',
    best: 'Best first',
    desc: 'Highest first',
    asc: 'Lowest first',
    minimum: 'Minimum',
    minimumNone: 'No minimum',
    minimumValue: 'At least',
    belowMinimum_one: '{{count}} row below the minimum ({{floor}}) is left out of the ranking',
    belowMinimum_other: '{{count}} rows below the minimum ({{floor}}) are left out of the ranking',
    apart_one: '{{count}} row without a {{dimension}} is shown last, apart from the ranking',
    apart_other: '{{count}} rows without a {{dimension}} are shown last, apart from the ranking',
    none: '(no {{dimension}})',
    rankedBy: 'Ranked by {{kpi}}, {{order}}',
    highestFirst: 'highest first',
    lowestFirst: 'lowest first',
    captionPeriod: 'Period: {{range}}',
    captionFilter: 'Filter: {{filter}}',
    captionKpi: 'KPI: {{kpi}}',
  },
};

const rankingZh: typeof rankingEn = {
  ranking: {
    rankBy: '排名依据',
    noRanking: '不排名',
    order: '顺序',
    best: '最优在前',
    desc: '从高到低',
    asc: '从低到高',
    minimum: '最低门槛',
    minimumNone: '无门槛',
    minimumValue: '至少',
    belowMinimum_one: '{{count}} 行低于最低门槛（{{floor}}），未参与排名',
    belowMinimum_other: '{{count}} 行低于最低门槛（{{floor}}），未参与排名',
    apart_one: '{{count}} 行无{{dimension}}，单列于末尾，不参与排名',
    apart_other: '{{count}} 行无{{dimension}}，单列于末尾，不参与排名',
    none: '（无{{dimension}}）',
    rankedBy: '按{{kpi}}排名，{{order}}',
    highestFirst: '从高到低',
    lowestFirst: '从低到高',
    captionPeriod: '周期：{{range}}',
    captionFilter: '筛选：{{filter}}',
    captionKpi: '指标：{{kpi}}',
  },
};

export const rankingTexts = { en: rankingEn, zh: rankingZh };
