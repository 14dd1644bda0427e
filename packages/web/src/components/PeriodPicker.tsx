/**
 * Period presets (last 7 / 30 / 90 days of data), named periods (calendar presets and the
 * workspace's events, resolved by the server in the workspace's time zone) and custom dates, plus
 * what to compare with (the same event last year for an event).
 */
import { addDays, periodDays } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import type { DayRange } from '../api/types';
import { isDay, lastDays } from '../lib/dates';
import { formatRange } from '../lib/format';
import { eventName, type PeriodChoices, type PeriodCompare } from '../lib/periods';
import './periods.css';

/** A named period the picker offers: the URL's `period`, the choices, and what picking one does. */
export interface NamedPeriod {
  value: string | null;
  choices: PeriodChoices | null;
  onChange: (spec: string | null) => void;
}

const PRESETS = [7, 30, 90] as const;

export function PeriodPicker({
  value,
  onChange,
  lastDay,
  bounds,
  named,
}: {
  value: DayRange;
  onChange: (range: DayRange) => void;
  /** The last day with data: presets end there, not on an empty today. */
  lastDay: string;
  bounds?: DayRange | null;
  named?: NamedPeriod;
}) {
  const { t, i18n } = useTranslation();
  const preset = named?.value
    ? undefined
    : PRESETS.find((days) => value.to === lastDay && periodDays(value) === days);
  return (
    <fieldset className="period-picker" aria-label={t('period.label')}>
      {named ? <NamedPeriodSelect named={named} language={i18n.language} /> : null}
      <div className="segmented">
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            className={preset === days ? 'active' : ''}
            aria-pressed={preset === days}
            onClick={() => onChange(lastDays(lastDay, days))}
          >
            {t('period.lastDays', { count: days })}
          </button>
        ))}
      </div>
      <input
        type="date"
        aria-label={t('period.from')}
        value={value.from}
        min={bounds?.from}
        max={value.to}
        onChange={(event) =>
          isDay(event.target.value) && onChange({ from: event.target.value, to: value.to })
        }
      />
      <span className="muted">–</span>
      <input
        type="date"
        aria-label={t('period.to')}
        value={value.to}
        min={value.from}
        max={bounds?.to ?? addDays(lastDay, 366)}
        onChange={(event) =>
          isDay(event.target.value) && onChange({ from: value.from, to: event.target.value })
        }
      />
    </fieldset>
  );
}

function NamedPeriodSelect({ named, language }: { named: NamedPeriod; language: string }) {
  const { t } = useTranslation();
  const { value, choices, onChange } = named;
  const events = choices?.events ?? [];
  const known =
    value === null ||
    (choices?.presets.some((preset) => preset.id === value) ?? false) ||
    events.some((event) => event.spec === value);
  return (
    <select
      className="named-period"
      aria-label={t('periods.named')}
      data-testid="named-period"
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || null)}
    >
      <option value="">{t('periods.custom')}</option>
      {!known && value ? <option value={value}>{value}</option> : null}
      <optgroup label={t('periods.calendar')}>
        {(choices?.presets ?? []).map((preset) => (
          <option key={preset.id} value={preset.id}>
            {t(`periods.presets.${preset.id}`, { defaultValue: preset.id })}
          </option>
        ))}
      </optgroup>
      {events.length > 0 ? (
        <optgroup label={t('periods.events')}>
          {events.map((event) => (
            <option key={event.spec} value={event.spec}>
              {t('periods.event', {
                name: eventName(event.name, language),
                range: formatRange(event.period.from, event.period.to, language),
              })}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** What a comparison is called: the planner's two, or the same event last year. */
export function compareLabel(t: (key: string) => string, mode: PeriodCompare): string {
  return mode === 'same_event' ? t('periods.sameEvent') : t(`compare.${mode}`);
}

export function CompareSelect<Mode extends PeriodCompare = PeriodCompare>({
  value,
  onChange,
  allowNone = false,
  allowSameEvent = false,
}: {
  value: Mode | '';
  onChange: (value: Mode | '') => void;
  allowNone?: boolean;
  /** Offered when the period is an event. */
  allowSameEvent?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="inline-field">
      <span>{t('compare.label')}</span>
      <select
        value={value}
        data-testid="compare-select"
        onChange={(event) => onChange(event.target.value as Mode | '')}
      >
        {allowNone ? <option value="">{t('compare.none')}</option> : null}
        {allowSameEvent || value === 'same_event' ? (
          <option value="same_event">{t('periods.sameEvent')}</option>
        ) : null}
        <option value="previous">{t('compare.previous')}</option>
        <option value="last_year">{t('compare.last_year')}</option>
      </select>
    </label>
  );
}
