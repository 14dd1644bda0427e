/**
 * The form that sets a target, or changes one (saved as a new version, the old ones stay): the
 * KPI, the scope (channel and campaign, or a condition), the period, the value with a suggestion
 * from history, how it breaks down, the review cadence, the goal it serves, its owner and a note.
 * The server is the judge of a target: what it refuses is shown at the field it is about.
 */
import { returnTargetMixUp, sayOnPage as say } from '@markpi/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api, type SuggestParams } from '../api/endpoints';
import { problemText, refusalText } from '../api/refusals';
import type {
  BreakdownMode,
  Problem,
  ReviewCadence,
  SavedTarget,
  SuggestionBasis,
  TargetSuggestion,
  TargetVersion,
} from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { useLanguage, useSayMessage } from '../i18n';
import { type DayRange, todayIn } from '../lib/dates';
import { everyOf } from '../lib/every';
import {
  formatBucket,
  formatChange,
  formatPercent,
  formatRange,
  formatValue,
  type KpiUnit,
} from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import {
  createTargetRequest,
  fieldOfProblem,
  filterOfPicks,
  labelOfPicks,
  PERIOD_PRESETS,
  type PickedDimension,
  parseTargetValue,
  picksOfFilter,
  presetOf,
  presetPeriod,
  problemsByField,
  type ScopePicks,
  type TargetDraft,
  targetValueMeaning,
  targetValueText,
  typedAsPercent,
  updateTargetRequest,
} from '../lib/target-form';
import { FormulaInput } from './FormulaInput';
import { KpiPicker } from './KpiPicker';
import { Loading } from './States';

const BREAKDOWN_MODES = everyOf<BreakdownMode>()(['even', 'seasonal', 'events']);
const CADENCES = everyOf<ReviewCadence>()(['monthly', 'weekly']);
const BASES = everyOf<SuggestionBasis>()([
  'auto',
  'last_year',
  'trailing',
  'previous',
  'best_month',
  'median_month',
  'benchmark',
]);
const DEFAULT_GROWTH_PERCENT = '10';
/** Enough rows for any workspace's channels and the campaigns people still set targets for. */
const OPTION_LIMIT = 200;

// The page refreshes what it shows in `onSaved`, with the saved version in hand.
const NOTHING_ELSE_TO_REFRESH = () => {};

interface ScopeOptions {
  channel: string[];
  campaign: string[];
  /** Campaign ids are codes; their names come with the comparison table. */
  campaignNames: Record<string, string>;
}

/** The channels and campaigns the workspace has data for, busiest first, to pick a scope from. */
function useScopeOptions(): { options: ScopeOptions | undefined; error: unknown } {
  const { workspace } = useWorkspace();
  const range = workspace.dataRange;
  const resource = useResource(
    range ? `${workspace.id}|target-scope-options|${range.from}|${range.to}` : null,
    async (signal): Promise<ScopeOptions> => {
      const list = (table: 'channels' | 'campaigns') =>
        api.compare(
          workspace.id,
          table,
          {
            from: range!.from,
            to: range!.to,
            kpis: ['impressions'],
            sort: 'impressions',
            order: 'desc',
            limit: OPTION_LIMIT,
          },
          signal,
        );
      const [channels, campaigns] = await Promise.all([list('channels'), list('campaigns')]);
      const values = (table: typeof channels) =>
        table.rows
          .map((row) => row[table.dimension])
          .filter((value): value is string => typeof value === 'string' && value !== '');
      return { channel: values(channels), campaign: values(campaigns), campaignNames: campaigns.labels };
    },
  );
  return { options: resource.data, error: resource.error };
}

