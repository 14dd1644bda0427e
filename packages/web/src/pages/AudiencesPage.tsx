/**
 * Audience assets (O-5A): stage sizes at the start of the first day and the end of the last,
 * drawn side by side with the flows into A3 the platform reports (A1 → A3, A2 → A3 and their
 * rates), every platform or one, and how the A3 pool grew before each promotion.
 */
import { sayCreators } from '@markpi/core';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { Chart, type ChartHandle, type ChartOption, FONT_FAMILY, PALETTE } from '../components/Chart';
import { ChartPngButton } from '../components/ChartPng';
import { type AudienceAnswer, creatorsApi, type Flows } from '../components/creators/api';
import { PageHeader } from '../components/Layout';
import { PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { audienceFlowCaption } from '../lib/chart-captions';
import { isDay, lastDays } from '../lib/dates';
import { formatPercent, formatRange, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { useSearchState } from '../router';

function flowChartOption(
  flows: Flows,
  names: { opening: string; closing: string; stage: (stage: string) => string; inflow: string },
  axis: (value: number) => string,
): ChartOption {
  const stages = flows.stages.map((entry) => names.stage(entry.stage));
  const inflow = flows.flows.find((flow) => flow.from === 'a1_a2')?.users ?? 0;
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 70, right: 20, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: stages },
    yAxis: { type: 'value', axisLabel: { formatter: axis } },
    series: [
      {
        name: names.opening,
        type: 'bar',
        data: flows.stages.map((entry) => entry.opening),
        itemStyle: { color: PALETTE[8] },
      },
      {
        name: names.closing,
        type: 'bar',
        data: flows.stages.map((entry) => entry.closing),
        itemStyle: { color: PALETTE[0] },
      },
      {
        // The reported transfers into A3, drawn on A3's place.
        name: names.inflow,
        type: 'bar',
        data: flows.stages.map((entry) => (entry.stage === 'a3' ? inflow : null)),
        itemStyle: { color: PALETTE[1] },
      },
    ],
  };
}

export function AudiencesPage() {
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
  const flowChart = useRef<ChartHandle>(null);
  const params = { ...(period ?? {}) };
  const answer = useResource(`${workspace.id}|audiences|${JSON.stringify(params)}`, (signal) =>
    creatorsApi.audiences(workspace.id, params, signal),
  );
  const data: AudienceAnswer | undefined = answer.data;
  const flows = data
    ? channel
      ? data.channels.find((entry) => entry.channel === channel)?.flows
      : data.total
    : undefined;
  const count = (value: number | null) => formatValue(value, 'count', format);
  const share = (value: number | null) => (value === null ? '—' : formatPercent(value, format.locale, 1));
  const stageName = (stage: string) => t(`audiences.stages.${stage}`);
  const option = useMemo(
    () =>
      flows
        ? flowChartOption(
            flows,
            {
              opening: t('audiences.opening'),
              closing: t('audiences.closing'),
              stage: stageName,
              inflow: t('audiences.flows'),
            },
            (value) => formatValue(value, 'count', format, { compact: true }),
          )
        : null,
    // Names follow the language; the answer is the data.
    [flows, language],
  );
  const say = (note: Flows['notes'][number]) => sayCreators(note, language === 'zh-CN' ? 'zh' : 'en');

  return (
    <>
      <PageHeader
        title={t('audiences.title')}
        subtitle={
          data
            ? t('audiences.subtitle', { range: formatRange(data.window.from, data.window.to, format.locale) })
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
            <span>{t('audiences.channel')}</span>
            <select
              value={channel}
              data-testid="audiences-channel"
              onChange={(event) => setSearch({ channel: event.target.value || null })}
            >
              <option value="">{t('audiences.all')}</option>
              {(data?.channels ?? []).map((entry) => (
                <option key={entry.channel} value={entry.channel}>
                  {dimensionValueLabel(t, 'channel', entry.channel)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {answer.error ? (
          <ErrorState error={answer.error} onRetry={answer.reload} />
        ) : !data ? (
          <Loading />
        ) : !flows || flows.stages.every((entry) => entry.closing === null || entry.closing === 0) ? (
          <Empty title={t('audiences.none')} />
        ) : (
          <div
            className={answer.loading ? 'refreshing' : undefined}
            data-testid="audiences-results"
            data-ready={!answer.loading}
          >
            <h2>{t('audiences.flowChart')}</h2>
            {option ? (
              <>
                <Chart ref={flowChart} option={option} height={320} label={t('audiences.flowChart')} />
                <ChartPngButton
                  chart={flowChart}
                  testId="audiences-png"
                  name={`o5a-${channel || 'all'}`}
                  caption={(words, place) =>
                    audienceFlowCaption(words, place, {
                      window: data.window,
                      platform: channel ? dimensionValueLabel(t, 'channel', channel) : null,
                    })
                  }
                />
              </>
            ) : null}
            <ul className="notes" data-testid="audience-flows">
              {flows.flows.map((flow) => (
                <li
                  key={flow.from}
                  data-testid={`audience-flow-${flow.from}`}
                  data-value={flow.rate ?? ''}
                  data-users={flow.users}
                >
                  {t('audiences.flowLine', {
                    from: stageName(flow.from),
                    users: count(flow.users),
                    rate: share(flow.rate),
                  })}
                </li>
              ))}
              {flows.a3.otherNet !== null ? (
                <li>{t('audiences.otherNet', { users: count(flows.a3.otherNet) })}</li>
              ) : null}
            </ul>
            <table className="data-table" data-testid="audience-stages">
              <thead>
                <tr>
                  <th>{t('audiences.stage')}</th>
                  <th className="numeric">{t('audiences.opening')}</th>
                  <th className="numeric">{t('audiences.closing')}</th>
                  <th className="numeric">{t('audiences.change')}</th>
                </tr>
              </thead>
              <tbody>
                {flows.stages.map((entry) => (
                  <tr key={entry.stage}>
                    <td>{stageName(entry.stage)}</td>
                    <td className="numeric">{count(entry.opening)}</td>
                    <td className="numeric">{count(entry.closing)}</td>
                    <td className="numeric">{share(entry.changeRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ul className="notes muted small" data-testid="audience-notes">
              {flows.notes.map((note) => (
                <li key={note.key}>{say(note)}</li>
              ))}
            </ul>
            {data.promotions.length > 0 ? (
              <>
                <h2>{t('audiences.promotions')}</h2>
                <table className="data-table" data-testid="audience-promotions">
                  <thead>
                    <tr>
                      <th>{t('audiences.promotion')}</th>
                      <th>{t('audiences.starts')}</th>
                      <th className="numeric">
                        {t('audiences.growthBefore', { days: data.promotions[0]!.growth.days })}
                      </th>
                      <th className="numeric">
                        {t('audiences.growthPrevious', { days: data.promotions[0]!.growth.days })}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.promotions.map((promotion) => (
                      <tr key={promotion.campaign}>
                        <td>{promotion.name ?? promotion.campaign}</td>
                        <td>{promotion.start}</td>
                        <td className="numeric">
                          {count(promotion.growth.before.growth)} ({share(promotion.growth.before.rate)})
                        </td>
                        <td className="numeric">
                          {count(promotion.growth.previous.growth)} ({share(promotion.growth.previous.rate)})
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}
