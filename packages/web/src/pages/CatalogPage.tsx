/**
 * The KPI catalog: every KPI's definition in both languages with its formula, unit,
 * direction and aggregation class; editors add custom KPIs whose formula the server checks as
 * it is typed.
 */
import { RETURN_KPI_QUALIFIERS } from '@markpi/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type {
  AggregationClass,
  CatalogKpi,
  Direction,
  FormulaCheck,
  KpiDefinition,
  KpiUnit,
} from '../api/types';
import { StatusBadge } from '../components/Badges';
import { FormulaInput } from '../components/FormulaInput';
import { PageHeader } from '../components/Layout';
import { Empty, InlineError } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { everyOf } from '../lib/every';

const UNITS = everyOf<KpiUnit>()(['count', 'currency', 'ratio', 'percent', 'multiple', 'number', 'seconds']);
const DIRECTIONS = everyOf<Direction>()(['up', 'down', 'context']);
const AGGREGATIONS = everyOf<AggregationClass>()([
  'additive',
  'ratio',
  'snapshot',
  'distinct',
  'threshold',
  'period_over_period',
]);
type Kind = 'all' | 'builtin' | 'custom';

export function CatalogPage() {
  const { t } = useTranslation();
  const { pick, language } = useLanguage();
  const { catalog, canEdit } = useWorkspace();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const [editing, setEditing] = useState<CatalogKpi | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const kpis = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return catalog.kpis.filter(
      (kpi) =>
        (kind === 'all' || (kind === 'builtin') === kpi.builtin) &&
        (!needle ||
          [kpi.id, kpi.name.en, kpi.name.zh, kpi.description.en, kpi.description.zh, kpi.formula].some(
            (text) => text.toLowerCase().includes(needle),
          )),
    );
  }, [catalog, query, kind]);

  const other = language === 'zh-CN' ? 'en' : 'zh';
  return (
    <>
      <PageHeader
        title={t('catalog.title')}
        subtitle={t('catalog.count', { count: catalog.kpis.length })}
        actions={
          canEdit ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing('new')}
              data-testid="new-kpi"
            >
              + {t('catalog.newKpi')}
            </button>
          ) : null
        }
      />
      {notice ? (
        <div className="callout callout-good" role="status">
          {notice}
        </div>
      ) : null}
      {editing ? (
        <KpiEditor
          existing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setNotice(message);
            setEditing(null);
          }}
        />
      ) : null}
      <div className="catalog-filters">
        <input
          type="search"
          className="input"
          placeholder={t('catalog.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-label={t('catalog.search')}
          data-testid="catalog-search"
        />
        <div className="segmented">
          {(['all', 'builtin', 'custom'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={kind === option ? 'active' : ''}
              aria-pressed={kind === option}
              onClick={() => setKind(option)}
            >
              {t(`catalog.${option}`)}
            </button>
          ))}
        </div>
      </div>
      {kpis.length === 0 ? (
        <Empty title={t('catalog.noMatch')} />
      ) : (
        <div className="kpi-list" data-testid="kpi-list">
          {kpis.map((kpi) => (
            <article key={kpi.id} className="kpi-card" data-testid={`kpi-${kpi.id}`}>
              <header className="kpi-card-header">
                <div>
                  <h3>
                    {pick(kpi.name)}
                    {RETURN_KPI_QUALIFIERS[kpi.id] ? (
                      <span className="muted">
                        {' '}
                        {language === 'zh-CN'
                          ? `（${RETURN_KPI_QUALIFIERS[kpi.id]!.zh}）`
                          : `(${RETURN_KPI_QUALIFIERS[kpi.id]!.en})`}
                      </span>
                    ) : null}{' '}
                    {/* Chinese names help English readers with Chinese platforms' reports; a Chinese page stays Chinese. */}
                    {language === 'en' ? (
                      <span className="muted other-language">{kpi.name[other]}</span>
                    ) : null}
                  </h3>
                  <code className="kpi-id">{kpi.id}</code>
                </div>
                <div className="kpi-card-badges">
                  <StatusBadge tone="neutral">{t(`catalog.units.${kpi.unit}`)}</StatusBadge>
                  <StatusBadge
                    tone={kpi.direction === 'up' ? 'good' : kpi.direction === 'down' ? 'warn' : 'neutral'}
                  >
                    {t(`catalog.directions.${kpi.direction}`)}
                  </StatusBadge>
                  <StatusBadge tone="info">{t(`catalog.aggregations.${kpi.aggregation}`)}</StatusBadge>
                  {!kpi.builtin ? <StatusBadge tone="warn">{t('catalog.custom')}</StatusBadge> : null}
                </div>
              </header>
              <pre className="formula">{kpi.formula}</pre>
              <div className="descriptions">
                {language === 'en' ? <p lang="en">{kpi.description.en}</p> : null}
                <p lang="zh-CN">{kpi.description.zh}</p>
              </div>
              {kpi.sources.length > 0 ? (
                <div className="muted small">
                  {t('catalog.sources')}: {kpi.sources.join(', ')}
                </div>
              ) : null}
              {!kpi.builtin && canEdit ? (
                <div className="kpi-card-actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(kpi)}>
                    {t('action.edit')}
                  </button>
                </div>
              ) : null}
            </article>
          ))}
        </div>
      )}
    </>
  );
}

