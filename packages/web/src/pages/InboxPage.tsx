/**
 * The member's inbox in a workspace — incidents, digests and tests, newest first, said in the
 * interface's language — with marking read, and the member's own notification preferences
 * (email, language, digest, the KPIs it reports, how severe an incident must be to be emailed).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { InboxEntry, NotificationPreferences, Severity } from '../api/types';
import { useResource } from '../api/use-resource';
import { announceUnread } from '../components/InboxBell';
import { KpiPicker } from '../components/KpiPicker';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { formatInstant } from '../lib/format';
import { Link, useSearchState } from '../router';

const PAGE_SIZE = 50;
const SEVERITY_TONE: Record<Severity, string> = { info: 'info', warning: 'warn', critical: 'bad' };
export const NOTIFY_SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export function InboxPage({ tab }: { tab: string | undefined }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const base = `/workspaces/${encodeURIComponent(workspace.id)}/inbox`;
  const current = tab === 'preferences' ? 'preferences' : 'inbox';
  return (
    <>
      <PageHeader title={t('inbox.title')} />
      <nav className="tabs" aria-label={t('inbox.title')}>
        {(['inbox', 'preferences'] as const).map((name) => (
          <Link
            key={name}
            href={name === 'inbox' ? base : `${base}/preferences`}
            className={`tab${current === name ? ' active' : ''}`}
            aria-current={current === name ? 'page' : undefined}
            data-testid={`inbox-tab-${name}`}
          >
            {t(`inbox.tabs.${name}`)}
          </Link>
        ))}
      </nav>
      {current === 'inbox' ? <Entries /> : <Preferences />}
    </>
  );
}

function Entries() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const { language } = useLanguage();
  const [search, setSearch] = useSearchState();
  const unreadOnly = search.get('unread') === '1';
  const asked = language === 'zh-CN' ? 'zh' : 'en';
  const key = `${workspace.id}|inbox|${asked}|${unreadOnly}`;
  const first = useResource(key, (signal) =>
    api.inbox(
      workspace.id,
      { language: asked, unread: unreadOnly ? 'true' : 'false', limit: PAGE_SIZE },
      signal,
    ),
  );
  // Older pages, loaded on demand; a new first page (another filter, language, a change) drops them.
  const [older, setOlder] = useState<{ key: string; entries: InboxEntry[]; done: boolean }>({
    key,
    entries: [],
    done: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  if (older.key !== key) setOlder({ key, entries: [], done: false });

  useEffect(() => {
    if (first.data) announceUnread(workspace.id, first.data.unread);
  }, [first.data, workspace.id]);

  const reload = first.reload;
  const mark = useCallback(
    async (id?: string) => {
      setError(null);
      setPending(true);
      try {
        const answer = await api.markRead(workspace.id, id);
        announceUnread(workspace.id, answer.unread);
        setOlder({ key, entries: [], done: false });
        reload();
      } catch (caught) {
        setError(caught);
      } finally {
        setPending(false);
      }
    },
    [workspace.id, key, reload],
  );

  const loadMore = async () => {
    const entries = [...(first.data?.entries ?? []), ...older.entries];
    const last = entries.at(-1);
    if (!last) return;
    setError(null);
    try {
      const page = await api.inbox(workspace.id, {
        language: asked,
        unread: unreadOnly ? 'true' : 'false',
        limit: PAGE_SIZE,
        before: last.seq,
      });
      setOlder({ key, entries: [...older.entries, ...page.entries], done: page.entries.length < PAGE_SIZE });
    } catch (caught) {
      setError(caught);
    }
  };

  if (first.error) return <ErrorState error={first.error} onRetry={first.reload} />;
  if (!first.data) return <Loading />;
  const entries = [...first.data.entries, ...older.entries];
  const more = !older.done && first.data.entries.length === PAGE_SIZE;
  return (
    <section className="card" data-testid="inbox" data-ready={!first.loading} data-unread={first.data.unread}>
      <div className="card-header">
        <fieldset className="segmented segmented-small" aria-label={t('inbox.title')}>
          {[false, true].map((only) => (
            <button
              key={String(only)}
              type="button"
              className={unreadOnly === only ? 'active' : ''}
              aria-pressed={unreadOnly === only}
              data-testid={only ? 'inbox-unread-only' : 'inbox-all'}
              onClick={() => setSearch({ unread: only ? '1' : null })}
            >
              {only ? t('inbox.unreadOnly') : t('inbox.all')}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="button"
          disabled={pending || first.data.unread === 0}
          onClick={() => void mark()}
          data-testid="inbox-mark-all"
        >
          {t('inbox.markAllRead')}
        </button>
      </div>
      <InlineError error={error} />
      {entries.length === 0 ? (
        <Empty title={unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty')} icon="✉">
          {unreadOnly ? undefined : t('inbox.emptyBody')}
        </Empty>
      ) : (
        <ul className="inbox-list">
          {entries.map((entry) => (
            <Entry key={entry.id} entry={entry} pending={pending} onRead={() => void mark(entry.id)} />
          ))}
        </ul>
      )}
      {more ? (
        <div className="pager">
          <span />
          <button type="button" className="button" onClick={() => void loadMore()}>
            {t('action.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function Entry({ entry, pending, onRead }: { entry: InboxEntry; pending: boolean; onRead: () => void }) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const unread = entry.readAt === null;
  const kind = ['incident', 'digest', 'test'].includes(entry.kind)
    ? t(`inbox.kinds.${entry.kind}`)
    : entry.kind;
  return (
    <li
      className={`inbox-entry${unread ? ' inbox-unread' : ''}`}
      data-testid="inbox-entry"
      data-id={entry.id}
      data-read={!unread}
    >
      <div className="inbox-entry-head">
        <span className={`badge badge-${SEVERITY_TONE[entry.severity]}`}>
          {t(`inbox.severity.${entry.severity}`)}
        </span>
        <span className="badge">{kind}</span>
        <strong className="inbox-title" data-testid="inbox-title">
          {entry.text.title}
        </strong>
        <span className="spacer" />
        <time className="muted small" dateTime={entry.createdAt}>
          {formatInstant(entry.createdAt, format.locale)}
        </time>
        {unread ? (
          <button
            type="button"
            className="button button-small"
            disabled={pending}
            onClick={onRead}
            data-testid="inbox-mark-read"
          >
            {t('inbox.markRead')}
          </button>
        ) : (
          <span className="muted small">{t('inbox.read')}</span>
        )}
      </div>
      {entry.text.sections.map((section, index) => (
        <div key={`${section.heading}-${index}`} className="inbox-section">
          {section.heading ? <div className="inbox-heading">{section.heading}</div> : null}
          <ul>
            {section.lines.map((line, lineIndex) => (
              <li key={`${lineIndex}-${line}`}>{line}</li>
            ))}
          </ul>
        </div>
      ))}
      {entry.text.link ? (
        <a href={entry.text.link.url} className="small">
          {entry.text.link.label}
        </a>
      ) : null}
    </li>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function Preferences() {
  const { t } = useTranslation();
  const { workspace, catalog } = useWorkspace();
  const stored = useResource(`${workspace.id}|notification-preferences`, (signal) =>
    api.notificationPreferences(workspace.id, signal),
  );
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  if (stored.data && draft === null) setDraft(stored.data);

  if (stored.error) return <ErrorState error={stored.error} onRetry={stored.reload} />;
  if (!draft) return <Loading />;
  const change = (next: Partial<NotificationPreferences>) => {
    setSaved(false);
    setDraft({ ...draft, ...next });
  };
  const save = async () => {
    setError(null);
    setSaved(false);
    setPending(true);
    try {
      setDraft(await api.saveNotificationPreferences(workspace.id, draft));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card narrow" data-testid="preferences">
      <h2>{t('preferences.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('preferences.email')}</span>
          <input
            className="input"
            type="email"
            value={draft.email ?? ''}
            onChange={(event) => change({ email: event.target.value.trim() || null })}
            data-testid="preferences-email"
          />
          <span className="muted small">{t('preferences.emailHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('preferences.language')}</span>
          <select
            className="input"
            value={draft.language}
            onChange={(event) => change({ language: event.target.value === 'en' ? 'en' : 'zh' })}
            data-testid="preferences-language"
          >
            <option value="zh">{t('preferences.languages.zh')}</option>
            <option value="en">{t('preferences.languages.en')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('preferences.emailMinSeverity')}</span>
          <select
            className="input"
            value={draft.emailMinSeverity}
            onChange={(event) => change({ emailMinSeverity: event.target.value as Severity })}
            data-testid="preferences-severity"
          >
            {NOTIFY_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {t(`inbox.severity.${severity}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span className="field-label">{t('preferences.digest')}</span>
          <div className="field-row">
            <select
              className="input"
              value={draft.digest.cadence}
              aria-label={t('preferences.digest')}
              onChange={(event) =>
                change({
                  digest: {
                    ...draft.digest,
                    cadence: event.target.value as NotificationPreferences['digest']['cadence'],
                  },
                })
              }
              data-testid="preferences-digest"
            >
              {(['off', 'daily', 'weekly'] as const).map((cadence) => (
                <option key={cadence} value={cadence}>
                  {t(`preferences.cadences.${cadence}`)}
                </option>
              ))}
            </select>
            {draft.digest.cadence === 'weekly' ? (
              <label className="inline-field">
                <span>{t('preferences.weekday')}</span>
                <select
                  className="input"
                  value={draft.digest.weekday}
                  onChange={(event) =>
                    change({ digest: { ...draft.digest, weekday: Number(event.target.value) } })
                  }
                  data-testid="preferences-weekday"
                >
                  {WEEKDAYS.map((day) => (
                    <option key={day} value={day}>
                      {t(`preferences.weekdays.d${day}`)}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {draft.digest.cadence !== 'off' ? (
              <label className="inline-field">
                <span>{t('preferences.at')}</span>
                <input
                  className="input"
                  type="time"
                  value={draft.digest.at}
                  onChange={(event) => change({ digest: { ...draft.digest, at: event.target.value } })}
                  data-testid="preferences-at"
                />
              </label>
            ) : null}
          </div>
        </div>
      </div>
      <KpiPicker
        kpis={catalog.kpis}
        selected={draft.kpis}
        onChange={(kpis) => change({ kpis })}
        label={t('preferences.kpis')}
      />
      <InlineError error={error} />
      <div className="form-actions">
        {saved ? (
          <span className="ok" data-testid="preferences-saved">
            {t('preferences.saved')}
          </span>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="button button-primary"
          disabled={pending}
          onClick={() => void save()}
          data-testid="preferences-save"
        >
          {t('action.save')}
        </button>
      </div>
    </section>
  );
}
