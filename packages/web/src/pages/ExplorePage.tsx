/**
 * Explore: any KPIs, broken down by any dimensions, filtered with the formula language, over
 * any period and grain, compared with the previous period or last year. The applied query
 * lives in the URL (shareable, survives a reload); the controls edit a draft until Run. Every
 * KPI cell and chart point asks "why?" of its row and bucket, and a row of a level of the
 * hierarchy (channel → campaign → ad group or creator → content) drills into the level below.
 * Notes whose days and scope the chart holds are marked on it; a click on a point notes its day.
 * Rows may be ranked by a KPI above a minimum volume (the server cuts and counts, `query.ts` in
 * app): the row without an entity (no creator, no content) is shown last, apart from the ranking.
 */
import { type Annotation, annotationsInView } from '@markpi/core';
import { type Ref, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api, type PeriodKpiQuery } from '../api/endpoints';
import type { Grain, Problem, QueryResult } from '../api/types';
import { useResource } from '../api/use-resource';
import { useTargets } from '../api/use-targets';
import { AnnotationPanel } from '../components/Annotations';
import { Chart, type ChartHandle, type ChartOption, type ChartPick, FONT_FAMILY } from '../components/Chart';
import { DataTable, type TableColumn } from '../components/DataTable';
import { DimensionChips } from '../components/DimensionChips';
import { FilterBar, PICKER_DIMENSIONS } from '../components/FilterBar';
import { FormulaInput } from '../components/FormulaInput';
import { KpiPicker } from '../components/KpiPicker';
import { PageHeader } from '../components/Layout';
import { CompareSelect, PeriodPicker } from '../components/PeriodPicker';
import { RankingNotes } from '../components/RankingNotes';
import { SavedViews } from '../components/SavedViews';
import { Empty, ErrorState, Loading } from '../components/States';
import { useOpenWhy, WhyButton } from '../components/Why';
import { useWorkspace } from '../context';
import { filterConstraints, noteBucket } from '../lib/annotations';
import { downloadChartPng } from '../lib/chart-export';
import { isDay, lastDays } from '../lib/dates';
import { downloadBlob } from '../lib/download';
import { DRILL_CHILDREN, type DrillLevel, isDrillLevel } from '../lib/drill';
import { everyOf } from '../lib/every';
import { pageFilter, pickKey, pickParam, readPicks } from '../lib/filters';
import {
  changeTone,
  type FormatContext,
  formatBucket,
  formatChange,
  formatDay,
  formatRange,
  formatValue,
  type KpiUnit,
} from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import {
  comparisonText,
  eventName,
  isEventPeriod,
  isNamedPeriod,
  isPeriodCompare,
  type PeriodCompare,
} from '../lib/periods';
import { formatShare, proratedShare } from '../lib/prorated';
import { NONE_ROW_FLAG, rankingQuery, readRanking } from '../lib/ranking';
import { csvRounded, exportTable, type ShownColumn, shownColumns } from '../lib/result-table';
import { toCsv, toXlsx } from '../lib/table-export';
import { bucketStart, coveringTarget, targetPerBucket } from '../lib/targets';
import { bucketPeriod, rowScope, type WhyRequest } from '../lib/why';
import { Link, useSearchState } from '../router';
import { ExploreRollupNote } from './ExploreRollupNote';
import './explore.css';

const GRAINS = everyOf<Grain>()(['total', 'day', 'week', 'month', 'quarter', 'year']);
const DEFAULT_KPIS = ['spend', 'conversions', 'roas'];
const MAX_SERIES = 8;

type Row = QueryResult['rows'][number];

interface Draft {
  kpis: string[];
  dimensions: string[];
  filter: string;
  from: string;
  to: string;
  /** A preset or an event (`event:618@2026`), resolved by the server; '' for the dates. */
  period: string;
  grain: Grain;
  compare: PeriodCompare | '';
  /** The KPI rows are ranked by ('' unranked) and its order ('' best first by its direction). */
  rankKpi: string;
  rankOrder: '' | 'asc' | 'desc';
  /** The minimum-volume cut: a KPI ('' none) and the least value a ranked row has of it. */
  minKpi: string;
  minValue: string;
}

function readQuery(search: URLSearchParams, fallback: { from: string; to: string }): Draft {
  const list = (key: string) => (search.get(key) ?? '').split(',').filter(Boolean);
  const grain = search.get('grain') as Grain | null;
  const compare = search.get('compare');
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  return {
    kpis: search.has('kpis') ? list('kpis') : DEFAULT_KPIS,
    dimensions: list('dims'),
    filter: search.get('filter') ?? '',
    from: isDay(from) ? from : fallback.from,
    to: isDay(to) ? to : fallback.to,
    period: isNamedPeriod(search.get('period')) ? (search.get('period') ?? '') : '',
    grain: grain && GRAINS.includes(grain) ? grain : 'day',
    compare: isPeriodCompare(compare) ? compare : '',
    ...readRanking(search),
  };
}

