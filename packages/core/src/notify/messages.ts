/**
 * What notifications say, as a stable key and its parameters (the shape of the targets'
 * messages, `targets/messages.ts`), with the English and the Chinese of every key here: a
 * notification is said in its recipient's language when it is queued, by the server, with no
 * client table in between.
 *
 * Parameters are data: figures as numbers with their KPI unit (`unit`, and `currency` for
 * money), changes and shares as fractions (0.12 is +12%), ISO dates and instants as written, ids
 * and names as given, and nested messages (a KPI's bilingual name, a status, an incident's own
 * title from the monitor), said first in the same language and put in their place. Keys this
 * table does not know are said by the sayers passed in (the monitor's table, for incidents).
 */
import { MarkpiError } from '../errors.js';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A message as stored and sent: a key and parameters, which may be messages themselves. */
export interface NotifyMessage {
  key: string;
  params: Record<string, NotifyParam>;
}
export type NotifyParam = string | number | string[] | NotifyMessage | NotifyMessage[];

/** Says a message in a language, or answers undefined for a key it does not know. */
export type Sayer = (message: NotifyMessage, language: Language) => string | undefined;

// ---------------------------------------------------------------- figures

const grouped = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Three significant digits under 1,000 (0.0123, 12.3, 123), whole and grouped above (1,235). */
function significant(value: number): string {
  const size = Math.abs(value);
  if (size >= 1000) return grouped(Math.round(size), 0);
  if (size === 0) return '0';
  return Number(size.toPrecision(3)).toString();
}

/**
 * A KPI value as people read it: `12,345` (count), `CNY 1,234.50` (money; `1,234.50 CNY` in
 * Chinese), `3.21%` (percent, stored as a fraction), `2.35×` (multiple), `42.5 s` (seconds),
 * three significant digits otherwise. The minus sign is U+2212.
 */
export function sayValue(value: number, unit: string, language: Language, currency = ''): string {
  if (!Number.isFinite(value)) return '–';
  const sign = value < 0 ? '−' : '';
  const size = Math.abs(value);
  switch (unit) {
    case 'count':
      return `${sign}${grouped(Math.round(size), 0)}`;
    case 'currency': {
      const amount = `${sign}${grouped(size, 2)}`;
      if (!currency) return amount;
      return language === 'zh' ? `${amount} ${currency}` : `${currency} ${amount}`;
    }
    case 'percent':
      return `${sign}${grouped(size * 100, 2)}%`;
    case 'multiple':
      return `${sign}${grouped(size, 2)}×`;
    case 'seconds':
      return language === 'zh' ? `${sign}${significant(size)} 秒` : `${sign}${significant(size)} s`;
    default:
      return `${sign}${significant(size)}`;
  }
}

