/**
 * Creators: each tier's leaderboard with the KPIs the tier is judged by, a minimum cost below
 * which a creator is listed but not ranked, the cost-versus-result quadrant and re-hire signals;
 * and a creator's page (`/creators/:creator`): category, agency and accounts per platform from
 * the registry, standing against the tier's medians, cost against fees, the daily curve and every
 * post. The question lives in the URL, so a view can be shared.
 */
import { addDays, type CreatorMetric, type CreatorTier, sayCreators } from '@markpi/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { Chart, type ChartHandle, type ChartOption, FONT_FAMILY, PALETTE } from '../components/Chart';
import { ChartPngButton } from '../components/ChartPng';
import {
  type CreatorPageAnswer,
  creatorsApi,
  type LeaderboardRow,
  type Said,
} from '../components/creators/api';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { channelLabel } from '../components/OverviewPanels';
import { PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { creatorCurveCaption } from '../lib/chart-captions';
import { isDay, lastDays } from '../lib/dates';
import { formatRange, formatValue, type KpiUnit } from '../lib/format';
import { Link, useSearchState } from '../router';

const PERCENT = new Set<CreatorMetric>([
  'engagement_rate',
  'viral_rate',
  'viral_rate_5k',
  'completion_rate_5s',
  'completion_rate_50',
  'save_rate',
  'share_of_voice',
]);
/** The tiers in tab order (core's list lives with the fact model, which the dashboard does not load). */
const CREATOR_TIERS: readonly CreatorTier[] = ['kol', 'kos', 'koc'];
const metricUnit = (metric: CreatorMetric): KpiUnit =>
  PERCENT.has(metric) ? 'percent' : metric === 'effective_indexed_posts' ? 'count' : 'currency';

function usePeriod() {
  const { workspace } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const from = search.get('from');
  const to = search.get('to');
  const period =
    from && to && isDay(from) && isDay(to) ? { from, to } : lastDay ? lastDays(lastDay, 30) : null;
  return { period, lastDay, search, setSearch };
}

export function CreatorsPage({ creator }: { creator?: string | undefined }) {
  return creator ? <CreatorDetail key={creator} creator={creator} /> : <CreatorLeaderboard />;
}

function useSay() {
  const { language } = useLanguage();
  return (said: Said) => sayCreators(said, language === 'zh-CN' ? 'zh' : 'en');
}

function CreatorLeaderboard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, format } = useWorkspace();
  const { period, lastDay, search, setSearch } = usePeriod();
  const say = useSay();
  const tier: CreatorTier = (CREATOR_TIERS as readonly string[]).includes(search.get('tier') ?? '')
    ? (search.get('tier') as CreatorTier)
    : 'kol';
  const minSpendParam = Number(search.get('minSpend') ?? '0');
  const minSpend = Number.isFinite(minSpendParam) && minSpendParam >= 0 ? minSpendParam : 0;
  const [minSpendText, setMinSpendText] = useState(minSpend > 0 ? String(minSpend) : '');
  const params = { ...(period ?? {}), tier, ...(minSpend > 0 ? { minSpend } : {}) };
  const answer = useResource(`${workspace.id}|creators|${JSON.stringify(params)}`, (signal) =>
    creatorsApi.leaderboards(workspace.id, params, signal),
  );
  const board = answer.data?.boards[0];
  const money = (value: number | null) => formatValue(value, 'currency', format);
  const metricCell = (metric: CreatorMetric, value: number | null) =>
    formatValue(value, metricUnit(metric), format);
  const href = (id: string) =>
    `/workspaces/${encodeURIComponent(workspace.id)}/creators/${encodeURIComponent(id)}${
      period ? `?from=${period.from}&to=${period.to}${minSpend > 0 ? `&minSpend=${minSpend}` : ''}` : ''
    }`;

  const columns: TableColumn<LeaderboardRow>[] = board
    ? [
        {
          key: 'rank',
          header: t('creators.rank'),
          numeric: true,
          sortValue: (row) => row.rank,
          render: (row) => (
            <span data-testid="creator-rank" data-value={row.rank ?? ''}>
              {row.rank ?? '—'}
            </span>
          ),
        },
        {
          key: 'creator',
          header: t('creators.creator'),
          className: 'cell-name',
          sortValue: (row) => row.label ?? row.creator,
          render: (row) => (
            <Link href={href(row.creator)} data-testid="creator-link" data-creator={row.creator}>
              {row.label ?? row.creator}
            </Link>
          ),
        },
        {
          key: 'posts',
          header: t('creators.posts'),
          numeric: true,
          sortValue: (row) => row.posts,
          render: (row) => row.posts,
        },
        {
          key: 'cost',
          header: t('creators.cost'),
          numeric: true,
          sortValue: (row) => row.cost,
          render: (row) => (
            <span data-testid="creator-cost" data-value={row.cost}>
              {money(row.cost)}
            </span>
          ),
        },
        ...board.metrics.map(
          (metric): TableColumn<LeaderboardRow> => ({
            key: metric,
            header: t(`creators.metrics.${metric}`),
            numeric: true,
            title: metric,
            sortValue: (row) => row.values[metric],
            render: (row) => (
              <span data-testid={`metric-${metric}`} data-value={row.values[metric] ?? ''}>
                {metricCell(metric, row.values[metric])}
              </span>
            ),
          }),
        ),
        {
          key: 'quadrant',
          header: t('creators.quadrant'),
          render: (row) => (row.quadrant ? t(`creators.quadrants.${row.quadrant}`) : '—'),
        },
        {
          key: 'rehire',
          header: t('creators.rehire'),
          render: (row) =>
            row.rehire.signal ? (
              <span title={say(row.rehire.reason)} data-testid="rehire-badge">
                <StatusBadge tone="good">{t('creators.rehireYes')}</StatusBadge>
              </span>
            ) : (
              <span className="muted small">{say(row.rehire.reason)}</span>
            ),
        },
      ]
    : [];

  const tabHref = (next: CreatorTier) => {
    const query = new URLSearchParams(search);
    query.set('tier', next);
    return `/workspaces/${encodeURIComponent(workspace.id)}/creators?${query.toString()}`;
  };
  void language;

  return (
    <>
      <PageHeader
        title={t('creators.title')}
        subtitle={
          answer.data
            ? t('creators.subtitle', {
                range: formatRange(answer.data.window.from, answer.data.window.to, format.locale),
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
      <nav className="tabs" aria-label={t('creators.title')}>
        {CREATOR_TIERS.map((key) => (
          <Link
            key={key}
            href={tabHref(key)}
            className={`tab${key === tier ? ' active' : ''}`}
            aria-current={key === tier ? 'page' : undefined}
            data-testid={`creators-tier-${key}`}
          >
            {t(`creators.tiers.${key}`)}
          </Link>
        ))}
      </nav>
      <div className="card">
        <form
          className="field-row"
          onSubmit={(event) => {
            event.preventDefault();
            const value = Number(minSpendText);
            setSearch({ minSpend: Number.isFinite(value) && value > 0 ? String(value) : null });
          }}
        >
          <label className="inline-field" title={t('creators.minSpendHint')}>
            <span>{t('creators.minSpend')}</span>
            <input
              name="minSpend"
              inputMode="decimal"
              value={minSpendText}
              data-testid="creators-min-spend"
              onChange={(event) => setMinSpendText(event.target.value)}
              onBlur={() => {
                const value = Number(minSpendText);
                setSearch({ minSpend: Number.isFinite(value) && value > 0 ? String(value) : null });
              }}
            />
          </label>
          <span className="muted small">{t('creators.minSpendHint')}</span>
        </form>
        {answer.error ? (
          <ErrorState error={answer.error} onRetry={answer.reload} />
        ) : !board ? (
          <Loading />
        ) : board.ranked.length + board.belowCut.length === 0 ? (
          <Empty title={t('creators.none')} />
        ) : (
          <div
            className={answer.loading ? 'refreshing' : undefined}
            data-testid="creators-results"
            data-ready={!answer.loading}
            data-tier={board.tier}
            data-min-spend={board.minSpend}
          >
            <DataTable
              columns={columns}
              rows={board.ranked}
              rowKey={(row) => row.creator}
              testId="creators-table"
            />
            <p className="muted small" data-testid="creators-medians">
              {t('creators.median')}:{' '}
              {board.metrics
                .map(
                  (metric) =>
                    `${t(`creators.metrics.${metric}`)} ${metricCell(metric, board.medians[metric])}`,
                )
                .join(' · ')}
            </p>
            {board.belowCut.length > 0 ? (
              <>
                <h3>{t('creators.belowCut')}</h3>
                <DataTable
                  columns={columns}
                  rows={board.belowCut}
                  rowKey={(row) => row.creator}
                  testId="creators-below-cut"
                />
              </>
            ) : null}
            {[...board.notes, ...(answer.data?.notes ?? [])].length > 0 ? (
              <ul className="notes" data-testid="creators-notes">
                {[...board.notes, ...(answer.data?.notes ?? [])].map((note) => (
                  <li key={note.key}>{say(note)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}

function curveOption(
  page: CreatorPageAnswer,
  names: { views: string; interactions: string; likes: string },
  axis: (value: number) => string,
): ChartOption {
  // Every day of the window, so days without activity show as zero rather than vanish.
  const byDay = new Map(page.curve.map((point) => [point.date, point]));
  const days: string[] = [];
  for (let day = page.window.from; day <= page.window.to; day = addDays(day, 1)) days.push(day);
  const series = (['views', 'interactions', 'likes'] as const).map((key, index) => ({
    name: names[key],
    type: 'line',
    showSymbol: false,
    data: days.map((day) => byDay.get(day)?.[key] ?? 0),
    lineStyle: { color: PALETTE[index] },
    itemStyle: { color: PALETTE[index] },
  }));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', axisLabel: { formatter: axis } },
    series,
  };
}

function CreatorDetail({ creator }: { creator: string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, format } = useWorkspace();
  const { period, search } = usePeriod();
  const say = useSay();
  const curveChart = useRef<ChartHandle>(null);
  const minSpend = Number(search.get('minSpend') ?? '0');
  const params = { ...(period ?? {}), ...(minSpend > 0 ? { minSpend } : {}) };
  const answer = useResource(`${workspace.id}|creator|${creator}|${JSON.stringify(params)}`, (signal) =>
    creatorsApi.page(workspace.id, creator, params, signal),
  );
  const page = answer.data;
  const money = (value: number | null) => formatValue(value, 'currency', format);
  const count = (value: number | null) => formatValue(value, 'count', format);
  const option = useMemo(
    () =>
      page
        ? curveOption(
            page,
            {
              views: t('creators.views'),
              interactions: t('creators.interactions'),
              likes: t('creators.likes'),
            },
            (value) => formatValue(value, 'count', format, { compact: true }),
          )
        : null,
    // Names follow the language; the page is the data.
    [page, language],
  );
  const back = `/workspaces/${encodeURIComponent(workspace.id)}/creators${
    page?.tier ? `?tier=${page.tier}${period ? `&from=${period.from}&to=${period.to}` : ''}` : ''
  }`;
  const postColumns: TableColumn<CreatorPageAnswer['posts'][number]>[] = [
    {
      key: 'published',
      header: t('creators.published'),
      sortValue: (row) => row.publishedOn,
      render: (row) => row.publishedOn ?? '—',
    },
    {
      key: 'title',
      header: t('creators.postTitle'),
      className: 'cell-name',
      render: (row) => row.title ?? row.content,
    },
    {
      key: 'fee',
      header: t('creators.fee'),
      numeric: true,
      sortValue: (row) => row.fee,
      render: (row) => money(row.fee),
    },
    {
      key: 'spend',
      header: t('creators.spend'),
      numeric: true,
      sortValue: (row) => row.spend,
      render: (row) => money(row.spend),
    },
    {
      key: 'views',
      header: t('creators.views'),
      numeric: true,
      sortValue: (row) => row.views,
      render: (row) => count(row.views),
    },
    {
      key: 'likes',
      header: t('creators.likes'),
      numeric: true,
      sortValue: (row) => row.likes,
      render: (row) => count(row.likes),
    },
    {
      key: 'interactions',
      header: t('creators.interactions'),
      numeric: true,
      sortValue: (row) => row.interactions,
      render: (row) => count(row.interactions),
    },
    {
      key: 'cpe',
      header: t('creators.metrics.cpe'),
      numeric: true,
      sortValue: (row) => row.cpe,
      render: (row) => money(row.cpe),
    },
  ];
  if (answer.error) return <ErrorState error={answer.error} onRetry={answer.reload} />;
  if (!page) return <Loading />;
  const metrics = page.standing
    ? (Object.keys(page.standing.values) as CreatorMetric[]).filter(
        (metric) => page.standing!.values[metric] !== null || page.medians?.[metric] !== null,
      )
    : [];
  return (
    <>
      <PageHeader
        title={page.creator.label}
        subtitle={t('creators.pageSubtitle', {
          tier: page.tier ? t(`creators.tiers.${page.tier}`) : '—',
          channel: page.creator.channel ?? '—',
          range: formatRange(page.window.from, page.window.to, format.locale),
        })}
        actions={<Link href={back}>{t('creators.back')}</Link>}
      />
      <div
        className="card"
        data-testid="creator-page"
        data-ready={!answer.loading}
        data-creator={page.creator.creator}
      >
        {page.notes && page.notes.length > 0 ? (
          <ul className="notes" data-testid="creator-page-notes">
            {page.notes.map((note) => (
              <li key={note.key}>{say(note)}</li>
            ))}
          </ul>
        ) : null}
        <p data-testid="creator-cost-vs-fee" data-value={page.cost.total}>
          {t('creators.costVsFee', {
            fee: money(page.cost.fee),
            spend: money(page.cost.spend),
            total: money(page.cost.total),
          })}
        </p>
        {page.cost.bySource.length > 0 ? (
          <p className="muted small">
            {t('creators.feeSources')}:{' '}
            {page.cost.bySource
              .map(
                (entry) =>
                  `${t(`creators.sources.${entry.source}`, { defaultValue: entry.source })} ${money(entry.fee)}`,
              )
              .join(' · ')}
          </p>
        ) : null}
        {page.standing ? (
          <>
            <p data-testid="creator-standing" data-rank={page.standing.rank ?? ''}>
              {page.standing.rank === null
                ? t('creators.unranked')
                : t('creators.standing', { rank: page.standing.rank })}
              {' · '}
              {say(page.standing.rehire.reason)}
            </p>
            <table className="data-table" data-testid="creator-medians">
              <thead>
                <tr>
                  <th>{t('creators.againstMedian')}</th>
                  <th className="numeric">{t('creators.value')}</th>
                  <th className="numeric">{t('creators.median')}</th>
                </tr>
              </thead>
              <tbody>
                {metrics.map((metric) => (
                  <tr key={metric}>
                    <td>{t(`creators.metrics.${metric}`)}</td>
                    <td className="numeric">
                      {formatValue(page.standing!.values[metric], metricUnit(metric), format)}
                    </td>
                    <td className="numeric">
                      {formatValue(page.medians?.[metric] ?? null, metricUnit(metric), format)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </div>
      <section className="card" data-testid="creator-profile">
        <h2>{t('creators.profile')}</h2>
        <p>
          {t('creators.category')}: <span data-testid="creator-category">{page.creator.category ?? '—'}</span>
          {' · '}
          {t('creators.agency')}:{' '}
          <span data-testid="creator-agency">{page.creator.agency ?? t('creators.noAgency')}</span>
        </p>
        {page.creator.accounts.length > 0 ? (
          <table className="data-table" data-testid="creator-accounts">
            <thead>
              <tr>
                <th>{t('creators.platform')}</th>
                <th>{t('creators.account')}</th>
                <th className="numeric">{t('creators.followers')}</th>
              </tr>
            </thead>
            <tbody>
              {page.creator.accounts.map((account) => (
                <tr
                  key={`${account.channel}|${account.account}`}
                  data-channel={account.channel}
                  data-followers={account.followers ?? ''}
                >
                  <td>{channelLabel(t, account.channel)}</td>
                  <td>
                    {account.link ? (
                      <a href={account.link} target="_blank" rel="noopener noreferrer">
                        {account.accountName ?? account.account}
                      </a>
                    ) : (
                      (account.accountName ?? account.account)
                    )}{' '}
                    <span className="muted small">{account.account}</span>
                  </td>
                  <td className="numeric">{count(account.followers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('creators.noAccounts')}</p>
        )}
      </section>
      <section className="card">
        <h2>{t('creators.curve')}</h2>
        {option && page.curve.length > 0 ? (
          <>
            <Chart ref={curveChart} option={option} height={280} label={t('creators.curve')} />
            <ChartPngButton
              chart={curveChart}
              testId="creator-curve-png"
              name={`${creator}-curve`}
              caption={(words, place) =>
                creatorCurveCaption(words, place, { label: page.creator.label, window: page.window })
              }
            />
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>{t('creators.postsTitle')}</h2>
        <DataTable
          columns={postColumns}
          rows={page.posts}
          rowKey={(row) => row.content}
          testId="creator-posts"
        />
      </section>
      {page.keywords.length > 0 ? (
        <section className="card">
          <h2>{t('creators.keywords')}</h2>
          <table className="data-table" data-testid="creator-keywords">
            <thead>
              <tr>
                <th>{t('creators.keyword')}</th>
                <th className="numeric">{t('creators.metrics.effective_indexed_posts')}</th>
                <th className="numeric">{t('creators.top10Held')}</th>
                <th className="numeric">{t('creators.metrics.share_of_voice')}</th>
              </tr>
            </thead>
            <tbody>
              {page.keywords.map((entry) => (
                <tr key={`${entry.channel}|${entry.keyword}`}>
                  <td>
                    {entry.keyword} <span className="muted small">{entry.channel}</span>
                  </td>
                  <td className="numeric">{count(entry.indexedPosts)}</td>
                  <td className="numeric">
                    {count(entry.top10Results)} / {count(entry.keywordTop10)}
                  </td>
                  <td className="numeric">{formatValue(entry.shareOfVoice, 'percent', format)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card">
        <h2>{t('creators.attributed')}</h2>
        {page.attributed ? (
          <p>{page.attributed.map((entry) => `${entry.model} ${money(entry.value)}`).join(' · ')}</p>
        ) : (
          <p className="muted">{t('creators.noAttributed')}</p>
        )}
      </section>
    </>
  );
}
