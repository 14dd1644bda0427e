/**
 * Sentences the lift models say to people, as a stable key and its parameters (the pattern of
 * `targets/messages.ts`), each with its English and Chinese here so neither language lags.
 * Parameters are data: volumes and money as numbers, rates, lifts and probabilities as
 * fractions (0.05 is 5%), location and event names as given, lists as lists.
 */
import type { MessageValue } from '../targets/messages.js';

export type LiftLanguage = 'en' | 'zh';

export interface LiftMessage {
  key: LiftMessageKey;
  params: Record<string, MessageValue>;
}

// ---------------------------------------------------------------- formats

/** A volume: whole above 100, three significant digits below, grouped by thousands. */
export function formatVolume(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
  const text = Math.abs(rounded).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return `${rounded < 0 ? '−' : ''}${text}`;
}

/** A signed share: +5.2%, −0.8%, ±0%. */
export function formatSignedShare(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  const percent = value * 100;
  if (Math.abs(percent) < 0.05) return '±0%';
  const digits = Math.abs(percent) >= 100 ? 0 : 1;
  return `${percent < 0 ? '−' : '+'}${Math.abs(percent).toFixed(digits)}%`;
}

/** A share or probability: 12.3%. */
export function formatShare(value: number): string {
  const percent = value * 100;
  return `${percent.toFixed(Math.abs(percent) >= 10 ? 1 : 2)}%`;
}

/** A difference of rates in percentage points: +0.42 pp. */
export function formatPoints(value: number): string {
  const points = value * 100;
  return `${points < 0 ? '−' : '+'}${Math.abs(points).toPrecision(2)} pp`;
}

/** A p-value: two significant digits, and "< 0.001" below that. */
export function formatPValue(value: number): string {
  return value < 0.001 ? '< 0.001' : `= ${Number(value.toPrecision(2))}`;
}

const list = (items: string[], separator: string) => items.join(separator);

// ---------------------------------------------------------------- the table

type Templates<P> = { en: (p: P) => string; zh: (p: P) => string };
const said = <P>(templates: Templates<P>) => templates;

