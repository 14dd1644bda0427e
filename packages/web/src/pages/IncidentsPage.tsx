/**
 * The incidents inbox: what the monitor found, most severe first as the server lists it — each
 * with its severity, headline, segment, days and state — and, chosen, its alerts, drivers,
 * history and comments, and a "why?" that opens the diagnosis of its KPI in its segment over its
 * days. Editors acknowledge, snooze until a day, resolve, call a false alarm and
 * reopen — the actions the server says the caller may take on that incident (`allowed`: their
 * role, their scope and its state), so a scoped editor is offered none. Every sentence is the
 * monitor's, said in the interface's language.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monitorApi } from '../api/monitor';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { WhyButton } from '../components/Why';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { formatInstant } from '../lib/format';
import {
  INCIDENT_VIEWS,
  type Incident,
  type IncidentActionPath,
  type IncidentSeverity,
  type IncidentView,
  snoozeUntil,
} from '../lib/monitor';
import { navigate } from '../router';
import '../components/monitor.css';

/** The server's name of each action the page offers, by the path it is posted to, in the order shown. */
const ACTION_OF: Readonly<Record<IncidentActionPath, string>> = {
  acknowledge: 'acknowledge',
  snooze: 'snooze',
  resolve: 'resolve',
  'false-alarm': 'false_alarm',
  reopen: 'reopen',
};

const SEVERITY_TONE: Record<IncidentSeverity, string> = { info: 'info', warning: 'warn', critical: 'bad' };
const VIEWS = Object.keys(INCIDENT_VIEWS) as IncidentView[];

