import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_TEMPLATES } from '../attribution/messages.js';
import { CREATOR_TEMPLATES } from '../creators/messages.js';
import { DIAGNOSIS_TEMPLATES } from '../diagnosis/messages.js';
import { ERROR_KINDS, MarkpiError } from '../errors.js';
import { LIFT_TEMPLATES } from '../lift/messages.js';
import { LimitError } from '../limits.js';
import { CATALOG_FORMATS, knowsMessage, MESSAGES, say, sayIfKnown } from './catalog.js';
import {
  BUILT_IN_FORMATS,
  bytesText,
  type MessageTable,
  percentText,
  placeholderNames,
  type Said,
  sayMessage,
  signedPercent,
  UnknownMessageKey,
  unknownFormats,
} from './say.js';

const TABLE: MessageTable = {
  'test.sum': {
    en: '{count} rows, {share, percent} of {total} ({change, change}); size {size, bytes}',
    zh: '{count} 行，占 {total} 的 {share, percent}（{change, change}）；大小 {size, bytes}',
  },
  'test.nested': { en: 'because {why}{more, clauses}', zh: '原因：{why}{more, clauses}' },
  'test.names': {
    en: 'channels {names, list}, named {who, quoted}',
    zh: '渠道{names, list}，名为{who, quoted}',
  },
  'test.plain': { en: 'plain {what}', zh: '简单{what}' },
  'test.unit': { en: '{value, money}', zh: '{value, money}' },
};
const template = (key: string) => (Object.hasOwn(TABLE, key) ? TABLE[key] : undefined);

describe('saying a message', () => {
  it('fills each placeholder in its format, in both languages (figures by hand)', () => {
    const said: Said = {
      key: 'test.sum',
      params: { count: 12345, share: 0.0625, total: 197520, change: -0.091, size: 12_345 },
    };
    expect(sayMessage(said, 'en', { template })).toBe('12,345 rows, 6.3% of 197,520 (−9.1%); size 12.3 kB');
    expect(sayMessage(said, 'zh', { template })).toBe('12,345 行，占 197,520 的 6.3%（−9.1%）；大小 12.3 kB');
  });

  it('says nested messages first, lists joined the way each language joins them', () => {
    const said: Said = {
      key: 'test.nested',
      params: {
        why: { key: 'test.plain', params: { what: 'x' } },
        more: [
          { key: 'test.plain', params: { what: 'y' } },
          { key: 'test.plain', params: { what: 'z' } },
        ],
      },
    };
    expect(sayMessage(said, 'en', { template })).toBe('because plain x, plain y, plain z');
    expect(sayMessage(said, 'zh', { template })).toBe('原因：简单x，简单y，简单z');
    const names: Said = { key: 'test.names', params: { names: ['a', 'b', 'c'], who: 'Meta' } };
    expect(sayMessage(names, 'en', { template })).toBe('channels a, b and c, named “Meta”');
    expect(sayMessage(names, 'zh', { template })).toBe('渠道a、b、c，名为“Meta”');
  });

  it('takes the caller’s formats, and refuses a key it has no words for', () => {
    const money = (value: string | number | boolean) => `¥${value}`;
    expect(
      sayMessage({ key: 'test.unit', params: { value: 3 } }, 'en', { template, formats: { money } }),
    ).toBe('¥3');
    expect(() => sayMessage({ key: 'test.none', params: {} }, 'en', { template })).toThrow(UnknownMessageKey);
    // A placeholder whose parameter is missing stays visible rather than saying "undefined".
    expect(sayMessage({ key: 'test.plain', params: {} }, 'en', { template })).toBe('plain {what}');
  });

  it('formats numbers as an independent count of digits would', () => {
    for (const value of [0, 0.0025, 0.009, 0.035, 0.12, 1, -0.5]) {
      const percent = value * 100;
      const digits = percent === 0 ? 0 : Math.abs(percent) < 1 ? 2 : Math.abs(percent) < 10 ? 1 : 0;
      const expected = `${Number(percent.toFixed(digits))}%`.replace('-', '−');
      expect(percentText(value)).toBe(expected);
    }
    expect([signedPercent(0.2), signedPercent(-0.091), signedPercent(0.0001)]).toEqual([
      '+20%',
      '−9.1%',
      '±0%',
    ]);
    expect([bytesText(564), bytesText(12_345), bytesText(4_000_000), bytesText(1_500_000_000)]).toEqual([
      '564 B',
      '12.3 kB',
      '4 MB',
      '1.5 GB',
    ]);
  });
});

