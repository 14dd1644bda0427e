/** The header's chip for a scoped member: the rows they see, e.g. "范围：抖音". */
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useScopeText } from '../pages/ScopePicker';

export function ScopeChip({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const scopeText = useScopeText();
  // The workspace's detail carries the caller's scope (a small answer, asked beside the page's).
  const workspace = useResource(`workspace|${workspaceId}`, (signal) => api.workspace(workspaceId, signal));
  const values = scopeText(workspace.data?.workspace.scope);
  if (!values) return null;
  return (
    <span className="chip chip-scope" title={t('access.chipTitle')} data-testid="scope-chip">
      {t('access.chip', { values })}
    </span>
  );
}
