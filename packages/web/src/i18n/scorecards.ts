/**
 * The words for scoring without targets and for setting a target for every entity of a
 * scorecard at once, in English and Chinese. Spread into `en.ts` and `zh.ts`.
 */

const scorecardsEn = {
  targetOutcome: { met: 'Period over: met', missed: 'Period over: missed' },
  targetScope: { wholeWorkspace: 'Whole workspace' },
  paceChart: { toDateRatio: 'Actual to date (ratio of sums)' },
  scorecardBaseline: {
    label: 'Without a target',
    options: {
      none: 'Not scored',
      own_history: 'Own previous period',
      own_last_year: 'Own last year',
      peers_median: 'Peers’ median',
    },
    basis: {
      own_history: 'vs own history',
      peers_median: 'vs peers’ median',
    },
  },
  bulkTargets: {
    open: 'Set a target for all',
    title: 'One target for every {{by}} on this scorecard',
    kpi: 'KPI',
    mode: 'Value',
    same: 'The same for all',
    fromBaseline: 'Each one’s own baseline',
    value: 'Target',
    uplift: 'Better by (%)',
    baseline: 'Baseline',
    baselines: { previous: 'Previous period of the same length', last_year: 'Same days last year' },
    entities_one: 'For {{count}} {{by}} shown on the scorecard, {{from}} – {{to}}.',
    entities_other: 'For the {{count}} {{by}}s shown on the scorecard, {{from}} – {{to}}.',
    replace: 'Replace targets already set for the same KPI and period (their history is kept)',
    save: 'Save targets',
    cancel: 'Cancel',
    saving: 'Saving…',
    saved_one: '{{count}} target saved.',
    saved_other: '{{count}} targets saved.',
    skipped: 'No baseline, so no target: {{entities}}.',
    exists:
      'Some already have a target for this KPI and period. Nothing was saved: tick “replace” to replace them.',
  },
};

const scorecardsZh: typeof scorecardsEn = {
  targetOutcome: { met: '周期已结束：已达成', missed: '周期已结束：未达成' },
  targetScope: { wholeWorkspace: '整个工作区' },
  paceChart: { toDateRatio: '截至当日累计实际值（合计之比）' },
  scorecardBaseline: {
    label: '未设目标时',
    options: {
      none: '不计分',
      own_history: '对比自身上一周期',
      own_last_year: '对比自身去年同期',
      peers_median: '对比同类中位数',
    },
    basis: {
      own_history: '对比自身历史',
      peers_median: '对比同类中位数',
    },
  },
  bulkTargets: {
    open: '为全部对象设定目标',
    title: '为计分卡上的每个{{by}}设定目标',
    kpi: '指标',
    mode: '目标值',
    same: '统一数值',
    fromBaseline: '各自基准',
    value: '目标',
    uplift: '提升幅度（%）',
    baseline: '基准',
    baselines: { previous: '等长的上一周期', last_year: '去年同期' },
    entities_one: '适用于计分卡上的 {{count}} 个{{by}}，{{from}} 至 {{to}}。',
    entities_other: '适用于计分卡上的 {{count}} 个{{by}}，{{from}} 至 {{to}}。',
    replace: '替换同一指标、同一周期已设的目标（保留其历史版本）',
    save: '保存目标',
    cancel: '取消',
    saving: '正在保存…',
    saved_one: '已保存 {{count}} 个目标。',
    saved_other: '已保存 {{count}} 个目标。',
    skipped: '没有基准，未设目标：{{entities}}。',
    exists: '部分对象在该指标和周期已有目标，未保存任何目标：勾选“替换”以替换它们。',
  },
};

export const scorecardsTexts = { en: scorecardsEn, zh: scorecardsZh };
