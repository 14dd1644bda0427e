/**
 * Sentences of attribution reports, each as a message (a stable key and its parameters) next to
 * its text in English and Chinese, so the CLI, the API and the dashboard show the same words.
 * Core's attribution messages (disagreements, untouched conversions, sampled Shapley values) are
 * said by core; the ones below are this layer's own: what a report could not do and why.
 */
import {
  type AttributionMessage,
  type AttributionMessageValue,
  isAttributionMessageKey,
  sayAttribution,
} from '@markpi/core';

export interface ReportMessage {
  key: string;
  params: Record<string, AttributionMessageValue>;
}

export interface SaidMessage {
  message: ReportMessage;
  text: { en: string; zh: string };
}

type Params = Record<string, AttributionMessageValue>;
type Say = (params: Params) => string;

const count = (value: AttributionMessageValue) =>
  typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(value);
const list = (value: AttributionMessageValue, separator: string) =>
  Array.isArray(value) ? value.join(separator) : String(value);

/** Keys are stable; change the words, never a key's meaning. */
export const ATTRIBUTION_REPORT_TEMPLATES = {
  'attribution.report.no_times': {
    en: () => 'time decay needs touch times, which aggregated paths do not have: its column is empty',
    zh: () => '时间衰减模型需要触点时间，聚合路径没有时间：该列为空',
  },
  'attribution.report.no_conversions': {
    en: () => 'no journey converted: every model gives every channel nothing',
    zh: () => '没有任何旅程发生转化：所有模型给各渠道的归因均为 0',
  },
  'attribution.report.rows_skipped': {
    en: (p: Params) =>
      `${count(p.rows!)} row(s) name no channel and were left out (rows ${list(p.examples!, ', ')}${p.more ? ', …' : ''})`,
    zh: (p: Params) =>
      `${count(p.rows!)} 行没有渠道，已略去（第 ${list(p.examples!, '、')}${p.more ? ' 等' : ''} 行）`,
  },
  'attribution.report.paths_skipped': {
    en: (p: Params) =>
      `${count(p.rows!)} row(s) have no path and were left out (rows ${list(p.examples!, ', ')}${p.more ? ', …' : ''}): their ${count(p.conversions!)} conversion(s) worth ${count(p.value!)} are credited to no channel`,
    zh: (p: Params) =>
      `${count(p.rows!)} 行没有路径，已略去（第 ${list(p.examples!, '、')}${p.more ? ' 等' : ''} 行）：其中 ${count(p.conversions!)} 次转化（价值 ${count(p.value!)}）未归因到任何渠道`,
  },
  'attribution.report.no_touch_data': {
    en: () =>
      'the workspace holds no touchpoints or conversions in this window: import touchpoint and order exports first',
    zh: () => '该工作区在此期间没有触点或转化数据：请先导入触点与订单数据',
  },
  'attribution.report.no_fees': {
    en: (p: Params) =>
      `${count(p.creators!)} creator(s) have attributed orders but no fee recorded in the window (${list(p.examples!, ', ')}${p.more ? ', …' : ''}): their ROI is empty`,
    zh: (p: Params) =>
      `${count(p.creators!)} 位达人有归因订单但期间内没有费用记录（${list(p.examples!, '、')}${p.more ? ' 等' : ''}）：其 ROI 为空`,
  },
  'attribution.report.imported_paths': {
    en: () =>
      'imported path files hold no touch times, so time decay is left out while they are part of the window',
    zh: () => '导入的路径文件没有触点时间，因此当窗口包含它们时不计算时间衰减模型',
  },
  'attribution.report.too_many_journeys': {
    en: (p: Params) =>
      `${count(p.journeys!)} journeys are more than the ${count(p.limit!)} read one by one: time decay, which needs each touch's time, is left out`,
    zh: (p: Params) =>
      `旅程数 ${count(p.journeys!)} 超过逐条读取的上限 ${count(p.limit!)}：需要逐个触点时间的时间衰减模型未计算`,
  },
} satisfies Record<string, { en: Say; zh: Say }>;

export type ReportMessageKey = keyof typeof ATTRIBUTION_REPORT_TEMPLATES;

export function reportMessage(key: ReportMessageKey, params: Params = {}): SaidMessage {
  const template = ATTRIBUTION_REPORT_TEMPLATES[key] as { en: Say; zh: Say };
  return { message: { key, params }, text: { en: template.en(params), zh: template.zh(params) } };
}

/** A message of core's attribution models, said in both languages. */
export function saidAttribution(message: AttributionMessage): SaidMessage {
  if (!isAttributionMessageKey(message.key)) throw new Error(`no text for \`${message.key}\``);
  return {
    message,
    text: { en: sayAttribution(message, 'en'), zh: sayAttribution(message, 'zh') },
  };
}
