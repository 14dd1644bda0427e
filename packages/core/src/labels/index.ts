/**
 * What people read for the ids the data and the audit log hold: channels and platforms, regions,
 * content formats, audiences, cost types, traffic types, creator tiers, audience stages, fee
 * sources, the facts, and the actions the audit log records, each in English and Chinese.
 *
 * Convention: a value with no label here is said as it was written — a workspace's own audience
 * or region names are its own words, in whichever language its people typed them. Labels of
 * platforms are the names the platforms give themselves in each language (抖音 / Douyin; Meta,
 * Google Ads and TikTok in both).
 */

export interface ValueLabel {
  en: string;
  zh: string;
}

type Labels = Readonly<Record<string, ValueLabel>>;

const CHANNEL_LABELS: Labels = {
  kuaishou: { en: 'Kuaishou', zh: '快手' },
  douyin: { en: 'Douyin', zh: '抖音' },
  xiaohongshu: { en: 'Xiaohongshu', zh: '小红书' },
  wechat: { en: 'WeChat', zh: '微信' },
  weibo: { en: 'Weibo', zh: '微博' },
  meta: { en: 'Meta', zh: 'Meta' },
  google_ads: { en: 'Google Ads', zh: 'Google Ads' },
  tiktok: { en: 'TikTok', zh: 'TikTok' },
  // Steps of a journey that are no ad platform, and the shops orders come from.
  direct: { en: 'Direct', zh: '直接访问' },
  search: { en: 'Search', zh: '搜索' },
  email: { en: 'Email', zh: '邮件' },
  baidu: { en: 'Baidu', zh: '百度' },
  tmall: { en: 'Tmall', zh: '天猫' },
  jd: { en: 'JD', zh: '京东' },
  douyin_shop: { en: 'Douyin shop', zh: '抖音小店' },
  shopify: { en: 'Shopify', zh: 'Shopify' },
};

/** Each dimension's labelled values; `channel` also labels `first_channel`, `platform` and `touch_channel`. */
export const DIMENSION_VALUE_LABELS: Readonly<Record<string, Labels>> = {
  channel: CHANNEL_LABELS,
  region: {
    east_china: { en: 'East China', zh: '华东' },
    south_china: { en: 'South China', zh: '华南' },
    north_china: { en: 'North China', zh: '华北' },
    central_china: { en: 'Central China', zh: '华中' },
    west_china: { en: 'West China', zh: '西部' },
    northeast_china: { en: 'Northeast China', zh: '东北' },
    overseas: { en: 'Overseas', zh: '海外' },
  },
  content_format: {
    video: { en: 'Video', zh: '视频' },
    image_text: { en: 'Image and text', zh: '图文' },
    live: { en: 'Live stream', zh: '直播' },
  },
  audience: {
    young_women_18_24: { en: 'Young women 18–24', zh: '18–24 岁年轻女性' },
    white_collar_25_34: { en: 'White-collar 25–34', zh: '25–34 岁白领' },
    mothers: { en: 'Mothers', zh: '宝妈' },
    students: { en: 'Students', zh: '学生' },
    lookalike: { en: 'Lookalike', zh: '相似人群' },
  },
  cost_type: {
    seo: { en: 'SEO', zh: '搜索优化' },
    content: { en: 'Content production', zh: '内容制作' },
    agency: { en: 'Agency', zh: '代理服务' },
    staff: { en: 'Staff', zh: '人力' },
    promotion: { en: 'Promotion', zh: '促销' },
    other: { en: 'Other', zh: '其他' },
  },
  traffic_type: {
    paid: { en: 'Paid', zh: '付费' },
    organic: { en: 'Organic', zh: '自然' },
  },
  creator_tier: {
    kol: { en: 'KOL', zh: 'KOL' },
    kos: { en: 'KOS', zh: 'KOS' },
    koc: { en: 'KOC', zh: 'KOC' },
  },
  stage: {
    a1: { en: 'A1 Aware', zh: 'A1 了解' },
    a2: { en: 'A2 Appeal', zh: 'A2 吸引' },
    a3: { en: 'A3 Ask', zh: 'A3 问询' },
    a4: { en: 'A4 Act', zh: 'A4 行动' },
    a5: { en: 'A5 Advocate', zh: 'A5 拥护' },
  },
  fee_source: {
    xingtu: { en: 'Xingtu order', zh: '星图订单' },
    pugongying: { en: 'Pugongying order', zh: '蒲公英订单' },
    agency_invoice: { en: 'Agency invoice', zh: '代理发票' },
    contract: { en: 'Direct contract', zh: '直签合同' },
  },
  // The exports the importers read, as the import page names them.
  import_platform: {
    ocean_engine: { en: 'Ocean Engine', zh: '巨量引擎' },
    qianchuan: { en: 'Qianchuan', zh: '巨量千川' },
    douyin: { en: 'Douyin', zh: '抖音' },
    kuaishou: { en: 'Kuaishou ads', zh: '快手磁力引擎' },
    xiaohongshu: { en: 'Xiaohongshu', zh: '小红书' },
    tencent: { en: 'Tencent ads', zh: '腾讯广告' },
    weibo: { en: 'Weibo ads', zh: '微博超级粉丝通' },
    meta: { en: 'Meta', zh: 'Meta' },
    google_ads: { en: 'Google Ads', zh: 'Google Ads' },
    ga4: { en: 'Google Analytics 4', zh: 'Google Analytics 4' },
    tiktok: { en: 'TikTok', zh: 'TikTok' },
  },
  fact: {
    fact_performance: { en: 'Ad and post performance', zh: '投放与内容表现' },
    fact_performance_periods: { en: 'Performance over date ranges', zh: '按时间段汇总的表现' },
    fact_followers: { en: 'Follower snapshots', zh: '粉丝快照' },
    fact_costs: { en: 'Cost ledger', zh: '费用台账' },
    fact_customers: { en: 'Customers', zh: '客户' },
    fact_audience_stages: { en: 'Audience stages', zh: '人群资产阶段' },
    fact_audience_sizes: { en: 'Audience sizes', zh: '人群规模' },
    fact_search_results: { en: 'Search results', zh: '搜索结果' },
    fact_touches: { en: 'Touchpoints', zh: '触点' },
    fact_conversions: { en: 'Orders and conversions', zh: '订单与转化' },
    fact_journey_paths: { en: 'Journey paths', zh: '转化路径' },
    fact_creator_fees: { en: 'Creator fees', zh: '达人费用' },
    fact_coupon_codes: { en: 'Coupons and passphrases', zh: '优惠码与口令' },
    fact_attributed: { en: 'Attributed value', zh: '归因价值' },
  },
};

