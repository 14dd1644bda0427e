/**
 * Sentences the customer views write for people, as a stable key and its parameters (the
 * pattern of `targets/messages.ts`), with English and Chinese from one table so neither can be
 * missing: `sayCustomers(message, 'zh')`. Parameters are data: amounts and counts as numbers,
 * months as `YYYY-MM`, model names as ids (`bgnbd`, `gamma_gamma`).
 */
import { type MessageFormat, type MessageTable, sayMessage } from '../messages/say.js';

export type CustomersLanguage = 'en' | 'zh';
export type CustomersMessageValue = string | number;

export interface CustomersMessage {
  key: CustomersMessageKey;
  params: Record<string, CustomersMessageValue>;
}

const MODEL_NAMES: Record<string, Record<CustomersLanguage, string>> = {
  bgnbd: { en: 'BG/NBD purchase model', zh: 'BG/NBD 购买模型' },
  gamma_gamma: { en: 'Gamma-Gamma spend model', zh: 'Gamma-Gamma 客单价模型' },
};

/**
 * Said by core's message module (`messages/say.ts`): figures by `number` (grouped, two decimals
 * at most), model ids by `model`, a unit of time by `timeUnit` (week, day).
 */
const TEMPLATES = {
  'customers.unallocated_shared': {
    en: '{amount, number} of shared costs fell in months without new customers and is not in any CAC',
    zh: '{amount, number} 的共享费用所在月份没有新客户，未计入任何渠道的获客成本',
  },
  'customers.not_converged': {
    en: 'The {model, model} fit did not converge; treat its parameters with care',
    zh: '{model, model}拟合未收敛，参数仅供参考',
  },
  'customers.no_dropout': {
    en: "The {customers, number} customers' purchases show no sign of dropping out: the BG/NBD drop-out rate is not identified (a → 0), so the NBD model without drop-out is reported (r and α) and every customer counts as alive",
    zh: '{customers, number} 位客户的购买记录看不出流失迹象：BG/NBD 的流失率无法识别（a → 0），因此给出不含流失的 NBD 模型（r 与 α），所有客户均视为仍活跃',
  },
  'customers.partial_month': {
    en: '{month} is not over yet (data through {date}): its column is partial',
    zh: '{month} 尚未结束（数据截至 {date}），该列数据不完整',
  },
  'customers.no_spend_model': {
    en: 'Too few repeat buyers ({customers, number}) to fit the spend model; no projected value',
    zh: '复购客户太少（{customers, number} 位），无法拟合客单价模型，不给出预测价值',
  },
  'customers.backtest': {
    en: "Predicting {holdout, number} {unit, timeUnit} ahead: the model's mean absolute error is {modelError, number} purchases per customer, the naive average rate's {naiveError, number}",
    zh: '预测未来 {holdout, number} {unit, timeUnit}：模型每位客户的平均绝对误差为 {modelError, number} 次购买，朴素平均频率法为 {naiveError, number} 次',
  },
} as const satisfies MessageTable;

const FORMATS: Readonly<Record<string, MessageFormat>> = {
  number: (value) =>
    (typeof value === 'number' ? value : Number(value)).toLocaleString('en-US', { maximumFractionDigits: 2 }),
  model: (value, language) => MODEL_NAMES[String(value)]?.[language] ?? String(value),
  timeUnit: (value, language) => (language === 'en' ? String(value) : value === 'week' ? '周' : '天'),
};

export type CustomersMessageKey = keyof typeof TEMPLATES;
export const CUSTOMERS_MESSAGE_KEYS = Object.keys(TEMPLATES) as CustomersMessageKey[];

/** The message in a language. */
export function sayCustomers(message: CustomersMessage, language: CustomersLanguage): string {
  return sayMessage(message, language, {
    template: (key) => TEMPLATES[key as CustomersMessageKey],
    formats: FORMATS,
  });
}
