/**
 * The overview's two parts, shared by the workspace page and the share-link page: KPI tiles
 * and the channel funnel with its weakest stage marked.
 */
import { useTranslation } from 'react-i18next';
import type { Overview, OverviewTile, PaceSummary, TargetListItem } from '../api/types';
import { useLanguage } from '../i18n';
import { changeTone, type FormatContext, formatChange, formatPercent, formatValue } from '../lib/format';
import { RagBadge } from './Badges';
import { Sparkline } from './Sparkline';

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
}: {
  tile: OverviewTile;
  format: FormatContext;
  /** The target covering this tile, with its pace, when one exists. */
  target?: { item: TargetListItem; pace: PaceSummary | null };
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
        <Sparkline points={tile.sparkline.map((point) => point.value)} tone={tone} />
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
}: {
  overview: Overview;
  format: FormatContext;
  targetFor?: (tile: OverviewTile) => { item: TargetListItem; pace: PaceSummary | null } | undefined;
}) {
  return (
    <section className="tile-grid" data-testid="tiles">
      {overview.tiles.map((tile) => {
        const target = targetFor?.(tile);
        return <KpiTile key={tile.kpi} tile={tile} format={format} {...(target ? { target } : {})} />;
      })}
    </section>
  );
}

export function FunnelPanel({ overview, format }: { overview: Overview; format: FormatContext }) {
  const { t } = useTranslation();
  const { funnel } = overview;
  const weakest = funnel.weakest;
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
          <p className="muted">{t('overview.funnelHint')}</p>
        </div>
        <div className="funnel-medians muted">
          {t('overview.rate.ctr')}{' '}
          {t('overview.median', { value: formatPercent(funnel.medians.ctr, format.locale, 2) })}
          {' · '}
          {t('overview.rate.cvr')}{' '}
          {t('overview.median', { value: formatPercent(funnel.medians.cvr, format.locale, 2) })}
        </div>
      </div>
      {weakest ? (
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
                  // A channel's weakest stage matters only when it is below the typical channel.
                  const weak = channel.weakestStage === stage.stage && (stage.relativeToMedian ?? 1) < 1;
                  const relative = stage.relativeToMedian;
                  const barShare =
                    stage.stage === 'exposure'
                      ? (stage.value ?? 0) / widest
                      : Math.min((relative ?? 0) / 2, 1);
                  return (
                    <td
                      key={stage.stage}
                      className={`funnel-cell${weak ? ' funnel-weak' : ''}${stage.weakest ? ' funnel-weakest' : ''}`}
                      data-weak={weak || undefined}
                    >
                      <div className="funnel-value">
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
                        <div className={`funnel-relative ${relative < 1 ? 'below' : 'above'}`}>
                          {t('overview.vsMedian', { change: formatChange(relative - 1, format.locale) })}
                          {stage.weakest ? <span className="weak-tag">{t('overview.weakest')}</span> : null}
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
