/**
 * The facts markpi stores and the dimensions and measures they carry. This is data, not
 * code: the store creates its tables from it, the planner reads which fact holds a measure
 * and which dimensions a fact can be cut by, and importers map platform columns onto it.
 */
import { ATTRIBUTION_MODELS, modelName } from '../attribution/messages.js';
import type { MeasureUnit } from './units.js';

export type FactId =
  | 'performance'
  | 'followers'
  | 'costs'
  | 'customers'
  | 'audience_stages'
  | 'audience_sizes'
  | 'search_results'
  | 'touches'
  | 'conversions'
  | 'journey_paths'
  | 'creator_fees'
  | 'coupon_codes'
  | 'attributed';

export interface Bilingual {
  en: string;
  zh: string;
}

export interface DimensionDefinition {
  id: string;
  name: Bilingual;
  description: Bilingual;
  /** Known values, when the set is closed (channels, tiers); free text otherwise. */
  values?: readonly string[];
}

/**
 * How a fact's own column (one that is neither a dimension nor a measure) is read and kept:
 * - `key`: an identifier kept as written (a person, an order, a contract, a code);
 * - `time`: an instant, stored as whole epoch milliseconds (UTC), exact on every engine;
 * - `text`: free text that is not a dimension (a path of channels, a coupon code as typed);
 * - `money`: an amount, converted to the base currency like money measures;
 * - `count`: a number of things (conversions, journeys).
 */
export type FactColumnKind = 'key' | 'time' | 'text' | 'money' | 'count';

export interface FactColumnDefinition {
  id: string;
  kind: FactColumnKind;
  name: Bilingual;
  description: Bilingual;
  /** A row without it cannot be stored (an event needs its person and its time). */
  required?: boolean;
}

export interface FactDefinition {
  id: FactId;
  table: string;
  name: Bilingual;
  /**
   * Smallest period one row covers. Month-grain facts answer nothing finer. Event-grain facts
   * hold one row per event: `date` is the event's local day and a `time` column its instant.
   */
  grain: 'day' | 'month' | 'event';
  /** Dimension columns besides `date`, in table order. */
  dimensions: readonly string[];
  /**
   * Each day's rows observe a standing state again (a search-result page, read every day): a
   * week's rows hold much the same observations seven times over, so they are not a week's worth
   * of independent trials (the monitor counts one day's worth).
   */
  repeatsDaily?: boolean;
  /**
   * For snapshot measures: the columns that identify one thing being counted (an account's
   * followers). The last value is taken per entity and then summed over entities.
   */
  entity?: readonly string[];
  /**
   * Columns after the measures that the planner never groups by or sums: an event's person,
   * time and order, a path's text and counts, a fee's amount. In table order.
   */
  columns?: readonly FactColumnDefinition[];
  /**
   * Dimensions closed elsewhere whose values this fact keeps as written: a touchpoint's channel
   * is any step of a journey (`direct`, a search engine, email), a platform id when it names one.
   */
  openDimensions?: readonly string[];
  /**
   * The companion table holding rows that total a period longer than a day (a report's stated
   * date range, Meta's `Reporting starts`/`Reporting ends`): the fact's own columns, with `date`
   * the period's first day, plus `period_end`, its last day. Stored once, never spread over
   * days; the planner counts a row whole when a bucket of the query holds its whole period and
   * prorates it by day, flagged, when one cuts through it.
   */
  periodTable?: string;
}

/** The column of a period table holding the period's last day (its first is `date`). */
export const PERIOD_END_COLUMN = 'period_end';

/**
 * How a measure rolls up over rows:
 * - `sum`: additive.
 * - `distinct`: a count of people reported at the row's grain (reach). Summing rows gives an
 *   upper bound, which the planner flags whenever more than one row was summed.
 * - `snapshot`: a level at the end of the row's day (followers). The last value per entity in
 *   the period, then summed over entities; `opening(x)` is the last value of the period before.
 */
export type MeasureAggregation = 'sum' | 'distinct' | 'snapshot';

export interface MeasureDefinition {
  id: string;
  fact: FactId;
  /** Column of the fact's table holding the values. */
  column: string;
  aggregation: MeasureAggregation;
  unit: MeasureUnit;
  name: Bilingual;
  description: Bilingual;
  /** A condition over the fact's dimensions, in the formula language, that rows must meet. */
  filter?: string;
}

