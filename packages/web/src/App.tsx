/**
 * The app: a share link's page needs no session; everything else starts with `GET /api/me`
 * and shows the login page until there is one. Workspace pages load the workspace and its
 * catalog once and hand them down through context.
 */
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, onUnauthenticated, setCsrfToken } from './api/client';
import { api } from './api/endpoints';
import type { Catalog, Workspace } from './api/types';
import { COMPARISON_TABLES, type ComparisonTable, type Session } from './api/types';
import { useResource } from './api/use-resource';
import { Layout, type PageName } from './components/Layout';
import { ChunkErrorBoundary, Empty, ErrorState, Loading } from './components/States';
import { WhyHost } from './components/Why';
import {
  DataScopeProvider,
  roleAtLeast,
  SessionContext,
  type SessionState,
  useCatalogScope,
  useSession,
  WorkspaceContext,
  type WorkspaceState,
} from './context';
import { matchPath, navigate, useLocation } from './router';

// Each page is its own chunk, fetched when first shown: the login page and the overview don't
// download the other pages, nor ECharts, which only Explore and a target's page draw with.
const loadPage = {
  account: () => import('./pages/AccountPage'),
  attribution: () => import('./pages/AttributionPage'),
  audiences: () => import('./pages/AudiencesPage'),
  cohorts: () => import('./pages/CohortsPage'),
  catalog: () => import('./pages/CatalogPage'),
  compare: () => import('./pages/ComparePage'),
  creators: () => import('./pages/CreatorsPage'),
  explore: () => import('./pages/ExplorePage'),
  imports: () => import('./pages/ImportsPage'),
  incidents: () => import('./pages/IncidentsPage'),
  inbox: () => import('./pages/InboxPage'),
  lift: () => import('./pages/LiftPage'),
  login: () => import('./pages/LoginPage'),
  notifications: () => import('./pages/NotificationsPage'),
  overview: () => import('./pages/OverviewPage'),
  settings: () => import('./pages/SettingsPage'),
  search: () => import('./pages/SearchVisibilityPage'),
  share: () => import('./pages/SharePage'),
  target: () => import('./pages/TargetDetailPage'),
  targets: () => import('./pages/TargetsPage'),
};
const AccountPage = lazy(() => loadPage.account().then((m) => ({ default: m.AccountPage })));
const AttributionPage = lazy(() => loadPage.attribution().then((m) => ({ default: m.AttributionPage })));
const AudiencesPage = lazy(() => loadPage.audiences().then((m) => ({ default: m.AudiencesPage })));
const CohortsPage = lazy(() => loadPage.cohorts().then((m) => ({ default: m.CohortsPage })));
const CatalogPage = lazy(() => loadPage.catalog().then((m) => ({ default: m.CatalogPage })));
const ComparePage = lazy(() => loadPage.compare().then((m) => ({ default: m.ComparePage })));
const CreatorsPage = lazy(() => loadPage.creators().then((m) => ({ default: m.CreatorsPage })));
const ExplorePage = lazy(() => loadPage.explore().then((m) => ({ default: m.ExplorePage })));
const ImportsPage = lazy(() => loadPage.imports().then((m) => ({ default: m.ImportsPage })));
const IncidentsPage = lazy(() => loadPage.incidents().then((m) => ({ default: m.IncidentsPage })));
const InboxPage = lazy(() => loadPage.inbox().then((m) => ({ default: m.InboxPage })));
const LiftPage = lazy(() => loadPage.lift().then((m) => ({ default: m.LiftPage })));
const LoginPage = lazy(() => loadPage.login().then((m) => ({ default: m.LoginPage })));
const NotificationsPage = lazy(() =>
  loadPage.notifications().then((m) => ({ default: m.NotificationsPage })),
);
const OverviewPage = lazy(() => loadPage.overview().then((m) => ({ default: m.OverviewPage })));
const SearchVisibilityPage = lazy(() => loadPage.search().then((m) => ({ default: m.SearchVisibilityPage })));
const SettingsPage = lazy(() => loadPage.settings().then((m) => ({ default: m.SettingsPage })));
const SharePage = lazy(() => loadPage.share().then((m) => ({ default: m.SharePage })));
const TargetDetailPage = lazy(() => loadPage.target().then((m) => ({ default: m.TargetDetailPage })));
const TargetsPage = lazy(() => loadPage.targets().then((m) => ({ default: m.TargetsPage })));

