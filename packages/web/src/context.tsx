/**
 * Who is logged in, and the workspace being looked at with its catalog. Pages read these
 * through hooks instead of fetching the catalog again each time.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Catalog, CatalogKpi, Role, Session, Workspace } from './api/types';
import { useLanguage } from './i18n';
import type { FormatContext } from './lib/format';

export interface SessionState {
  session: Session;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a logged-in page');
  return value;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** What every data page needs: the catalog for names and units, and how to format numbers. */
export interface DataScope {
  catalog: Catalog;
  format: FormatContext;
  kpi: (id: string) => CatalogKpi | undefined;
  kpiName: (id: string) => string;
  dimensionName: (id: string) => string;
}

export interface WorkspaceState extends DataScope {
  workspace: Workspace;
  role: Role;
  canEdit: boolean;
  isAdmin: boolean;
  reloadCatalog: () => void;
  reloadWorkspace: () => void;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside a workspace page');
  return value;
}

export const DataScopeContext = createContext<DataScope | null>(null);

export function useDataScope(): DataScope {
  const value = useContext(DataScopeContext);
  if (!value) throw new Error('useDataScope outside a data page');
  return value;
}

/** Builds the name lookups for a catalog in the current language. */
export function useCatalogScope(catalog: Catalog, currency: string): DataScope {
  const { language, pick } = useLanguage();
  return useMemo(() => {
    const kpis = new Map(catalog.kpis.map((kpi) => [kpi.id, kpi]));
    const dimensions = new Map(catalog.dimensions.map((dimension) => [dimension.id, dimension]));
    return {
      catalog,
      format: { locale: language, currency },
      kpi: (id) => kpis.get(id),
      kpiName: (id) => pick(kpis.get(id)?.name) || id,
      dimensionName: (id) => pick(dimensions.get(id)?.name) || id,
    };
  }, [catalog, currency, language]);
}

export function DataScopeProvider({ scope, children }: { scope: DataScope; children: ReactNode }) {
  return <DataScopeContext.Provider value={scope}>{children}</DataScopeContext.Provider>;
}
