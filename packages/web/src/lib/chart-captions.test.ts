import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import {
  attributionCaption,
  audienceFlowCaption,
  creatorCurveCaption,
  liftCaption,
  paceCaption,
} from './chart-captions';
import { captionLines } from './chart-export';
import { formatRange } from './format';

/** The dictionaries' words by a dotted key, `{{name}}` filled: what i18next does for these keys. */
function translator(dictionary: object) {
  return (key: string, options: Record<string, string> = {}) => {
    let entry: unknown = dictionary;
    for (const part of key.split('.')) entry = (entry as Record<string, unknown>)[part];
    if (typeof entry !== 'string') throw new Error(`no words for ${key}`);
    return entry.replaceAll(/\{\{(\w+)\}\}/g, (_, name: string) => options[name] ?? `{{${name}}}`);
  };
}

const english = translator(en);
const chinese = translator(zh);
const october = { from: '2026-10-01', to: '2026-10-31' };
// The period line is the dashboard's own range format (tested with the formats); by hand below.
const inEnglish = { workspace: 'Lumi', locale: 'en' };
const inChinese = { workspace: 'Lumi', locale: 'zh-CN' };
const octoberEn = formatRange(october.from, october.to, 'en');
const octoberZh = formatRange(october.from, october.to, 'zh-CN');

describe('each chart’s image caption', () => {
  it('reads the period as the page shows it', () => {
    expect(octoberEn.replaceAll(/\s/g, ' ')).toBe('Oct 1 – 31, 2026');
    expect(octoberZh.replaceAll(/\s/g, ' ')).toBe('2026/10/1 – 2026/10/31');
  });

  it('says a target’s pacing: its scope in the title, its KPI, its period and its condition', () => {
    const target = {
      kpi: 'Conversions',
      scopeLabel: 'Douyin',
      period: october,
      filter: "channel = 'douyin'",
    };
    expect(captionLines(english, paceCaption(english, inEnglish, target))).toEqual([
      'Lumi · Pacing · Douyin',
      'KPI: Conversions',
      `Period: ${octoberEn}`,
      "Filter: channel = 'douyin'",
    ]);
    // A scoped member's scope follows the target's condition; a target without one has only the scope.
    expect(
      captionLines(
        chinese,
        paceCaption(
          chinese,
          { ...inChinese, scope: '抖音' },
          { ...target, kpi: '转化次数', scopeLabel: '抖音' },
        ),
      ),
    ).toEqual([
      'Lumi · 进度 · 抖音',
      '指标：转化次数',
      `周期：${octoberZh}`,
      "筛选：channel = 'douyin' · 范围：抖音",
    ]);
    expect(
      captionLines(english, paceCaption(english, inEnglish, { ...target, filter: undefined })),
    ).toHaveLength(3);
  });

  it('says a creator’s curve: the creator, its three series and the window', () => {
    const creator = { label: 'Xiao Li', window: october };
    expect(captionLines(english, creatorCurveCaption(english, inEnglish, creator))).toEqual([
      'Lumi · Xiao Li · Daily views, interactions and likes',
      'KPI: Views · Interactions · Likes',
      `Period: ${octoberEn}`,
    ]);
    expect(captionLines(chinese, creatorCurveCaption(chinese, inChinese, creator))).toEqual([
      'Lumi · Xiao Li · 每日播放、互动与点赞',
      '指标：播放/阅读 · 互动 · 点赞',
      `周期：${octoberZh}`,
    ]);
  });

  it('says the O-5A chart’s platform when one is picked, none for all', () => {
    expect(
      captionLines(english, audienceFlowCaption(english, inEnglish, { window: october, platform: 'Douyin' })),
    ).toEqual([
      'Lumi · Stage sizes at the start and end, with the flows into A3',
      'KPI: People per O-5A stage',
      `Period: ${octoberEn}`,
      'Filter: platform: Douyin',
    ]);
    expect(
      captionLines(chinese, audienceFlowCaption(chinese, inChinese, { window: october, platform: null })),
    ).toEqual([
      'Lumi · 期初与期末各阶段人数,及流入 A3 的人数',
      '指标：O-5A 各阶段人数',
      `周期：${octoberZh}`,
    ]);
  });

  it('says attribution’s dimension, measure and lookback', () => {
    const report = { by: 'Channel', measure: 'value' as const, window: october, lookbackDays: 30 };
    expect(captionLines(english, attributionCaption(english, inEnglish, report))).toEqual([
      'Lumi · Each model’s share of credit, side by side · Channel',
      'KPI: Conversion value',
      `Period: ${octoberEn}`,
      'Filter: touches up to 30 days before',
    ]);
    expect(
      captionLines(
        chinese,
        attributionCaption(chinese, inChinese, { ...report, by: '渠道', measure: 'conversions' }),
      ),
    ).toEqual([
      'Lumi · 各模型的归因占比对比 · 渠道',
      '指标：转化数',
      `周期：${octoberZh}`,
      '筛选：回溯 30 天内的触点',
    ]);
  });

  it('says an experiment’s KPI, test days, treated locations and condition', () => {
    const experiment = {
      kpi: 'Conversions',
      test: october,
      treated: ['chengdu', 'wuhan'],
      filter: "channel = 'douyin'",
    };
    expect(captionLines(english, liftCaption(english, inEnglish, experiment))).toEqual([
      'Lumi · The treated locations’ mean and their synthetic control, day by day',
      'KPI: Conversions',
      `Period: ${octoberEn}`,
      "Filter: treated: chengdu, wuhan · channel = 'douyin'",
    ]);
    expect(
      captionLines(chinese, liftCaption(chinese, inChinese, { ...experiment, filter: undefined })),
    ).toEqual([
      'Lumi · 实验地区均值与合成对照的逐日走势',
      '指标：Conversions',
      `周期：${octoberZh}`,
      '筛选：实验地区：chengdu, wuhan',
    ]);
    // The gap chart says the same but its title.
    expect(captionLines(english, liftCaption(english, inEnglish, experiment, 'gap'))[0]).toBe(
      'Lumi · Treated minus synthetic control, day by day',
    );
    expect(captionLines(english, liftCaption(english, inEnglish, experiment, 'gap')).slice(1)).toEqual(
      captionLines(english, liftCaption(english, inEnglish, experiment)).slice(1),
    );
  });
});
