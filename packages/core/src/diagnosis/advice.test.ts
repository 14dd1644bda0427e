import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { isMarkpiError, type MarkpiError } from '../errors.js';
import {
  type AdviceRuleInput,
  advise,
  BUILTIN_ADVICE_RULES,
  mergeAdviceRules,
  parseAdviceRules,
  REMEDY_PARAMS,
  remedyTemplates,
} from './advice.js';
import { belowTarget, FINDING_KINDS, type Finding } from './findings.js';
import { BUILTIN_FUNNELS, findFunnel } from './funnels.js';
import { DIAGNOSIS_TEMPLATES, sayDiagnosis } from './messages.js';
import { judgeFunnel } from './weakest-link.js';

const catalog = buildCatalog();
const paid = findFunnel(BUILTIN_FUNNELS, 'paid_conversion');

function errorOf(work: () => unknown): MarkpiError {
  try {
    work();
  } catch (error) {
    if (isMarkpiError(error)) return error;
    throw error;
  }
  throw new Error('expected a MarkpiError');
}

/** Weibo's CVR 0.9% → 0.25% with CTR held; peers at 3.5% (see funnels.test.ts). */
function weiboFindings(): Finding[] {
  return judgeFunnel({
    funnel: paid,
    catalog,
    subject: 'weibo',
    current: { impressions: 200_000, clicks: 4000, conversions: 10, spend: 8000 },
    previous: { impressions: 190_000, clicks: 4000, conversions: 36, spend: 5000 },
    peers: {
      douyin: { impressions: 400_000, clicks: 10_000, conversions: 350 },
      xiaohongshu: { impressions: 100_000, clicks: 2000, conversions: 80 },
      wechat: { impressions: 50_000, clicks: 1000, conversions: 30 },
    },
    grain: 'quarter',
  }).findings;
}

