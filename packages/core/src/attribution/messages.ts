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

type Say = (value: AttributionMessageValue) => string;
const asNumber = (value: AttributionMessageValue) => (typeof value === 'number' ? value : Number(value));
const asList = (value: AttributionMessageValue) => (Array.isArray(value) ? value : [String(value)]);

const FORMATTERS: Record<string, (language: AttributionLanguage) => Say> = {
  share: () => (value) => sharePercent(asNumber(value)),
  model: (language) => (value) => modelName(value as AttributionModelId, language),
  count: () => (value) => amount(asNumber(value)),
  amount: () => (value) => amount(asNumber(value)),
  codes: (language) => (value) => asList(value).join(language === 'zh' ? '、' : ', '),
  // A channel by its name in the language (抖音, Douyin); a journey's own step (a search engine) as written.
  channel: (language) => (value) =>
    dimensionValueLabelOf('channel', String(value), language) ?? String(value),
};

// ---------------------------------------------------------------- the table

type Params = Record<string, string>;
interface Template {
  formats: Record<string, keyof typeof FORMATTERS>;
  en: (p: Params) => string;
  zh: (p: Params) => string;
}

const DISAGREEMENT_FORMATS = {
  channel: 'channel',
  lowModel: 'model',
  lowShare: 'share',
  highModel: 'model',
  highShare: 'share',
} as const;
const compared = {
  en: (p: Params) => `${p.lowModel} gives ${p.channel} ${p.lowShare}, ${p.highModel} ${p.highShare}`,
  zh: (p: Params) => `${p.lowModel}给 ${p.channel} ${p.lowShare}，${p.highModel}给 ${p.highShare}`,
};

const TEMPLATES = {
  'attribution.disagreement.opens': {
    formats: DISAGREEMENT_FORMATS,
    en: (p) => `${compared.en(p)}: it opens journeys that others close`,
    zh: (p) => `${compared.zh(p)}：它开启的旅程多由其他渠道收尾`,
  },
  'attribution.disagreement.closes': {
    formats: DISAGREEMENT_FORMATS,
    en: (p) => `${compared.en(p)}: it closes journeys that others open`,
    zh: (p) => `${compared.zh(p)}：它收尾的旅程多由其他渠道开启`,
  },
  'attribution.disagreement.middle': {
    formats: DISAGREEMENT_FORMATS,
    en: (p) =>
      `${compared.en(p)}: it works in the middle of journeys, where first and last touch do not look`,
    zh: (p) => `${compared.zh(p)}：它多出现在旅程中段，首次和末次触点模型都看不到`,
  },
  'attribution.disagreement.differs': {
    formats: DISAGREEMENT_FORMATS,
    en: (p) => compared.en(p),
    zh: (p) => compared.zh(p),
  },
  'attribution.journeys.untouched': {
    formats: { conversions: 'count', value: 'amount', days: 'count' },
    en: (p) =>
      `${p.conversions} conversion(s) worth ${p.value} had no touch in the ${p.days}-day lookback: no channel is credited with them`,
    zh: (p) =>
      `${p.conversions} 次转化（价值 ${p.value}）在 ${p.days} 天回溯窗口内没有触点，未归因到任何渠道`,
  },
  'attribution.coupon.unknown_codes': {
    formats: { orders: 'count', codes: 'codes', value: 'amount' },
    en: (p) => `${p.orders} order(s) used codes no creator owns (${p.codes}): ${p.value} is not credited`,
    zh: (p) => `${p.orders} 笔订单使用了未登记归属的券码或口令（${p.codes}），价值 ${p.value} 未归因`,
  },
  'attribution.shapley.sampled': {
    formats: { channels: 'count', samples: 'count', limit: 'count' },
    en: (p) =>
      `Shapley values estimated from ${p.samples} random orderings of ${p.channels} channels (exact up to ${p.limit}): each credit carries its standard error`,
    zh: (p) =>
      `沙普利值由 ${p.samples} 个随机排列估计（${p.channels} 个渠道，超过精确计算上限 ${p.limit}）：各渠道结果附标准误`,
  },
} satisfies Record<string, Template>;

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
  const template: Template = TEMPLATES[message.key];
  const said: Params = {};
  for (const [name, value] of Object.entries(message.params)) {
    const format = template.formats[name];
    said[name] = format
      ? FORMATTERS[format]!(language)(value)
      : Array.isArray(value)
        ? value.join(', ')
        : String(value);
  }
  return template[language](said);
}
