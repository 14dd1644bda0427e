/** Settings of a workspace (admins): members and roles, share links, the audit log; accounts for server admins. */
import type { AccessScope, SharePage } from '@markpi/core';
import { auditActionLabel, auditDetailLabel } from '@markpi/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { AccountWithMemberships, AuditEntry, Member, Role, ShareLink } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { RoleBadge, StatusBadge } from '../components/Badges';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useSession, useWorkspace } from '../context';
import { formatDay, formatInstant, formatRange } from '../lib/format';
import { Link } from '../router';
import { PagesPicker, ScopePicker, usePagesText, useScopeText } from './ScopePicker';

const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const TABS = ['workspace', 'members', 'shareLinks', 'audit', 'users'] as const;
type Tab = (typeof TABS)[number];

export function SettingsPage({ tab }: { tab: string | undefined }) {
  const { t } = useTranslation();
  const { workspace, isAdmin } = useWorkspace();
  const { session } = useSession();
  const tabs = TABS.filter((name) => name !== 'users' || session.user.serverAdmin);
  const current: Tab = tabs.includes(tab as Tab) ? (tab as Tab) : 'workspace';
  const base = `/workspaces/${encodeURIComponent(workspace.id)}/settings`;
  if (!isAdmin)
    return (
      <>
        <PageHeader title={t('settings.title')} />
        <Empty title={t('state.forbidden')}>{t('settings.adminOnly')}</Empty>
      </>
    );
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <nav className="tabs">
        {tabs.map((name) => (
          <Link
            key={name}
            href={`${base}/${name}`}
            className={`tab${current === name ? ' active' : ''}`}
            data-testid={`settings-tab-${name}`}
          >
            {t(`settings.${name}`)}
          </Link>
        ))}
      </nav>
      {current === 'workspace' ? <WorkspaceSettings /> : null}
      {current === 'members' ? <Members /> : null}
      {current === 'shareLinks' ? <ShareLinks /> : null}
      {current === 'audit' ? <AuditLog /> : null}
      {current === 'users' ? <Accounts /> : null}
    </>
  );
}

function WorkspaceSettings() {
  const { t } = useTranslation();
  const { workspace, format, reloadWorkspace } = useWorkspace();
  const [name, setName] = useState(workspace.name);
  const [currency, setCurrency] = useState(workspace.baseCurrency);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await api.updateWorkspace(workspace.id, { name, baseCurrency: currency, timeZone });
      setSaved(true);
      reloadWorkspace();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="card narrow">
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('settings.name')}</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <div className="field">
          <span className="field-label">{t('settings.dataRange')}</span>
          <div className="static-value">
            {workspace.dataRange
              ? formatRange(workspace.dataRange.from, workspace.dataRange.to, format.locale)
              : '—'}
          </div>
        </div>
        <label className="field">
          <span className="field-label">{t('settings.currency')}</span>
          <input
            className="input mono"
            value={currency}
            maxLength={3}
            onChange={(event) => setCurrency(event.target.value.toUpperCase())}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('settings.timeZone')}</span>
          <input
            className="input mono"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
          />
        </label>
      </div>
      <InlineError error={error} />
      <div className="form-actions">
        {saved ? <span className="ok">{t('settings.saved')}</span> : null}
        <span className="spacer" />
        <button type="button" className="button button-primary" onClick={() => void save()}>
          {t('action.save')}
        </button>
      </div>
    </section>
  );
}

