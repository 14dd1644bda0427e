/**
 * Explore as a share link opens it: KPIs, dimensions, a period, a grain and a comparison, asked
 * through the link's query route, so every answer lies within the link's scope (the server ANDs the
 * scope into the question). Read-only: no filter of its own beyond the scope, nothing saved, no notes,
 * no "why?" (those routes are the workspace's). The question lives in the URL, as Explore's does.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SharedQueryParams, shareApi } from '../../api/share';
import type { Grain, QueryResult, ShareInfo } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useWorkspace } from '../../context';
import { isDay, lastDays } from '../../lib/dates';
import { everyOf } from '../../lib/every';
import { formatBucket, formatChange, formatRange, formatValue } from '../../lib/format';
import { dimensionValueLabel } from '../../lib/labels';
import { shownColumns } from '../../lib/result-table';
import { useSearchState } from '../../router';
import { DataTable, type TableColumn } from '../DataTable';
import { DimensionChips } from '../DimensionChips';
import { KpiPicker } from '../KpiPicker';
import { CompareSelect, PeriodPicker } from '../PeriodPicker';
import { Empty, ErrorState, Loading } from '../States';
import '../../pages/explore.css';

const GRAINS = everyOf<Grain>()(['total', 'day', 'week', 'month', 'quarter', 'year']);
const DEFAULT_KPIS = ['spend', 'conversions', 'roas'];

type Row = QueryResult['rows'][number];

interface SharedQuestion {
  kpis: string[];
  dimensions: string[];
  from: string;
  to: string;
  grain: Grain;
  compare: 'previous' | 'last_year' | '';
}

function readQuestion(search: URLSearchParams, fallback: { from: string; to: string }): SharedQuestion {
  const list = (key: string) => (search.get(key) ?? '').split(',').filter(Boolean);
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const grain = search.get('grain') as Grain | null;
  const compare = search.get('compare');
  return {
    kpis: search.has('kpis') ? list('kpis') : DEFAULT_KPIS,
    dimensions: list('dims'),
    from: isDay(from) ? from : fallback.from,
    to: isDay(to) ? to : fallback.to,
    grain: grain && GRAINS.includes(grain) ? grain : 'total',
    compare: compare === 'previous' || compare === 'last_year' ? compare : '',
  };
}

export function SharedExplore({ token, shared }: { token: string; shared: ShareInfo }) {
  const { t } = useTranslation();
  const { catalog, format, kpiName, dimensionName } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = shared.dataRange?.to ?? new Date().toISOString().slice(0, 10);
  const asked = readQuestion(search, lastDays(lastDay, 30));
  const askedKey = JSON.stringify(asked);
  const [draft, setDraft] = useState<SharedQuestion>(asked);
  const [draftOf, setDraftOf] = useState(askedKey);
  // The URL changed (back, forward, a reload): the controls follow it.
  if (draftOf !== askedKey) {
    setDraftOf(askedKey);
    setDraft(asked);
  }
  const params: SharedQueryParams | null =
    asked.kpis.length > 0
      ? {
          kpis: asked.kpis,
          dimensions: asked.dimensions,
          from: asked.from,
          to: asked.to,
          grain: asked.grain,
          ...(asked.compare ? { compare: asked.compare } : {}),
        }
      : null;
  const result = useResource(params ? `share|${token}|query|${askedKey}` : null, (signal) =>
    shareApi.query(token, params!, signal),
  );
  const run = () =>
    setSearch({
      kpis: draft.kpis.join(','),
      dims: draft.dimensions.join(',') || null,
      from: draft.from,
      to: draft.to,
      grain: draft.grain,
      compare: draft.compare || null,
    });

  const columns: TableColumn<Row>[] = result.data
    ? shownColumns(result.data, {
        kpiName,
        dimensionName,
        grainName: (grain) => t(`explore.grains.${grain}`, { defaultValue: grain }),
        previous: t('explore.previous'),
        change: t('explore.change'),
      }).map(({ column, header, flagKey }) => ({
        key: column.key,
        header,
        numeric: column.role !== 'time' && column.role !== 'dimension',
        sortValue: (row) => {
          const value = row[column.key];
          return typeof value === 'number' || typeof value === 'string' ? value : null;
        },
        render: (row) => {
          const value = row[column.key] ?? null;
          if (column.role === 'time')
            return typeof value === 'string' ? formatBucket(value, asked.grain, format.locale) : '—';
          if (column.role === 'dimension')
            return dimensionValueLabel(t, column.key, value, result.data?.names?.[column.key]);
          const number = typeof value === 'number' ? value : null;
          const flag = flagKey ? row[flagKey] : null;
          return (
            <span data-testid={`cell-${column.key}`} data-value={number ?? ''}>
              {column.role === 'change'
                ? formatChange(number, format.locale)
                : formatValue(number, column.unit, format, { flag: typeof flag === 'string' ? flag : null })}
            </span>
          );
        },
      }))
    : [];

  return (
    <div className="explore" data-testid="shared-explore">
      <aside className="card explore-controls" aria-label={t('explore.title')}>
        <KpiPicker
          kpis={catalog.kpis}
          selected={draft.kpis}
          onChange={(kpis) => setDraft({ ...draft, kpis })}
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
            value={{ from: draft.from, to: draft.to }}
            lastDay={lastDay}
            bounds={shared.dataRange}
            onChange={(range) => setDraft({ ...draft, ...range })}
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
            onChange={(compare) =>
              setDraft({
                ...draft,
                compare: compare === 'previous' || compare === 'last_year' ? compare : '',
              })
            }
          />
        </div>
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
        <p className="muted small">{t('sharePages.exploreNote')}</p>
        {!params ? (
          <Empty title={t('explore.pickKpi')}>{t('explore.pickKpiBody')}</Empty>
        ) : result.error ? (
          <ErrorState error={result.error} onRetry={result.reload} />
        ) : !result.data ? (
          <Loading />
        ) : (
          <div
            className={result.loading ? 'refreshing card' : 'card'}
            data-testid="explore-results"
            data-ready={!result.loading}
          >
            <div className="card-header">
              <div className="card-title-row">
                <h2>{t('explore.results')}</h2>
                <span className="muted">{t('explore.rows', { count: result.data.rows.length })}</span>
                <span className="muted" data-testid="explore-window">
                  {formatRange(asked.from, asked.to, format.locale)}
                </span>
              </div>
            </div>
            <DataTable
              columns={columns}
              rows={result.data.rows}
              rowKey={(_row, index) => String(index)}
              testId="result-table"
            />
          </div>
        )}
      </section>
    </div>
  );
}
