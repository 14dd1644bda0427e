/**
 * What a column of an unknown file holds, judged from its header (English or Chinese) and a
 * sample of its values, before any field is proposed for it. The header says what the column
 * means (`Conversion Rate` is a ratio whatever its values look like); the values say what it is
 * written as (`0`/`1` is a flag, `2.5%` a percentage, `$12.40` money, `20250518` a day).
 *
 * Conventions: a ratio is anything divided by something — rates and shares (`CTR`, `转化率`,
 * `占比`), returns (`ROAS`, `ROI`, `投产比`) and costs per unit (`CPC`, `Cost per result`,
 * `平均点击单价`, `转化成本`); percentages are values written with `%`. Neither is ever summed,
 * so neither may become a count or money field.
 */
import { parseDateText } from '../parse/dates.js';
import { isPlaceholder, parseNumberText } from '../parse/numbers.js';
import { normalizeHeader } from '../read/header.js';

export type ColumnClass =
  | 'date'
  | 'id'
  | 'flag'
  | 'rate'
  | 'percentage'
  | 'money'
  | 'count'
  | 'number'
  | 'category'
  | 'text'
  | 'empty';

/** Classes that may be summed: the only ones a count or money field accepts. */
export const ADDITIVE_CLASSES: ReadonlySet<ColumnClass> = new Set(['count', 'money']);

/** What the header alone says about a column. */
/** `measure`: a number that is neither a count nor money (a duration, a score, a rank). */
export type HeaderHint = 'rate' | 'money' | 'count' | 'id' | 'date' | 'measure';

export interface HeaderReading {
  normalized: string;
  /** English words, lower case (`CampaignName` and `campaign_name` are `campaign`, `name`). */
  words: string[];
  hint?: HeaderHint;
  /** The word or phrase that gave the hint, for the reason shown to people. */
  hintWord?: string;
  /** Currency the header names: `(USD)`, `(元)`, `金额(人民币)`. */
  currency?: string;
}

/** Whether a header is mostly Chinese (Han characters): matched by substrings, not words. */
export function isChineseHeader(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** English words of a header: camel case, snake case, punctuation and brackets all split. */
export function headerWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/%/g, ' % ')
    .replace(/#/g, ' # ')
    .split(/[^a-z0-9%#]+/)
    .filter((word) => word !== '');
}

const CURRENCY_WORDS: Record<string, string> = {
  usd: 'USD',
  cny: 'CNY',
  rmb: 'CNY',
  eur: 'EUR',
  gbp: 'GBP',
  jpy: 'JPY',
  hkd: 'HKD',
  元: 'CNY',
  人民币: 'CNY',
  美元: 'USD',
  $: 'USD',
  '¥': 'CNY',
  '￥': 'CNY',
  '€': 'EUR',
  '£': 'GBP',
};

// English hints, checked in this order: a ratio word wins over a money word (`Cost per click`),
// a money word over a count word (`Conversion value`).
const RATE_WORDS = new Set([
  'rate',
  'rates',
  'ratio',
  'ctr',
  'cvr',
  'cr',
  'roas',
  'roi',
  'pct',
  'percent',
  'percentage',
  '%',
  'share',
  'frequency',
  'cpc',
  'cpm',
  'cpa',
  'cpv',
  'cpl',
  'cpi',
  'cpe',
  'cps',
  'avg',
  'average',
  'mean',
  'per',
  'er',
  'acquisition',
  'cac',
  'aov',
  'ecpm',
  'cpsu',
]);
const MONEY_WORDS = new Set([
  'spend',
  'spent',
  'cost',
  'costs',
  'amount',
  'revenue',
  'value',
  'sales',
  'gmv',
  'budget',
  'price',
  'income',
  'earnings',
  'payout',
  'fee',
  'fees',
  'usd',
  'cny',
  'rmb',
  'eur',
  'gbp',
]);
const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'code', 'number', 'no']);
const DATE_WORDS = new Set(['date', 'day', 'time', 'timestamp', 'week', 'month', 'starts', 'ends', 'period']);
const MEASURE_WORDS = new Set([
  'duration',
  'seconds',
  'sec',
  'secs',
  'minutes',
  'watch',
  'dwell',
  'length',
  'score',
  'index',
  'rank',
  'ranking',
  'rating',
  'position',
  'quality',
]);
const COUNT_WORDS = new Set([
  'impressions',
  'impression',
  'impr',
  'clicks',
  'click',
  'views',
  'plays',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'follows',
  'followers',
  'conversions',
  'conversion',
  'purchases',
  'orders',
  'leads',
  'installs',
  'results',
  'visits',
  'sessions',
  'users',
  'engagements',
  'engagement',
  'reactions',
  'count',
  'signups',
]);

