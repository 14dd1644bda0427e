import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Session } from '../api/types';
import { Brand, LanguageSwitch } from '../components/Layout';

export function LoginPage({ onLogin }: { onLogin: (session: Session) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await api.login(login.trim(), password));
    } catch (caught) {
      if (isApiError(caught) && caught.status === 401) setError(t('login.badCredentials'));
      else if (isApiError(caught) && caught.status === 429)
        setError(t('login.rateLimited', { seconds: caught.retryAfter ?? 60 }));
      else setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={(event) => void submit(event)} data-testid="login-form">
        <Brand />
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <label className="field">
          <span className="field-label">{t('login.login')}</span>
          <input
            className="input"
            name="login"
            autoComplete="username"
            value={login}
            onChange={(event) => setLogin(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.password')}</span>
          <input
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {error ? (
          <div className="inline-error" role="alert" data-testid="login-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
