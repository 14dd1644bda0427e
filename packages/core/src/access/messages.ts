/**
 * What people read about scoped access, in English and Chinese (core's message table, said by
 * `say`): the refusal of a page outside a scope, and of a route outside a share link's pages.
 * `values` are the scope's dimension values as stored (channel ids, campaign and account names).
 */
import type { MessageTable } from '../messages/say.js';

export const ACCESS_MESSAGES = {
  'access.scope_refused': {
    en: 'your access is limited to {values, list}; this lists rows outside it',
    zh: '你的访问范围仅限 {values, list}；此处会列出范围以外的数据',
  },
  'access.page_refused': {
    en: 'this share link opens {pages, list} only',
    zh: '此分享链接只能打开 {pages, list}',
  },
} as const satisfies MessageTable;