function Members() {
  const { t } = useTranslation();
  const { workspace, format } = useWorkspace();
  const { session } = useSession();
  const members = useResource(`${workspace.id}|members`, (signal) => api.members(workspace.id, signal));
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [scope, setScope] = useState<AccessScope | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const scopeText = useScopeText();
  const { error, run } = useAction(members.reload);
  const columns: TableColumn<Member>[] = [
    {
      key: 'displayName',
      header: t('settings.displayName'),
      sortValue: (member) => member.displayName,
      render: (member) => member.displayName || '—',
    },
    {
      key: 'login',
      header: t('settings.login'),
      sortValue: (member) => member.login,
      render: (member) => <code>{member.login}</code>,
    },
    {
      key: 'role',
      header: t('settings.role'),
      render: (member) =>
        member.userId === session.user.id ? (
          <RoleBadge role={member.role} />
        ) : (
          <select
            value={member.role}
            aria-label={t('settings.role')}
            onChange={(event) =>
              void run(() => api.setRole(workspace.id, member.userId, event.target.value as Role))
            }
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`role.${option}`)}
              </option>
            ))}
          </select>
        ),
    },
    {
      key: 'scope',
      header: t('access.scope'),
      render: (member) =>
        member.role === 'admin' ? (
          <span className="muted small">{t('access.wholeWorkspace')}</span>
        ) : editing === member.userId ? (
          <ScopePicker
            value={member.scope}
            onChange={(next) => void run(() => api.setMemberScope(workspace.id, member.userId, next))}
            testId="member-scope"
          />
        ) : (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => setEditing(member.userId)}
            data-testid={`edit-scope-${member.login}`}
          >
            {scopeText(member.scope) ?? t('access.wholeWorkspace')}
          </button>
        ),
    },
    {
      key: 'added',
      header: t('settings.added'),
      sortValue: (member) => member.addedAt,
      render: (member) => formatDay(member.addedAt.slice(0, 10), format.locale),
    },
    {
      key: 'actions',
      header: '',
      render: (member) =>
        member.userId === session.user.id ? null : (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => void run(() => api.removeMember(workspace.id, member.userId))}
          >
            {t('settings.remove')}
          </button>
        ),
    },
  ];
  return (
    <section className="card">
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await api.addMember(workspace.id, login.trim(), role, role === 'admin' ? null : scope);
            setLogin('');
            setScope(null);
          });
        }}
      >
        <input
          className="input"
          placeholder={t('settings.login')}
          value={login}
          onChange={(event) => setLogin(event.target.value)}
          aria-label={t('settings.login')}
        />
        <select
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          aria-label={t('settings.role')}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`role.${option}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary" disabled={!login.trim()}>
          {t('settings.addMember')}
        </button>
        {role === 'admin' ? (
          <span className="muted small">{t('access.adminWhole')}</span>
        ) : (
          <ScopePicker value={scope} onChange={setScope} testId="new-member-scope" />
        )}
      </form>
      <InlineError error={error} />
      {members.error ? (
        <ErrorState error={members.error} onRetry={members.reload} />
      ) : !members.data ? (
        <Loading />
      ) : (
        <DataTable
          columns={columns}
          rows={members.data.members}
          rowKey={(member) => member.userId}
          testId="members-table"
        />
      )}
    </section>
  );
}

function linkState(link: ShareLink): 'active' | 'revoked' | 'expired' {
  return link.revokedAt ? 'revoked' : link.active ? 'active' : 'expired';
}

function ShareLinks() {
  const { t } = useTranslation();
  const { workspace, format } = useWorkspace();
  const links = useResource(`${workspace.id}|links`, (signal) => api.shareLinks(workspace.id, signal));
  const [label, setLabel] = useState('');
  const [days, setDays] = useState(30);
  const [scope, setScope] = useState<AccessScope | null>(null);
  const [pages, setPages] = useState<SharePage[]>(['overview']);
  const scopeText = useScopeText();
  const pagesText = usePagesText();
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async () => {
    setError(null);
    setCopied(false);
    try {
      const answer = await api.createShareLink(workspace.id, label.trim(), days, scope, pages);
      setCreated(`${window.location.origin}${answer.path}`);
      setLabel('');
      links.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const revoke = async (link: ShareLink) => {
    setError(null);
    try {
      await api.revokeShareLink(workspace.id, link.id);
      links.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const columns: TableColumn<ShareLink>[] = [
    {
      key: 'label',
      header: t('settings.label'),
      sortValue: (link) => link.label,
      render: (link) => link.label || '—',
    },
    { key: 'createdBy', header: t('settings.who'), render: (link) => link.createdBy },
    {
      key: 'opens',
      header: t('access.pages'),
      render: (link) => (
        <span className="small">
          {pagesText(link.pages)} · {scopeText(link.scope) ?? t('access.wholeWorkspace')}
        </span>
      ),
    },
    {
      key: 'created',
      header: t('settings.created'),
      sortValue: (link) => link.createdAt,
      render: (link) => formatInstant(link.createdAt, format.locale),
    },
    {
      key: 'expires',
      header: t('settings.expires'),
      sortValue: (link) => link.expiresAt,
      render: (link) => formatInstant(link.expiresAt, format.locale),
    },
    {
      key: 'status',
      header: t('settings.status'),
      render: (link) => {
        const state = linkState(link);
        return (
          <StatusBadge tone={state === 'active' ? 'good' : 'neutral'}>{t(`settings.${state}`)}</StatusBadge>
        );
      },
    },
    {
      key: 'actions',
      header: '',
      render: (link) =>
        link.active ? (
          <button
            type="button"
            className="button button-small button-danger-ghost"
            onClick={() => void revoke(link)}
            data-testid="revoke-link"
          >
            {t('action.revoke')}
          </button>
        ) : null,
    },
  ];
  return (
    <section className="card">
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <input
          className="input"
          placeholder={t('settings.label')}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          aria-label={t('settings.label')}
        />
        <label className="inline-field">
          <span>{t('settings.expiresInDays')}</span>
          <input
            className="input input-number"
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(event) => setDays(Math.min(365, Math.max(1, Number(event.target.value) || 1)))}
          />
        </label>
        <button type="submit" className="button button-primary" data-testid="create-link">
          {t('settings.createLink')}
        </button>
        <PagesPicker value={pages} onChange={setPages} />
        <ScopePicker value={scope} onChange={setScope} testId="link-scope" />
      </form>
      {created ? (
        <div className="callout callout-good created-link">
          <div>{t('settings.linkCreated')}</div>
          <div className="copy-row">
            <input
              className="input mono"
              readOnly
              value={created}
              data-testid="created-link"
              onFocus={(event) => event.target.select()}
            />
            <button
              type="button"
              className="button"
              onClick={() => {
                void navigator.clipboard?.writeText(created).then(() => setCopied(true));
              }}
            >
              {copied ? t('action.copied') : t('action.copy')}
            </button>
          </div>
        </div>
      ) : null}
      <InlineError error={error} />
      {links.error ? (
        <ErrorState error={links.error} onRetry={links.reload} />
      ) : !links.data ? (
        <Loading />
      ) : links.data.links.length === 0 ? (
        <Empty title={t('settings.noLinks')}>{t('settings.noLinksBody')}</Empty>
      ) : (
        <DataTable
          columns={columns}
          rows={links.data.links}
          rowKey={(link) => link.id}
          testId="links-table"
        />
      )}
    </section>
  );
}

function AuditLog() {
  const { t, i18n } = useTranslation();
  const spoken = i18n.language === 'zh-CN' ? 'zh' : 'en';
  // A role is said by its name; other details as recorded.
  const detailValue = (key: string, value: unknown) =>
    Array.isArray(value)
      ? value.join(', ')
      : ['role', 'from', 'to'].includes(key) && typeof value === 'string'
        ? t(`role.${value}`, { defaultValue: value })
        : String(value);
  const { workspace, format } = useWorkspace();
  const [pages, setPages] = useState<AuditEntry[][]>([]);
  const first = useResource(`${workspace.id}|audit`, (signal) => api.audit(workspace.id, undefined, signal));
  const [error, setError] = useState<unknown>(null);
  const entries = [...(first.data?.entries ?? []), ...pages.flat()];
  const more = async () => {
    const last = entries.at(-1);
    if (!last) return;
    try {
      const next = await api.audit(workspace.id, last.seq);
      setPages([...pages, next.entries]);
    } catch (caught) {
      setError(caught);
    }
  };
  const columns: TableColumn<AuditEntry>[] = [
    {
      key: 'at',
      header: t('settings.when'),
      render: (entry) => <span className="nowrap">{formatInstant(entry.at, format.locale)}</span>,
    },
    {
      key: 'who',
      header: t('settings.who'),
      render: (entry) => entry.userLogin ?? <span className="muted">{t('settings.system')}</span>,
    },
    {
      key: 'action',
      header: t('settings.action'),
      render: (entry) => <span title={entry.action}>{auditActionLabel(entry.action, spoken)}</span>,
    },
    { key: 'target', header: t('settings.target'), render: (entry) => entry.target },
    {
      key: 'details',
      header: t('settings.details'),
      render: (entry) => (
        <span className="details muted small">
          {Object.entries(entry.details)
            .map(
              ([key, value]) =>
                `${auditDetailLabel(key, spoken)}${spoken === 'zh' ? '：' : ': '}${detailValue(key, value)}`,
            )
            .join(' · ')}
        </span>
      ),
    },
  ];
  return (
    <section className="card">
      {first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : !first.data ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Empty title={t('settings.noAudit')} />
      ) : (
        <>
          <DataTable columns={columns} rows={entries} rowKey={(entry) => entry.id} testId="audit-table" />
          <InlineError error={error} />
          {(pages.at(-1) ?? first.data.entries).length >= 50 ? (
            <button type="button" className="button button-ghost" onClick={() => void more()}>
              {t('action.loadMore')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function Accounts() {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const { session } = useSession();
  // A workspace by its name where this account sees it, else by its id.
  const workspaceName = (id: string) =>
    session.workspaces.find((workspace) => workspace.id === id)?.name ?? id;
  const users = useResource('users', (signal) => api.users(signal));
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { error, run } = useAction(users.reload);
  const columns: TableColumn<AccountWithMemberships>[] = [
    {
      key: 'login',
      header: t('settings.login'),
      sortValue: (user) => user.login,
      render: (user) => <code>{user.login}</code>,
    },
    { key: 'displayName', header: t('settings.displayName'), render: (user) => user.displayName || '—' },
    {
      key: 'memberships',
      header: t('settings.members'),
      render: (user) => (
        <span className="small">
          {user.serverAdmin ? <StatusBadge tone="info">{t('settings.serverAdmin')}</StatusBadge> : null}{' '}
          {user.memberships
            .map((membership) => `${workspaceName(membership.workspaceId)} (${t(`role.${membership.role}`)})`)
            .join(', ')}
        </span>
      ),
    },
    {
      key: 'created',
      header: t('settings.created'),
      render: (user) => formatDay(user.createdAt.slice(0, 10), format.locale),
    },
    {
      key: 'status',
      header: t('settings.status'),
      render: (user) =>
        user.disabled ? (
          <StatusBadge tone="neutral">{t('settings.disabled')}</StatusBadge>
        ) : (
          <StatusBadge tone="good">{t('settings.active')}</StatusBadge>
        ),
    },
    {
      key: 'actions',
      header: '',
      render: (user) => (
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => void run(() => api.updateUser(user.id, { disabled: !user.disabled }))}
        >
          {user.disabled ? t('settings.enable') : t('settings.disable')}
        </button>
      ),
    },
  ];
  return (
    <section className="card">
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const answer = await api.createUser(login.trim(), displayName.trim(), false);
            if (answer.generatedPassword)
              setMessage(
                t('settings.generatedPassword', {
                  login: answer.user.login,
                  password: answer.generatedPassword,
                }),
              );
            setLogin('');
            setDisplayName('');
          });
        }}
      >
        <input
          className="input"
          placeholder={t('settings.login')}
          value={login}
          onChange={(event) => setLogin(event.target.value)}
          aria-label={t('settings.login')}
        />
        <input
          className="input"
          placeholder={t('settings.displayName')}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          aria-label={t('settings.displayName')}
        />
        <button type="submit" className="button button-primary" disabled={!login.trim()}>
          {t('settings.newAccount')}
        </button>
      </form>
      {message ? <div className="callout callout-good mono">{message}</div> : null}
      <InlineError error={error} />
      {users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading />
      ) : (
        <DataTable columns={columns} rows={users.data.users} rowKey={(user) => user.id} />
      )}
    </section>
  );
}
