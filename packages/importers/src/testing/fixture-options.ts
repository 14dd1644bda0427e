/** The options each fixture needs to import (what a user would pass on the command line). */
import { validateMapping } from '../generic/mapping.js';
import type { ImportOptions } from '../load/import-files.js';
import { MAPPINGS } from './fixtures.js';

export const FIXTURE_OPTIONS: Readonly<Record<string, ImportOptions>> = {
  'ga4-traffic-acquisition.csv': { currency: 'CNY' },
  'douyin-creator-works.csv': { account: 'douyin-brand' },
  'xiaohongshu-notes.xlsx': { account: 'xhs-brand' },
  'cost-ledger.csv': { mapping: validateMapping(MAPPINGS['cost-ledger']) },
  'followers.csv': { mapping: validateMapping(MAPPINGS.followers) },
  'customers.csv': { mapping: validateMapping(MAPPINGS.customers) },
  'agency-kol-report.csv': { mapping: validateMapping(MAPPINGS['kol-agency']) },
  'touch-sessions-zh.csv': { timeZone: 'Asia/Shanghai' },
  'journey-paths.csv': { currency: 'CNY', period: { from: '2026-05-01', to: '2026-05-31' } },
  'journey-paths-zh.xlsx': { currency: 'CNY' },
  'coupon-codes.csv': { mapping: validateMapping(MAPPINGS['coupon-codes']) },
  'creator-fees.csv': { mapping: validateMapping(MAPPINGS['creator-fees']) },
};