/** Dimensions whose values are another's: a first channel is a channel. */
const SAME_VALUES: Readonly<Record<string, string>> = {
  first_channel: 'channel',
  platform: 'channel',
  touch_channel: 'channel',
  format: 'content_format',
  tier: 'creator_tier',
};

/** What the audit log records, by action id. */
export const AUDIT_ACTION_LABELS: Labels = {
  'workspace.create': { en: 'Workspace created', zh: '创建工作区' },
  'workspace.update': { en: 'Workspace changed', zh: '修改工作区' },
  'workspace.delete': { en: 'Workspace deleted', zh: '删除工作区' },
  'member.add': { en: 'Member added', zh: '添加成员' },
  'member.update': { en: 'Member’s role changed', zh: '修改成员角色' },
  'member.scope': { en: 'Member’s access changed', zh: '修改成员可见范围' },
  'member.remove': { en: 'Member removed', zh: '移除成员' },
  'user.create': { en: 'Account created', zh: '创建账号' },
  'user.update': { en: 'Account changed', zh: '修改账号' },
  'user.delete': { en: 'Account deleted', zh: '删除账号' },
  'user.password': { en: 'Password changed', zh: '修改密码' },
  'session.end': { en: 'Session ended', zh: '结束会话' },
  'share_link.create': { en: 'Share link created', zh: '创建分享链接' },
  'share_link.revoke': { en: 'Share link revoked', zh: '撤销分享链接' },
  'import.upload': { en: 'File uploaded', zh: '上传文件' },
  'import.mapping': { en: 'Column mapping saved', zh: '保存列映射' },
  'import.confirm': { en: 'Import loaded', zh: '确认导入' },
  'import.cancel': { en: 'Import cancelled', zh: '取消导入' },
  'import.expire': { en: 'Upload expired', zh: '上传已过期' },
  'kpi.create': { en: 'KPI added', zh: '新增指标' },
  'kpi.update': { en: 'KPI changed', zh: '修改指标' },
  'kpi.delete': { en: 'KPI deleted', zh: '删除指标' },
  'target.create': { en: 'Target set', zh: '设定目标' },
  'target.update': { en: 'Target changed', zh: '修改目标' },
  'tiles.set': { en: 'Overview tiles chosen', zh: '设置概览卡片' },
  'tiles.reset': { en: 'Overview tiles reset', zh: '重置概览卡片' },
  'view.save': { en: 'View saved', zh: '保存视图' },
  'view.remove': { en: 'View removed', zh: '删除视图' },
  'board.create': { en: 'Board created', zh: '创建看板' },
  'board.update': { en: 'Board changed', zh: '修改看板' },
  'annotation.add': { en: 'Note added', zh: '添加图表备注' },
  'annotation.remove': { en: 'Note removed', zh: '删除图表备注' },
  'annotation.import': { en: 'Events added as notes', zh: '导入事件为备注' },
  'creators.roster': { en: 'Creator roster imported', zh: '导入达人名册' },
  'lift.record': { en: 'Lift result recorded', zh: '记录增量结果' },
  'lift.withdraw': { en: 'Lift result withdrawn', zh: '撤回增量结果' },
  'monitor.run': { en: 'Monitor run', zh: '运行监控' },
  'monitor.settings': { en: 'Monitor settings changed', zh: '修改监控设置' },
  'notifications.settings': { en: 'Notification settings changed', zh: '修改通知设置' },
  'incident.acknowledge': { en: 'Incident acknowledged', zh: '确认异常事件' },
  'incident.assign': { en: 'Incident assigned', zh: '指派异常事件' },
  'incident.comment': { en: 'Comment on an incident', zh: '评论异常事件' },
  'incident.false_alarm': { en: 'Marked a false alarm', zh: '标记为误报' },
  'incident.reopen': { en: 'Incident reopened', zh: '重新打开异常事件' },
  'incident.resolve': { en: 'Incident resolved', zh: '解决异常事件' },
  'incident.snooze': { en: 'Incident snoozed', zh: '暂缓异常事件' },
};