export const CHANNELS = [
  'kuaishou',
  'douyin',
  'xiaohongshu',
  'wechat',
  'weibo',
  'meta',
  'google_ads',
  'tiktok',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CREATOR_TIERS = ['kol', 'kos', 'koc'] as const;
export const CAMPAIGN_GOALS = ['launch', 'promotion', 'word_of_mouth', 'always_on'] as const;
export const TRAFFIC_TYPES = ['paid', 'organic'] as const;
export const AUDIENCE_STAGES = ['a1', 'a2', 'a3', 'a4', 'a5'] as const;
/** What a touchpoint was: an ad or post seen, a click, a brand search, a coupon or 口令 handed out, a visit. */
export const TOUCH_KINDS = ['impression', 'click', 'search', 'coupon', 'visit'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];
/** Where a creator's fee is written down: a 星图 or 蒲公英 order, an agency invoice, a direct contract. */
export const FEE_SOURCES = ['xingtu', 'pugongying', 'agency_invoice', 'contract'] as const;
/** A discount code typed at checkout, or a passphrase (口令) said or pasted. */
export const CODE_KINDS = ['coupon', 'passphrase'] as const;

const dimension = (
  id: string,
  en: string,
  zh: string,
  descriptionEn: string,
  descriptionZh: string,
  values?: readonly string[],
): DimensionDefinition => ({
  id,
  name: { en, zh },
  description: { en: descriptionEn, zh: descriptionZh },
  ...(values ? { values } : {}),
});

export const DIMENSIONS: readonly DimensionDefinition[] = [
  dimension(
    'date',
    'Date',
    '日期',
    'Day the activity happened, in the account’s reporting time zone.',
    '数据发生的日期(账户报表时区)。',
  ),
  dimension('channel', 'Channel', '渠道', 'Platform the activity ran on.', '投放或运营的平台。', CHANNELS),
  dimension(
    'account',
    'Account',
    '账户',
    'Ad account or brand account on the platform.',
    '平台上的广告账户或品牌号。',
  ),
  dimension(
    'campaign',
    'Campaign',
    '营销活动',
    'Campaign the activity belongs to.',
    '所属营销活动/广告系列。',
  ),
  dimension(
    'campaign_goal',
    'Campaign goal',
    '活动目标',
    'What the campaign is for: launch, big promotion, word of mouth, always on.',
    '活动目标:新品上市、大促收割、日常口碑、常规投放。',
    CAMPAIGN_GOALS,
  ),
  dimension(
    'ad_group',
    'Ad group',
    '广告组',
    'Ad group, ad set or unit inside a campaign.',
    '广告组/广告单元。',
  ),
  dimension('content', 'Content', '内容', 'One post, note or video.', '单条内容(笔记、视频、帖子)。'),
  dimension(
    'content_format',
    'Content format',
    '内容体裁',
    'Video, image and text, or live stream.',
    '视频、图文或直播。',
  ),
  dimension('creator', 'Creator', '达人', 'Creator who published the content.', '发布内容的达人。'),
  dimension(
    'creator_tier',
    'Creator tier',
    '达人层级',
    'KOL (head), KOS (specialist sales), KOC (consumer).',
    'KOL 头部达人、KOS 专业销售、KOC 素人。',
    CREATOR_TIERS,
  ),
  dimension('region', 'Region', '地区', 'Region of the audience.', '受众所在地区。'),
  dimension(
    'audience',
    'Audience segment',
    '人群',
    'Audience segment targeted or reached.',
    '定向或触达的人群包。',
  ),
  dimension(
    'traffic_type',
    'Traffic type',
    '流量类型',
    'Paid or organic traffic.',
    '付费流量或自然流量。',
    TRAFFIC_TYPES,
  ),
  dimension(
    'currency',
    'Original currency',
    '原币种',
    'Currency the platform reported in; amounts are stored converted.',
    '平台报表原币种;金额已换算为本位币。',
  ),
  dimension(
    'cost_type',
    'Cost type',
    '费用类型',
    'Kind of non-media cost: seo, content, agency, staff, promotion, other.',
    '非媒体费用类型:SEO、内容制作、代理、人力、促销、其他。',
  ),
  dimension(
    'stage',
    'Audience stage',
    '人群资产阶段',
    'O-5A stage: A1 aware, A2 appeal, A3 ask, A4 act, A5 advocate.',
    'O-5A 阶段:A1 了解、A2 吸引、A3 问询、A4 行动、A5 拥护。',
    AUDIENCE_STAGES,
  ),
  dimension(
    'keyword',
    'Search keyword',
    '搜索关键词',
    'Keyword of a search-result snapshot.',
    '搜索结果快照的关键词。',
  ),
  dimension('brand', 'Brand', '品牌', 'Brand a search result belongs to.', '搜索结果所属品牌。'),
  dimension(
    'source_medium',
    'Source / medium',
    '来源/媒介',
    'Where a visit came from, as web analytics writes it (`douyin / cpc`).',
    '网站分析记录的访问来源与媒介(如 `douyin / cpc`)。',
  ),
  dimension(
    'touch_kind',
    'Touch kind',
    '触点类型',
    'What a touchpoint was: impression, click, search, coupon, visit.',
    '触点类型:曝光、点击、搜索、领券/口令、访问。',
    TOUCH_KINDS,
  ),
  dimension(
    'shop',
    'Shop platform',
    '店铺平台',
    'Where an order was placed: tmall, jd, douyin_shop, shopify, or another shop.',
    '下单所在平台:天猫、京东、抖店、Shopify 或其他店铺。',
  ),
  dimension(
    'fee_source',
    'Fee source',
    '费用来源',
    'Where a creator fee is recorded: xingtu (星图), pugongying (蒲公英), agency_invoice, contract.',
    '达人费用的记录来源:星图、蒲公英、代理发票、直签合同。',
    FEE_SOURCES,
  ),
  dimension(
    'code_kind',
    'Code kind',
    '口令类型',
    'A coupon code typed at checkout, or a passphrase (口令).',
    '结账时输入的优惠码,或口令。',
    CODE_KINDS,
  ),
  dimension(
    'attribution_model',
    'Attribution model',
    '归因模型',
    'The model an attributed row comes from: first_touch, last_touch, last_non_direct, linear, position, time_decay, markov, shapley.',
    '归因数据所属的模型:首次触点、末次触点、末次非直接触点、线性、位置加权、时间衰减、马尔可夫、沙普利。',
    ATTRIBUTION_MODELS,
  ),
];

export const FACTS: readonly FactDefinition[] = [
  {
    id: 'performance',
    table: 'fact_performance',
    name: { en: 'Daily performance', zh: '每日投放与内容表现' },
    grain: 'day',
    periodTable: 'fact_performance_periods',
    dimensions: [
      'channel',
      'account',
      'campaign',
      'campaign_goal',
      'ad_group',
      'content',
      'content_format',
      'creator',
      'creator_tier',
      'region',
      'audience',
      'traffic_type',
      'currency',
    ],
  },
  {
    id: 'followers',
    table: 'fact_followers',
    name: { en: 'Follower snapshots', zh: '粉丝数快照' },
    grain: 'day',
    dimensions: ['channel', 'account'],
    entity: ['channel', 'account'],
  },
  {
    id: 'costs',
    table: 'fact_costs',
    name: { en: 'Cost ledger (non-media)', zh: '非媒体费用台账' },
    grain: 'month',
    dimensions: ['channel', 'cost_type'],
  },
  {
    id: 'customers',
    table: 'fact_customers',
    name: { en: 'Customers', zh: '客户' },
    grain: 'day',
    dimensions: ['channel', 'region'],
    entity: ['channel', 'region'],
  },
  {
    id: 'audience_stages',
    table: 'fact_audience_stages',
    name: { en: 'Audience assets (O-5A)', zh: '人群资产(O-5A)' },
    grain: 'day',
    dimensions: ['channel', 'stage'],
    entity: ['channel', 'stage'],
  },
  {
    id: 'audience_sizes',
    table: 'fact_audience_sizes',
    name: { en: 'Target audience sizes', zh: '目标人群规模' },
    grain: 'day',
    dimensions: ['channel', 'audience'],
    entity: ['channel', 'audience'],
  },
  {
    id: 'search_results',
    table: 'fact_search_results',
    name: { en: 'Search-result snapshots', zh: '搜索结果快照' },
    grain: 'day',
    repeatsDaily: true,
    dimensions: ['channel', 'keyword', 'content', 'creator', 'creator_tier', 'brand'],
  },
  {
    id: 'touches',
    table: 'fact_touches',
    name: { en: 'Touchpoints', zh: '触点' },
    grain: 'event',
    dimensions: ['channel', 'account', 'campaign', 'creator', 'content', 'source_medium', 'touch_kind'],
    openDimensions: ['channel'],
    columns: [
      factColumn(
        'person',
        'key',
        { en: 'Person', zh: '用户' },
        {
          en: 'Who was touched: a person key, or an order key when only orders are known.',
          zh: '被触达的人:用户标识;只知道订单时为订单标识。',
        },
        true,
      ),
      factColumn(
        'at',
        'time',
        { en: 'Time', zh: '时间' },
        { en: 'When the touch happened (epoch milliseconds, UTC).', zh: '触达发生的时刻(UTC 毫秒时间戳)。' },
        true,
      ),
    ],
  },
  {
    id: 'conversions',
    table: 'fact_conversions',
    name: { en: 'Conversions (orders)', zh: '转化(订单)' },
    grain: 'event',
    dimensions: ['shop', 'account', 'channel', 'campaign', 'creator', 'currency'],
    columns: [
      factColumn(
        'person',
        'key',
        { en: 'Person', zh: '用户' },
        {
          en: 'Who converted, the same key as their touchpoints (else the order id).',
          zh: '转化的人,与其触点使用同一标识(否则为订单号)。',
        },
        true,
      ),
      factColumn(
        'at',
        'time',
        { en: 'Time', zh: '时间' },
        {
          en: 'When the order was placed or paid (epoch milliseconds, UTC).',
          zh: '下单或付款时刻(UTC 毫秒时间戳)。',
        },
        true,
      ),
      factColumn(
        'order_id',
        'key',
        { en: 'Order id', zh: '订单号' },
        {
          en: 'The shop’s order number; rows of one order add up to one conversion.',
          zh: '店铺订单号;同一订单的多行合计为一次转化。',
        },
      ),
      factColumn(
        'coupon_code',
        'text',
        { en: 'Coupon code', zh: '优惠码/口令' },
        { en: 'The discount code or 口令 the order used.', zh: '订单使用的优惠码或口令。' },
      ),
      factColumn(
        'value',
        'money',
        { en: 'Order value', zh: '订单金额' },
        { en: 'What the buyer paid, in the base currency.', zh: '买家实付金额(本位币)。' },
      ),
    ],
  },
  {
    id: 'journey_paths',
    table: 'fact_journey_paths',
    name: { en: 'Journey paths', zh: '转化路径' },
    grain: 'day',
    dimensions: ['account', 'currency'],
    columns: [
      factColumn(
        'path',
        'text',
        { en: 'Path', zh: '路径' },
        {
          en: 'Channels a journey touched, in order, joined by `>`.',
          zh: '一段旅程依次触达的渠道,以 `>` 连接。',
        },
        true,
      ),
      factColumn(
        'conversions',
        'count',
        { en: 'Conversions', zh: '转化数' },
        { en: 'Journeys with this path that converted.', zh: '该路径中发生转化的旅程数。' },
      ),
      factColumn(
        'value',
        'money',
        { en: 'Conversion value', zh: '转化金额' },
        { en: 'Value of those conversions, in the base currency.', zh: '这些转化的金额(本位币)。' },
      ),
      factColumn(
        'nulls',
        'count',
        { en: 'Non-converting journeys', zh: '未转化旅程数' },
        { en: 'Journeys with this path that did not convert.', zh: '该路径中未转化的旅程数。' },
      ),
    ],
  },
  {
    id: 'creator_fees',
    table: 'fact_creator_fees',
    name: { en: 'Creator fees', zh: '达人费用' },
    grain: 'day',
    dimensions: ['channel', 'account', 'campaign', 'creator', 'content', 'fee_source', 'currency'],
    columns: [
      factColumn(
        'contract',
        'key',
        { en: 'Contract or order', zh: '合同/订单' },
        {
          en: 'The 星图 / 蒲公英 order, invoice or contract the fee is on; a fee per post names its content.',
          zh: '费用所在的星图/蒲公英订单、发票或合同;按条计费时另记内容。',
        },
      ),
      factColumn(
        'fee',
        'money',
        { en: 'Fee', zh: '费用' },
        { en: 'What the creator is paid, in the base currency.', zh: '支付给达人的费用(本位币)。' },
        true,
      ),
    ],
  },
  {
    id: 'coupon_codes',
    table: 'fact_coupon_codes',
    name: { en: 'Coupon and passphrase registry', zh: '优惠码与口令登记' },
    grain: 'day',
    dimensions: ['channel', 'campaign', 'creator', 'code_kind'],
    columns: [
      factColumn(
        'code',
        'key',
        { en: 'Code', zh: '码/口令' },
        {
          en: 'The code as handed out; it belongs to the row’s creator (and campaign) from the row’s date.',
          zh: '发放的码或口令;自该行日期起归属该行的达人(及活动)。',
        },
        true,
      ),
    ],
  },
  {
    // Derived, not imported: an attribution refresh writes every model's credit per conversion
    // day, channel, campaign and creator (see the application layer's `attribution/refresh.ts`).
    id: 'attributed',
    table: 'fact_attributed',
    name: { en: 'Attributed conversions', zh: '归因转化' },
    grain: 'day',
    dimensions: ['channel', 'campaign', 'creator', 'creator_tier', 'attribution_model'],
  },
];

function factColumn(
  id: string,
  kind: FactColumnKind,
  name: Bilingual,
  description: Bilingual,
  required = false,
): FactColumnDefinition {
  return { id, kind, name, description, ...(required ? { required } : {}) };
}

const measure = (
  id: string,
  fact: FactId,
  aggregation: MeasureAggregation,
  unit: MeasureUnit,
  name: Bilingual,
  description: Bilingual,
  extra: Partial<Pick<MeasureDefinition, 'column' | 'filter'>> = {},
): MeasureDefinition => ({
  id,
  fact,
  column: extra.column ?? id,
  aggregation,
  unit,
  name,
  description,
  ...(extra.filter ? { filter: extra.filter } : {}),
});

export const MEASURES: readonly MeasureDefinition[] = [
  measure(
    'impressions',
    'performance',
    'sum',
    'count',
    { en: 'Impressions', zh: '曝光量' },
    { en: 'Times the content or ad was shown.', zh: '内容或广告被展示的次数。' },
  ),
  measure(
    'reach',
    'performance',
    'distinct',
    'count',
    { en: 'Reach', zh: '覆盖人数' },
    {
      en: 'People reached, as reported for the row’s day and entity.',
      zh: '平台按该行日期与对象报告的去重覆盖人数。',
    },
  ),
  measure(
    'clicks',
    'performance',
    'sum',
    'count',
    { en: 'Clicks', zh: '点击次数' },
    { en: 'Clicks on the ad or content.', zh: '广告或内容的点击次数。' },
  ),
  measure(
    'spend',
    'performance',
    'sum',
    'currency',
    { en: 'Spend', zh: '消耗' },
    { en: 'Media spend, converted to the base currency.', zh: '媒体消耗(已换算为本位币)。' },
  ),
  measure(
    'conversions',
    'performance',
    'sum',
    'count',
    { en: 'Conversions', zh: '转化次数' },
    { en: 'Conversions the platform attributes.', zh: '平台归因的转化次数。' },
  ),
  measure(
    'conversion_value',
    'performance',
    'sum',
    'currency',
    { en: 'Conversion value (GMV)', zh: '转化金额/GMV' },
    { en: 'Value of the conversions, in the base currency.', zh: '转化带来的成交金额(本位币)。' },
  ),
  measure(
    'leads',
    'performance',
    'sum',
    'count',
    { en: 'Leads', zh: '线索' },
    { en: 'Leads collected (forms, consultations).', zh: '收集到的销售线索(表单、咨询)。' },
  ),
  measure(
    'store_visits',
    'performance',
    'sum',
    'count',
    { en: 'Store visitors', zh: '进店UV' },
    { en: 'Visitors who entered the store or landing site.', zh: '进入店铺或落地页的访客数。' },
  ),
  measure(
    'likes',
    'performance',
    'sum',
    'count',
    { en: 'Likes', zh: '点赞' },
    { en: 'Likes.', zh: '点赞数。' },
  ),
  measure(
    'comments',
    'performance',
    'sum',
    'count',
    { en: 'Comments', zh: '评论' },
    { en: 'Comments.', zh: '评论数。' },
  ),
  measure(
    'shares',
    'performance',
    'sum',
    'count',
    { en: 'Shares', zh: '分享' },
    { en: 'Shares and reposts.', zh: '分享/转发数。' },
  ),
  measure(
    'saves',
    'performance',
    'sum',
    'count',
    { en: 'Saves', zh: '收藏' },
    { en: 'Saves and bookmarks.', zh: '收藏数。' },
  ),
  measure(
    'follows',
    'performance',
    'sum',
    'count',
    { en: 'New followers', zh: '新增粉丝' },
    { en: 'Followers gained.', zh: '新增关注数。' },
  ),
  measure(
    'video_views',
    'performance',
    'sum',
    'count',
    { en: 'Views', zh: '播放/阅读' },
    { en: 'Video plays or note reads.', zh: '视频播放或笔记阅读次数。' },
  ),
  measure(
    'note_reads',
    'performance',
    'sum',
    'count',
    { en: 'Note reads', zh: '图文阅读' },
    {
      en: 'Reads of image-and-text notes (views of rows whose format is image_text): not video plays.',
      zh: '图文笔记的阅读次数(内容形式为图文的行的播放/阅读数),不是视频播放。',
    },
    { column: 'video_views', filter: "content_format = 'image_text'" },
  ),
  measure(
    'views_5s',
    'performance',
    'sum',
    'count',
    { en: '5-second views', zh: '5秒完播' },
    { en: 'Plays watched for at least 5 seconds.', zh: '观看满5秒的播放次数。' },
  ),
  measure(
    'views_50pct',
    'performance',
    'sum',
    'count',
    { en: '50% views', zh: '50%完播' },
    { en: 'Plays watched to at least half.', zh: '观看过半的播放次数。' },
  ),
  measure(
    'brand_searches',
    'performance',
    'sum',
    'count',
    { en: 'Brand searches after viewing', zh: '回搜人数' },
    { en: 'Viewers who then searched for the brand.', zh: '看过内容后搜索品牌词的用户数。' },
  ),
  measure(
    'engaged_users',
    'performance',
    'distinct',
    'count',
    { en: 'Engaged users', zh: '参与人数' },
    {
      en: 'People who interacted, as reported for the row’s day and entity.',
      zh: '按该行日期与对象报告的去重互动人数。',
    },
  ),
  measure(
    'paid_conversions',
    'performance',
    'sum',
    'count',
    { en: 'Paid conversions', zh: '付费流量转化' },
    { en: 'Conversions from paid traffic.', zh: '付费流量带来的转化。' },
    { column: 'conversions', filter: "traffic_type = 'paid'" },
  ),
  measure(
    'organic_conversions',
    'performance',
    'sum',
    'count',
    { en: 'Organic conversions', zh: '自然流量转化' },
    { en: 'Conversions from organic traffic.', zh: '自然流量带来的转化。' },
    { column: 'conversions', filter: "traffic_type = 'organic'" },
  ),
  measure(
    'followers',
    'followers',
    'snapshot',
    'count',
    { en: 'Followers', zh: '粉丝总数' },
    { en: 'Followers at the end of the day.', zh: '当日结束时的粉丝总数。' },
  ),
  measure(
    'non_media_cost',
    'costs',
    'sum',
    'currency',
    { en: 'Non-media cost', zh: '非媒体费用' },
    { en: 'SEO, content, agency, staff and other costs.', zh: 'SEO、内容、代理、人力等非媒体费用。' },
    { column: 'amount' },
  ),
  measure(
    'promotion_cost',
    'costs',
    'sum',
    'currency',
    { en: 'Promotion cost', zh: '促销费用' },
    { en: 'Cost of promotions aimed at existing leads.', zh: '面向现有潜在客户的促销费用。' },
    { column: 'amount', filter: "cost_type = 'promotion'" },
  ),
  measure(
    'customers',
    'customers',
    'snapshot',
    'count',
    { en: 'Customers', zh: '客户数' },
    { en: 'Active customers at the end of the day.', zh: '当日结束时的活跃客户数。' },
  ),
  measure(
    'new_customers',
    'customers',
    'sum',
    'count',
    { en: 'New customers', zh: '新客户' },
    { en: 'Customers acquired.', zh: '新获得的客户数。' },
  ),
  measure(
    'orders',
    'customers',
    'sum',
    'count',
    { en: 'Orders', zh: '订单数' },
    { en: 'Orders placed.', zh: '下单数。' },
  ),
  measure(
    'revenue',
    'customers',
    'sum',
    'currency',
    { en: 'Revenue', zh: '收入' },
    { en: 'Revenue from customers, in the base currency.', zh: '客户带来的收入(本位币)。' },
  ),
  measure(
    'leads_converted',
    'customers',
    'sum',
    'count',
    { en: 'Leads converted', zh: '线索转化客户数' },
    { en: 'Existing leads who became paying customers.', zh: '转化为付费客户的现有线索数。' },
  ),
  measure(
    'audience_users',
    'audience_stages',
    'snapshot',
    'count',
    { en: 'Audience-asset users', zh: '人群资产人数' },
    { en: 'Users in an O-5A stage at the end of the day.', zh: '当日结束时处于某 O-5A 阶段的用户数。' },
    { column: 'users' },
  ),
  measure(
    'a1_a2_users',
    'audience_stages',
    'snapshot',
    'count',
    { en: 'A1+A2 users', zh: 'A1+A2 人数' },
    { en: 'Users in the aware and appeal stages.', zh: '处于 A1 了解、A2 吸引阶段的用户数。' },
    { column: 'users', filter: "stage in ('a1', 'a2')" },
  ),
  measure(
    'moved_to_a3',
    'audience_stages',
    'sum',
    'count',
    { en: 'Users moved to A3', zh: '流转至A3人数' },
    { en: 'Users who moved from A1/A2 to A3.', zh: '从 A1/A2 流转到 A3 的用户数。' },
  ),
  measure(
    'audience_size',
    'audience_sizes',
    'snapshot',
    'count',
    { en: 'Target audience size', zh: '目标受众人数' },
    { en: 'People in the target audience segment.', zh: '目标人群包的人数。' },
    { column: 'size' },
  ),
  measure(
    'top10_results',
    'search_results',
    'sum',
    'count',
    { en: 'Top-10 results', zh: '前十搜索结果数' },
    { en: 'Search results in the top ten positions.', zh: '搜索结果前十位的条数。' },
  ),
  measure(
    'own_positive_top10',
    'search_results',
    'sum',
    'count',
    { en: 'Own positive top-10 results', zh: '前十品牌正面笔记数' },
    { en: 'Own brand’s positive notes in the top ten.', zh: '前十位中本品牌正面笔记条数。' },
  ),
  measure(
    'own_results',
    'search_results',
    'sum',
    'count',
    { en: 'Own indexed results', zh: '本品牌收录结果数' },
    {
      en: 'Own brand’s notes found in search for the target keywords.',
      zh: '目标关键词搜索结果中本品牌笔记的条数。',
    },
  ),
  // Each attribution model's credit, one measure per model over the refreshed rows of that model.
  ...ATTRIBUTION_MODELS.flatMap((model) => [
    measure(
      `attributed_conversions_${model}`,
      'attributed',
      'sum',
      'count',
      {
        en: `Attributed conversions (${modelName(model, 'en')})`,
        zh: `归因转化数(${modelName(model, 'zh')})`,
      },
      {
        en: `Conversions the ${modelName(model, 'en')} model credits, as the last attribution refresh wrote them.`,
        zh: `${modelName(model, 'zh')}模型归因的转化数(以最近一次归因刷新为准)。`,
      },
      { column: 'attributed_conversions', filter: `attribution_model = '${model}'` },
    ),
    measure(
      `attributed_value_${model}`,
      'attributed',
      'sum',
      'currency',
      {
        en: `Attributed conversion value (${modelName(model, 'en')})`,
        zh: `归因转化金额(${modelName(model, 'zh')})`,
      },
      {
        en: `Conversion value the ${modelName(model, 'en')} model credits, in the base currency, as the last attribution refresh wrote it.`,
        zh: `${modelName(model, 'zh')}模型归因的转化金额(本位币,以最近一次归因刷新为准)。`,
      },
      { column: 'attributed_value', filter: `attribution_model = '${model}'` },
    ),
  ]),
];

/** Columns of each fact table other than its dimensions and `date`, derived from the measures. */
export function factMeasureColumns(fact: FactId): string[] {
  return [...new Set(MEASURES.filter((entry) => entry.fact === fact).map((entry) => entry.column))];
}

/** A fact's own columns (after its measures), empty for facts that have none. */
export function factOwnColumns(fact: FactId): readonly FactColumnDefinition[] {
  return FACTS.find((entry) => entry.id === fact)?.columns ?? [];
}
