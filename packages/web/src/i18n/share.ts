/**
 * The words of a share link's pages beyond the overview (its tabs, a shared board, the read-only
 * Explore) and of the settings page's board choice for a link, in English and Chinese. Spread into
 * `en.ts` and `zh.ts`.
 */

const shareEn = {
  sharePages: {
    tabs: 'Pages this link opens',
    board: 'Board',
    boardNumbered: 'Board {{number}}',
    boardGone: 'This board no longer exists or is no longer shared.',
    cardFailed: 'This view could not be answered.',
    exploreNote: 'Read-only: ask any KPI within this link’s scope; nothing is saved.',
    boards: 'Boards',
    noBoards: 'No shared boards yet: make one on the overview to offer it here.',
  },
};

const shareZh: typeof shareEn = {
  sharePages: {
    tabs: '此链接可打开的页面',
    board: '看板',
    boardNumbered: '看板 {{number}}',
    boardGone: '此看板已不存在或已不再共享。',
    cardFailed: '此视图无法计算。',
    exploreNote: '只读：可在此链接的数据范围内查询任意指标；不会保存任何内容。',
    boards: '看板',
    noBoards: '还没有共享看板：在总览中新建后即可在此选择。',
  },
};

export const shareTexts = { en: shareEn, zh: shareZh };
