/**
 * The sentences "why did this KPI move" says besides core's findings and advice, in Chinese and
 * English, as message keys and parameters like every diagnosis message. Results carry each
 * message with the sentence said in both languages, so the CLI, the API and the dashboard show
 * the same words.
 */
import {
  type BilingualTemplate,
  type BilingualText,
  BUILTIN_ADVICE_RULES,
  type Catalog,
  type DiagnosisMessage,
  type DiagnosisParam,
  remedyTemplates,
  sayBoth,
} from '@markpi/core';

/** Keys are stable; change the words, never a key's meaning. */
export const WHY_TEMPLATES: Readonly<Record<string, BilingualTemplate>> = {
  'why.window': { en: '{from} to {to}', zh: '{from} 至 {to}' },

  // The headline: how the KPI moved, then its largest part by formula and by segment.
  'why.summary.changed': {
    en: '{kpi, kpi} went from {before, amount} to {after, amount} ({change, change}), {window} against {earlier}',
    zh: '{kpi, kpi}从 {before, amount} 变为 {after, amount}（{change, change}），{window} 对比 {earlier}',
  },
  'why.summary.changed_from_zero': {
    en: '{kpi, kpi} went from {before, amount} to {after, amount}, {window} against {earlier}',
    zh: '{kpi, kpi}从 {before, amount} 变为 {after, amount}，{window} 对比 {earlier}',
  },
  'why.summary.unchanged': {
    en: '{kpi, kpi} stayed at {after, amount}, {window} against {earlier}',
    zh: '{kpi, kpi}保持在 {after, amount}，{window} 对比 {earlier}',
  },
  'why.summary.no_value': {
    en: '{kpi, kpi} has no value in {window}: there is no change to explain',
    zh: '{kpi, kpi}在 {window} 没有数值，无法解释其变化',
  },
  'why.lead.factor': {
    en: 'by its formula, {factor} accounts for {share, percent} of the change ({contribution, amount})',
    zh: '按公式拆解，{factor}贡献了变化的 {share, percent}（{contribution, amount}）',
  },
  'why.lead.driver': {
    en: 'by segment, {path} accounts for {share, percent} of the change ({contribution, amount})',
    zh: '按分组拆解，{path}贡献了变化的 {share, percent}（{contribution, amount}）',
  },

  // Where a segment sits: channel › campaign › ad group, one key per depth so a path is one message.
  'why.path.1': { en: '{s1, segment}', zh: '{s1, segment}' },
  'why.path.2': { en: '{s1, segment} › {s2}', zh: '{s1, segment} › {s2}' },
  'why.path.3': { en: '{s1, segment} › {s2} › {s3}', zh: '{s1, segment} › {s2} › {s3}' },
  'why.path.4': { en: '{s1, segment} › {s2} › {s3} › {s4}', zh: '{s1, segment} › {s2} › {s3} › {s4}' },
  'why.path.5': {
    en: '{s1, segment} › {s2} › {s3} › {s4} › {s5}',
    zh: '{s1, segment} › {s2} › {s3} › {s4} › {s5}',
  },
  'why.path.6': {
    en: '{s1, segment} › {s2} › {s3} › {s4} › {s5} › {s6}',
    zh: '{s1, segment} › {s2} › {s3} › {s4} › {s5} › {s6}',
  },
  'why.path.whole': { en: 'the whole', zh: '整体' },
  'why.segment.none': { en: '(none)', zh: '（无）' },

  // The weakest link of a funnel.
  'why.weakest.found': {
    en: '{what} is the weakest link: {gap, changeSize} below {basis}',
    zh: '{what}是最薄弱的环节：比{basis}低 {gap, changeSize}',
  },
  'why.weakest.none': {
    en: 'every funnel step is at or above its reference',
    zh: '所有漏斗步骤都不低于参照值',
  },
  'why.basis.previous_period': { en: 'its own previous period', zh: '其上期' },
  'why.basis.same_period_last_year': { en: 'its own same period last year', zh: '其去年同期' },
  'why.basis.peers': { en: 'the median of its peers', zh: '同类渠道的中位数' },
  'why.basis.benchmark': { en: 'the benchmark', zh: '基准' },

  // Notes on what was and was not looked at.
  'why.note.not_segmentable': {
    en: '{kpi, kpi} is neither a sum nor a ratio of sums, so its change is not split over segments',
    zh: '{kpi, kpi}既不是加和也不是加和之比，不按分组拆分其变化',
  },
  'why.note.other_drivers': {
    en: '{count, number} smaller segments add {contribution, amount} to the change',
    zh: '另有 {count, number} 个较小分组合计贡献 {contribution, amount}',
  },
  'why.note.funnel_missing': {
    en: 'the funnel {funnel} needs measures this workspace does not have ({measures, list}): no funnel step was judged',
    zh: '漏斗 {funnel} 需要本工作区没有的度量（{measures, list}），未评估漏斗各步骤',
  },
  'why.note.no_channels': {
    en: 'no channel has data in either window: no funnel step was judged',
    zh: '两个时段都没有渠道数据，未评估漏斗各步骤',
  },
  'why.note.findings_left_out': {
    en: 'findings about {channels, list} are left out: each moved {kpi, kpi} by less than {share, percent} of the change, or the other way',
    zh: '未列出{channels, list}的发现：它们对{kpi, kpi}变化的贡献不足 {share, percent}，或方向相反',
  },
};

/** A message and the sentence it makes in each language. */
export interface Said {
  message: DiagnosisMessage;
  text: BilingualText;
}

export const whyMessage = (key: string, params: Record<string, DiagnosisParam> = {}): DiagnosisMessage => ({
  key,
  params,
});

const TEMPLATES = new Map<string, BilingualTemplate>([
  ...remedyTemplates(BUILTIN_ADVICE_RULES),
  ...Object.entries(WHY_TEMPLATES),
]);

/** The templates a diagnosis result's messages are said with: core's, the remedies' and these. */
export function whyTemplates(): ReadonlyMap<string, BilingualTemplate> {
  return TEMPLATES;
}

/** Says a message in both languages, with the catalog's KPI and measure names. */
export function say(catalog: Catalog, message: DiagnosisMessage): Said {
  return { message, text: sayBoth(message, { catalog, templates: TEMPLATES }) };
}
