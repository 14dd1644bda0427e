/**
 * The answer to "why did it move?": the server's explanation of one KPI's change (core's exact
 * splits, the application's findings and advice) laid out beside the page it was asked from —
 * what changed, the ranked drivers with their paths and shares, the formula's factors, the
 * findings and what to do. Sentences are the server's, said in both languages; numbers are
 * formatted here by the KPI's unit.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { ChangeExplanation, Said } from '../api/types';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { changeTone, formatChange, formatRange, formatValue } from '../lib/format';
import { barLengths, formatDelta, type WhyRequest } from '../lib/why';
import { ErrorState, Loading } from './States';

export function WhyPanel({ request, onClose }: { request: WhyRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, kpiName } = useWorkspace();
  const heading = useRef<HTMLHeadingElement>(null);
  const answer = useResource(`why|${workspace.id}|${JSON.stringify(request)}`, (signal) =>
    api.why(
      workspace.id,
      {
        kpi: request.kpi,
        from: request.from,
        to: request.to,
        compare: request.compare,
        ...(request.filter ? { filter: request.filter } : {}),
      },
      signal,
    ),
  );

  useEffect(() => {
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <>
      <div className="why-backdrop" aria-hidden="true" onClick={onClose} />
      <aside
        className="why-panel"
        role="dialog"
        aria-labelledby="why-title"
        data-testid="why-panel"
        data-ready={Boolean(answer.data) && !answer.loading}
        data-kpi={request.kpi}
      >
        <header className="why-header">
          <h2 id="why-title" ref={heading} tabIndex={-1}>
            {t('why.title', { kpi: kpiName(request.kpi) })}
          </h2>
          <button
            type="button"
            className="button button-ghost why-close"
            onClick={onClose}
            aria-label={t('why.close')}
            data-testid="why-close"
          >
            ×
          </button>
        </header>
        <div className="why-body">
          {answer.error ? (
            <ErrorState error={answer.error} onRetry={answer.reload} />
          ) : !answer.data ? (
            <Loading />
          ) : (
            <Explanation answer={answer.data} />
          )}
        </div>
      </aside>
    </>
  );
}

function SaidList({ items, testId }: { items: readonly Said[]; testId?: string }) {
  const { pick } = useLanguage();
  if (items.length === 0) return null;
  return (
    <ul className="why-said" data-testid={testId}>
      {items.map((item, index) => (
        <li key={`${item.message.key}-${index}`}>{pick(item.text)}</li>
      ))}
    </ul>
  );
}

function Explanation({ answer }: { answer: ChangeExplanation }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const { format, kpi: kpiOf } = useWorkspace();
  const unit = answer.kpi.unit;
  const points = (value: string) => t('why.points', { value });
  const delta = (value: number | null | undefined, deltaUnit = unit) =>
    formatDelta(value, deltaUnit, format, points);
  const tone = changeTone(answer.change, answer.kpi.direction);
  const segments = answer.segments;
  const drivers = segments?.drivers ?? [];
  const driverBars = barLengths(drivers.map((driver) => driver.contribution));
  const factors = answer.formula.factors;
  const factorBars = barLengths(factors.map((factor) => factor.contribution));
  const notes = [...answer.formula.notes, ...(segments?.notes ?? []), ...answer.notes];

  return (
    <div className="why-explanation" data-testid="why-explanation">
      <p className="muted small why-window">
        {t('why.window', {
          window: formatRange(answer.window.from, answer.window.to, format.locale),
          earlier: formatRange(answer.earlier.from, answer.earlier.to, format.locale),
        })}
      </p>
      <p className="small why-scope">
        <span className="muted">{t('why.scope')} </span>
        {answer.filter ? <code data-testid="why-filter">{answer.filter}</code> : t('why.wholeWorkspace')}
      </p>

      <div className="stat-row why-stats">
        <div className="stat">
          <div className="stat-label">{t('why.before')}</div>
          <div className="stat-value">{formatValue(answer.before, unit, format)}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('why.after')}</div>
          <div className="stat-value">{formatValue(answer.after, unit, format)}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('why.change')}</div>
          <div className={`stat-value change change-${tone}`} data-testid="why-change">
            {delta(answer.change)}
            {answer.relativeChange !== null ? (
              <span className="small"> ({formatChange(answer.relativeChange, format.locale)})</span>
            ) : null}
          </div>
        </div>
      </div>

      <SaidList items={answer.summary} testId="why-summary" />

      <section className="why-section" data-testid="why-drivers">
        <h3>{t('why.drivers')}</h3>
        {segments === null ? (
          <p className="muted small">{t('why.noDrivers')}</p>
        ) : (
          <>
            <p className="muted small">{t('why.driversHint')}</p>
            <table className="why-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('why.where')}</th>
                  <th scope="col" className="num">
                    {t('why.values')}
                  </th>
                  <th scope="col" className="num">
                    {t('why.contribution')}
                  </th>
                  <th scope="col" className="num">
                    {t('why.shareOfChange')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {drivers.map((driver, index) => (
                  <tr
                    key={driver.path.map((step) => `${step.dimension}=${step.segment}`).join('|')}
                    data-testid="why-driver"
                    data-contribution={driver.contribution}
                  >
                    <td className="muted">{index + 1}</td>
                    <td>
                      <span data-testid="why-driver-where">{pick(driver.where.text)}</span>
                      {driver.status !== 'both' ? (
                        <span className="badge badge-info why-status">
                          {t(`why.status.${driver.status}`)}
                        </span>
                      ) : null}
                    </td>
                    <td className="num nowrap">
                      {formatValue(driver.before, unit, format, { compact: true })} →{' '}
                      {formatValue(driver.after, unit, format, { compact: true })}
                    </td>
                    <td className="num">
                      <div className="why-bar-cell">
                        <span className={`why-bar why-bar-${driver.contribution < 0 ? 'down' : 'up'}`}>
                          <span style={{ width: `${Math.max((driverBars[index] ?? 0) * 100, 1)}%` }} />
                        </span>
                        <span className="nowrap">{delta(driver.contribution)}</span>
                      </div>
                    </td>
                    <td className="num">{formatChange(driver.shareOfChange, format.locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {segments.otherDrivers.count > 0 ? (
              <p className="muted small">
                {t('why.otherDrivers', {
                  count: segments.otherDrivers.count,
                  contribution: delta(segments.otherDrivers.contribution),
                })}
              </p>
            ) : null}
          </>
        )}
      </section>

      <section className="why-section" data-testid="why-formula">
        <h3>{t('why.formula')}</h3>
        {factors.length === 0 ? (
          <p className="muted small">{t('why.noFactors')}</p>
        ) : (
          <>
            <p className="muted small">{t('why.formulaHint')}</p>
            <table className="why-table">
              <thead>
                <tr>
                  <th scope="col">{t('why.factor')}</th>
                  <th scope="col" className="num">
                    {t('why.values')}
                  </th>
                  <th scope="col" className="num">
                    {t('why.contribution')}
                  </th>
                  <th scope="col" className="num">
                    {t('why.shareOfChange')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {factors.map((factor, index) => {
                  // A factor that is a catalog KPI reads in its unit; others (value per order) as numbers.
                  const factorUnit = factor.kpi ? kpiOf(factor.kpi)?.unit : undefined;
                  return (
                    <tr key={factor.id} data-testid="why-factor">
                      <td>{pick(factor.name)}</td>
                      <td className="num nowrap">
                        {formatValue(factor.before, factorUnit, format)} →{' '}
                        {formatValue(factor.after, factorUnit, format)}
                      </td>
                      <td className="num">
                        <div className="why-bar-cell">
                          <span className={`why-bar why-bar-${factor.contribution < 0 ? 'down' : 'up'}`}>
                            <span style={{ width: `${Math.max((factorBars[index] ?? 0) * 100, 1)}%` }} />
                          </span>
                          <span className="nowrap">{delta(factor.contribution)}</span>
                        </div>
                      </td>
                      <td className="num">{formatChange(factor.share, format.locale)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="why-section" data-testid="why-findings">
        <h3>{t('why.findings')}</h3>
        {answer.findings.length === 0 ? (
          <p className="muted small">{t('why.noFindings')}</p>
        ) : (
          <ul className="why-said">
            {answer.findings.map((finding, index) => (
              <li key={`${finding.kind}-${finding.subject}-${index}`} data-testid="why-finding">
                {pick(finding.text)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="why-section" data-testid="why-advice">
        <h3>{t('why.advice')}</h3>
        {answer.advice.length === 0 ? (
          <p className="muted small">{t('why.noAdvice')}</p>
        ) : (
          <ol className="why-advice">
            {answer.advice.map((advice, index) => (
              <li key={`${advice.rule}-${advice.subject}-${index}`} data-testid="why-advice-item">
                {pick(advice.text)}
              </li>
            ))}
          </ol>
        )}
      </section>

      {notes.length > 0 || answer.warnings.length > 0 ? (
        <section className="why-section">
          <h3>{t('why.notes')}</h3>
          <SaidList items={notes} testId="why-notes" />
          {answer.warnings.length > 0 ? (
            <ul className="warnings">
              {answer.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
