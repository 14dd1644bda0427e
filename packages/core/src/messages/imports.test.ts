import { describe, expect, it } from 'vitest';
import { CHANNELS, FACTS } from '../model/facts.js';
import { say } from './catalog.js';
import { IMPORT_NOTE_MESSAGES } from './import-notes.js';
import { IMPORT_MESSAGES } from './imports.js';
import { placeholderNames, type Said, type SaidParam } from './say.js';

const value = (dimension: string, entry: string): Said => ({
  key: 'import.reason.value',
  params: { dimension, value: entry },
});

/** A parameter for every placeholder: a nested message where a list is said, a text elsewhere. */
function sampleParams(template: string): Record<string, SaidParam> {
  const params: Record<string, SaidParam> = {};
  for (const match of template.matchAll(/\{(\w+)(?:,\s*(\w+))?\}/g)) {
    const [, name, format] = match;
    if (format === 'commas' || format === 'semicolons' || format === 'list')
      params[name!] = [value('channel', 'douyin'), value('channel', 'meta')];
    else if (name === 'reason') params[name] = { key: 'import.reason.date_empty', params: {} };
    else
      params[name!] =
        format === 'field' || format === 'fieldWords' || format === 'fieldName' ? 'spend' : 'x1';
  }
  return params;
}

describe('import messages', () => {
  const tables = { ...IMPORT_MESSAGES, ...IMPORT_NOTE_MESSAGES };

  it('say every key in both languages with every parameter filled', () => {
    for (const [key, template] of Object.entries(tables)) {
      const said: Said = { key, params: sampleParams(template.en) };
      const english = say(said, 'en');
      const chinese = say(said, 'zh');
      expect([key, /\{\w+/.test(english), /\{\w+/.test(chinese), /undefined/.test(chinese)]).toEqual([
        key,
        false,
        false,
        false,
      ]);
      // Every Chinese sentence says something in Chinese, not the English again.
      if (placeholderNames(template.zh).length === 0 || /[\u4e00-\u9fff]/.test(template.zh))
        expect([key, /[\u4e00-\u9fff]/.test(chinese)]).toEqual([key, true]);
    }
  });

  it('say a row rejected for two problems, each in its column (figures by hand)', () => {
    const said: Said = {
      key: 'import.reason.several',
      params: {
        problems: [
          {
            key: 'import.reason.in_column',
            params: {
              column: 'Cost',
              reason: { key: 'import.reason.not_a_number', params: { value: 'n/a' } },
            },
          },
          {
            key: 'import.reason.in_column',
            params: { column: 'Day', reason: { key: 'import.reason.date_empty', params: {} } },
          },
        ],
      },
    };
    expect(say(said, 'en')).toBe('Cost: "n/a" is not a number; Day: the date is empty');
    expect(say(said, 'zh')).toBe('Cost：“n/a”不是数字；Day：日期为空');
  });

  it('name channels, fields and values by their labels in Chinese and as ids in English', () => {
    const channel: Said = {
      key: 'import.reason.not_a_channel',
      params: {
        value: 'Bilibili',
        channels: ['douyin', 'meta', 'google_ads'].map((id) => value('channel', id)),
      },
    };
    expect(say(channel, 'en')).toBe('"Bilibili" is not a channel (douyin, meta, google_ads)');
    expect(say(channel, 'zh')).toBe('“Bilibili”不是已知渠道（抖音、Meta、Google Ads）');
    const traffic: Said = {
      key: 'import.reason.not_a_value',
      params: { value: 'both', field: 'traffic_type', allowed: [value('traffic_type', 'paid')] },
    };
    expect(say(traffic, 'en')).toBe('"both" is not a traffic type (paid)');
    expect(say(traffic, 'zh')).toBe('“both”不是可用的流量类型（付费）');
    const negative: Said = { key: 'import.reason.negative_spend', params: { field: 'spend', value: '-3' } };
    expect(say(negative, 'en')).toBe(
      'spend is negative (-3); platforms never report a negative spend — refunds belong in the cost ledger',
    );
    expect(say(negative, 'zh')).toBe('消耗为负数（-3），平台从不报告负的消耗；退款应记入费用台账');
    const derived: Said = {
      key: 'import.note.derived',
      params: { target: 'clicks', rate: 'rate_of_clicks', base: 'impressions' },
    };
    expect(say(derived, 'en')).toBe('clicks is derived as round(rate_of_clicks × impressions).');
    expect(say(derived, 'zh')).toBe('点击次数按点击次数比率×曝光量四舍五入得出。');
  });

  it('name a missing column of an event as the model does in English, as a lower-case name', () => {
    for (const fact of FACTS) {
      for (const column of (fact.columns ?? []).filter((entry) => entry.required)) {
        const said: Said = { key: 'import.reason.missing', params: { field: column.id } };
        expect(say(said, 'en')).toBe(`the row has no ${column.name.en.toLowerCase()}`);
        expect(say(said, 'zh')).toBe(`该行没有${column.name.zh}`);
      }
    }
  });

  it('give every channel a Chinese label, so a refusal lists no ids', () => {
    const all: Said = {
      key: 'import.reason.not_a_channel',
      params: { value: 'x', channels: CHANNELS.map((id) => value('channel', id)) },
    };
    expect(say(all, 'zh')).not.toMatch(/_/);
  });
});
