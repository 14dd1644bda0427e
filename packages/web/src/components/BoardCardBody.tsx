/**
 * What a board card shows of its view's answer: a KPI tile (value, change against the view's
 * comparison, sparkline) for one KPI without dimensions; the view's chart (drawn by ECharts, loaded
 * only when a board has one) or the first rows of its table otherwise.
 */
import type { BoardCard } from '@markpi/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../context';
import { changeTone, formatChange, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { Sparkline } from './Sparkline';

let chartModule: Promise<typeof import('./BoardChart')> | undefined;
/** The chart's module once it has arrived. */
let chartLoaded: typeof import('./BoardChart') | undefined;
/**
 * Fetches the chart's chunk (ECharts) once. The board asks for it as soon as it knows a card will
 * draw a chart, beside the board's answer rather than after it.
 */
export function loadBoardChart(): Promise<typeof import('./BoardChart')> {
  chartModule ??= import('./BoardChart').then((module) => {
    chartLoaded = module;
    return module;
  });
  return chartModule;
}

const BoardChart = lazy(() => loadBoardChart().then((module) => ({ default: module.BoardChart })));

/** Rows a table card shows; the rest are a click away in Explore. */
const TABLE_ROWS = 8;

type Answered = Extract<BoardCard, { status: 'answered' }>;
type Row = Extract<Answered, { kind: 'line' | 'bar' | 'table' }>['rows'][number];

export function useRowLabel(columns: readonly { key: string; role: string }[]) {
  const { t } = useTranslation();
  const dimensions = columns.filter((column) => column.role === 'dimension').map((column) => column.key);
  return (row: Row) =>
    dimensions.map((dimension) => dimensionValueLabel(t, dimension, row[dimension] ?? null)).join(' · ');
}

export function BoardCardBody({ card, filter }: { card: Answered; filter?: string | undefined }) {
  const { t } = useTranslation();
  const { format, kpi, kpiName, dimensionName } = useWorkspace();
  // A card shown once the chart's code is in draws it at once rather than through the lazy
  // component: that suspends for a moment even then, and React holds back what a shown fallback
  // covered for 300 ms. Taken at the card's first render, so a card never swaps one for the other.
  const [Drawn] = useState(() => chartLoaded?.BoardChart);
  if (card.kind === 'tile') {
    const { tile } = card;
    const tone = changeTone(tile.change, tile.direction);
    return (
      <div className="board-card-tile">
        <strong className="board-card-value" data-testid="board-card-value" data-value={tile.value ?? ''}>
          {formatValue(tile.value, tile.unit, format, { compact: true, flag: tile.flag })}
        </strong>
        {card.comparison ? (
          <span className={`change change-${tone} small`} data-testid="board-card-change">
            {formatChange(tile.change, format.locale)}{' '}
            <span className="muted">
              {t('boardCards.vs', {
                value: formatValue(tile.previous, tile.unit, format, { compact: true }),
              })}
            </span>
          </span>
        ) : null}
        <Sparkline points={tile.sparkline.map((point) => point.value)} tone={tone} width={180} height={28} />
      </div>
    );
  }
  if (card.rows.length === 0) return <p className="muted small">{t('boardCards.noRows')}</p>;
  if (card.kind !== 'table') {
    const kind = card.kind === 'bar' ? 'bar' : 'line';
    if (Drawn) return <Drawn card={card} kind={kind} filter={filter} />;
    return (
      <Suspense fallback={<div className="board-card-chart" />}>
        <BoardChart card={card} kind={kind} filter={filter} />
      </Suspense>
    );
  }
  const shown = card.columns.filter((column) => column.role !== 'flag' && column.role !== 'previous');
  return (
    <table className="board-card-table small" data-testid="board-card-table">
      <thead>
        <tr>
          {shown.map((column) => (
            <th key={column.key}>
              {column.role === 'kpi'
                ? kpiName(column.key)
                : column.role === 'change'
                  ? t('boardCards.change')
                  : column.role === 'dimension'
                    ? dimensionName(column.key)
                    : t(`explore.grains.${column.key}`, { defaultValue: column.key })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {card.rows.slice(0, TABLE_ROWS).map((row, index) => (
          // Rows have no id of their own; their place in the answer is stable.
          <tr key={index}>
            {shown.map((column) => {
              const value = row[column.key] ?? null;
              return (
                <td key={column.key} className={column.role === 'dimension' ? undefined : 'num'}>
                  {column.role === 'kpi'
                    ? formatValue(typeof value === 'number' ? value : null, kpi(column.key)?.unit, format, {
                        compact: true,
                      })
                    : column.role === 'change'
                      ? formatChange(typeof value === 'number' ? value : null, format.locale)
                      : column.role === 'dimension'
                        ? dimensionValueLabel(t, column.key, value)
                        : String(value ?? '—')}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      {card.rows.length > TABLE_ROWS ? (
        <tfoot>
          <tr>
            <td colSpan={shown.length} className="muted">
              {t('boardCards.more', { count: card.rows.length - TABLE_ROWS })}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
