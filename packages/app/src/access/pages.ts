/**
 * The creator, search-visibility and audience pages as a scoped caller reads them, decided per
 * kind of scope by what each page's records carry:
 *
 * - a scope of channels: every record names its platform, so every page is answered inside it;
 * - a scope of campaigns or accounts: performance and fees carry both, attributed credit a
 *   campaign but no account, search-result snapshots and audience stages neither. The creator
 *   pages are answered from what carries the scope and leave the rest out, saying so in a note
 *   (search positions: indexed posts, top-ten share of voice and the KOC board that stands on
 *   them; attributed credit for a scope of accounts); search visibility and audiences, made of
 *   nothing else, are refused with 403 `outside_scope` and a key naming the figures not kept.
 *
 * One test of a fact: it carries every dimension the scope restricts (`factHoldsScope`); the
 * planner refuses a KPI on a fact that does not, so nothing here is read whole by mistake.
 */
import {
  type CreatorMetric,
  creatorMessage,
  isScoped,
  type LeaderboardRow,
  MarkpiError,
  type Said,
  type SaidCreatorMessage,
  type SCOPED_PAGE_REFUSALS,
  saidCreators,
  say,
  scopeValues,
} from '@markpi/core';
import { type AudienceReport, type AudienceRequest, audienceReport } from '../creators/audiences.js';
import {
  type CreatorLeaderboardRequest,
  type CreatorLeaderboards,
  creatorLeaderboards,
  type RehireList,
} from '../creators/leaderboard.js';
import {
  type SearchVisibilityReport,
  type SearchVisibilityRequest,
  searchVisibilityReport,
} from '../creators/search.js';
import type { WorkspaceContext } from '../workspace.js';
import { factHoldsScope } from './facts.js';

/** The metrics that stand on search positions: left out where search-result snapshots can't hold the scope. */
export const SEARCH_METRICS: readonly CreatorMetric[] = [
  'effective_indexed_posts',
  'share_of_voice',
  'cost_per_indexed_post',
];

/** The notes a creator page or board carries for what the scope leaves out of it. */
export function leftOutNotes(workspace: Pick<WorkspaceContext, 'scope' | 'catalog'>): SaidCreatorMessage[] {
  if (!isScoped(workspace.scope)) return [];
  return [
    ...(factHoldsScope(workspace, 'search_results')
      ? []
      : [saidCreators(creatorMessage('creators.scope.search_left_out'))]),
    ...(factHoldsScope(workspace, 'attributed')
      ? []
      : [saidCreators(creatorMessage('creators.scope.attributed_left_out'))]),
  ];
}

/** 403 `outside_scope` for a page whose every figure comes from records the scope can't be applied to. */
function notKept(
  workspace: Pick<WorkspaceContext, 'scope'>,
  key: keyof typeof SCOPED_PAGE_REFUSALS,
): MarkpiError {
  const said: Said = { key, params: { values: scopeValues(workspace.scope) } };
  const message = say(said, 'en');
  return new MarkpiError(
    'outside_scope',
    message,
    [{ message, hint: 'a workspace admin can give you a scope of channels, which these figures carry' }],
    said,
  );
}

/** Metric values with the search metrics unknown: read without search positions, they are not zero. */
export function withoutSearchValues<T extends Record<CreatorMetric, number | null> | null>(values: T): T {
  if (values === null) return values;
  return { ...values, ...Object.fromEntries(SEARCH_METRICS.map((metric) => [metric, null])) };
}

const withoutSearchRow = (row: LeaderboardRow): LeaderboardRow => ({
  ...row,
  values: withoutSearchValues(row.values),
});

/**
 * Creators' leaderboards inside the scope. Where search positions can't be kept to it, the KOC
 * board (judged by them) is left out and the other boards' search metrics are unknown.
 */
export async function scopedCreatorLeaderboards(
  workspace: WorkspaceContext,
  request: CreatorLeaderboardRequest = {},
): Promise<CreatorLeaderboards> {
  const answer = await creatorLeaderboards(workspace, request);
  const notes = [...answer.notes, ...leftOutNotes(workspace)];
  if (factHoldsScope(workspace, 'search_results')) return { ...answer, notes };
  const boards = answer.boards
    .filter((board) => board.tier !== 'koc')
    .map((board) => ({
      ...board,
      medians: withoutSearchValues(board.medians),
      ranked: board.ranked.map(withoutSearchRow),
      belowCut: board.belowCut.map(withoutSearchRow),
    }));
  return { ...answer, boards, notes };
}

/** The re-hire list (`rehireCandidates`) of the boards a scoped caller gets. */
export async function scopedRehireCandidates(
  workspace: WorkspaceContext,
  request: Omit<CreatorLeaderboardRequest, 'sortBy'> = {},
): Promise<RehireList> {
  const answer = await scopedCreatorLeaderboards(workspace, request);
  return {
    window: answer.window,
    minSpend: request.minSpend ?? 0,
    minPosts: request.minPosts ?? 3,
    creators: answer.boards.flatMap((board) => board.ranked.filter((row) => row.rehire.signal)),
  };
}

/** Search visibility inside a scope of channels; refused to a scope the snapshots can't hold. */
export async function scopedSearchVisibility(
  workspace: WorkspaceContext,
  request: SearchVisibilityRequest = {},
): Promise<SearchVisibilityReport> {
  if (!factHoldsScope(workspace, 'search_results')) throw notKept(workspace, 'access.search_not_kept');
  return searchVisibilityReport(workspace, request);
}

/** Audiences inside a scope of channels; refused to a scope the stage snapshots can't hold. */
export async function scopedAudiences(
  workspace: WorkspaceContext,
  request: AudienceRequest = {},
): Promise<AudienceReport> {
  if (!factHoldsScope(workspace, 'audience_stages')) throw notKept(workspace, 'access.audiences_not_kept');
  return audienceReport(workspace, request);
}