// Chinese hints: ratios first (`转化率`, `点击单价`, `转化成本`), then durations, money, counts.
const ZH_RATE =
  /率|占比|比例|比率|投产比|roi|roas|ctr|cvr|cpm|cpc|cpa|平均|单价|均价|人均|千次|每|.成本|均值/;
const ZH_MEASURE = /时长|秒|分钟|得分|评分|指数|排名/;
const ZH_MONEY =
  /消耗|花费|费用|金额|收入|销售额|成交额|gmv|价值|预算|价格|佣金|成本|\(元\)|\(人民币\)|\(美元\)/;
const ZH_ID = /id$|编号|编码|代码|序号|^id|单号/;
const ZH_DATE = /日期|时间|天$|^日$|月份|周$/;
const ZH_COUNT =
  /展示|曝光|点击|播放|观看|阅读|点赞|评论|分享|转发|收藏|关注|粉丝|转化数|订单数|成交单|线索|表单|互动|访问|进店|下载|激活|人数|次数|量$|数$/;

/** What a header says, without its values. */
export function readHeader(header: string): HeaderReading {
  const normalized = normalizeHeader(header);
  const words = headerWords(header);
  const reading: HeaderReading = { normalized, words };
  const currencyMatch =
    /[([（【]\s*(usd|cny|rmb|eur|gbp|jpy|hkd|元|人民币|美元|\$|¥|￥|€|£)\s*[)\]）】]/i.exec(
      header.normalize('NFKC'),
    );
  const currency = currencyMatch ? CURRENCY_WORDS[currencyMatch[1]!.toLowerCase()] : undefined;
  if (currency) reading.currency = currency;
  const hinted = (hint: HeaderHint, hintWord: string): HeaderReading => ({ ...reading, hint, hintWord });
  if (isChineseHeader(header)) {
    const test = (pattern: RegExp) => pattern.exec(normalized)?.[0];
    // Mixed headers (`点击 Rate`, `消耗/CPM`) say a ratio in either language.
    const rate = test(ZH_RATE) ?? words.find((word) => RATE_WORDS.has(word));
    if (rate) return hinted('rate', rate);
    const measure = test(ZH_MEASURE);
    if (measure) return hinted('measure', measure);
    const money = test(ZH_MONEY);
    if (money) return hinted('money', money);
    const id = test(ZH_ID);
    if (id) return hinted('id', id);
    const date = test(ZH_DATE);
    if (date) return hinted('date', date);
    const count = test(ZH_COUNT);
    if (count) return hinted('count', count);
    return reading;
  }
  const find = (set: ReadonlySet<string>) => words.find((word) => set.has(word));
  // `Cost / conv.`, `Spend/Result`: a slash between two words is a division.
  if (/[a-z)\]]\s*\/\s*[a-z(]/i.test(header)) return hinted('rate', '/');
  const rate = find(RATE_WORDS);
  if (rate) return hinted('rate', rate);
  const measure = find(MEASURE_WORDS);
  if (measure) return hinted('measure', measure);
  // `Campaign ID`, `Post ID`: an identifier whatever else it names.
  const last = words[words.length - 1];
  if (last !== undefined && ID_WORDS.has(last) && !(last === 'number' && words.length === 1))
    return hinted('id', last);
  if (words.length === 1 && (words[0] === 'id' || words[0] === 'uuid')) return hinted('id', words[0]);
  const money = find(MONEY_WORDS) ?? (currency ? header : undefined);
  if (money) return hinted('money', money);
  const date = find(DATE_WORDS);
  if (date) return hinted('date', date);
  const count = find(COUNT_WORDS) ?? (words[0] === '#' || words[0] === 'total' ? words[1] : undefined);
  if (count && COUNT_WORDS.has(count)) return hinted('count', count);
  return reading;
}

export interface ValueReading {
  class: ColumnClass;
  /** Filled cells in the sample (placeholders left out). */
  filled: number;
  distinct: number;
  /** A few values as written, for reasons and questions. */
  examples: string[];
  /** Currency written in the values (`$`, `¥`, `USD`). */
  currency?: string;
  /** For numbers: whether every one is whole. */
  whole?: boolean;
  /** For numbers: the largest absolute value. */
  largest?: number;
}

