import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { CAPTION_LINE_PX, CAPTION_PAD_PX, captionHeight, captionLines } from './chart-export';

/** The dictionaries' words by a dotted key, `{{name}}` filled: what i18next does for these keys. */
function translator(dictionary: object) {
  return (key: string, options: Record<string, string>) => {
    let entry: unknown = dictionary;
    for (const part of key.split('.')) entry = (entry as Record<string, unknown>)[part];
    if (typeof entry !== 'string') throw new Error(`no words for ${key}`);
    return entry.replaceAll(/\{\{(\w+)\}\}/g, (_, name: string) => options[name] ?? `{{${name}}}`);
  };
}

describe("a chart image's caption", () => {
  const caption = {
    workspace: 'Lumi',
    title: 'Spend by channel',
    kpi: 'Spend',
    period: 'Oct 1 – 31, 2026',
    filter: "channel = 'douyin'",
  };

  it('says the workspace and title, the KPI, the period and the filter, in that order', () => {
    expect(captionLines(translator(en), caption)).toEqual([
      'Lumi · Spend by channel',
      'KPI: Spend',
      'Period: Oct 1 – 31, 2026',
      "Filter: channel = 'douyin'",
    ]);
    expect(captionLines(translator(zh), { ...caption, kpi: '花费', period: '2026年10月1日–31日' })).toEqual([
      'Lumi · Spend by channel',
      '指标：花费',
      '周期：2026年10月1日–31日',
      "筛选：channel = 'douyin'",
    ]);
  });

  it('leaves the filter line out when nothing narrows the chart, and sizes the caption by its lines', () => {
    const lines = captionLines(translator(en), { ...caption, filter: '' });
    expect(lines).toHaveLength(3);
    expect(captionLines(translator(en), { ...caption, filter: undefined })).toEqual(lines);
    // Counted by hand: 12 px above and below, 20 px a line.
    expect(captionHeight(3)).toBe(12 + 3 * 20 + 12);
    expect(captionHeight(4)).toBe(CAPTION_PAD_PX * 2 + CAPTION_LINE_PX * 4);
  });
});
