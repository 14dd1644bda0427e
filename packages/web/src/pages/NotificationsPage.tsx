/**
 * The workspace's notification settings (admins): the email server, chat webhooks, quiet hours,
 * how often the monitor runs and the dashboard's public address. Secrets are write-only: the
 * server says whether each is set (and a webhook's host), never what it is, so their fields start
 * empty and stay empty after a save; leaving one empty keeps it, "Remove" clears it. A test
 * message to each channel shows how its delivery went, followed until it is sent or fails.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type {
  Delivery,
  NotificationSettings,
  NotificationSettingsView,
  Severity,
  SmtpSettings,
  WebhookKind,
  WebhookSettings,
} from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useSession, useWorkspace } from '../context';
import { formatInstant } from '../lib/format';
import {
  type Draft,
  draftOf,
  keepSecret,
  type SecretDraft,
  settingsUpdate,
} from '../lib/notification-settings';
import { NOTIFY_SEVERITIES } from './InboxPage';

const WEBHOOK_KINDS: readonly WebhookKind[] = ['wecom', 'feishu', 'dingtalk', 'slack'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** How often a test's delivery is looked at, and for how long before the page stops asking. */
const FOLLOW_MS = 1500;
const FOLLOW_FOR_MS = 120_000;

export function NotificationsPage() {
  const { t } = useTranslation();
  const { workspace, isAdmin } = useWorkspace();
  if (!isAdmin)
    return (
      <>
        <PageHeader title={t('notifications.title')} />
        <Empty title={t('state.forbidden')}>{t('notifications.adminOnly')}</Empty>
      </>
    );
  return (
    <>
      <PageHeader title={t('notifications.title')} subtitle={t('notifications.subtitle')} />
      <SettingsEditor key={workspace.id} />
    </>
  );
}

type TestState =
  | { status: 'queued' | 'pending' | 'sending' | 'sent' }
  | { status: 'failed'; error: string }
  | { status: 'refused'; error: unknown };

function SettingsEditor() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const stored = useResource(`${workspace.id}|notification-settings`, (signal) =>
    api.notificationSettings(workspace.id, signal),
  );
  const deliveries = useResource(`${workspace.id}|deliveries`, (signal) =>
    api.deliveries(workspace.id, 20, signal),
  );
  const [view, setView] = useState<NotificationSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  if (stored.data && view === null) {
    setView(stored.data);
    setDraft(draftOf(stored.data));
  }

  if (stored.error) return <ErrorState error={stored.error} onRetry={stored.reload} />;
  if (!draft || !view) return <Loading />;

  const dirty = JSON.stringify(settingsUpdate(draft)) !== JSON.stringify(settingsUpdate(draftOf(view)));
  const set = (next: Draft) => {
    setSaved(false);
    setDraft(next);
  };
  const setSettings = (change: Partial<NotificationSettings>) =>
    set({ ...draft, settings: { ...draft.settings, ...change } });

  const save = async () => {
    setError(null);
    setSaved(false);
    setPending(true);
    try {
      const answer = await api.saveNotificationSettings(workspace.id, settingsUpdate(draft));
      setView(answer);
      setDraft(draftOf(answer));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <div data-testid="notification-settings">
      <EmailCard draft={draft} view={view} dirty={dirty} onChange={set} onDelivered={deliveries.reload} />
      <WebhooksCard draft={draft} view={view} dirty={dirty} onChange={set} onDelivered={deliveries.reload} />
      <ScheduleCard settings={draft.settings} onChange={setSettings} />
      <div className="card narrow">
        <InlineError error={error} />
        <div className="form-actions">
          {saved ? (
            <span className="ok" data-testid="notifications-saved">
              {t('notifications.saved')}
            </span>
          ) : dirty ? (
            <span className="muted small">{t('notifications.unsaved')}</span>
          ) : null}
          <span className="spacer" />
          <button
            type="button"
            className="button button-primary"
            disabled={pending || !dirty}
            onClick={() => void save()}
            data-testid="notifications-save"
          >
            {t('action.save')}
          </button>
        </div>
      </div>
      <DeliveriesCard
        deliveries={deliveries.data?.deliveries}
        error={deliveries.error}
        reload={deliveries.reload}
      />
    </div>
  );
}

