/**
 * ECharts in React: one instance per element, options replaced on change, resized with its
 * box. Only the chart types and components the dashboard uses are registered, which keeps the
 * bundle a fraction of full ECharts.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkAreaComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const PALETTE = [
  '#3157d5',
  '#16a085',
  '#e8912d',
  '#d9534f',
  '#8e5cd9',
  '#2b9bd8',
  '#c2477f',
  '#6f9a2b',
  '#8a8f99',
  '#c9a227',
];

export const FONT_FAMILY =
  'Inter, system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** A click inside the plot: the category under it and the value at its height. */
export interface ChartPick {
  dataIndex: number;
  value: number;
}

export interface ChartHandle {
  /** The chart as a PNG data URL at twice the screen resolution, on white. */
  toPng: () => string | null;
}

export function Chart({
  option,
  height = 320,
  ref,
  label,
  onPick,
  notes,
}: {
  option: ChartOption;
  height?: number;
  ref?: Ref<ChartHandle>;
  /** Accessible description of what the chart shows. */
  label: string;
  /**
   * Told about clicks anywhere in the plot, not only on a drawn symbol: lines of many points draw
   * none, and a point should be as easy to ask about as the cell of a table.
   */
  onPick?: (pick: ChartPick) => void;
  /** How many notes the chart marks (tests and assistive tools read it off the element). */
  notes?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | null>(null);
  const picked = useRef(onPick);
  picked.current = onPick;

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const chart = echarts.init(node, null, { renderer: 'canvas' });
    instance.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(node);
    chart.getZr().on('click', (event) => {
      const point = [event.offsetX, event.offsetY];
      if (!picked.current || !chart.containPixel('grid', point)) return;
      const [index, value] = chart.convertFromPixel('grid', point) as number[];
      if (index === undefined || value === undefined || !Number.isFinite(index)) return;
      picked.current({ dataIndex: Math.round(index), value });
    });
    return () => {
      observer.disconnect();
      chart.dispose();
      instance.current = null;
    };
  }, []);

  useEffect(() => {
    // People who ask their system for less motion get charts that appear at once.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    instance.current?.setOption(
      {
        color: PALETTE,
        textStyle: { fontFamily: FONT_FAMILY },
        animation: !still,
        animationDuration: 300,
        ...option,
      },
      { notMerge: true },
    );
  }, [option]);

  useImperativeHandle(ref, () => ({
    toPng: () =>
      instance.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }) ?? null,
  }));

  return (
    <div
      ref={element}
      className={onPick ? 'chart chart-pickable' : 'chart'}
      style={{ height }}
      role="img"
      aria-label={label}
      data-notes={notes}
    />
  );
}
