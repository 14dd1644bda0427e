/**
 * The words of the search-visibility page in English and Chinese. Spread into `en.ts` and
 * `zh.ts`; the type keeps the two alike. The answer's notes are said with core's `sayCreators`.
 */

const searchEn = {
  search: {
    title: 'Search visibility',
    subtitle: '{{range}} · the brand’s place in each keyword’s top ten search results',
    channel: 'Platform',
    all: 'All platforms',
    keyword: 'Keyword',
    platform: 'Platform',
    snapshots: 'Days tracked',
    indexedPosts: 'Indexed posts',
    top10: 'Top-10 results',
    ownPositive: 'Own, positive',
    shareOfVoice: 'Share of voice',
    trendPerWeek: 'Trend per week',
    points: '{{value}} pp',
    trendChart: 'Daily share of voice in the top ten: {{keyword}} ({{channel}})',
    holders: 'Who holds the top-ten positions: {{keyword}} ({{channel}})',
    creator: 'Creator',
    tier: 'Tier',
    results: 'Top-10 results',
    shareOfPage: 'Share of the top ten',
    averagePositions: 'Positions held per day',
    noHolders: 'None of the brand’s creators holds a position here.',
    pick: 'Show this keyword',
    none: 'No search-result snapshots in this period: import keyword search exports.',
    tiers: { kol: 'KOL', kos: 'KOS', koc: 'KOC', none: '—' },
  },
};

const searchZh: typeof searchEn = {
  search: {
    title: '搜索可见度',
    subtitle: '{{range}} · 品牌在各关键词搜索结果前十中的位置',
    channel: '平台',
    all: '全部平台',
    keyword: '关键词',
    platform: '平台',
    snapshots: '监测天数',
    indexedPosts: '收录篇数',
    top10: '前十结果数',
    ownPositive: '本品正向',
    shareOfVoice: '前十屏占比',
    trendPerWeek: '每周趋势',
    points: '{{value}} 个百分点',
    trendChart: '前十屏占比逐日走势:{{keyword}}({{channel}})',
    holders: '占据前十位置的达人:{{keyword}}({{channel}})',
    creator: '达人',
    tier: '层级',
    results: '前十结果数',
    shareOfPage: '占前十比例',
    averagePositions: '日均占位',
    noHolders: '品牌合作达人未占据此关键词的前十位置。',
    pick: '查看此关键词',
    none: '期间没有搜索结果快照:请导入关键词搜索导出。',
    tiers: { kol: 'KOL', kos: 'KOS', koc: 'KOC', none: '—' },
  },
};

export const searchTexts = { en: searchEn, zh: searchZh };
