import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import {
  ATTRIBUTION_MESSAGE_FORMATS,
  ATTRIBUTION_MESSAGE_KEYS,
  ATTRIBUTION_MODELS,
  attributionMessage,
  modelName,
  sayAttribution,
  sharePercent,
} from './messages.js';
import { buildPathSet, parsePath, pathChannels, sum } from './paths.js';

describe('path rows', () => {
  it('splits on > and trims each channel', () => {
    expect(parsePath(' search >douyin> 小红书 ')).toEqual(['search', 'douyin', '小红书']);
  });

  it('adds identical paths together, however they are written, and numbers channels by name', () => {
    const set = buildPathSet([
      { path: 'b>a', conversions: 1, value: 10, nulls: 2 },
      { path: 'b > a', conversions: 2, value: 5 },
      { path: ['b', 'a'], conversions: 0, nulls: 4 },
      { path: 'a', conversions: 1, value: 1 },
    ]);
    expect(set.channels).toEqual(['a', 'b']);
    expect(set.conversions.length).toBe(2);
    expect(pathChannels(set, 0)).toEqual(['b', 'a']);
    expect([set.conversions[0], set.value[0], set.nulls[0]]).toEqual([3, 15, 6]);
    expect(set.totals).toEqual({ conversions: 4, value: 16, nulls: 6 });
  });

  it('lists every bad row with its number', () => {
    try {
      buildPathSet([
        { path: 'a>b', conversions: 1 },
        { path: 'a>>b', conversions: 1 },
        { path: '', conversions: 1 },
        { path: 'a', conversions: -1 },
        { path: 'a', conversions: 0, value: 3 },
        { path: 'a', conversions: 1, nulls: Number.NaN },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MarkpiError);
      expect((error as MarkpiError).code).toBe('attribution.invalid_paths');
      expect((error as MarkpiError).problems.map((problem) => [problem.row, problem.column])).toEqual([
        [4, 'conversions'],
        [5, 'value'],
        [6, 'nulls'],
        [2, 'path'],
        [3, 'path'],
      ]);
    }
  });

  it('sums without losing small parts to large ones', () => {
    expect(sum([1e16, 1, -1e16, 1])).toBe(2);
  });
});

describe('attribution messages', () => {
  const samples: Record<string, number | string | string[]> = {
    channel: 'xiaohongshu',
    lowModel: 'last_touch',
    lowShare: 0.04,
    highModel: 'markov',
    highShare: 0.19,
    conversions: 3,
    value: 1234.5,
    days: 30,
    orders: 2,
    codes: ['A1', 'B2'],
    channels: 18,
    samples: 2000,
    limit: 15,
  };

  it('says every key in English and Chinese with every parameter filled', () => {
    for (const key of ATTRIBUTION_MESSAGE_KEYS) {
      const message = attributionMessage(key, samples);
      for (const language of ['en', 'zh'] as const) {
        const text = sayAttribution(message, language);
        expect(text).not.toMatch(/undefined|NaN|\[object/);
        expect(text.length).toBeGreaterThan(10);
      }
      expect(sayAttribution(message, 'zh')).not.toBe(sayAttribution(message, 'en'));
      expect(ATTRIBUTION_MESSAGE_FORMATS[key]).toBeDefined();
    }
  });

  it('says the example of the side-by-side view', () => {
    const message = attributionMessage('attribution.disagreement.opens', samples);
    expect(sayAttribution(message, 'en')).toBe(
      'last touch gives Xiaohongshu 4%, Markov 19%: it opens journeys that others close',
    );
    expect(sayAttribution(message, 'zh')).toBe(
      '末次触点给 小红书 4%，马尔可夫给 19%：它开启的旅程多由其他渠道收尾',
    );
  });

  it('names every model in both languages and writes shares as whole percents above 1%', () => {
    for (const model of ATTRIBUTION_MODELS) {
      expect(modelName(model, 'en')).not.toBe(modelName(model, 'zh'));
    }
    expect([0, 0.004, 0.0449, 0.19, 1].map(sharePercent)).toEqual(['0%', '0.4%', '4%', '19%', '100%']);
  });
});
