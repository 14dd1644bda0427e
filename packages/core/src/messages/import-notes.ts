/**
 * What markpi tells about each platform's export when it reads one: which columns become which
 * measures, what is left out and why. Keys are `import.note.<platform>.<n>`, in the order the
 * import page lists them (`platformNotes` in the importers reads them by prefix). Column headers
 * are quoted in backticks as the files write them, in both languages: they are the file's own names.
 */
import type { MessageTable } from './say.js';

export const IMPORT_NOTE_MESSAGES = {
  'import.note.douyin_creator.1': {
    en: 'Counts are lifetime-to-date per work; rows are filed on the publish date (`发布时间`), and a newer export of the same works replaces them.',
    zh: '各项计数是每个作品截至导出时的累计值；行按发布日期（`发布时间`）归档，同一批作品的较新导出会替换它们。',
  },
  'import.note.douyin_creator.2': {
    en: 'views_5s = round(`5s完播率` × `播放量`): the file gives only the rate (a 0–1 ratio).',
    zh: '5 秒播放数 = `5s完播率` × `播放量` 四舍五入：文件只给出比率（0–1 之间）。',
  },
  'import.note.douyin_creator.3': {
    en: '`完播率` (full completion) has no stored measure and is not kept; `2s跳出率`, average watch time and cover CTR are not stored.',
    zh: '`完播率`（完整播放率）没有对应的存储指标，不保存；`2s跳出率`、平均观看时长和封面点击率也不保存。',
  },
  'import.note.ga4.1': {
    en: "GA4 is web analytics: a row's channel comes from `Session source / medium` (facebook → meta, google / cpc → google_ads, …), or from the channel named for the whole file; other sources are rejected with the reason.",
    zh: 'GA4 是网站分析工具：行的渠道取自 `Session source / medium`（`facebook` → Meta，`google / cpc` → Google Ads，…），或取自为整个文件指定的渠道；其他来源的行会被拒绝并注明原因。',
  },
  'import.note.ga4.2': {
    en: 'store_visits = `Active users`; conversions = `Key events` (formerly `Conversions`); conversion_value = `Total revenue` (name the currency of the whole file: GA4 files carry none).',
    zh: '进店访客数 = `Active users`；转化数 = `Key events`（旧称 `Conversions`）；转化金额 = `Total revenue`（请为整个文件指定币种：GA4 文件不含币种）。',
  },
  'import.note.ga4.3': {
    en: 'The period comes from `# Start date:` / `# End date:`; rows take their date from `Date` (YYYYMMDD).',
    zh: '时间段取自 `# Start date:` / `# End date:`；行的日期取自 `Date`（`YYYYMMDD`）。',
  },
  'import.note.ga4.4': {
    en: 'Sessions, engagement rate and per-session averages are not stored.',
    zh: '会话数、互动率和每次会话的平均值不保存。',
  },
  'import.note.google_ads.1': {
    en: 'The title and date-range lines above the header give the report period; rows take their date from `Day`.',
    zh: '表头上方的标题行和日期范围行给出报表时间段；行的日期取自 `Day`。',
  },
  'import.note.google_ads.2': {
    en: 'The currency comes from the `Currency code` column.',
    zh: '币种取自 `Currency code` 列。',
  },
  'import.note.google_ads.3': {
    en: '`Total: …` rows are used to reconcile and are not loaded.',
    zh: '`Total: …` 行用于核对合计，不导入。',
  },
  'import.note.google_ads.4': {
    en: 'clicks = `Clicks` (falls back to `Interactions` in video and display reports); video_views = `Views`.',
    zh: '点击量 = `Clicks`（视频和展示广告报表中缺少时用 `Interactions`）；视频播放量 = `Views`。',
  },
  'import.note.google_ads.5': {
    en: 'CTR, average CPC/CPM/cost and cost-per-conversion are rates and are not stored.',
    zh: '点击率、平均每次点击费用、千次展示费用、平均费用和每次转化费用都是比率，不保存。',
  },
  'import.note.touch_events.1': {
    en: 'One touch per row: the person key (`user_pseudo_id`, a client or user id) and the time (`event_timestamp` in microseconds, epoch seconds or milliseconds, or a local time; UTC unless the import names another time zone).',
    zh: '每行一个触点：用户标识（`user_pseudo_id`、客户端或用户编号）和时间（`event_timestamp`，微秒、秒或毫秒时间戳，或当地时间；除非导入时指定其他时区，否则按 UTC）。',
  },
  'import.note.touch_events.2': {
    en: "The channel is the row's own, else the platform its source / medium names (douyin, xiaohongshu, …), `direct` for direct traffic, or the source itself (baidu, newsletter): every step of a journey is kept.",
    zh: '渠道取该行自己的渠道，否则取其来源/媒介指向的平台（抖音、小红书、…），直接访问记为 `direct`，或直接用来源本身（`baidu`、`newsletter`）：旅程中的每一步都会保留。',
  },
  'import.note.touch_events.3': {
    en: 'Event names become touch kinds (session_start and page_view: visit; clicks; searches; ad and promotion impressions; coupons); other events (scroll, purchase) are left out and counted.',
    zh: '事件名称转为触点类型（`session_start` 和 `page_view`：访问；点击；搜索；广告和推广曝光；优惠券）；其他事件（`scroll`、`purchase`）不导入，但会计数。',
  },
  'import.note.journey_paths.1': {
    en: 'One path per row: the steps joined by `>` (` > `, `→` and `›` too), stored as `a>b>c`; a repeated step stays an occurrence.',
    zh: '每行一条路径：各步骤以 `>` 连接（也可用 ` > `、`→` 和 `›`），存为 `a>b>c`；重复的步骤各算一次出现。',
  },
  'import.note.journey_paths.2': {
    en: 'conversions, value and nulls (journeys with the path that did not convert) default to 0; a value without conversions is refused.',
    zh: '转化数、金额和未转化数（走过该路径但未转化的旅程）缺省为 0；有金额却没有转化数的行会被拒绝。',
  },
  'import.note.journey_paths.3': {
    en: "A path report covers a period: rows without a date are filed on the period's first day (from the file, its name or --period).",
    zh: '路径报表覆盖一个时间段：没有日期的行归入时间段的第一天（时间段取自文件内容、文件名或导入时指定的时间段）。',
  },
  'import.note.kuaishou.1': {
    en: "impressions = `封面曝光数` (cover impressions, API `show`), clicks = `封面点击数`, so CTR matches the platform's 封面点击率; a file with only `素材曝光数`/`行为数` uses those instead.",
    zh: '曝光量 = `封面曝光数`（封面曝光，接口字段 `show`），点击量 = `封面点击数`，因此点击率与平台的封面点击率一致；只有 `素材曝光数`/`行为数` 的文件改用这两列。',
  },
  'import.note.kuaishou.2': {
    en: 'Amounts are in 元 (CNY); rates and unit costs are not stored.',
    zh: '金额单位为元（人民币）；比率和单位成本不保存。',
  },
  'import.note.kuaishou_ads.1': {
    en: 'conversions = `转化数` (or `激活数` for app campaigns); conversion_value = `付费金额`.',
    zh: '转化数 = `转化数`（应用推广为 `激活数`）；转化金额 = `付费金额`。',
  },
  'import.note.kuaishou_jinniu.1': {
    en: 'conversions = `商品成交数` (orders), conversion_value = `GMV`/`成交金额`; ROI is not stored.',
    zh: '转化数 = `商品成交数`（订单数），转化金额 = `GMV`/`成交金额`；ROI 不保存。',
  },
  'import.note.meta.1': {
    en: 'Rows take their date from `Day`; without it, `Reporting starts`/`Reporting ends` is the report window, and only a one-day window is a row date.',
    zh: '行的日期取自 `Day`；没有这一列时，`Reporting starts`/`Reporting ends` 是报表时间段，只有单日的时间段才作为行日期。',
  },
  'import.note.meta.2': {
    en: 'The currency is read from the money headers, e.g. `Amount spent (USD)`, or from a `Currency` column.',
    zh: '币种从金额列的表头读取，如 `Amount spent (USD)`，或取自 `Currency` 列。',
  },
  'import.note.meta.3': {
    en: 'clicks = `Link clicks` (falls back to `Clicks (all)`); store_visits = `Landing page views`; video_views = `3-second video plays`.',
    zh: '点击量 = `Link clicks`（缺少时用 `Clicks (all)`）；进店访客数 = `Landing page views`；视频播放量 = `3-second video plays`。',
  },
  'import.note.meta.4': {
    en: 'conversions = `Purchases`; without it, `Results` count as conversions (or leads) only when the result type is one.',
    zh: '转化数 = `Purchases`；没有这一列时，只有结果类型为转化（或线索）时 `Results` 才计为转化（或线索）。',
  },
  'import.note.meta.5': {
    en: 'The optional summary row (first row, names empty) is used to reconcile, not loaded.',
    zh: '可选的汇总行（第一行，名称为空）用于核对合计，不导入。',
  },
  'import.note.meta.6': {
    en: 'CTR, CPC, CPM, cost-per and ROAS columns are rates of stored counts and are not stored.',
    zh: '点击率、每次点击费用、千次展示费用、单次成本和 ROAS 列都是已存计数的比率，不保存。',
  },
  'import.note.ocean_engine.1': {
    en: "spend = `消耗` (includes 赠款, the free credit the platform grants, as the platform's own totals do); `非赠款消耗` (cash only) is used only when `消耗` is absent.",
    zh: '花费 = `消耗`（与平台自己的合计一致，含平台赠送的赠款）；只有缺少 `消耗` 时才用 `非赠款消耗`（仅现金）。',
  },
  'import.note.ocean_engine.2': {
    en: 'AD 2.0 names: 项目 → campaign, 单元 → ad_group; AD 1.0: 广告组 → campaign, 广告计划 → ad_group; 素材 → content.',
    zh: '巨量引擎 2.0 版的名称：项目 → 广告系列，单元 → 广告组；1.0 版：广告组 → 广告系列，广告计划 → 广告组；素材 → 内容。',
  },
  'import.note.ocean_engine.3': {
    en: 'Amounts are in 元 (CNY); CTR, CPM, CPC and cost-per-conversion columns are not stored.',
    zh: '金额单位为元（人民币）；点击率、千次展示费用、每次点击费用和每次转化费用列不保存。',
  },
  'import.note.ocean_engine.4': {
    en: 'A material (素材) report has no date column: its rows need a one-day report or --period-rows.',
    zh: '素材报表没有日期列：其中的行需要单日报表，或在导入时指定按时间段存放。',
  },
  'import.note.qianchuan.1': {
    en: 'conversions = `成交订单数` (orders paid), conversion_value = `成交金额` (GMV, 元); ROI columns are not stored.',
    zh: '转化数 = `成交订单数`（已付款订单），转化金额 = `成交金额`（GMV，元）；ROI 列不保存。',
  },
  'import.note.qianchuan.2': {
    en: 'spend = `整体消耗` for 全域推广 reports, else `消耗`.',
    zh: '全域推广报表的花费 = `整体消耗`，其他报表为 `消耗`。',
  },
  'import.note.pugongying_orders.1': {
    en: 'One fee per order: `实付金额` (the price plus the platform service fee), else `订单金额`, in CNY, fee source `pugongying`.',
    zh: '每个订单一笔费用：`实付金额`（价格加平台服务费），否则 `订单金额`，单位为人民币，费用来源为蒲公英。',
  },
  'import.note.pugongying_orders.2': {
    en: 'Filed on `笔记发布时间`, else `下单时间`; cancelled and refunded orders are left out.',
    zh: '按 `笔记发布时间` 归档，否则按 `下单时间`；已取消和已退款的订单不导入。',
  },
  'import.note.pugongying_orders.3': {
    en: 'Creator: `小红书号`, else the Pugongying id, else the nickname; content: `笔记ID`, else `笔记链接`. The note’s reads and saves come from the Xiaohongshu exports, not from here.',
    zh: '达人：`小红书号`，否则蒲公英编号，否则昵称；内容：`笔记ID`，否则 `笔记链接`。笔记的阅读和收藏取自小红书的导出文件，不取自这里。',
  },
  'import.note.tmall_orders.1': {
    en: 'One conversion per paid order, at `订单付款时间` (Asia/Shanghai unless the import names another time zone); orders `等待买家付款` or `交易关闭` are left out.',
    zh: '每个已付款订单一次转化，时间为 `订单付款时间`（除非导入时指定其他时区，否则按北京时间）；`等待买家付款` 或 `交易关闭` 的订单不导入。',
  },
  'import.note.tmall_orders.2': {
    en: 'value = `买家实际支付金额` − `退款金额`; the person is `买家会员名`.',
    zh: '金额 = `买家实际支付金额` − `退款金额`；用户为 `买家会员名`。',
  },
  'import.note.tmall_orders.3': {
    en: "The shop's own report carries no coupon code; a `优惠码` or `口令` column (ERP exports) is read when present.",
    zh: '店铺自己的报表不含优惠码；有 `优惠码` 或 `口令` 列（订单管理系统的导出）时会读取。',
  },
  'import.note.jd_orders.1': {
    en: 'One conversion per paid order, at `付款确认时间` (Asia/Shanghai unless the import names another time zone); orders `等待付款`, `已取消` or deleted are left out.',
    zh: '每个已付款订单一次转化，时间为 `付款确认时间`（除非导入时指定其他时区，否则按北京时间）；`等待付款`、`已取消` 或已删除的订单不导入。',
  },
  'import.note.jd_orders.2': {
    en: 'value = `应付金额` (less `退款金额` when the export has it); the person is `下单帐号`.',
    zh: '金额 = `应付金额`（导出含 `退款金额` 时减去它）；用户为 `下单帐号`。',
  },
  'import.note.jd_orders.3': {
    en: 'Export one row per order: a per-product export repeats order amounts on every product line.',
    zh: '请按每个订单一行导出：按商品导出会在每个商品行重复订单金额。',
  },
  'import.note.douyin_shop_orders.1': {
    en: 'Each row is a sub-order (one product line) with its own `订单应付金额`; the lines of one `主订单编号` add up to one conversion.',
    zh: '每行是一个子订单（一个商品行），有自己的 `订单应付金额`；同一 `主订单编号` 的各行合计为一次转化。',
  },
  'import.note.douyin_shop_orders.2': {
    en: 'At `支付完成时间` (Asia/Shanghai unless the import names another time zone); orders `待支付`, `已关闭` or `已取消` are left out.',
    zh: '时间为 `支付完成时间`（除非导入时指定其他时区，否则按北京时间）；`待支付`、`已关闭` 或 `已取消` 的订单不导入。',
  },
  'import.note.douyin_shop_orders.3': {
    en: 'The export names no buyer: the person is the main order number. The selling creator (`达人昵称`) is kept as the order’s creator.',
    zh: '导出文件不含买家：用户记为主订单编号。带货达人（`达人昵称`）记为订单的达人。',
  },
  'import.note.shopify_orders.1': {
    en: "One conversion per paid order, at `Paid at` (the offset written); an order's further line items (no `Total`) are left out, and so are pending, authorized, voided, expired and refunded orders.",
    zh: '每个已付款订单一次转化，时间为 `Paid at`（按其中写明的时差）；订单的其余商品行（没有 `Total`）不导入，待付款、已授权、已作废、已过期和已退款的订单也不导入。',
  },
  'import.note.shopify_orders.2': {
    en: 'value = `Total` − `Refunded Amount`, converted from the order’s `Currency`; the person is the buyer’s `Email`; `Discount Code` is the coupon code.',
    zh: '金额 = `Total` − `Refunded Amount`，按订单的 `Currency` 换算；用户为买家的 `Email`；`Discount Code` 为优惠码。',
  },
  'import.note.tencent_ads.1': {
    en: 'API-shaped files (`cost`, `order_amount`) are in 分 (1/100 元) and are divided by 100; UI exports (`花费`) are in 元.',
    zh: '接口格式的文件（`cost`、`order_amount`）以分（1/100 元）为单位，会除以 100；界面导出（`花费`）以元为单位。',
  },
  'import.note.tencent_ads.2': {
    en: 'follows = `公众号关注人数` (Official Account) or `视频号关注人数` (Channels).',
    zh: '关注数 = `公众号关注人数`（公众号）或 `视频号关注人数`（视频号）。',
  },
  'import.note.tencent_ads.3': {
    en: 'CTR, CPC, CPM and conversion cost/rate are not stored.',
    zh: '点击率、每次点击费用、千次展示费用以及转化成本/转化率不保存。',
  },
  'import.note.tiktok.1': {
    en: 'clicks = `Clicks (destination)` (link clicks; falls back to `Clicks (all)`).',
    zh: '点击量 = `Clicks (destination)`（链接点击；缺少时用 `Clicks (all)`）。',
  },
  'import.note.tiktok.2': {
    en: 'conversions = `Conversions` (falls back to `Results`); conversion_value = `Total complete payment`.',
    zh: '转化数 = `Conversions`（缺少时用 `Results`）；转化金额 = `Total complete payment`。',
  },
  'import.note.tiktok.3': {
    en: 'API-shaped files (`stat_time_day` = `YYYY-MM-DD HH:MM:SS`) take the date part.',
    zh: '接口格式的文件（`stat_time_day` = `YYYY-MM-DD HH:MM:SS`）取其日期部分。',
  },
  'import.note.tiktok.4': {
    en: 'CTR, CPC, CPM and cost-per columns are not stored.',
    zh: '点击率、每次点击费用、千次展示费用和单次成本列不保存。',
  },
  'import.note.weibo.1': {
    en: "Weibo's `ctr` is an interaction rate (互动率 = interactions ÷ impressions), not a click-through rate: it is not read as clicks and not stored.",
    zh: '微博的 `ctr` 是互动率（互动数 ÷ 曝光量），不是点击率：不按点击读取，也不保存。',
  },
  'import.note.weibo.2': {
    en: 'clicks = `traffic_bhv` (导流数, clicks that leave for the landing page); shares/comments/likes/saves/follows come from the `bhv_…` action codes.',
    zh: '点击量 = `traffic_bhv`（导流数，即跳转到落地页的点击）；转发/评论/点赞/收藏/关注取自 `bhv_…` 行为代码。',
  },
  'import.note.weibo.3': {
    en: 'Amounts are in 元 (CNY).',
    zh: '金额单位为元（人民币）。',
  },
  'import.note.xiaohongshu_creator.1': {
    en: 'The header is found below the title rows; counts like `1.2万` are read as 12000 and `-` as no value.',
    zh: '表头在标题行下方；`1.2万` 这样的计数读作 12000，`-` 读作无值。',
  },
  'import.note.xiaohongshu_creator.2': {
    en: 'Counts are lifetime-to-date per note, filed on the first publish date; a newer export replaces them.',
    zh: '各项计数是每篇笔记截至导出时的累计值，按首次发布日期归档；较新的导出会替换它们。',
  },
  'import.note.xiaohongshu_creator.3': {
    en: 'clicks = round(`封面点击率` × `曝光`): the file gives only the cover click rate.',
    zh: '点击量 = `封面点击率` × `曝光` 四舍五入：文件只给出封面点击率。',
  },
  'import.note.xiaohongshu_creator.4': {
    en: 'video_views = `观看量` (reads for image notes); average watch time and danmaku are not stored.',
    zh: '视频播放量 = `观看量`（图文笔记为阅读量）；平均观看时长和弹幕不保存。',
  },
  'import.note.xiaohongshu_juguang.1': {
    en: "Amounts are in 元; in video feeds a 5-second view counts as a click (the platform's rule).",
    zh: '金额单位为元；视频信息流中播放满 5 秒计为一次点击（平台的规则）。',
  },
  'import.note.xiaohongshu_juguang.2': {
    en: '`互动量` is the sum of likes, saves, follows, comments and shares, which are stored one by one instead.',
    zh: '`互动量` 是点赞、收藏、关注、评论和分享之和，这些会分别保存，不保存合计。',
  },
  'import.note.xingtu_orders.1': {
    en: 'One fee per order: `实付金额` (the price plus the platform service fee), else `订单金额`, in CNY, fee source `xingtu`.',
    zh: '每个订单一笔费用：`实付金额`（价格加平台服务费），否则 `订单金额`，单位为人民币，费用来源为星图。',
  },
  'import.note.xingtu_orders.2': {
    en: 'Filed on `视频发布时间`, else `下单时间`; cancelled and refunded orders are left out.',
    zh: '按 `视频发布时间` 归档，否则按 `下单时间`；已取消和已退款的订单不导入。',
  },
  'import.note.xingtu_orders.3': {
    en: 'Creator: `达人抖音号`, else the Xingtu id, else the nickname; content: `视频ID`, else `视频链接`. The video’s plays and likes come from the Douyin exports, not from here.',
    zh: '达人：`达人抖音号`，否则星图编号，否则昵称；内容：`视频ID`，否则 `视频链接`。视频的播放和点赞取自抖音的导出文件，不取自这里。',
  },
} as const satisfies MessageTable;
