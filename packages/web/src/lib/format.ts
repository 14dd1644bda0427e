/**
 * Numbers and dates for people, in the interface's language. Values arrive as the API sends
 * them: ratios and percents as fractions (0.025 is 2.5 %), money in the workspace's base
 * currency, days as `YYYY-MM-DD`.
 */

import type { Direction, KpiUnit } from '@markpi/core';

export type { Direction, KpiUnit };

export interface FormatContext {
  /** BCP 47 tag: `zh-CN` or `en`. */
  locale: string;
  /** ISO 4217 code of the workspace's base currency. */
  currency: string;
}

export interface ValueOptions {
  /** Short forms for tiles and axes: 1.2万 / 1.2M. */
  compact?: boolean;
  /** The engine's flag on the value: `approximate`, `upper_bound`, `lower_bound`. */
  flag?: string | null;
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** "≈" for an estimate, "≤"/"≥" for a bound (reach summed over days can only overstate). */
export function flagPrefix(flag: string | null | undefined): string {
  switch (flag) {
    case 'approximate':
      return '≈';
    case 'upper_bound':
      return '≤';
    case 'lower_bound':
      return '≥';
    default:
      return '';
  }
}

function formatSeconds(seconds: number, locale: string): string {
  if (Math.abs(seconds) < 60)
    return numberFormat(locale, { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(seconds);
  const minutes = seconds / 60;
  if (Math.abs(minutes) < 60)
    return numberFormat(locale, { style: 'unit', unit: 'minute', maximumFractionDigits: 1 }).format(minutes);
  return numberFormat(locale, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(minutes / 60);
}

/** A KPI value by its unit; `—` when it can't be computed (null). */
export function formatValue(
  value: number | null | undefined,
  unit: KpiUnit | undefined,
  context: FormatContext,
  options: ValueOptions = {},
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const { locale, currency } = context;
  const compact = options.compact === true && Math.abs(value) >= 10_000;
  let text: string;
  switch (unit) {
    case 'currency':
      text = numberFormat(locale, {
        style: 'currency',
        currency,
        ...(compact
          ? { notation: 'compact', maximumFractionDigits: 2 }
          : { maximumFractionDigits: Math.abs(value) >= 1000 ? 0 : 2, minimumFractionDigits: 0 }),
      }).format(value);
      break;
    case 'ratio':
    case 'percent':
      text = numberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: Math.abs(value) < 0.1 ? 2 : 1,
        minimumFractionDigits: Math.abs(value) < 0.1 ? 2 : 1,
      }).format(value);
      break;
    case 'multiple':
      text = `${numberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(value)}×`;
      break;
    case 'seconds':
      text = formatSeconds(value, locale);
      break;
    case 'count':
      text = numberFormat(
        locale,
        compact ? { notation: 'compact', maximumFractionDigits: 2 } : { maximumFractionDigits: 0 },
      ).format(value);
      break;
    default:
      text = numberFormat(
        locale,
        compact ? { notation: 'compact', maximumFractionDigits: 2 } : { maximumFractionDigits: 2 },
      ).format(value);
  }
  return `${flagPrefix(options.flag)}${text}`;
}

/** A relative change as a signed percent: +12.3% / −4.0%. */
export function formatChange(change: number | null | undefined, locale: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '—';
  return numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
  }).format(change);
}

/** A share (0–1) as a percent without sign. */
export function formatPercent(share: number | null | undefined, locale: string, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(share);
}

export function formatInteger(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Whether a change is good news, bad news or neither, by the KPI's direction. */
export function changeTone(
  change: number | null | undefined,
  direction: Direction,
): 'good' | 'bad' | 'neutral' {
  if (change === null || change === undefined || change === 0 || direction === 'context') return 'neutral';
  return change > 0 === (direction === 'up') ? 'good' : 'bad';
}

const dateCache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateCache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
    dateCache.set(key, format);
  }
  return format;
}

/** A calendar day: 2026年10月31日 / Oct 31, 2026. */
export function formatDay(day: string, locale: string, style: 'long' | 'short' = 'long'): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateFormat(
    locale,
    style === 'short'
      ? { month: 'short', day: 'numeric' }
      : { year: 'numeric', month: 'short', day: 'numeric' },
  ).format(date);
}

/** A time bucket's label by grain: the bucket holds its first day. */
export function formatBucket(day: string, grain: string, locale: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return day;
  switch (grain) {
    case 'month':
      return dateFormat(locale, { year: 'numeric', month: 'short' }).format(date);
    case 'quarter':
      return `${date.getUTCFullYear()} Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
    case 'year':
      return String(date.getUTCFullYear());
    default:
      return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
  }
}

export function formatRange(from: string, to: string, locale: string): string {
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).formatRange(
    new Date(`${from}T00:00:00.000Z`),
    new Date(`${to}T00:00:00.000Z`),
  );
}

/** An instant (ISO timestamp) with date and time, in the browser's own time zone. */
export function formatInstant(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatBytes(bytes: number, locale: string): string {
  // Symbols, not words: "564 B" and "1.2 MB" read the same in Chinese and English.
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  const digits = index === 0 ? 0 : 1;
  return `${numberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[index]}`;
}
