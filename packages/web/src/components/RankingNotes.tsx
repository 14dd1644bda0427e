/**
 * What a ranking left out and kept apart, said beside the table rather than dropped unsaid: the
 * column ranked by, the rows under the minimum-volume cut, the rows without an entity.
 */
import { useTranslation } from 'react-i18next';
import type { QueryResult } from '../api/types';
import { useWorkspace } from '../context';
import { formatValue } from '../lib/format';

type Ranking = NonNullable<QueryResult['ranking']>;

export function RankingNotes({
  ranking,
  dimensions,
}: {
  ranking: Ranking | undefined;
  dimensions: string[];
}) {
  const { t, i18n } = useTranslation();
  const { kpiName, dimensionName, format, kpi } = useWorkspace();
  if (!ranking) return null;
  const floor = ranking.minimum
    .map((entry) => `${kpiName(entry.kpi)} ≥ ${formatValue(entry.value, kpi(entry.kpi)?.unit, format)}`)
    .join(', ');
  const lower = (text: string) => (i18n.language === 'en' ? text.toLowerCase() : text);
  return (
    <ul className="ranking-notes muted small" data-testid="ranking-notes">
      {ranking.sort && kpi(ranking.sort.key) ? (
        <li data-testid="ranked-by">
          {t('ranking.rankedBy', {
            kpi: kpiName(ranking.sort.key),
            order: t(ranking.sort.order === 'desc' ? 'ranking.highestFirst' : 'ranking.lowestFirst'),
          })}
        </li>
      ) : null}
      {ranking.belowMinimum > 0 ? (
        <li data-testid="below-minimum" data-count={ranking.belowMinimum}>
          {t('ranking.belowMinimum', { count: ranking.belowMinimum, floor })}
        </li>
      ) : null}
      {ranking.apart > 0 ? (
        <li data-testid="rows-apart" data-count={ranking.apart}>
          {t('ranking.apart', {
            count: ranking.apart,
            dimension: dimensions.map((dimension) => lower(dimensionName(dimension))).join(' / '),
          })}
        </li>
      ) : null}
    </ul>
  );
}
