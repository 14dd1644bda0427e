/** The dimensions to break a question down by, as chips toggled on and off (Explore, shared Explore). */
import { useTranslation } from 'react-i18next';

export function DimensionChips({
  dimensions,
  selected,
  onChange,
  nameOf,
}: {
  dimensions: readonly { id: string }[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  nameOf: (id: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <span className="field-label">{t('explore.dimensions')}</span>
      <div className="chips" data-testid="dimension-chips">
        {dimensions.map((dimension) => {
          const on = selected.includes(dimension.id);
          return (
            <button
              key={dimension.id}
              type="button"
              className={`chip${on ? ' chip-on' : ''}`}
              aria-pressed={on}
              title={dimension.id}
              onClick={() =>
                onChange(on ? selected.filter((id) => id !== dimension.id) : [...selected, dimension.id])
              }
            >
              {nameOf(dimension.id)}
            </button>
          );
        })}
      </div>
    </div>
  );
}
