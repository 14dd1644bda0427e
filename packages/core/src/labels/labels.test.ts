import { describe, expect, it } from 'vitest';
import { CHANNELS, CREATOR_TIERS, FACTS, FEE_SOURCES, TRAFFIC_TYPES } from '../model/facts.js';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_DETAIL_LABELS,
  auditActionLabel,
  auditDetailLabel,
  DIMENSION_VALUE_LABELS,
  dimensionValueLabelOf,
} from './index.js';

/** Latin words a Chinese label may hold: the names platforms and the trade write in Latin letters. */
const PROPER = new Set([
  'Meta',
  'Google',
  'Ads',
  'Analytics',
  'TikTok',
  'Shopify',
  'KOL',
  'KOS',
  'KOC',
  'A1',
  'A2',
  'A3',
  'A4',
  'A5',
]);

describe('labels of dimension values and audit actions', () => {
  it('say the values people meet, as written by hand', () => {
    expect(dimensionValueLabelOf('channel', 'douyin', 'zh')).toBe('抖音');
    expect(dimensionValueLabelOf('channel', 'google_ads', 'en')).toBe('Google Ads');
    expect(dimensionValueLabelOf('region', 'east_china', 'zh')).toBe('华东');
    expect(dimensionValueLabelOf('content_format', 'image_text', 'zh')).toBe('图文');
    expect(dimensionValueLabelOf('audience', 'white_collar_25_34', 'en')).toBe('White-collar 25–34');
    expect(dimensionValueLabelOf('cost_type', 'agency', 'zh')).toBe('代理服务');
    // A first channel, a platform and a touch's channel are channels.
    expect(dimensionValueLabelOf('first_channel', 'xiaohongshu', 'zh')).toBe('小红书');
    expect(dimensionValueLabelOf('touch_channel', 'direct', 'zh')).toBe('直接访问');
    // A value nobody labelled is the workspace's own word: no label.
    expect(dimensionValueLabelOf('audience', '宝妈二胎', 'zh')).toBeUndefined();
    expect(dimensionValueLabelOf('campaign', 'ao-dy', 'zh')).toBeUndefined();
    expect(auditActionLabel('member.add', 'zh')).toBe('添加成员');
    expect(auditActionLabel('someone.new', 'zh')).toBe('someone.new');
    expect(auditDetailLabel('role', 'zh')).toBe('角色');
  });

  it('cover every value the model declares', () => {
    const declared: [string, readonly string[]][] = [
      ['channel', CHANNELS],
      ['creator_tier', CREATOR_TIERS],
      ['traffic_type', TRAFFIC_TYPES],
      ['fee_source', FEE_SOURCES],
      ['fact', FACTS.flatMap((fact) => [fact.table, ...(fact.periodTable ? [fact.periodTable] : [])])],
    ];
    for (const [dimension, values] of declared)
      for (const value of values)
        expect([dimension, value, dimensionValueLabelOf(dimension, value, 'zh') !== undefined]).toEqual([
          dimension,
          value,
          true,
        ]);
  });

  it('write Chinese labels in Chinese, proper names and abbreviations apart', () => {
    const all = [
      ...Object.values(DIMENSION_VALUE_LABELS).flatMap((labels) => Object.values(labels)),
      ...Object.values(AUDIT_ACTION_LABELS),
      ...Object.values(AUDIT_DETAIL_LABELS),
    ];
    for (const { en, zh } of all) {
      expect(en.length).toBeGreaterThan(0);
      const latin = zh.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
      expect([zh, latin.filter((word) => !PROPER.has(word))]).toEqual([zh, []]);
    }
  });
});