/** Problems the server found with one field, under it. */
function FieldProblems({ problems }: { problems: readonly Problem[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ul className="field-problems" role="alert" data-testid="field-problems">
      {problems.map((problem, index) => (
        <li key={index}>
          {problem.message}
          {problem.hint ? <span className="muted"> — {problem.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * What went wrong, beside the Save button: the API's message and every problem, named by the
 * field that also shows it (that field may be scrolled out of sight), else by the API's path.
 */
function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (!error) return null;
  const message = refusalText(error, language);
  const problems = isApiError(error) ? error.problems : [];
  return (
    <div className="inline-error" role="alert" data-testid="target-form-error">
      {message}
      {problems.length > 0 ? (
        <ul>
          {problems.map((problem, index) => {
            const field = fieldOfProblem(problem);
            return (
              <li key={index}>
                {field ? (
                  <strong>{t(`targetForm.fieldNames.${field}`)}:</strong>
                ) : problem.path ? (
                  <code>{problem.path}</code>
                ) : null}{' '}
                {problemText(error, problem.message, language)}
                {problem.hint ? <span className="muted"> — {problem.hint}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function Field({
  label,
  hint,
  invalid = false,
  children,
}: {
  label: string;
  hint?: ReactNode;
  invalid?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="muted small">{hint}</span> : null}
    </div>
  );
}

function unitSuffix(unit: KpiUnit | undefined, currency: string): string | null {
  if (typedAsPercent(unit)) return '%';
  if (unit === 'currency') return currency;
  if (unit === 'multiple') return '×';
  if (unit === 'seconds') return 's';
  return null;
}

export function TargetForm({
  existing,
  onClose,
  onSaved,
}: {
  /** The version being changed; null for a new target. */
  existing: TargetVersion | null;
  onClose: () => void;
  onSaved: (saved: SavedTarget) => void;
}) {
  const { t } = useTranslation();
  const { workspace, catalog, kpi: kpiOf } = useWorkspace();
  const current = existing?.target;
  const initialPicks = picksOfFilter(current?.scope.filter);
  const today = todayIn(workspace.timeZone);

  const [kpi, setKpi] = useState(current?.kpi ?? '');
  const [scopeMode, setScopeMode] = useState<'pick' | 'condition'>(initialPicks ? 'pick' : 'condition');
  const [picks, setPicks] = useState<ScopePicks>(initialPicks ?? {});
  const [condition, setCondition] = useState(initialPicks ? '' : (current?.scope.filter ?? ''));
  // Empty: the name follows the scope (shown as the placeholder) until someone types one.
  const [label, setLabel] = useState(current?.scope.label ?? '');
  const [labelTyped, setLabelTyped] = useState(false);
  const [period, setPeriod] = useState<DayRange>(current?.period ?? presetPeriod('next_month', today));
  const [valueText, setValueText] = useState(
    current ? targetValueText(current.value, kpiOf(current.kpi)?.unit) : '',
  );
  const [breakdown, setBreakdown] = useState<BreakdownMode>(current?.breakdown.mode ?? 'even');
  const [cadence, setCadence] = useState<ReviewCadence>(current?.cadence ?? 'monthly');
  const [goal, setGoal] = useState(current?.goal ?? '');
  const [owner, setOwner] = useState(current?.owner ?? '');
  const [note, setNote] = useState(current?.note ?? '');
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState<SuggestionBasis>('auto');
  const [growthPercent, setGrowthPercent] = useState(DEFAULT_GROWTH_PERCENT);
  const [suggestRequest, setSuggestRequest] = useState<SuggestParams | null>(null);

  const { options, error: optionsError } = useScopeOptions();
  const { error, pending, run } = useAction(NOTHING_ELSE_TO_REFRESH);

  const selectedKpi = kpiOf(kpi);
  const unit = selectedKpi?.unit;
  const nameOf = (dimension: PickedDimension, value: string) =>
    dimension === 'campaign'
      ? (options?.campaignNames[value] ?? value)
      : dimensionValueLabel(t, dimension, value);
  const filter = scopeMode === 'pick' ? filterOfPicks(picks) : condition.trim() || undefined;
  const automaticLabel =
    (scopeMode === 'pick' ? labelOfPicks(picks, nameOf) : condition.trim().slice(0, 200)) ||
    t('targetForm.wholeWorkspace');
  const scopeLabel = label.trim() || automaticLabel;

  /** A changed scope renames it, unless someone typed its name in this form. */
  const scopeChanged = () => {
    if (!labelTyped) setLabel('');
  };

  const value = parseTargetValue(valueText, unit);
  // A ROAS typed where ROI is meant, or the other way round (core's rule): warned, not refused.
  const { language: uiLanguage } = useLanguage();
  const spoken = uiLanguage === 'zh-CN' ? 'zh' : 'en';
  const typedNumber = Number(valueText.trim().replace(/%$/, '').replace(/,/g, ''));
  const mixUp =
    valueText.trim() === '' ? undefined : returnTargetMixUp(kpi, typedNumber, valueText.trim().endsWith('%'));
  const draft: TargetDraft | null =
    kpi && value !== null
      ? {
          kpi,
          scope: { ...(filter ? { filter } : {}), label: scopeLabel },
          period,
          value,
          breakdown,
          cadence,
          goal,
          owner,
          note,
          reason,
        }
      : null;
  const change = current && draft ? updateTargetRequest(current, draft) : null;
  const nothingChanged = current !== undefined && draft !== null && change === null;

  // History to suggest from: the target's baseline scope when it has one (a new campaign judged
  // against last year's), else its own scope.
  const historyScope = current?.baselineScope;
  const suggestParams: SuggestParams | null = kpi
    ? {
        kpi,
        from: period.from,
        to: period.to,
        filter: historyScope ? historyScope.filter : filter,
        basis,
        growth: `${growthPercent.trim() || '0'}%`,
      }
    : null;
  const suggestKey = (params: SuggestParams | null) =>
    params ? `${workspace.id}|suggest|${JSON.stringify(params)}` : null;
  const suggestion = useResource(suggestKey(suggestRequest), (signal) =>
    api.suggestTarget(workspace.id, suggestRequest!, signal),
  );
  // A suggestion for other inputs than the form now has would mislead: it is only shown while
  // KPI, period, scope, basis and growth are the ones it was asked for.
  const suggestionIsCurrent = suggestKey(suggestRequest) === suggestKey(suggestParams);

  // Each answer fills the value, in the unit the KPI is typed in. The lookup is read through a
  // ref: a language switch renews it, and that must not overwrite a value typed since.
  const kpiLookup = useRef(kpiOf);
  kpiLookup.current = kpiOf;
  useEffect(() => {
    const answer = suggestion.data;
    if (answer?.suggestion)
      setValueText(targetValueText(answer.suggestion.value, kpiLookup.current(answer.baselines.kpi)?.unit));
  }, [suggestion.data]);

  const suggest = () => {
    if (!suggestParams) return;
    if (suggestKey(suggestParams) === suggestKey(suggestRequest)) suggestion.reload();
    else setSuggestRequest(suggestParams);
  };

  const save = () => {
    if (!draft) return;
    void run(async () => {
      const saved = current
        ? await api.updateTarget(workspace.id, current.id, change ?? {})
        : await api.createTarget(workspace.id, createTargetRequest(draft));
      onSaved(saved);
    });
  };

  const problems = problemsByField(isApiError(error) ? error.problems : []);
  const preset = presetOf(period, today);
  const suffix = unitSuffix(unit, workspace.baseCurrency);
  const channelOptions = withCurrent(options?.channel ?? [], picks.channel);
  const campaignOptions = withCurrent(options?.campaign ?? [], picks.campaign);

  return (
    <section className="card editor" data-testid="target-form">
      <div className="card-header">
        <h2>
          {existing ? t('targetForm.editTitle', { version: existing.version + 1 }) : t('targetForm.newTitle')}
        </h2>
        <button type="button" className="button button-ghost" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
      <form
        className="target-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className={problems.kpi ? 'target-form-kpi field-invalid' : 'target-form-kpi'}>
          <KpiPicker
            kpis={catalog.kpis}
            selected={kpi ? [kpi] : []}
            onChange={(ids) => setKpi(ids[0] ?? '')}
            single
            label={t('targetForm.kpi')}
          />
          {selectedKpi ? null : <span className="muted small">{t('targetForm.pickKpi')}</span>}
          <FieldProblems problems={problems.kpi} />
        </div>

        <div className="target-form-fields">
          <fieldset className={problems.scope ? 'field field-invalid' : 'field'} data-testid="target-scope">
            <legend className="field-label">{t('targetForm.scope')}</legend>
            {scopeMode === 'pick' ? (
              <div className="form-row">
                <label className="inline-field">
                  <span>{t('targetForm.channel')}</span>
                  <select
                    value={picks.channel ?? ''}
                    data-testid="target-channel"
                    onChange={(event) => {
                      setPicks({ ...picks, channel: event.target.value || undefined });
                      scopeChanged();
                    }}
                  >
                    <option value="">{t('targetForm.allChannels')}</option>
                    {channelOptions.map((channel) => (
                      <option key={channel} value={channel}>
                        {nameOf('channel', channel)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="inline-field">
                  <span>{t('targetForm.campaign')}</span>
                  <select
                    value={picks.campaign ?? ''}
                    data-testid="target-campaign"
                    onChange={(event) => {
                      setPicks({ ...picks, campaign: event.target.value || undefined });
                      scopeChanged();
                    }}
                  >
                    <option value="">{t('targetForm.allCampaigns')}</option>
                    {campaignOptions.map((campaign) => (
                      <option key={campaign} value={campaign}>
                        {nameOf('campaign', campaign)}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    setCondition(filterOfPicks(picks) ?? '');
                    setScopeMode('condition');
                  }}
                >
                  {t('targetForm.writeCondition')}
                </button>
              </div>
            ) : (
              <>
                <FormulaInput
                  label={t('targetForm.condition')}
                  value={condition}
                  onChange={(text) => {
                    setCondition(text);
                    scopeChanged();
                  }}
                  check={(text) => api.validateFormula(workspace.id, text, 'filter')}
                  extraProblems={(problems.scope ?? []).filter((problem) => problem.start !== undefined)}
                  placeholder={t('targetForm.conditionPlaceholder')}
                  testId="target-condition"
                />
                {picksOfFilter(condition) ? (
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() => {
                      setPicks(picksOfFilter(condition) ?? {});
                      setScopeMode('pick');
                    }}
                  >
                    {t('targetForm.usePickers')}
                  </button>
                ) : null}
              </>
            )}
            {optionsError && scopeMode === 'pick' ? (
              <span className="muted small">{t('targetForm.optionsUnavailable')}</span>
            ) : null}
            <label className="field scope-label">
              <span className="field-label">{t('targetForm.scopeLabel')}</span>
              <input
                className="input"
                value={label}
                placeholder={automaticLabel}
                maxLength={200}
                data-testid="target-scope-label"
                onChange={(event) => {
                  setLabel(event.target.value);
                  setLabelTyped(true);
                }}
              />
              <span className="muted small">{t('targetForm.scopeLabelHint')}</span>
            </label>
            <FieldProblems
              problems={
                scopeMode === 'condition'
                  ? problems.scope?.filter((problem) => problem.start === undefined)
                  : problems.scope
              }
            />
          </fieldset>

          <fieldset className={problems.period ? 'field field-invalid' : 'field'} data-testid="target-period">
            <legend className="field-label">{t('targetForm.period')}</legend>
            <div className="period-picker">
              <div className="segmented">
                {PERIOD_PRESETS.map((option) => (
                  <button
                    key={option}
                    type="button"
                    className={preset === option ? 'active' : ''}
                    aria-pressed={preset === option}
                    onClick={() => setPeriod(presetPeriod(option, today))}
                  >
                    {t(`targetForm.presets.${option}`)}
                  </button>
                ))}
              </div>
              {/* No min or max: a reversed period is the server's to refuse, at this field. */}
              <input
                type="date"
                aria-label={t('period.from')}
                value={period.from}
                data-testid="target-from"
                onChange={(event) => setPeriod({ from: event.target.value, to: period.to })}
              />
              <span className="muted">–</span>
              <input
                type="date"
                aria-label={t('period.to')}
                value={period.to}
                data-testid="target-to"
                onChange={(event) => setPeriod({ from: period.from, to: event.target.value })}
              />
            </div>
            <FieldProblems problems={problems.period} />
          </fieldset>

          <Field
            label={t('targetForm.value')}
            invalid={!!problems.value || (valueText.trim() !== '' && value === null)}
            hint={selectedKpi ? t(`targetForm.meaning.${targetValueMeaning(selectedKpi)}`) : undefined}
          >
            <div className="target-value-row">
              <span className="target-value">
                <input
                  className="input"
                  inputMode="decimal"
                  value={valueText}
                  aria-label={t('targetForm.value')}
                  data-testid="target-value"
                  onChange={(event) => setValueText(event.target.value)}
                />
                {suffix ? <span className="unit-suffix">{suffix}</span> : null}
              </span>
              <label className="inline-field">
                <span>{t('targetForm.suggestFrom')}</span>
                <select value={basis} onChange={(event) => setBasis(event.target.value as SuggestionBasis)}>
                  {BASES.map((option) => (
                    <option key={option} value={option}>
                      {t(`targetForm.bases.${option}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline-field">
                <span>{t('targetForm.growth')}</span>
                <input
                  className="input input-number"
                  inputMode="decimal"
                  value={growthPercent}
                  aria-label={t('targetForm.growth')}
                  onChange={(event) => setGrowthPercent(event.target.value)}
                />
                <span>%</span>
              </label>
              <button
                type="button"
                className="button"
                disabled={!suggestParams || suggestion.loading}
                onClick={suggest}
                data-testid="suggest-target"
              >
                {t('targetForm.suggest')}
              </button>
            </div>
            {valueText.trim() !== '' && value === null ? (
              <span className="field-problems" role="alert">
                {t('targetForm.notANumber')}
              </span>
            ) : null}
            <FieldProblems problems={problems.value} />
            {mixUp ? (
              <span className="callout callout-info" role="status" data-testid="target-value-mixup">
                {say(mixUp, spoken)}
              </span>
            ) : null}
            {suggestRequest && suggestionIsCurrent ? (
              <SuggestionPanel
                loading={suggestion.loading}
                error={suggestion.error}
                answer={suggestion.data}
                unit={unit}
                historyOf={historyScope?.label}
              />
            ) : null}
          </Field>

          <div className="form-row">
            <label className={problems.breakdown ? 'inline-field field-invalid' : 'inline-field'}>
              <span>{t('targetForm.breakdown')}</span>
              <select
                value={breakdown}
                data-testid="target-breakdown"
                onChange={(event) => setBreakdown(event.target.value as BreakdownMode)}
              >
                {BREAKDOWN_MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {t(`targetForm.breakdownModes.${mode}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              <span>{t('targetForm.cadence')}</span>
              <select value={cadence} onChange={(event) => setCadence(event.target.value as ReviewCadence)}>
                {CADENCES.map((option) => (
                  <option key={option} value={option}>
                    {t(`targets.cadences.${option}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FieldProblems problems={[...(problems.breakdown ?? []), ...(problems.cadence ?? [])]} />

          <div className="form-grid">
            <label className={problems.goal ? 'field field-invalid' : 'field'}>
              <span className="field-label">{t('targetForm.goal')}</span>
              <textarea
                className="input"
                rows={2}
                value={goal}
                placeholder={t('targetForm.goalPlaceholder')}
                data-testid="target-goal"
                onChange={(event) => setGoal(event.target.value)}
              />
              <span className="muted small">{t('targetForm.goalHint')}</span>
              <FieldProblems problems={problems.goal} />
            </label>
            <label className={problems.owner ? 'field field-invalid' : 'field'}>
              <span className="field-label">{t('targetForm.owner')}</span>
              <input
                className="input"
                value={owner}
                placeholder={t('targetForm.ownerPlaceholder')}
                data-testid="target-owner"
                onChange={(event) => setOwner(event.target.value)}
              />
              <FieldProblems problems={problems.owner} />
            </label>
            <label className={problems.note ? 'field field-invalid' : 'field'}>
              <span className="field-label">{t('targetForm.note')}</span>
              <textarea
                className="input"
                rows={2}
                value={note}
                data-testid="target-note"
                onChange={(event) => setNote(event.target.value)}
              />
              <FieldProblems problems={problems.note} />
            </label>
            <label className={problems.reason ? 'field field-invalid' : 'field'}>
              <span className="field-label">
                {existing ? t('targetForm.reasonEdit') : t('targetForm.reason')}
              </span>
              <textarea
                className="input"
                rows={2}
                value={reason}
                data-testid="target-reason"
                onChange={(event) => setReason(event.target.value)}
              />
              <span className="muted small">{t('targetForm.reasonHint')}</span>
              <FieldProblems problems={problems.reason} />
            </label>
          </div>
        </div>

        <div className="target-form-footer">
          <FormError error={error} />
          <div className="form-actions">
            {nothingChanged ? <span className="muted small">{t('targetForm.noChange')}</span> : null}
            <span className="spacer" />
            <button type="button" className="button" onClick={onClose}>
              {t('action.cancel')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={pending || draft === null || nothingChanged}
              data-testid="save-target"
            >
              {pending
                ? t('targetForm.saving')
                : existing
                  ? t('targetForm.saveVersion', { version: existing.version + 1 })
                  : t('targetForm.saveNew')}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}

/** The options, with the value a saved target already has even when it has no data yet. */
function withCurrent(options: readonly string[], current: string | undefined): string[] {
  return current && !options.includes(current) ? [current, ...options] : [...options];
}

/** The suggested value and the baseline it came from: its window, its value, the stretch. */
function SuggestionPanel({
  loading,
  error,
  answer,
  unit,
  historyOf,
}: {
  loading: boolean;
  error: unknown;
  answer: TargetSuggestion | undefined;
  unit: KpiUnit | undefined;
  /** The baseline scope's name, when history is read there rather than in the target's scope. */
  historyOf: string | undefined;
}) {
  const { t } = useTranslation();
  const { format, kpi, kpiName } = useWorkspace();
  const say = useSayMessage(kpiName);
  if (error) return <FormError error={error} />;
  if (loading || !answer) return <Loading compact label={t('targetForm.suggesting')} />;
  const suggested = answer.suggestion;
  if (!suggested) {
    return (
      <div className="callout callout-info suggestion" data-testid="target-suggestion">
        {t('targetForm.noSuggestion')}
        {answer.baselines.notes.length > 0 ? (
          <ul>
            {answer.baselines.notes.map((text, index) => (
              <li key={text}>{say(answer.baselines.noteMessages?.[index], text)}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  const { basis, position } = suggested;
  const shown = (number: number) => formatValue(number, unit, format);
  const prorated = Math.abs(basis.comparable - basis.value) > Math.abs(basis.value) * 1e-9;
  const lowerIsBetter = kpi(answer.baselines.kpi)?.direction === 'down';
  // Where the value sits in history, from the numbers (the server's summary is English only).
  const history: string[] = [];
  const best = position.best;
  if (best && best.change !== null && best.baseline.from)
    history.push(
      t('targetForm.vsBest', {
        change: formatChange(best.change, format.locale),
        month: formatBucket(best.baseline.from, 'month', format.locale),
      }),
    );
  if (position.percentile !== null && position.monthsCompared > 0)
    history.push(
      t('targetForm.percentile', {
        percentile: Math.round(position.percentile),
        count: position.monthsCompared,
      }),
    );
  return (
    <div className="callout callout-info suggestion" data-testid="target-suggestion">
      <div className="strong" data-testid="suggested-value" data-value={suggested.value}>
        {t('targetForm.suggested', { value: shown(suggested.value) })}
      </div>
      <div data-testid="suggestion-basis" data-kind={basis.kind}>
        {t('targetForm.basis', {
          basis: t(`targetForm.baselines.${basis.kind}`),
          range: basis.from && basis.to ? formatRange(basis.from, basis.to, format.locale) : basis.label,
          value: shown(basis.value),
        })}
        {prorated ? ` (${t('targetForm.basisProrated', { value: shown(basis.comparable) })})` : ''}
        {' · '}
        {t(lowerIsBetter ? 'targetForm.growthLower' : 'targetForm.growthApplied', {
          growth: formatPercent(suggested.growth, format.locale),
        })}
      </div>
      {history.length > 0 ? <div className="muted small">{history.join(' · ')}</div> : null}
      {historyOf ? (
        <div className="muted small">{t('targetForm.historyOf', { scope: historyOf })}</div>
      ) : null}
    </div>
  );
}
