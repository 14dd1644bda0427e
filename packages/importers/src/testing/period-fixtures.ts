/**
 * Reports downloaded from the platforms' own screens over a date range, with no daily breakdown:
 * the rows are totals over the period, stored whole as period rows. Written from the screens'
 * default columns, not copied from real files. Checked against the committed files by the period
 * rows' test (`load/period-rows.test.ts`).
 */
import type { Fixture } from './fixtures.js';

export const PERIOD_FIXTURES: readonly Fixture[] = [
  {
    // Google Ads UI, Landing pages view: title and date-range lines, no Day column, `Total:` rows for the
    // report's pages and for the account (which also counts pages the report leaves out).
    file: 'google-ads-landing-page-quarter.csv',
    encoding: 'utf-8',
    lines: [
      'Landing page report',
      '"May 18, 2025 - August 15, 2025"',
      'Landing page,Selected by,Mobile speed score,Mobile-friendly click rate,Valid AMP click rate,Clicks,Impr.,CTR,Currency code,Avg. CPC,Cost',
      'https://example.com/summer-sale,ADVERTISER,8, --, --,"1,200","48,000",2.50%,USD,0.90,1080.00',
      'https://example.com/pricing,ADVERTISER,6, --, --,600,"30,000",2.00%,USD,1.20,720.00',
      'Total: Landing pages, --,7, --, --,"1,800","78,000",2.31%,USD,1.00,1800.00',
      'Total: Account, --,7, --, --,"1,900","80,500",2.36%,USD,1.00,1900.00',
      '',
    ],
  },
  {
    // Google Ads UI, Demographics → Age: the same account and quarter by age range, a `+10%` bid adjustment,
    // money with thousands separators.
    file: 'google-ads-age-quarter.csv',
    encoding: 'utf-8',
    lines: [
      'Age report',
      '"May 18, 2025 - August 15, 2025"',
      'Age,Campaign,Ad group,Ad group bid adj.,Currency code,Cost,Impr.,Clicks,CTR,Conversions,Conv. value',
      '18 - 24,Summer Sale,Prospecting, --,USD,400.00,"20,000",500,2.50%,10.00,800.00',
      '25 - 34,Summer Sale,Prospecting,+10%,USD,900.00,"35,000",900,2.57%,25.00,"2,500.00"',
      '35 - 44,Summer Sale,Prospecting, --,USD,500.00,"25,000",500,2.00%,12.00,"1,300.00"',
      'Total: Age ranges, --, --, --,USD,1800.00,"80,000","1,900",2.38%,47.00,"4,600.00"',
      'Total: Account, --, --, --,USD,1900.00,"80,500","1,900",2.36%,47.00,"4,600.00"',
      '',
    ],
  },
  {
    // Google Ads UI, Videos view: views and view rate per video over the same range; the account total
    // counts every campaign's clicks.
    file: 'google-ads-video-quarter.csv',
    encoding: 'utf-8',
    lines: [
      'Video report',
      '"May 18, 2025 - August 15, 2025"',
      'Video,Video URL,Duration,Channel Name,Currency code,Cost,Impr.,Views,View rate,Clicks',
      'Summer teaser,https://www.youtube.com/watch?v=sUmM3rT3a53,0:30,Example Brand,USD,600.00,"40,000","12,000",30.00%,300',
      'How it works,https://www.youtube.com/watch?v=h0w1tW0rk5x,1:15,Example Brand,USD,300.00,"20,000","5,000",25.00%,100',
      'Total: Videos, --, --, --,USD,900.00,"60,000","17,000",28.33%,400',
      'Total: Account, --, --, --,USD,1900.00,"80,500","17,000",21.12%,"1,900"',
      '',
    ],
  },
  {
    // Meta Ads Manager, ad level over two weeks without a Day breakdown: `Reporting starts`/`Reporting ends`
    // on every row, the summary row first (its reach is the deduplicated reach, below the rows' sum),
    // results by indicator.
    file: 'meta-ads-ad-two-weeks.csv',
    encoding: 'utf-8',
    lines: [
      '"Reporting starts","Reporting ends","Campaign name","Ad set name","Ad name","Ad delivery","Amount spent (USD)",Impressions,Reach,Frequency,"Link clicks",Results,"Result indicator","Cost per results"',
      '2025-06-02,2025-06-15,,,,,1000.00,131000,62000,2.11,1930,,,',
      '2025-06-02,2025-06-15,"Summer Sale","Broad 25-44","Video A",active,420.00,56000,30000,1.87,840,21,actions:offsite_conversion.fb_pixel_purchase,20',
      '2025-06-02,2025-06-15,"Summer Sale","Broad 25-44","Carousel B",active,280.00,35000,21000,1.67,490,14,actions:offsite_conversion.fb_pixel_purchase,20',
      '2025-06-02,2025-06-15,"Summer Sale","Lookalike 1%","Video A",inactive,300.00,40000,26000,1.54,600,10,actions:lead,30',
      '',
    ],
  },
  {
    // Meta Ads Manager, 2025 layout over one week: `Delivery status`, `Delivery level`, `Result type`,
    // `Results`, two custom metrics, reporting dates at the end, summary row first.
    file: 'meta-ads-2025-layout-week.csv',
    encoding: 'utf-8',
    lines: [
      '"Campaign name","Ad set name","Ad name","Delivery status","Delivery level","Result type",Results,"Cost per result","Amount spent (USD)",Impressions,Reach,Frequency,"Link clicks","CTR (link click-through rate)","Hook rate (custom)","Hold rate (custom)","Reporting starts","Reporting ends"',
      ',,,,,,,,210.00,30000,18000,1.67,420,1.4,,,2025-06-16,2025-06-22',
      '"Summer Sale","Broad 25-44","Video A",active,ad,"Website purchases",9,15.56,140.00,20000,12000,1.67,300,1.5,0.31,0.12,2025-06-16,2025-06-22',
      '"Summer Sale","Retargeting 30d","Static C",active,ad,Leads,7,10.00,70.00,10000,7000,1.43,120,1.2,0.22,0.08,2025-06-16,2025-06-22',
      '',
    ],
  },
  {
    // Meta Ads Manager by day for two days inside the two-week report: the more detailed account of those
    // days.
    file: 'meta-ads-ad-daily-june.csv',
    encoding: 'utf-8',
    lines: [
      '"Day","Campaign name","Ad set name","Ad name","Amount spent (USD)",Impressions,Reach,"Link clicks","Reporting starts","Reporting ends"',
      '2025-06-09,"Summer Sale","Broad 25-44","Video A",35.00,4500,3000,70,2025-06-09,2025-06-10',
      '2025-06-10,"Summer Sale","Broad 25-44","Video A",25.00,3500,2500,50,2025-06-09,2025-06-10',
      '',
    ],
  },
];
