/**
 * Notes on charts: the scope a page's filter states (the values it keeps per channel and campaign,
 * read from plain `dimension = '…'` and `dimension in (…)` conditions joined by `and`; anything
 * else states nothing) and the bucket of a chart a note's first day falls in.
 */
import type { Annotation } from '@markpi/core';
import { bucketStart } from './targets';

const TEXT = "'((?:[^']|'')*)'";
const EQUALS = new RegExp(String.raw`^\(*\s*(channel|campaign)\s*=\s*${TEXT}\s*\)*$`);
const IN = new RegExp(String.raw`^\(*\s*(channel|campaign)\s+in\s*\(((?:\s*${TEXT}\s*,?)+)\)\s*\)*$`);

const unquote = (text: string) => text.replaceAll("''", "'");

/** The channels and campaigns a filter keeps, where it says so plainly. */
export function filterConstraints(filter: string | undefined): Record<string, string[]> {
  const constraints: Record<string, string[]> = {};
  if (!filter?.trim()) return constraints;
  // Only a conjunction states a scope: an `or` anywhere outside quotes could widen it.
  const outsideQuotes = filter.replaceAll(/'(?:[^']|'')*'/g, "''");
  if (/\bor\b|\bnot\b/i.test(outsideQuotes)) return constraints;
  for (const part of filter.split(/\s+and\s+(?=(?:[^']*'[^']*')*[^']*$)/i)) {
    const equals = EQUALS.exec(part.trim());
    if (equals) {
      const [, dimension, value] = equals;
      constraints[dimension!] = [...(constraints[dimension!] ?? []), unquote(value!)];
      continue;
    }
    const within = IN.exec(part.trim());
    if (within) {
      const [, dimension, list] = within;
      const values = [...list!.matchAll(new RegExp(TEXT, 'g'))].map((match) => unquote(match[1]!));
      constraints[dimension!] = [...(constraints[dimension!] ?? []), ...values];
    }
  }
  return constraints;
}

/** The chart bucket (`grain`) a note's first day is drawn on. */
export function noteBucket(annotation: Pick<Annotation, 'date'>, grain: string): string {
  return grain === 'day' || grain === 'total' ? annotation.date : bucketStart(annotation.date, grain);
}