/** A lazily loaded page: the loading state while its chunk arrives, an error if it can't. */
function PageLoader({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

const LAST_WORKSPACE_KEY = 'markpi.workspace';

export function App() {
  const { path } = useLocation();
  const share = matchPath('/share/:token', path);
  if (share)
    return (
      <PageLoader>
        <SharePage token={share.token!} />
      </PageLoader>
    );
  return <LoggedIn />;
}

type SessionLoad =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'ready'; session: Session }
  | { status: 'error'; error: unknown };

function LoggedIn() {
  const [state, setState] = useState<SessionLoad>({ status: 'loading' });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'ready', session });
  }, []);

  const load = useCallback(async () => {
    try {
      accept(await api.me());
    } catch (error) {
      setState(
        isApiError(error) && error.status === 401 ? { status: 'anonymous' } : { status: 'error', error },
      );
    }
  }, [accept]);

  useEffect(() => {
    void load();
    return onUnauthenticated(() => {
      setCsrfToken('');
      setState({ status: 'anonymous' });
    });
  }, [load]);

  const value = useMemo((): SessionState | null => {
    if (state.status !== 'ready') return null;
    return {
      session: state.session,
      refresh: load,
      logout: async () => {
        try {
          await api.logout();
        } finally {
          setCsrfToken('');
          setState({ status: 'anonymous' });
          navigate('/login', { replace: true });
        }
      },
    };
  }, [state, load]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={() => void load()} />;
  if (state.status === 'anonymous' || !value)
    return (
      <PageLoader>
        <LoginPage onLogin={accept} />
      </PageLoader>
    );
  return (
    <SessionContext.Provider value={value}>
      <Routes />
    </SessionContext.Provider>
  );
}

const PAGES: readonly PageName[] = [
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
  'imports',
  'catalog',
  'settings',
  'inbox',
  'incidents',
  'notifications',
  'account',
];

function Routes() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const { session } = useSession();
  const match =
    matchPath('/workspaces/:ws/:page/:detail', path) ??
    matchPath('/workspaces/:ws/:page', path) ??
    matchPath('/workspaces/:ws', path);

  const page =
    match && (PAGES as readonly string[]).includes(match.page ?? 'overview')
      ? ((match.page ?? 'overview') as PageName)
      : null;
  const chunk = page === 'targets' && match?.detail ? 'target' : page;

  useEffect(() => {
    // Fetch the page's code while its workspace and catalog load, not after them; should it
    // fail, the page says so when it renders.
    if (chunk) loadPage[chunk]().catch(() => undefined);
  }, [chunk]);

  useEffect(() => {
    if (match) return;
    // Anything else (/, /login): the last workspace used, else the first one.
    const remembered = window.localStorage.getItem(LAST_WORKSPACE_KEY);
    const target =
      session.workspaces.find((workspace) => workspace.id === remembered) ?? session.workspaces[0];
    if (target) navigate(`/workspaces/${encodeURIComponent(target.id)}/overview`, { replace: true });
  }, [match, session.workspaces]);

  if (!match) {
    return session.workspaces.length === 0 ? (
      <div className="content">
        <Empty title={t('state.noWorkspace')}>{t('state.noWorkspaceBody')}</Empty>
      </div>
    ) : (
      <Loading />
    );
  }
  return (
    <WorkspaceShell workspaceId={match.ws!} page={page ?? 'overview'}>
      {page === null ? (
        <Empty title={t('state.pageMissing')} />
      ) : (
        <PageLoader key={page}>
          <PageContent page={page} detail={match.detail} />
        </PageLoader>
      )}
    </WorkspaceShell>
  );
}

