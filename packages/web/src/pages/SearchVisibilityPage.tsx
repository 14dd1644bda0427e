/**
 * Search visibility: per platform and tracked keyword, the brand's indexed posts and its share
 * of voice in the top ten results (own positive results / all top-ten results, core's
 * `creators/search.ts`), the daily trend of that share, and which creators' posts hold the
 * positions. One keyword is shown in detail at a time; the table picks it.
 */
import { sayCreators } from '@markpi/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { Chart, type ChartOption, FONT_FAMILY, PALETTE } from '../components/Chart';
import {
  creatorsApi,
  type KeywordVisibilityRow,
  type SearchVisibilityAnswer,
} from '../components/creators/api';
import { PageHeader } from '../components/Layout';
import { PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { isDay, lastDays } from '../lib/dates';
import { formatPercent, formatRange, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { Link, useSearchState } from '../router';

const keyOf = (row: Pick<KeywordVisibilityRow, 'channel' | 'keyword'>) => `${row.channel}|${row.keyword}`;

function trendOption(
  row: KeywordVisibilityRow,
  name: string,
  percent: (value: number) => string,
): ChartOption {
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => percent(Number(value)) },
    grid: { left: 60, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', data: row.trend.map((point) => point.date) },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: percent } },
    series: [
      {
        name,
        type: 'line',
        showSymbol: row.trend.length < 40,
        data: row.trend.map((point) => point.shareOfVoice),
        itemStyle: { color: PALETTE[0] },
        areaStyle: { opacity: 0.12 },
      },
    ],
  };
}

export function SearchVisibilityPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, format } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const from = search.get('from');
  const to = search.get('to');
  const period =
    from && to && isDay(from) && isDay(to) ? { from, to } : lastDay ? lastDays(lastDay, 30) : null;
  const channel = search.get('channel') ?? '';
  const params = { ...(period ?? {}), ...(channel ? { channel } : {}) };
  const answer = useResource(`${workspace.id}|search-visibility|${JSON.stringify(params)}`, (signal) =>
    creatorsApi.searchVisibility(workspace.id, params, signal),
  );
  const data: SearchVisibilityAnswer | undefined = answer.data;
  // The keyword in detail: the one picked, else the one with the most top-ten results.
  const focus = search.get('focus');
  const rows = data?.keywords ?? [];
  const busiest = [...rows].sort((a, b) => b.top10Results - a.top10Results)[0];
  const shown = rows.find((row) => keyOf(row) === focus) ?? busiest;
  const count = (value: number | null) => formatValue(value, 'count', format);
  const share = (value: number | null) => (value === null ? '—' : formatPercent(value, format.locale, 1));
  // A change of a share, in percentage points.
  const points = (value: number | null) =>
    value === null
      ? '—'
      : t('search.points', { value: `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}` });
  const option = useMemo(
    () =>
      shown && shown.trend.length > 0
        ? trendOption(shown, t('search.shareOfVoice'), (value) => formatPercent(value, format.locale, 0))
        : null,
    // Names follow the language; the answer is the data.
    [shown, language],
  );
  const say = (note: SearchVisibilityAnswer['notes'][number]) =>
    sayCreators(note, language === 'zh-CN' ? 'zh' : 'en');
  const channels = [...new Set(rows.map((row) => row.channel))];

  return (
    <>
      <PageHeader
        title={t('search.title')}
        subtitle={
          data
            ? t('search.subtitle', { range: formatRange(data.window.from, data.window.to, format.locale) })
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
      <div className="card">
        <div className="field-row">
          <label className="inline-field">
            <span>{t('search.channel')}</span>
            <select
              value={channel}
              data-testid="search-channel"
              onChange={(event) => setSearch({ channel: event.target.value || null, focus: null })}
            >
              <option value="">{t('search.all')}</option>
              {(channel ? [channel] : channels).map((entry) => (
                <option key={entry} value={entry}>
                  {dimensionValueLabel(t, 'channel', entry)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {answer.error ? (
          <ErrorState error={answer.error} onRetry={answer.reload} />
        ) : !data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <Empty title={t('search.none')} />
        ) : (
          <div
            className={answer.loading ? 'refreshing' : undefined}
            data-testid="search-results"
            data-ready={!answer.loading}
          >
            <table className="data-table" data-testid="search-keywords">
              <thead>
                <tr>
                  <th>{t('search.platform')}</th>
                  <th>{t('search.keyword')}</th>
                  <th className="numeric">{t('search.snapshots')}</th>
                  <th className="numeric">{t('search.indexedPosts')}</th>
                  <th className="numeric">{t('search.top10')}</th>
                  <th className="numeric">{t('search.ownPositive')}</th>
                  <th className="numeric">{t('search.shareOfVoice')}</th>
                  <th className="numeric">{t('search.trendPerWeek')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={keyOf(row)}
                    data-testid={`search-row-${keyOf(row)}`}
                    className={shown && keyOf(shown) === keyOf(row) ? 'selected' : undefined}
                  >
                    <td>{dimensionValueLabel(t, 'channel', row.channel)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        title={t('search.pick')}
                        onClick={() => setSearch({ focus: keyOf(row) })}
                      >
                        {row.keyword}
                      </button>
                    </td>
                    <td className="numeric">{count(row.snapshots)}</td>
                    <td className="numeric">{count(row.indexedPosts)}</td>
                    <td className="numeric">{count(row.top10Results)}</td>
                    <td className="numeric">{count(row.ownPositiveTop10)}</td>
                    <td className="numeric" data-value={row.shareOfVoice ?? ''}>
                      {share(row.shareOfVoice)}
                    </td>
                    <td className="numeric" data-value={row.trendPerWeek ?? ''}>
                      {points(row.trendPerWeek)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown ? (
              <>
                <h2 data-testid="search-trend-title">
                  {t('search.trendChart', {
                    keyword: shown.keyword,
                    channel: dimensionValueLabel(t, 'channel', shown.channel),
                  })}
                </h2>
                {option ? (
                  <Chart
                    option={option}
                    height={260}
                    label={t('search.trendChart', {
                      keyword: shown.keyword,
                      channel: dimensionValueLabel(t, 'channel', shown.channel),
                    })}
                  />
                ) : null}
                <h2>
                  {t('search.holders', {
                    keyword: shown.keyword,
                    channel: dimensionValueLabel(t, 'channel', shown.channel),
                  })}
                </h2>
                {shown.holders.length === 0 ? (
                  <p className="muted">{t('search.noHolders')}</p>
                ) : (
                  <table className="data-table" data-testid="search-holders">
                    <thead>
                      <tr>
                        <th>{t('search.creator')}</th>
                        <th>{t('search.tier')}</th>
                        <th className="numeric">{t('search.results')}</th>
                        <th className="numeric">{t('search.shareOfPage')}</th>
                        <th className="numeric">{t('search.averagePositions')}</th>
                        <th className="numeric">{t('search.indexedPosts')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.holders.map((holder) => (
                        <tr key={holder.creator} data-testid={`search-holder-${holder.creator}`}>
                          <td>
                            <Link
                              href={`/workspaces/${encodeURIComponent(workspace.id)}/creators/${encodeURIComponent(holder.creator)}`}
                            >
                              {holder.label ?? holder.creator}
                            </Link>
                          </td>
                          <td>{t(`search.tiers.${holder.tier ?? 'none'}`)}</td>
                          <td className="numeric">{count(holder.top10Results)}</td>
                          <td className="numeric" data-value={holder.top10Share ?? ''}>
                            {share(holder.top10Share)}
                          </td>
                          <td className="numeric">
                            {holder.averagePositions === null
                              ? '—'
                              : formatValue(holder.averagePositions, 'number', format)}
                          </td>
                          <td className="numeric">{count(holder.indexedPosts)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            ) : null}
            <ul className="notes muted small" data-testid="search-notes">
              {data.notes.map((note) => (
                <li key={note.key}>{say(note)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}
