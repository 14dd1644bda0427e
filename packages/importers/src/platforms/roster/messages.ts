/**
 * What a roster import says about rows it rejects, as a key and parameters, in English and
 * Chinese: the CLI and the rejected-rows table print `english`, the dashboard picks its language.
 */
export const ROSTER_MESSAGES = {
  'roster.no_creator': {
    en: 'no creator id and no account: the row names nobody',
    zh: '没有达人 ID 也没有账号:这一行没有指明达人',
  },
  'roster.unknown_channel': {
    en: 'platform "{value}" is not one markpi knows (抖音, 小红书, 快手, 微博, 视频号, TikTok, Instagram)',
    zh: '平台"{value}"无法识别(可用:抖音、小红书、快手、微博、视频号、TikTok、Instagram)',
  },
  'roster.bad_followers': {
    en: 'followers "{value}" is not a count',
    zh: '粉丝数"{value}"不是有效数字',
  },
  'roster.unknown_tier': {
    en: 'tier "{value}" is none of KOL, KOS, KOC',
    zh: '层级"{value}"不是 KOL、KOS、KOC 之一',
  },
} as const satisfies Record<string, { en: string; zh: string }>;

export type RosterMessageKey = keyof typeof ROSTER_MESSAGES;

/** A message in one language, its parameters put in their places. */
export function sayRoster(
  key: RosterMessageKey,
  params: Record<string, string>,
  language: 'en' | 'zh',
): string {
  return ROSTER_MESSAGES[key][language].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}