function PageContent({ page, detail }: { page: PageName; detail: string | undefined }) {
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'explore':
      return <ExplorePage />;
    case 'compare': {
      const table = (COMPARISON_TABLES as readonly string[]).includes(detail ?? '')
        ? (detail as ComparisonTable)
        : 'channels';
      return <ComparePage key={table} table={table} />;
    }
    case 'attribution':
      return <AttributionPage />;
    case 'creators':
      return <CreatorsPage creator={detail} />;
    case 'audiences':
      return <AudiencesPage />;
    case 'search':
      return <SearchVisibilityPage />;
    case 'cohorts':
      return <CohortsPage />;
    case 'lift':
      return <LiftPage />;
    case 'targets':
      return detail ? <TargetDetailPage key={detail} targetId={detail} /> : <TargetsPage />;
    case 'imports':
      return <ImportsPage />;
    case 'catalog':
      return <CatalogPage />;
    case 'settings':
      return <SettingsPage tab={detail} />;
    case 'inbox':
      return <InboxPage tab={detail} />;
    case 'incidents':
      return <IncidentsPage incidentId={detail} />;
    case 'notifications':
      return <NotificationsPage />;
    case 'account':
      return <AccountPage />;
  }
}

function WorkspaceShell({
  workspaceId,
  page,
  children,
}: {
  workspaceId: string;
  page: PageName;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const workspace = useResource(`workspace|${workspaceId}`, (signal) => api.workspace(workspaceId, signal));
  const catalog = useResource(`catalog|${workspaceId}`, (signal) => api.catalog(workspaceId, signal));

  useEffect(() => {
    if (workspace.data) window.localStorage.setItem(LAST_WORKSPACE_KEY, workspaceId);
  }, [workspace.data, workspaceId]);

  let body: ReactNode;
  const error = workspace.error ?? catalog.error;
  if (error) {
    body =
      isApiError(error) && error.status === 404 ? (
        <Empty title={t('state.notFound')} icon="⊘">
          {t('state.workspaceMissing')}
        </Empty>
      ) : (
        <ErrorState
          error={error}
          onRetry={() => {
            workspace.reload();
            catalog.reload();
          }}
        />
      );
  } else if (!workspace.data || !catalog.data || workspace.data.workspace.id !== workspaceId) {
    body = <Loading />;
  } else {
    body = (
      <WorkspaceProvider
        workspace={workspace.data.workspace}
        catalog={catalog.data}
        reloadCatalog={catalog.reload}
        reloadWorkspace={workspace.reload}
      >
        {children}
      </WorkspaceProvider>
    );
  }
  return (
    <Layout workspaceId={workspaceId} page={page}>
      {body}
    </Layout>
  );
}

function WorkspaceProvider({
  workspace,
  catalog,
  reloadCatalog,
  reloadWorkspace,
  children,
}: {
  workspace: Workspace;
  catalog: Catalog;
  reloadCatalog: () => void;
  reloadWorkspace: () => void;
  children: ReactNode;
}) {
  const scope = useCatalogScope(catalog, workspace.baseCurrency);
  const value = useMemo(
    (): WorkspaceState => ({
      ...scope,
      workspace,
      role: workspace.role,
      canEdit: roleAtLeast(workspace.role, 'editor'),
      isAdmin: roleAtLeast(workspace.role, 'admin'),
      reloadCatalog,
      reloadWorkspace,
    }),
    [scope, workspace, reloadCatalog, reloadWorkspace],
  );
  return (
    <WorkspaceContext.Provider value={value}>
      <DataScopeProvider scope={scope}>
        {children}
        <WhyHost />
      </DataScopeProvider>
    </WorkspaceContext.Provider>
  );
}
