/**
 * Files shaped like the exports and public datasets people bring (Kaggle's Facebook ad
 * campaign and marketing campaign tables, Google Ads and Meta Ads Manager downloads, Instagram,
 * TikTok, LinkedIn and Snapchat exports, 小红书, 巨量引擎, 快手, 微博, 抖音星图 and 公众号
 * exports, an e-commerce campaign sheet), each with the mapping a person would write for it:
 * header → field, or null for a column left out. `notStored` lists the ratios, percentages and
 * flags, which must never fill a count or money field.
 */

export interface SuggestFixture {
  file: string;
  csv: string;
  expected: Record<string, string | null>;
  notStored: readonly string[];
}

export const SUGGEST_FIXTURES: readonly SuggestFixture[] = [
  {
    file: 'KAG_conversion_data.csv',
    csv: `ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion
708746,916,103916,30-34,M,15,7350,1,1.43,2,1
708749,916,103917,30-34,M,16,17861,2,1.82,2,0
708771,916,103920,30-34,M,20,693,0,0,1,0
708815,916,103928,35-39,F,28,4259,1,1.25,1,0
708818,916,103928,35-39,F,28,4133,1,1.29,1,1
708820,936,103929,40-44,F,29,1915,0,0,1,1
`,
    expected: {
      ad_id: null,
      xyz_campaign_id: null,
      fb_campaign_id: null,
      age: 'audience',
      gender: null,
      interest: null,
      Impressions: 'impressions',
      Clicks: 'clicks',
      Spent: 'spend',
      Total_Conversion: 'conversions',
      Approved_Conversion: null,
    },
    notStored: [],
  },
  {
    file: 'marketing_campaign_dataset.csv',
    csv: `Campaign_ID,Company,Campaign_Type,Target_Audience,Duration,Channel_Used,Conversion_Rate,Acquisition_Cost,ROI,Location,Language,Clicks,Impressions,Engagement_Score,Customer_Segment,Date
1,Innovate Industries,Email,Men 18-24,30 days,Google Ads,0.04,"$16,174.00",6.29,Chicago,Spanish,506,1922,6,Health & Wellness,2021-01-01
2,NexGen Systems,Email,Women 35-44,60 days,Google Ads,0.12,"$11,566.00",5.61,New York,German,116,7523,7,Fashionistas,2021-01-02
3,Alpha Innovations,Influencer,Men 25-34,30 days,YouTube,0.07,"$10,200.00",7.18,Los Angeles,French,584,7698,1,Outdoor Adventurers,2021-01-03
4,DataTech Solutions,Display,All Ages,60 days,YouTube,0.11,"$12,724.00",5.55,Miami,Mandarin,217,1820,7,Health & Wellness,2021-01-04
5,NexGen Systems,Email,Men 25-34,15 days,YouTube,0.05,"$16,452.00",6.50,Los Angeles,Mandarin,379,4201,3,Health & Wellness,2021-01-05
6,DataTech Solutions,Display,Women 35-44,15 days,Instagram,0.07,"$9,716.00",4.36,New York,German,100,1643,1,Foodies,2021-01-06
`,
    expected: {
      Campaign_ID: null,
      Company: null,
      Campaign_Type: null,
      Target_Audience: 'audience',
      Duration: null,
      Channel_Used: 'channel',
      Conversion_Rate: null,
      Acquisition_Cost: null,
      ROI: null,
      Location: 'region',
      Language: null,
      Clicks: 'clicks',
      Impressions: 'impressions',
      Engagement_Score: null,
      Customer_Segment: null,
      Date: 'date',
    },
    notStored: ['Conversion_Rate', 'Acquisition_Cost', 'ROI'],
  },
  {
    file: 'Campaign report.csv',
    csv: `Campaign report
"May 18, 2025 - August 15, 2025"
Campaign,Campaign status,Campaign type,Currency code,Budget,Impr.,Interactions,Interaction rate,Avg. cost,Cost,Clicks,CTR,Avg. CPC,Conversions,Cost / conv.,Conv. rate,Conv. value,Impr. (Abs. Top) %
Brand - Exact,Enabled,Search,USD,50.00,"12,840",1020,7.94%,0.41,421.20,1020,7.94%,0.41,48.00,8.78,4.71%,"3,912.50",61.20%
Generic - Shoes,Enabled,Search,USD,120.00,"88,410",2310,2.61%,1.12,"2,587.20",2310,2.61%,1.12,51.50,50.24,2.23%,"4,820.00",22.85%
PMax - All products,Paused,Performance Max,USD,200.00,"240,118",3920,1.63%,0.88,"3,449.60",3920,1.63%,0.88,77.25,44.66,1.97%,"9,410.75",--
Total: Account,,,USD,370.00,"341,368",7250,2.12%,0.89,"6,458.00",7250,2.12%,0.89,176.75,36.54,2.44%,"18,143.25",--
`,
    expected: {
      Campaign: 'campaign',
      'Campaign status': null,
      'Campaign type': null,
      'Currency code': 'currency',
      Budget: null,
      'Impr.': 'impressions',
      Interactions: null,
      'Interaction rate': null,
      'Avg. cost': null,
      Cost: 'spend',
      Clicks: 'clicks',
      CTR: null,
      'Avg. CPC': null,
      Conversions: 'conversions',
      'Cost / conv.': null,
      'Conv. rate': null,
      'Conv. value': 'conversion_value',
      'Impr. (Abs. Top) %': null,
    },
    notStored: [
      'Interaction rate',
      'Avg. cost',
      'CTR',
      'Avg. CPC',
      'Cost / conv.',
      'Conv. rate',
      'Impr. (Abs. Top) %',
    ],
  },
  {
    file: 'google-ads-daily.csv',
    csv: `Day,Campaign,Ad group,Impressions,Clicks,Cost (USD),Conversions,All conv. value,Search impr. share
2025-06-01,Brand - Exact,Brand,1204,96,38.40,4.00,320.00,92.10%
2025-06-01,Generic - Shoes,Running,8410,231,258.72,5.50,482.00,18.40%
2025-06-02,Brand - Exact,Brand,1187,101,40.10,3.00,251.00,91.80%
2025-06-02,Generic - Shoes,Running,8902,244,270.80,6.25,530.00,17.95%
`,
    expected: {
      Day: 'date',
      Campaign: 'campaign',
      'Ad group': 'ad_group',
      Impressions: 'impressions',
      Clicks: 'clicks',
      'Cost (USD)': 'spend',
      Conversions: 'conversions',
      'All conv. value': 'conversion_value',
      'Search impr. share': null,
    },
    notStored: ['Search impr. share'],
  },
  {
    file: 'Meta-Ads-2025-Jul-27-2025-Aug-2.csv',
    csv: `Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Delivery status,Result type,Results,Reach,Frequency,Impressions,Amount spent (USD),Cost per result,"CPM (cost per 1,000 impressions) (USD)",Link clicks,CTR (link click-through rate),Purchases conversion value
2025-07-27,2025-08-02,Summer Sale,Lookalike 1%,Carousel A,active,Website purchases,31,18204,1.62,29490,412.35,13.30,13.98,611,2.07,2480.00
2025-07-27,2025-08-02,Summer Sale,Lookalike 1%,Video B,active,Website purchases,17,12011,1.48,17776,250.10,14.71,14.07,298,1.68,1302.50
2025-07-27,2025-08-02,Summer Sale,Broad,Carousel A,inactive,Website purchases,9,9954,1.31,13040,140.00,15.56,10.74,201,1.54,690.00
2025-07-27,2025-08-02,Lead Gen,Interests,Form C,active,Leads (form),44,22110,1.77,39135,301.70,6.86,7.71,402,1.03,
`,
    expected: {
      'Reporting starts': null,
      'Reporting ends': null,
      'Campaign name': 'campaign',
      'Ad set name': 'ad_group',
      'Ad name': 'content',
      'Delivery status': null,
      'Result type': null,
      Results: 'conversions',
      Reach: 'reach',
      Frequency: null,
      Impressions: 'impressions',
      'Amount spent (USD)': 'spend',
      'Cost per result': null,
      'CPM (cost per 1,000 impressions) (USD)': null,
      'Link clicks': 'clicks',
      'CTR (link click-through rate)': null,
      'Purchases conversion value': 'conversion_value',
    },
    notStored: [
      'Frequency',
      'Cost per result',
      'CPM (cost per 1,000 impressions) (USD)',
      'CTR (link click-through rate)',
    ],
  },
  {
    file: 'instagram-posts.csv',
    csv: `Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,Post type,Data comment,Date,Impressions,Reach,Likes,Shares,Follows,Comments,Saves
17998816452001841,17841400012345678,lumen.studio,Lumen Studio,New drop: linen summer set ☀️,0,05/18/2025 10:30,https://www.instagram.com/p/C7aa1/,IG image,,2025-05-18,5120,4410,388,21,9,14,57
18042217345112990,17841400012345678,lumen.studio,Lumen Studio,Behind the scenes at the shoot,32,05/19/2025 18:05,https://www.instagram.com/reel/C7bb2/,IG reel,,2025-05-19,18230,15002,1204,96,41,63,210
17873310984455201,17841400012345678,lumen.studio,Lumen Studio,Three ways to wear it,0,05/21/2025 12:00,https://www.instagram.com/p/C7cc3/,IG carousel,,2025-05-21,7321,6110,512,33,12,25,140
`,
    expected: {
      'Post ID': null,
      'Account ID': null,
      'Account username': null,
      'Account name': 'account',
      Description: null,
      'Duration (sec)': null,
      'Publish time': null,
      Permalink: 'content',
      'Post type': 'content_format',
      'Data comment': null,
      Date: 'date',
      Impressions: 'impressions',
      Reach: 'reach',
      Likes: 'likes',
      Shares: 'shares',
      Follows: 'follows',
      Comments: 'comments',
      Saves: 'saves',
    },
    notStored: [],
  },
  {
    file: 'tiktok-content.csv',
    csv: `Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views,Average watch time,Watched full video (%),New followers
Outfit check #ootd,https://www.tiktok.com/@lumen/video/7371,2025-05-18 19:02:11,4210,88,130,60213,6.4,18.2,95
Linen care tips,https://www.tiktok.com/@lumen/video/7372,2025-05-20 12:30:00,1302,41,22,20110,9.1,31.5,28
Summer set try-on,https://www.tiktok.com/@lumen/video/7373,2025-05-23 20:15:45,9920,302,811,150402,7.7,22.0,344
`,
    expected: {
      'Video title': 'content',
      'Video link': null,
      'Post time': 'date',
      'Total likes': 'likes',
      'Total comments': 'comments',
      'Total shares': 'shares',
      'Total views': 'video_views',
      'Average watch time': null,
      'Watched full video (%)': null,
      'New followers': 'follows',
    },
    notStored: ['Average watch time', 'Watched full video (%)'],
  },
  {
    file: '小红书笔记数据.csv',
    csv: `笔记标题,笔记链接,发布时间,笔记类型,曝光量,阅读量,点赞数,收藏数,评论数,分享数,新增关注,互动量,互动率,博主昵称
夏日亚麻套装穿搭,https://www.xiaohongshu.com/explore/6650a1,2025-05-18 10:00,图文,1.2万,3210,412,388,56,21,33,877,7.3%,小鹿穿搭
三种叠穿方法,https://www.xiaohongshu.com/explore/6650a2,2025-05-19 20:30,视频,3.4万,9980,1204,1502,133,90,120,2929,8.6%,小鹿穿搭
通勤也能很松弛,https://www.xiaohongshu.com/explore/6650a3,2025-05-21 08:15,图文,8650,2101,230,198,19,7,11,454,5.2%,Mia的衣橱
`,
    expected: {
      笔记标题: 'content',
      笔记链接: null,
      发布时间: 'date',
      笔记类型: 'content_format',
      曝光量: 'impressions',
      阅读量: 'video_views',
      点赞数: 'likes',
      收藏数: 'saves',
      评论数: 'comments',
      分享数: 'shares',
      新增关注: 'follows',
      互动量: null,
      互动率: null,
      博主昵称: 'creator',
    },
    notStored: ['互动率'],
  },
  {
    file: '巨量引擎_广告计划报表.csv',
    csv: `日期,广告计划名称,广告组名称,消耗(元),展示数,点击数,点击率,平均点击单价(元),平均千次展现费用(元),转化数,转化成本,转化率,播放数,有效播放率
2025-05-18,618预热-信息流,服饰-女装,1520.35,1.2万,366,3.05%,4.15,126.70,21,72.40,5.74%,9120,41.2%
2025-05-18,618预热-搜索,服饰-女装,820.00,4410,291,6.60%,2.82,185.94,17,48.24,5.84%,0,0.0%
2025-05-19,618预热-信息流,服饰-女装,1710.90,1.4万,402,2.87%,4.26,122.21,25,68.44,6.22%,10240,40.8%
合计,,,4051.25,3.04万,1059,3.48%,3.83,133.26,63,64.31,5.95%,19360,40.9%
`,
    expected: {
      日期: 'date',
      广告计划名称: 'campaign',
      广告组名称: 'ad_group',
      '消耗(元)': 'spend',
      展示数: 'impressions',
      点击数: 'clicks',
      点击率: null,
      '平均点击单价(元)': null,
      '平均千次展现费用(元)': null,
      转化数: 'conversions',
      转化成本: null,
      转化率: null,
      播放数: 'video_views',
      有效播放率: null,
    },
    notStored: ['点击率', '平均点击单价(元)', '平均千次展现费用(元)', '转化成本', '转化率', '有效播放率'],
  },
  {
    file: '快手磁力金牛_计划数据.csv',
    csv: `时间,计划名称,花费(元),封面曝光数,封面点击数,素材曝光数,行为数,转化数,直播间观看人数,商品成交金额(元),ROI
2025-06-01,直播引流-A,3200.50,182044,5210,240110,1802,96,8810,15600.00,4.87
2025-06-01,短视频带货-B,1480.00,90233,2011,120440,720,41,0,5350.00,3.61
2025-06-02,直播引流-A,3510.20,190552,5530,251200,1930,102,9420,16980.00,4.84
`,
    expected: {
      时间: 'date',
      计划名称: 'campaign',
      '花费(元)': 'spend',
      封面曝光数: 'impressions',
      封面点击数: 'clicks',
      素材曝光数: null,
      行为数: null,
      转化数: 'conversions',
      直播间观看人数: 'video_views',
      '商品成交金额(元)': 'conversion_value',
      ROI: null,
    },
    notStored: ['ROI'],
  },
  {
    file: '微博博文数据.csv',
    csv: `发布时间,微博内容,阅读数,转发数,评论数,点赞数,互动数,粉丝数,是否原创
2025-05-18 09:00,#夏日穿搭# 亚麻套装上新,52011,120,86,940,1146,120340,是
2025-05-19 12:00,转发抽奖:关注并转发送三套,88420,2011,802,1503,4316,121002,是
2025-05-20 21:30,//@小鹿穿搭: 太好看了,12004,12,5,66,83,121150,否
`,
    expected: {
      发布时间: 'date',
      微博内容: 'content',
      阅读数: 'video_views',
      转发数: 'shares',
      评论数: 'comments',
      点赞数: 'likes',
      互动数: null,
      粉丝数: null,
      是否原创: null,
    },
    notStored: ['是否原创'],
  },
  {
    file: '抖音星图_达人视频数据.csv',
    csv: `达人昵称,达人ID,粉丝量,视频标题,发布日期,播放量,点赞量,评论量,分享量,完播率,互动率,是否付费推广,订单金额(元)
穿搭阿雅,dy_88120311,1203344,夏天就穿这一套,2025-05-18,1.5万,1204,88,310,23.4%,10.6%,是,18450.00
小鹿穿搭,dy_10044120,402110,一衣三穿,2025-05-19,8.8万,6631,402,1120,31.2%,9.2%,是,40210.50
Mia的衣橱,dy_77001234,88001,通勤穿搭分享,2025-05-21,9120,402,31,12,18.9%,4.9%,否,0.00
`,
    expected: {
      达人昵称: 'creator',
      达人ID: null,
      粉丝量: null,
      视频标题: 'content',
      发布日期: 'date',
      播放量: 'video_views',
      点赞量: 'likes',
      评论量: 'comments',
      分享量: 'shares',
      完播率: null,
      互动率: null,
      是否付费推广: null,
      '订单金额(元)': 'conversion_value',
    },
    notStored: ['完播率', '互动率', '是否付费推广'],
  },
  {
    file: 'ecommerce-campaigns.csv',
    csv: `Date,Campaign,Channel,Sessions,Orders,Revenue ($),Conversion Rate,AOV,Paid,Discount Code
2025-05-18,Summer Launch,meta,4210,96,"4,820.50",2.28%,50.21,1,SUMMER10
2025-05-18,Newsletter May,email,1802,51,"2,210.00",2.83%,43.33,0,MAYNEWS
2025-05-19,Summer Launch,meta,3988,88,"4,402.10",2.21%,50.02,1,SUMMER10
2025-05-19,Brand Search,google_ads,2630,110,"6,050.00",4.18%,55.00,1,
2025-05-20,Newsletter May,email,1560,39,"1,760.25",2.50%,45.13,0,MAYNEWS
`,
    expected: {
      Date: 'date',
      Campaign: 'campaign',
      Channel: 'channel',
      Sessions: null,
      Orders: 'conversions',
      'Revenue ($)': 'conversion_value',
      'Conversion Rate': null,
      AOV: null,
      Paid: null,
      'Discount Code': null,
    },
    notStored: ['Conversion Rate', 'AOV', 'Paid'],
  },
  {
    file: 'linkedin-campaign-performance.csv',
    csv: `Start Date (in UTC),Campaign Name,Campaign Group Name,Campaign Type,Total Spent,Impressions,Clicks,Average CTR,Average CPC,Conversions,Leads,Cost per Lead,Reactions,Comments,Shares,Follows,Currency
5/18/2025,Q2 Webinar - Retargeting,Q2 Webinar,Sponsored Content,212.40,18220,141,0.0077,1.51,6,11,19.31,52,4,7,3,USD
5/18/2025,Q2 Webinar - Lookalike,Q2 Webinar,Sponsored Content,340.10,30111,160,0.0053,2.13,4,9,37.79,38,2,3,1,USD
5/19/2025,Q2 Webinar - Retargeting,Q2 Webinar,Sponsored Content,198.75,17004,130,0.0076,1.53,5,10,19.88,47,6,5,2,USD
5/31/2025,Q2 Webinar - Lookalike,Q2 Webinar,Sponsored Content,351.00,31502,172,0.0055,2.04,3,8,43.88,41,3,2,0,USD
`,
    expected: {
      'Start Date (in UTC)': 'date',
      'Campaign Name': 'campaign',
      'Campaign Group Name': null,
      'Campaign Type': null,
      'Total Spent': 'spend',
      Impressions: 'impressions',
      Clicks: 'clicks',
      'Average CTR': null,
      'Average CPC': null,
      Conversions: 'conversions',
      Leads: 'leads',
      'Cost per Lead': null,
      Reactions: 'likes',
      Comments: 'comments',
      Shares: 'shares',
      Follows: 'follows',
      Currency: 'currency',
    },
    notStored: ['Average CTR', 'Average CPC', 'Cost per Lead'],
  },
  {
    file: 'Age report.csv',
    csv: `Age report
"May 18, 2025 - August 15, 2025"
Age range,Campaign,Ad group,Impr.,Clicks,Cost,Conversions,Conv. rate,Currency code
18-24,Generic - Shoes,Running,"20,114",402,401.20,9.00,2.24%,USD
25-34,Generic - Shoes,Running,"41,520",912,930.75,22.50,2.47%,USD
35-44,Generic - Shoes,Running,"18,002",388,402.10,8.00,2.06%,USD
Total: Account,,,"79,636",1702,"1,734.05",39.50,2.32%,USD
`,
    expected: {
      'Age range': 'audience',
      Campaign: 'campaign',
      'Ad group': 'ad_group',
      'Impr.': 'impressions',
      Clicks: 'clicks',
      Cost: 'spend',
      Conversions: 'conversions',
      'Conv. rate': null,
      'Currency code': 'currency',
    },
    notStored: ['Conv. rate'],
  },
  {
    file: 'snapchat-ads.csv',
    csv: `Start time,Campaign name,Ad squad name,Ad name,Paid impressions,Swipe ups,Spend,Story opens,eCPM,eCPSU
2025-05-18,Summer Set,Women 18-34,Try-on 6s,48120,602,310.40,0,6.45,0.52
2025-05-19,Summer Set,Women 18-34,Try-on 6s,51004,655,322.90,0,6.33,0.49
2025-05-19,Summer Set,Lookalike,Story tiles,20331,201,150.00,1220,7.38,0.75
`,
    expected: {
      'Start time': 'date',
      'Campaign name': 'campaign',
      'Ad squad name': 'ad_group',
      'Ad name': 'content',
      'Paid impressions': 'impressions',
      'Swipe ups': null,
      Spend: 'spend',
      'Story opens': null,
      eCPM: null,
      eCPSU: null,
    },
    notStored: ['eCPM', 'eCPSU'],
  },
  {
    file: '公众号图文分析.csv',
    csv: `文章标题,发表时间,总阅读人数,总阅读次数,分享转发人数,微信收藏人数,送达人数,阅读完成率
夏日亚麻套装上新,2025-05-18,12040,15210,320,410,80110,61.2%
三种叠穿方法,2025-05-21,8820,10002,188,302,80540,58.7%
通勤穿搭指南,2025-05-25,9911,11876,240,355,81002,60.1%
`,
    expected: {
      文章标题: 'content',
      发表时间: 'date',
      总阅读人数: 'video_views',
      总阅读次数: null,
      分享转发人数: 'shares',
      微信收藏人数: 'saves',
      送达人数: null,
      阅读完成率: null,
    },
    notStored: ['阅读完成率'],
  },
];
