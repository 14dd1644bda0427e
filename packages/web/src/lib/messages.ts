/**
 * Saying the server's messages (a key and its parameters; core's `targets/messages.ts`) in the
 * interface's language. English is the API's own text: core makes it from the same key and
 * parameters and the server sends it beside the message (`reason`, `summary`, `notes`), so the
 * dashboard shows it as it is. Other languages go through i18next: the templates are
 * `messages.<key>` in `i18n/zh.ts`, nested messages are said first, and each template names how
 * it says a parameter (`{{limit, threshold}}`) with the formats registered here, which format the
 * way the rest of the app does (`format.ts`), with KPI ids as the catalog's names.
 */
import type { i18n as I18n } from 'i18next';
import type { Message, MessageLabel, MessagePhrase, MessageTerm } from '../api/types';
import { formatBucket, formatChange, formatDay, formatPercent } from './format';

export type AnyMessage = Message | MessagePhrase | MessageLabel | MessageTerm;

export interface SayOptions {
  /** A KPI's name in the interface's language (the id when it has none). */
  kpiName?: (id: string) => string;
}

function isEnglish(lng: string | undefined): boolean {
  return (lng ?? 'en').toLowerCase().split('-')[0] === 'en';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null || value === '' ? [] : [String(value)];
}

const registered = new WeakSet<object>();

/** Adds the formats the message templates use to an i18next instance (once per instance). */
export function registerMessageFormats(i18n: I18n): void {
  const formatter = i18n.services?.formatter;
  if (!formatter || registered.has(formatter)) return;
  registered.add(formatter);
  const separator = (lng: string | undefined) =>
    i18n.t('messages.separator', { lng: lng ?? 'en', defaultValue: '; ' });
  const number = (say: (value: number, lng: string) => string) => (value: unknown, lng: string | undefined) =>
    typeof value === 'number' ? say(value, lng ?? 'en') : String(value);
  const word = (lng: string | undefined, key: string, fallback: string) =>
    isEnglish(lng) ? fallback : i18n.t(key, { lng, defaultValue: fallback });

  // Numbers: changes and thresholds are fractions; sizes are said without their sign.
  formatter.add('change', number(formatChange));
  formatter.add(
    'changeSize',
    number((value, lng) => formatPercent(Math.abs(value), lng, Math.abs(value) < 0.1 ? 1 : 0)),
  );
  formatter.add('threshold', number(formatChange));
  formatter.add(
    'thresholdSize',
    number((value, lng) => formatPercent(Math.abs(value), lng)),
  );
  formatter.add(
    'weight',
    number((value, lng) => formatPercent(value, lng)),
  );
  formatter.add('round', (value) => (typeof value === 'number' ? String(Math.round(value)) : String(value)));
  // Days and months: ISO in English, as the API writes them.
  formatter.add('date', (value, lng) => (isEnglish(lng) ? String(value) : formatDay(String(value), lng!)));
  formatter.add('month', (value, lng) =>
    isEnglish(lng) ? String(value) : formatBucket(`${String(value)}-01`, 'month', lng!),
  );
  // Ids: KPI ids by their names, flags, cadences and campaign goals by their words.
  const kpi = (id: string, lng: string | undefined, options: SayOptions) =>
    isEnglish(lng) ? id : (options.kpiName?.(id) ?? id);
  formatter.add('kpi', (value, lng, options: SayOptions) => kpi(String(value), lng, options));
  formatter.add('kpis', (value, lng, options: SayOptions) =>
    list(value)
      .map((id) => kpi(id, lng, options))
      .join(isEnglish(lng) ? ', ' : '、'),
  );
  formatter.add('flags', (value, lng) =>
    list(value)
      .map((flag) => word(lng, `messages.flags.${flag}`, flag))
      .join(isEnglish(lng) ? ', ' : '、'),
  );
  formatter.add('cadence', (value, lng) => word(lng, `targets.cadences.${String(value)}`, String(value)));
  formatter.add('campaignGoal', (value, lng) =>
    word(lng, `messages.campaignGoals.${String(value)}`, String(value)),
  );
  // Lists of said phrases (or of text): joined, or as trailing clauses after the main one.
  formatter.add('joined', (value, lng) => list(value).join(separator(lng)));
  formatter.add('clauses', (value, lng) =>
    list(value)
      .map((item) => `${separator(lng)}${item}`)
      .join(''),
  );
}

/**
 * The message in the instance's current language; null in English, where the caller shows the
 * English the API sent with it (core's own), and null when its key, or a nested one, has no
 * template here (a newer server than this dashboard), where the caller shows that English too.
 */
export function sayMessage(i18n: I18n, said: AnyMessage, options: SayOptions = {}): string | null {
  if (isEnglish(i18n.language)) return null;
  registerMessageFormats(i18n);
  const params: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(said.params as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (const item of value as unknown[]) {
        const text =
          typeof item === 'object' && item !== null ? sayMessage(i18n, item as AnyMessage, options) : item;
        if (text === null) return null;
        items.push(String(text));
      }
      params[name] = items;
    } else if (typeof value === 'object' && value !== null) {
      const text = sayMessage(i18n, value as AnyMessage, options);
      if (text === null) return null;
      params[name] = text;
    } else if (typeof value === 'string' || typeof value === 'number') {
      params[name] = value;
    }
  }
  const key = `messages.${said.key}`;
  const plural = typeof params.count === 'number' ? { count: params.count } : {};
  if (!i18n.exists(key, plural)) return null;
  return i18n.t(key, {
    ...plural,
    replace: params,
    kpiName: options.kpiName,
    interpolation: { escapeValue: false },
  });
}