/** A change as a signed percentage: +12%, −9.1%, ±0% (one decimal under 10%). */
export function sayChange(change: number): string {
  if (Math.abs(change) < 0.0005) return '±0%';
  const percent = Math.abs(change * 100);
  return `${change < 0 ? '−' : '+'}${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** A share as a percentage: 0.93 → 93%, 0.045 → 4.5%. */
export function sayShare(share: number): string {
  const percent = share * 100;
  return `${Math.abs(percent) >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

// ---------------------------------------------------------------- the table

type Said = Record<string, string | number | string[]>;
type Template = (p: Said) => string;

const text = (value: unknown) => String(value);
const num = (value: unknown) => value as number;
const value = (p: Said, language: Language) =>
  sayValue(num(p.value), text(p.unit), language, typeof p.currency === 'string' ? p.currency : '');

/** Every key with its English and Chinese. Keys are stable; add a key for a new sentence. */
const TABLE = {
  // Terms.
  'notify.text.bilingual': { en: (p) => text(p.en), zh: (p) => text(p.zh) },
  'notify.text.as_is': { en: (p) => text(p.text), zh: (p) => text(p.text) },
  'notify.severity.info': { en: () => 'info', zh: () => '提示' },
  'notify.severity.warning': { en: () => 'warning', zh: () => '警告' },
  'notify.severity.critical': { en: () => 'critical', zh: () => '严重' },
  'notify.cadence.daily': { en: () => 'daily', zh: () => '日报' },
  'notify.cadence.weekly': { en: () => 'weekly', zh: () => '周报' },
  'notify.period.day': { en: (p) => text(p.day), zh: (p) => text(p.day) },
  'notify.period.range': {
    en: (p) => `${text(p.from)} … ${text(p.to)}`,
    zh: (p) => `${text(p.from)} 至 ${text(p.to)}`,
  },
  'notify.status.green': { en: () => 'on track', zh: () => '正常' },
  'notify.status.amber': { en: () => 'at risk', zh: () => '有风险' },
  'notify.status.red': { en: () => 'off track', zh: () => '落后' },
  'notify.status.not_started': { en: () => 'not started', zh: () => '未开始' },
  'notify.status.no_data': { en: () => 'no data yet', zh: () => '暂无数据' },
  'notify.link.open': { en: () => 'Open in markpi', zh: () => '在 markpi 中查看' },

  // An incident's subject line: its severity, then the monitor's own title.
  'notify.incident.subject': {
    en: (p) => `[${text(p.severity)}] ${text(p.title)}`,
    zh: (p) => `【${text(p.severity)}】${text(p.title)}`,
  },

  // Digests.
  'notify.digest.title': {
    en: (p) => `${text(p.workspace)}: ${text(p.cadence)} digest for ${text(p.period)}`,
    zh: (p) => `${text(p.workspace)} ${text(p.cadence)}：${text(p.period)}`,
  },
  'notify.digest.kpis': { en: () => 'KPIs you follow', zh: () => '你关注的 KPI' },
  'notify.digest.kpi': {
    en: (p) => `${text(p.kpi)}: ${value(p, 'en')} (${sayChange(num(p.change))} vs the period before)`,
    zh: (p) => `${text(p.kpi)}：${value(p, 'zh')}（较上期 ${sayChange(num(p.change))}）`,
  },
  'notify.digest.kpi_no_change': {
    en: (p) => `${text(p.kpi)}: ${value(p, 'en')}`,
    zh: (p) => `${text(p.kpi)}：${value(p, 'zh')}`,
  },
  'notify.digest.kpi_no_value': {
    en: (p) => `${text(p.kpi)}: no data for this period`,
    zh: (p) => `${text(p.kpi)}：本期无数据`,
  },
  'notify.digest.no_kpis': {
    en: () => 'You follow no KPIs yet: choose them in your notification settings',
    zh: () => '你还没有关注任何 KPI：可在通知设置中选择',
  },
  'notify.digest.targets': { en: () => 'Targets', zh: () => '目标进度' },
  'notify.digest.target': {
    en: (p) =>
      `${text(p.target)} (${text(p.kpi)}): ${text(p.status)}, ${sayShare(num(p.index))} of the to-date target`,
    zh: (p) =>
      `${text(p.target)}（${text(p.kpi)}）：${text(p.status)}，完成截至当日目标的 ${sayShare(num(p.index))}`,
  },
  'notify.digest.target_projected': {
    en: (p) =>
      `${text(p.target)} (${text(p.kpi)}): ${text(p.status)}, ${sayShare(num(p.index))} of the to-date target; projected ${sayShare(num(p.projectedIndex))} of target`,
    zh: (p) =>
      `${text(p.target)}（${text(p.kpi)}）：${text(p.status)}，完成截至当日目标的 ${sayShare(num(p.index))}；预计完成目标的 ${sayShare(num(p.projectedIndex))}`,
  },
  'notify.digest.target_status': {
    en: (p) => `${text(p.target)} (${text(p.kpi)}): ${text(p.status)}`,
    zh: (p) => `${text(p.target)}（${text(p.kpi)}）：${text(p.status)}`,
  },
  'notify.digest.target_unpaced': {
    en: (p) => `${text(p.target)}: its pace can't be worked out now; see the target's page`,
    zh: (p) => `${text(p.target)}：目前无法计算进度，请查看目标页面`,
  },
  'notify.digest.no_targets': { en: () => 'No current targets', zh: () => '当前没有目标' },
  'notify.digest.incidents': {
    en: (p) => `Open incidents (${text(p.count)})`,
    zh: (p) => `未关闭的异常（${text(p.count)}）`,
  },
  'notify.digest.incident': {
    en: (p) => `[${text(p.severity)}] ${text(p.title)} (open since ${text(p.since)})`,
    zh: (p) => `【${text(p.severity)}】${text(p.title)}（自 ${text(p.since)} 起）`,
  },
  'notify.digest.no_incidents': { en: () => 'No open incidents', zh: () => '没有未关闭的异常' },
  'notify.digest.more': {
    en: (p) => `… and ${text(p.count)} more`,
    zh: (p) => `……另有 ${text(p.count)} 项`,
  },

  // A test message from the settings page.
  'notify.test.title': {
    en: (p) => `${text(p.workspace)}: test notification`,
    zh: (p) => `${text(p.workspace)}：测试通知`,
  },
  'notify.test.body': {
    en: (p) => `This is a test from markpi: notifications to ${text(p.channel)} arrive.`,
    zh: (p) => `这是一条来自 markpi 的测试消息：发往 ${text(p.channel)} 的通知可以送达。`,
  },

  // The end of every email.
  'notify.email.footer': {
    en: (p) =>
      `You receive this as a member of ${text(p.workspace)} in markpi. Choose what you receive in your notification settings.`,
    zh: (p) => `你是 markpi 中 ${text(p.workspace)} 的成员，因此收到此邮件。可在通知设置中选择接收哪些通知。`,
  },
} satisfies Record<string, { en: Template; zh: Template }>;

export type NotifyMessageKey = keyof typeof TABLE;

/** Every key notifications may carry of their own. */
export const NOTIFY_MESSAGE_KEYS = Object.freeze(Object.keys(TABLE) as NotifyMessageKey[]);

export function isNotifyMessageKey(key: string): key is NotifyMessageKey {
  return Object.hasOwn(TABLE, key);
}

/** Builds a message of this table. */
export function notifyMessage(
  key: NotifyMessageKey,
  params: Record<string, NotifyParam> = {},
): NotifyMessage {
  return { key, params };
}

/**
 * A message in English or Chinese: nested messages first (by this table or the sayers given),
 * then the key's template. A key no one knows is our bug and throws.
 */
export function sayNotify(message: NotifyMessage, language: Language, sayers: readonly Sayer[] = []): string {
  if (!isNotifyMessageKey(message.key)) {
    for (const sayer of sayers) {
      const said = sayer(message, language);
      if (said !== undefined) return said;
    }
    throw new MarkpiError('internal', `no text for the message key \`${message.key}\``);
  }
  const params: Said = {};
  for (const [name, param] of Object.entries(message.params)) {
    params[name] = Array.isArray(param)
      ? (param as (string | NotifyMessage)[]).map((item) =>
          typeof item === 'string' ? item : sayNotify(item, language, sayers),
        )
      : typeof param === 'object'
        ? sayNotify(param, language, sayers)
        : param;
  }
  return TABLE[message.key][language](params);
}
