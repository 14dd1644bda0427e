/**
 * Comparison tables: channels, campaigns, creators (with tier), content (with format), regions
 * and audiences side by side on the same KPIs. The server searches, sorts and pages, so a
 * workspace with thousands of creators stays quick. Every KPI cell asks "why?" of its row; every
 * row drills down the hierarchy (channel → campaign → ad group or creator → content) keeping the
 * period, the comparison and the filter, with the path walked shown above the table.
 */
import { combineFilters } from '@markpi/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import { COMPARISON_TABLES, type Comparison, type ComparisonTable, type Problem } from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { DataTable, type SortState, type TableColumn } from '../components/DataTable';
import { FilterBar, PICKER_DIMENSIONS } from '../components/FilterBar';
import { FormulaInput } from '../components/FormulaInput';
import { PageHeader } from '../components/Layout';
import { CompareSelect, PeriodPicker } from '../components/PeriodPicker';
import { RankingNotes } from '../components/RankingNotes';
import { Empty, ErrorState, Loading } from '../components/States';
import { WhyButton } from '../components/Why';
import { useWorkspace } from '../context';
import { isDay, lastDays } from '../lib/dates';
import {
  DRILL_CHILDREN,
  DRILL_TABLES,
  type DrillLevel,
  type DrillStep,
  drillFilter,
  drillQuery,
  drillSearch,
  extendPath,
  isDrillLevel,
  readDrillPath,
} from '../lib/drill';
import { pageFilter, pickKey, pickParam, readPicks } from '../lib/filters';
import { changeTone, formatChange, formatInteger, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { isEventPeriod, isNamedPeriod, isPeriodCompare, type PeriodCompare } from '../lib/periods';
import { formatShare, proratedShare } from '../lib/prorated';
import { NONE_ROW_FLAG, readRanking } from '../lib/ranking';
import { equalsCondition } from '../lib/why';
import { Link, useSearchState } from '../router';

const PAGE_SIZE = 50;

type Row = Comparison['rows'][number];

export function ComparePage({ table }: { table: ComparisonTable }) {
  const { t, i18n } = useTranslation();
  const { workspace, format, kpiName, kpi: kpiOf, dimensionName } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const fallback = lastDay ? lastDays(lastDay, 30) : null;
  const from = search.get('from');
  const to = search.get('to');
  const rangePeriod = from && to && isDay(from) && isDay(to) ? { from, to } : fallback;
  // A named period (a preset, an event) is resolved by the server in the workspace's time zone.
  const namedParam = search.get('period');
  const named = isNamedPeriod(namedParam) ? namedParam : null;
  const compareParam = search.get('compare');
  // An event is compared with the same event last year unless another comparison is picked.
  const compare: PeriodCompare | 'auto' | '' =
    compareParam === 'none'
      ? ''
      : isPeriodCompare(compareParam)
        ? compareParam
        : isEventPeriod(named)
          ? 'auto'
          : 'previous';
  const choices = useResource(`${workspace.id}|periods`, (signal) => api.periods(workspace.id, signal));
  const sort: SortState | null = search.get('sort')
    ? { key: search.get('sort')!, order: search.get('order') === 'asc' ? 'asc' : 'desc' }
    : null;
  const offset = Number(search.get('offset') ?? 0) || 0;
  // The minimum-volume cut (`min=spend=1000`): rows under it are counted by the server, not shown.
  const { minKpi, minValue } = readRanking(search);
  const [minDraft, setMinDraft] = useState(minValue);
  const [minKpiDraft, setMinKpiDraft] = useState(minKpi || 'spend');
  /** The cut as the URL keeps it (`min=<kpi>=<n>`), none without a number. */
  const cutBy = (kpi: string, value: string) => ({
    min: value.trim() !== '' ? `${kpi}=${value.trim()}` : null,
    offset: null,
  });
  /** Best first: lowest first for a KPI that is better down (a cost), else highest first. */
  const bestOrder = (kpi: string): 'asc' | 'desc' => (kpiOf(kpi)?.direction === 'down' ? 'asc' : 'desc');
  const filter = search.get('filter') ?? '';
  const path = readDrillPath(search);
  // Values picked in the filter bar, beside the formula typed.
  const picks = readPicks(search, PICKER_DIMENSIONS);
  // What the table shows: the picks and the filter typed, narrowed to the drill-down path.
  const scope = drillFilter(pageFilter(picks, filter), path);

  // The search box answers as you type, a moment after you stop.
  const [searchText, setSearchText] = useState(search.get('q') ?? '');
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if ((search.get('q') ?? '') !== searchText) setSearch({ q: searchText || null, offset: null });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [searchText, search, setSearch]);
  const [filterDraft, setFilterDraft] = useState(filter);

  const params = {
    ...(named ? { period: named } : rangePeriod ? { from: rangePeriod.from, to: rangePeriod.to } : {}),
    ...(compare ? { compare } : {}),
    ...(sort ? { sort: sort.key, order: sort.order } : {}),
    ...(search.get('q') ? { search: search.get('q')! } : {}),
    ...(scope ? { filter: scope } : {}),
    ...(minKpi ? { min: `${minKpi}=${minValue}` } : {}),
    limit: PAGE_SIZE,
    offset,
  };
  const result = useResource(
    workspace.dataRange ? `${workspace.id}|${table}|${JSON.stringify(params)}` : null,
    (signal) => api.compare(workspace.id, table, params, signal),
  );
  // Offsets point into the filter sent, which is the one typed only while no path narrows it.
  const filterProblems: Problem[] =
    isApiError(result.error) && path.length === 0
      ? result.error.problems.filter((problem) => problem.start !== undefined)
      : [];

  const data = result.data;
  // The days shown: a named period's as the server resolved it (or as the picker lists it).
  const period = named
    ? (data?.period ??
      choices.data?.presets.find((preset) => preset.id === named)?.period ??
      choices.data?.events.find((event) => event.spec === named)?.period ??
      rangePeriod)
    : rangePeriod;
  const shownCompare = data?.comparison?.mode ?? (compare === 'auto' ? 'same_event' : compare);
  const columns: TableColumn<Row>[] = data ? comparisonColumns(data) : [];
  const kpiKeys = data?.columns.filter((column) => column.role === 'kpi').map((column) => column.key) ?? [];
  const base = `/workspaces/${encodeURIComponent(workspace.id)}/compare`;
  const explore = `/workspaces/${encodeURIComponent(workspace.id)}/explore`;
  const carried = {
    from: named ? period?.from : (search.get('from') ?? undefined),
    to: named ? period?.to : (search.get('to') ?? undefined),
    compare: search.get('compare') === 'same_event' ? 'last_year' : (search.get('compare') ?? undefined),
    // The picks travel as the condition they stand for.
    filter: pageFilter(picks, filter),
  };
  /** The table of `level` inside `steps`, the period, comparison and filter kept. */
  const levelHref = (level: DrillLevel, steps: readonly DrillStep[]) => {
    const table = DRILL_TABLES[level];
    if (table) {
      const query = drillQuery(carried, steps);
      return `${base}/${table}${query ? `?${query}` : ''}`;
    }
    // Ad groups have no comparison table: Explore lists them on the same KPIs.
    const kpis = data?.columns.filter((column) => column.role === 'kpi').map((column) => column.key) ?? [];
    const query = new URLSearchParams({ kpis: kpis.join(','), dims: level, grain: 'total' });
    if (period) {
      query.set('from', period.from);
      query.set('to', period.to);
    }
    if (compare) query.set('compare', compare === 'auto' ? 'same_event' : compare);
    const narrowed = drillFilter(pageFilter(picks, filter), steps);
    if (narrowed) query.set('filter', narrowed);
    return `${explore}?${query.toString()}`;
  };
  const whyOf = (kpi: string, dimension: string, id: string) => ({
    kpi,
    from: period?.from ?? '',
    to: period?.to ?? '',
    // "Why" compares by the planner's shifts: the same event's dates a year back are last year's.
    compare: compare === 'previous' ? ('previous' as const) : ('last_year' as const),
    ...(combineFilters(scope, equalsCondition(dimension, id))
      ? { filter: combineFilters(scope, equalsCondition(dimension, id))! }
      : {}),
  });

  /** Where a row leads: the levels under it, or for a region or audience, its channels. */
  function drillLinks(dimension: string, id: string, label: string) {
    const links = isDrillLevel(dimension)
      ? DRILL_CHILDREN[dimension].map((child) => ({
          level: child,
          href: levelHref(child, extendPath(path, dimension, id)),
        }))
      : [
          {
            level: 'channel' as const,
            href: `${base}/channels?${drillQuery(
              { ...carried, filter: combineFilters(carried.filter, equalsCondition(dimension, id)) },
              path,
            )}`,
          },
        ];
    if (links.length === 0) return null;
    return (
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
    );
  }

  function comparisonColumns(comparison: Comparison): TableColumn<Row>[] {
    const { dimension } = comparison;
    const out: TableColumn<Row>[] = [];
    for (const column of comparison.columns) {
      if (column.role === 'dimension') {
        const isMain = column.key === dimension;
        out.push({
          key: column.key,
          header:
            column.key === 'creator_tier'
              ? t('compareTables.tier')
              : column.key === 'content_format'
                ? t('compareTables.format')
                : dimensionName(column.key),
          sortValue: (row) => (row[column.key] === null ? null : String(row[column.key])),
          className: isMain ? 'cell-name' : undefined,
          render: (row) => {
            const value = row[column.key] ?? null;
            if (column.key === 'creator_tier' && value !== null)
              return <StatusBadge tone="info">{dimensionValueLabel(t, column.key, value)}</StatusBadge>;
            if (!isMain) return dimensionValueLabel(t, column.key, value);
            const id = value === null ? '' : String(value);
            const label =
              value === null
                ? t('ranking.none', {
                    dimension:
                      i18n.language === 'en'
                        ? dimensionName(dimension).toLowerCase()
                        : dimensionName(dimension),
                  })
                : dimensionValueLabel(t, column.key, value, comparison.labels);
            // The row without an entity has no page of its own to open or drill into.
            if (value === null) return <span className="entity">{label}</span>;
            return (
              <span className="entity">
                <Link
                  href={`/workspaces/${encodeURIComponent(workspace.id)}/explore?kpis=${encodeURIComponent(
                    comparison.columns
                      .filter((c) => c.role === 'kpi')
                      .map((c) => c.key)
                      .join(','),
                  )}&filter=${encodeURIComponent(`${dimension} = '${id.replaceAll("'", "''")}'`)}&grain=day${
                    period ? `&from=${period.from}&to=${period.to}` : ''
                  }`}
                >
                  {label}
                </Link>
                {/* The id beside a name the data gave it (a campaign's, a creator's); never beside our own label. */}
                {label !== id && comparison.labels[id] !== undefined ? (
                  <code className="entity-id">{id}</code>
                ) : null}
                {value !== null && id !== '' ? drillLinks(dimension, id, label) : null}
              </span>
            );
          },
        });
      } else if (column.role === 'kpi') {
        const changeKey = `${column.key}__change`;
        const flagKey = `${column.key}__flag`;
        const direction = kpiOf(column.key)?.direction ?? 'context';
        out.push({
          key: column.key,
          header: kpiName(column.key),
          numeric: true,
          title: column.key,
          sortValue: (row) => (typeof row[column.key] === 'number' ? (row[column.key] as number) : null),
          render: (row) => {
            const value = typeof row[column.key] === 'number' ? (row[column.key] as number) : null;
            const change = typeof row[changeKey] === 'number' ? (row[changeKey] as number) : null;
            const flag = row[flagKey];
            const share = proratedShare(row, column.key);
            return (
              <div className="cell-metric">
                <span className="why-cell">
                  {value !== null && period && row[dimension] !== null && row[dimension] !== '' ? (
                    <WhyButton
                      request={whyOf(column.key, dimension, String(row[dimension]))}
                      kpiName={kpiName(column.key)}
                      scope={dimensionValueLabel(t, dimension, row[dimension] ?? null, comparison.labels)}
                    />
                  ) : null}
                  <span
                    data-testid={`cell-${column.key}`}
                    data-value={value ?? ''}
                    {...(share !== null
                      ? {
                          'data-prorated': share,
                          className: 'prorated',
                          title: t('periods.prorated', { share: formatShare(share, format.locale) }),
                        }
                      : {})}
                  >
                    {formatValue(value, column.unit, format, {
                      flag: typeof flag === 'string' ? flag : null,
                    })}
                  </span>
                </span>
                {compare && change !== null ? (
                  <span className={`change change-${changeTone(change, direction)} small`}>
                    {formatChange(change, format.locale)}
                  </span>
                ) : null}
              </div>
            );
          },
        });
      }
    }
    return out;
  }

  const keep = (next: ComparisonTable) => {
    const carried = new URLSearchParams();
    for (const key of ['from', 'to', 'period', 'compare', ...PICKER_DIMENSIONS.map(pickKey)])
      if (search.get(key)) carried.set(key, search.get(key)!);
    const query = carried.toString();
    return `${base}/${next}${query ? `?${query}` : ''}`;
  };

  return (
    <>
      <PageHeader
        title={t('compareTables.title')}
        actions={
          lastDay && period ? (
            <>
              <PeriodPicker
                value={period}
                lastDay={lastDay}
                bounds={workspace.dataRange}
                onChange={(range) =>
                  setSearch({ from: range.from, to: range.to, period: null, offset: null })
                }
                named={{
                  value: named,
                  choices: choices.data ?? null,
                  onChange: (spec) =>
                    setSearch({ period: spec, from: null, to: null, compare: null, offset: null }),
                }}
              />
              <CompareSelect
                value={shownCompare}
                allowNone
                allowSameEvent={isEventPeriod(named)}
                onChange={(value) => setSearch({ compare: value === '' ? 'none' : value })}
              />
            </>
          ) : null
        }
      />
      <nav className="tabs" aria-label={t('compareTables.title')}>
        {COMPARISON_TABLES.map((name) => (
          <Link
            key={name}
            href={keep(name)}
            className={`tab${name === table ? ' active' : ''}`}
            aria-current={name === table ? 'page' : undefined}
            data-testid={`compare-tab-${name}`}
          >
            {t(`compareTables.tables.${name}`)}
          </Link>
        ))}
      </nav>
      {path.length > 0 ? (
        <nav className="drill-path" aria-label={t('drill.path')} data-testid="drill-path">
          <span className="muted">{t('drill.pathLabel')}</span>
          <ol>
            <li>
              <Link href={levelHref(path[0]!.dimension, [])} data-testid="drill-crumb-top">
                {t('drill.top')}
              </Link>
            </li>
            {path.map((step, index) => {
              const next = path[index + 1];
              const text = dimensionValueLabel(t, step.dimension, step.value);
              return (
                <li key={step.dimension} data-testid={`drill-crumb-${step.dimension}`}>
                  {next ? (
                    <Link href={levelHref(next.dimension, path.slice(0, index + 1))}>{text}</Link>
                  ) : (
                    text
                  )}
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            className="link-button"
            onClick={() => setSearch({ ...drillSearch([]), offset: null })}
            data-testid="drill-clear"
          >
            {t('drill.clear')}
          </button>
        </nav>
      ) : null}
      {workspace.dataRange ? (
        <FilterBar
          picks={picks}
          onPick={(dimension, values) => setSearch({ [pickKey(dimension)]: pickParam(values), offset: null })}
          formula={filter}
          onFormula={(text) => setSearch({ filter: text || null, offset: null })}
          window={
            named ? { period: named } : rangePeriod ? { from: rangePeriod.from, to: rangePeriod.to } : {}
          }
          withFormula={false}
        />
      ) : null}
      <div className="card">
        <div className="compare-filters">
          <input
            type="search"
            className="input compare-search"
            placeholder={t('compareTables.search')}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            aria-label={t('compareTables.search')}
            data-testid="compare-search"
          />
          <div className="compare-filter">
            <FormulaInput
              label={t('compareTables.filter')}
              value={filterDraft}
              rows={1}
              onChange={setFilterDraft}
              check={(text) => api.validateFormula(workspace.id, text, 'filter')}
              extraProblems={filterDraft === filter ? filterProblems : []}
              placeholder="creator_tier = 'kol'"
            />
          </div>
          <button
            type="button"
            className="button"
            onClick={() => setSearch({ filter: filterDraft.trim() || null, offset: null })}
          >
            {t('action.run')}
          </button>
          <label className="inline-field">
            <span>{t('ranking.rankBy')}</span>
            <select
              value={sort?.key ?? kpiKeys[0] ?? ''}
              data-testid="compare-rank-kpi"
              onChange={(event) =>
                setSearch({ sort: event.target.value, order: bestOrder(event.target.value), offset: null })
              }
            >
              {kpiKeys.map((key) => (
                <option key={key} value={key}>
                  {kpiName(key)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('ranking.minimum')}</span>
            <select
              value={minKpiDraft}
              aria-label={t('ranking.minimum')}
              data-testid="compare-min-kpi"
              onChange={(event) => {
                setMinKpiDraft(event.target.value);
                if (minDraft.trim() !== '') setSearch(cutBy(event.target.value, minDraft));
              }}
            >
              {[...new Set(['spend', ...kpiKeys])].map((key) => (
                <option key={key} value={key}>
                  {kpiName(key)}
                </option>
              ))}
            </select>
            <input
              type="number"
              min={0}
              className="input"
              value={minDraft}
              placeholder={t('ranking.minimumValue')}
              aria-label={`${t('ranking.minimumValue')} · ${kpiName(minKpiDraft)}`}
              data-testid="compare-min-value"
              onChange={(event) => setMinDraft(event.target.value)}
              onBlur={() => setSearch(cutBy(minKpiDraft, minDraft))}
            />
          </label>
        </div>
        {!workspace.dataRange ? (
          <Empty title={t('state.noData')}>{t('state.noDataBody')}</Empty>
        ) : result.error ? (
          <ErrorState error={result.error} onRetry={result.reload} />
        ) : !data ? (
          <Loading />
        ) : data.rows.length === 0 ? (
          <Empty title={t('compareTables.noRows')}>{t('compareTables.noRowsBody')}</Empty>
        ) : (
          <div
            className={result.loading ? 'refreshing' : undefined}
            data-testid="compare-results"
            data-ready={!result.loading}
          >
            <RankingNotes ranking={data.ranking} dimensions={[data.dimension]} />
            <DataTable
              columns={columns}
              rows={data.rows}
              rowKey={(row) => String(row[data.dimension])}
              rowClassName={(row) => (row[NONE_ROW_FLAG] === true ? 'row-apart' : undefined)}
              sort={
                sort ?? {
                  key: data.columns.find((column) => column.role === 'kpi')?.key ?? '',
                  order: 'desc',
                }
              }
              onSort={(next) => setSearch({ sort: next.key, order: next.order, offset: null })}
              testId="compare-table"
            />
            <div className="pager">
              <span className="muted">
                {t('compareTables.page', {
                  from: formatInteger(data.total === 0 ? 0 : offset + 1, format.locale),
                  to: formatInteger(Math.min(offset + PAGE_SIZE, data.total), format.locale),
                  total: formatInteger(data.total, format.locale),
                })}
              </span>
              <div className="button-group">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0}
                  onClick={() =>
                    setSearch({ offset: offset - PAGE_SIZE > 0 ? String(offset - PAGE_SIZE) : null })
                  }
                >
                  ‹ {t('compareTables.previousPage')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={offset + PAGE_SIZE >= data.total}
                  onClick={() => setSearch({ offset: String(offset + PAGE_SIZE) })}
                >
                  {t('compareTables.nextPage')} ›
                </button>
              </div>
            </div>
          </div>
        )}
      </div>
    </>
  );
}
