/**
 * What a board card shows for its saved view, decided here so the dashboard and the API agree: a
 * KPI tile (value, change against the comparison, a sparkline) for one KPI with no dimension, the
 * view's own chart or table otherwise; and the condition a view asks with — the values picked per
 * dimension and its formula filter, joined the way Explore joins them (picks first, each part in
 * brackets, `and`), so a card and the view opened in Explore read the same rows.
 */
import { combineFilters } from '../targets/scope.js';

export type BoardCardKind = 'tile' | 'line' | 'bar' | 'table';

interface ViewShape {
  kpis: readonly string[];
  dimensions: readonly string[];
  chart: 'line' | 'bar' | 'table';
}

export function boardCardKind(view: ViewShape): BoardCardKind {
  return view.kpis.length === 1 && view.dimensions.length === 0 ? 'tile' : view.chart;
}

/** Text in the formula language: single quotes, a quote inside written twice. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `channel = 'douyin'`, `channel in ('douyin', 'tmall')`, each dimension's joined by `and`. */
export function picksFilter(
  picks: Readonly<Record<string, readonly string[]>> | undefined,
): string | undefined {
  const parts = Object.entries(picks ?? {})
    .filter(([, values]) => values.length > 0)
    .map(([dimension, values]) =>
      values.length === 1
        ? `${dimension} = ${quoted(values[0]!)}`
        : `${dimension} in (${values.map(quoted).join(', ')})`,
    );
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** The whole condition a saved view asks with. */
export function viewFilter(view: {
  picks?: Readonly<Record<string, readonly string[]>> | undefined;
  filter?: string | undefined;
}): string | undefined {
  return combineFilters(picksFilter(view.picks), view.filter?.trim() || undefined);
}
