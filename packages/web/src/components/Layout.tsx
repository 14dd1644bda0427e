/** The frame of every logged-in page: navigation on the left, workspace and language on top. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { roleAtLeast, useSession } from '../context';
import { changeLanguage, LANGUAGES, type Language, useLanguage } from '../i18n';
import { pageClosedToScope } from '../lib/scope-pages';
import { Link, navigate } from '../router';
import { RoleBadge } from './Badges';
import { FreshnessChip } from './FreshnessChip';
import { InboxBell } from './InboxBell';
import { ScopeChip, useWorkspaceScope } from './ScopeChip';

export type PageName =
  | 'overview'
  | 'explore'
  | 'compare'
  | 'attribution'
  | 'creators'
  | 'audiences'
  | 'search'
  | 'cohorts'
  | 'lift'
  | 'targets'
  | 'imports'
  | 'catalog'
  | 'settings'
  | 'inbox'
  | 'incidents'
  | 'notifications'
  | 'account';

const ANALYSE: PageName[] = [
  'overview',
  'explore',
  'compare',
  'attribution',
  'creators',
  'audiences',
  'search',
  'cohorts',
  'lift',
  'targets',
  'incidents',
];
const MANAGE: PageName[] = ['imports', 'catalog', 'notifications', 'settings'];

const ICONS: Record<PageName, string> = {
  overview: '◫',
  explore: '⌕',
  compare: '☰',
  attribution: '⇶',
  creators: '☆',
  audiences: '◔',
  search: '◉',
  cohorts: '▦',
  lift: '⇡',
  targets: '◎',
  imports: '⇪',
  catalog: '≡',
  settings: '⚙',
  inbox: '✉',
  incidents: '⚠',
  notifications: '⚑',
  account: '☺',
};

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <fieldset className="segmented segmented-small" aria-label={t('header.language')}>
      {LANGUAGES.map((option: Language) => (
        <button
          key={option}
          type="button"
          lang={option}
          className={language === option ? 'active' : ''}
          aria-pressed={language === option}
          data-testid={`language-${option}`}
          onClick={() => changeLanguage(option)}
        >
          {option === 'zh-CN' ? '中文' : 'EN'}
        </button>
      ))}
    </fieldset>
  );
}

export function Brand() {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">
        m
      </span>
      <span className="brand-name">markpi</span>
    </div>
  );
}

export function Layout({
  workspaceId,
  page,
  children,
}: {
  workspaceId: string;
  page: PageName;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  const current = session.workspaces.find((workspace) => workspace.id === workspaceId);
  const role = current?.role ?? (session.user.serverAdmin ? 'admin' : 'viewer');
  const scope = useWorkspaceScope(workspaceId);
  const href = (name: PageName) => `/workspaces/${encodeURIComponent(workspaceId)}/${name}`;
  const item = (name: PageName) =>
    (name === 'settings' && !roleAtLeast(role, 'admin') && !session.user.serverAdmin) ||
    (name === 'notifications' && !roleAtLeast(role, 'admin')) ||
    pageClosedToScope(name, scope) ? null : (
      <Link
        key={name}
        href={href(name)}
        className={`nav-item${page === name ? ' active' : ''}`}
        aria-current={page === name ? 'page' : undefined}
        data-testid={`nav-${name}`}
      >
        <span className="nav-icon" aria-hidden="true">
          {ICONS[name]}
        </span>
        {t(`nav.${name}`)}
      </Link>
    );

  return (
    <div className="shell">
      <aside className="sidebar">
        <Brand />
        <nav aria-label="markpi">
          <div className="nav-group">{t('nav.analyse')}</div>
          {ANALYSE.map(item)}
          <div className="nav-group">{t('nav.manage')}</div>
          {MANAGE.map(item)}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <label className="workspace-switcher">
            <span className="sr-only">{t('header.workspace')}</span>
            <select
              value={workspaceId}
              data-testid="workspace-switcher"
              onChange={(event) => navigate(`/workspaces/${encodeURIComponent(event.target.value)}/${page}`)}
            >
              {session.workspaces.map((workspace) => (
                <option key={workspace.id} value={workspace.id}>
                  {workspace.name}
                </option>
              ))}
            </select>
          </label>
          <RoleBadge role={role} />
          <ScopeChip scope={scope} />
          <div className="topbar-spacer" />
          <FreshnessChip workspaceId={workspaceId} />
          <InboxBell workspaceId={workspaceId} active={page === 'inbox'} />
          <LanguageSwitch />
          <Link className="user" href={href('account')} title={t('account.open')} data-testid="account-link">
            <span className="avatar" aria-hidden="true">
              {(session.user.displayName || session.user.login).slice(0, 1).toUpperCase()}
            </span>
            <span className="user-name" data-testid="user-name">
              {session.user.displayName || session.user.login}
            </span>
          </Link>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => void logout()}
            data-testid="logout"
          >
            {t('header.logout')}
          </button>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