const FLAG_WORDS = new Set(['yes', 'no', 'y', 'n', 'true', 'false', '是', '否', '有', '无', 'on', 'off']);
const VALUE_CURRENCY: [RegExp, string][] = [
  [/^-?\s*(?:US\$|\$)|USD/i, 'USD'],
  [/^-?\s*(?:¥|￥)|元$|RMB|CNY/i, 'CNY'],
  [/^-?\s*€|EUR/i, 'EUR'],
  [/^-?\s*£|GBP/i, 'GBP'],
];
const EIGHT_DIGIT_DAY = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** What a column's sampled values are written as. */
export function readValues(values: readonly string[]): ValueReading {
  const texts = values.map((value) => value.trim()).filter((value) => !isPlaceholder(value));
  const distinctTexts = new Set(texts);
  const examples = [...distinctTexts].slice(0, 3);
  const base = { filled: texts.length, distinct: distinctTexts.size, examples };
  if (texts.length === 0) return { class: 'empty', ...base };

  const lower = [...distinctTexts].map((text) => text.toLowerCase());
  if (lower.every((text) => FLAG_WORDS.has(text))) return { class: 'flag', ...base };

  // Eight digits that are all days (GA4's `20250518`) are dates, not counts.
  if (texts.every((text) => EIGHT_DIGIT_DAY.test(text))) return { class: 'date', ...base };

  const numbers: number[] = [];
  let percent = false;
  let currency: string | undefined;
  for (const text of texts) {
    const parsed = parseNumberText(text, 'dot');
    if (!parsed.ok || parsed.value === null) break;
    numbers.push(parsed.value);
    if (parsed.percent) percent = true;
    currency ??= VALUE_CURRENCY.find(([pattern]) => pattern.test(text))?.[1];
  }
  if (numbers.length === texts.length) {
    const whole = numbers.every((value) => Number.isInteger(value));
    const largest = Math.max(...numbers.map(Math.abs));
    const numeric = { ...base, whole, largest, ...(currency ? { currency } : {}) };
    if (percent) return { class: 'percentage', ...numeric };
    if (currency) return { class: 'money', ...numeric };
    if (whole && lower.every((text) => text === '0' || text === '1')) return { class: 'flag', ...numeric };
    // Long digit strings that never repeat are identifiers (post, ad, order numbers).
    if (whole && texts.every((text) => /^\d{9,}$/.test(text)) && distinctTexts.size === texts.length)
      return { class: 'id', ...numeric };
    if (!whole && largest <= 1) return { class: 'rate', ...numeric };
    return { class: whole ? 'count' : 'number', ...numeric };
  }

  if (texts.every((text) => dateLike(text))) return { class: 'date', ...base };
  // Codes without spaces that never repeat: `act_123`, `AD-2025-0001`, `7a1f…`.
  if (
    texts.length >= 3 &&
    distinctTexts.size === texts.length &&
    texts.every((text) => /^[A-Za-z0-9_\-:.]{6,}$/.test(text) && /\d/.test(text))
  )
    return { class: 'id', ...base };
  // A few values repeated across rows are categories; values that rarely repeat are free text.
  const categorical =
    distinctTexts.size <= Math.max(2, Math.ceil(texts.length * 0.6)) && distinctTexts.size <= 50;
  return { class: categorical ? 'category' : 'text', ...base };
}

function dateLike(text: string): boolean {
  const parsed = parseDateText(text);
  return (parsed.ok && parsed.date !== null) || (!parsed.ok && parsed.ambiguous === true);
}

export interface ColumnClassification {
  class: ColumnClass;
  header: HeaderReading;
  values: ValueReading;
  /** Header and values agree (or the header alone is decisive). */
  agreed: boolean;
}

/**
 * The class of a column: the header's meaning where it is decisive (a ratio is a ratio, an ID
 * an ID), the values' form where they are (a yes/no flag, a percentage, a date), both together
 * for measures.
 */
export function classifyColumn(header: string, values: readonly string[]): ColumnClassification {
  const reading = readHeader(header);
  const valuesRead = readValues(values);
  const result = (klass: ColumnClass, agreed: boolean): ColumnClassification => ({
    class: klass,
    header: reading,
    values: valuesRead,
    agreed,
  });
  const numeric = ['count', 'number', 'money', 'rate', 'flag'].includes(valuesRead.class);
  if (valuesRead.class === 'empty') return result('empty', false);
  if (reading.hint === 'rate') return result('rate', numeric || valuesRead.class === 'percentage');
  if (valuesRead.class === 'percentage') return result('percentage', true);
  if (valuesRead.class === 'date') return result('date', true);
  if (reading.hint === 'id') return result('id', valuesRead.class !== 'rate');
  if (reading.hint === 'measure') return result('number', numeric);
  if (valuesRead.class === 'flag') {
    // `Conversions` that happen to be 0 or 1 in a small sample are still counts; a column whose
    // header names no count is a yes/no flag.
    const counted = (reading.hint === 'count' || reading.hint === 'money') && valuesRead.whole === true;
    return counted ? result(reading.hint === 'money' ? 'money' : 'count', true) : result('flag', true);
  }
  if (reading.hint === 'money')
    return result('money', ['count', 'number', 'money'].includes(valuesRead.class));
  if (valuesRead.class === 'money') return result('money', true);
  if (reading.hint === 'count') {
    if (valuesRead.class === 'count' || valuesRead.class === 'number') return result('count', true);
    if (valuesRead.class === 'id') return result('count', true);
    return result(valuesRead.class, false);
  }
  return result(valuesRead.class, true);
}