const TEMPLATES = {
  'lift.prepost.summary': said<{
    incremental: number;
    low: number;
    high: number;
    lift: number;
    pValue: number;
    level: number;
  }>({
    en: (p) =>
      `incremental ${formatVolume(p.incremental)} (${formatShare(p.level)} interval ${formatVolume(p.low)} to ${formatVolume(p.high)}), ${formatSignedShare(p.lift)} against the baseline forecast, p ${formatPValue(p.pValue)}`,
    zh: (p) =>
      `增量 ${formatVolume(p.incremental)}（${formatShare(p.level)} 区间 ${formatVolume(p.low)} 至 ${formatVolume(p.high)}），较基线预测 ${formatSignedShare(p.lift)}，p ${formatPValue(p.pValue)}`,
  }),
  'lift.prepost.summary_no_baseline': said<{
    incremental: number;
    low: number;
    high: number;
    pValue: number;
    level: number;
  }>({
    en: (p) =>
      `incremental ${formatVolume(p.incremental)} (${formatShare(p.level)} interval ${formatVolume(p.low)} to ${formatVolume(p.high)}), p ${formatPValue(p.pValue)}; the baseline forecast is not positive, so there is no relative lift`,
    zh: (p) =>
      `增量 ${formatVolume(p.incremental)}（${formatShare(p.level)} 区间 ${formatVolume(p.low)} 至 ${formatVolume(p.high)}），p ${formatPValue(p.pValue)}；基线预测不为正，无相对提升`,
  }),
  'lift.geo.summary': said<{
    cell: string;
    incremental: number;
    low: number;
    high: number;
    lift: number;
    pValue: number;
    level: number;
  }>({
    en: (p) =>
      `${p.cell}: incremental ${formatVolume(p.incremental)} (${formatShare(p.level)} interval ${formatVolume(p.low)} to ${formatVolume(p.high)}), ${formatSignedShare(p.lift)} against the synthetic control, p ${formatPValue(p.pValue)}`,
    zh: (p) =>
      `${p.cell}：增量 ${formatVolume(p.incremental)}（${formatShare(p.level)} 区间 ${formatVolume(p.low)} 至 ${formatVolume(p.high)}），较合成对照 ${formatSignedShare(p.lift)}，p ${formatPValue(p.pValue)}`,
  }),
  'lift.geo.summary_no_interval': said<{ cell: string; incremental: number; lift: number; pValue: number }>({
    en: (p) =>
      `${p.cell}: incremental ${formatVolume(p.incremental)}, ${formatSignedShare(p.lift)} against the synthetic control, p ${formatPValue(p.pValue)}; no finite interval`,
    zh: (p) =>
      `${p.cell}：增量 ${formatVolume(p.incremental)}，较合成对照 ${formatSignedShare(p.lift)}，p ${formatPValue(p.pValue)}；区间无界`,
  }),
  'lift.design.summary': said<{ treated: string[]; effect: number; incremental: number; power: number }>({
    en: (p) =>
      `testing in ${list(p.treated, ', ')} detects ${formatSignedShare(p.effect)} (${formatVolume(p.incremental)} incremental) with ${formatShare(p.power)} power`,
    zh: (p) =>
      `在 ${list(p.treated, '、')} 测试，可以 ${formatShare(p.power)} 的把握检测到 ${formatSignedShare(p.effect)}（增量 ${formatVolume(p.incremental)}）`,
  }),
  'lift.design.summary_budget': said<{
    treated: string[];
    effect: number;
    incremental: number;
    power: number;
    budget: number;
  }>({
    en: (p) =>
      `testing in ${list(p.treated, ', ')} detects ${formatSignedShare(p.effect)} (${formatVolume(p.incremental)} incremental) with ${formatShare(p.power)} power; at the expected cost per incremental conversion that takes a budget of ${formatVolume(p.budget)}`,
    zh: (p) =>
      `在 ${list(p.treated, '、')} 测试，可以 ${formatShare(p.power)} 的把握检测到 ${formatSignedShare(p.effect)}（增量 ${formatVolume(p.incremental)}）；按预期增量转化成本，需预算 ${formatVolume(p.budget)}`,
  }),
  'lift.design.not_detectable': said<{ treated: string[]; power: number }>({
    en: (p) =>
      `testing in ${list(p.treated, ', ')}: no effect reaches ${formatShare(p.power)} power over the history's placebo windows`,
    zh: (p) =>
      `在 ${list(p.treated, '、')} 测试：历史安慰剂窗口中没有任何效应能达到 ${formatShare(p.power)} 的检验力`,
  }),
  'lift.design.biased': said<{ treated: string[]; falsePositives: number; lift: number }>({
    en: (p) =>
      `testing in ${list(p.treated, ', ')}: in ${formatShare(p.falsePositives)} of the history's placebo windows the synthetic control finds an effect where there was none (placebo lift ${formatSignedShare(p.lift)} on average), so a test there cannot tell an effect from the control's drift`,
    zh: (p) =>
      `在 ${list(p.treated, '、')} 测试：历史安慰剂窗口中有 ${formatShare(p.falsePositives)} 在没有效应时被合成对照判为有效应（安慰剂提升平均 ${formatSignedShare(p.lift)}），在此测试无法区分效应与对照的偏移`,
  }),
  'lift.holdout.summary': said<{
    lift: number;
    low: number;
    high: number;
    pValue: number;
    probability: number;
    level: number;
  }>({
    en: (p) =>
      `conversion rate ${formatSignedShare(p.lift)} against the holdout (${formatShare(p.level)} interval ${formatSignedShare(p.low)} to ${formatSignedShare(p.high)}), p ${formatPValue(p.pValue)}; probability the treatment is better ${formatShare(p.probability)}`,
    zh: (p) =>
      `转化率较对照组 ${formatSignedShare(p.lift)}（${formatShare(p.level)} 区间 ${formatSignedShare(p.low)} 至 ${formatSignedShare(p.high)}），p ${formatPValue(p.pValue)}；实验组更优的概率 ${formatShare(p.probability)}`,
  }),
  'lift.holdout.summary_difference': said<{
    difference: number;
    low: number;
    high: number;
    pValue: number;
    probability: number;
    level: number;
  }>({
    en: (p) =>
      `conversion rate ${formatPoints(p.difference)} against the holdout (${formatShare(p.level)} interval ${formatPoints(p.low)} to ${formatPoints(p.high)}), p ${formatPValue(p.pValue)}; probability the treatment is better ${formatShare(p.probability)}`,
    zh: (p) =>
      `转化率较对照组 ${formatPoints(p.difference)}（${formatShare(p.level)} 区间 ${formatPoints(p.low)} 至 ${formatPoints(p.high)}），p ${formatPValue(p.pValue)}；实验组更优的概率 ${formatShare(p.probability)}`,
  }),
  'lift.search.summary': said<{
    exposedRate: number;
    baselineRate: number;
    lift: number;
    low: number;
    high: number;
    level: number;
  }>({
    en: (p) =>
      `search-back rate ${formatShare(p.exposedRate)} after viewing against ${formatShare(p.baselineRate)} in the matched baseline: ${formatSignedShare(p.lift)} (${formatShare(p.level)} interval ${formatSignedShare(p.low)} to ${formatSignedShare(p.high)})`,
    zh: (p) =>
      `观看后回搜率 ${formatShare(p.exposedRate)}，匹配基线 ${formatShare(p.baselineRate)}：${formatSignedShare(p.lift)}（${formatShare(p.level)} 区间 ${formatSignedShare(p.low)} 至 ${formatSignedShare(p.high)}）`,
  }),
  'lift.search.summary_no_baseline': said<{ exposedRate: number; baselineRate: number }>({
    en: (p) =>
      `search-back rate ${formatShare(p.exposedRate)} after viewing against ${formatShare(p.baselineRate)} in the matched baseline; with no searcher in one of them there is no relative lift`,
    zh: (p) =>
      `观看后回搜率 ${formatShare(p.exposedRate)}，匹配基线 ${formatShare(p.baselineRate)}；其中一组无人搜索，无相对提升`,
  }),

  // Notes
  'lift.note.events_left_out': said<{ events: string[]; days: number }>({
    en: (p) =>
      `${p.days} day(s) of ${list(p.events, ', ')} left out of the measured window: the event does not occur in the pre-period, so its effect cannot be told from the campaign's`,
    zh: (p) =>
      `已从测量窗口剔除 ${list(p.events, '、')} 的 ${p.days} 天：该事件未在前期出现，无法与活动效果区分`,
  }),
  'lift.note.missing_days': said<{ days: number }>({
    en: (p) => `${p.days} day(s) without a value (of the KPI or a control) left out`,
    zh: (p) => `已剔除 ${p.days} 天缺失数据（指标或对照序列）`,
  }),
  'lift.note.autocorrelated': said<{ rho: number }>({
    en: (p) =>
      `the baseline's errors carry over from day to day (lag-1 correlation ${p.rho.toFixed(2)}): intervals that assume independent days are too narrow; use the AR(1) error model`,
    zh: (p) =>
      `基线残差逐日相关（一阶自相关 ${p.rho.toFixed(2)}）：假设逐日独立的区间偏窄，请使用 AR(1) 误差模型`,
  }),
  'lift.note.few_degrees': said<{ degrees: number }>({
    en: (p) =>
      `the baseline rests on only ${p.degrees} day(s) more than it has parameters: its interval is wide and its trend uncertain`,
    zh: (p) => `基线模型的天数仅比参数多 ${p.degrees} 天：区间较宽，趋势不确定`,
  }),
  'lift.note.few_permutations': said<{ days: number; alpha: number }>({
    en: (p) =>
      `with ${p.days} days the permutation p-value cannot fall below 1/${p.days}, which is above ${formatShare(p.alpha)}: the test cannot find an effect significant; use a longer history`,
    zh: (p) =>
      `仅 ${p.days} 天时置换 p 值不低于 1/${p.days}，高于 ${formatShare(p.alpha)}：检验无法得出显著结果，请使用更长的历史`,
  }),
  'lift.note.interval_open': said<{ side: string }>({
    en: (p) =>
      `the interval has no finite ${p.side === 'low' ? 'lower' : 'upper'} end: effects that far are not rejected`,
    zh: (p) => `区间${p.side === 'low' ? '下' : '上'}端无界：如此大的效应也未被拒绝`,
  }),
  'lift.note.no_positive_lift': said<Record<string, never>>({
    en: () => 'no incremental volume: there is no cost per incremental conversion',
    zh: () => '没有增量：无法计算单位增量转化成本',
  }),
  'lift.note.small_counts': said<Record<string, never>>({
    en: () =>
      'fewer than 5 conversions (or non-conversions) in a group: the z-test and the intervals are rough there; the Bayesian probability is exact',
    zh: () => '某组转化（或未转化）少于 5 个：z 检验和区间仅为粗略近似；贝叶斯概率为精确值',
  }),
} as const;

export type LiftMessageKey = keyof typeof TEMPLATES;

/** Every lift message key, for clients that check their translations are complete. */
export const LIFT_MESSAGE_KEYS = Object.freeze(Object.keys(TEMPLATES) as LiftMessageKey[]);

type ParamsOf<K extends LiftMessageKey> = Parameters<(typeof TEMPLATES)[K]['en']>[0];

/** A lift message with its parameters checked against the key's template. */
export function liftMessage<K extends LiftMessageKey>(key: K, params: ParamsOf<K>): LiftMessage {
  return { key, params: params as unknown as Record<string, MessageValue> };
}

/** The message said in English or Chinese. */
export function sayLiftMessage(message: LiftMessage, language: LiftLanguage = 'en'): string {
  const templates = TEMPLATES[message.key] as unknown as Templates<Record<string, MessageValue>> | undefined;
  if (!templates) throw new Error(`no template for the lift message key \`${message.key}\``);
  return templates[language](message.params);
}
