/**
 * Sentences the lift use cases add to the models' own (core `lift/messages.ts`): how a series
 * was taken from the workspace, and the incrementality factor a result gives. Each is a stable
 * key and its parameters with its English and Chinese text, said in both languages wherever a
 * result leaves the application layer.
 */
import { type LiftMessage, type MessageValue, sayLiftMessage } from '@markpi/core';

export interface LiftAppMessage {
  key: LiftAppMessageKey;
  params: Record<string, MessageValue>;
}

/** A message of the models or of the use cases, with its text in both languages. */
export interface LiftSaid {
  key: string;
  params: Record<string, MessageValue>;
  text: { en: string; zh: string };
}

const share = (value: number) => `${(value * 100).toFixed(Math.abs(value) >= 0.1 ? 0 : 1)}%`;
const factor = (value: number) => value.toFixed(value >= 10 ? 1 : 3);
const count = (value: number) => Math.round(value).toLocaleString('en-US');

type Templates<P> = { en: (p: P) => string; zh: (p: P) => string };
const said = <P>(templates: Templates<P>) => templates;

const TEMPLATES = {
  'lift.series.zero_days': said<{ days: number }>({
    en: (p) => `${p.days} day(s) without rows in the scope count as 0: the KPI adds up, so no rows is none`,
    zh: (p) => `范围内有 ${p.days} 天没有数据行，按 0 计：该指标可加总，没有数据即为 0`,
  }),
  'lift.series.starts_later': said<{ from: string }>({
    en: (p) => `the scope's first day with data is ${p.from}; the series starts there`,
    zh: (p) => `该范围最早有数据的日期为 ${p.from}，序列从这一天开始`,
  }),
  'lift.series.unnamed_rows': said<{ dimension: string }>({
    en: (p) => `rows without a ${p.dimension} are left out of the panel`,
    zh: (p) => `没有 ${p.dimension} 的数据行未计入面板`,
  }),
  'lift.series.locations_incomplete': said<{ locations: string[] }>({
    en: (p) =>
      `${p.locations.join(', ')} left out: the KPI does not add up, so a day without a value cannot be taken as 0`,
    zh: (p) => `已剔除 ${p.locations.join('、')}：该指标不可加总，缺值的日期不能按 0 计`,
  }),
  'lift.series.not_additive': said<{ kpi: string }>({
    en: (p) =>
      `${p.kpi} does not add up over days: its incremental total is a sum of daily differences, not a volume; read the relative lift`,
    zh: (p) => `${p.kpi} 不可按天加总：其增量合计只是逐日差值之和，并非数量；请看相对提升`,
  }),
  'lift.calibration.factor': said<{
    channel: string;
    factor: number;
    incremental: number;
    attributed: number;
    basis: string;
  }>({
    en: (p) =>
      `incrementality factor ${factor(p.factor)} for ${p.channel}: ${count(p.incremental)} incremental against ${count(p.attributed)} ${p.basis === 'platform_conversions' ? 'conversions the platform reported' : `attributed (${p.basis})`} over the same scope and days`,
    zh: (p) =>
      `${p.channel} 的增量系数为 ${factor(p.factor)}：同一范围、同一时段内增量 ${count(p.incremental)}，${p.basis === 'platform_conversions' ? '平台报告的转化' : `归因（${p.basis}）`} ${count(p.attributed)}`,
  }),
  'lift.calibration.several_channels': said<{ channels: string[] }>({
    en: (p) =>
      `no incrementality factor: the scope spans ${p.channels.join(', ')}; name the channel the test was about`,
    zh: (p) => `未计算增量系数：该范围涉及 ${p.channels.join('、')}，请指明测试针对的渠道`,
  }),
  'lift.calibration.no_attributed': said<{ channel: string }>({
    en: (p) =>
      `no incrementality factor: ${p.channel} reports no attributed conversions in the scope and days`,
    zh: (p) => `未计算增量系数：${p.channel} 在该范围和时段内没有归因转化`,
  }),
  'lift.calibration.kpi_not_counted': said<{ kpi: string; kpis: string[] }>({
    en: (p) =>
      `no incrementality factor: ${p.kpi} is not what attribution counts (${p.kpis.join(' or ')}), so the two cannot be divided`,
    zh: (p) => `未计算增量系数：${p.kpi} 不是归因统计的指标（${p.kpis.join(' 或 ')}），二者无法相除`,
  }),
  'lift.calibration.negative': said<{ channel: string }>({
    en: (p) =>
      `${p.channel}'s measured factor is below 0; calibrated ROAS counts it as 0 (the test found no incremental conversions)`,
    zh: (p) => `${p.channel} 的增量系数低于 0；校准 ROAS 按 0 计（测试未发现增量转化）`,
  }),
  'lift.ledger.share_of_attributed': said<{ share: number }>({
    en: (p) => `${share(p.share)} of attributed conversions were incremental`,
    zh: (p) => `归因转化中有 ${share(p.share)} 为增量`,
  }),
} as const;

export type LiftAppMessageKey = keyof typeof TEMPLATES;

/** Every key of this module, for clients that check their translations are complete. */
export const LIFT_APP_MESSAGE_KEYS = Object.freeze(Object.keys(TEMPLATES) as LiftAppMessageKey[]);

type ParamsOf<K extends LiftAppMessageKey> = Parameters<(typeof TEMPLATES)[K]['en']>[0];

export function liftAppMessage<K extends LiftAppMessageKey>(key: K, params: ParamsOf<K>): LiftAppMessage {
  return { key, params: params as unknown as Record<string, MessageValue> };
}

function isAppKey(key: string): key is LiftAppMessageKey {
  return Object.hasOwn(TEMPLATES, key);
}

/** A model's or a use case's message with its text in English and Chinese. */
export function sayLift(message: LiftMessage | LiftAppMessage): LiftSaid {
  const { key, params } = message;
  if (isAppKey(key)) {
    const templates = TEMPLATES[key] as unknown as Templates<Record<string, MessageValue>>;
    return { key, params, text: { en: templates.en(params), zh: templates.zh(params) } };
  }
  const model = message as LiftMessage;
  return { key, params, text: { en: sayLiftMessage(model, 'en'), zh: sayLiftMessage(model, 'zh') } };
}