describe('advice with its evidence, in both languages', () => {
  it('a weak CVR: the landing page, the product presentation and the purchase flow', () => {
    const { advice, unanswered } = advise(weiboFindings(), { catalog });
    expect(unanswered).toEqual([]);
    expect(advice.map((entry) => entry.rule)).toEqual(['weak_conversion']);
    expect(advice[0]!.text).toEqual({
      en: "Weibo's CVR is 0.25% against its own 0.9% last quarter and 3.5% for peers, while CTR held: check the landing page, the product presentation and the purchase flow",
      zh: '微博的转化率为 0.25%，而其上季度为 0.9%、同类渠道为 3.5%，同时点击率持平：检查落地页、商品展示和购买流程',
    });
    // The message carries the numbers as parameters, so a client can say it its own way.
    const evidence = advice[0]!.message.params.finding as { params: Record<string, unknown> };
    expect(evidence.params).toMatchObject({ value: 0.0025, unit: 'percent' });
    expect(advice[0]!.message.params.remedy).toEqual({
      key: 'advice.weak_conversion',
      params: {
        subject: 'weibo',
        funnel: 'paid_conversion',
        from: 'clicks',
        to: 'conversions',
        kpi: 'cvr',
        value: 0.0025,
        unit: 'percent',
        reference: 0.009,
        gap: (advice[0]!.finding as { judged: { gap: number } }).judged.gap,
      },
    });
    // Said again from the message alone, with the rules' templates.
    expect(
      sayDiagnosis(advice[0]!.message, 'zh', { catalog, templates: remedyTemplates(BUILTIN_ADVICE_RULES) }),
    ).toBe(advice[0]!.text.zh);
  });

  it('a tracking break silences the advice a conversion collapse would get, and says why', () => {
    const findings = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'weibo',
      current: { impressions: 200_000, clicks: 4000, conversions: 3, spend: 5100 },
      previous: { impressions: 195_000, clicks: 3900, conversions: 40, spend: 5000 },
    }).findings;
    const result = advise(findings, { catalog });
    expect(result.advice.map((entry) => entry.rule)).toEqual(['tracking_break']);
    expect(result.overridden.map((entry) => [entry.rule, entry.by])).toEqual([
      ['weak_conversion', 'tracking_break'],
    ]);
    expect(result.advice[0]!.text).toEqual({
      en: "Weibo's conversions fell 93% while spend (+2.0%) and clicks (+2.6%) held: check the tracking — pixel, conversion events, attribution settings — before judging performance",
      zh: '微博的转化次数下降 93%，而消耗（+2.0%）、点击次数（+2.6%）基本持平：先检查数据追踪（像素、转化事件、归因设置），再判断投放效果',
    });
    // Another channel's weak step keeps its advice.
    const other = advise(
      [...findings, ...weiboFindings().map((finding) => ({ ...finding, subject: 'douyin' }))],
      {
        catalog,
      },
    );
    expect(other.advice.map((entry) => [entry.rule, entry.finding.subject])).toEqual([
      ['tracking_break', 'weibo'],
      ['weak_conversion', 'douyin'],
    ]);
  });

  it('ROAS short of its target: impressions and CTR, reach, visitors, inefficient channels', () => {
    const finding = belowTarget({ catalog, kpi: 'roas', subject: 'douyin', value: 2.1, target: 3 })!;
    expect(finding.gap).toBeCloseTo(-0.3, 12);
    const [advice] = advise([finding], { catalog }).advice;
    expect(advice!.text).toEqual({
      en: "Douyin's ROAS is 2.1× against the target 3× (−30%): check impressions and CTR first, then whether reach is too short, visitors are unqualified, or spend sits on inefficient channels",
      zh: '抖音的广告支出回报率为 2.1，目标为 3（−30%）：先检查曝光和点击率，再看触达是否不足、访客是否不够精准，以及预算是否花在低效渠道上',
    });
    expect(belowTarget({ catalog, kpi: 'roas', value: 3.2, target: 3 })).toBeNull();
  });

  it('a cost KPI above its target is short of it, and any KPI gets the general rule', () => {
    // CPA 60 against 50: 50 / 60 − 1 = −16.7% in CPA's direction (down).
    const finding = belowTarget({ catalog, kpi: 'cpa', value: 60, target: 50 })!;
    const [advice] = advise([finding], { catalog }).advice;
    expect(advice!.text).toEqual({
      en: 'CPA is 60 against the target 50 (−17%): take CPA apart by its formula and by channel to see which part fell short',
      zh: '每行动成本为 60，目标为 50（−17%）：按公式和渠道拆解每行动成本，找出未达标的部分',
    });
  });

  it('short exposure: budget, timing or channels', () => {
    const findings = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'douyin',
      current: { impressions: 100_000, clicks: 2000, conversions: 60 },
      previous: { impressions: 160_000, clicks: 3200, conversions: 96 },
      grain: 'month',
    }).findings;
    expect(advise(findings, { catalog }).advice.map((entry) => entry.text)).toEqual([
      {
        en: "Douyin's impressions came to 100,000 against its own 160,000 last month: raise the budget, move it to the hours and days the audience is active, or add channels",
        zh: '抖音的曝光量为 100,000，而其上月为 160,000：提高预算，把投放时段调整到受众活跃的时间，或增加投放渠道',
      },
    ]);
  });

  it('a low CTR gets creative advice, and a step without a rule of its own the general one', () => {
    const ctr = judgeFunnel({
      funnel: paid,
      catalog,
      current: { impressions: 100_000, clicks: 500, conversions: 10 },
      previous: { impressions: 100_000, clicks: 2000, conversions: 40 },
    }).findings;
    expect(advise(ctr, { catalog }).advice[0]!.text.en).toBe(
      'CTR is 0.5% against its own 2% the previous period: refresh the creative: the title, the cover and images, the first seconds',
    );
    const custom = parseAdviceRules([]);
    const seeding = judgeFunnel({
      funnel: findFunnel(BUILTIN_FUNNELS, 'seeding'),
      catalog,
      current: { impressions: 100_000, brand_searches: 1000, store_visits: 100, conversions: 10 },
      previous: { impressions: 100_000, brand_searches: 1000, store_visits: 400, conversions: 40 },
    }).findings;
    const rules = mergeAdviceRules(custom).filter((entry) => entry.id !== 'weak_store_visit');
    expect(advise(seeding, { catalog, rules }).advice.map((entry) => [entry.rule, entry.text.en])).toEqual([
      [
        'weak_step',
        'Store visitors per brand searches after viewing is 10% against its own 40% the previous period, while brand searches after viewing per impressions held: look at what stops people between brand searches after viewing and store visitors',
      ],
    ]);
  });
});