export function IncidentsPage({ incidentId }: { incidentId: string | undefined }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [view, setView] = useState<IncidentView>('active');
  const list = useResource(`${workspace.id}|incidents|${view}`, (signal) =>
    monitorApi.incidents(workspace.id, INCIDENT_VIEWS[view], signal),
  );
  const base = `/workspaces/${encodeURIComponent(workspace.id)}/incidents`;
  const { pick } = useLanguage();

  return (
    <>
      <PageHeader title={t('monitor.incidents.title')} subtitle={t('monitor.incidents.subtitle')} />
      <div className="incidents">
        <section className="card" data-testid="incidents" data-ready={!list.loading}>
          <fieldset className="segmented segmented-small" aria-label={t('monitor.incidents.state')}>
            {VIEWS.map((option) => (
              <button
                key={option}
                type="button"
                className={view === option ? 'active' : ''}
                aria-pressed={view === option}
                data-testid={`incidents-view-${option}`}
                onClick={() => setView(option)}
              >
                {t(`monitor.incidents.views.${option}`)}
              </button>
            ))}
          </fieldset>
          {list.error ? (
            <ErrorState error={list.error} onRetry={list.reload} />
          ) : !list.data ? (
            <Loading />
          ) : list.data.incidents.length === 0 ? (
            <Empty title={t('monitor.incidents.empty')}>{t('monitor.incidents.emptyBody')}</Empty>
          ) : (
            <table className="incidents-table">
              <thead>
                <tr>
                  <th>{t('monitor.incidents.severity')}</th>
                  <th>{t('monitor.incidents.headline')}</th>
                  <th>{t('monitor.incidents.segment')}</th>
                  <th>{t('monitor.incidents.days')}</th>
                  <th>{t('monitor.incidents.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.incidents.map((incident) => (
                  <tr
                    key={incident.id}
                    className={incident.id === incidentId ? 'selected' : ''}
                    data-testid="incident-row"
                    data-incident={incident.id}
                    data-state={incident.state}
                    onClick={() => navigate(`${base}/${encodeURIComponent(incident.id)}`)}
                  >
                    <td>
                      <SeverityBadge severity={incident.severity} />
                    </td>
                    <td>
                      <a
                        href={`${base}/${encodeURIComponent(incident.id)}`}
                        onClick={(event) => event.preventDefault()}
                        data-testid="incident-headline"
                      >
                        {pick(incident.title.text)}
                      </a>
                    </td>
                    <td>{segmentLabel(t, incident.segment)}</td>
                    <td className="nowrap">
                      {incident.from === incident.to ? incident.from : `${incident.from} – ${incident.to}`}
                    </td>
                    <td data-testid="incident-state">{t(`monitor.incidents.states.${incident.state}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {incidentId ? (
          <IncidentDetail key={incidentId} incidentId={incidentId} onChange={list.reload} />
        ) : (
          <section className="card incident-detail">
            <p className="muted">{t('monitor.incidents.choose')}</p>
          </section>
        )}
      </div>
    </>
  );
}

function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${SEVERITY_TONE[severity]}`} data-severity={severity}>
      {t(`inbox.severity.${severity}`)}
    </span>
  );
}

function segmentLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  segment: string,
): string {
  if (segment === 'workspace') return t('monitor.incidents.wholeWorkspace');
  const [level, ...rest] = segment.split(':');
  const value = rest.join(':');
  if (level === 'channel') return t(`channel.${value}`, { defaultValue: value });
  return value || segment;
}

function IncidentDetail({ incidentId, onChange }: { incidentId: string; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { workspace, canEdit, kpiName } = useWorkspace();
  const { pick } = useLanguage();
  const detail = useResource(`${workspace.id}|incident|${incidentId}`, (signal) =>
    monitorApi.incident(workspace.id, incidentId, signal),
  );
  const [snoozeDay, setSnoozeDay] = useState('');
  const [comment, setComment] = useState('');
  const refresh = useCallback(() => {
    detail.reload();
    onChange();
  }, [detail.reload, onChange]);
  const acting = useAction(refresh);

  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data)
    return (
      <section className="card incident-detail">
        <Loading />
      </section>
    );
  const incident: Incident & { allowed?: readonly string[] } = detail.data;
  // The server says what the caller may do (their role, their scope, the incident's state).
  const allowed = new Set(incident.allowed ?? []);
  const offered = (Object.keys(ACTION_OF) as IncidentActionPath[]).filter((path) =>
    allowed.has(ACTION_OF[path]),
  );
  const act = (action: IncidentActionPath) =>
    void acting.run(() =>
      monitorApi.act(
        workspace.id,
        incident.id,
        action,
        action === 'snooze' ? { until: snoozeUntil(snoozeDay) } : {},
      ),
    );
  const when = (iso: string) => formatInstant(iso, i18n.language);

  return (
    <section
      className="card incident-detail"
      data-testid="incident-detail"
      data-incident={incident.id}
      data-state={incident.state}
      data-ready={!detail.loading && !acting.pending}
    >
      <div className="incident-heading">
        <SeverityBadge severity={incident.severity} />
        <h2 data-testid="incident-title">{pick(incident.title.text)}</h2>
        {incident.why ? (
          // The same breakdown `why` gives: the incident's KPI in its segment over its days.
          <WhyButton
            request={incident.why}
            kpiName={kpiName(incident.why.kpi)}
            scope={segmentLabel(t, incident.segment)}
            testId="incident-why"
          />
        ) : null}
      </div>
      <p className="muted">
        {segmentLabel(t, incident.segment)} ·{' '}
        {incident.from === incident.to ? incident.from : `${incident.from} – ${incident.to}`} ·{' '}
        <span data-testid="incident-detail-state">{t(`monitor.incidents.states.${incident.state}`)}</span>
        {incident.state === 'snoozed' && incident.snoozedUntil
          ? ` ${t('monitor.incidents.snoozedUntil', { time: when(incident.snoozedUntil) })}`
          : null}
      </p>

      {offered.length > 0 ? (
        <div className="incident-actions" data-testid="incident-actions">
          {offered.map((action) =>
            action === 'snooze' ? (
              <span key={action} className="incident-snooze">
                <label>
                  {t('monitor.incidents.snoozeDay')}{' '}
                  <input
                    type="date"
                    value={snoozeDay}
                    onChange={(event) => setSnoozeDay(event.target.value)}
                    data-testid="incident-snooze-day"
                  />
                </label>
                <button
                  type="button"
                  className="button"
                  disabled={acting.pending || snoozeDay === ''}
                  onClick={() => act(action)}
                  data-testid="incident-snooze"
                >
                  {t('monitor.incidents.actions.snooze')}
                </button>
              </span>
            ) : (
              <button
                key={action}
                type="button"
                className={action === 'resolve' ? 'button button-primary' : 'button'}
                disabled={acting.pending}
                onClick={() => act(action)}
                data-testid={`incident-${action}`}
              >
                {t(`monitor.incidents.actions.${action}`)}
              </button>
            ),
          )}
        </div>
      ) : canEdit ? (
        <p className="muted" data-testid="incident-scoped-note">
          {t('monitor.incidents.scopedNote')}
        </p>
      ) : (
        <p className="muted" data-testid="incident-viewer-note">
          {t('monitor.incidents.viewerNote')}
        </p>
      )}
      {acting.error ? <InlineError error={acting.error} /> : null}

      <h3>{t('monitor.incidents.alerts')}</h3>
      <ul className="incident-lines" data-testid="incident-lines">
        {incident.lines.map((line, index) => (
          // Lines have no id of their own; their order is the server's and never changes.
          <li key={index}>{pick(line.text)}</li>
        ))}
      </ul>
      {incident.drivers.length > 0 ? (
        <>
          <h3>{t('monitor.incidents.drivers')}</h3>
          <ul className="incident-lines">
            {incident.drivers.map((driver, index) => (
              <li key={index}>{pick(driver.text)}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>{t('monitor.incidents.history')}</h3>
      <ol className="incident-history" data-testid="incident-history">
        {incident.history.map((entry) => (
          <li key={entry.seq} data-kind={entry.kind}>
            <span className="muted">{when(entry.at)}</span>{' '}
            <strong>{entry.actor ?? t('monitor.incidents.monitorActor')}</strong>{' '}
            {t(`monitor.incidents.events.${entry.kind}`, { defaultValue: entry.kind })}
            {entry.until ? ` ${t('monitor.incidents.snoozedUntil', { time: when(entry.until) })}` : ''}
            {entry.kind === 'reopened' && entry.to
              ? ` ${t('monitor.incidents.alertsAgainThrough', { day: entry.to })}`
              : ''}
            {entry.note ? ` — ${entry.note}` : ''}
          </li>
        ))}
      </ol>

      <h3>{t('monitor.incidents.comments')}</h3>
      {incident.comments.length === 0 ? (
        <p className="muted">{t('monitor.incidents.noComments')}</p>
      ) : (
        <ul className="incident-comments" data-testid="incident-comments">
          {incident.comments.map((entry) => (
            <li key={`${entry.at}|${entry.author ?? ''}`}>
              <span className="muted">{when(entry.at)}</span> <strong>{entry.author}</strong>
              <p>{entry.text}</p>
            </li>
          ))}
        </ul>
      )}
      {allowed.has('comment') ? (
        <form
          className="incident-comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            const text = comment.trim();
            if (text === '') return;
            void acting.run(async () => {
              await monitorApi.comment(workspace.id, incident.id, text);
              setComment('');
            });
          }}
        >
          <input
            type="text"
            value={comment}
            maxLength={2000}
            placeholder={t('monitor.incidents.commentPlaceholder')}
            onChange={(event) => setComment(event.target.value)}
            data-testid="incident-comment-text"
          />
          <button type="submit" className="button" disabled={acting.pending || comment.trim() === ''}>
            {t('monitor.incidents.addComment')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
