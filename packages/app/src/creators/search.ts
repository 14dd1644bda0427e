/**
 * Search visibility over the workspace: per platform and keyword, the brand's indexed posts,
 * its share of voice in the top ten with the daily trend, and the creators whose posts hold the
 * positions (core's `creators/search.ts` states the conventions). Every figure is read through
 * the planner from the search-result snapshots.
 */
import {
  creatorMessage,
  type KeywordVisibility,
  type SaidCreatorMessage,
  saidCreators,
  searchVisibility,
} from '@markpi/core';
import { entityNames } from '../entities.js';
import type { WorkspaceContext } from '../workspace.js';
import { allOf, num, quoted, text, VIEW_KPIS } from './kpis.js';
import { ask, type CreatorWindowRequest, creatorWindow } from './leaderboard.js';

export interface SearchVisibilityRequest extends CreatorWindowRequest {
  keyword?: string;
}

export interface ChannelKeywordVisibility extends KeywordVisibility {
  channel: string;
}

export interface SearchVisibilityReport {
  window: { from: string; to: string };
  keywords: ChannelKeywordVisibility[];
  notes: SaidCreatorMessage[];
}

export async function searchVisibilityReport(
  workspace: WorkspaceContext,
  request: SearchVisibilityRequest = {},
): Promise<SearchVisibilityReport> {
  const window = await creatorWindow(workspace, request);
  const filter = allOf(
    request.channel ? `channel = ${quoted(request.channel)}` : undefined,
    request.keyword ? `keyword = ${quoted(request.keyword)}` : undefined,
  );
  const counts = [VIEW_KPIS.top10, VIEW_KPIS.ownPositiveTop10];
  const [periods, days, holders] = await Promise.all([
    ask(workspace, {
      kpis: [...counts, VIEW_KPIS.ownResults, 'effective_indexed_posts'],
      dimensions: ['channel', 'keyword'],
      filter,
      ...window,
    }),
    ask(workspace, { kpis: counts, dimensions: ['channel', 'keyword'], grain: 'day', filter, ...window }),
    ask(workspace, {
      kpis: [VIEW_KPIS.top10, 'effective_indexed_posts'],
      dimensions: ['channel', 'keyword', 'creator', 'creator_tier'],
      filter,
      ...window,
    }),
  ]);
  const creators = [
    ...new Set(holders.map((row) => text(row.creator)).filter((id): id is string => id !== null)),
  ];
  const names = await entityNames(workspace.warehouse, 'creator', creators);
  const channels = [...new Set(periods.map((row) => String(row.channel)))].sort();
  const keywords = channels.flatMap((channel) => {
    const mine = (row: Record<string, unknown>) =>
      String(row.channel) === channel && text(row.keyword) !== null;
    return searchVisibility({
      keywords: periods.filter(mine).map((row) => ({
        keyword: String(row.keyword),
        top10Results: num(row[VIEW_KPIS.top10]),
        ownPositiveTop10: num(row[VIEW_KPIS.ownPositiveTop10]),
        ownResults: num(row[VIEW_KPIS.ownResults]),
        indexedPosts: num(row.effective_indexed_posts),
      })),
      days: days.filter(mine).map((row) => ({
        keyword: String(row.keyword),
        date: String(row.day),
        top10Results: num(row[VIEW_KPIS.top10]),
        ownPositiveTop10: num(row[VIEW_KPIS.ownPositiveTop10]),
      })),
      holders: holders
        .filter((row) => mine(row) && text(row.creator) !== null)
        .map((row) => {
          const creator = String(row.creator);
          const label = names.get(creator);
          return {
            keyword: String(row.keyword),
            creator,
            ...(label ? { label } : {}),
            tier: text(row.creator_tier),
            top10Results: num(row[VIEW_KPIS.top10]),
            indexedPosts: num(row.effective_indexed_posts),
          };
        }),
    }).map((entry) => ({ channel, ...entry }));
  });
  const notes =
    keywords.length === 0
      ? [saidCreators(creatorMessage('search.no_snapshots', { from: window.from, to: window.to }))]
      : [];
  return { window, keywords, notes };
}
