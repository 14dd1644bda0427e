/**
 * What a share link opens, read-only, within the link's scope (the header says it): its pages and
 * nothing else — the workspace's overview, a board (its cards answered through the link's board
 * route), a read-only Explore — as tabs when it opens several, in the order the link names them. A
 * page asked in the URL that the link does not open is not shown (nor its route asked). The token
 * is in the path; no session is needed or used.
 */
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Catalog, ShareInfo } from '../api/types';
import { useResource } from '../api/use-resource';
import { Brand, LanguageSwitch } from '../components/Layout';
import { FunnelPanel, TileGrid } from '../components/OverviewPanels';
import { CompareSelect, PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { SharedBoard } from '../components/share/SharedBoard';
import { SharedExplore } from '../components/share/SharedExplore';
import { useCatalogScope, WorkspaceContext, type WorkspaceState } from '../context';
import { useLanguage } from '../i18n';
import { isDay, lastDays } from '../lib/dates';
import { formatDay, formatRange } from '../lib/format';
import { type ShareTab, shareTabs, shownTab } from '../lib/share-pages';
import { useSearchState } from '../router';
import { usePagesText, useScopeText } from './ScopePicker';

export function SharePage({ token }: { token: string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const scopeText = useScopeText();
  const info = useResource(`share|${token}`, async (signal) => {
    const [shared, catalog] = await Promise.all([
      api.shareInfo(token, signal),
      api.shareCatalog(token, signal),
    ]);
    return { shared, catalog };
  });
  let body: ReactNode;
  if (info.error) {
    const code = isApiError(info.error) ? info.error.code : '';
    const message =
      code === 'share_link_expired'
        ? t('share.expired')
        : code === 'share_link_revoked'
          ? t('share.revoked')
          : code === 'share_link_invalid'
            ? t('share.invalid')
            : null;
    body = message ? (
      <Empty title={message} icon="⊘" />
    ) : (
      <ErrorState error={info.error} onRetry={info.reload} />
    );
  } else if (!info.data) body = <Loading />;
  else
    body = (
      <SharedPages
        token={token}
        shared={info.data.shared}
        catalog={info.data.catalog}
        scopeText={scopeText(info.data.shared.scope) ?? undefined}
      />
    );
  const scoped = info.data ? scopeText(info.data.shared.scope) : null;

  return (
    <div className="share-shell">
      <header className="topbar share-topbar">
        <Brand />
        <span className="badge badge-info" data-testid="read-only-badge">
          {t('header.readOnly')}
        </span>
        {info.data ? <strong className="share-workspace">{info.data.shared.workspace.name}</strong> : null}
        {scoped ? (
          <span className="chip chip-scope" data-testid="scope-chip">
            {t('access.chip', { values: scoped })}
          </span>
        ) : null}
        <div className="topbar-spacer" />
        {info.data ? (
          <span className="muted small">
            {t('share.expires', { date: formatDay(info.data.shared.expiresAt.slice(0, 10), language) })}
          </span>
        ) : null}
        <LanguageSwitch />
      </header>
      <main className="content share-content">{body}</main>
    </div>
  );
}

/**
 * The link's pages as tabs (the tab in the URL's `page=`), read through a workspace of the link's
 * own: its name and currency, a viewer's role, so the board's cards draw as the overview's do.
 */
function SharedPages({
  token,
  shared,
  catalog,
  scopeText,
}: {
  token: string;
  shared: ShareInfo;
  catalog: Catalog;
  scopeText: string | undefined;
}) {
  const { t } = useTranslation();
  const pagesText = usePagesText();
  const scope = useCatalogScope(catalog, shared.workspace.baseCurrency);
  const [search, setSearch] = useSearchState();
  const value = useMemo(
    (): WorkspaceState => ({
      ...scope,
      workspace: {
        id: 'share',
        name: shared.workspace.name,
        role: 'viewer',
        createdAt: '',
        baseCurrency: shared.workspace.baseCurrency,
        timeZone: shared.workspace.timeZone,
        dataRange: shared.dataRange,
        scope: shared.scope,
      },
      role: 'viewer',
      canEdit: false,
      isAdmin: false,
      reloadCatalog: () => undefined,
      reloadWorkspace: () => undefined,
    }),
    [scope, shared],
  );
  const tabs = shareTabs(shared.pages);
  const shown = shownTab(tabs, search.get('page'));
  if (!shown) return <Empty title={t('access.linkPagesOnly', { pages: pagesText(shared.pages) })} />;
  // Boards by their names; one no longer shared by its place among the link's boards (ids mean nothing).
  const boardTabs = tabs.filter((tab) => tab.kind === 'board');
  const boardNames = new Map(shared.boards.map((board) => [board.id, board.name]));
  const tabName = (tab: ShareTab) =>
    tab.kind !== 'board'
      ? t(`access.page.${tab.kind}`)
      : (boardNames.get(tab.board) ??
        (boardTabs.length === 1
          ? t('sharePages.board')
          : t('sharePages.boardNumbered', { number: boardTabs.indexOf(tab) + 1 })));
  return (
    <WorkspaceContext.Provider value={value}>
      {tabs.length > 1 ? (
        <nav className="tabs" aria-label={t('sharePages.tabs')} data-testid="share-tabs">
          {tabs.map((tab) => (
            <button
              key={tab.page}
              type="button"
              className={`tab link-button${tab.page === shown.page ? ' active' : ''}`}
              aria-current={tab.page === shown.page ? 'page' : undefined}
              data-testid={`share-tab-${tab.kind}`}
              data-page={tab.page}
              onClick={() => setSearch({ page: tab.page === tabs[0]?.page ? null : tab.page })}
            >
              {tabName(tab)}
            </button>
          ))}
        </nav>
      ) : null}
      {shown.kind === 'overview' ? (
        <SharedOverview token={token} shared={shared} catalog={catalog} />
      ) : shown.kind === 'board' ? (
        <SharedBoard key={shown.page} token={token} board={shown.board} scopeText={scopeText} />
      ) : (
        <SharedExplore token={token} shared={shared} />
      )}
    </WorkspaceContext.Provider>
  );
}

function SharedOverview({ token, shared, catalog }: { token: string; shared: ShareInfo; catalog: Catalog }) {
  const { t } = useTranslation();
  const scope = useCatalogScope(catalog, shared.workspace.baseCurrency);
  const { format } = scope;
  const [search, setSearch] = useSearchState();
  const lastDay = shared.dataRange?.to;
  const from = search.get('from');
  const to = search.get('to');
  const period =
    from && to && isDay(from) && isDay(to) ? { from, to } : lastDay ? lastDays(lastDay, 30) : null;
  const compare = search.get('compare') === 'last_year' ? 'last_year' : 'previous';
  const overview = useResource(
    shared.dataRange && period ? `${token}|${period.from}|${period.to}|${compare}` : null,
    (signal) => api.shareOverview(token, { from: period!.from, to: period!.to, compare }, signal),
  );
  if (!shared.dataRange || !lastDay || !period) return <Empty title={t('state.noData')} />;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('overview.title')}</h1>
          <div className="page-subtitle">
            {overview.data
              ? t('overview.subtitle', {
                  range: formatRange(overview.data.period.from, overview.data.period.to, format.locale),
                  compare: t(`compare.${overview.data.compare}`),
                })
              : t('share.readOnly')}
          </div>
        </div>
        <div className="page-actions">
          <PeriodPicker
            value={period}
            lastDay={lastDay}
            bounds={shared.dataRange}
            onChange={(range) => setSearch({ from: range.from, to: range.to })}
          />
          <CompareSelect
            value={compare}
            onChange={(value) => setSearch({ compare: value === 'last_year' ? value : null })}
          />
        </div>
      </div>
      {overview.error ? (
        <ErrorState error={overview.error} onRetry={overview.reload} />
      ) : !overview.data ? (
        <Loading />
      ) : (
        <div
          data-testid="overview"
          data-ready={!overview.loading}
          className={overview.loading ? 'refreshing' : undefined}
        >
          <TileGrid overview={overview.data} format={format} />
          <FunnelPanel overview={overview.data} format={format} />
        </div>
      )}
    </>
  );
}
