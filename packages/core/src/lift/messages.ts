/**
 * Sentences the lift models say to people, as a stable key and its parameters (the pattern of
 * `targets/messages.ts`), each with its English and Chinese here so neither language lags.
 * Parameters are data: volumes and money as numbers, rates, lifts and probabilities as
 * fractions (0.05 is 5%), location and event names as given, lists as lists.
 */
import { type MessageFormat, type MessageTable, type MessageTemplate, sayMessage } from '../messages/say.js';
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

const asNumber = (value: string | number | boolean) => (typeof value === 'number' ? value : Number(value));

/**
 * Said by core's message module (`messages/say.ts`) with the formats above; lists (locations,
 * events) are joined by `commas`, a correlation has two decimals, an interval's open side is
 * its lower or upper end.
 */
const FORMATS: Readonly<Record<string, MessageFormat>> = {
  volume: (value) => formatVolume(asNumber(value)),
  signedShare: (value) => formatSignedShare(asNumber(value)),
  share: (value) => formatShare(asNumber(value)),
  points: (value) => formatPoints(asNumber(value)),
  pValue: (value) => formatPValue(asNumber(value)),
  twoDecimals: (value) => asNumber(value).toFixed(2),
  side: (value, language) =>
    language === 'zh' ? (value === 'low' ? '下' : '上') : value === 'low' ? 'lower' : 'upper',
};

// ---------------------------------------------------------------- the table

/** A key's two templates, typed with the parameters its callers give (`liftMessage` checks them). */
type Templates<P> = MessageTemplate & { readonly params?: P };
const said = <P>(templates: MessageTemplate): Templates<P> => templates;

