/**
 * What a diagnosis says to people, as a stable key and its parameters (like the targets'
 * messages), with the templates in both languages here, since advice rules are data a
 * workspace extends with its own Chinese and English. Results carry the message and the
 * sentence said in each language, so every client shows the same words.
 *
 * Templates name parameters in braces and how to say them after a comma: `{value, amount}`.
 * Formats: `percent` (a fraction: 0.0025 is 0.25%), `change` (+12%, −9.1%), `changeSize`
 * (12%), `number`, `amount` (by the message's `unit` parameter, a KPI unit), `kpi`, `measure`
 * (names from the catalog), `segment` (channel names; other values as they are), `list`
 * (joined: "a, b and c", "a、b、c") and `clauses` (each after a comma, or nothing when empty).
 * Nested messages are said first and put in their place.
 */
import type { Catalog } from '../catalog/catalog.js';
import { dimensionValueLabelOf } from '../labels/index.js';
import { sayMessage } from '../messages/say.js';
import type { KpiUnit } from '../model/units.js';
import { signedPercent } from '../targets/messages.js';

export type DiagnosisParam = string | number | string[] | DiagnosisMessage | DiagnosisMessage[];

export interface DiagnosisMessage {
  key: string;
  params: Record<string, DiagnosisParam>;
}

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];

export interface BilingualTemplate {
  en: string;
  zh: string;
}

/** The sentence in both languages. */
export interface BilingualText {
  en: string;
  zh: string;
}