describe('rules as data', () => {
  it('has templates in both languages for every key and format it uses', () => {
    for (const [key, template] of Object.entries(DIAGNOSIS_TEMPLATES)) {
      expect(template.en.length, key).toBeGreaterThan(0);
      expect(template.zh.length, key).toBeGreaterThan(0);
      const names = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]).sort();
      expect(names(template.zh), key).toEqual(names(template.en));
    }
    for (const rule of BUILTIN_ADVICE_RULES) expect(FINDING_KINDS).toContain(rule.finding);
    expect(Object.keys(REMEDY_PARAMS).sort()).toEqual([...FINDING_KINDS].sort());
  });

  it('lets a workspace replace a remedy and add a rule that names the finding’s numbers', () => {
    const workspace: AdviceRuleInput[] = [
      {
        id: 'weak_conversion',
        finding: 'weak_step',
        to: ['conversions'],
        priority: 10,
        text: { en: 'ask the shop team to test the checkout', zh: '请店铺团队测试下单流程' },
      },
      {
        id: 'cvr_collapse',
        finding: 'weak_step',
        kpis: ['cvr'],
        minGap: 0.5,
        priority: 20,
        text: {
          en: 'CVR is {gap, changeSize} under {reference, percent}: pause the campaign until the store is checked',
          zh: '转化率比 {reference, percent} 低 {gap, changeSize}：先暂停投放，检查店铺',
        },
      },
    ];
    const rules = mergeAdviceRules(parseAdviceRules(workspace));
    expect(rules.map((entry) => entry.id)).toEqual([
      ...BUILTIN_ADVICE_RULES.map((entry) => entry.id),
      'cvr_collapse',
    ]);
    expect(rules.find((entry) => entry.id === 'weak_conversion')!.text.en).toBe(
      'ask the shop team to test the checkout',
    );
    const [advice] = advise(weiboFindings(), { catalog, rules }).advice;
    expect(advice!.rule).toBe('cvr_collapse');
    expect(advice!.text.en).toBe(
      "Weibo's CVR is 0.25% against its own 0.9% last quarter and 3.5% for peers, while CTR held: CVR is 72% under 0.9%: pause the campaign until the store is checked",
    );
    expect(advice!.text.zh).toBe(
      '微博的转化率为 0.25%，而其上季度为 0.9%、同类渠道为 3.5%，同时点击率持平：转化率比 0.9% 低 72%：先暂停投放，检查店铺',
    );
    // Above its minimum gap only: a CVR 30% short gets the replaced remedy.
    const milder = weiboFindings().map((finding) =>
      finding.kind === 'weak_step' ? { ...finding, judged: { ...finding.judged, gap: -0.3 } } : finding,
    );
    expect(advise(milder, { catalog, rules }).advice[0]!.rule).toBe('weak_conversion');
  });

  it('reports every problem of a workspace’s rules with its place', () => {
    const error = errorOf(() =>
      parseAdviceRules(
        [
          {
            id: 'a',
            finding: 'below_target',
            to: ['clicks'],
            text: { en: 'fix {channel}', zh: '按{value, money}修正' },
          },
          { id: 'b', finding: 'hunch', text: { en: 'x', zh: '甲' } },
          { id: 'c', finding: 'low_exposure', text: { en: 'x', zh: '甲' } },
          { id: 'c', finding: 'low_exposure', text: { en: 'y', zh: '乙' } },
        ],
        'markpi.yaml',
      ),
    );
    expect(error.code).toBe('invalid_advice_rules');
    expect(error.problems.map((problem) => [problem.path, problem.message])).toEqual([
      [
        'advice[0].text.en',
        'a below_target finding has no `channel` (it has subject, kpi, value, target, unit, gap)',
      ],
      ['advice[0].text.zh', 'unknown format `money`'],
      ['advice[0].finding', '`from` and `to` narrow weak steps only'],
      ['advice[1].finding', expect.stringContaining('Invalid option') as unknown as string],
    ]);
    expect(error.problems.every((problem) => problem.file === 'markpi.yaml')).toBe(true);
    const twice = errorOf(() =>
      parseAdviceRules([
        { id: 'c', finding: 'low_exposure', text: { en: 'x', zh: '甲' } },
        { id: 'c', finding: 'low_exposure', text: { en: 'y', zh: '乙' } },
      ]),
    );
    expect(twice.problems).toEqual([{ message: 'rule `c` is defined twice', path: 'advice[1].id' }]);
  });

  it('leaves a finding no rule fits unanswered', () => {
    const rules = BUILTIN_ADVICE_RULES.filter((entry) => entry.finding !== 'below_target');
    const finding = belowTarget({ catalog, kpi: 'cpa', value: 60, target: 50 })!;
    expect(advise([finding], { rules })).toEqual({ advice: [], overridden: [], unanswered: [finding] });
  });
});
