/** The sentences of "why" exist in both languages, with the same numbers in each. */
import { buildCatalog } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { say, WHY_TEMPLATES, whyMessage } from './messages.js';
import { MAX_PATH_DEPTH, NO_VALUE, pathMessage, sayPath } from './segments.js';

const placeholders = (text: string) =>
  [...text.matchAll(/\{([A-Za-z0-9_]+)/g)].map((match) => match[1]).sort();

describe('why messages', () => {
  it('name the same parameters in English and Chinese', () => {
    for (const [key, template] of Object.entries(WHY_TEMPLATES)) {
      expect(template.zh.length, key).toBeGreaterThan(0);
      expect(placeholders(template.zh), key).toEqual(placeholders(template.en));
    }
  });

  it('write Chinese with Chinese punctuation, as core’s diagnosis does', () => {
    for (const [key, { zh }] of Object.entries(WHY_TEMPLATES)) {
      const text = zh.replace(/\{[^}]*\}/g, '');
      expect([key, /[,:;()]/.test(text)]).toEqual([key, false]);
    }
  });

  it('say a path of any depth as one message, channels by name and missing values as (none)', () => {
    const catalog = buildCatalog();
    const steps = [
      { dimension: 'channel', segment: 'xiaohongshu' },
      { dimension: 'campaign', segment: 'ao-xhs' },
      { dimension: 'ad_group', segment: NO_VALUE },
    ];
    expect(say(catalog, pathMessage(steps)).text).toEqual({
      en: 'Xiaohongshu › ao-xhs › (none)',
      zh: '小红书 › ao-xhs › （无）',
    });
    expect(say(catalog, pathMessage([])).text).toEqual({ en: 'The whole', zh: '整体' });
    const deepest = Array.from({ length: MAX_PATH_DEPTH }, (_, index) => ({
      dimension: `d${index}`,
      segment: `s${index}`,
    }));
    expect(sayPath(catalog, deepest).text.en).toBe('s0 › s1 › s2 › s3 › s4 › s5'); // ids as written
    expect(sayPath(catalog, steps).text.en).toBe('Xiaohongshu › ao-xhs › (none)');
    expect(() => pathMessage([...deepest, { dimension: 'd', segment: 's' }])).toThrow(RangeError);
  });

  it('put the numbers in their units', () => {
    const catalog = buildCatalog();
    const said = say(
      catalog,
      whyMessage('why.lead.factor', {
        factor: whyMessage('diagnosis.what.kpi', { kpi: 'ctr' }),
        share: 0.981,
        contribution: -1.77,
        unit: 'multiple',
      }),
    );
    expect(said.text).toEqual({
      en: 'By its formula, CTR accounts for 98% of the change (−1.77×)',
      zh: '按公式拆解，点击率贡献了变化的 98%（−1.77）',
    });
  });
});
