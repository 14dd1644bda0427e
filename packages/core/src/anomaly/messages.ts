/**
 * What the monitor says, as a stable key and its parameters (the same shape as the targets'
 * messages, `targets/messages.ts`), with the English and the Chinese of every key here, so the
 * CLI, the API and notifications can say an alert in either language without a client table.
 *
 * Parameters are data: figures as numbers (said with `figure`: grouped digits, three significant
 * digits under 1,000), shares as fractions (0.3 is 30%), ISO dates and times as written, source
 * and KPI ids and event names as given, units of time as ids (`day`, `hour`…), and nested
 * messages (a rarity, a moment), said first and put in their place.
 */
import type { Message, MessagePhrase, MessageTerm, MessageValue } from '../targets/messages.js';

export type Language = 'en' | 'zh';

/** A unit of time a rarity or a run is counted in. */
export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A figure for people: 1,234,567 · 1,235 · 12.3 · 0.0123 (three significant digits under 1,000). */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : '–';
  const size = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (size >= 1000) return `${sign}${Math.round(size).toLocaleString('en-US')}`;
  if (size === 0) return '0';
  const text = Number(size.toPrecision(3)).toString();
  return `${sign}${text}`;
}

/** A share: 0.3 → 30%, 0.045 → 4.5%. */
export function share(value: number): string {
  const percent = value * 100;
  return `${Math.abs(percent) >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

const ENGLISH_UNITS: Record<TimeUnit, [string, string]> = {
  minute: ['minute', 'minutes'],
  hour: ['hour', 'hours'],
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years'],
};
const CHINESE_UNITS: Record<TimeUnit, string> = {
  minute: '分钟',
  hour: '小时',
  day: '天',
  week: '周',
  month: '个月',
  year: '年',
};

const count = (amount: number, unit: string) => {
  const [one, many] = ENGLISH_UNITS[unit as TimeUnit] ?? [unit, unit];
  return `${figure(amount)} ${amount === 1 ? one : many}`;
};
const countZh = (amount: number, unit: string) =>
  `${figure(amount)}${CHINESE_UNITS[unit as TimeUnit] ?? unit}`;
const listEn = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const listZh = (items: string[]) => items.join('、');

type Said = Record<string, string | number | string[]>;
type Template = (p: Said) => string;

const num = (value: unknown) => figure(value as number);
const pct = (value: unknown) => share(value as number);
const text = (value: unknown) => String(value);
const names = (value: unknown) => (value as string[]).slice();

/** Every key with its English and Chinese. Keys are stable; add a key for a new sentence. */
const TABLE = {
  // When an alert happened.
  'anomaly.when.slot': {
    en: (p) => `On ${text(p.time)}`,
    zh: (p) => `${text(p.time)}`,
  },
  'anomaly.when.event': {
    en: (p) => `On ${text(p.time)} (${text(p.event)})`,
    zh: (p) => `${text(p.time)}（${text(p.event)}）`,
  },

  // How unusual a value is: how often chance alone would produce one this far out.
  'anomaly.rarity.unusual': {
    en: (p) => `unusual: about once in ${count(p.count as number, text(p.unit))} by chance`,
    zh: (p) => `异常：纯属偶然的话，大约每${countZh(p.count as number, text(p.unit))}出现一次`,
  },
  'anomaly.rarity.very_unusual': {
    en: (p) => `very unusual: about once in ${count(p.count as number, text(p.unit))} by chance`,
    zh: (p) => `非常异常：纯属偶然的话，大约每${countZh(p.count as number, text(p.unit))}出现一次`,
  },
  'anomaly.rarity.extremely_unusual': {
    en: (p) => `extremely unusual: about once in ${count(p.count as number, text(p.unit))} by chance`,
    zh: (p) => `极其异常：纯属偶然的话，大约每${countZh(p.count as number, text(p.unit))}出现一次`,
  },
  'anomaly.rarity.beyond_chance': {
    en: () => 'far beyond chance: less than once in 1,000 years',
    zh: () => '远超偶然波动：一千年也不到一次',
  },

  // A KPI against its expected value.
  'anomaly.kpi.above': {
    en: (p) =>
      `${text(p.when)}, ${text(p.kpi)} was ${num(p.value)}, above the expected ${num(p.expected)} (usual range ${num(p.low)}–${num(p.high)}); ${text(p.rarity)}`,
    zh: (p) =>
      `${text(p.when)}，${text(p.kpi)} 为 ${num(p.value)}，高于预期的 ${num(p.expected)}（正常范围 ${num(p.low)}–${num(p.high)}）；${text(p.rarity)}`,
  },
  'anomaly.kpi.below': {
    en: (p) =>
      `${text(p.when)}, ${text(p.kpi)} was ${num(p.value)}, below the expected ${num(p.expected)} (usual range ${num(p.low)}–${num(p.high)}); ${text(p.rarity)}`,
    zh: (p) =>
      `${text(p.when)}，${text(p.kpi)} 为 ${num(p.value)}，低于预期的 ${num(p.expected)}（正常范围 ${num(p.low)}–${num(p.high)}）；${text(p.rarity)}`,
  },
  'anomaly.kpi.sustained_above': {
    en: (p) =>
      `${text(p.when)}, ${text(p.kpi)} had run above expected for ${count(p.count as number, text(p.unit))}: ${num(p.value)} against the expected ${num(p.expected)} (usual range ${num(p.low)}–${num(p.high)}); ${text(p.rarity)}`,
    zh: (p) =>
      `${text(p.when)}，${text(p.kpi)} 已连续 ${countZh(p.count as number, text(p.unit))}高于预期：${num(p.value)}，预期 ${num(p.expected)}（正常范围 ${num(p.low)}–${num(p.high)}）；${text(p.rarity)}`,
  },
  'anomaly.kpi.sustained_below': {
    en: (p) =>
      `${text(p.when)}, ${text(p.kpi)} had run below expected for ${count(p.count as number, text(p.unit))}: ${num(p.value)} against the expected ${num(p.expected)} (usual range ${num(p.low)}–${num(p.high)}); ${text(p.rarity)}`,
    zh: (p) =>
      `${text(p.when)}，${text(p.kpi)} 已连续 ${countZh(p.count as number, text(p.unit))}低于预期：${num(p.value)}，预期 ${num(p.expected)}（正常范围 ${num(p.low)}–${num(p.high)}）；${text(p.rarity)}`,
  },

  // Data quality.
  'anomaly.tracking.break': {
    en: (p) =>
      `${text(p.source)}: ${text(p.outcome)} fell to ${num(p.actual)} against the expected ${num(p.expected)} from ${text(p.from)} to ${text(p.to)} while ${text(p.volume)} held at ${pct(p.volumeShare)} of usual: tracking looks broken`,
    zh: (p) =>
      `${text(p.source)}：${text(p.from)} 至 ${text(p.to)}，${text(p.outcome)} 跌至 ${num(p.actual)}（预期 ${num(p.expected)}），而 ${text(p.volume)} 仍为正常水平的 ${pct(p.volumeShare)}：追踪疑似中断`,
  },
  'anomaly.source.late': {
    en: (p) =>
      `${text(p.source)} is ${count(p.days as number, 'day')} late: its data ends on ${text(p.lastDay)}, and with its usual delay of ${count(p.delay as number, 'day')} and a delivery every ${count(p.cadence as number, 'day')}, newer data was due by ${text(p.dueBy)}`,
    zh: (p) =>
      `${text(p.source)} 已延迟 ${countZh(p.days as number, 'day')}：数据截至 ${text(p.lastDay)}；按其通常 ${countZh(p.delay as number, 'day')}的延迟、每 ${countZh(p.cadence as number, 'day')}交付一次，新数据应在 ${text(p.dueBy)} 前到达`,
  },
  'anomaly.freshness.complete': {
    en: (p) => `every active source has data through ${text(p.day)}`,
    zh: (p) => `所有在用数据源的数据均已到 ${text(p.day)}`,
  },
  'anomaly.freshness.missing': {
    en: (p) =>
      `data is not complete for any day: ${listEn(names(p.sources))} ${names(p.sources).length === 1 ? 'has' : 'have'} no data yet (the latest day is ${text(p.latest)})`,
    zh: (p) =>
      `尚无任何一天的数据是完整的：${listZh(names(p.sources))} 还没有数据（最新日期为 ${text(p.latest)}）`,
  },
  'anomaly.freshness.behind': {
    en: (p) =>
      `data is complete through ${text(p.complete)}; ${listEn(names(p.sources))} ${names(p.sources).length === 1 ? 'is' : 'are'} behind the latest day ${text(p.latest)}`,
    zh: (p) => `数据完整至 ${text(p.complete)}；${listZh(names(p.sources))} 落后于最新日期 ${text(p.latest)}`,
  },

  // Targets' pace.
  'anomaly.pace.at_risk': {
    en: (p) =>
      `${text(p.target)} is at risk: pace is ${text(p.status)} (was ${text(p.previous)}) at ${pct(p.index)} of the to-date target on ${text(p.day)}`,
    zh: (p) =>
      `${text(p.target)} 有风险：${text(p.day)} 进度为${text(p.status)}（之前为${text(p.previous)}），完成截至当日目标的 ${pct(p.index)}`,
  },
  'anomaly.pace.met': {
    en: (p) =>
      `${text(p.target)} met its target for ${text(p.from)} … ${text(p.to)}: ${num(p.actual)} against ${num(p.goal)}`,
    zh: (p) =>
      `${text(p.target)} 在 ${text(p.from)} … ${text(p.to)} 达成目标：${num(p.actual)}，目标 ${num(p.goal)}`,
  },
  'anomaly.pace.missed': {
    en: (p) =>
      `${text(p.target)} missed its target for ${text(p.from)} … ${text(p.to)}: ${num(p.actual)} against ${num(p.goal)}`,
    zh: (p) =>
      `${text(p.target)} 未达成 ${text(p.from)} … ${text(p.to)} 的目标：${num(p.actual)}，目标 ${num(p.goal)}`,
  },
  'anomaly.pace.status.green': { en: () => 'green', zh: () => '绿灯' },
  'anomaly.pace.status.amber': { en: () => 'amber', zh: () => '黄灯' },
  'anomaly.pace.status.red': { en: () => 'red', zh: () => '红灯' },
} satisfies Record<string, { en: Template; zh: Template }>;

export type AnomalyMessageKey = keyof typeof TABLE;

/** Every key the monitor's messages may carry. */
export const ANOMALY_MESSAGE_KEYS = Object.freeze(Object.keys(TABLE) as AnomalyMessageKey[]);

export function isAnomalyMessageKey(key: string): key is AnomalyMessageKey {
  return Object.hasOwn(TABLE, key);
}

type AnyMessage = Message | MessagePhrase | MessageTerm;

export function anomalyTerm(key: AnomalyMessageKey, params: Record<string, MessageValue> = {}): MessageTerm {
  return { key, params };
}

export function anomalyPhrase(
  key: AnomalyMessageKey,
  params: Record<string, MessageValue | MessageTerm>,
): MessagePhrase {
  return { key, params };
}

export function anomalyMessage(
  key: AnomalyMessageKey,
  params: Record<string, MessageValue | MessagePhrase | MessagePhrase[]>,
): Message {
  return { key, params };
}

/** A monitor message in English or Chinese: nested messages first, then the key's template. */
export function sayAnomaly(said: AnyMessage, language: Language = 'en'): string {
  if (!isAnomalyMessageKey(said.key)) throw new Error(`no text for the message key \`${said.key}\``);
  const params: Said = {};
  for (const [name, value] of Object.entries(said.params as Record<string, unknown>)) {
    params[name] = Array.isArray(value)
      ? (value as (string | AnyMessage)[]).map((item) =>
          typeof item === 'string' ? item : sayAnomaly(item, language),
        )
      : typeof value === 'object' && value !== null
        ? sayAnomaly(value as AnyMessage, language)
        : (value as string | number);
  }
  return TABLE[said.key][language](params);
}
