/** The header's chip for a scoped member: the rows they see, e.g. "范围：抖音". */
import type { AccessScope } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useScopeText } from '../pages/ScopePicker';

/** The caller's scope in a workspace (its detail carries it); null while unknown or unscoped. */
export function useWorkspaceScope(workspaceId: string): AccessScope | null {
  const workspace = useResource(`workspace|${workspaceId}|scope`, (signal) =>
    api.workspace(workspaceId, signal),
  );
  return workspace.data?.workspace.scope ?? null;
}

export function ScopeChip({ scope }: { scope: AccessScope | null }) {
  const { t } = useTranslation();
  const scopeText = useScopeText();
  const values = scopeText(scope);
  if (!values) return null;
  return (
    <span className="chip chip-scope" title={t('access.chipTitle')} data-testid="scope-chip">
      {t('access.chip', { values })}
    </span>
  );
}
