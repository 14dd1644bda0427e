/**
 * Explore's note under its results: which rollups the answer was read from and the edge days of
 * the window read from the raw table (the query answer's `rollups`, one per scan). Nothing when
 * every scan read the raw table.
 */
import { addDays } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import type { QueryResult } from '../api/types';
import { formatRange } from '../lib/format';

export function ExploreRollupNote({ result, locale }: { result: QueryResult; locale: string }) {
  const { t } = useTranslation();
  const uses = result.rollups ?? [];
  if (uses.length === 0) return null;
  const rollups = [...new Set(uses.map((use) => use.rollup))].join(', ');
  const edges = [
    ...new Set(
      uses.flatMap((use) =>
        use.edges.map((edge) => formatRange(edge.from, addDays(edge.toExclusive, -1), locale)),
      ),
    ),
  ];
  return (
    <p className="muted" data-testid="explore-rollups">
      {edges.length > 0
        ? t('explore.answeredFromEdges', { rollups, edges: edges.join(', ') })
        : t('explore.answeredFrom', { rollups })}
    </p>
  );
}
