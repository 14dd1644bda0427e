/**
 * The words of the monitor in the dashboard (freshness in the header) in English and Chinese.
 * Spread into `en.ts` and `zh.ts`; the type keeps the two alike. The monitor's own sentences
 * (which sources are behind, why one is late) come from the server, said in both languages.
 */

const monitorEn = {
  monitor: {
    freshness: {
      label: 'Data freshness',
      through: 'Data through {{day}}',
      noData: 'No data yet',
      behind_one: '{{count}} source behind',
      behind_other: '{{count}} sources behind',
      allCurrent: 'Every source is current',
      source: '{{channel}} · {{account}}',
      lastDay: 'last day {{day}}',
      daysBehind_one: '{{count}} day behind',
      daysBehind_other: '{{count}} days behind',
    },
  },
};

type MonitorTexts = typeof monitorEn;

const monitorZh: MonitorTexts = {
  monitor: {
    freshness: {
      label: '数据新鲜度',
      through: '数据截至 {{day}}',
      noData: '暂无数据',
      behind_one: '{{count}} 个来源落后',
      behind_other: '{{count}} 个来源落后',
      allCurrent: '所有来源均已更新',
      source: '{{channel}} · {{account}}',
      lastDay: '最后一天 {{day}}',
      daysBehind_one: '落后 {{count}} 天',
      daysBehind_other: '落后 {{count}} 天',
    },
  },
};

export const monitorTexts = { en: monitorEn, zh: monitorZh };
