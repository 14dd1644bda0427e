/**
 * Search visibility per keyword: how many of the brand's posts are indexed, the brand's share of
 * the top ten results, its trend, and which creators' posts hold the positions.
 *
 * Conventions:
 * - A snapshot is one keyword's result page on one day; the period's figures add every snapshot,
 *   so share of voice is the own positive top-ten results over all top-ten results of the
 *   period's snapshots (the mean daily share when every snapshot has ten results).
 * - Indexed posts are own posts that appear anywhere in the keyword's results at least once in
 *   the period.
 * - Trend: the least-squares slope of the daily share of voice against the day, in share per
 *   week (0.01 is one percentage point a week); null with fewer than two snapshot days.
 * - A creator holds a position when one of their posts is in the top ten of a snapshot; the
 *   creator's share is their top-ten results over all top-ten results of the keyword, and the
 *   average positions held is that count over the keyword's snapshots.
 */
import { dayNumber } from './dates.js';

export interface KeywordPeriodFigures {
  keyword: string;
  top10Results: number;
  ownPositiveTop10: number;
  ownResults: number;
  indexedPosts: number;
}

export interface KeywordDayFigures {
  keyword: string;
  date: string;
  top10Results: number;
  ownPositiveTop10: number;
}

export interface KeywordHolderFigures {
  keyword: string;
  creator: string;
  label?: string;
  tier: string | null;
  /** Top-ten results the creator's posts took over the period's snapshots. */
  top10Results: number;
  indexedPosts: number;
}

export interface TrendPoint {
  date: string;
  shareOfVoice: number;
}

export interface KeywordHolder {
  creator: string;
  label?: string;
  tier: string | null;
  top10Results: number;
  top10Share: number | null;
  averagePositions: number | null;
  indexedPosts: number;
}

export interface KeywordVisibility {
  keyword: string;
  snapshots: number;
  indexedPosts: number;
  ownResults: number;
  top10Results: number;
  ownPositiveTop10: number;
  shareOfVoice: number | null;
  /** Share per week (see the module's conventions). */
  trendPerWeek: number | null;
  trend: TrendPoint[];
  holders: KeywordHolder[];
}

/** Least-squares slope of `y` on `x`; null with fewer than two distinct `x`. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((total, point) => total + point.x, 0) / points.length;
  const meanY = points.reduce((total, point) => total + point.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return variance > 0 ? covariance / variance : null;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/** Each keyword's visibility, keywords in order of share of voice (then name). */
export function searchVisibility(input: {
  keywords: readonly KeywordPeriodFigures[];
  days: readonly KeywordDayFigures[];
  holders: readonly KeywordHolderFigures[];
}): KeywordVisibility[] {
  const result = input.keywords.map((figures): KeywordVisibility => {
    const trend = input.days
      .filter((day) => day.keyword === figures.keyword && day.top10Results > 0)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((day) => ({ date: day.date, shareOfVoice: day.ownPositiveTop10 / day.top10Results }));
    const slope = leastSquaresSlope(
      trend.map((point) => ({ x: dayNumber(point.date), y: point.shareOfVoice })),
    );
    const snapshots = trend.length;
    const holders = input.holders
      .filter((holder) => holder.keyword === figures.keyword && holder.top10Results > 0)
      .map(
        (holder): KeywordHolder => ({
          creator: holder.creator,
          ...(holder.label ? { label: holder.label } : {}),
          tier: holder.tier,
          top10Results: holder.top10Results,
          top10Share: ratio(holder.top10Results, figures.top10Results),
          averagePositions: ratio(holder.top10Results, snapshots),
          indexedPosts: holder.indexedPosts,
        }),
      )
      .sort((a, b) => b.top10Results - a.top10Results || (a.creator < b.creator ? -1 : 1));
    return {
      keyword: figures.keyword,
      snapshots,
      indexedPosts: figures.indexedPosts,
      ownResults: figures.ownResults,
      top10Results: figures.top10Results,
      ownPositiveTop10: figures.ownPositiveTop10,
      shareOfVoice: ratio(figures.ownPositiveTop10, figures.top10Results),
      trendPerWeek: slope === null ? null : slope * 7,
      trend,
      holders,
    };
  });
  return result.sort(
    (a, b) => (b.shareOfVoice ?? -1) - (a.shareOfVoice ?? -1) || (a.keyword < b.keyword ? -1 : 1),
  );
}
