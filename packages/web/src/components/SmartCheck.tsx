/**
 * A target's SMART check: each letter rated pass, warn or fail, with the server's reason said in
 * the interface's language from its message (the English `reason` when there are no words for it).
 */
import { useTranslation } from 'react-i18next';
import type { TargetCheck } from '../api/types';
import { useWorkspace } from '../context';
import { useSayMessage } from '../i18n';

const LETTERS = { specific: 'S', measurable: 'M', attainable: 'A', relevant: 'R', time_bound: 'T' } as const;

export function SmartCheck({ check, title }: { check: TargetCheck; title?: string }) {
  const { t } = useTranslation();
  const { kpiName } = useWorkspace();
  const say = useSayMessage(kpiName);
  return (
    <section className="card" data-testid="smart-check" data-overall={check.overall}>
      <div className="card-header">
        <div>
          <h2>{title ?? t('targets.smart')}</h2>
          {check.position ? (
            <p className="muted" data-testid="smart-summary">
              {say(check.position.messages?.summary, check.position.summary)}
            </p>
          ) : null}
        </div>
        <span className={`smart-rating smart-${check.overall}`}>{t(`targets.ratings.${check.overall}`)}</span>
      </div>
      <ul className="smart-letters">
        {check.letters.map((entry) => (
          <li
            key={entry.letter}
            className={`smart-${entry.rating}`}
            data-testid={`smart-${entry.letter}`}
            data-rating={entry.rating}
          >
            <span className="smart-letter" aria-hidden="true">
              {LETTERS[entry.letter]}
            </span>
            <div>
              <div className="smart-name">
                {t(`targets.letters.${entry.letter}`)} · {t(`targets.ratings.${entry.rating}`)}
              </div>
              <div className="muted small" data-testid="smart-reason" data-key={entry.message?.key}>
                {say(entry.message, entry.reason)}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
