/**
 * Freshness in the header: the day the workspace's data runs through and, when sources are behind
 * the latest day, how many — opened, the monitor's note in the interface's language and each
 * source behind with its last day. Asked for when the workspace opens, every five minutes after,
 * and when the window comes back to the front (an import elsewhere moves it).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monitorApi } from '../api/monitor';
import { useLanguage } from '../i18n';
import { type Freshness, freshThrough, sourcesBehind } from '../lib/monitor';
import './monitor.css';

const POLL_MS = 5 * 60_000;

export function FreshnessChip({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const [freshness, setFreshness] = useState<Freshness | null>(null);

  useEffect(() => {
    let controller = new AbortController();
    const ask = () => {
      controller.abort();
      controller = new AbortController();
      monitorApi.freshness(workspaceId, controller.signal).then(
        setFreshness,
        // Nothing rather than an error in the header: the pages say what is wrong.
        () => undefined,
      );
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') ask();
    };
    setFreshness(null);
    ask();
    const timer = window.setInterval(ask, POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [workspaceId]);

  if (!freshness) return null;
  const through = freshThrough(freshness);
  const behind = sourcesBehind(freshness);
  const stale = behind.length > 0;
  const note = pick(freshness.note.text);
  return (
    <details
      className={`freshness${stale ? ' freshness-stale' : ''}`}
      data-testid="freshness"
      data-behind={behind.length}
    >
      <summary aria-label={`${t('monitor.freshness.label')}: ${note}`} title={note}>
        <span className="freshness-dot" aria-hidden="true" />
        <span data-testid="freshness-through">
          {through ? t('monitor.freshness.through', { day: through }) : t('monitor.freshness.noData')}
        </span>
        {stale ? (
          <span className="freshness-behind" data-testid="freshness-behind">
            {t('monitor.freshness.behind', { count: behind.length })}
          </span>
        ) : null}
      </summary>
      <div className="freshness-panel" role="status">
        <p data-testid="freshness-note">{note}</p>
        {stale ? (
          <ul className="freshness-sources">
            {behind.map((source) => (
              <li key={source.source} data-testid="freshness-source" data-source={source.source}>
                <strong>
                  {t('monitor.freshness.source', {
                    channel: t(`channel.${source.channel}`, { defaultValue: source.channel }),
                    account: source.account,
                  })}
                </strong>
                <span>{t('monitor.freshness.lastDay', { day: source.lastDay })}</span>
                <span className="freshness-days">
                  {t('monitor.freshness.daysBehind', { count: source.daysBehind })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="freshness-current">{t('monitor.freshness.allCurrent')}</p>
        )}
      </div>
    </details>
  );
}
