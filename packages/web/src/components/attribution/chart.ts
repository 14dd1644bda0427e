/**
 * The side-by-side chart: one group of bars per channel (campaign, creator), one bar per model,
 * each the share of conversions (or value) the model gives it — so a channel the models disagree
 * on shows bars of very different heights at a glance.
 */
import type { ChartOption } from '../Chart';
import { FONT_FAMILY } from '../Chart';
import type { AttributionReport, ModelId } from './api';

/** Most keys charted: beyond this the rest are in the table only. */
export const CHART_KEYS = 12;

export interface ChartSeries {
  model: ModelId;
  /** Share of the total per key, in the order of `keys`; null where the model has no column. */
  shares: (number | null)[];
}

/** The keys charted (the largest by their highest share first) and each model's shares of them. */
export function chartSeries(report: AttributionReport): {
  keys: string[];
  labels: string[];
  series: ChartSeries[];
} {
  const total = report.total;
  const highest = (row: AttributionReport['rows'][number]) => row.spread.high.share;
  const rows = [...report.rows].sort((a, b) => highest(b) - highest(a)).slice(0, CHART_KEYS);
  return {
    keys: rows.map((row) => row.key),
    labels: rows.map((row) => row.label ?? row.key),
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
): ChartOption {
  const { labels, series } = chartSeries(report);
  return {
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    legend: { top: 0, type: 'scroll', textStyle: { fontFamily: FONT_FAMILY } },
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
