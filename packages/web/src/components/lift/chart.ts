/**
 * The geo test's two charts: the treated locations' mean against their synthetic control, day by
 * day, and the gap between them; the test's days are shaded, so the gap before the test (how well
 * the control follows) and during it (the effect) read side by side.
 */
import type { ChartOption } from '../Chart';
import { FONT_FAMILY, PALETTE } from '../Chart';
import type { GeoDay } from './api';

const testArea = (days: readonly GeoDay[], label: string) => {
  const test = days.filter((day) => day.period === 'test');
  if (test.length === 0) return undefined;
  return {
    silent: true,
    itemStyle: { color: 'rgba(49, 87, 213, 0.07)' },
    label: { show: true, position: 'insideTop' as const, color: '#5b6275', fontFamily: FONT_FAMILY },
    data: [[{ xAxis: test[0]!.date, name: label }, { xAxis: test.at(-1)!.date }]],
  };
};

const axis = (days: readonly GeoDay[], formatValue: (value: number) => string) => ({
  grid: { left: 56, right: 16, top: 36, bottom: 48 },
  tooltip: {
    trigger: 'axis' as const,
    valueFormatter: (value: unknown) => (typeof value === 'number' ? formatValue(value) : '—'),
  },
  xAxis: { type: 'category' as const, data: days.map((day) => day.date), axisLabel: { hideOverlap: true } },
  yAxis: {
    type: 'value' as const,
    scale: true,
    axisLabel: { formatter: (value: number) => formatValue(value) },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  },
});

export function treatedChartOption(
  days: readonly GeoDay[],
  names: { treated: string; synthetic: string; test: string },
  formatValue: (value: number) => string,
): ChartOption {
  const area = testArea(days, names.test);
  return {
    ...axis(days, formatValue),
    legend: { top: 0, textStyle: { fontFamily: FONT_FAMILY } },
    series: [
      {
        name: names.treated,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 2, color: PALETTE[0] },
        itemStyle: { color: PALETTE[0] },
        data: days.map((day) => day.treated),
        ...(area ? { markArea: area } : {}),
      },
      {
        name: names.synthetic,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed', color: PALETTE[2] },
        itemStyle: { color: PALETTE[2] },
        data: days.map((day) => day.synthetic),
      },
    ],
  };
}

export function gapChartOption(
  days: readonly GeoDay[],
  names: { gap: string; test: string },
  formatValue: (value: number) => string,
): ChartOption {
  const area = testArea(days, names.test);
  return {
    ...axis(days, formatValue),
    legend: { top: 0, textStyle: { fontFamily: FONT_FAMILY } },
    series: [
      {
        name: names.gap,
        type: 'bar',
        barMaxWidth: 6,
        data: days.map((day) => ({
          value: day.gap,
          itemStyle: { color: day.period === 'test' ? PALETTE[0] : PALETTE[8] },
        })),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#8a8f99' } },
        ...(area ? { markArea: area } : {}),
      },
    ],
  };
}
