/**
 * What people read about scoped access, in English and Chinese: the chip a scoped member sees in
 * the header and the refusal of a page outside a scope or a share link's pages. `values` are the
 * scope's dimension values as stored (channel ids, campaign and account names).
 */
export type AccessLanguage = 'en' | 'zh';

export type AccessMessageKey = 'scope.chip' | 'scope.refused' | 'share.page_refused';

const TEMPLATES: Record<AccessMessageKey, Record<AccessLanguage, (values: string) => string>> = {
  'scope.chip': { en: (values) => `scope: ${values}`, zh: (values) => `范围：${values}` },
  'scope.refused': {
    en: (values) => `your access is limited to ${values}; this lists rows outside it`,
    zh: (values) => `你的访问范围仅限 ${values}；此处会列出范围以外的数据`,
  },
  'share.page_refused': {
    en: (values) => `this share link opens ${values} only`,
    zh: (values) => `此分享链接只能打开：${values}`,
  },
};

/** Says an access message in a language; `values` are joined the language's way. */
export function sayAccess(
  key: AccessMessageKey,
  values: readonly string[],
  language: AccessLanguage,
): string {
  return TEMPLATES[key][language](values.join(language === 'zh' ? '、' : ', '));
}
