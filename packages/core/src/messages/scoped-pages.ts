/**
 * What a scoped caller (a member or share link limited to channels, campaigns or accounts) reads
 * about the pages whose records do not carry every dimension a scope may name. Search-result
 * snapshots carry a platform but no account or campaign (a result page belongs to a keyword, not
 * to an account's post list), audience stages neither, and attributed credit no account. A page
 * that can show the rest leaves those figures out with a note (`SCOPED_PAGE_NOTES`, said with
 * the creator views' notes); a page made of nothing else is refused with 403 `outside_scope`
 * (`SCOPED_PAGE_REFUSALS`, said by core's `say`). `values` are the scope's values as stored.
 */
import type { MessageTable } from './say.js';

export const SCOPED_PAGE_NOTES = {
  'creators.scope.search_left_out': {
    en: 'search positions are not kept per account or campaign: indexed posts, top-ten share of voice and the KOC board, which stands on them, are left out of your access',
    zh: '搜索排名数据不按账号或活动记录：收录篇数、前十声量份额以及据此评判的 KOC 榜单不在你的访问范围内显示',
  },
  'creators.scope.attributed_left_out': {
    en: 'attributed credit is not kept per account: attributed GMV and its ROI are left out of your access',
    zh: '归因数据不按账号记录：归因 GMV 及其 ROI 不在你的访问范围内显示',
  },
} as const satisfies MessageTable;

export const SCOPED_PAGE_REFUSALS = {
  'access.search_not_kept': {
    en: 'your access is limited to {values, list}; search positions are not kept per account or campaign, so search visibility can’t be limited to it',
    zh: '你的访问范围仅限 {values, list}；搜索排名数据不按账号或活动记录，无法将搜索可见度限定在此范围内',
  },
  'access.audiences_not_kept': {
    en: 'your access is limited to {values, list}; audience stages are not kept per account or campaign, so audiences can’t be limited to it',
    zh: '你的访问范围仅限 {values, list}；人群资产阶段数据不按账号或活动记录，无法将人群资产限定在此范围内',
  },
} as const satisfies MessageTable;
