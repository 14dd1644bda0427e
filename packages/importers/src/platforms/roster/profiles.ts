/**
 * Creator rosters: files that say who a brand's creators are, not what their posts did.
 *
 * - An agency roster (达人名单 / 达人库): one row per account a creator holds, with the agency's
 *   own creator id so a creator's 抖音 and 小红书 accounts stay one creator.
 * - A 巨量星图 creator list (达人列表 → 导出): Douyin accounts; the creator is the 抖音号, as in
 *   星图 order exports, so the registry and the fees meet.
 * - A 蒲公英 creator list (博主列表 → 导出): Xiaohongshu accounts; the creator is the 小红书号, as in
 *   蒲公英 order exports.
 * - A mapping: any other file, by naming the header of each field.
 *
 * Quotes (报价) in these lists are prices asked, not fees paid: they are not stored (fees come
 * from orders and invoices).
 */
import type { Channel } from '@markpi/core';

/** What a roster row may say; `creator` or `account` must be given. */
export const ROSTER_FIELDS = [
  'creator',
  'name',
  'channel',
  'account',
  'account_name',
  'followers',
  'category',
  'agency',
  'content_type',
  'tier',
  'link',
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

export interface RosterProfile {
  /** `agency_roster`, `xingtu_creators`, `pugongying_creators` or `mapping`. */
  id: string;
  label: string;
  /** The platform of every account, when the file is one platform's; else a `channel` column. */
  channel?: Channel;
  /** Headers of each field, in order of preference (compared after normalising). */
  columns: Partial<Record<RosterField, readonly string[]>>;
  /** Headers only this kind of file has: recognising a file counts them. */
  signature: readonly string[];
}

export const AGENCY_ROSTER: RosterProfile = {
  id: 'agency_roster',
  label: '机构达人名单 (agency creator roster)',
  columns: {
    creator: ['达人ID', '达人编号', '达人id'],
    name: ['达人名称', '达人昵称', '达人'],
    channel: ['平台', '所在平台'],
    account: ['平台账号', '账号ID', '账号'],
    account_name: ['账号昵称', '账号名称'],
    followers: ['粉丝数', '粉丝量', '粉丝'],
    category: ['类目', '领域', '垂类'],
    agency: ['机构', '所属机构', 'MCN', '所属MCN'],
    content_type: ['内容类型', '达人类型'],
    tier: ['层级', '达人层级', '分层'],
    link: ['主页链接', '主页'],
  },
  signature: ['达人ID', '达人编号', '平台', '平台账号', '层级', '达人层级'],
};

export const XINGTU_CREATORS: RosterProfile = {
  id: 'xingtu_creators',
  label: '巨量星图 达人列表 (Xingtu creator list)',
  channel: 'douyin',
  columns: {
    creator: ['抖音号', '达人抖音号'],
    account: ['抖音号', '达人抖音号'],
    name: ['达人昵称', '达人名称'],
    account_name: ['达人昵称', '达人名称'],
    followers: ['粉丝数', '粉丝量'],
    category: ['内容主题', '达人类型', '行业'],
    agency: ['所属MCN', 'MCN机构', 'MCN'],
    link: ['主页链接', '抖音主页'],
  },
  signature: ['抖音号', '达人抖音号', '星图ID', '星图达人ID', '1-20s视频报价', '21-60s视频报价', '预期CPM'],
};

export const PUGONGYING_CREATORS: RosterProfile = {
  id: 'pugongying_creators',
  label: '小红书蒲公英 博主列表 (Pugongying creator list)',
  channel: 'xiaohongshu',
  columns: {
    creator: ['小红书号'],
    account: ['小红书号'],
    name: ['博主昵称', '达人昵称'],
    account_name: ['博主昵称', '达人昵称'],
    followers: ['粉丝数', '粉丝量'],
    category: ['内容类目', '博主类目', '博主类型'],
    agency: ['所属机构', 'MCN机构'],
    link: ['主页链接', '博主主页'],
  },
  signature: ['小红书号', '博主ID', '图文报价', '视频报价', '博主昵称'],
};

export const ROSTER_PROFILES: readonly RosterProfile[] = [
  AGENCY_ROSTER,
  XINGTU_CREATORS,
  PUGONGYING_CREATORS,
];

/** A roster profile from a mapping: field → the file's header for it. */
export function mappingProfile(
  columns: Partial<Record<RosterField, string>>,
  channel?: Channel,
): RosterProfile {
  return {
    id: 'mapping',
    label: 'mapping',
    ...(channel ? { channel } : {}),
    columns: Object.fromEntries(Object.entries(columns).map(([field, header]) => [field, [header]])),
    signature: [],
  };
}

/** Platform names as rosters write them. */
export const CHANNEL_NAMES: Readonly<Record<string, Channel>> = {
  抖音: 'douyin',
  douyin: 'douyin',
  小红书: 'xiaohongshu',
  xiaohongshu: 'xiaohongshu',
  快手: 'kuaishou',
  kuaishou: 'kuaishou',
  微博: 'weibo',
  weibo: 'weibo',
  视频号: 'wechat',
  微信视频号: 'wechat',
  微信: 'wechat',
  wechat: 'wechat',
  tiktok: 'tiktok',
  instagram: 'meta',
  meta: 'meta',
};

/**
 * Content types as rosters write them, to the words tier rules use (`sales`, `store`, `expert`,
 * `lifestyle`, `review`, `beauty`); anything else is kept as written.
 */
export const CONTENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  带货: 'sales',
  销售: 'sales',
  品牌导购: 'sales',
  导购: 'store',
  店播: 'store',
  门店: 'store',
  专家: 'expert',
  医生: 'expert',
  皮肤科医生: 'expert',
  专业: 'expert',
  生活方式: 'lifestyle',
  种草: 'lifestyle',
  测评: 'review',
  美妆: 'beauty',
};

export const TIER_NAMES: Readonly<Record<string, 'kol' | 'kos' | 'koc'>> = {
  kol: 'kol',
  头部: 'kol',
  kos: 'kos',
  koc: 'koc',
  素人: 'koc',
};
