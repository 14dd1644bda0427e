/**
 * Sentences the customer views write for people, as a stable key and its parameters (the
 * pattern of `targets/messages.ts`), with English and Chinese from one table so neither can be
 * missing: `sayCustomers(message, 'zh')`. Parameters are data: amounts and counts as numbers,
 * months as `YYYY-MM`, model names as ids (`bgnbd`, `gamma_gamma`).
 */

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

const number = (value: CustomersMessageValue) =>
  (typeof value === 'number' ? value : Number(value)).toLocaleString('en-US', { maximumFractionDigits: 2 });
const model = (value: CustomersMessageValue, language: CustomersLanguage) =>
  MODEL_NAMES[String(value)]?.[language] ?? String(value);

type Params = Record<string, CustomersMessageValue>;
interface Template {
  en: (p: Params) => string;
  zh: (p: Params) => string;
}

const TEMPLATES = {
  'customers.unallocated_shared': {
    en: (p) =>
      `${number(p.amount!)} of shared costs fell in months without new customers and is not in any CAC`,
    zh: (p) => `${number(p.amount!)} 的共享费用所在月份没有新客户，未计入任何渠道的获客成本`,
  },
  'customers.not_converged': {
    en: (p) => `The ${model(p.model!, 'en')} fit did not converge; treat its parameters with care`,
    zh: (p) => `${model(p.model!, 'zh')}拟合未收敛，参数仅供参考`,
  },
  'customers.no_dropout': {
    en: (p) =>
      `The ${number(p.customers!)} customers' purchases show no sign of dropping out: the BG/NBD drop-out rate is not identified (a → 0), so the NBD model without drop-out is reported (r and α) and every customer counts as alive`,
    zh: (p) =>
      `${number(p.customers!)} 位客户的购买记录看不出流失迹象：BG/NBD 的流失率无法识别（a → 0），因此给出不含流失的 NBD 模型（r 与 α），所有客户均视为仍活跃`,
  },
  'customers.partial_month': {
    en: (p) => `${p.month} is not over yet (data through ${p.date}): its column is partial`,
    zh: (p) => `${p.month} 尚未结束（数据截至 ${p.date}），该列数据不完整`,
  },
  'customers.no_spend_model': {
    en: (p) => `Too few repeat buyers (${number(p.customers!)}) to fit the spend model; no projected value`,
    zh: (p) => `复购客户太少（${number(p.customers!)} 位），无法拟合客单价模型，不给出预测价值`,
  },
  'customers.backtest': {
    en: (p) =>
      `Predicting ${number(p.holdout!)} ${p.unit} ahead: the model's mean absolute error is ${number(p.modelError!)} purchases per customer, the naive average rate's ${number(p.naiveError!)}`,
    zh: (p) =>
      `预测未来 ${number(p.holdout!)} ${p.unit === 'week' ? '周' : '天'}：模型每位客户的平均绝对误差为 ${number(p.modelError!)} 次购买，朴素平均频率法为 ${number(p.naiveError!)} 次`,
  },
} satisfies Record<string, Template>;

export type CustomersMessageKey = keyof typeof TEMPLATES;
export const CUSTOMERS_MESSAGE_KEYS = Object.keys(TEMPLATES) as CustomersMessageKey[];

/** The message in a language. */
export function sayCustomers(message: CustomersMessage, language: CustomersLanguage): string {
  return TEMPLATES[message.key][language](message.params);
}
