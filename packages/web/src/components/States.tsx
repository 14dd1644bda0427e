/** Loading, empty and error states, so every page says what is happening instead of going blank. */
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { problemsBeyond, problemText, refusalText } from '../api/refusals';
import { useLanguage } from '../i18n';

export function Loading({ label, compact = false }: { label?: string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={compact ? 'state state-compact' : 'state'} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('state.loading')}</span>
    </div>
  );
}

export function Empty({
  title,
  children,
  icon = '∅',
}: {
  title: string;
  children?: ReactNode;
  icon?: string;
}) {
  return (
    <div className="state state-empty" data-testid="empty-state">
      <div className="state-icon" aria-hidden="true">
        {icon}
      </div>
      <div className="state-title">{title}</div>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

/** What went wrong in words a user can act on; the API's problems listed under it. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const known = isApiError(error);
  const title =
    known && error.status === 404
      ? t('state.notFound')
      : known && error.status === 403
        ? t('state.forbidden')
        : known && error.status === 0
          ? t('state.offline')
          : t('state.error');
  const message = refusalText(error, language);
  // Listed once: a problem that repeats the message is not listed again. Paths and hints are
  // the API's English, shown to English readers.
  const problems = problemsBeyond(error);
  const english = language === 'en';
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon" aria-hidden="true">
        !
      </div>
      <div className="state-title">{title}</div>
      <div className="state-body">{message}</div>
      {problems.length > 0 ? (
        <ul className="problem-list">
          {problems.slice(0, 8).map((problem, index) => (
            <li key={index}>
              {english && problem.path ? <code>{problem.path}</code> : null}{' '}
              {problemText(error, problem.message, language, problem)}
              {english && problem.hint ? <span className="muted"> — {problem.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A small inline error under a form. */
export function InlineError({ error }: { error: unknown }) {
  const { language } = useLanguage();
  if (!error) return null;
  const message = refusalText(error, language);
  const problems = problemsBeyond(error);
  return (
    <div className="inline-error" role="alert">
      {message}
      {problems.length > 0 ? (
        <ul>
          {problems.slice(0, 5).map((problem, index) => (
            <li key={index}>
              {language === 'en' && problem.path ? <code>{problem.path}</code> : null}{' '}
              {problemText(error, problem.message, language, problem)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Around a lazily loaded page: if its code can't be fetched (the connection dropped, or a new
 * release replaced the files) or it fails to render, say so and offer a reload instead of
 * leaving the screen blank. A reload, because React keeps a failed lazy import failed.
 */
export class ChunkErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return <ErrorState error={this.state.error} onRetry={() => window.location.reload()} />;
  }
}
