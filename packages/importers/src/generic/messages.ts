/**
 * What the mapping suggester says about columns, as a stable key and its parameters, with the
 * sentence in English and Chinese made from the same key (the CLI writes one of them into the
 * draft's comments; the dashboard and the API client pick their own). Parameters are data:
 * the header as written, a column class id, a field id, example values.
 */
import type { ColumnClass } from './classify.js';

export interface MappingMessage {
  key: string;
  params: Record<string, string | number | string[]>;
}

export type MappingLanguage = 'en' | 'zh';

const CLASS_NAMES: Record<ColumnClass, Record<MappingLanguage, string>> = {
  date: { en: 'dates', zh: '日期' },
  id: { en: 'identifiers', zh: '编号' },
  flag: { en: 'a yes/no flag', zh: '是/否标记' },
  rate: { en: 'a ratio', zh: '比率' },
  percentage: { en: 'percentages', zh: '百分比' },
  money: { en: 'amounts of money', zh: '金额' },
  count: { en: 'counts', zh: '计数' },
  number: { en: 'numbers that are not counts', zh: '非计数的数值' },
  category: { en: 'categories', zh: '类别' },
  text: { en: 'free text', zh: '自由文本' },
  empty: { en: 'nothing', zh: '空值' },
};

export const MAPPING_MESSAGES: Record<string, Record<MappingLanguage, string>> = {
  'mapping.reason.header_names': {
    en: 'the header names {field} and the values are {class}',
    zh: '表头即 {field},取值为{class}',
  },
  'mapping.reason.header_contains': {
    en: 'the header contains “{phrase}” ({field}) and the values are {class}',
    zh: '表头含“{phrase}”({field}),取值为{class}',
  },
  'mapping.reason.id_for_entity': {
    en: 'identifiers of “{phrase}”: they stand for {field} when no name column does',
    zh: '“{phrase}”的编号:没有名称列时用它代表 {field}',
  },
  'mapping.reason.ratio': {
    en: 'a ratio (“{word}”): markpi computes ratios from their parts, so it is not stored',
    zh: '比率(“{word}”):markpi 由分子分母计算比率,不存储此列',
  },
  'mapping.reason.percentage': {
    en: 'percentages (e.g. {examples}): a share of something, never summed, so not stored',
    zh: '百分比(如 {examples}):是占比,不能相加,不存储',
  },
  'mapping.reason.flag': {
    en: 'only {examples}: a yes/no flag, not a count',
    zh: '只有 {examples}:是/否标记,不是计数',
  },
  'mapping.reason.id': {
    en: 'identifiers with no field of their own',
    zh: '编号,没有对应字段',
  },
  'mapping.reason.empty': { en: 'no values in the rows read', zh: '读取的行中没有值' },
  'mapping.reason.no_header': { en: 'the column has no header', zh: '此列没有表头' },
  'mapping.reason.no_field': {
    en: '{class} (e.g. {examples}) under a header no field answers to',
    zh: '{class}(如 {examples}),表头不对应任何字段',
  },
  'mapping.reason.values_disagree': {
    en: 'the header suggests {field} but the values are {class} (e.g. {examples})',
    zh: '表头像 {field},但取值为{class}(如 {examples})',
  },
  'mapping.reason.doubtful': {
    en: 'the header contains “{phrase}” ({field}) but says more than that',
    zh: '表头含“{phrase}”({field}),但还有其他含义',
  },
  'mapping.reason.field_taken': {
    en: '{field} is taken by “{winner}”, a better match; this column is left out',
    zh: '{field} 已由更匹配的“{winner}”填充,此列不导入',
  },
  'mapping.question.flag': {
    en: '“{header}” is a yes/no flag: map it to a dimension if you filter by it, or leave it out',
    zh: '“{header}”是是/否标记:若要按它筛选,请映射到一个维度,否则不导入',
  },
  'mapping.question.which_field': {
    en: 'what does “{header}” hold? It looks like {class} (e.g. {examples})',
    zh: '“{header}”是什么?看起来是{class}(如 {examples})',
  },
  'mapping.question.values_disagree': {
    en: 'is “{header}” really {field}? Its values are {class} (e.g. {examples})',
    zh: '“{header}”真的是 {field} 吗?它的取值为{class}(如 {examples})',
  },
  'mapping.question.confirm': {
    en: 'check that “{header}” is {field}',
    zh: '请确认“{header}”是 {field}',
  },
  'mapping.question.field_taken': {
    en: '“{header}” also looks like {field}; “{winner}” was chosen — swap them if this one is right',
    zh: '“{header}”也像 {field};已选“{winner}”,若此列才对请交换',
  },
  'mapping.question.currency': {
    en: 'the amounts do not say their currency: set `currency` (e.g. CNY or USD)',
    zh: '金额未注明币种:请设置 `currency`(如 CNY 或 USD)',
  },
  'mapping.question.date': {
    en: 'no column holds the day: map one to `date`, or set it under `constants`',
    zh: '没有日期列:请把一列映射到 `date`,或在 `constants` 中给出',
  },
  'mapping.question.channel': {
    en: 'no column names the platform: set `channel` (e.g. douyin, meta, google_ads)',
    zh: '没有列注明平台:请设置 `channel`(如 douyin、meta、google_ads)',
  },
  'mapping.question.no_measure': {
    en: 'no column is a count or an amount markpi stores: map at least one',
    zh: '没有可存储的计数或金额列:请至少映射一列',
  },
};

/** The message as a sentence in `language`. */
export function sayMapping(message: MappingMessage, language: MappingLanguage = 'en'): string {
  const template = MAPPING_MESSAGES[message.key]?.[language] ?? message.key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = message.params[name];
    if (value === undefined) return whole;
    if (name === 'class') return CLASS_NAMES[value as ColumnClass]?.[language] ?? String(value);
    if (Array.isArray(value)) return value.map((item) => `“${item}”`).join(language === 'zh' ? '、' : ', ');
    return String(value);
  });
}
