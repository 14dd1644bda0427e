/**
 * The pages a share link offers as tabs, in the order the link names them: the overview, Explore
 * and each board it opens. A page asked in the URL that the link does not open is never shown; the
 * link's first page is, as if nothing had been asked.
 */
import type { SharePage } from '@markpi/core';

export type ShareTab =
  | { page: 'overview'; kind: 'overview' }
  | { page: 'explore'; kind: 'explore' }
  | { page: `board:${string}`; kind: 'board'; board: string };

/** The link's pages as tabs, each once, in the link's order. */
export function shareTabs(pages: readonly SharePage[]): ShareTab[] {
  const tabs: ShareTab[] = [];
  for (const page of new Set(pages)) {
    if (page === 'overview') tabs.push({ page, kind: 'overview' });
    else if (page === 'explore') tabs.push({ page, kind: 'explore' });
    else if (page.startsWith('board:'))
      tabs.push({ page, kind: 'board', board: page.slice('board:'.length) });
  }
  return tabs;
}

/** The tab to show: the one asked (`page=` in the URL) when the link opens it, else the first. */
export function shownTab(tabs: readonly ShareTab[], asked: string | null): ShareTab | undefined {
  return tabs.find((tab) => tab.page === asked) ?? tabs[0];
}
