/**
 * Sentences the creator, search-visibility and audience views write for people, as a stable key
 * and its parameters (the pattern of `targets/messages.ts`), with English and Chinese made from
 * one table so neither can be missing: `sayCreators(message, 'zh')`.
 *
 * Parameters are data: counts and amounts as numbers, shares as fractions (0.19 is 19%), dates
 * as `YYYY-MM-DD`, creator names and keywords as written. `CREATOR_MESSAGE_FORMATS` names how
 * each parameter is said, for clients that render with their own template engine.
 */

export type CreatorLanguage = 'en' | 'zh';
export type CreatorMessageValue = string | number | string[];

export interface CreatorMessage {
  key: CreatorMessageKey;
  params: Record<string, CreatorMessageValue>;
}

type Format = 'count' | 'amount' | 'share' | 'date' | 'names' | 'text';
type Params = Record<string, string>;
interface Template {
  formats: Record<string, Format>;
  en: (p: Params) => string;
  zh: (p: Params) => string;
}

const number = (value: CreatorMessageValue) => (typeof value === 'number' ? value : Number(value));
const grouped = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

function format(kind: Format, value: CreatorMessageValue, language: CreatorLanguage): string {
  switch (kind) {
    case 'count':
    case 'amount':
      return grouped(number(value));
    case 'share': {
      const percent = number(value) * 100;
      return percent !== 0 && Math.abs(percent) < 1 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
    }
    case 'names':
      return (Array.isArray(value) ? value : [String(value)]).join(language === 'zh' ? '、' : ', ');
    default:
      return String(value);
  }
}

const TEMPLATES = {
  'creators.below_min_spend': {
    formats: { count: 'count', minSpend: 'amount' },
    en: (p) => `${p.count} creator(s) cost less than ${p.minSpend} in the period: listed, not ranked`,
    zh: (p) => `${p.count} 位达人期间花费低于 ${p.minSpend}:列出但不参与排名`,
  },
  'creators.no_fee': {
    formats: { count: 'count', names: 'names' },
    en: (p) =>
      `${p.count} creator(s) have no fee recorded in the period (${p.names}): their cost is media spend alone`,
    zh: (p) => `${p.count} 位达人期间没有费用记录(${p.names}):其花费仅计媒体消耗`,
  },
  'creators.no_tier': {
    formats: { count: 'count', names: 'names' },
    en: (p) => `${p.count} creator(s) have no tier (${p.names}) and are on no leaderboard`,
    zh: (p) => `${p.count} 位达人没有层级(${p.names}),不进入任何排行榜`,
  },
  'creators.rehire.beats': {
    formats: { beaten: 'count', judged: 'count', posts: 'count' },
    en: (p) => `beats the tier median on ${p.beaten} of ${p.judged} KPIs over ${p.posts} posts`,
    zh: (p) => `${p.posts} 篇内容在 ${p.judged} 项考核指标中有 ${p.beaten} 项优于层级中位数`,
  },
  'creators.rehire.few_posts': {
    formats: { posts: 'count', minPosts: 'count' },
    en: (p) => `${p.posts} post(s) in the period, fewer than the ${p.minPosts} a re-hire signal needs`,
    zh: (p) => `期间仅 ${p.posts} 篇内容,少于复投信号所需的 ${p.minPosts} 篇`,
  },
  'creators.rehire.below_cut': {
    formats: { minSpend: 'amount' },
    en: (p) => `cost less than ${p.minSpend}: not judged against the tier`,
    zh: (p) => `花费低于 ${p.minSpend}:不与层级比较`,
  },
  'search.no_snapshots': {
    formats: { from: 'date', to: 'date' },
    en: (p) => `no search-result snapshots from ${p.from} to ${p.to}`,
    zh: (p) => `${p.from} 至 ${p.to} 没有搜索结果快照`,
  },
  'audiences.nearest_snapshot': {
    formats: { wanted: 'date', used: 'date' },
    en: (p) => `no stage sizes on ${p.wanted}: the last earlier snapshot (${p.used}) stands for it`,
    zh: (p) => `${p.wanted} 没有人群阶段数据:以此前最近的快照(${p.used})代替`,
  },
  'audiences.no_snapshot': {
    formats: { wanted: 'date' },
    en: (p) => `no stage sizes on or before ${p.wanted}`,
    zh: (p) => `${p.wanted} 及之前没有人群阶段数据`,
  },
  'audiences.net_flows': {
    formats: {},
    en: () =>
      'flows into A3 are the platform’s reported A1→A3 and A2→A3 transfers; every other movement is a net change of stage sizes (the exports hold no person-level transitions)',
    zh: () =>
      'A3 流入为平台报告的 A1→A3、A2→A3 流转人数;其余变动为阶段人数的净变化(导出数据不含个人层级的流转)',
  },
} satisfies Record<string, Template>;

export type CreatorMessageKey = keyof typeof TEMPLATES;

export const CREATOR_MESSAGE_FORMATS: Readonly<Record<CreatorMessageKey, Readonly<Record<string, Format>>>> =
  Object.fromEntries(Object.entries(TEMPLATES).map(([key, template]) => [key, template.formats])) as Record<
    CreatorMessageKey,
    Record<string, Format>
  >;

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
  const template: Template = TEMPLATES[message.key];
  const said: Params = {};
  for (const [name, value] of Object.entries(message.params)) {
    said[name] = format(template.formats[name] ?? 'text', value, language);
  }
  return template[language](said);
}

/** A message with its English beside it, as the API and the CLI carry it. */
export interface SaidCreatorMessage extends CreatorMessage {
  text: string;
}

export function saidCreators(message: CreatorMessage): SaidCreatorMessage {
  return { ...message, text: sayCreators(message, 'en') };
}
