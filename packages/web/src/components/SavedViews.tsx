/**
 * Explore's saved views: the workspace's questions kept by name, each a link that asks it again
 * (a named period is resolved again on the day it is opened), and for editors a field to keep the
 * question on screen under a name.
 */
import type { SavedView, ViewInput } from '@markpi/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { pickKey, pickParam } from '../lib/filters';
import { Link } from '../router';

/** The Explore address that asks a saved view's question. */
export function viewHref(workspaceId: string, view: SavedView): string {
  const query = new URLSearchParams({ kpis: view.kpis.join(','), grain: view.grain });
  if (view.dimensions.length > 0) query.set('dims', view.dimensions.join(','));
  if (view.filter) query.set('filter', view.filter);
  for (const [dimension, values] of Object.entries(view.picks ?? {})) {
    const param = pickParam(values);
    if (param) query.set(pickKey(dimension), param);
  }
  if (view.period) query.set('period', view.period);
  else if (view.from && view.to) {
    query.set('from', view.from);
    query.set('to', view.to);
  }
  if (view.compare) query.set('compare', view.compare);
  return `/workspaces/${encodeURIComponent(workspaceId)}/explore?${query.toString()}`;
}

export function SavedViews({ question }: { question: Omit<ViewInput, 'name'> | null }) {
  const { t } = useTranslation();
  const { workspace, canEdit } = useWorkspace();
  const views = useResource(`${workspace.id}|views`, (signal) => api.views(workspace.id, signal));
  const [name, setName] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const save = async () => {
    if (!question || !name.trim()) return;
    setFailed(null);
    try {
      await api.saveView(workspace.id, { ...question, name: name.trim() });
      setName('');
      views.reload();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="field saved-views" data-testid="saved-views">
      <span className="field-label">{t('views.title')}</span>
      {(views.data?.views ?? []).length === 0 ? (
        <span className="muted small">{t('views.none')}</span>
      ) : (
        <ul className="saved-view-list">
          {(views.data?.views ?? []).map((view) => (
            <li key={view.id}>
              <Link href={viewHref(workspace.id, view)} data-testid="saved-view" data-view={view.id}>
                {view.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {canEdit && question ? (
        <div className="saved-view-form">
          <input
            className="input"
            value={name}
            maxLength={200}
            placeholder={t('views.name')}
            aria-label={t('views.name')}
            data-testid="view-name"
            onChange={(event) => setName(event.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={!name.trim()}
            data-testid="view-save"
            onClick={() => void save()}
          >
            {t('views.save')}
          </button>
          {failed ? <span className="error small">{failed}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
