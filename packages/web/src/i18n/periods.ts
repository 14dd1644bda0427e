/**
 * The words for values spread from reports over a date range (period rows a window or bucket
 * cuts through), in English and Chinese. Spread into `en.ts` and `zh.ts`.
 */

const periodsEn = {
  periods: {
    prorated:
      'Approximate: {{share}} of this value comes from reports totalling a date range that this period cuts through, spread evenly over their days.',
  },
};

const periodsZh: typeof periodsEn = {
  periods: {
    prorated: '近似值：其中 {{share}} 来自按时间段汇总的报表，本期只覆盖其部分日期，已按天平均分摊。',
  },
};

export const periodsTexts = { en: periodsEn, zh: periodsZh };
