/**
 * Attribution on the dashboard: the shapes the attribution routes answer with (the server's zod
 * schemas in `server/src/routes/attribution.ts`; `attribution.test.ts` keeps the two in step) and
 * the side-by-side chart — one group of bars per channel (campaign, creator), one bar per model,
 * each the share of conversions (or value) the model gives it, so a channel the models disagree
 * on shows bars of very different heights at a glance.
 */

/** Every model the side-by-side view can show, in its column order. */
export const MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position',
  'time_decay',
  'markov',
  'shapley',
] as const;
export type ModelId = (typeof MODELS)[number];

export const ATTRIBUTION_KEYS = ['channel', 'campaign', 'creator'] as const;
export type AttributionKey = (typeof ATTRIBUTION_KEYS)[number];

export type AttributionMeasure = 'conversions' | 'value';

export interface SaidMessage {
  message: { key: string; params: Record<string, string | number | string[]> };
  text: { en: string; zh: string };
}

export interface ModelShare {
  model: ModelId;
  share: number;
}

export interface AttributionRow {
  key: string;
  /** What `value` is: the view's key, or `channel` for touches without one. */
  dimension: AttributionKey;
  value: string;
  /** A readable name for campaigns and creators, when the workspace has one. */
  label?: string | undefined;
  first_touch: number;
  last_touch: number;
  last_non_direct: number;
  linear: number;
  position: number;
  time_decay: number | null;
  markov: number;
  shapley: number;
  removal_effect: number;
  spread: { low: ModelShare; high: ModelShare; points: number; ratio: number | null };
  disagreement: SaidMessage | null;
}

export interface AttributionReport {
  by: string;
  measure: AttributionMeasure;
  total: number;
  totals: { conversions: number; value: number; nulls: number };
  factor: number;
  minShare: number;
  models: ModelId[];
  rows: AttributionRow[];
  markov: { order: number; conversionProbability: number; valuePerJourney: number };
  shapley: { exact: boolean; players: number; samples: number };
  notes: SaidMessage[];
}

export interface WorkspaceAttribution extends AttributionReport {
  window: { from: string; to: string };
  lookbackDays: number;
  journeys: {
    converting: number;
    nonConverting: number;
    untouched: { conversions: number; value: number };
    imported: { conversions: number; value: number; nulls: number };
  };
}

export interface CreatorModelFigures {
  model: ModelId;
  conversions: number;
  value: number;
  /** Attributed value / fee; null without a fee. */
  roi: number | null;
  /** Fee / attributed conversions; null without either. */
  costPerConversion: number | null;
}

/** What orders that used a creator's codes (or 口令) returned. */
export interface CouponFigures {
  conversions: number;
  value: number;
  roi: number | null;
  costPerConversion: number | null;
  orders: number;
}

export interface CreatorRoiRow {
  creator: string;
  label?: string | undefined;
  tier: string | null;
  fee: number;
  models: CreatorModelFigures[];
  /** Orders that used the creator's codes or 口令. */
  coupon: {
    conversions: number;
    value: number;
    roi: number | null;
    costPerConversion: number | null;
    orders: number;
    codes: string[];
  } | null;
}

export interface CreatorRoi {
  window: { from: string; to: string };
  lookbackDays: number;
  models: ModelId[];
  creators: CreatorRoiRow[];
  tiers: {
    tier: string;
    creators: number;
    fee: number;
    models: CreatorModelFigures[];
    coupon: CouponFigures | null;
  }[];
  notes: SaidMessage[];
}

export interface RefreshSummary {
  lookbackDays: number;
  window: { from: string; to: string } | null;
  rows: number;
  months: number;
  models: ModelId[];
  conversions: { credited: number; untouched: number };
}

/** Most keys charted: beyond this the rest are in the table only. */
export const CHART_KEYS = 12;

export interface ChartSeries {
  model: ModelId;
  /** Share of the total per key, in the order of `keys`; null where the model has no column. */
  shares: (number | null)[];
}

/** The keys charted (the largest by their highest share first) and each model's shares of them. */
export function chartSeries(
  report: AttributionReport,
  nameOf: (row: AttributionRow) => string = (row) => row.label ?? row.key,
): {
  keys: string[];
  labels: string[];
  series: ChartSeries[];
} {
  const total = report.total;
  const highest = (row: AttributionReport['rows'][number]) => row.spread.high.share;
  const rows = [...report.rows].sort((a, b) => highest(b) - highest(a)).slice(0, CHART_KEYS);
  return {
    keys: rows.map((row) => row.key),
    labels: rows.map(nameOf),
    series: report.models.map((model) => ({
      model,
      shares: rows.map((row) => {
        const credit = row[model];
        return credit === null || !(total > 0) ? null : credit / total;
      }),
    })),
  };
}

export function attributionChartOption(
  report: AttributionReport,
  modelName: (model: ModelId) => string,
  formatShare: (share: number) => string,
  nameOf?: (row: AttributionRow) => string,
): Record<string, unknown> {
  const { labels, series } = chartSeries(report, nameOf);
  return {
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? formatShare(value) : '—'),
    },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => formatShare(value) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: series.map((entry) => ({
      name: modelName(entry.model),
      type: 'bar',
      barMaxWidth: 14,
      data: entry.shares,
    })),
  };
}
