/**
 * Attribution: every model side by side over the workspace's journeys — per channel, campaign or
 * creator, a chart of each model's share, a table of credits with Markov's removal effect and the
 * spread between models, and the sentence where they disagree; under it, creators' ROI against
 * their fees under each model, and the attributed measures Explore, targets and scorecards use.
 */
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { attributionApi } from '../components/attribution/api';
import { StatusBadge } from '../components/Badges';
import { Chart, type ChartHandle } from '../components/Chart';
import { ChartPngButton } from '../components/ChartPng';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import {
  ATTRIBUTION_KEYS,
  type AttributionKey,
  type AttributionMeasure,
  type AttributionRow,
  attributionChartOption,
  type CreatorRoiRow,
  MODELS,
  type ModelId,
  type RefreshSummary,
  type SaidMessage,
} from '../lib/attribution';
import { attributionCaption } from '../lib/chart-captions';
import { isDay, lastDays } from '../lib/dates';
import { formatPercent, formatRange, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { Link, useSearchState } from '../router';

const LOOKBACKS = [7, 14, 30, 60, 90] as const;
const DEFAULT_LOOKBACK = 30;

export function AttributionPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, format, dimensionName, canEdit } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const fromParam = search.get('from');
  const toParam = search.get('to');
  const period =
    fromParam && toParam && isDay(fromParam) && isDay(toParam)
      ? { from: fromParam, to: toParam }
      : lastDay
        ? lastDays(lastDay, 30)
        : null;
  const by: AttributionKey = (ATTRIBUTION_KEYS as readonly string[]).includes(search.get('by') ?? '')
    ? (search.get('by') as AttributionKey)
    : 'channel';
  const measure: AttributionMeasure = search.get('measure') === 'value' ? 'value' : 'conversions';
  const lookbackParam = Number(search.get('lookback'));
  const lookback = (LOOKBACKS as readonly number[]).includes(lookbackParam)
    ? lookbackParam
    : DEFAULT_LOOKBACK;
  const roiModel: ModelId = (MODELS as readonly string[]).includes(search.get('model') ?? '')
    ? (search.get('model') as ModelId)
    : 'markov';

  const params = {
    ...(period ? { from: period.from, to: period.to } : {}),
    lookback,
    by,
    measure,
  };
  const report = useResource(`${workspace.id}|attribution|${JSON.stringify(params)}`, (signal) =>
    attributionApi.report(workspace.id, params, signal),
  );
  const creators = useResource(
    by === 'creator' ? `${workspace.id}|attribution-creators|${JSON.stringify(params)}` : null,
    (signal) => attributionApi.creators(workspace.id, params, signal),
  );
  const refresh = useAction(report.reload);
  const [refreshed, setRefreshed] = useState<RefreshSummary | null>(null);
  const creditChart = useRef<ChartHandle>(null);

  const say = (said: SaidMessage) => (language === 'zh-CN' ? said.text.zh : said.text.en);
  const modelName = (model: ModelId) => t(`attribution.models.${model}`);
  const amount = (value: number) => formatValue(value, measure === 'value' ? 'currency' : 'number', format);
  const share = (value: number) =>
    formatPercent(value, format.locale, value !== 0 && Math.abs(value) < 0.1 ? 1 : 0);

  const nameOf = (row: AttributionRow) => row.label ?? dimensionValueLabel(t, row.dimension, row.value);
  const data = report.data;
  const option = useMemo(
    () => (data ? attributionChartOption(data, modelName, share, nameOf) : null),
    // Names follow the language; the report is the data.
    [data, language],
  );

  const columns: TableColumn<AttributionRow>[] = data
    ? [
        {
          key: 'key',
          header: dimensionName(by),
          className: 'cell-name',
          sortValue: nameOf,
          render: (row) => (
            <span className="entity">
              {nameOf(row)}
              {row.dimension !== by ? (
                <span className="muted small"> · {dimensionName(row.dimension)}</span>
              ) : null}
              {row.label && row.label !== row.value ? <code className="entity-id">{row.value}</code> : null}
              {row.disagreement ? (
                <span title={say(row.disagreement)} data-testid="disagreement-badge">
                  {' '}
                  <StatusBadge tone="warn">{t('attribution.disagree')}</StatusBadge>
                </span>
              ) : null}
            </span>
          ),
        },
        ...data.models.map(
          (model): TableColumn<AttributionRow> => ({
            key: model,
            header: modelName(model),
            numeric: true,
            title: model,
            sortValue: (row) => row[model],
            render: (row) => {
              const credit = row[model];
              return credit === null ? (
                '—'
              ) : (
                <div className="cell-metric">
                  <span data-testid={`cell-${model}`} data-value={credit}>
                    {amount(credit)}
                  </span>
                  <span className="muted small">{share(data.total > 0 ? credit / data.total : 0)}</span>
                </div>
              );
            },
          }),
        ),
        {
          key: 'removal_effect',
          header: t('attribution.removalEffect'),
          numeric: true,
          title: 'removal_effect',
          sortValue: (row) => row.removal_effect,
          render: (row) => formatPercent(row.removal_effect, format.locale, 1),
        },
        {
          key: 'spread',
          header: t('attribution.spread'),
          numeric: true,
          sortValue: (row) => row.spread.points,
          render: (row) => t('attribution.points', { points: (row.spread.points * 100).toFixed(1) }),
        },
      ]
    : [];

  const flagged = data?.rows.filter((row) => row.disagreement) ?? [];
  const viewHref = (key: AttributionKey) => {
    const next = new URLSearchParams(search);
    if (key === 'channel') next.delete('by');
    else next.set('by', key);
    const query = next.toString();
    return `/workspaces/${encodeURIComponent(workspace.id)}/attribution${query ? `?${query}` : ''}`;
  };
  const exploreLink = (models: readonly ModelId[]) =>
    `/workspaces/${encodeURIComponent(workspace.id)}/explore?kpis=${models
      .map((model) => `attributed_roas_${model}`)
      .join(',')}&dims=channel&grain=total${period ? `&from=${period.from}&to=${period.to}` : ''}`;

  return (
    <>
      <PageHeader
        title={t('attribution.title')}
        subtitle={
          data
            ? t('attribution.subtitle', {
                range: formatRange(data.window.from, data.window.to, format.locale),
                days: data.lookbackDays,
              })
            : undefined
        }
        actions={
          lastDay && period ? (
            <PeriodPicker
              value={period}
              lastDay={lastDay}
              bounds={workspace.dataRange}
              onChange={(range) => setSearch({ from: range.from, to: range.to })}
            />
          ) : null
        }
      />
      <nav className="tabs" aria-label={t('attribution.by')}>
        {ATTRIBUTION_KEYS.map((key) => (
          <Link
            key={key}
            href={viewHref(key)}
            className={`tab${key === by ? ' active' : ''}`}
            aria-current={key === by ? 'page' : undefined}
            data-testid={`attribution-by-${key}`}
          >
            {dimensionName(key)}
          </Link>
        ))}
      </nav>
      <div className="card">
        <div className="field-row">
          <label className="inline-field">
            <span>{t('attribution.lookback')}</span>
            <select
              value={lookback}
              data-testid="attribution-lookback"
              onChange={(event) =>
                setSearch({
                  lookback: Number(event.target.value) === DEFAULT_LOOKBACK ? null : event.target.value,
                })
              }
            >
              {LOOKBACKS.map((days) => (
                <option key={days} value={days}>
                  {t('attribution.days', { count: days })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('attribution.measure')}</span>
            <select
              value={measure}
              data-testid="attribution-measure"
              onChange={(event) => setSearch({ measure: event.target.value === 'value' ? 'value' : null })}
            >
              <option value="conversions">{t('attribution.conversions')}</option>
              <option value="value">{t('attribution.value')}</option>
            </select>
          </label>
        </div>
        {report.error ? (
          <ErrorState error={report.error} onRetry={report.reload} />
        ) : !data ? (
          <Loading />
        ) : data.rows.length === 0 ? (
          <Empty title={t('attribution.noJourneys')}>{t('attribution.noJourneysBody')}</Empty>
        ) : (
          <div
            className={report.loading ? 'refreshing' : undefined}
            data-testid="attribution-results"
            data-ready={!report.loading}
          >
            {option ? (
              <>
                <Chart ref={creditChart} option={option} height={320} label={t('attribution.chartLabel')} />
                <ChartPngButton
                  chart={creditChart}
                  testId="attribution-png"
                  name={`attribution-${by}-${measure}`}
                  caption={(words, place) =>
                    attributionCaption(words, place, {
                      by: dimensionName(by),
                      measure,
                      window: data.window,
                      lookbackDays: data.lookbackDays,
                    })
                  }
                />
              </>
            ) : null}
            <DataTable
              columns={columns}
              rows={data.rows}
              rowKey={(row) => row.key}
              initialSort={{ key: 'markov', order: 'desc' }}
              testId="attribution-table"
            />
            <p className="muted small">
              {t('attribution.totals', {
                conversions: formatValue(data.totals.conversions, 'number', format),
                value: formatValue(data.totals.value, 'currency', format),
                nulls: formatValue(data.totals.nulls, 'count', format),
              })}
            </p>
            {flagged.length > 0 ? (
              <div className="callout callout-info" data-testid="attribution-disagreements">
                <strong>{t('attribution.disagreements', { factor: data.factor })}</strong>
                <ul>
                  {flagged.map((row) => (
                    <li key={row.key} data-testid="attribution-disagreement">
                      {say(row.disagreement!)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {data.notes.length > 0 ? (
              <ul className="notes" data-testid="attribution-notes">
                {data.notes.map((note) => (
                  <li key={note.message.key}>{say(note)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </div>

      {by === 'creator' ? (
        <section className="card" data-testid="creator-roi">
          <div className="card-header">
            <div className="card-title-row">
              <h2>{t('attribution.creatorRoi')}</h2>
              <label className="inline-field">
                <span>{t('attribution.model')}</span>
                <select
                  value={roiModel}
                  data-testid="attribution-roi-model"
                  onChange={(event) =>
                    setSearch({ model: event.target.value === 'markov' ? null : event.target.value })
                  }
                >
                  {(creators.data?.models ?? MODELS).map((model) => (
                    <option key={model} value={model}>
                      {modelName(model)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          {creators.error ? (
            <ErrorState error={creators.error} onRetry={creators.reload} />
          ) : !creators.data ? (
            <Loading />
          ) : (
            <CreatorTable
              rows={creators.data.creators}
              model={roiModel}
              notes={creators.data.notes}
              say={say}
            />
          )}
        </section>
      ) : null}

      <section className="card" data-testid="attributed-measures">
        <div className="card-header">
          <h2>{t('attribution.measuresTitle')}</h2>
        </div>
        <p className="muted">{t('attribution.measuresBody')}</p>
        <div className="button-group">
          <Link
            href={exploreLink(['last_touch', 'markov', 'shapley'])}
            className="button"
            data-testid="attributed-explore"
          >
            {t('attribution.openExplore')}
          </Link>
          {canEdit ? (
            <button
              type="button"
              className="button"
              disabled={refresh.pending}
              data-testid="attribution-refresh"
              onClick={() =>
                void refresh.run(async () =>
                  setRefreshed(await attributionApi.refresh(workspace.id, lookback)),
                )
              }
            >
              {refresh.pending ? t('attribution.refreshing') : t('attribution.refresh', { days: lookback })}
            </button>
          ) : null}
        </div>
        {refresh.error ? <InlineError error={refresh.error} /> : null}
        {refreshed ? (
          <p className="muted small" data-testid="attribution-refreshed">
            {t('attribution.refreshed', {
              rows: formatValue(refreshed.rows, 'count', format),
              range: refreshed.window
                ? formatRange(refreshed.window.from, refreshed.window.to, format.locale)
                : '—',
            })}
          </p>
        ) : null}
      </section>
    </>
  );
}

function CreatorTable({
  rows,
  model,
  notes,
  say,
}: {
  rows: readonly CreatorRoiRow[];
  model: ModelId;
  notes: readonly SaidMessage[];
  say: (said: SaidMessage) => string;
}) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const [tierOnly, setTierOnly] = useState('');
  const figures = (row: CreatorRoiRow) => row.models.find((entry) => entry.model === model);
  const shown = tierOnly ? rows.filter((row) => row.tier === tierOnly) : rows;
  const tiers = [
    ...new Set(rows.map((row) => row.tier).filter((tier): tier is string => tier !== null)),
  ].sort();
  const columns: TableColumn<CreatorRoiRow>[] = [
    {
      key: 'creator',
      header: t('attribution.creator'),
      className: 'cell-name',
      sortValue: (row) => row.label ?? row.creator,
      render: (row) => row.label ?? row.creator,
    },
    {
      key: 'tier',
      header: t('compareTables.tier'),
      sortValue: (row) => row.tier,
      render: (row) =>
        row.tier ? (
          <StatusBadge tone="info">{t(`tier.${row.tier}`, { defaultValue: row.tier })}</StatusBadge>
        ) : (
          '—'
        ),
    },
    {
      key: 'fee',
      header: t('attribution.fee'),
      numeric: true,
      sortValue: (row) => row.fee,
      render: (row) => formatValue(row.fee, 'currency', format),
    },
    {
      key: 'conversions',
      header: t('attribution.attributedOrders'),
      numeric: true,
      sortValue: (row) => figures(row)?.conversions ?? null,
      render: (row) => formatValue(figures(row)?.conversions ?? null, 'number', format),
    },
    {
      key: 'value',
      header: t('attribution.attributedGmv'),
      numeric: true,
      sortValue: (row) => figures(row)?.value ?? null,
      render: (row) => formatValue(figures(row)?.value ?? null, 'currency', format),
    },
    {
      key: 'roi',
      header: t('attribution.roi'),
      numeric: true,
      sortValue: (row) => figures(row)?.roi ?? null,
      render: (row) => (
        <span data-testid="creator-roi-value">
          {formatValue(figures(row)?.roi ?? null, 'percent', format)}
        </span>
      ),
    },
    {
      key: 'cpo',
      header: t('attribution.costPerOrder'),
      numeric: true,
      sortValue: (row) => figures(row)?.costPerConversion ?? null,
      render: (row) => formatValue(figures(row)?.costPerConversion ?? null, 'currency', format),
    },
  ];
  return (
    <>
      {tiers.length > 1 ? (
        <div className="segmented segmented-small">
          <button type="button" className={tierOnly === '' ? 'active' : ''} onClick={() => setTierOnly('')}>
            {t('attribution.allTiers')}
          </button>
          {tiers.map((tier) => (
            <button
              key={tier}
              type="button"
              className={tierOnly === tier ? 'active' : ''}
              onClick={() => setTierOnly(tier)}
            >
              {t(`tier.${tier}`, { defaultValue: tier })}
            </button>
          ))}
        </div>
      ) : null}
      {shown.length === 0 ? (
        <Empty title={t('attribution.noCreators')} />
      ) : (
        <DataTable
          columns={columns}
          rows={shown}
          rowKey={(row) => row.creator}
          initialSort={{ key: 'value', order: 'desc' }}
          testId="creator-roi-table"
        />
      )}
      {notes.length > 0 ? (
        <ul className="notes">
          {notes.map((note) => (
            <li key={note.message.key}>{say(note)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