/** Built-in templates. Keys are stable; change the words, never a key's meaning. */
export const DIAGNOSIS_TEMPLATES: Readonly<Record<string, BilingualTemplate>> = {
  // Advice: the finding with its evidence, then the remedy the rule gives.
  'diagnosis.advice': { en: '{finding}: {remedy}', zh: '{finding}：{remedy}' },

  // Whose figure it is and what it measures.
  'diagnosis.subject.segment': { en: "{segment, segment}'s {what}", zh: '{segment, segment}的{what}' },
  'diagnosis.subject.all': { en: '{what}', zh: '{what}' },
  'diagnosis.what.kpi': { en: '{kpi, kpi}', zh: '{kpi, kpi}' },
  'diagnosis.what.measure': { en: '{measure, measure}', zh: '{measure, measure}' },
  'diagnosis.what.step': {
    en: '{to, measure} per {from, measure}',
    zh: '{from, measure}到{to, measure}的转化率',
  },
  'diagnosis.what.factor': {
    en: '{numerator, measure} ÷ {denominator, measure}',
    zh: '{numerator, measure} ÷ {denominator, measure}',
  },

  // The windows and references a figure is compared with.
  'diagnosis.period.previous': { en: 'the previous period', zh: '上期' },
  'diagnosis.period.previous.day': { en: 'the day before', zh: '前一天' },
  'diagnosis.period.previous.week': { en: 'last week', zh: '上周' },
  'diagnosis.period.previous.month': { en: 'last month', zh: '上月' },
  'diagnosis.period.previous.quarter': { en: 'last quarter', zh: '上季度' },
  'diagnosis.period.previous.year': { en: 'last year', zh: '上一年' },
  'diagnosis.period.last_year': { en: 'the same period last year', zh: '去年同期' },
  'diagnosis.compare.own': {
    en: 'its own {reference, amount} {period}',
    zh: '其{period}为 {reference, amount}',
  },
  'diagnosis.compare.peers': {
    en: '{reference, amount} for peers',
    zh: '同类渠道为 {reference, amount}',
  },
  'diagnosis.compare.benchmark': {
    en: '{reference, amount} in the benchmark ({source})',
    zh: '基准（{source}）为 {reference, amount}',
  },
  'diagnosis.clause.held': { en: 'while {what} held', zh: '同时{what}持平' },
  'diagnosis.clause.change': { en: '{what} ({change, change})', zh: '{what}（{change, change}）' },

  // Findings.
  'diagnosis.finding.rate_below': {
    en: '{subject} is {value, amount} against {comparisons, list}{held, clauses}',
    zh: '{subject}为 {value, amount}，而{comparisons, list}{held, clauses}',
  },
  'diagnosis.finding.volume_below': {
    en: '{subject} came to {value, amount} against {comparisons, list}',
    zh: '{subject}为 {value, amount}，而{comparisons, list}',
  },
  'diagnosis.finding.below_target': {
    en: '{subject} is {value, amount} against the target {target, amount} ({gap, change})',
    zh: '{subject}为 {value, amount}，目标为 {target, amount}（{gap, change}）',
  },
  'diagnosis.finding.tracking_break': {
    en: '{subject} fell {drop, changeSize} while {held, list} held',
    zh: '{subject}下降 {drop, changeSize}，而{held, list}基本持平',
  },

  // Notes on how a change was taken apart.
  'diagnosis.note.unchanged': { en: 'the KPI did not change', zh: '该指标没有变化' },
  'diagnosis.note.undefined': {
    en: 'the KPI has no value in {window}: nothing to take apart',
    zh: '该指标在{window}没有数值，无法拆解',
  },
  'diagnosis.note.window.before': { en: 'the earlier window', zh: '前一时段' },
  'diagnosis.note.window.after': { en: 'the later window', zh: '后一时段' },
  'diagnosis.note.chain_unavailable': {
    en: 'a window has no {measures, list}, so the funnel steps have no value: the change is split over the formula’s own measures',
    zh: '某一时段{measures, list}为零，漏斗各步骤无法计算：改为按公式自身的度量拆分',
  },
  'diagnosis.note.zero_limit': {
    en: '{factors, list} went from or to zero: the whole change is theirs (the limit of the log split as the zero shrinks)',
    zh: '{factors, list}从零变化或变为零：全部变化归于它们（对数拆分在零值处的极限）',
  },
  'diagnosis.note.sign_change': {
    en: 'a factor changed sign, which a log split cannot follow: the change is split by Shapley values over the same factors',
    zh: '有因子正负号改变，无法做对数拆分：改用同样因子的 Shapley 值拆分',
  },
  'diagnosis.note.shapley': {
    en: 'the formula is neither a product nor a sum: the change is split by Shapley values over its inputs',
    zh: '公式既非乘积也非加和：按其输入的 Shapley 值拆分变化',
  },
  'diagnosis.note.mixed_undefined': {
    en: 'the formula has no value when the windows’ inputs are mixed: the change is not split',
    zh: '混合两个时段的输入时公式无值，未能拆分变化',
  },
  'diagnosis.note.segments_do_not_add_up': {
    en: 'the segments of {dimension} add up to {found, number} where {expected, number} was expected: some rows may have no {dimension}',
    zh: '按{dimension}拆分的各部分合计为 {found, number}，应为 {expected, number}：部分数据可能缺少{dimension}',
  },
  'diagnosis.note.approximate': {
    en: 'counts of distinct people or items add up to more than the whole across segments: shares are approximate',
    zh: '去重人数或条数跨分组相加会大于总体：占比为近似值',
  },
  'diagnosis.note.no_reference': {
    en: 'no history, peers or benchmark to judge {what} against',
    zh: '{what}没有历史、同类渠道或基准可供比较',
  },
};

export const message = (key: string, params: Record<string, DiagnosisParam> = {}): DiagnosisMessage => ({
  key,
  params,
});

export interface SayContext {
  /** For KPI and measure names; ids are said as they are without it. */
  catalog?: Catalog;
  /** Templates besides the built-in ones (advice rules' remedies), by key. */
  templates?: ReadonlyMap<string, BilingualTemplate>;
}