function SecretField({
  label,
  set,
  setText,
  value,
  onChange,
  testId,
  type = 'password',
  clearable = true,
}: {
  label: string;
  /** Whether the server holds one. */
  set: boolean;
  /** What to say when it does (a webhook's host). */
  setText?: string;
  value: SecretDraft;
  onChange: (value: SecretDraft) => void;
  testId: string;
  type?: 'password' | 'url';
  /** Whether it can be removed on its own (a webhook's URL goes only with its webhook). */
  clearable?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <div className="secret-field">
        <input
          className="input"
          type={type}
          autoComplete="off"
          value={value.value}
          disabled={value.clear}
          aria-label={label}
          onChange={(event) => onChange({ value: event.target.value, clear: false })}
          data-testid={testId}
        />
        {set && clearable ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => onChange({ value: '', clear: !value.clear })}
            data-testid={`${testId}-clear`}
          >
            {value.clear ? t('notifications.keepSecret') : t('notifications.clearSecret')}
          </button>
        ) : null}
      </div>
      <span className="muted small" data-testid={`${testId}-state`}>
        {value.clear
          ? t('notifications.willClear')
          : set
            ? (setText ?? t('notifications.secretSet'))
            : t('notifications.secretNotSet')}
      </span>
    </div>
  );
}

const NEW_SMTP: SmtpSettings = {
  enabled: true,
  host: '',
  port: 587,
  secure: false,
  requireTls: false,
  from: '',
};