const TEMPLATES = {
  'lift.prepost.summary': said<{
    incremental: number;
    low: number;
    high: number;
    lift: number;
    pValue: number;
    level: number;
  }>({
    en: 'incremental {incremental, volume} ({level, share} interval {low, volume} to {high, volume}), {lift, signedShare} against the baseline forecast, p {pValue, pValue}',
    zh: '增量 {incremental, volume}（{level, share} 区间 {low, volume} 至 {high, volume}），较基线预测 {lift, signedShare}，p {pValue, pValue}',
  }),
  'lift.prepost.summary_no_baseline': said<{
    incremental: number;
    low: number;
    high: number;
    pValue: number;
    level: number;
  }>({
    en: 'incremental {incremental, volume} ({level, share} interval {low, volume} to {high, volume}), p {pValue, pValue}; the baseline forecast is not positive, so there is no relative lift',
    zh: '增量 {incremental, volume}（{level, share} 区间 {low, volume} 至 {high, volume}），p {pValue, pValue}；基线预测不为正，无相对提升',
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
    en: '{cell}: incremental {incremental, volume} ({level, share} interval {low, volume} to {high, volume}), {lift, signedShare} against the synthetic control, p {pValue, pValue}',
    zh: '{cell}：增量 {incremental, volume}（{level, share} 区间 {low, volume} 至 {high, volume}），较合成对照 {lift, signedShare}，p {pValue, pValue}',
  }),
  'lift.geo.summary_no_interval': said<{ cell: string; incremental: number; lift: number; pValue: number }>({
    en: '{cell}: incremental {incremental, volume}, {lift, signedShare} against the synthetic control, p {pValue, pValue}; no finite interval',
    zh: '{cell}：增量 {incremental, volume}，较合成对照 {lift, signedShare}，p {pValue, pValue}；区间无界',
  }),
  'lift.design.summary': said<{ treated: string[]; effect: number; incremental: number; power: number }>({
    en: 'testing in {treated, commas} detects {effect, signedShare} ({incremental, volume} incremental) with {power, share} power',
    zh: '在 {treated, commas} 测试，可以 {power, share} 的把握检测到 {effect, signedShare}（增量 {incremental, volume}）',
  }),
  'lift.design.summary_budget': said<{
    treated: string[];
    effect: number;
    incremental: number;
    power: number;
    budget: number;
  }>({
    en: 'testing in {treated, commas} detects {effect, signedShare} ({incremental, volume} incremental) with {power, share} power; at the expected cost per incremental conversion that takes a budget of {budget, volume}',
    zh: '在 {treated, commas} 测试，可以 {power, share} 的把握检测到 {effect, signedShare}（增量 {incremental, volume}）；按预期增量转化成本，需预算 {budget, volume}',
  }),
  'lift.design.not_detectable': said<{ treated: string[]; power: number }>({
    en: "testing in {treated, commas}: no effect reaches {power, share} power over the history's placebo windows",
    zh: '在 {treated, commas} 测试：历史安慰剂窗口中没有任何效应能达到 {power, share} 的检验力',
  }),
  'lift.design.biased': said<{ treated: string[]; falsePositives: number; lift: number }>({
    en: "testing in {treated, commas}: in {falsePositives, share} of the history's placebo windows the synthetic control finds an effect where there was none (placebo lift {lift, signedShare} on average), so a test there cannot tell an effect from the control's drift",
    zh: '在 {treated, commas} 测试：历史安慰剂窗口中有 {falsePositives, share} 在没有效应时被合成对照判为有效应（安慰剂提升平均 {lift, signedShare}），在此测试无法区分效应与对照的偏移',
  }),
  'lift.holdout.summary': said<{
    lift: number;
    low: number;
    high: number;
    pValue: number;
    probability: number;
    level: number;
  }>({
    en: 'conversion rate {lift, signedShare} against the holdout ({level, share} interval {low, signedShare} to {high, signedShare}), p {pValue, pValue}; probability the treatment is better {probability, share}',
    zh: '转化率较对照组 {lift, signedShare}（{level, share} 区间 {low, signedShare} 至 {high, signedShare}），p {pValue, pValue}；实验组更优的概率 {probability, share}',
  }),
  'lift.holdout.summary_difference': said<{
    difference: number;
    low: number;
    high: number;
    pValue: number;
    probability: number;
    level: number;
  }>({
    en: 'conversion rate {difference, points} against the holdout ({level, share} interval {low, points} to {high, points}), p {pValue, pValue}; probability the treatment is better {probability, share}',
    zh: '转化率较对照组 {difference, points}（{level, share} 区间 {low, points} 至 {high, points}），p {pValue, pValue}；实验组更优的概率 {probability, share}',
  }),
  'lift.search.summary': said<{
    exposedRate: number;
    baselineRate: number;
    lift: number;
    low: number;
    high: number;
    level: number;
  }>({
    en: 'search-back rate {exposedRate, share} after viewing against {baselineRate, share} in the matched baseline: {lift, signedShare} ({level, share} interval {low, signedShare} to {high, signedShare})',
    zh: '观看后回搜率 {exposedRate, share}，匹配基线 {baselineRate, share}：{lift, signedShare}（{level, share} 区间 {low, signedShare} 至 {high, signedShare}）',
  }),
  'lift.search.summary_no_baseline': said<{ exposedRate: number; baselineRate: number }>({
    en: 'search-back rate {exposedRate, share} after viewing against {baselineRate, share} in the matched baseline; with no searcher in one of them there is no relative lift',
    zh: '观看后回搜率 {exposedRate, share}，匹配基线 {baselineRate, share}；其中一组无人搜索，无相对提升',
  }),

  // Notes
  'lift.note.events_left_out': said<{ events: string[]; days: number }>({
    en: "{days} day(s) of {events, commas} left out of the measured window: the event does not occur in the pre-period, so its effect cannot be told from the campaign's",
    zh: '已从测量窗口剔除 {events, commas} 的 {days} 天：该事件未在前期出现，无法与活动效果区分',
  }),
  'lift.note.missing_days': said<{ days: number }>({
    en: '{days} day(s) without a value (of the KPI or a control) left out',
    zh: '已剔除 {days} 天缺失数据（指标或对照序列）',
  }),
  'lift.note.autocorrelated': said<{ rho: number }>({
    en: "the baseline's errors carry over from day to day (lag-1 correlation {rho, twoDecimals}): intervals that assume independent days are too narrow; use the AR(1) error model",
    zh: '基线残差逐日相关（一阶自相关 {rho, twoDecimals}）：假设逐日独立的区间偏窄，请使用 AR(1) 误差模型',
  }),
  'lift.note.few_degrees': said<{ degrees: number }>({
    en: 'the baseline rests on only {degrees} day(s) more than it has parameters: its interval is wide and its trend uncertain',
    zh: '基线模型的天数仅比参数多 {degrees} 天：区间较宽，趋势不确定',
  }),
  'lift.note.few_permutations': said<{ days: number; alpha: number }>({
    en: 'with {days} days the permutation p-value cannot fall below 1/{days}, which is above {alpha, share}: the test cannot find an effect significant; use a longer history',
    zh: '仅 {days} 天时置换 p 值不低于 1/{days}，高于 {alpha, share}：检验无法得出显著结果，请使用更长的历史',
  }),
  'lift.note.interval_open': said<{ side: string }>({
    en: 'the interval has no finite {side, side} end: effects that far are not rejected',
    zh: '区间{side, side}端无界：如此大的效应也未被拒绝',
  }),
  'lift.note.no_positive_lift': said<Record<string, never>>({
    en: 'no incremental volume: there is no cost per incremental conversion',
    zh: '没有增量：无法计算单位增量转化成本',
  }),
  'lift.note.small_counts': said<Record<string, never>>({
    en: 'fewer than 5 conversions (or non-conversions) in a group: the z-test and the intervals are rough there; the Bayesian probability is exact',
    zh: '某组转化（或未转化）少于 5 个：z 检验和区间仅为粗略近似；贝叶斯概率为精确值',
  }),
} as const;

export type LiftMessageKey = keyof typeof TEMPLATES;

/** Every lift message key, for clients that check their translations are complete. */
export const LIFT_MESSAGE_KEYS = Object.freeze(Object.keys(TEMPLATES) as LiftMessageKey[]);

type ParamsOf<K extends LiftMessageKey> = NonNullable<(typeof TEMPLATES)[K]['params']>;

/** A lift message with its parameters checked against the key's template. */
export function liftMessage<K extends LiftMessageKey>(key: K, params: ParamsOf<K>): LiftMessage {
  return { key, params: params as unknown as Record<string, MessageValue> };
}

/** The message said in English or Chinese. */
export function sayLiftMessage(message: LiftMessage, language: LiftLanguage = 'en'): string {
  if (!Object.hasOwn(TEMPLATES, message.key))
    throw new Error(`no template for the lift message key \`${message.key}\``);
  return sayMessage(message, language, {
    template: (key) => (Object.hasOwn(TEMPLATES, key) ? TEMPLATES[key as LiftMessageKey] : undefined),
    formats: FORMATS,
  });
}

/** The templates as core's message module reads them. */
export const LIFT_TEMPLATES: MessageTable = TEMPLATES;
