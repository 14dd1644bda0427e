/**
 * Explore's ranking in the URL and on the wire, and the chart image it exports. A ranking is a
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

/** Lines of caption above a chart image, at the image's own pixel ratio. */
const CAPTION_FONT_PX = 13;
const CAPTION_LINE_PX = 20;
const CAPTION_PAD_PX = 12;

/**
 * The chart's PNG with its caption above it (title, KPI, period, filter), drawn on a canvas so
 * the image says what it shows wherever it is pasted. `ratio` is the image's pixels per CSS pixel.
 */
export async function captionedPng(png: string, lines: readonly string[], ratio = 2): Promise<string> {
  const image = new Image();
  image.src = png;
  await image.decode();
  const canvas = document.createElement('canvas');
  const captionHeight = (CAPTION_PAD_PX * 2 + CAPTION_LINE_PX * lines.length) * ratio;
  canvas.width = image.width;
  canvas.height = image.height + captionHeight;
  const context = canvas.getContext('2d');
  if (!context) return png;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#1f2633';
  context.textBaseline = 'top';
  lines.forEach((line, index) => {
    const weight = index === 0 ? '600 ' : '';
    context.font = `${weight}${(index === 0 ? CAPTION_FONT_PX + 2 : CAPTION_FONT_PX) * ratio}px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif`;
    context.fillText(line, CAPTION_PAD_PX * ratio, (CAPTION_PAD_PX + index * CAPTION_LINE_PX) * ratio);
  });
  context.drawImage(image, 0, captionHeight);
  return canvas.toDataURL('image/png');
}
