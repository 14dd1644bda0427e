/**
 * What an error says. An error thrown with English alone carries its kind's key and the English
 * as `detail` (see `MarkpiError.said`): English says the detail, Chinese the kind's sentence, so a
 * Chinese screen never shows an English sentence it cannot read. Errors a person meets often say
 * themselves with keys of their own (a password refused, a login that failed).
 */
import type { MessageTable } from './say.js';

export const ERROR_MESSAGES = {
  // One per kind (see `ERROR_KINDS`); `detail` is the English the error was thrown with.
  'error.invalid_input': { en: '{detail}', zh: '请求的内容有误，无法按此处理，请检查后重试' },
  'error.not_found': { en: '{detail}', zh: '要找的内容不存在' },
  'error.conflict': { en: '{detail}', zh: '与已有内容冲突，或当前状态不允许这样做' },
  'error.forbidden': { en: '{detail}', zh: '没有权限这样做' },
  'error.unauthenticated': { en: '{detail}', zh: '请先登录，或检查登录名和密码' },
  'error.rate_limited': { en: '{detail}', zh: '请求过于频繁，请稍后再试' },
  'error.unavailable': {
    en: 'a service the server needs is unavailable; try again later (the server log has the details)',
    zh: '服务器依赖的服务暂时不可用，请稍后再试（详情见服务器日志）',
  },
  'error.internal': {
    en: 'internal error; the server log has the details',
    zh: '内部错误，详情见服务器日志',
  },

  // Requests the framework refuses before a route sees them.
  'error.payload_too_large': { en: '{detail}', zh: '请求内容过大' },
  'error.unsupported_media_type': { en: '{detail}', zh: '不支持的内容类型' },

  // Accounts and passwords.
  'auth.bad_current_password': { en: 'the current password is wrong', zh: '当前密码错误' },
  'auth.password.too_short': { en: 'at least {length} characters', zh: '至少 {length} 个字符' },
  'auth.password.common': {
    en: 'one of the passwords guessed first (a common word, a run of keys or digits); choose another',
    zh: '这是最先被猜到的密码之一（常见词、连续按键或数字），请换一个',
  },
  'auth.password.like_login': {
    en: 'must not be the login name, with or without digits',
    zh: '不能是登录名（无论是否加数字）',
  },
  'auth.password.refused': { en: 'the new password is refused: {reason}', zh: '新密码不可用：{reason}' },
} as const satisfies MessageTable;
