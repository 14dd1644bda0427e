/**
 * Explore's ranking in the URL and on the wire (its chart image: `chart-export.ts`). A ranking is a
 * KPI to rank by (`sort=roas`, `sort=cpa:asc`; without an order the server ranks best first by
 * the KPI's direction) and a minimum-volume cut (`min=spend=1000`); the server cuts, counts what
 * fell under the cut and puts the row without an entity last with `__none`.
 */

/** The flag the server puts on a row with no value for a grouped dimension. */
export const NONE_ROW_FLAG = '__none';

export interface RankingDraft {
  rankKpi: string;
  rankOrder: '' | 'asc' | 'desc';
  minKpi: string;
  minValue: string;
}

const KPI_ID = /^[a-z][a-z0-9_]*$/;

/** The ranking kept in the URL; anything malformed reads as no ranking. */
export function readRanking(search: URLSearchParams): RankingDraft {
  const [rankKpi = '', order = ''] = (search.get('sort') ?? '').split(':');
  const [minKpi = '', minValue = ''] = (search.get('min') ?? '').split('=');
  const ranked = KPI_ID.test(rankKpi);
  const cut = KPI_ID.test(minKpi) && minValue.trim() !== '' && Number.isFinite(Number(minValue));
  return {
    rankKpi: ranked ? rankKpi : '',
    rankOrder: ranked && (order === 'asc' || order === 'desc') ? order : '',
    minKpi: cut ? minKpi : '',
    minValue: cut ? minValue : '',
  };
}

/** The query's `sort` and `min` fields for a ranking, or none. */
export function rankingQuery(draft: RankingDraft): { sort?: string; min?: string[] } {
  return {
    ...(draft.rankKpi
      ? { sort: draft.rankOrder ? `${draft.rankKpi}:${draft.rankOrder}` : draft.rankKpi }
      : {}),
    ...(draft.minKpi && draft.minValue !== '' ? { min: [`${draft.minKpi}=${draft.minValue}`] } : {}),
  };
}
