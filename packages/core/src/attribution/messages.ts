/**
 * Sentences the attribution models write for people, as a stable key and its parameters (the
 * pattern of `targets/messages.ts`), with their English and Chinese made from the same table so
 * neither can be missing or drift: `sayAttribution(message, 'zh')`.
 *
 * Parameters are data: shares as fractions (0.19 is 19%), model ids (`first_touch`, …), channel
 * names and codes as typed, counts and values as numbers. `ATTRIBUTION_MESSAGE_FORMATS` names
 * how each parameter is said (`share`, `model`, `count`, `amount`, `codes`), for
 * clients that render with their own template engine.
 */
import { dimensionValueLabelOf } from '../labels/index.js';
import { type MessageFormat, type MessageTable, type MessageTemplate, sayMessage } from '../messages/say.js';

/** Every model the side-by-side view can show, in its column order. */
export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position',
  'time_decay',
  'markov',
  'shapley',
] as const;
export type AttributionModelId = (typeof ATTRIBUTION_MODELS)[number];

export type AttributionLanguage = 'en' | 'zh';

const MODEL_NAMES: Record<AttributionModelId, Record<AttributionLanguage, string>> = {
  first_touch: { en: 'first touch', zh: '首次触点' },
  last_touch: { en: 'last touch', zh: '末次触点' },
  last_non_direct: { en: 'last non-direct touch', zh: '末次非直接触点' },
  linear: { en: 'linear', zh: '线性' },
  position: { en: 'position-based', zh: '位置加权' },
  time_decay: { en: 'time decay', zh: '时间衰减' },
  markov: { en: 'Markov', zh: '马尔可夫' },
  shapley: { en: 'Shapley', zh: '沙普利' },
};

/** A model's name in a language. */
export function modelName(model: AttributionModelId, language: AttributionLanguage): string {
  return MODEL_NAMES[model][language];
}

export type AttributionMessageValue = string | number | string[];

export interface AttributionMessage {
  key: AttributionMessageKey;
  params: Record<string, AttributionMessageValue>;
}

// ---------------------------------------------------------------- formats

/** 19% · 4% · 0.4% (a decimal only under 1%, where a whole number would say 0%). */
export function sharePercent(share: number): string {
  const percent = share * 100;
  if (percent !== 0 && Math.abs(percent) < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}

/** 12,345.6 — at most two decimals, grouped thousands (the same in both languages). */
export function amount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

const asNumber = (value: string | number | boolean) => (typeof value === 'number' ? value : Number(value));

/**
 * Said by core's message module (`messages/say.ts`): shares as percentages, models by their names,
 * counts and amounts grouped, channels by their labels in the language (抖音, Douyin; a journey's
 * own step, a search engine, as written), codes joined by `commas`.
 */
const FORMATS: Readonly<Record<string, MessageFormat>> = {
  share: (value) => sharePercent(asNumber(value)),
  model: (value, language) => modelName(value as AttributionModelId, language),
  count: (value) => amount(asNumber(value)),
  amount: (value) => amount(asNumber(value)),
  channel: (value, language) => dimensionValueLabelOf('channel', String(value), language) ?? String(value),
};

// ---------------------------------------------------------------- the table

type Template = MessageTemplate & { formats: Readonly<Record<string, string>> };

const DISAGREEMENT_FORMATS = {
  channel: 'channel',
  lowModel: 'model',
  lowShare: 'share',
  highModel: 'model',
  highShare: 'share',
} as const;
const COMPARED = {
  en: '{lowModel, model} gives {channel, channel} {lowShare, share}, {highModel, model} {highShare, share}',
  zh: '{lowModel, model}给 {channel, channel} {lowShare, share}，{highModel, model}给 {highShare, share}',
};

const TEMPLATES = {
  'attribution.disagreement.opens': {
    formats: DISAGREEMENT_FORMATS,
    en: `${COMPARED.en}: it opens journeys that others close`,
    zh: `${COMPARED.zh}：它开启的旅程多由其他渠道收尾`,
  },
  'attribution.disagreement.closes': {
    formats: DISAGREEMENT_FORMATS,
    en: `${COMPARED.en}: it closes journeys that others open`,
    zh: `${COMPARED.zh}：它收尾的旅程多由其他渠道开启`,
  },
  'attribution.disagreement.middle': {
    formats: DISAGREEMENT_FORMATS,
    en: `${COMPARED.en}: it works in the middle of journeys, where first and last touch do not look`,
    zh: `${COMPARED.zh}：它多出现在旅程中段，首次和末次触点模型都看不到`,
  },
  'attribution.disagreement.differs': {
    formats: DISAGREEMENT_FORMATS,
    en: COMPARED.en,
    zh: COMPARED.zh,
  },
  'attribution.journeys.untouched': {
    formats: { conversions: 'count', value: 'amount', days: 'count' },
    en: '{conversions, count} conversion(s) worth {value, amount} had no touch in the {days, count}-day lookback: no channel is credited with them',
    zh: '{conversions, count} 次转化（价值 {value, amount}）在 {days, count} 天回溯窗口内没有触点，未归因到任何渠道',
  },
  'attribution.coupon.unknown_codes': {
    formats: { orders: 'count', codes: 'codes', value: 'amount' },
    en: '{orders, count} order(s) used codes no creator owns ({codes, commas}): {value, amount} is not credited',
    zh: '{orders, count} 笔订单使用了未登记归属的券码或口令（{codes, commas}），价值 {value, amount} 未归因',
  },
  'attribution.shapley.sampled': {
    formats: { channels: 'count', samples: 'count', limit: 'count' },
    en: 'Shapley values estimated from {samples, count} random orderings of {channels, count} channels (exact up to {limit, count}): each credit carries its standard error',
    zh: '沙普利值由 {samples, count} 个随机排列估计（{channels, count} 个渠道，超过精确计算上限 {limit, count}）：各渠道结果附标准误',
  },
} satisfies Record<string, Template>;

/** The templates as core's message module reads them. */
export const ATTRIBUTION_TEMPLATES: MessageTable = TEMPLATES;

export type AttributionMessageKey = keyof typeof TEMPLATES;

export const ATTRIBUTION_MESSAGE_KEYS = Object.freeze(Object.keys(TEMPLATES) as AttributionMessageKey[]);

/** Which parameter of which key is said in which format; the rest are said as they are. */
export const ATTRIBUTION_MESSAGE_FORMATS: Readonly<
  Record<AttributionMessageKey, Readonly<Record<string, string>>>
> = (() => {
  const formats = {} as Record<AttributionMessageKey, Readonly<Record<string, string>>>;
  for (const key of ATTRIBUTION_MESSAGE_KEYS) formats[key] = TEMPLATES[key].formats;
  return Object.freeze(formats);
})();

export function attributionMessage(
  key: AttributionMessageKey,
  params: Record<string, AttributionMessageValue>,
): AttributionMessage {
  return { key, params };
}

export function isAttributionMessageKey(key: string): key is AttributionMessageKey {
  return Object.hasOwn(TEMPLATES, key);
}

/** The message in English or Chinese. */
export function sayAttribution(message: AttributionMessage, language: AttributionLanguage): string {
  if (!isAttributionMessageKey(message.key))
    throw new Error(`no text for the message key \`${message.key}\``);
  return sayMessage(message, language, {
    template: (key) => (isAttributionMessageKey(key) ? TEMPLATES[key] : undefined),
    formats: FORMATS,
  });
}
