import type { SharePage } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { shareTabs, shownTab } from './share-pages';

describe('a share link’s tabs', () => {
  it('offers the link’s pages once each, in its order, and nothing else', () => {
    expect(shareTabs(['board:b1', 'explore', 'board:b1', 'board:b_2'])).toEqual([
      { page: 'board:b1', kind: 'board', board: 'b1' },
      { page: 'explore', kind: 'explore' },
      { page: 'board:b_2', kind: 'board', board: 'b_2' },
    ]);
    expect(shareTabs(['overview'])).toEqual([{ page: 'overview', kind: 'overview' }]);
  });

  it('shows the page asked only when the link opens it, else its first', () => {
    const tabs = shareTabs(['board:b1', 'explore']);
    expect(shownTab(tabs, 'explore')?.page).toBe('explore');
    expect(shownTab(tabs, null)?.page).toBe('board:b1');
    // The overview through a board and Explore link is never shown, nor another board.
    expect(shownTab(tabs, 'overview')?.page).toBe('board:b1');
    expect(shownTab(tabs, 'board:b2')?.page).toBe('board:b1');
    expect(shownTab([], 'overview')).toBeUndefined();
  });

  it('never shows a page outside the link, for every link of up to three pages and every page asked', () => {
    const all: SharePage[] = ['overview', 'explore', 'board:a', 'board:b'];
    const links: SharePage[][] = [];
    for (const first of all)
      for (const second of all) for (const third of all) links.push([first, second, third]);
    for (const link of links)
      for (const asked of [...all, 'settings', null]) {
        const shown = shownTab(shareTabs(link), asked);
        // Independent: what the link opens is its list, read as a set.
        expect(link).toContain(shown?.page);
        if (asked !== null && (link as string[]).includes(asked)) expect(shown?.page).toBe(asked);
        else expect(shown?.page).toBe(link[0]);
      }
  });
});
