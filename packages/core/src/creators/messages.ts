/**
 * Sentences the creator, search-visibility and audience views write for people, as a stable key
 * and its parameters (the pattern of `targets/messages.ts`), with English and Chinese made from
 * one table so neither can be missing: `sayCreators(message, 'zh')`.
 *
 * Parameters are data: counts and amounts as numbers, shares as fractions (0.19 is 19%), dates
 * as `YYYY-MM-DD`, creator names and keywords as written. `CREATOR_MESSAGE_FORMATS` names how
 * each parameter is said, for clients that render with their own template engine.
 */
import { type MessageFormat, type MessageTable, sayMessage } from '../messages/say.js';
import { SCOPED_PAGE_NOTES } from '../messages/scoped-pages.js';

export type CreatorLanguage = 'en' | 'zh';
export type CreatorMessageValue = string | number | string[];

export interface CreatorMessage {
  key: CreatorMessageKey;
  params: Record<string, CreatorMessageValue>;
}

type Format = 'count' | 'amount' | 'share' | 'date' | 'names' | 'text';

const number = (value: string | number | boolean) => (typeof value === 'number' ? value : Number(value));
const grouped = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * Said by core's message module (`messages/say.ts`): counts and amounts grouped with two decimals
 * at most, shares as whole percentages (one decimal under 1%), names joined by `commas`.
 */
const FORMATS: Readonly<Record<string, MessageFormat>> = {
  count: (value) => grouped(number(value)),
  amount: (value) => grouped(number(value)),
  share: (value) => {
    const percent = number(value) * 100;
    return percent !== 0 && Math.abs(percent) < 1 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
  },
};

export const CREATOR_TEMPLATES = {
  'creators.below_min_spend': {
    en: '{count, count} creator(s) cost less than {minSpend, amount} in the period: listed, not ranked',
    zh: '{count, count} 位达人期间花费低于 {minSpend, amount}：列出但不参与排名',
  },
  'creators.no_fee': {
    en: '{count, count} creator(s) have no fee recorded in the period ({names, commas}): their cost is media spend alone',
    zh: '{count, count} 位达人期间没有费用记录（{names, commas}）：其花费仅计媒体消耗',
  },
  'creators.no_tier': {
    en: '{count, count} creator(s) have no tier ({names, commas}) and are on no leaderboard',
    zh: '{count, count} 位达人没有层级（{names, commas}），不进入任何排行榜',
  },
  'creators.rehire.beats': {
    en: 'beats the tier median on {beaten, count} of {judged, count} KPIs over {posts, count} posts',
    zh: '{posts, count} 篇内容在 {judged, count} 项考核指标中有 {beaten, count} 项优于层级中位数',
  },
  'creators.rehire.few_posts': {
    en: '{posts, count} post(s) in the period, fewer than the {minPosts, count} a re-hire signal needs',
    zh: '期间仅 {posts, count} 篇内容，少于复投信号所需的 {minPosts, count} 篇',
  },
  'creators.rehire.below_cut': {
    en: 'cost less than {minSpend, amount}: not judged against the tier',
    zh: '花费低于 {minSpend, amount}：不与层级比较',
  },
  'search.no_snapshots': {
    en: 'no search-result snapshots from {from} to {to}',
    zh: '{from} 至 {to} 没有搜索结果快照',
  },
  'audiences.nearest_snapshot': {
    en: 'no stage sizes on {wanted}: the last earlier snapshot ({used}) stands for it',
    zh: '{wanted} 没有人群阶段数据：以此前最近的快照（{used}）代替',
  },
  'audiences.no_snapshot': {
    en: 'no stage sizes on or before {wanted}',
    zh: '{wanted} 及之前没有人群阶段数据',
  },
  'audiences.net_flows': {
    en: 'flows into A3 are the platform’s reported A1→A3 and A2→A3 transfers; every other movement is a net change of stage sizes (the exports hold no person-level transitions)',
    zh: 'A3 流入为平台报告的 A1→A3、A2→A3 流转人数；其余变动为阶段人数的净变化（导出数据不含个人层级的流转）',
  },
  // Notes a scoped caller gets where a view's records do not carry the scope's dimensions.
  ...SCOPED_PAGE_NOTES,
} as const satisfies MessageTable;

const TEMPLATES = CREATOR_TEMPLATES;

export type CreatorMessageKey = keyof typeof TEMPLATES;

/** How each parameter of each key is said, for clients that render with their own template engine. */
export const CREATOR_MESSAGE_FORMATS: Readonly<Record<CreatorMessageKey, Readonly<Record<string, Format>>>> =
  Object.fromEntries(
    Object.entries(TEMPLATES).map(([key, template]) => [
      key,
      Object.fromEntries(
        [...template.en.matchAll(/\{(\w+)(?:,\s*(\w+))?\}/g)].map(([, name, format]) => [
          name,
          format === 'commas'
            ? 'names'
            : ((format as Format | undefined) ?? (/^(from|to|wanted|used)$/.test(name!) ? 'date' : 'text')),
        ]),
      ),
    ]),
  ) as Record<CreatorMessageKey, Record<string, Format>>;

export function creatorMessage(
  key: CreatorMessageKey,
  params: CreatorMessage['params'] = {},
): CreatorMessage {
  return { key, params };
}

export function isCreatorMessageKey(key: string): key is CreatorMessageKey {
  return Object.hasOwn(TEMPLATES, key);
}

/** The message in a language. */
export function sayCreators(message: CreatorMessage, language: CreatorLanguage): string {
  return sayMessage(message, language, {
    template: (key) => (Object.hasOwn(TEMPLATES, key) ? TEMPLATES[key as CreatorMessageKey] : undefined),
    formats: FORMATS,
  });
}

/** A message with its English beside it, as the API and the CLI carry it. */
export interface SaidCreatorMessage extends CreatorMessage {
  text: string;
}

export function saidCreators(message: CreatorMessage): SaidCreatorMessage {
  return { ...message, text: sayCreators(message, 'en') };
}
