/**
 * A chart's notes: the workspace's annotations whose days and scope the chart holds, listed under
 * it (the chart draws them as marked lines), and a form to add one on the day of the point last
 * clicked, for the whole workspace or the channel or campaign the page's filter keeps; the
 * workspace's events in the chart's days (its event calendars, its pushes) are noted in one go,
 * a retail sales day's note read in the reader's language.
 */
import type { Annotation } from '@markpi/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useWorkspace } from '../context';
import { isDay } from '../lib/dates';
import { formatDay } from '../lib/format';
import { eventName } from '../lib/periods';
import './annotations.css';

type NoteScope = { scope: 'all' } | { scope: 'channel' | 'campaign'; value: string };

export function AnnotationPanel({
  notes,
  pickedDay,
  constraints,
  window,
  onChanged,
}: {
  notes: readonly Annotation[];
  /** The day of the chart point last clicked: where a new note goes. */
  pickedDay: string | null;
  /** The channels and campaigns the page's filter keeps. */
  constraints: Record<string, string[]>;
  /** The chart's days: the events in them can be noted at once. */
  window: { from: string; to: string };
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { workspace, format, canEdit } = useWorkspace();
  const [text, setText] = useState('');
  const [day, setDay] = useState<string | null>(null);
  const [scopeIndex, setScopeIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const date = day ?? pickedDay;
  // A scope the page keeps one value of can be the note's; otherwise the whole workspace.
  const scopes: NoteScope[] = [{ scope: 'all' }];
  for (const dimension of ['channel', 'campaign'] as const)
    if (constraints[dimension]?.length === 1)
      scopes.push({ scope: dimension, value: constraints[dimension][0]! });
  const chosen = scopes[Math.min(scopeIndex, scopes.length - 1)]!;
  const scopeLabel = (scope: NoteScope) =>
    scope.scope === 'all'
      ? t('notes.scopeAll')
      : t(scope.scope === 'channel' ? 'notes.scopeChannel' : 'notes.scopeCampaign', { value: scope.value });

  const save = async () => {
    if (!date || !text.trim()) return;
    setBusy(true);
    setFailed(null);
    try {
      await api.addAnnotation(workspace.id, { date, note: text.trim(), ...chosen });
      setText('');
      setDay(null);
      onChanged();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="annotation-panel" data-testid="annotations">
      <h3>{t('notes.title')}</h3>
      {notes.length === 0 ? (
        <p className="muted small">{t('notes.none')}</p>
      ) : (
        <ul className="annotation-list" data-testid="annotations-in-view">
          {notes.map((note) => (
            <li key={note.id} data-note={note.id}>
              <strong>
                {formatDay(note.date, format.locale)}
                {note.to ? ` – ${formatDay(note.to, format.locale)}` : ''}
              </strong>{' '}
              <span data-testid="annotation-text">{eventName(note.note, i18n.language)}</span>{' '}
              <span className="muted small">
                {scopeLabel(
                  note.scope === 'all' || !note.value
                    ? { scope: 'all' }
                    : { scope: note.scope, value: note.value },
                )}
                {note.author ? ` · ${t('notes.by', { author: note.author })}` : ''}
              </span>
              {canEdit ? (
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => void api.removeAnnotation(workspace.id, note.id).then(onChanged)}
                >
                  {t('notes.remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <div className="annotation-form">
          <span className="muted small">
            {date ? t('notes.addOn', { date: formatDay(date, format.locale) }) : t('notes.pickHint')}
          </span>
          <input
            type="date"
            aria-label={t('notes.date')}
            value={date ?? ''}
            onChange={(event) => setDay(isDay(event.target.value) ? event.target.value : null)}
          />
          <input
            className="input"
            aria-label={t('notes.text')}
            placeholder={t('notes.text')}
            value={text}
            maxLength={500}
            data-testid="annotation-input"
            onChange={(event) => setText(event.target.value)}
          />
          <label className="inline-field">
            <span>{t('notes.scope')}</span>
            <select
              value={Math.min(scopeIndex, scopes.length - 1)}
              data-testid="annotation-scope"
              onChange={(event) => setScopeIndex(Number(event.target.value))}
            >
              {scopes.map((scope, index) => (
                <option key={scope.scope} value={index}>
                  {scopeLabel(scope)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={busy || !date || !text.trim()}
            data-testid="annotation-save"
            onClick={() => void save()}
          >
            {t('notes.save')}
          </button>
          <button
            type="button"
            className="link-button small"
            disabled={busy}
            data-testid="annotation-import-events"
            onClick={() => {
              setBusy(true);
              setFailed(null);
              void api
                .importEventAnnotations(workspace.id, window)
                .then(onChanged, (error: unknown) =>
                  setFailed(error instanceof Error ? error.message : String(error)),
                )
                .finally(() => setBusy(false));
            }}
          >
            {t('notes.importEvents')}
          </button>
          {failed ? <span className="error small">{failed}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