/** The names of the details an audit entry keeps beside its action. */
export const AUDIT_DETAIL_LABELS: Labels = {
  role: { en: 'role', zh: '角色' },
  from: { en: 'from', zh: '原为' },
  to: { en: 'to', zh: '改为' },
  name: { en: 'name', zh: '名称' },
  label: { en: 'label', zh: '名称' },
  file: { en: 'file', zh: '文件' },
  files: { en: 'files', zh: '文件' },
  status: { en: 'status', zh: '状态' },
  state: { en: 'state', zh: '状态' },
  owner: { en: 'owner', zh: '负责人' },
  formula: { en: 'formula', zh: '公式' },
  unit: { en: 'unit', zh: '单位' },
  kpis: { en: 'KPIs', zh: '指标' },
  version: { en: 'version', zh: '版本' },
  reason: { en: 'reason', zh: '原因' },
  mapping: { en: 'mapping', zh: '映射' },
  date: { en: 'date', zh: '日期' },
  scope: { en: 'scope', zh: '范围' },
  method: { en: 'method', zh: '方法' },
  channel: { en: 'channel', zh: '渠道' },
  monitors: { en: 'monitors', zh: '监控项' },
  opened: { en: 'opened', zh: '新建' },
  skipped: { en: 'skipped', zh: '跳过' },
  added: { en: 'added', zh: '新增' },
  views: { en: 'views', zh: '视图' },
  serverAdmin: { en: 'server admin', zh: '服务器管理员' },
};

/** The label of a dimension's value in `language`, or undefined when it has none. */
export function dimensionValueLabelOf(
  dimension: string,
  value: string,
  language: 'en' | 'zh',
): string | undefined {
  const labels = DIMENSION_VALUE_LABELS[SAME_VALUES[dimension] ?? dimension];
  return labels && Object.hasOwn(labels, value) ? labels[value]![language] : undefined;
}

/** The label of an audit action in `language`; an action with none is said as its id. */
export function auditActionLabel(action: string, language: 'en' | 'zh'): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action]![language] : action;
}

/** The name of an audit entry's detail in `language`; a detail with none is said as its key. */
export function auditDetailLabel(key: string, language: 'en' | 'zh'): string {
  return Object.hasOwn(AUDIT_DETAIL_LABELS, key) ? AUDIT_DETAIL_LABELS[key]![language] : key;
}

export {
  IMPLAUSIBLE_ROAS,
  PLATFORM_ROI_RANGE,
  RETURN_KPI_QUALIFIERS,
  returnTargetMixUp,
} from './returns.js';
