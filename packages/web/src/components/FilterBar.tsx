/**
 * A page's filter bar: a value picker per dimension (searchable, each value with its name and a
 * count from the server's values route, within the page's window and the rest of its filter) and
 * the formula filter for anything else. The page keeps both in its URL (`lib/filters.ts`) and
 * asks for them combined.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ValuesParams } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { type Picks, pageFilter } from '../lib/filters';
import { formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { FormulaInput } from './FormulaInput';
import './filter-bar.css';

/** The dimensions a picker is offered for, where the page does not say otherwise. */
export const PICKER_DIMENSIONS = ['channel', 'campaign', 'creator', 'region'] as const;

export function FilterBar({
  dimensions = PICKER_DIMENSIONS,
  picks,
  onPick,
  formula,
  onFormula,
  window,
  withFormula = true,
}: {
  dimensions?: readonly string[];
  picks: Picks;
  onPick: (dimension: string, values: string[]) => void;
  formula: string;
  onFormula: (formula: string) => void;
  /** The page's window, for the counts: a named period or dates. */
  window: Pick<ValuesParams, 'period' | 'from' | 'to'>;
  /** Off where the page has a formula field of its own (the comparison tables). */
  withFormula?: boolean;
}) {
  const { t } = useTranslation();
  const { workspace, catalog } = useWorkspace();
  const [draft, setDraft] = useState(formula);
  useEffect(() => setDraft(formula), [formula]);
  const known = dimensions.filter((dimension) => catalog.dimensions.some((entry) => entry.id === dimension));
  const anything =
    Object.values(picks).some((values) => values.length > 0) || (withFormula && formula.trim() !== '');
  return (
    <section className="card filter-bar" aria-label={t('filterBar.label')} data-testid="filter-bar">
      <div className="filter-bar-pickers">
        {known.map((dimension) => (
          <ValuePicker
            key={dimension}
            dimension={dimension}
            picked={picks[dimension] ?? []}
            onChange={(values) => onPick(dimension, values)}
            params={{
              ...window,
              // The other dimensions' picks and the formula narrow this one's values.
              ...withoutOwn(picks, dimension, formula),
            }}
          />
        ))}
        {anything ? (
          <button
            type="button"
            className="link-button"
            data-testid="filter-clear"
            onClick={() => {
              for (const dimension of Object.keys(picks)) onPick(dimension, []);
              if (withFormula) onFormula('');
            }}
          >
            {t('filterBar.clear')}
          </button>
        ) : null}
      </div>
      {withFormula ? (
        <div className="filter-bar-formula">
          <FormulaInput
            label={t('filterBar.formula')}
            value={draft}
            rows={1}
            onChange={setDraft}
            check={(text) => api.validateFormula(workspace.id, text, 'filter')}
            placeholder="creator_tier = 'kol'"
            testId="filter-formula"
          />
          <button
            type="button"
            className="button"
            data-testid="filter-apply"
            onClick={() => onFormula(draft.trim())}
          >
            {t('filterBar.apply')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function withoutOwn(picks: Picks, dimension: string, formula: string): { filter?: string } {
  const others = Object.fromEntries(Object.entries(picks).filter(([key]) => key !== dimension));
  const filter = pageFilter(others, formula);
  return filter ? { filter } : {};
}

function ValuePicker({
  dimension,
  picked,
  onChange,
  params,
}: {
  dimension: string;
  picked: string[];
  onChange: (values: string[]) => void;
  params: ValuesParams;
}) {
  const { t } = useTranslation();
  const { workspace, format, dimensionName, kpiName } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [typed, setTyped] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(typed.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const asked = { ...params, ...(search ? { search } : {}), limit: 50 };
  const values = useResource(
    open ? `${workspace.id}|values|${dimension}|${JSON.stringify(asked)}` : null,
    (signal) => api.values(workspace.id, dimension, asked, signal),
  );
  const toggle = (value: string) =>
    onChange(picked.includes(value) ? picked.filter((entry) => entry !== value) : [...picked, value]);
  const name = dimensionName(dimension);
  return (
    <div className="value-picker" ref={box} data-testid={`picker-${dimension}`}>
      <button
        type="button"
        className={`button${picked.length > 0 ? ' button-active' : ''}`}
        aria-expanded={open}
        data-testid={`picker-${dimension}-toggle`}
        onClick={() => setOpen(!open)}
      >
        {name}:{' '}
        {picked.length === 0
          ? t('filterBar.all')
          : picked.length === 1
            ? dimensionValueLabel(t, dimension, picked[0]!)
            : t('filterBar.picked', { count: picked.length })}{' '}
        ▾
      </button>
      {open ? (
        <div className="value-picker-menu" role="dialog" aria-label={name}>
          <input
            className="input"
            type="search"
            value={typed}
            placeholder={t('filterBar.search', { dimension: name })}
            aria-label={t('filterBar.search', { dimension: name })}
            data-testid={`picker-${dimension}-search`}
            onChange={(event) => setTyped(event.target.value)}
          />
          <div
            className="value-picker-list"
            data-testid={`picker-${dimension}-values`}
            data-ready={!values.loading && values.data !== undefined}
          >
            {values.data ? (
              <>
                <div className="muted small">{t('filterBar.count', { kpi: kpiName(values.data.kpi) })}</div>
                {values.data.values.length === 0 ? <div className="muted">{t('filterBar.none')}</div> : null}
                {values.data.values.map((entry) => (
                  <label key={entry.value} className="value-picker-row" data-value={entry.value}>
                    <input
                      type="checkbox"
                      checked={picked.includes(entry.value)}
                      onChange={() => toggle(entry.value)}
                    />
                    <span className="value-picker-name">
                      {entry.label ?? dimensionValueLabel(t, dimension, entry.value)}
                    </span>
                    <span className="muted small" data-testid="value-count" data-count={entry.count ?? ''}>
                      {formatValue(entry.count, 'count', format, { compact: true })}
                    </span>
                  </label>
                ))}
                {values.data.total > values.data.values.length ? (
                  <div className="muted small">
                    {t('filterBar.more', { count: values.data.total - values.data.values.length })}
                  </div>
                ) : null}
              </>
            ) : null}
          </div>
        </div>
      ) : null}
      {picked.length > 1 ? (
        <span className="chips">
          {picked.map((value) => (
            <button
              key={value}
              type="button"
              className="chip chip-on"
              aria-label={t('filterBar.remove', { value })}
              onClick={() => toggle(value)}
            >
              {dimensionValueLabel(t, dimension, value)} ×
            </button>
          ))}
        </span>
      ) : null}
    </div>
  );
}
