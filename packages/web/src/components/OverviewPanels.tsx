/**
 * The overview's two parts, shared by the workspace page and the share-link page: KPI tiles
 * and the channel funnel with its weakest stage marked. In a workspace (not a share link) each
 * tile and funnel cell carries a "why?" action, and a funnel with one channel in scope is judged
 * against that channel's own history instead of a median of one.
 */
import type { Annotation } from '@markpi/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview, OverviewTile, PaceSummary, TargetListItem, WeakestLink } from '../api/types';
import { useLanguage } from '../i18n';
import { changeTone, type FormatContext, formatChange, formatPercent, formatValue } from '../lib/format';
import { isSingleChannel, judgeStages, type StageJudgement } from '../lib/funnel-history';
import type { WhyRequest } from '../lib/why';
import { AnomalySparkline } from './AnomalySparkline';
import { RagBadge } from './Badges';
import { NoteMarks } from './NoteMarks';
import { Sparkline } from './Sparkline';
import { WhyButton } from './Why';

export function channelLabel(
  t: (key: string, options?: { defaultValue: string }) => string,
  channel: string,
) {
  return t(`channel.${channel}`, { defaultValue: channel });
}

export function KpiTile({
  tile,
  format,
  target,
  why,
  anomaliesIn,
  notes,
}: {
  tile: OverviewTile;
  format: FormatContext;
  /** Notes marked on the line, where their days fall in it. */
  notes?: readonly Annotation[];
  /** The workspace whose monitor's anomalies the line shows (whole-workspace tiles only). */
  anomaliesIn?: string;
  /** The target covering this tile, with its pace, when one exists. */
  target?: { item: TargetListItem; pace: PaceSummary | null };
  /** The question "why?" asks about this tile; no action without one. */
  why?: WhyRequest;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const tone = changeTone(tile.change, tile.direction);
  const arrow = tile.change === null || tile.change === 0 ? '' : tile.change > 0 ? '▲' : '▼';
  const pace = target?.pace;
  return (
    <article className="tile" data-testid={`tile-${tile.kpi}`} data-kpi={tile.kpi}>
      <header className="tile-header">
        <h3 className="tile-name" title={tile.kpi}>
          {pick(tile.name)}
        </h3>
        {why ? <WhyButton request={why} kpiName={pick(tile.name)} /> : null}
        {pace ? (
          <RagBadge
            status={pace.status}
            title={t('overview.paceTitle', {
              status: t(`rag.${pace.status}`),
              index: formatPercent(pace.index, format.locale),
              scope: target.item.target.scope.label,
            })}
          />
        ) : null}
      </header>
      <div
        className="tile-value"
        data-testid="tile-value"
        title={formatValue(tile.value, tile.unit, format, { flag: tile.flag })}
      >
        {formatValue(tile.value, tile.unit, format, { compact: true, flag: tile.flag })}
      </div>
      <div className="tile-footer">
        <div>
          <span className={`change change-${tone}`} data-testid="tile-change">
            {arrow} {formatChange(tile.change, format.locale)}
          </span>
          <div className="tile-previous muted">
            {t('overview.vsPrevious', {
              value: formatValue(tile.previous, tile.unit, format, { compact: true }),
            })}
          </div>
        </div>
        <NoteMarks days={tile.sparkline.map((point) => point.date)} notes={notes ?? []}>
          {anomaliesIn ? (
            <AnomalySparkline workspaceId={anomaliesIn} kpi={tile.kpi} points={tile.sparkline} tone={tone} />
          ) : (
            <Sparkline points={tile.sparkline.map((point) => point.value)} tone={tone} />
          )}
        </NoteMarks>
      </div>
      {target ? (
        <div className="tile-target muted">
          {t('overview.target', {
            value: formatValue(target.item.target.value, tile.unit, format, { compact: true }),
            scope: target.item.target.scope.label,
          })}
        </div>
      ) : null}
    </article>
  );
}

export function TileGrid({
  overview,
  format,
  targetFor,
  whyFor,
  anomaliesIn,
  notes,
}: {
  overview: Overview;
  format: FormatContext;
  /** Notes whose days and scope the tiles' lines hold, marked on each line. */
  notes?: readonly Annotation[];
  /** The workspace whose anomalies the tiles' lines show; none on a share link or a filtered view. */
  anomaliesIn?: string;
  targetFor?: (tile: OverviewTile) => { item: TargetListItem; pace: PaceSummary | null } | undefined;
  /** The question a KPI's "why?" asks over the overview's period and scope. */
  whyFor?: (kpi: string) => WhyRequest;
}) {
  return (
    <section className="tile-grid" data-testid="tiles">
      {overview.tiles.map((tile) => {
        const target = targetFor?.(tile);
        const why = whyFor?.(tile.kpi);
        return (
          <KpiTile
            key={tile.kpi}
            tile={tile}
            format={format}
            {...(target ? { target } : {})}
            {...(why ? { why } : {})}
            {...(anomaliesIn ? { anomaliesIn } : {})}
            {...(notes ? { notes } : {})}
          />
        );
      })}
    </section>
  );
}

/** The weakest-link answer for a funnel of one channel, as it loads. */
export interface FunnelHistory {
  answer: WeakestLink | undefined;
  error: unknown;
}

export function FunnelPanel({
  overview,
  format,
  history,
  whyFor,
}: {
  overview: Overview;
  format: FormatContext;
  /** One channel in scope: its own history, judged by the weakest-link answer (absent on a share link). */
  history?: FunnelHistory;
  /** The question a cell's "why?" asks: its KPI within its channel. */
  whyFor?: (kpi: string, channel: string) => WhyRequest;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const { funnel } = overview;
  // A median of one channel is the channel itself: it says nothing about its steps.
  const alone = isSingleChannel(funnel);
  const judgements: StageJudgement[] = alone && history?.answer ? judgeStages(funnel, history.answer) : [];
  const judgementOf = (stage: string) => judgements.find((entry) => entry.stage === stage);
  const weakest = alone ? null : funnel.weakest;
  const rateOf = (stage: 'click' | 'conversion') => (stage === 'click' ? 'ctr' : 'cvr');
  const widest = Math.max(
    1,
    ...funnel.channels.map(
      (channel) => channel.stages.find((stage) => stage.stage === 'exposure')?.value ?? 0,
    ),
  );
  return (
    <section className="card" data-testid="funnel">
      <div className="card-header">
        <div>
          <h2>{t('overview.funnel')}</h2>
          <p className="muted">{alone ? t('funnelHistory.hint') : t('overview.funnelHint')}</p>
        </div>
        <div className="funnel-medians muted" hidden={alone}>
          {t('overview.rate.ctr')}{' '}
          {t('overview.median', { value: formatPercent(funnel.medians.ctr, format.locale, 2) })}
          {' · '}
          {t('overview.rate.cvr')}{' '}
          {t('overview.median', { value: formatPercent(funnel.medians.cvr, format.locale, 2) })}
        </div>
      </div>
      {alone ? (
        <HistoryCallout history={history} judgements={judgements} format={format} pick={pick} />
      ) : weakest ? (
        <div className="callout callout-bad" data-testid="weakest-callout">
          <strong>{t('overview.weakest')}:</strong>{' '}
          {t('overview.weakestCallout', {
            stage: t(`overview.stage.${weakest.stage}`),
            channel: channelLabel(t, weakest.channel),
            rate: formatPercent(
              funnel.channels
                .find((channel) => channel.channel === weakest.channel)
                ?.stages.find((stage) => stage.stage === weakest.stage)?.rate,
              format.locale,
              2,
            ),
            gap: formatPercent(1 - weakest.relativeToMedian, format.locale),
            median: formatPercent(funnel.medians[rateOf(weakest.stage)], format.locale, 2),
          })}
        </div>
      ) : (
        <div className="callout muted">{t('overview.noWeakest')}</div>
      )}
      <div className="table-wrap">
        <table className="funnel-table">
          <thead>
            <tr>
              <th scope="col">{t('overview.channel')}</th>
              <th scope="col">{t('overview.stage.exposure')}</th>
              <th scope="col">{t('overview.stage.click')}</th>
              <th scope="col">{t('overview.stage.conversion')}</th>
            </tr>
          </thead>
          <tbody>
            {funnel.channels.map((channel) => (
              <tr key={channel.channel} data-testid={`funnel-${channel.channel}`}>
                <th scope="row">{channelLabel(t, channel.channel)}</th>
                {channel.stages.map((stage) => {
                  const own = judgementOf(stage.stage);
                  // A channel's weakest stage matters only when it is below what it is judged by.
                  const weak = alone
                    ? own?.weakest === true
                    : channel.weakestStage === stage.stage && (stage.relativeToMedian ?? 1) < 1;
                  const relative = alone ? (own?.judged ? 1 + own.judged.gap : null) : stage.relativeToMedian;
                  const weakestHere = alone ? weak : stage.weakest;
                  const whyKpi = stage.rateKpi ?? stage.kpi;
                  const barShare =
                    stage.stage === 'exposure'
                      ? (stage.value ?? 0) / widest
                      : Math.min((relative ?? 0) / 2, 1);
                  return (
                    <td
                      key={stage.stage}
                      className={`funnel-cell${weak ? ' funnel-weak' : ''}${weakestHere ? ' funnel-weakest' : ''}`}
                      data-weak={weak || undefined}
                    >
                      <div className="funnel-value">
                        {whyFor ? (
                          <WhyButton
                            request={whyFor(whyKpi, channel.channel)}
                            kpiName={
                              stage.rateKpi
                                ? t(`overview.rate.${stage.rateKpi}`)
                                : t(`overview.stage.${stage.stage}`)
                            }
                            scope={channelLabel(t, channel.channel)}
                            testId={`why-funnel-${channel.channel}-${stage.stage}`}
                          />
                        ) : null}
                        {formatValue(stage.value, 'count', format, { compact: true })}
                        {stage.rateKpi ? (
                          <span className="funnel-rate">
                            {t(`overview.rate.${stage.rateKpi}`)}{' '}
                            {formatPercent(stage.rate, format.locale, 2)}
                          </span>
                        ) : null}
                      </div>
                      <div className="funnel-bar" aria-hidden="true">
                        <span
                          className={
                            stage.stage === 'exposure'
                              ? 'bar-volume'
                              : relative !== null && relative < 1
                                ? 'bar-below'
                                : 'bar-above'
                          }
                          style={{ width: `${Math.max(barShare * 100, 2)}%` }}
                        />
                        {stage.stage !== 'exposure' ? <span className="bar-median" /> : null}
                      </div>
                      {stage.rateKpi && relative !== null ? (
                        <div
                          className={`funnel-relative ${relative < 1 ? 'below' : 'above'}`}
                          data-testid="funnel-relative"
                        >
                          {alone && own?.judged
                            ? t('funnelHistory.vs', {
                                change: formatChange(own.judged.gap, format.locale),
                                basis: t(`funnelHistory.basis.${own.judged.basis}`),
                              })
                            : t('overview.vsMedian', { change: formatChange(relative - 1, format.locale) })}
                          {weakestHere ? <span className="weak-tag">{t('overview.weakest')}</span> : null}
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The callout of a funnel with one channel: its weakest step against its own history, said as
 * the weakest-link answer says it, with the step's figures; never a judgement against itself.
 */
function HistoryCallout({
  history,
  judgements,
  format,
  pick,
}: {
  history: FunnelHistory | undefined;
  judgements: readonly StageJudgement[];
  format: FormatContext;
  pick: (text: { en: string; zh?: string }) => string;
}) {
  const { t } = useTranslation();
  let body: ReactNode;
  let tone = 'callout muted';
  if (!history) body = t('funnelHistory.alone');
  else if (history.error)
    body = t('funnelHistory.failed', {
      message: history.error instanceof Error ? history.error.message : String(history.error),
    });
  else if (!history.answer) body = t('funnelHistory.loading');
  else {
    const weakest = judgements.find((entry) => entry.weakest);
    const unit =
      history.answer.channels[0]?.steps.find((step) => step.kpi === weakest?.kpi)?.unit ?? 'percent';
    tone = weakest ? 'callout callout-bad' : 'callout callout-good';
    body = (
      <>
        {weakest ? <strong>{t('overview.weakest')}: </strong> : null}
        <span data-testid="weakest-summary">{pick(history.answer.summary.text)}</span>
        {weakest?.judged ? (
          <div className="funnel-history" data-testid="weakest-detail">
            {t('funnelHistory.detail', {
              step: weakest.kpi
                ? t(`overview.rate.${weakest.kpi}`, { defaultValue: weakest.kpi })
                : weakest.stage,
              value: formatValue(weakest.value, unit, format),
              basis: t(`funnelHistory.basis.${weakest.judged.basis}`),
              reference: formatValue(weakest.judged.reference, unit, format),
            })}
          </div>
        ) : null}
      </>
    );
  }
  return (
    <div
      className={tone}
      data-testid="weakest-callout"
      data-judged="history"
      data-ready={Boolean(history?.answer || history?.error)}
    >
      {body}
    </div>
  );
}