function KpiEditor({
  existing,
  onClose,
  onSaved,
}: {
  existing: CatalogKpi | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { workspace, reloadCatalog } = useWorkspace();
  const [id, setId] = useState(existing?.id ?? '');
  const [definition, setDefinition] = useState<KpiDefinition>(
    existing
      ? {
          name: existing.name,
          description: existing.description,
          formula: existing.formula,
          unit: existing.unit,
          direction: existing.direction,
          aggregation: existing.aggregation,
        }
      : {
          name: { en: '', zh: '' },
          description: { en: '', zh: '' },
          formula: '',
          unit: 'number',
          direction: 'up',
          aggregation: 'ratio',
        },
  );
  const [check, setCheck] = useState<FormulaCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.saveKpi(workspace.id, id.trim(), definition);
      reloadCatalog();
      onSaved(t('catalog.saved', { id: id.trim() }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    if (!existing || !window.confirm(t('catalog.confirmDelete', { id: existing.id }))) return;
    setSaving(true);
    try {
      await api.deleteKpi(workspace.id, existing.id);
      reloadCatalog();
      onSaved(t('catalog.deleted', { id: existing.id }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const text = (field: 'name' | 'description', language: 'en' | 'zh', value: string) =>
    setDefinition({ ...definition, [field]: { ...definition[field], [language]: value } });

  return (
    <section className="card editor" data-testid="kpi-editor">
      <div className="card-header">
        <h2>{existing ? `${t('catalog.editor')} · ${existing.id}` : t('catalog.newKpi')}</h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
      <div className="form-grid">
        <label className="field">
          <span className="field-label">{t('catalog.id')}</span>
          <input
            className="input mono"
            value={id}
            disabled={!!existing}
            onChange={(event) => setId(event.target.value)}
            placeholder="cost_per_engagement"
          />
        </label>
        <span />
        <label className="field">
          <span className="field-label">{t('catalog.nameEn')}</span>
          <input
            className="input"
            value={definition.name.en}
            onChange={(event) => text('name', 'en', event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('catalog.nameZh')}</span>
          <input
            className="input"
            lang="zh-CN"
            value={definition.name.zh}
            onChange={(event) => text('name', 'zh', event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('catalog.descriptionEn')}</span>
          <textarea
            className="input"
            rows={2}
            value={definition.description.en}
            onChange={(event) => text('description', 'en', event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('catalog.descriptionZh')}</span>
          <textarea
            className="input"
            lang="zh-CN"
            rows={2}
            value={definition.description.zh}
            onChange={(event) => text('description', 'zh', event.target.value)}
          />
        </label>
      </div>
      <FormulaInput
        label={t('catalog.formula')}
        value={definition.formula}
        onChange={(formula) => setDefinition({ ...definition, formula })}
        check={(formula) => api.validateFormula(workspace.id, formula, 'kpi')}
        onChecked={setCheck}
        placeholder="spend / interactions"
        rows={3}
        testId="kpi-formula"
      />
      <div className="form-row">
        <label className="inline-field">
          <span>{t('catalog.unit')}</span>
          <select
            value={definition.unit}
            onChange={(event) => setDefinition({ ...definition, unit: event.target.value as KpiUnit })}
          >
            {UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`catalog.units.${unit}`)}
              </option>
            ))}
          </select>
        </label>
        {check && check.suggestedUnits.length > 0 ? (
          <span className="muted small">
            {t('catalog.suggested', {
              units: check.suggestedUnits.map((unit) => t(`catalog.units.${unit}`)).join(', '),
            })}
          </span>
        ) : null}
        <label className="inline-field">
          <span>{t('catalog.direction')}</span>
          <select
            value={definition.direction}
            onChange={(event) => setDefinition({ ...definition, direction: event.target.value as Direction })}
          >
            {DIRECTIONS.map((direction) => (
              <option key={direction} value={direction}>
                {t(`catalog.directions.${direction}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('catalog.aggregation')}</span>
          <select
            value={definition.aggregation}
            onChange={(event) =>
              setDefinition({ ...definition, aggregation: event.target.value as AggregationClass })
            }
          >
            {AGGREGATIONS.map((aggregation) => (
              <option key={aggregation} value={aggregation}>
                {t(`catalog.aggregations.${aggregation}`)}
                {check?.aggregation === aggregation ? ' ✓' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      <InlineError error={error} />
      <div className="form-actions">
        {existing ? (
          <button
            type="button"
            className="button button-danger"
            onClick={() => void remove()}
            disabled={saving}
          >
            {t('action.delete')}
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void save()}
          disabled={saving || !id.trim() || !definition.formula.trim() || check?.valid === false}
          data-testid="save-kpi"
        >
          {t('action.save')}
        </button>
      </div>
    </section>
  );
}
