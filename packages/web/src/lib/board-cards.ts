/**
 * A board card's small chart from its view's rows: the view's first KPI, over its buckets when
 * the view has a grain (one line or bar series per dimension value, the largest few), else across
 * its dimension values (the largest few, largest first). Pure, so it is tested apart from ECharts.
 */
type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;
interface Column {
  key: string;
  role: string;
}

export interface CardChart {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** Most series (over time) or bars (across values) a card draws: a card is small. */
export const CARD_SERIES = 5;
export const CARD_BARS = 10;

const numberOf = (value: Cell | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function cardChart(
  columns: readonly Column[],
  rows: readonly Row[],
  kpi: string,
  /** A row's dimension values as a person reads them ('' without dimensions). */
  labelOf: (row: Row) => string,
): CardChart {
  const timeKey = columns.find((column) => column.role === 'time')?.key;
  if (!timeKey) {
    const ranked = rows
      .filter((row) => numberOf(row[kpi]) !== null)
      .sort((a, b) => numberOf(b[kpi])! - numberOf(a[kpi])!)
      .slice(0, CARD_BARS);
    return {
      categories: ranked.map(labelOf),
      series: [{ name: kpi, values: ranked.map((row) => numberOf(row[kpi])) }],
    };
  }
  const categories = [...new Set(rows.map((row) => String(row[timeKey])))].sort();
  const place = new Map(categories.map((bucket, index) => [bucket, index]));
  const byLabel = new Map<string, { values: (number | null)[]; total: number }>();
  for (const row of rows) {
    const label = labelOf(row);
    const entry = byLabel.get(label) ?? { values: categories.map(() => null), total: 0 };
    const value = numberOf(row[kpi]);
    entry.values[place.get(String(row[timeKey]))!] = value;
    entry.total += Math.abs(value ?? 0);
    byLabel.set(label, entry);
  }
  const series = [...byLabel.entries()]
    .sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]))
    .slice(0, CARD_SERIES)
    .map(([name, entry]) => ({ name: name || kpi, values: entry.values }));
  return { categories, series };
}