function EmailCard({
  draft,
  view,
  dirty,
  onChange,
  onDelivered,
}: {
  draft: Draft;
  view: NotificationSettingsView;
  dirty: boolean;
  onChange: (draft: Draft) => void;
  onDelivered: () => void;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const email = draft.settings.email;
  const setEmail = (change: Partial<SmtpSettings> | null) =>
    onChange({
      ...draft,
      settings: { ...draft.settings, email: change === null ? null : { ...(email ?? NEW_SMTP), ...change } },
    });
  return (
    <section className="card narrow" data-testid="notifications-email">
      <div className="card-header">
        <h2>{t('notifications.email')}</h2>
        {email ? (
          <button type="button" className="button button-small" onClick={() => setEmail(null)}>
            {t('notifications.removeEmail')}
          </button>
        ) : null}
      </div>
      {!email ? (
        <div className="field-row">
          <span className="muted">{t('notifications.emailOff')}</span>
          <button type="button" className="button" onClick={() => setEmail({})} data-testid="email-add">
            {t('notifications.addEmail')}
          </button>
        </div>
      ) : (
        <>
          <div className="form-grid">
            <label className="field">
              <span className="field-label">{t('notifications.host')}</span>
              <input
                className="input mono"
                value={email.host}
                onChange={(event) => setEmail({ host: event.target.value })}
                data-testid="email-host"
              />
            </label>
            <label className="field">
              <span className="field-label">{t('notifications.port')}</span>
              <input
                className="input input-number"
                type="number"
                min={1}
                max={65535}
                value={email.port}
                onChange={(event) => setEmail({ port: Number(event.target.value) })}
                data-testid="email-port"
              />
            </label>
            <label className="field">
              <span className="field-label">{t('notifications.from')}</span>
              <input
                className="input"
                value={email.from}
                onChange={(event) => setEmail({ from: event.target.value })}
                data-testid="email-from"
              />
            </label>
            <label className="field">
              <span className="field-label">{t('notifications.username')}</span>
              <input
                className="input"
                autoComplete="off"
                value={email.username ?? ''}
                onChange={(event) => {
                  const { username: _old, ...rest } = email;
                  onChange({
                    ...draft,
                    settings: {
                      ...draft.settings,
                      email: event.target.value ? { ...rest, username: event.target.value } : rest,
                    },
                  });
                }}
                data-testid="email-username"
              />
            </label>
            <SecretField
              label={t('notifications.password')}
              set={view.smtpPasswordSet}
              value={draft.password}
              onChange={(password) => onChange({ ...draft, password })}
              testId="email-password"
            />
          </div>
          <div className="field-row">
            <label className="inline-field">
              <input
                type="checkbox"
                checked={email.enabled}
                onChange={(event) => setEmail({ enabled: event.target.checked })}
              />
              {t('notifications.enabled')}
            </label>
            <label className="inline-field">
              <input
                type="checkbox"
                checked={email.secure}
                onChange={(event) => setEmail({ secure: event.target.checked })}
              />
              {t('notifications.secure')}
            </label>
            <label className="inline-field">
              <input
                type="checkbox"
                checked={email.requireTls}
                onChange={(event) => setEmail({ requireTls: event.target.checked })}
              />
              {t('notifications.requireTls')}
            </label>
          </div>
          {view.email ? (
            <TestButton
              label={t('notifications.testEmail')}
              hint={t('notifications.testEmailHint')}
              dirty={dirty}
              target={{ channel: 'email' }}
              destination={session.user.id}
              testId="test-email"
              onDelivered={onDelivered}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function WebhooksCard({
  draft,
  view,
  dirty,
  onChange,
  onDelivered,
}: {
  draft: Draft;
  view: NotificationSettingsView;
  dirty: boolean;
  onChange: (draft: Draft) => void;
  onDelivered: () => void;
}) {
  const { t } = useTranslation();
  const webhooks = draft.settings.webhooks;
  const update = (index: number, change: Partial<WebhookSettings>) => {
    const next = webhooks.map((webhook, at) => (at === index ? { ...webhook, ...change } : webhook));
    const before = webhooks[index]!;
    // A new webhook's id may still change; its secrets move with it.
    const secrets = { ...draft.webhooks };
    if (change.id !== undefined && change.id !== before.id) {
      secrets[change.id] = secrets[before.id] ?? { url: '', secret: keepSecret() };
      delete secrets[before.id];
    }
    onChange({ ...draft, settings: { ...draft.settings, webhooks: next }, webhooks: secrets });
  };
  const add = () => {
    let number = webhooks.length + 1;
    while (webhooks.some((webhook) => webhook.id === `hook-${number}`)) number += 1;
    const id = `hook-${number}`;
    onChange({
      ...draft,
      settings: {
        ...draft.settings,
        webhooks: [
          ...webhooks,
          { id, kind: 'wecom', name: '', language: 'zh', minSeverity: 'warning', enabled: true },
        ],
      },
      webhooks: { ...draft.webhooks, [id]: { url: '', secret: keepSecret() } },
    });
  };
  const remove = (index: number) => {
    const removed = webhooks[index]!;
    const secrets = { ...draft.webhooks };
    delete secrets[removed.id];
    onChange({
      ...draft,
      settings: { ...draft.settings, webhooks: webhooks.filter((_, at) => at !== index) },
      webhooks: secrets,
    });
  };

  return (
    <section className="card narrow" data-testid="notifications-webhooks">
      <div className="card-header">
        <h2>{t('notifications.webhooks')}</h2>
        <button type="button" className="button" onClick={add} data-testid="webhook-add">
          {t('notifications.addWebhook')}
        </button>
      </div>
      {webhooks.length === 0 ? <p className="muted">{t('notifications.noWebhooks')}</p> : null}
      {webhooks.map((webhook, index) => {
        const saved = view.webhookSecrets[webhook.id];
        const isSaved = view.webhooks.some((entry) => entry.id === webhook.id);
        const secrets = draft.webhooks[webhook.id] ?? { url: '', secret: keepSecret() };
        const setSecrets = (change: Partial<Draft['webhooks'][string]>) =>
          onChange({ ...draft, webhooks: { ...draft.webhooks, [webhook.id]: { ...secrets, ...change } } });
        return (
          <div key={index} className="webhook" data-testid={`webhook-${index}`}>
            <div className="form-grid">
              <label className="field">
                <span className="field-label">{t('notifications.webhookId')}</span>
                <input
                  className="input mono"
                  value={webhook.id}
                  readOnly={isSaved}
                  onChange={(event) => update(index, { id: event.target.value })}
                  data-testid={`webhook-${index}-id`}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('notifications.webhookName')}</span>
                <input
                  className="input"
                  value={webhook.name}
                  onChange={(event) => update(index, { name: event.target.value })}
                  data-testid={`webhook-${index}-name`}
                />
              </label>
              <label className="field">
                <span className="field-label">{t('notifications.webhookKind')}</span>
                <select
                  className="input"
                  value={webhook.kind}
                  onChange={(event) => update(index, { kind: event.target.value as WebhookKind })}
                  data-testid={`webhook-${index}-kind`}
                >
                  {WEBHOOK_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`notifications.kinds.${kind}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('notifications.webhookLanguage')}</span>
                <select
                  className="input"
                  value={webhook.language}
                  onChange={(event) => update(index, { language: event.target.value === 'en' ? 'en' : 'zh' })}
                >
                  <option value="zh">{t('preferences.languages.zh')}</option>
                  <option value="en">{t('preferences.languages.en')}</option>
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('notifications.minSeverity')}</span>
                <select
                  className="input"
                  value={webhook.minSeverity}
                  onChange={(event) => update(index, { minSeverity: event.target.value as Severity })}
                >
                  {NOTIFY_SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {t(`inbox.severity.${severity}`)}
                    </option>
                  ))}
                </select>
              </label>
              <SecretField
                label={t('notifications.url')}
                type="url"
                set={saved?.urlSet ?? false}
                setText={t('notifications.urlSet', { host: saved?.host ?? '' })}
                value={{ value: secrets.url, clear: false }}
                clearable={false}
                onChange={(value) => setSecrets({ url: value.value })}
                testId={`webhook-${index}-url`}
              />
              <SecretField
                label={t('notifications.signingSecret')}
                set={saved?.secretSet ?? false}
                value={secrets.secret}
                onChange={(secret) => setSecrets({ secret })}
                testId={`webhook-${index}-secret`}
              />
            </div>
            <div className="field-row">
              <label className="inline-field">
                <input
                  type="checkbox"
                  checked={webhook.enabled}
                  onChange={(event) => update(index, { enabled: event.target.checked })}
                />
                {t('notifications.enabled')}
              </label>
              <span className="spacer" />
              {isSaved && saved?.urlSet ? (
                <TestButton
                  label={t('notifications.test')}
                  dirty={dirty}
                  target={{ channel: 'webhook', webhookId: webhook.id }}
                  destination={webhook.id}
                  testId={`webhook-${index}-test`}
                  onDelivered={onDelivered}
                />
              ) : null}
              <button type="button" className="button button-danger-ghost" onClick={() => remove(index)}>
                {t('notifications.removeWebhook')}
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}

type MonitorChoice = 'never' | 'hour' | 'day' | 'week';

function ScheduleCard({
  settings,
  onChange,
}: {
  settings: NotificationSettings;
  onChange: (change: Partial<NotificationSettings>) => void;
}) {
  const { t } = useTranslation();
  const quiet = settings.quietHours;
  const monitor = settings.monitor;
  const choose = (choice: MonitorChoice) => {
    const at = monitor && monitor.every !== 'hour' ? monitor.at : '08:00';
    onChange({
      monitor:
        choice === 'never'
          ? null
          : choice === 'hour'
            ? { every: 'hour', minute: monitor?.every === 'hour' ? monitor.minute : 5 }
            : choice === 'day'
              ? { every: 'day', at }
              : { every: 'week', weekday: monitor?.every === 'week' ? monitor.weekday : 1, at },
    });
  };
  return (
    <section className="card narrow" data-testid="notifications-schedule">
      <h2>{t('notifications.quietHours')}</h2>
      <p className="muted small">{t('notifications.quietHoursHint')}</p>
      <div className="field-row">
        <label className="inline-field">
          <input
            type="checkbox"
            checked={quiet !== null}
            onChange={(event) =>
              onChange({ quietHours: event.target.checked ? { start: '22:00', end: '08:00' } : null })
            }
            data-testid="quiet-on"
          />
          {t('notifications.quietOn')}
        </label>
        {quiet ? (
          <>
            <label className="inline-field">
              <span>{t('notifications.quietFrom')}</span>
              <input
                className="input"
                type="time"
                value={quiet.start}
                onChange={(event) => onChange({ quietHours: { ...quiet, start: event.target.value } })}
              />
            </label>
            <label className="inline-field">
              <span>{t('notifications.quietTo')}</span>
              <input
                className="input"
                type="time"
                value={quiet.end}
                onChange={(event) => onChange({ quietHours: { ...quiet, end: event.target.value } })}
              />
            </label>
            <label className="inline-field">
              <span>{t('notifications.timeZone')}</span>
              <input
                className="input mono"
                value={quiet.timeZone ?? ''}
                onChange={(event) => {
                  const { timeZone: _zone, ...rest } = quiet;
                  onChange({
                    quietHours: event.target.value.trim()
                      ? { ...rest, timeZone: event.target.value.trim() }
                      : rest,
                  });
                }}
              />
            </label>
          </>
        ) : null}
      </div>
      <h2>{t('notifications.monitor')}</h2>
      <div className="field-row">
        <select
          className="input"
          aria-label={t('notifications.monitor')}
          value={monitor?.every ?? 'never'}
          onChange={(event) => choose(event.target.value as MonitorChoice)}
          data-testid="monitor-every"
        >
          {(['never', 'hour', 'day', 'week'] as const).map((choice) => (
            <option key={choice} value={choice}>
              {t(`notifications.monitorEvery.${choice}`)}
            </option>
          ))}
        </select>
        {monitor?.every === 'hour' ? (
          <label className="inline-field">
            <span>{t('notifications.minute')}</span>
            <input
              className="input input-number"
              type="number"
              min={0}
              max={59}
              value={monitor.minute}
              onChange={(event) =>
                onChange({ monitor: { every: 'hour', minute: Number(event.target.value) } })
              }
            />
          </label>
        ) : null}
        {monitor?.every === 'week' ? (
          <label className="inline-field">
            <span>{t('notifications.weekday')}</span>
            <select
              className="input"
              value={monitor.weekday}
              onChange={(event) => onChange({ monitor: { ...monitor, weekday: Number(event.target.value) } })}
            >
              {WEEKDAYS.map((day) => (
                <option key={day} value={day}>
                  {t(`preferences.weekdays.d${day}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {monitor && monitor.every !== 'hour' ? (
          <label className="inline-field">
            <span>{t('notifications.at')}</span>
            <input
              className="input"
              type="time"
              value={monitor.at}
              onChange={(event) => onChange({ monitor: { ...monitor, at: event.target.value } })}
            />
          </label>
        ) : null}
      </div>
      <label className="field">
        <span className="field-label">{t('notifications.baseUrl')}</span>
        <input
          className="input mono"
          type="url"
          placeholder="https://markpi.example.com"
          value={settings.baseUrl ?? ''}
          onChange={(event) => onChange({ baseUrl: event.target.value.trim() || null })}
          data-testid="base-url"
        />
      </label>
    </section>
  );
}

/**
 * Sends a test to one channel and follows its delivery: the deliveries there before the test are
 * noted, so the new ones to the same place are this test's, whatever the server's clock says.
 */
function TestButton({
  label,
  hint,
  dirty,
  target,
  destination,
  testId,
  onDelivered,
}: {
  label: string;
  hint?: string;
  dirty: boolean;
  target: { channel: 'email' } | { channel: 'webhook'; webhookId: string };
  destination: string;
  testId: string;
  onDelivered: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [state, setState] = useState<TestState | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const follow = useCallback(
    (known: ReadonlySet<string>, count: number, until: number) => {
      const look = async () => {
        try {
          const { deliveries } = await api.deliveries(workspace.id, 100);
          const ours = deliveries.filter(
            (delivery) =>
              !known.has(delivery.id) &&
              delivery.kind === 'test' &&
              delivery.channel === target.channel &&
              delivery.destination === destination,
          );
          const failed = ours.find((delivery) => delivery.state === 'failed');
          const settled = ours.length >= count && ours.every((delivery) => delivery.state === 'sent');
          if (failed) setState({ status: 'failed', error: failed.lastError ?? '' });
          else if (settled) setState({ status: 'sent' });
          else if (ours.some((delivery) => delivery.state === 'sending')) setState({ status: 'sending' });
          else if (ours.length > 0) setState({ status: 'pending' });
          if (failed || settled) {
            onDelivered();
            return;
          }
        } catch {
          // A missed look is looked at again.
        }
        if (Date.now() < until) timer.current = window.setTimeout(() => void look(), FOLLOW_MS);
      };
      void look();
    },
    [workspace.id, target.channel, destination, onDelivered],
  );

  const send = async () => {
    window.clearTimeout(timer.current);
    setState({ status: 'queued' });
    try {
      const before = await api.deliveries(workspace.id, 100);
      const { queued } = await api.testNotification(workspace.id, target);
      setState({ status: 'pending' });
      onDelivered();
      follow(
        new Set(before.deliveries.map((delivery) => delivery.id)),
        queued.length,
        Date.now() + FOLLOW_FOR_MS,
      );
    } catch (error) {
      setState({ status: 'refused', error });
    }
  };

  return (
    <div className="test-send">
      <button
        type="button"
        className="button"
        disabled={dirty || state?.status === 'queued'}
        title={dirty ? t('notifications.unsaved') : hint}
        onClick={() => void send()}
        data-testid={testId}
      >
        {label}
      </button>
      {state ? (
        state.status === 'refused' ? (
          <InlineError error={state.error} />
        ) : (
          <span
            className={`test-result test-${state.status}`}
            role="status"
            data-testid={`${testId}-result`}
            data-status={state.status}
          >
            {state.status === 'failed'
              ? t('notifications.result.failed', { error: state.error })
              : t(`notifications.result.${state.status}`)}
          </span>
        )
      ) : null}
    </div>
  );
}

function DeliveriesCard({
  deliveries,
  error,
  reload,
}: {
  deliveries: Delivery[] | undefined;
  error: unknown;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const tone = (state: string) =>
    state === 'sent' ? 'good' : state === 'failed' ? 'bad' : state === 'sending' ? 'info' : 'neutral';
  const known = (group: string, value: string) =>
    t(`notifications.${group}.${value}`, { defaultValue: value }) as string;
  const columns: TableColumn<Delivery>[] = [
    {
      key: 'createdAt',
      header: t('notifications.columns.createdAt'),
      render: (delivery) => formatInstant(delivery.createdAt, format.locale),
    },
    {
      key: 'kind',
      header: t('notifications.columns.kind'),
      render: (delivery) =>
        (['incident', 'digest', 'test'] as const).find((kind) => kind === delivery.kind)
          ? t(`inbox.kinds.${delivery.kind}`)
          : delivery.kind,
    },
    {
      key: 'channel',
      header: t('notifications.columns.channel'),
      render: (delivery) => known('channels', delivery.channel),
    },
    {
      key: 'destination',
      header: t('notifications.columns.destination'),
      render: (delivery) => <code>{delivery.destination}</code>,
    },
    {
      key: 'state',
      header: t('notifications.columns.state'),
      render: (delivery) => (
        <StatusBadge tone={tone(delivery.state)}>{known('states', delivery.state)}</StatusBadge>
      ),
    },
    {
      key: 'attempts',
      header: t('notifications.columns.attempts'),
      numeric: true,
      render: (delivery) => delivery.attempts,
    },
    {
      key: 'lastError',
      header: t('notifications.columns.lastError'),
      render: (delivery) => delivery.lastError ?? '—',
    },
  ];
  return (
    <section className="card" data-testid="deliveries">
      <h2>{t('notifications.deliveries')}</h2>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !deliveries ? (
        <Loading compact />
      ) : deliveries.length === 0 ? (
        <p className="muted">{t('notifications.noDeliveries')}</p>
      ) : (
        <DataTable
          columns={columns}
          rows={deliveries}
          rowKey={(delivery) => delivery.id}
          testId="deliveries-table"
        />
      )}
    </section>
  );
}
