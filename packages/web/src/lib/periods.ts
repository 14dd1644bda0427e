/**
 * Named periods in the dashboard: what the API's `period=` takes, the picker's choices, and an
 * event's name in the reader's language. The retail calendar's events are named in English by
 * core; their Chinese names are here, and a workspace's own events keep the names it gave them.
 */
import { COMPARE_MODES, type CompareMode, eventKeyOf, isPeriodPreset, type Period } from '@markpi/core';

/** What the periods route answers (`GET …/periods`). */
export type { PeriodChoices } from '@markpi/core';

/** What `compare=` may say to the analytics routes. */
export type PeriodCompare = CompareMode;

export function isPeriodCompare(value: string | null | undefined): value is PeriodCompare {
  return (COMPARE_MODES as readonly (string | null | undefined)[]).includes(value);
}

/** A period a URL may name: a preset, or an event (`event:<name>@<year>`). */
export function isNamedPeriod(value: string | null | undefined): value is string {
  return typeof value === 'string' && (isPeriodPreset(value) || /^event:.+/.test(value));
}

export function isEventPeriod(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith('event:');
}

/** Core's retail sales days, keyed by their name without the year. */
const RETAIL_NAMES: Record<string, { en: string; zh: string }> = {
  '618': { en: '618', zh: '618' },
  '618 presale': { en: '618 presale', zh: '618 预售期' },
  '618 first wave': { en: '618 first wave', zh: '618 第一波' },
  'double 11': { en: 'Double 11', zh: '双11' },
  'double 11 presale': { en: 'Double 11 presale', zh: '双11 预售期' },
  'double 11 first wave': { en: 'Double 11 first wave', zh: '双11 第一波' },
  'double 12': { en: 'Double 12', zh: '双12' },
};

/** An event's name in the reader's language: a retail day's own name, else the workspace's. */
export function eventName(name: string, language: string): string {
  const { key, year } = eventKeyOf(name);
  const known = RETAIL_NAMES[key.toLowerCase()];
  if (!known) return name;
  const said = language.startsWith('zh') ? known.zh : known.en;
  return year === undefined ? said : language.startsWith('zh') ? `${year} ${said}` : `${said} ${year}`;
}

/** A comparison's window as a reader says it: the event's name or the comparison's, with its dates. */
export function comparisonText(
  t: (key: string, options?: Record<string, unknown>) => string,
  comparison: { mode: PeriodCompare; period: Period; event?: string | undefined },
  language: string,
  formatRange: (from: string, to: string, locale: string) => string,
): string {
  const range = formatRange(comparison.period.from, comparison.period.to, language);
  const name =
    comparison.mode === 'same_event' && comparison.event
      ? eventName(comparison.event, language)
      : comparison.mode === 'same_event'
        ? t('periods.sameEvent')
        : t(`compare.${comparison.mode}`);
  return t('periods.event', { name, range });
}
