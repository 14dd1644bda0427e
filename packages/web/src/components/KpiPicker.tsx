/**
 * Choosing KPIs from the catalog: search by name (either language) or id; selected ones on top.
 * `single` makes it a choice of one (a target is for one KPI): radio buttons instead of boxes.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogKpi } from '../api/types';
import { useLanguage } from '../i18n';

export function KpiPicker({
  kpis,
  selected,
  onChange,
  single = false,
  label,
}: {
  kpis: readonly CatalogKpi[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  single?: boolean;
  /** The field's title; default "KPIs". */
  label?: string;
}) {
  const { t } = useTranslation();
  const { pick, language } = useLanguage();
  const [query, setQuery] = useState('');
  const group = useId();
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const found = needle
      ? kpis.filter((kpi) =>
          [kpi.id, kpi.name.en, kpi.name.zh].some((text) => text.toLowerCase().includes(needle)),
        )
      : kpis;
    // Selected first, in the order they were picked; the rest as the catalog lists them.
    return [
      ...selected.map((id) => found.find((kpi) => kpi.id === id)).filter((kpi): kpi is CatalogKpi => !!kpi),
      ...found.filter((kpi) => !selected.includes(kpi.id)),
    ];
  }, [kpis, query, selected]);

  const toggle = (id: string) => {
    if (single) onChange([id]);
    else onChange(selected.includes(id) ? selected.filter((entry) => entry !== id) : [...selected, id]);
  };

  return (
    <div className="kpi-picker">
      <div className="field-label-row">
        <span className="field-label">{label ?? t('explore.kpis')}</span>
        {single ? null : (
          <span className="muted small">{t('explore.selected', { count: selected.length })}</span>
        )}
      </div>
      <input
        type="search"
        className="input"
        placeholder={t('explore.kpiSearch')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        aria-label={t('explore.kpiSearch')}
      />
      <ul className="kpi-options" data-testid="kpi-options">
        {matches.map((kpi) => (
          <li key={kpi.id}>
            <label className={selected.includes(kpi.id) ? 'checked' : undefined} title={kpi.id}>
              <input
                type={single ? 'radio' : 'checkbox'}
                name={single ? group : undefined}
                checked={selected.includes(kpi.id)}
                onChange={() => toggle(kpi.id)}
                data-testid={`kpi-option-${kpi.id}`}
              />
              <span className="kpi-option-name">{pick(kpi.name)}</span>
              {/* The id, for formulas, in English; a Chinese list names KPIs alone (the id is the title). */}
              {language === 'en' ? <code className="kpi-option-id">{kpi.id}</code> : null}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
