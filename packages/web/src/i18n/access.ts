/**
 * The words for scoped access, in English and Chinese: the header's scope chip, the scope and
 * page pickers of the members and share-link forms, a share link's pages. Spread into `en.ts`
 * and `zh.ts`.
 */

const accessEn = {
  access: {
    chip: 'scope: {{values}}',
    chipTitle: 'You see these rows only; pages that list other rows are closed to you.',
    scope: 'Scope',
    wholeWorkspace: 'Whole workspace',
    channels: 'Channels',
    campaigns: 'Campaigns',
    accounts: 'Accounts',
    noValues: 'None with data in the last 30 days.',
    pages: 'Pages',
    page: { overview: 'Overview', explore: 'Explore', board: 'Board {{id}}' },
    adminWhole: 'Admins see the whole workspace.',
    linkPagesOnly: 'This link opens: {{pages}}.',
  },
};

const accessZh: typeof accessEn = {
  access: {
    chip: '范围：{{values}}',
    chipTitle: '你只能看到这些数据；列出其他数据的页面对你关闭。',
    scope: '数据范围',
    wholeWorkspace: '整个工作区',
    channels: '渠道',
    campaigns: '营销活动',
    accounts: '账号',
    noValues: '近 30 天没有有数据的值。',
    pages: '页面',
    page: { overview: '总览', explore: '探索', board: '看板 {{id}}' },
    adminWhole: '管理员可以看到整个工作区。',
    linkPagesOnly: '此链接可打开：{{pages}}。',
  },
};

export const accessTexts = { en: accessEn, zh: accessZh };
