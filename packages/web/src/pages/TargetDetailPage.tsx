/**
 * One target: where it stands (to date against the cumulative target, the projection with its
 * range and the chance of making it) and how it breaks down into quarters and months. Editors
 * and admins change it here; a change is saved as a new version and everything below is
 * computed again for it.
 */
import { type Annotation, annotationsInView } from '@markpi/core';
import { type ReactNode, type Ref, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { BreakdownPart, Pace, SavedTarget } from '../api/types';
import { useResource } from '../api/use-resource';
import { useTargets } from '../api/use-targets';
import { RagBadge } from '../components/Badges';
import { Chart, type ChartHandle, type ChartOption } from '../components/Chart';
import { ChartPngButton } from '../components/ChartPng';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { SmartCheck } from '../components/SmartCheck';
import { Empty, ErrorState, Loading } from '../components/States';
import { TargetForm } from '../components/TargetForm';
import { useWorkspace } from '../context';
import { useSayMessage } from '../i18n';
import { filterConstraints } from '../lib/annotations';
import { paceCaption } from '../lib/chart-captions';
import {
  type FormatContext,
  formatBucket,
  formatDay,
  formatPercent,
  formatRange,
  formatValue,
  type KpiUnit,
} from '../lib/format';
import { paceNoteMarks } from '../lib/pace-notes';
import { eventName } from '../lib/periods';
import { Link } from '../router';

export function TargetDetailPage({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  const { workspace, format, kpiName, kpi, canEdit } = useWorkspace();
  const say = useSayMessage(kpiName);
  const { targets, reload: reloadTargets } = useTargets(workspace.id);
  const item = targets.find((entry) => entry.target.id === targetId);
  const pace = useResource(`${workspace.id}|pace|${targetId}`, (signal) =>
    api.targetPace(workspace.id, targetId, signal),
  );
  const check = useResource(`${workspace.id}|check|${targetId}`, (signal) =>
    api.targetCheck(workspace.id, targetId, signal),
  );
  const breakdown = useResource(`${workspace.id}|breakdown|${targetId}`, (signal) =>
    api.targetBreakdown(workspace.id, targetId, signal),
  );
  const [level, setLevel] = useState<'months' | 'quarters'>('months');
  const paceChart = useRef<ChartHandle>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<SavedTarget | null>(null);
  const unit = kpi(item?.target.kpi ?? pace.data?.pace.kpi ?? '')?.unit ?? 'number';
  const back = `/workspaces/${encodeURIComponent(workspace.id)}/targets`;
  const target = item?.target;
  const p = pace.data?.pace;
  // Notes over the target's period whose scope holds the target's (a channel's notes on its target).
  const notes = useResource(
    target ? `${workspace.id}|annotations|${target.period.from}|${target.period.to}` : null,
    (signal) => api.annotations(workspace.id, target!.period, signal),
  );
  const notesInView = useMemo(
    () =>
      target
        ? annotationsInView(
            notes.data?.annotations ?? [],
            target.period,
            filterConstraints(target.scope.filter),
          )
        : NO_NOTES,
    [notes.data, target],
  );

  return (
    <>
      <PageHeader
        title={target ? `${kpiName(target.kpi)} · ${target.scope.label}` : targetId}
        subtitle={
          <>
            <Link href={back} className="muted">
              ‹ {t('targets.list')}
            </Link>
            {item ? (
              <span className="muted" data-testid="target-version">
                {' · '}
                {t('targetForm.version', { version: item.version })}
              </span>
            ) : null}
          </>
        }
        actions={
          target ? (
            <>
              {canEdit ? (
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => {
                    setSaved(null);
                    setEditing(true);
                  }}
                  disabled={editing}
                  data-testid="edit-target"
                >
                  {t('targetForm.edit')}
                </button>
              ) : null}
              <Link
                className="button"
                href={`/workspaces/${encodeURIComponent(workspace.id)}/explore?kpis=${target.kpi}&grain=day&from=${target.period.from}&to=${
                  p?.asOf && p.asOf < target.period.to ? p.asOf : target.period.to
                }${target.scope.filter ? `&filter=${encodeURIComponent(target.scope.filter)}` : ''}`}
              >
                {t('targets.openExplore')}
              </Link>
            </>
          ) : null
        }
      />
      {editing && item ? (
        <TargetForm
          existing={item}
          onClose={() => setEditing(false)}
          onSaved={(result) => {
            setEditing(false);
            setSaved(result);
            // Everything on this page is computed from the target: ask again for the new version.
            reloadTargets();
            pace.reload();
            check.reload();
            breakdown.reload();
          }}
        />
      ) : null}
      {saved ? <SavedVersion saved={saved} /> : null}
      {pace.error ? (
        <ErrorState error={pace.error} onRetry={pace.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <>
          <section className="stat-row" data-testid="pace-summary">
            <Stat label={t('targets.status')}>
              <RagBadge status={p.status} />
              {p.outcome ? (
                <span className="muted small block" data-testid="pace-outcome" data-outcome={p.outcome}>
                  {t(`targetOutcome.${p.outcome}`)}
                </span>
              ) : null}
            </Stat>
            <Stat label={t('targets.target')}>{formatValue(p.target, unit, format)}</Stat>
            <Stat label={t('targets.toDate')}>{formatValue(p.actualToDate, unit, format)}</Stat>
            <Stat label={t('targets.toDateTarget')}>{formatValue(p.targetToDate, unit, format)}</Stat>
            <Stat label={t('targets.index')}>{formatPercent(p.index, format.locale)}</Stat>
            <Stat label={t('targets.projection')}>
              {formatValue(p.projection?.value, unit, format, { compact: true })}
              {p.projection?.low !== null &&
              p.projection?.low !== undefined &&
              p.projection.high !== null &&
              p.projection.high - p.projection.low > Math.abs(p.projection.value) * 1e-6 ? (
                <span className="muted small block">
                  {formatValue(p.projection.low, unit, format, { compact: true })} –{' '}
                  {formatValue(p.projection.high, unit, format, { compact: true })}
                </span>
              ) : null}
            </Stat>
            <Stat label={t('targets.probability')}>{formatPercent(p.probability, format.locale)}</Stat>
          </section>
          <section className="card">
            <div className="card-header">
              <div>
                <h2>{t('targets.pacing')}</h2>
                <p className="muted">
                  {t('targets.pacingHint')} {t('targets.asOf', { date: formatDay(p.asOf, format.locale) })} ·{' '}
                  {t('targets.elapsed', { share: formatPercent(p.elapsedShare, format.locale) })} ·{' '}
                  {t(`targets.methods.${p.method}`)}
                </p>
              </div>
              {target ? (
                <ChartPngButton
                  chart={paceChart}
                  testId="pace-png"
                  name={`${target.id}-pacing`}
                  caption={(say, place) =>
                    paceCaption(say, place, {
                      kpi: kpiName(target.kpi),
                      scopeLabel: target.scope.label,
                      period: target.period,
                      filter: target.scope.filter,
                    })
                  }
                />
              ) : null}
            </div>
            <PaceChart pace={p} unit={unit} format={format} notes={notesInView} chartRef={paceChart} />
            {target?.goal ? (
              <p className="goal">
                <strong>{t('targets.goal')}:</strong> {target.goal}
              </p>
            ) : null}
            {p.notes.length > 0 ? (
              <ul className="warnings" data-testid="pace-notes">
                {p.notes.map((note, index) => (
                  <li key={note}>{paceNote(p, index, say)}</li>
                ))}
              </ul>
            ) : null}
          </section>
        </>
      )}
      {check.data ? <SmartCheck check={check.data.check} /> : null}
      <section className="card">
        <div className="card-header">
          <div>
            <h2>{t('targets.breakdown')}</h2>
            {breakdown.data ? (
              <p className="muted">
                {formatRange(
                  breakdown.data.breakdown.period.from,
                  breakdown.data.breakdown.period.to,
                  format.locale,
                )}{' '}
                · {t(`targets.modes.${breakdown.data.breakdown.mode}`)}
              </p>
            ) : null}
          </div>
          <div className="segmented">
            {(['months', 'quarters'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className={level === option ? 'active' : ''}
                aria-pressed={level === option}
                onClick={() => setLevel(option)}
              >
                {t(`targets.${option}`)}
              </button>
            ))}
          </div>
        </div>
        {breakdown.error ? (
          <ErrorState error={breakdown.error} onRetry={breakdown.reload} />
        ) : !breakdown.data ? (
          <Loading />
        ) : breakdown.data.breakdown[level].length === 0 ? (
          <Empty title={t('state.noData')} />
        ) : (
          <BreakdownTable parts={breakdown.data.breakdown[level]} level={level} unit={unit} format={format} />
        )}
      </section>
    </>
  );
}

/** What the last save did: the version it made and the fields it changed. */
function SavedVersion({ saved }: { saved: SavedTarget }) {
  const { t } = useTranslation();
  const { kpiName, format } = useWorkspace();
  const { target, version } = saved.current;
  // `period.to` and `period.from` are one field to a reader.
  const fields = [...new Set(saved.changes.map((change) => change.field.split('.')[0]!))].map((field) =>
    t(`targetForm.fields.${field}`, { defaultValue: field }),
  );
  return (
    <div className="callout callout-good" role="status" data-testid="target-saved">
      {t('targetForm.saved', { name: `${kpiName(target.kpi)} · ${target.scope.label}`, version })}
      {fields.length > 0
        ? ` ${t('targetForm.changed', {
            fields: new Intl.ListFormat(format.locale, { type: 'conjunction' }).format(fields),
          })}`
        : null}
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{children}</div>
    </div>
  );
}

function BreakdownTable({
  parts,
  level,
  unit,
  format,
}: {
  parts: BreakdownPart[];
  level: 'months' | 'quarters';
  unit: KpiUnit;
  format: FormatContext;
}) {
  const { t } = useTranslation();
  const columns: TableColumn<BreakdownPart>[] = [
    {
      key: 'from',
      header: t('targets.period'),
      render: (part) => formatBucket(part.from, level === 'months' ? 'month' : 'quarter', format.locale),
    },
    {
      key: 'value',
      header: t('targets.target'),
      numeric: true,
      render: (part) => formatValue(part.value, unit, format),
    },
    {
      key: 'cumulative',
      header: t('targets.cumulative'),
      numeric: true,
      render: (part) => formatValue(part.cumulative, unit, format),
    },
    {
      key: 'share',
      header: t('targets.share'),
      numeric: true,
      render: (part) => (
        <div className="share-cell">
          <span className="share-bar" aria-hidden="true">
            <span style={{ width: `${part.share * 100}%` }} />
          </span>
          {formatPercent(part.share, format.locale, 1)}
        </div>
      ),
    },
  ];
  return <DataTable columns={columns} rows={parts} rowKey={(part) => part.from} testId="breakdown-table" />;
}

const NO_NOTES: readonly Annotation[] = [];

/**
 * Actual against the cumulative target (split KPIs) or the target level (ratios), the
 * projected path after the pacing day, and the projection's range at the period's end drawn
 * as a cone widening from the last actual: how sure the projection is grows with the distance.
 */
export function PaceChart({
  pace,
  unit,
  format,
  notes = NO_NOTES,
  chartRef,
}: {
  pace: Pace;
  unit: KpiUnit;
  format: FormatContext;
  /** Notes marked on their days: a line for a day, a shaded area for a span. */
  notes?: readonly Annotation[];
  /** The chart's handle, for its image. */
  chartRef?: Ref<ChartHandle>;
}) {
  const { t } = useTranslation();
  const option = useMemo((): ChartOption => {
    const days = pace.series.map((point) => point.date);
    const marks = paceNoteMarks(notes, days, (note) => eventName(note, format.locale));
    const lastActualIndex = pace.series.findLastIndex((point) => point.actual !== null);
    const projection = pace.projection;
    const endIndex = days.length - 1;
    let lower: (number | null)[] = [];
    let band: (number | null)[] = [];
    if (
      projection &&
      projection.low !== null &&
      projection.high !== null &&
      lastActualIndex >= 0 &&
      lastActualIndex < endIndex
    ) {
      const start = pace.series[lastActualIndex]!.actual ?? 0;
      lower = pace.series.map((point, index) => {
        if (index < lastActualIndex) return null;
        const share = (index - lastActualIndex) / (endIndex - lastActualIndex);
        const center = point.projected ?? start;
        return center - (projection.value - projection.low!) * share;
      });
      band = pace.series.map((_point, index) => {
        if (index < lastActualIndex) return null;
        const share = (index - lastActualIndex) / (endIndex - lastActualIndex);
        return (projection.high! - projection.low!) * share;
      });
    }
    const axisValue = (value: number) => formatValue(value, unit, format, { compact: true });
    // A ratio is judged by its to-date ratio of sums, which is the line drawn, so it says so.
    const actualName = pace.method === 'level' ? t('paceChart.toDateRatio') : t('targets.actual');
    return {
      grid: { left: 64, right: 24, top: 32, bottom: 56 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? formatValue(value, unit, format) : '—',
      },
      legend: {
        bottom: 0,
        data: [
          actualName,
          pace.method === 'split' ? t('targets.cumulativeTarget') : t('targets.levelTarget'),
          t('targets.projected'),
        ],
      },
      xAxis: {
        type: 'category',
        data: days,
        boundaryGap: false,
        axisLabel: { formatter: (value: string) => formatDay(value, format.locale, 'short') },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: axisValue },
        splitLine: { lineStyle: { color: '#eef1f6' } },
      },
      series: [
        {
          type: 'line',
          name: pace.method === 'split' ? t('targets.cumulativeTarget') : t('targets.levelTarget'),
          data: pace.series.map((point) => point.target),
          showSymbol: false,
          lineStyle: { type: 'dashed', color: '#d9534f', width: 2 },
          itemStyle: { color: '#d9534f' },
          ...(marks.lines.length > 0
            ? {
                markLine: {
                  symbol: 'none',
                  lineStyle: { type: 'dotted', color: '#8a6d3b', width: 1.5 },
                  label: { show: true, position: 'insideEndTop', formatter: '✎', color: '#8a6d3b' },
                  tooltip: { trigger: 'item', formatter: (line: { name?: string }) => line.name ?? '' },
                  data: marks.lines,
                },
              }
            : {}),
          ...(marks.areas.length > 0
            ? {
                markArea: {
                  itemStyle: { color: 'rgba(138, 109, 59, 0.08)' },
                  label: { show: true, position: 'insideTop', color: '#8a6d3b', fontSize: 10 },
                  tooltip: { trigger: 'item', formatter: (area: { name?: string }) => area.name ?? '' },
                  data: marks.areas,
                },
              }
            : {}),
        },
        {
          type: 'line',
          name: actualName,
          data: pace.series.map((point) => point.actual),
          showSymbol: false,
          lineStyle: { width: 2.5, color: '#3157d5' },
          itemStyle: { color: '#3157d5' },
          areaStyle: pace.method === 'split' ? { color: 'rgba(49, 87, 213, 0.08)' } : undefined,
          markLine: {
            silent: true,
            symbol: 'none',
            label: { formatter: formatDay(pace.asOf, format.locale, 'short'), color: '#6b7385' },
            lineStyle: { color: '#9aa5b8', type: 'dotted' },
            data: [{ xAxis: pace.asOf }],
          },
        },
        {
          type: 'line',
          name: t('targets.projected'),
          data: pace.series.map((point, index) =>
            index === lastActualIndex ? point.actual : point.projected,
          ),
          showSymbol: false,
          lineStyle: { type: 'dotted', width: 2, color: '#16a085' },
          itemStyle: { color: '#16a085' },
        },
        ...(band.length > 0
          ? [
              {
                type: 'line',
                name: 'band-base',
                data: lower,
                stack: 'band',
                showSymbol: false,
                lineStyle: { opacity: 0 },
                tooltip: { show: false },
              },
              {
                type: 'line',
                name: t('targets.band', { interval: formatPercent(projection?.interval, format.locale) }),
                data: band,
                stack: 'band',
                showSymbol: false,
                lineStyle: { opacity: 0 },
                areaStyle: { color: 'rgba(22, 160, 133, 0.14)' },
                tooltip: { show: false },
              },
            ]
          : []),
      ],
    };
  }, [pace, unit, format, t, notes]);
  return (
    <Chart ref={chartRef} option={option} height={340} label={t('targets.pacing')} notes={notes.length} />
  );
}

/**
 * A pace note in the interface's language. The notes' messages are the last
 * `noteMessages.length` of them (all of them: the server's "data through" note has its own key);
 * a note without one stays as sent.
 */
function paceNote(
  pace: Pace,
  index: number,
  say: (said: Pace['noteMessages'][number] | undefined, english: string) => string,
): string {
  const note = pace.notes[index]!;
  const messages = pace.noteMessages ?? [];
  const first = pace.notes.length - messages.length;
  return index >= first ? say(messages[index - first], note) : note;
}
