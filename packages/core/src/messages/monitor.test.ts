import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { FORMATS } from '../diagnosis/messages.js';
import { MONITOR_MESSAGES, sayMonitorMessage } from './monitor.js';
import { placeholderNames } from './say.js';

describe('monitor messages', () => {
  const catalog = buildCatalog();

  it('name the same parameters in both languages, in the formats the diagnosis says', () => {
    for (const [key, { en, zh }] of Object.entries(MONITOR_MESSAGES)) {
      expect([key, placeholderNames(zh).sort()]).toEqual([key, placeholderNames(en).sort()]);
      const formats = [...`${en}${zh}`.matchAll(/\{\w+,\s*(\w+)\}/g)].map((match) => match[1]);
      for (const format of formats) expect([key, FORMATS]).toEqual([key, expect.arrayContaining([format])]);
    }
  });

  it('write Chinese with Chinese punctuation and no English words', () => {
    for (const [key, { zh }] of Object.entries(MONITOR_MESSAGES)) {
      const text = zh.replace(/\{[^}]*\}/g, '').replace(/Shapley|KPI/g, '');
      expect([key, /[,:;()?!]/.test(text), /[A-Za-z]{2,}/.test(text)]).toEqual([key, false, false]);
    }
  });

  it('say an incident title with the catalog’s names in both languages (figures by hand)', () => {
    const said = {
      key: 'monitor.title.kpi',
      params: {
        segment: { key: 'monitor.segment.channel', params: { channel: 'douyin' } },
        kpi: 'ctr',
        direction: { key: 'monitor.direction.below', params: {} },
        days: { key: 'monitor.days.range', params: { from: '2026-03-02', to: '2026-03-04' } },
      },
    };
    expect(sayMonitorMessage(said, 'en', catalog)).toBe(
      'Douyin: CTR below expected from 2026-03-02 to 2026-03-04',
    );
    expect(sayMonitorMessage(said, 'zh', catalog)).toBe('抖音：2026-03-02 至 2026-03-04 点击率低于预期');
  });
});
