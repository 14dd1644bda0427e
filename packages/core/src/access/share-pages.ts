/**
 * What a share link opens: its pages. `overview` is the workspace's overview, `explore` the
 * query page (the one page that asks arbitrary KPI questions), `board:<id>` one board of saved
 * views on the overview. A link opens its pages' routes and nothing else.
 */
export type SharePage = 'overview' | 'explore' | `board:${string}`;

/** The pages a link made before pages existed opens: the overview and the query route, as it did. */
export const LEGACY_SHARE_PAGES: readonly SharePage[] = ['overview', 'explore'];

export function isSharePage(text: string): text is SharePage {
  return text === 'overview' || text === 'explore' || /^board:[A-Za-z0-9_-]{1,64}$/.test(text);
}

/** Whether a link's pages include the overview. */
export function opensOverview(pages: readonly SharePage[]): boolean {
  return pages.includes('overview');
}

/** Whether a link's pages ask KPI questions of their own: Explore does (a board's are its cards'). */
export function opensQueries(pages: readonly SharePage[]): boolean {
  return pages.includes('explore');
}

/** Whether a link opens a board, by its id. */
export function opensBoard(pages: readonly SharePage[], id: string): boolean {
  return pages.includes(`board:${id}`);
}

/** The boards a link opens, by id. */
export function sharedBoards(pages: readonly SharePage[]): string[] {
  return pages.filter((page) => page.startsWith('board:')).map((page) => page.slice('board:'.length));
}
