/**
 * The words a chart image's caption adds for the pacing, creators', audiences', attribution and
 * lift charts, in English and Chinese. Spread into `en.ts` and `zh.ts`.
 */

const captionsEn = {
  chartCaptions: {
    audienceKpi: 'People per O-5A stage',
    platform: 'platform: {{platform}}',
    lookback: 'touches up to {{days}} days before',
    treated: 'treated: {{locations}}',
  },
};

const captionsZh: typeof captionsEn = {
  chartCaptions: {
    audienceKpi: 'O-5A 各阶段人数',
    platform: '平台：{{platform}}',
    lookback: '回溯 {{days}} 天内的触点',
    treated: '实验地区：{{locations}}',
  },
};

export const captionsTexts = { en: captionsEn, zh: captionsZh };