/** The message as a sentence in one language. */
export function sayDiagnosis(said: DiagnosisMessage, language: Language, context: SayContext = {}): string {
  const text = sayInner(said, language, context);
  return language === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** The message in both languages. */
export function sayBoth(said: DiagnosisMessage, context: SayContext = {}): BilingualText {
  return { en: sayDiagnosis(said, 'en', context), zh: sayDiagnosis(said, 'zh', context) };
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?:,\s*([A-Za-z]+))?\}/g;
export const FORMATS = [
  'percent',
  'change',
  'changeSize',
  'number',
  'amount',
  'kpi',
  'measure',
  'segment',
  'list',
  'clauses',
] as const;
export type ParamFormat = (typeof FORMATS)[number];

/** Placeholders of a template whose format is unknown, for checking rules as they are read. */
export function unknownFormats(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[2])
    .filter(
      (format): format is string => format !== undefined && !(FORMATS as readonly string[]).includes(format),
    );
}

function templateOf(key: string, context: SayContext): BilingualTemplate | undefined {
  return (
    context.templates?.get(key) ??
    (Object.hasOwn(DIAGNOSIS_TEMPLATES, key) ? DIAGNOSIS_TEMPLATES[key] : undefined)
  );
}

/**
 * Said by core's message module (`messages/say.ts`) with the formats only a diagnosis knows:
 * names from the catalog, amounts by the message's `unit`, segments by their labels.
 */
function sayInner(said: DiagnosisMessage, language: Language, context: SayContext): string {
  const text = (value: string | number | boolean) => String(value);
  return sayMessage(said, language, {
    template: (key) => templateOf(key, context),
    formats: {
      percent: (value) => (typeof value === 'number' ? percentText(value) : text(value)),
      changeSize: (value) =>
        typeof value === 'number' ? signedPercent(value).replace('+', '').replace('−', '') : text(value),
      change: (value) => (typeof value === 'number' ? signedPercent(value) : text(value)),
      number: (value, spoken) => (typeof value === 'number' ? numberText(value, spoken, 2) : text(value)),
      amount: (value, spoken, message) =>
        typeof value === 'number'
          ? amountText(value, message.params.unit as KpiUnit | undefined, spoken)
          : text(value),
      kpi: (value, spoken) => (typeof value === 'string' ? kpiName(value, spoken, context) : text(value)),
      measure: (value, spoken) =>
        typeof value === 'string' ? measureName(value, spoken, context) : text(value),
      segment: (value, spoken) => dimensionValueLabelOf('channel', String(value), spoken) ?? String(value),
    },
  });
}

/** A fraction as a percentage with two significant decimals under 10%: 0.25%, 0.9%, 3.5%, 12%. */
export function percentText(value: number): string {
  const percent = value * 100;
  const size = Math.abs(percent);
  const digits = size === 0 ? 0 : size < 1 ? 2 : size < 10 ? 1 : 0;
  return `${trimZeros(percent.toFixed(digits)).replace('-', '−')}%`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function numberText(value: number, language: Language, digits: number): string {
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits })
    .format(value)
    .replace('-', '−');
}

function amountText(value: number, unit: KpiUnit | undefined, language: Language): string {
  switch (unit) {
    case 'percent':
    case 'ratio':
      return percentText(value);
    case 'count':
      return numberText(value, language, 0);
    case 'multiple':
      return `${numberText(value, language, 2)}${language === 'zh' ? '' : '×'}`;
    default:
      return numberText(value, language, 2);
  }
}

/** A KPI's short name: its abbreviation in English when it has one ("CVR"), else its name. */
function kpiName(id: string, language: Language, context: SayContext): string {
  const kpi = context.catalog?.kpis.get(id);
  if (!kpi) return id;
  if (language === 'zh') return kpi.name.zh;
  const abbreviation = /\(([A-Z][A-Za-z]*[A-Z])\)$/.exec(kpi.name.en)?.[1];
  return abbreviation ?? midSentence(kpi.name.en);
}

function measureName(id: string, language: Language, context: SayContext): string {
  const measure = context.catalog?.measures.get(id);
  if (!measure) return id;
  return language === 'zh' ? measure.name.zh : midSentence(measure.name.en);
}

/** "Conversion value (GMV)" reads "conversion value (GMV)" inside a sentence; "CPM" stays. */
function midSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}
