/**
 * One's own account: changing the password (which ends one's other sessions) and where one is
 * logged in, each session ended with a click. Ending this browser's session is logging out.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { SessionList } from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { ErrorState, InlineError, Loading } from '../components/States';
import { useSession, useWorkspace } from '../context';
import { formatInstant } from '../lib/format';

type LoginSession = SessionList['sessions'][number];

export function AccountPage() {
  const { t } = useTranslation();
  const sessions = useResource('me|sessions', () => api.sessions());
  return (
    <>
      <PageHeader title={t('account.title')} />
      <PasswordCard onChanged={sessions.reload} />
      <SessionsCard sessions={sessions} />
    </>
  );
}

function PasswordCard({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    setDone(false);
    if (next !== repeat) {
      setError(new Error(t('account.mismatch')));
      return;
    }
    setError(null);
    setPending(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const field = (label: string, value: string, set: (value: string) => void, name: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        type="password"
        autoComplete={name === 'current' ? 'current-password' : 'new-password'}
        value={value}
        onChange={(event) => set(event.target.value)}
        data-testid={`password-${name}`}
      />
    </label>
  );
  return (
    <section className="card narrow">
      <h2>{t('account.password')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="form-grid">
          {field(t('account.currentPassword'), current, setCurrent, 'current')}
          {field(t('account.newPassword'), next, setNext, 'new')}
          {field(t('account.repeatPassword'), repeat, setRepeat, 'repeat')}
        </div>
        <p className="muted">{t('account.passwordRule')}</p>
        <InlineError error={error} />
        <div className="form-actions">
          {done ? <span className="ok">{t('account.passwordChanged')}</span> : null}
          <span className="spacer" />
          <button
            type="submit"
            className="button button-primary"
            disabled={pending || !current || !next}
            data-testid="change-password"
          >
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

function SessionsCard({ sessions }: { sessions: ReturnType<typeof useResource<SessionList>> }) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const { logout } = useSession();
  const [error, setError] = useState<unknown>(null);
  const end = async (session: LoginSession) => {
    setError(null);
    if (session.current) {
      await logout();
      return;
    }
    try {
      await api.endSession(session.id);
      sessions.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const columns: TableColumn<LoginSession>[] = [
    {
      key: 'started',
      header: t('account.started'),
      sortValue: (session) => session.createdAt,
      render: (session) => (
        <>
          {formatInstant(session.createdAt, format.locale)}{' '}
          {session.current ? <StatusBadge tone="good">{t('account.thisDevice')}</StatusBadge> : null}
        </>
      ),
    },
    {
      key: 'ends',
      header: t('account.ends'),
      sortValue: (session) => session.expiresAt,
      render: (session) => formatInstant(session.expiresAt, format.locale),
    },
    {
      key: 'actions',
      header: '',
      render: (session) => (
        <button
          type="button"
          className="button button-small button-danger-ghost"
          onClick={() => void end(session)}
          data-testid={session.current ? 'end-this-session' : 'end-session'}
        >
          {session.current ? t('account.endThis') : t('account.end')}
        </button>
      ),
    },
  ];
  return (
    <section className="card">
      <h2>{t('account.sessions')}</h2>
      <p className="muted">{t('account.sessionsHint')}</p>
      <InlineError error={error} />
      {sessions.error ? (
        <ErrorState error={sessions.error} onRetry={sessions.reload} />
      ) : !sessions.data ? (
        <Loading />
      ) : (
        <DataTable
          columns={columns}
          rows={sessions.data.sessions}
          rowKey={(session) => session.id}
          testId="sessions-table"
        />
      )}
    </section>
  );
}