describe('core’s messages', () => {
  const entries = Object.entries(MESSAGES);

  it('name the same parameters in both languages, in formats that exist', () => {
    for (const [key, { en, zh }] of entries) {
      // The kinds' sentences leave the English detail out of the Chinese; every other key says all.
      const english = en === '{detail}' ? [] : placeholderNames(en).sort();
      expect([key, placeholderNames(zh).sort()]).toEqual([key, english]);
      const own = Object.keys(CATALOG_FORMATS);
      expect([key, unknownFormats(en, own), unknownFormats(zh, own)]).toEqual([key, [], []]);
    }
    expect(BUILT_IN_FORMATS).toContain('quoted');
  });

  it('write Chinese with Chinese punctuation and no English words', () => {
    for (const [key, { zh }] of entries) {
      // Proper names and the abbreviations the Chinese trade writes in Latin letters stay, and so
      // do a file's own headers in backticks and the digits of a time (12:34).
      const text = zh
        .replace(/\{[^}]*\}/g, '')
        .replace(/`[^`]*`/g, '')
        .replace(/\d[:]\d/g, '')
        .replace(/markpi|ROI|ROAS|GMV|KPI|GA4|UTC|Meta|Google Ads|Shopify|Excel/g, '');
      expect([key, /[,:;()?!]/.test(text), /[A-Za-z]{2,}/.test(text)]).toEqual([key, false, false]);
    }
  });

  it('include the Chinese of a diagnosis, the creator views, attribution and lift, written with Chinese punctuation too', () => {
    const own = { ...CREATOR_TEMPLATES, ...ATTRIBUTION_TEMPLATES, ...LIFT_TEMPLATES };
    for (const [key, { en, zh }] of Object.entries(own))
      expect([key, placeholderNames(zh).sort()]).toEqual([key, placeholderNames(en).sort()]);
    for (const [key, { zh }] of Object.entries({ ...DIAGNOSIS_TEMPLATES, ...own })) {
      // Grouped digits, ratios like 4:1 and a model's name (AR(1)) keep their marks.
      const text = zh
        .replace(/\{[^}]*\}/g, '')
        .replace(/\d[,:]\d/g, '')
        .replace(/AR\(1\)/g, '');
      expect([key, /[,:;()]/.test(text)]).toEqual([key, false]);
    }
  });

  it('give every error its message: English as thrown, Chinese by its kind', () => {
    for (const kind of ERROR_KINDS) expect(knowsMessage(`error.${kind}`)).toBe(true);
    const error = new MarkpiError('unknown_kpi', 'unknown KPI `ctrr`');
    expect(error.said).toEqual({ key: 'error.invalid_input', params: { detail: 'unknown KPI `ctrr`' } });
    expect(say(error.said, 'en')).toBe(error.message);
    expect(say(error.said, 'zh')).toBe('请求的内容有误，无法按此处理，请检查后重试');
    expect(say(new MarkpiError('workspace_not_found', 'no workspace x').said, 'zh')).toBe('要找的内容不存在');
  });

  it('say limits and periods through their own functions, and nothing for an unknown key', () => {
    const limit = new LimitError(
      'too_many_rows',
      { key: 'limit.too_many_rows', params: { limit: 10 } },
      'limit',
      'h',
    );
    expect(say(limit.said, 'en')).toBe(limit.message);
    expect(say({ key: 'period.missing', params: {} }, 'zh')).toBe('请给出时间段，或起止日期');
    expect(sayIfKnown({ key: 'nobody.knows', params: {} }, 'zh')).toBeUndefined();
    expect(sayIfKnown(undefined, 'zh')).toBeUndefined();
  });

  it('say a refused password in both languages', () => {
    const said: Said = {
      key: 'auth.password.refused',
      params: { reason: { key: 'auth.password.too_short', params: { length: 10 } } },
    };
    expect(say(said, 'en')).toBe('the new password is refused: at least 10 characters');
    expect(say(said, 'zh')).toBe('新密码不可用：至少 10 个字符');
  });
});
