/**
 * The filter bar's state: values picked per dimension, kept in the URL as `pick.<dimension>` (each
 * value URI-encoded, joined by commas, so a value holding a comma survives), and the condition
 * they stand for in the formula language, which the page combines with the formula filter typed
 * beside them (core's `combineFilters`: each part in brackets, joined by `and`).
 */
import { combineFilters } from '@markpi/core';
import { quoteText } from './why';

export type Picks = Record<string, string[]>;

const PREFIX = 'pick.';

/** The values picked per dimension in a URL's parameters, dimensions in the order given. */
export function readPicks(search: URLSearchParams, dimensions: readonly string[]): Picks {
  const picks: Picks = {};
  for (const dimension of dimensions) {
    const text = search.get(`${PREFIX}${dimension}`);
    if (!text) continue;
    const values = text
      .split(',')
      .filter(Boolean)
      .flatMap((part) => {
        try {
          return [decodeURIComponent(part)];
        } catch {
          return [];
        }
      });
    if (values.length > 0) picks[dimension] = [...new Set(values)];
  }
  return picks;
}

/** The URL parameter for a dimension's picked values (null: none). */
export function pickParam(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.map((value) => encodeURIComponent(value)).join(',');
}

export function pickKey(dimension: string): string {
  return `${PREFIX}${dimension}`;
}

/** `channel = 'douyin'`, `channel in ('douyin', 'tmall')`, each dimension's joined by `and`. */
export function picksCondition(picks: Picks): string | undefined {
  const parts = Object.entries(picks)
    .filter(([, values]) => values.length > 0)
    .map(([dimension, values]) =>
      values.length === 1
        ? `${dimension} = ${quoteText(values[0]!)}`
        : `${dimension} in (${values.map(quoteText).join(', ')})`,
    );
  if (parts.length === 0) return undefined;
  return parts.join(' and ');
}

/** What the page asks for: the picked values and the typed formula together. */
export function pageFilter(picks: Picks, formula: string | undefined): string | undefined {
  return combineFilters(picksCondition(picks), formula?.trim() || undefined);
}
