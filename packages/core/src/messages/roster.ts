/**
 * What a creator roster's import says of a row it rejects, as a key and parameters in English and
 * Chinese. Kept with the row (`meta_rejected_rows.reason_said`) like an import's rejections, so a
 * stored row is said in the reader's language. The lists of platforms and tiers are parameters
 * (`ROSTER_LISTS`), proper names said as written in both languages.
 */
import type { MessageTable } from './say.js';

export const ROSTER_MESSAGES = {
  'roster.no_creator': {
    en: 'no creator id and no account: the row names nobody',
    zh: '没有达人编号也没有账号：这一行没有指明达人',
  },
  'roster.unknown_channel': {
    en: 'platform "{value}" is not one markpi knows ({platforms, commas})',
    zh: '平台“{value}”无法识别（可用：{platforms, commas}）',
  },
  'roster.bad_followers': {
    en: 'followers "{value}" is not a count',
    zh: '粉丝数“{value}”不是有效数字',
  },
  'roster.unknown_tier': {
    en: 'tier "{value}" is none of {tiers, commas}',
    zh: '层级“{value}”不是 {tiers, commas} 之一',
  },
} as const satisfies MessageTable;

export type RosterMessageKey = keyof typeof ROSTER_MESSAGES;

/** The lists a roster's message names, by key: the platforms a roster may name, the tiers. */
export const ROSTER_LISTS: Readonly<Record<RosterMessageKey, Readonly<Record<string, readonly string[]>>>> = {
  'roster.no_creator': {},
  'roster.unknown_channel': {
    platforms: ['抖音', '小红书', '快手', '微博', '视频号', 'TikTok', 'Instagram'],
  },
  'roster.bad_followers': {},
  'roster.unknown_tier': { tiers: ['KOL', 'KOS', 'KOC'] },
};
