/**
 * A creator's page as a scoped caller reads it. Its figures come from the planner and its posts,
 * accounts and fees from registry reads that keep to the scope (`creators/registry.ts`); what
 * is left is the registry's own row. A creator with nothing inside the scope — no account, no
 * post ever, no figure or fee in the window — is not found, in the words an unknown id gets;
 * one that is found shows its home platform and followers only when that platform is inside.
 */
import { isScoped, MarkpiError, type SaidCreatorMessage } from '@markpi/core';
import { type CreatorLeaderboardRequest, type CreatorPage, creatorPage } from '../creators/leaderboard.js';
import { registeredPosts } from '../creators/registry.js';
import type { WorkspaceContext } from '../workspace.js';
import { factHoldsScope } from './facts.js';
import { leftOutNotes, withoutSearchValues } from './pages.js';
import { channelWithinScope } from './rules.js';

/** What `creatorPage` says of a creator it does not know; one outside the scope gets the same. */
function noCreator(creator: string): MarkpiError {
  return new MarkpiError('not_found', `no creator ${creator} in the registry or the window's data`, [
    { message: 'unknown creator', path: 'creator', hint: 'the leaderboard lists creators by id' },
  ]);
}

export async function scopedCreatorPage(
  workspace: WorkspaceContext,
  creator: string,
  request: CreatorLeaderboardRequest = {},
): Promise<CreatorPage & { notes?: SaidCreatorMessage[] }> {
  const { scope } = workspace;
  const page = await creatorPage(workspace, creator, request);
  if (!isScoped(scope)) return page;
  const found =
    page.metrics !== null ||
    page.creator.accounts.length > 0 ||
    page.posts.length > 0 ||
    page.cost.fee > 0 ||
    (await registeredPosts(workspace, creator)).length > 0;
  if (!found) throw noCreator(creator);
  const home = page.creator.channel;
  const seen =
    home === null || channelWithinScope(scope, home)
      ? page
      : { ...page, creator: { ...page.creator, channel: null, followers: null } };
  return { ...withoutSearch(workspace, seen), notes: leftOutNotes(workspace) };
}

/**
 * Where search positions can't be kept to the scope (`access/pages.ts`) the page was read
 * without them: its search metrics are unknown rather than zero, and a KOC, judged by them, has
 * no standing on a board.
 */
function withoutSearch(workspace: WorkspaceContext, page: CreatorPage): CreatorPage {
  if (factHoldsScope(workspace, 'search_results')) return page;
  const koc = page.tier === 'koc';
  const standing = page.standing && { ...page.standing, values: withoutSearchValues(page.standing.values) };
  return {
    ...page,
    metrics: withoutSearchValues(page.metrics),
    standing: koc ? null : standing,
    medians: koc ? null : withoutSearchValues(page.medians),
  };
}