export function ExplorePage() {
  const { t, i18n } = useTranslation();
  const scope = useWorkspace();
  const { workspace, catalog, format, kpiName, dimensionName } = scope;
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to ?? new Date().toISOString().slice(0, 10);
  // Values picked in the filter bar apply at once; the formula waits for Run with the rest.
  const picks = readPicks(search, PICKER_DIMENSIONS);
  const applied = useMemo(
    () => readQuery(search, lastDays(lastDay, 30)),
    // The search string is the identity of the applied query.
    [search.toString(), lastDay],
  );
  const [draft, setDraft] = useState<Draft>(applied);
  const [appliedKey, setAppliedKey] = useState(JSON.stringify(applied));
  if (JSON.stringify(applied) !== appliedKey) {
    // The URL changed (back button, a link): the controls follow it.
    setAppliedKey(JSON.stringify(applied));
    setDraft(applied);
  }

  const knownKpis = new Set(catalog.kpis.map((kpi) => kpi.id));
  const query: PeriodKpiQuery | null =
    applied.kpis.filter((kpi) => knownKpis.has(kpi)).length > 0
      ? {
          kpis: applied.kpis.filter((kpi) => knownKpis.has(kpi)),
          ...(applied.period ? { period: applied.period } : { from: applied.from, to: applied.to }),
          grain: applied.grain,
          timeZone: workspace.timeZone,
          ...(applied.dimensions.length > 0 ? { dimensions: applied.dimensions } : {}),
          ...(pageFilter(picks, applied.filter) ? { filter: pageFilter(picks, applied.filter)! } : {}),
          ...(applied.compare ? { compare: applied.compare } : {}),
          ...rankingQuery(applied),
          limit: 5000,
        }
      : null;
  const result = useResource(query ? `${workspace.id}|${JSON.stringify(query)}` : null, () =>
    api.query(workspace.id, query as PeriodKpiQuery),
  );
  const choices = useResource(`${workspace.id}|periods`, (signal) => api.periods(workspace.id, signal));
  // The days answered: a named period's as the server resolved it.
  const shownPeriod = applied.period && result.data?.period ? result.data.period : applied;
  // The notes whose days and scope this chart holds, and the day of the point last clicked.
  const [pickedDay, setPickedDay] = useState<string | null>(null);
  const notes = useResource(
    result.data ? `${workspace.id}|annotations|${shownPeriod.from}|${shownPeriod.to}` : null,
    (signal) => api.annotations(workspace.id, { from: shownPeriod.from, to: shownPeriod.to }, signal),
  );
  const constraints = { ...filterConstraints(applied.filter), ...picks };
  const notesInView = annotationsInView(notes.data?.annotations ?? [], shownPeriod, constraints);

  const run = () =>
    setSearch({
      kpis: draft.kpis.join(','),
      dims: draft.dimensions.join(',') || null,
      filter: draft.filter.trim() || null,
      from: draft.period ? null : draft.from,
      to: draft.period ? null : draft.to,
      period: draft.period || null,
      grain: draft.grain,
      compare: draft.compare || null,
      sort: draft.rankKpi ? `${draft.rankKpi}${draft.rankOrder ? `:${draft.rankOrder}` : ''}` : null,
      min: draft.minKpi && draft.minValue.trim() !== '' ? `${draft.minKpi}=${draft.minValue.trim()}` : null,
    });

  // A refused filter comes back with offsets into it: underline them in the field.
  const filterProblems: Problem[] =
    isApiError(result.error) && result.error.problems.some((problem) => problem.start !== undefined)
      ? result.error.problems.filter((problem) => problem.start !== undefined)
      : [];

  const [chartKpi, setChartKpi] = useState<string | null>(null);
  const shownKpi = chartKpi && query?.kpis.includes(chartKpi) ? chartKpi : query?.kpis[0];
  const { targets } = useTargets(workspace.id);
  const covering =
    query && shownKpi && applied.dimensions.length === 0 && applied.grain !== 'total'
      ? coveringTarget(targets, shownKpi, shownPeriod, query.filter)
      : undefined;
  const pace = useResource(covering ? `${workspace.id}|pace|${covering.target.id}` : null, (signal) =>
    api.targetPace(workspace.id, covering!.target.id, signal),
  );

  const chart = useRef<ChartHandle>(null);
  const columns = result.data
    ? shownColumns(result.data, {
        kpiName,
        dimensionName,
        grainName: (grain) => t(`explore.grains.${grain}`, { defaultValue: grain }),
        previous: t('explore.previous'),
        change: t('explore.change'),
      })
    : [];
  // Ids by their names where the dimension has them; a missing value is the row without an entity.
  const valueLabel = (dimension: string, value: Row[string]) =>
    value === null
      ? t('ranking.none', {
          dimension:
            i18n.language === 'en' ? dimensionName(dimension).toLowerCase() : dimensionName(dimension),
        })
      : dimensionValueLabel(t, dimension, value, result.data?.names?.[dimension]);
  const openWhy = useOpenWhy();

  /** The question a KPI's number in `row` stands for: its bucket's days, the filter and its row's values. */
  const whyFor = (kpi: string, row: Row): WhyRequest | null => {
    if (!result.data) return null;
    const dimensions = result.data.columns.filter((column) => column.role === 'dimension').map((c) => c.key);
    const timeKey = result.data.columns.find((column) => column.role === 'time')?.key;
    const bucket = timeKey ? row[timeKey] : null;
    const days =
      timeKey && typeof bucket === 'string' ? bucketPeriod(bucket, applied.grain, shownPeriod) : shownPeriod;
    const scope = rowScope(pageFilter(picks, applied.filter), row, dimensions);
    if (!days || !scope) return null;
    return {
      kpi,
      from: days.from,
      to: days.to,
      // "Why" compares by the planner's shifts: the same event's dates a year back are last year's.
      compare: applied.compare === 'same_event' ? 'last_year' : applied.compare || 'previous',
      ...(scope.filter ? { filter: scope.filter } : {}),
    };
  };
  /** What a row's number is of, for the action's label: its dimension values and bucket. */
  const rowLabel = (row: Row) =>
    (result.data?.columns ?? [])
      .filter((column) => column.role === 'dimension' || column.role === 'time')
      .map((column) =>
        column.role === 'time'
          ? typeof row[column.key] === 'string'
            ? formatBucket(row[column.key] as string, applied.grain, format.locale)
            : ''
          : valueLabel(column.key, row[column.key] ?? null),
      )
      .filter(Boolean)
      .join(' · ');
  /**
   * Where a row of a level of the hierarchy leads: the same KPIs, period and comparison, broken
   * down by the level below instead, within the filter and this row's values.
   */
  const drillFor = (dimension: string, row: Row): { level: DrillLevel; href: string }[] => {
    if (!isDrillLevel(dimension) || !result.data) return [];
    const dimensions = result.data.columns.filter((column) => column.role === 'dimension').map((c) => c.key);
    const scope = rowScope(pageFilter(picks, applied.filter), row, dimensions);
    if (!scope) return [];
    return DRILL_CHILDREN[dimension].map((child) => {
      const query = new URLSearchParams({
        kpis: applied.kpis.join(','),
        dims: dimensions.map((entry) => (entry === dimension ? child : entry)).join(','),
        ...(applied.period ? { period: applied.period } : { from: applied.from, to: applied.to }),
        grain: applied.grain,
      });
      if (scope.filter) query.set('filter', scope.filter);
      if (applied.compare) query.set('compare', applied.compare);
      return { level: child, href: `/workspaces/${encodeURIComponent(workspace.id)}/explore?${query}` };
    });
  };

  const fileBase = `markpi-${workspace.id}-${shownPeriod.from}-${shownPeriod.to}`;
  const exportAs = (kind: 'csv' | 'xlsx') => {
    if (!result.data) return;
    const table = exportTable(result.data, columns, valueLabel);
    if (kind === 'csv') downloadBlob(toCsv(csvRounded(table)), `${fileBase}.csv`, 'text/csv;charset=utf-8');
    else
      downloadBlob(
        toXlsx(table, workspace.name) as Uint8Array<ArrayBuffer>,
        `${fileBase}.xlsx`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
  };
  // The image carries what it shows: the workspace, the KPI, the filter and the period.
  const downloadPng = async () => {
    if (!shownKpi) return;
    await downloadChartPng(
      chart.current?.toPng(),
      t,
      {
        workspace: workspace.name,
        title: t('explore.title'),
        kpi: kpiName(shownKpi),
        period: formatRange(shownPeriod.from, shownPeriod.to, format.locale),
        filter: pageFilter(picks, applied.filter),
      },
      `${fileBase}-${shownKpi}.png`,
    );
  };

  const targetLabel = t('explore.targetLine');
  const chartTarget = useMemo(
    () =>
      pace.data
        ? {
            byBucket: targetPerBucket(pace.data.pace.series, pace.data.pace.method, (day) =>
              bucketStart(day, applied.grain),
            ),
            period: pace.data.pace.period,
            label: targetLabel,
          }
        : null,
    [pace.data, applied.grain, targetLabel],
  );

  return (
    <>
      <PageHeader title={t('explore.title')} />
      <div className="explore">
        <aside className="card explore-controls" aria-label={t('explore.title')}>
          <KpiPicker
            kpis={catalog.kpis}
            selected={draft.kpis}
            onChange={(kpis) => setDraft({ ...draft, kpis })}
          />
          <FormulaInput
            label={t('explore.filter')}
            value={draft.filter}
            onChange={(filter) => setDraft({ ...draft, filter })}
            check={(text) => api.validateFormula(workspace.id, text, 'filter')}
            extraProblems={draft.filter.trim() === applied.filter.trim() ? filterProblems : []}
            placeholder={t('explore.filterPlaceholder')}
            testId="filter-input"
          />
          <DimensionChips
            dimensions={catalog.dimensions}
            selected={draft.dimensions}
            onChange={(dimensions) => setDraft({ ...draft, dimensions })}
            nameOf={dimensionName}
          />

          <div className="field">
            <span className="field-label">{t('period.label')}</span>
            <PeriodPicker
              value={
                draft.period
                  ? (choices.data?.presets.find((preset) => preset.id === draft.period)?.period ??
                    choices.data?.events.find((event) => event.spec === draft.period)?.period ?? {
                      from: draft.from,
                      to: draft.to,
                    })
                  : { from: draft.from, to: draft.to }
              }
              lastDay={lastDay}
              onChange={(range) => setDraft({ ...draft, ...range, period: '' })}
              named={{
                value: draft.period || null,
                choices: choices.data ?? null,
                onChange: (spec) =>
                  setDraft({
                    ...draft,
                    period: spec ?? '',
                    compare: draft.compare === 'same_event' && !isEventPeriod(spec) ? '' : draft.compare,
                  }),
              }}
            />
          </div>
          <div className="field-row">
            <label className="inline-field">
              <span>{t('explore.grain')}</span>
              <select
                value={draft.grain}
                data-testid="grain-select"
                onChange={(event) => setDraft({ ...draft, grain: event.target.value as Grain })}
              >
                {GRAINS.map((grain) => (
                  <option key={grain} value={grain}>
                    {t(`explore.grains.${grain}`)}
                  </option>
                ))}
              </select>
            </label>
            <CompareSelect
              value={draft.compare}
              allowNone
              allowSameEvent={isEventPeriod(draft.period)}
              onChange={(compare) => setDraft({ ...draft, compare })}
            />
          </div>
          <div className="field-row">
            <label className="inline-field">
              <span>{t('ranking.rankBy')}</span>
              <select
                value={draft.rankKpi}
                data-testid="rank-kpi"
                onChange={(event) => setDraft({ ...draft, rankKpi: event.target.value })}
              >
                <option value="">{t('ranking.noRanking')}</option>
                {draft.kpis.map((kpi) => (
                  <option key={kpi} value={kpi}>
                    {kpiName(kpi)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              <span>{t('ranking.order')}</span>
              <select
                value={draft.rankOrder}
                data-testid="rank-order"
                disabled={!draft.rankKpi}
                onChange={(event) =>
                  setDraft({ ...draft, rankOrder: event.target.value as Draft['rankOrder'] })
                }
              >
                <option value="">{t('ranking.best')}</option>
                <option value="desc">{t('ranking.desc')}</option>
                <option value="asc">{t('ranking.asc')}</option>
              </select>
            </label>
          </div>
          <div className="field-row">
            <label className="inline-field">
              <span>{t('ranking.minimum')}</span>
              <select
                value={draft.minKpi}
                data-testid="min-kpi"
                onChange={(event) => setDraft({ ...draft, minKpi: event.target.value })}
              >
                <option value="">{t('ranking.minimumNone')}</option>
                {[...new Set(['spend', ...draft.kpis])]
                  .filter((kpi) => knownKpis.has(kpi))
                  .map((kpi) => (
                    <option key={kpi} value={kpi}>
                      {kpiName(kpi)}
                    </option>
                  ))}
              </select>
            </label>
            <label className="inline-field">
              <span>{t('ranking.minimumValue')}</span>
              <input
                type="number"
                min={0}
                value={draft.minValue}
                data-testid="min-value"
                disabled={!draft.minKpi}
                onChange={(event) => setDraft({ ...draft, minValue: event.target.value })}
              />
            </label>
          </div>
          <SavedViews
            question={
              query
                ? {
                    kpis: query.kpis,
                    dimensions: applied.dimensions,
                    ...(applied.filter.trim() ? { filter: applied.filter.trim() } : {}),
                    ...(Object.keys(picks).length > 0 ? { picks } : {}),
                    ...(applied.period ? { period: applied.period } : { from: applied.from, to: applied.to }),
                    grain: applied.grain,
                    ...(applied.compare ? { compare: applied.compare } : {}),
                    chart: applied.grain === 'total' ? 'bar' : 'line',
                  }
                : null
            }
          />
          <div className="run-bar">
            <button
              type="button"
              className="button button-primary button-block"
              onClick={run}
              disabled={draft.kpis.length === 0}
              data-testid="run-query"
            >
              {t('action.run')}
            </button>
          </div>
        </aside>

        <section className="explore-results">
          <FilterBar
            picks={picks}
            onPick={(dimension, values) => setSearch({ [pickKey(dimension)]: pickParam(values) })}
            formula={applied.filter}
            onFormula={(text) => setSearch({ filter: text || null })}
            window={applied.period ? { period: applied.period } : { from: applied.from, to: applied.to }}
            withFormula={false}
          />
          {!query ? (
            <Empty title={t('explore.pickKpi')}>{t('explore.pickKpiBody')}</Empty>
          ) : result.error ? (
            <ErrorState error={result.error} onRetry={result.reload} />
          ) : !result.data ? (
            <Loading />
          ) : (
            <div
              className={result.loading ? 'refreshing' : undefined}
              data-testid="explore-results"
              data-ready={!result.loading}
            >
              <div className="card">
                <div className="card-header">
                  <div className="card-title-row">
                    <h2>{t('explore.results')}</h2>
                    <span className="muted">{t('explore.rows', { count: result.data.rows.length })}</span>
                    {result.data.period ? (
                      <span className="muted" data-testid="explore-window">
                        {result.data.comparison
                          ? t('periods.against', {
                              range: formatRange(
                                result.data.period.from,
                                result.data.period.to,
                                format.locale,
                              ),
                              compare: comparisonText(t, result.data.comparison, i18n.language, formatRange),
                            })
                          : formatRange(result.data.period.from, result.data.period.to, format.locale)}
                      </span>
                    ) : null}
                  </div>
                  <div className="toolbar">
                    {query.kpis.length > 1 ? (
                      <label className="inline-field">
                        <span>{t('explore.chartKpi')}</span>
                        <select value={shownKpi} onChange={(event) => setChartKpi(event.target.value)}>
                          {query.kpis.map((kpi) => (
                            <option key={kpi} value={kpi}>
                              {kpiName(kpi)}
                            </option>
                          ))}
                        </select>
                      </label>
                    ) : null}
                    <div className="button-group">
                      <button
                        type="button"
                        className="button"
                        onClick={() => exportAs('csv')}
                        data-testid="export-csv"
                      >
                        ⤓ {t('action.exportCsv')}
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => exportAs('xlsx')}
                        data-testid="export-xlsx"
                      >
                        ⤓ {t('action.exportXlsx')}
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => void downloadPng()}
                        disabled={applied.grain === 'total' && applied.dimensions.length === 0}
                        data-testid="download-png"
                      >
                        ⤓ {t('action.downloadPng')}
                      </button>
                    </div>
                  </div>
                </div>
                <RankingNotes
                  ranking={result.data.ranking}
                  dimensions={result.data.columns.filter((c) => c.role === 'dimension').map((c) => c.key)}
                />
                {covering ? (
                  <div className="callout callout-info" data-testid="target-callout">
                    {t('explore.targetCovers', {
                      id: covering.target.id,
                      scope: covering.target.scope.label,
                    })}
                  </div>
                ) : null}
                <ResultChart
                  ref={chart}
                  result={result.data}
                  grain={applied.grain}
                  kpi={shownKpi!}
                  unit={scope.kpi(shownKpi!)?.unit ?? 'number'}
                  format={format}
                  seriesName={kpiName}
                  valueLabel={valueLabel}
                  target={covering ? chartTarget : null}
                  previousLabel={t('explore.previous')}
                  notes={notesInView}
                  onPickRow={(row) => {
                    const timeKey = result.data?.columns.find((column) => column.role === 'time')?.key;
                    const bucket = timeKey ? row[timeKey] : null;
                    if (typeof bucket === 'string') setPickedDay(bucket);
                    const question = whyFor(shownKpi!, row);
                    if (question) openWhy(question);
                  }}
                />
                {applied.grain !== 'total' ? (
                  <AnnotationPanel
                    notes={notesInView}
                    pickedDay={pickedDay}
                    constraints={constraints}
                    window={{ from: shownPeriod.from, to: shownPeriod.to }}
                    onChanged={notes.reload}
                  />
                ) : null}
              </div>
              <div className="card">
                <ResultTable
                  result={result.data}
                  columns={columns}
                  format={format}
                  valueLabel={valueLabel}
                  grain={applied.grain}
                  whyFor={whyFor}
                  rowLabel={rowLabel}
                  drillFor={drillFor}
                />
              </div>
              <ExploreRollupNote result={result.data} locale={format.locale} />
              {result.data.warnings.length > 0 ? (
                <ul className="warnings">
                  {result.data.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          )}
        </section>
      </div>
    </>
  );
}

function ResultTable({
  result,
  columns,
  format,
  valueLabel,
  grain,
  whyFor,
  rowLabel,
  drillFor,
}: {
  result: QueryResult;
  columns: ShownColumn[];
  format: FormatContext;
  valueLabel: (dimension: string, value: Row[string]) => string;
  grain: Grain;
  whyFor: (kpi: string, row: Row) => WhyRequest | null;
  rowLabel: (row: Row) => string;
  drillFor: (dimension: string, row: Row) => { level: DrillLevel; href: string }[];
}) {
  const { t } = useTranslation();
  const { kpiName, kpi: kpiOf } = useWorkspace();
  // A KPI's previous value and change are shown in its own cell, under its number (as in the
  // comparison tables): three columns a KPI would not fit four KPIs into 1440 px. The exports keep
  // them as columns of their own.
  const companions = new Map<string, { previous?: ShownColumn['column']; change?: ShownColumn['column'] }>();
  const kpiKeys = new Set(
    columns.filter(({ column }) => column.role === 'kpi').map(({ column }) => column.key),
  );
  for (const { column } of columns) {
    if ((column.role !== 'previous' && column.role !== 'change') || !column.kpi || !kpiKeys.has(column.kpi))
      continue;
    companions.set(column.kpi, { ...companions.get(column.kpi), [column.role]: column });
  }
  const inOwnCell = columns.filter(
    ({ column }) =>
      !((column.role === 'previous' || column.role === 'change') && companions.has(column.kpi ?? '')),
  );
  const tableColumns: TableColumn<Row>[] = inOwnCell.map(({ column, header, flagKey }) => {
    const numeric = column.role !== 'time' && column.role !== 'dimension';
    return {
      key: column.key,
      header,
      numeric,
      ...(column.role === 'time' || column.role === 'dimension' ? { className: 'nowrap' } : {}),
      sortValue: (row) => {
        const value = row[column.key];
        return typeof value === 'number' || typeof value === 'string' ? value : null;
      },
      render: (row) => {
        const value = row[column.key] ?? null;
        if (column.role === 'time')
          return typeof value === 'string' ? formatBucket(value, grain, format.locale) : '—';
        if (column.role === 'dimension') {
          const label = valueLabel(column.key, value);
          const links = drillFor(column.key, row);
          if (links.length === 0) return label;
          return (
            <span className="entity">
              {label}
              <span className="drill-links">
                {links.map((link) => (
                  <Link
                    key={link.level}
                    href={link.href}
                    className="drill-link"
                    aria-label={t('drill.intoLabel', { level: t(`drill.levels.${link.level}`), name: label })}
                    data-testid={`drill-${link.level}`}
                  >
                    {t('drill.into', { level: t(`drill.levels.${link.level}`) })}
                  </Link>
                ))}
              </span>
            </span>
          );
        }
        const number = typeof value === 'number' ? value : null;
        if (column.role === 'change') {
          return (
            <span data-testid={`cell-${column.key}`} data-value={number ?? ''}>
              {formatChange(number, format.locale)}
            </span>
          );
        }
        const flag = flagKey ? row[flagKey] : null;
        const share = column.role === 'kpi' ? proratedShare(row, column.key) : null;
        const shown = (
          <span
            data-testid={`cell-${column.key}`}
            data-value={number ?? ''}
            {...(share !== null
              ? {
                  'data-prorated': share,
                  className: 'prorated',
                  title: t('periods.prorated', { share: formatShare(share, format.locale) }),
                }
              : {})}
          >
            {formatValue(number, column.unit, format, { flag: typeof flag === 'string' ? flag : null })}
          </span>
        );
        const question = column.role === 'kpi' && number !== null ? whyFor(column.key, row) : null;
        // The action lies over the cell's left, shown on the row's hover or its own focus: beside
        // every number it would take the room that wrapped headers give back.
        const asked = question ? (
          <span className="why-cell why-cell-over">
            <WhyButton request={question} kpiName={kpiName(column.key)} scope={rowLabel(row) || undefined} />
            {shown}
          </span>
        ) : (
          shown
        );
        const compared = column.role === 'kpi' ? companions.get(column.key) : undefined;
        if (!compared) return asked;
        const numberOf = (key: string | undefined) => {
          const cell = key === undefined ? null : row[key];
          return typeof cell === 'number' ? cell : null;
        };
        const previous = numberOf(compared.previous?.key);
        const change = numberOf(compared.change?.key);
        return (
          <span className="kpi-cell">
            {asked}
            <span className="kpi-cell-compared small">
              {compared.change ? (
                <span
                  className={`change change-${changeTone(change, kpiOf(column.key)?.direction ?? 'context')}`}
                  data-testid={`cell-${compared.change.key}`}
                  data-value={change ?? ''}
                >
                  {formatChange(change, format.locale)}
                </span>
              ) : null}
              {compared.previous ? (
                <span
                  className="muted"
                  data-testid={`cell-${compared.previous.key}`}
                  data-value={previous ?? ''}
                >
                  {t('boardCards.vs', {
                    value: formatValue(previous, column.unit, format, { compact: true }),
                  })}
                </span>
              ) : null}
            </span>
          </span>
        );
      },
    };
  });
  return (
    <DataTable
      columns={tableColumns}
      rows={result.rows}
      rowKey={(_, index) => String(index)}
      rowClassName={(row) => (row[NONE_ROW_FLAG] === true ? 'row-apart' : undefined)}
      apart={isApart}
      testId="result-table"
      maxHeight={520}
    />
  );
}

const isApart = (row: Row) => row[NONE_ROW_FLAG] === true;

interface ChartTarget {
  byBucket: Map<string, number>;
  period: { from: string; to: string };
  label: string;
}

function ResultChart({
  result,
  grain,
  kpi,
  unit,
  format,
  seriesName,
  valueLabel,
  target,
  previousLabel,
  notes,
  onPickRow,
  ref,
}: {
  result: QueryResult;
  grain: Grain;
  kpi: string;
  unit: KpiUnit;
  format: FormatContext;
  seriesName: (kpi: string) => string;
  valueLabel: (dimension: string, value: Row[string]) => string;
  target: ChartTarget | null;
  previousLabel: string;
  /** Notes drawn as marked lines on their buckets, the note in the tooltip. */
  notes: readonly Annotation[];
  /** A click on the plot: the row of the point nearest it (its bucket, the series closest in value). */
  onPickRow: (row: Row) => void;
  ref: Ref<ChartHandle>;
}) {
  const { t } = useTranslation();
  const dimensions = result.columns
    .filter((column) => column.role === 'dimension')
    .map((column) => column.key);
  const timeKey = result.columns.find((column) => column.role === 'time')?.key;
  // Label functions are new on every render; reading them through a ref keeps the option (and
  // the chart's animation) stable while the user edits the controls next to it.
  const labels = useRef({ seriesName, valueLabel, previousLabel });
  labels.current = { seriesName, valueLabel, previousLabel };
  const drawn = useMemo((): { option: ChartOption; rowAt: (pick: ChartPick) => Row | null } | null => {
    const { seriesName, valueLabel, previousLabel } = labels.current;
    const dimensions = result.columns
      .filter((column) => column.role === 'dimension')
      .map((column) => column.key);
    const timeKey = result.columns.find((column) => column.role === 'time')?.key;
    const hasPrevious = result.columns.some((column) => column.key === `${kpi}__previous`);
    const axisValue = (value: number) => formatValue(value, unit, format, { compact: true });
    const tooltipValue = (value: unknown) =>
      typeof value === 'number' ? formatValue(value, unit, format) : '—';
    const comboOf = (row: Row) =>
      dimensions.map((dimension) => valueLabel(dimension, row[dimension] ?? null)).join(' · ');
    const base = {
      grid: { left: 64, right: 24, top: 36, bottom: 56, containLabel: false },
      tooltip: { trigger: 'axis', valueFormatter: tooltipValue },
      legend: { type: 'scroll', bottom: 0, textStyle: { fontFamily: FONT_FAMILY } },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: axisValue },
        splitLine: { lineStyle: { color: '#eef1f6' } },
      },
    };
    // A total per category, or one bucket of a series, is a bar chart: a line of one point says nothing.
    const oneBucket =
      timeKey !== undefined && new Set(result.rows.map((row) => String(row[timeKey]))).size === 1;
    if (!timeKey || oneBucket) {
      if (dimensions.length === 0 && !oneBucket) return null;
      const categoryOf = (row: Row) =>
        dimensions.length > 0 || !timeKey
          ? comboOf(row)
          : formatBucket(String(row[timeKey]), grain, format.locale);
      // Ranked rows keep the server's order; the row without an entity is not drawn among them.
      const drawn = result.rows.filter((row) => typeof row[kpi] === 'number' && row[NONE_ROW_FLAG] !== true);
      const rows = (
        result.ranking?.sort?.key === kpi
          ? drawn
          : [...drawn].sort((a, b) => (b[kpi] as number) - (a[kpi] as number))
      ).slice(0, 20);
      const option = {
        ...base,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: tooltipValue },
        xAxis: {
          type: 'category',
          data: rows.map(categoryOf),
          axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0, width: 110, overflow: 'truncate' },
        },
        grid: { ...base.grid, bottom: rows.length > 8 ? 90 : 56 },
        series: [
          {
            type: 'bar',
            name: seriesName(kpi),
            data: rows.map((row) => row[kpi]),
            barMaxWidth: 36,
            itemStyle: { borderRadius: [3, 3, 0, 0] },
          },
          ...(hasPrevious
            ? [
                {
                  type: 'bar',
                  name: `${seriesName(kpi)} · ${previousLabel}`,
                  data: rows.map((row) => row[`${kpi}__previous`]),
                  barMaxWidth: 36,
                  itemStyle: { color: '#c5cedd', borderRadius: [3, 3, 0, 0] },
                },
              ]
            : []),
        ],
      };
      return { option, rowAt: (pick) => rows[pick.dataIndex] ?? null };
    }
    const buckets = [...new Set(result.rows.map((row) => String(row[timeKey])))].sort();
    const combos = new Map<string, Map<string, number | null>>();
    const rowsOf = new Map<string, Map<string, Row>>();
    const totals = new Map<string, number>();
    for (const row of result.rows) {
      const combo = dimensions.length > 0 ? comboOf(row) : seriesName(kpi);
      const value = typeof row[kpi] === 'number' ? (row[kpi] as number) : null;
      let values = combos.get(combo);
      if (!values) {
        values = new Map();
        combos.set(combo, values);
        rowsOf.set(combo, new Map());
      }
      values.set(String(row[timeKey]), value);
      rowsOf.get(combo)?.set(String(row[timeKey]), row);
      totals.set(combo, (totals.get(combo) ?? 0) + Math.abs(value ?? 0));
    }
    const top = [...combos.keys()]
      .sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0))
      .slice(0, MAX_SERIES);
    // Notes on the buckets this chart draws, once each bucket (several notes share its line).
    const noteLines = new Map<string, string[]>();
    for (const note of notes) {
      const bucket = noteBucket(note, grain);
      if (buckets.includes(bucket))
        noteLines.set(bucket, [...(noteLines.get(bucket) ?? []), eventName(note.note, format.locale)]);
    }
    const series: object[] = top.map((combo, index) => ({
      type: 'line',
      name: combo,
      showSymbol: buckets.length <= 31,
      symbolSize: 5,
      smooth: false,
      data: buckets.map((bucket) => combos.get(combo)?.get(bucket) ?? null),
      ...(index === 0 && noteLines.size > 0
        ? {
            markLine: {
              symbol: 'none',
              lineStyle: { type: 'dotted', color: '#8a6d3b', width: 1.5 },
              label: { show: true, position: 'insideEndTop', formatter: '✎', color: '#8a6d3b' },
              tooltip: { trigger: 'item', formatter: (line: { name?: string }) => line.name ?? '' },
              data: [...noteLines].map(([bucket, texts]) => ({ xAxis: bucket, name: texts.join(' · ') })),
            },
          }
        : {}),
    }));
    if (hasPrevious && dimensions.length === 0) {
      const previous = new Map(
        result.rows.map((row) => [String(row[timeKey]), row[`${kpi}__previous`] ?? null]),
      );
      series.push({
        type: 'line',
        name: `${seriesName(kpi)} · ${previousLabel}`,
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 1.5, color: '#9aa5b8' },
        itemStyle: { color: '#9aa5b8' },
        data: buckets.map((bucket) => previous.get(bucket) ?? null),
      });
    }
    if (target) {
      series.push({
        type: 'line',
        name: target.label,
        step: false,
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 2, color: '#d9534f' },
        itemStyle: { color: '#d9534f' },
        data: buckets.map((bucket) => target.byBucket.get(bucket) ?? null),
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(217, 83, 79, 0.05)' },
          data: [
            [
              {
                xAxis:
                  buckets.find((bucket) => bucket >= bucketStart(target.period.from, grain)) ?? buckets[0],
              },
              {
                xAxis: [...buckets].reverse().find((bucket) => bucket <= target.period.to) ?? buckets.at(-1),
              },
            ],
          ],
        },
      });
    }
    // The point asked about: the bucket under the click, and of the series drawn, the one whose
    // value there is nearest the click's height.
    const rowAt = (pick: ChartPick): Row | null => {
      const bucket = buckets[pick.dataIndex];
      if (bucket === undefined) return null;
      let nearest: Row | null = null;
      let distance = Number.POSITIVE_INFINITY;
      for (const combo of top) {
        const value = combos.get(combo)?.get(bucket);
        const row = rowsOf.get(combo)?.get(bucket);
        if (value === null || value === undefined || !row) continue;
        if (Math.abs(value - pick.value) < distance) {
          distance = Math.abs(value - pick.value);
          nearest = row;
        }
      }
      return nearest;
    };
    const option = {
      ...base,
      xAxis: {
        type: 'category',
        data: buckets,
        boundaryGap: false,
        axisLabel: {
          formatter: (value: string) =>
            grain === 'day' || grain === 'week'
              ? formatDay(value, format.locale, 'short')
              : formatBucket(value, grain, format.locale),
        },
      },
      dataZoom: buckets.length > 120 ? [{ type: 'inside' }] : [],
      series,
    };
    return { option, rowAt };
    // `previousLabel` changes with the language, which the labels ref doesn't signal.
  }, [result, grain, kpi, unit, format, target, previousLabel, notes]);

  if (!drawn) return null;
  return (
    <>
      <Chart
        ref={ref}
        notes={notes.length}
        option={drawn.option}
        height={320}
        label={seriesName(kpi)}
        onPick={(pick) => {
          const row = drawn.rowAt(pick);
          if (row) onPickRow(row);
        }}
      />
      <p className="muted small chart-hint">{t('why.chartHint')}</p>
      {dimensions.length > 0 &&
      timeKey &&
      new Set(result.rows.map((row) => dimensions.map((d) => row[d]).join('|'))).size > MAX_SERIES ? (
        <p className="muted small chart-note">{t('explore.topSeries', { count: MAX_SERIES })}</p>
      ) : null}
    </>
  );
}
