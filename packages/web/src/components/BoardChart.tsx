/**
 * A board card's small chart: its view's first KPI as lines or bars (`lib/board-cards.ts`), with
 * its image to download under a caption of the workspace, the view, the KPI, its days and filter.
 */
import type { BoardCard } from '@markpi/core';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../context';
import { cardChart } from '../lib/board-cards';
import { downloadChartPng } from '../lib/chart-export';
import { formatRange, formatValue } from '../lib/format';
import { useRowLabel } from './BoardCardBody';
import { Chart, type ChartHandle, type ChartOption } from './Chart';

type RowsCard = Extract<BoardCard, { kind: 'line' | 'bar' | 'table' }>;

export function BoardChart({
  card,
  kind,
  filter,
}: {
  card: RowsCard;
  kind: 'line' | 'bar';
  /** The condition the view asks with, for the image's caption. */
  filter?: string | undefined;
}) {
  const { t } = useTranslation();
  const { workspace, format, kpi, kpiName } = useWorkspace();
  const chart = useRef<ChartHandle>(null);
  const first = card.columns.find((column) => column.role === 'kpi')?.key ?? '';
  const unit = kpi(first)?.unit;
  const labelOf = useRowLabel(card.columns);
  const drawn = cardChart(card.columns, card.rows, first, labelOf);
  const key = JSON.stringify(drawn);
  // Redrawn when the drawn data change (compared by value), not on every render of the board.
  const option = useMemo(
    (): ChartOption => ({
      grid: { left: 48, right: 8, top: 8, bottom: 24 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? formatValue(value, unit, format) : '—',
      },
      xAxis: { type: 'category', data: drawn.categories, axisLabel: { fontSize: 10 } },
      yAxis: {
        type: 'value',
        axisLabel: {
          fontSize: 10,
          formatter: (value: number) => formatValue(value, unit, format, { compact: true }),
        },
      },
      series: drawn.series.map((series) => ({
        type: kind,
        name: series.name === first ? kpiName(first) : series.name,
        data: series.values,
        showSymbol: false,
        connectNulls: false,
        barMaxWidth: 18,
      })),
    }),
    [key, kind, unit, format],
  );
  return (
    <div className="board-card-chart" data-testid="board-card-chart">
      <Chart ref={chart} option={option} height={140} label={kpiName(first)} />
      <button
        type="button"
        className="link-button small"
        data-testid="board-card-png"
        onClick={() =>
          void downloadChartPng(
            chart.current?.toPng(),
            t,
            {
              workspace: workspace.name,
              title: card.name,
              kpi: kpiName(first),
              period: formatRange(card.period.from, card.period.to, format.locale),
              filter,
            },
            `markpi-${workspace.id}-${card.view}-${first}.png`,
          )
        }
      >
        ⤓ {t('action.downloadPng')}
      </button>
    </div>
  );
}
