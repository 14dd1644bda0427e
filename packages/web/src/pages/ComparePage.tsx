/**
 * Comparison tables: channels, campaigns, creators (with tier), content (with format), regions
 * and audiences side by side on the same KPIs. The server searches, sorts and pages, so a
 * workspace with thousands of creators stays quick.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import { COMPARISON_TABLES, type Comparison, type ComparisonTable, type Problem } from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { DataTable, type SortState, type TableColumn } from '../components/DataTable';
import { FormulaInput } from '../components/FormulaInput';
import { PageHeader } from '../components/Layout';
import { CompareSelect, PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { isDay, lastDays } from '../lib/dates';
import { changeTone, formatChange, formatInteger, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { Link, useSearchState } from '../router';

const PAGE_SIZE = 50;

type Row = Comparison['rows'][number];

export function ComparePage({ table }: { table: ComparisonTable }) {
  const { t } = useTranslation();
  const { workspace, format, kpiName, kpi: kpiOf, dimensionName } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const fallback = lastDay ? lastDays(lastDay, 30) : null;
  const from = search.get('from');
  const to = search.get('to');
  const period = from && to && isDay(from) && isDay(to) ? { from, to } : fallback;
  const compare =
    search.get('compare') === 'last_year' ? 'last_year' : search.get('compare') === 'none' ? '' : 'previous';
  const sort: SortState | null = search.get('sort')
    ? { key: search.get('sort')!, order: search.get('order') === 'asc' ? 'asc' : 'desc' }
    : null;
  const offset = Number(search.get('offset') ?? 0) || 0;
  const filter = search.get('filter') ?? '';

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
    ...(period ? { from: period.from, to: period.to } : {}),
    ...(compare ? { compare } : {}),
    ...(sort ? { sort: sort.key, order: sort.order } : {}),
    ...(search.get('q') ? { search: search.get('q')! } : {}),
    ...(filter ? { filter } : {}),
    limit: PAGE_SIZE,
    offset,
  };
  const result = useResource(
    workspace.dataRange ? `${workspace.id}|${table}|${JSON.stringify(params)}` : null,
    (signal) => api.compare(workspace.id, table, params, signal),
  );
  const filterProblems: Problem[] = isApiError(result.error)
    ? result.error.problems.filter((problem) => problem.start !== undefined)
    : [];

  const data = result.data;
  const columns: TableColumn<Row>[] = data ? comparisonColumns(data) : [];

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
            const label = dimensionValueLabel(t, column.key, value, comparison.labels);
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
                {label !== id ? <code className="entity-id">{id}</code> : null}
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
            return (
              <div className="cell-metric">
                <span data-testid={`cell-${column.key}`} data-value={value ?? ''}>
                  {formatValue(value, column.unit, format, { flag: typeof flag === 'string' ? flag : null })}
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

  const base = `/workspaces/${encodeURIComponent(workspace.id)}/compare`;
  const keep = (next: ComparisonTable) => {
    const carried = new URLSearchParams();
    for (const key of ['from', 'to', 'compare']) if (search.get(key)) carried.set(key, search.get(key)!);
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
                onChange={(range) => setSearch({ from: range.from, to: range.to, offset: null })}
              />
              <CompareSelect
                value={compare}
                allowNone
                onChange={(value) =>
                  setSearch({ compare: value === '' ? 'none' : value === 'previous' ? null : value })
                }
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
            <DataTable
              columns={columns}
              rows={data.rows}
              rowKey={(row) => String(row[data.dimension])}
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
