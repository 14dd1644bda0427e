/**
 * A KPI value partly spread from period rows (a report's total over a date range that the
 * query's window or bucket cuts through): the planner answers `<kpi>__prorated`, the largest
 * share of a summed measure that was spread by day, beside the `approximate` flag.
 */
/** The prorated share of `kpi` in `row`, or null when nothing in it was spread. */
export function proratedShare(row: Readonly<Record<string, unknown>>, kpi: string): number | null {
  const share = row[`${kpi}__prorated`];
  return typeof share === 'number' && Number.isFinite(share) ? share : null;
}

/** The share as a whole percentage for the tooltip; below 1 % it says so rather than 0 %. */
export function formatShare(share: number, locale: string): string {
  if (share > 0 && share < 0.01)
    return `<${new Intl.NumberFormat(locale, { style: 'percent' }).format(0.01)}`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
