/**
 * The overview's "edit tiles" mode: the overview is the workspace's default board, and its tiles —
 * GMV or any KPI of the catalog, the workspace's own included — are added, removed and put in
 * order here, for everyone (editors) or for oneself over the workspace's, and reset to what lies
 * under (one's own to the workspace's, the workspace's to the defaults).
 */
import type { OverviewTiles } from '@markpi/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boardsApi } from '../api/boards';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';

export function TilesEditor({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { workspace, canEdit, catalog, kpiName } = useWorkspace();
  const tiles = useResource(`${workspace.id}|tiles`, (signal) => boardsApi.tiles(workspace.id, signal));
  const [draft, setDraft] = useState<string[] | null>(null);
  const [scope, setScope] = useState<'workspace' | 'mine'>(canEdit ? 'workspace' : 'mine');
  const [failed, setFailed] = useState<string | null>(null);

  const settle = async (work: Promise<OverviewTiles>) => {
    setFailed(null);
    try {
      const next = await work;
      setDraft(next.kpis);
      tiles.reload();
      onChanged();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    }
  };

  if (draft === null) {
    return (
      <div className="tiles-editor-bar">
        {tiles.data ? <span className="muted small">{t(`tiles.source.${tiles.data.source}`)}</span> : null}
        <button
          type="button"
          className="link-button small"
          data-testid="tiles-edit"
          disabled={!tiles.data}
          onClick={() => setDraft(tiles.data?.kpis ?? [])}
        >
          {t('tiles.edit')}
        </button>
      </div>
    );
  }
  const move = (index: number, by: number) => {
    const next = [...draft];
    const [kpi] = next.splice(index, 1);
    next.splice(index + by, 0, kpi!);
    setDraft(next);
  };
  return (
    <section className="card tiles-editor" data-testid="tiles-editor">
      <div className="card-header">
        <h2>{t('tiles.title')}</h2>
        <button type="button" className="link-button small" onClick={() => setDraft(null)}>
          {t('tiles.done')}
        </button>
      </div>
      <ol className="tiles-editor-list">
        {draft.map((kpi, index) => (
          <li key={kpi} data-testid="tiles-draft" data-kpi={kpi}>
            <span>{kpiName(kpi)}</span>
            <button
              type="button"
              className="link-button"
              disabled={index === 0}
              aria-label={t('tiles.left', { kpi: kpiName(kpi) })}
              onClick={() => move(index, -1)}
            >
              ←
            </button>
            <button
              type="button"
              className="link-button"
              disabled={index === draft.length - 1}
              aria-label={t('tiles.right', { kpi: kpiName(kpi) })}
              onClick={() => move(index, 1)}
            >
              →
            </button>
            <button
              type="button"
              className="link-button"
              aria-label={t('tiles.remove', { kpi: kpiName(kpi) })}
              onClick={() => setDraft(draft.filter((entry) => entry !== kpi))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div className="board-form">
        <select
          aria-label={t('tiles.add')}
          data-testid="tiles-add"
          value=""
          onChange={(event) => event.target.value && setDraft([...draft, event.target.value])}
        >
          <option value="">{t('tiles.add')}</option>
          {catalog.kpis
            .filter((kpi) => !draft.includes(kpi.id))
            .map((kpi) => (
              <option key={kpi.id} value={kpi.id}>
                {kpiName(kpi.id)}
              </option>
            ))}
        </select>
        {canEdit ? (
          <select
            aria-label={t('tiles.forWorkspace')}
            data-testid="tiles-scope"
            value={scope}
            onChange={(event) => setScope(event.target.value === 'mine' ? 'mine' : 'workspace')}
          >
            <option value="workspace">{t('tiles.forWorkspace')}</option>
            <option value="mine">{t('tiles.forMe')}</option>
          </select>
        ) : (
          <span className="muted small">{t('tiles.forMe')}</span>
        )}
        <button
          type="button"
          className="button"
          data-testid="tiles-save"
          disabled={draft.length === 0}
          onClick={() => void settle(boardsApi.setTiles(workspace.id, { kpis: draft, scope }))}
        >
          {t('tiles.save')}
        </button>
        <button
          type="button"
          className="link-button small"
          data-testid="tiles-reset"
          onClick={() => void settle(boardsApi.resetTiles(workspace.id, scope))}
        >
          {t(scope === 'mine' ? 'tiles.resetMine' : 'tiles.reset')}
        </button>
        {failed ? <span className="error small">{failed}</span> : null}
      </div>
    </section>
  );
}
