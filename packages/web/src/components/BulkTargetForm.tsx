/**
 * One target for every entity shown on a scorecard: the same value for all, or each entity's own
 * baseline (the previous period of the same length, or last year) improved by a share. The server
 * saves them all or none; when some already have a target for the KPI and period, it says so and
 * nothing is saved until "replace" is ticked (each replaced target keeps its history).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import { refusalText } from '../api/refusals';
import type { BulkTargetResult } from '../api/types';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';

export interface BulkTargetFormProps {
  by: string;
  period: { from: string; to: string };
  /** The entities' ids, as the scorecard lists them. */
  entities: readonly string[];
  /** The template's KPIs; the first is preselected. */
  kpis: readonly string[];
  onSaved: (result: BulkTargetResult) => void;
  onClose: () => void;
}

export function BulkTargetForm({ by, period, entities, kpis, onSaved, onClose }: BulkTargetFormProps) {
  const { t } = useTranslation();
  const { workspace, kpiName } = useWorkspace();
  const { language } = useLanguage();
  const [kpi, setKpi] = useState(kpis[0] ?? '');
  const [mode, setMode] = useState<'same' | 'baseline'>('same');
  const [value, setValue] = useState('');
  const [uplift, setUplift] = useState('10');
  const [baseline, setBaseline] = useState<'previous' | 'last_year'>('previous');
  const [replace, setReplace] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const byName = t(`targets.byOptions.${by}`, { defaultValue: by });

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await api.bulkTargets(workspace.id, {
        kpi,
        by,
        period,
        entities: [...entities],
        value: mode === 'same' ? { same: Number(value) } : { baseline, uplift: Number(uplift) / 100 },
        ...(replace ? { replace: true } : {}),
      });
      onSaved(result);
    } catch (caught) {
      if (isApiError(caught) && caught.status === 409) setError(t('bulkTargets.exists'));
      else if (isApiError(caught)) setError(refusalText(caught, language));
      else throw caught;
    } finally {
      setSaving(false);
    }
  };

  const ready =
    kpi !== '' &&
    (mode === 'same' ? value.trim() !== '' && Number.isFinite(Number(value)) : uplift.trim() !== '');
  return (
    <form
      className="card bulk-targets"
      data-testid="bulk-targets"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{t('bulkTargets.title', { by: byName })}</h3>
      <p className="muted">
        {t('bulkTargets.entities', { count: entities.length, by: byName, from: period.from, to: period.to })}
      </p>
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('bulkTargets.kpi')}</span>
          <select value={kpi} onChange={(event) => setKpi(event.target.value)} data-testid="bulk-kpi">
            {kpis.map((id) => (
              <option key={id} value={id}>
                {kpiName(id)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('bulkTargets.mode')}</span>
          <select
            value={mode}
            onChange={(event) => setMode(event.target.value as 'same' | 'baseline')}
            data-testid="bulk-mode"
          >
            <option value="same">{t('bulkTargets.same')}</option>
            <option value="baseline">{t('bulkTargets.fromBaseline')}</option>
          </select>
        </label>
        {mode === 'same' ? (
          <label className="inline-field">
            <span>{t('bulkTargets.value')}</span>
            <input
              type="number"
              step="any"
              value={value}
              onChange={(event) => setValue(event.target.value)}
              data-testid="bulk-value"
            />
          </label>
        ) : (
          <>
            <label className="inline-field">
              <span>{t('bulkTargets.baseline')}</span>
              <select
                value={baseline}
                onChange={(event) => setBaseline(event.target.value as 'previous' | 'last_year')}
              >
                <option value="previous">{t('bulkTargets.baselines.previous')}</option>
                <option value="last_year">{t('bulkTargets.baselines.last_year')}</option>
              </select>
            </label>
            <label className="inline-field">
              <span>{t('bulkTargets.uplift')}</span>
              <input
                type="number"
                step="any"
                value={uplift}
                onChange={(event) => setUplift(event.target.value)}
                data-testid="bulk-uplift"
              />
            </label>
          </>
        )}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={replace}
          onChange={(event) => setReplace(event.target.checked)}
          data-testid="bulk-replace"
        />{' '}
        {t('bulkTargets.replace')}
      </label>
      {error ? (
        <p className="error" role="alert" data-testid="bulk-error">
          {error}
        </p>
      ) : null}
      <div className="toolbar">
        <button
          type="submit"
          className="button button-primary"
          disabled={!ready || saving}
          data-testid="bulk-save"
        >
          {saving ? t('bulkTargets.saving') : t('bulkTargets.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onClose}>
          {t('bulkTargets.cancel')}
        </button>
      </div>
    </form>
  );
}
