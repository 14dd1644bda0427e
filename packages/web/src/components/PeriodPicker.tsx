/** Period presets (last 7 / 30 / 90 days of data) and custom dates, plus what to compare with. */
import { addDays, periodDays } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import type { CompareMode, DayRange } from '../api/types';
import { isDay, lastDays } from '../lib/dates';

const PRESETS = [7, 30, 90] as const;

export function PeriodPicker({
  value,
  onChange,
  lastDay,
  bounds,
}: {
  value: DayRange;
  onChange: (range: DayRange) => void;
  /** The last day with data: presets end there, not on an empty today. */
  lastDay: string;
  bounds?: DayRange | null;
}) {
  const { t } = useTranslation();
  const preset = PRESETS.find((days) => value.to === lastDay && periodDays(value) === days);
  return (
    <fieldset className="period-picker" aria-label={t('period.label')}>
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

export function CompareSelect({
  value,
  onChange,
  allowNone = false,
}: {
  value: CompareMode | '';
  onChange: (value: CompareMode | '') => void;
  allowNone?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="inline-field">
      <span>{t('compare.label')}</span>
      <select value={value} onChange={(event) => onChange(event.target.value as CompareMode | '')}>
        {allowNone ? <option value="">{t('compare.none')}</option> : null}
        <option value="previous">{t('compare.previous')}</option>
        <option value="last_year">{t('compare.last_year')}</option>
      </select>
    </label>
  );
}
