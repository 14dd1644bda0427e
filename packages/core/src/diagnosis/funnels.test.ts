import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { isMarkpiError, type MarkpiError } from '../errors.js';
import { parseBenchmarks } from '../targets/baselines.js';
import { detectTrackingBreak } from './findings.js';
import {
  BUILTIN_FUNNELS,
  findFunnel,
  funnelProblems,
  funnelSchema,
  mergeFunnels,
  parseFunnels,
} from './funnels.js';
import { sayBoth } from './messages.js';
import { judgeFunnel, judgeFunnelByChannel } from './weakest-link.js';

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

/** Weibo this quarter and last: CTR 2.11% → 2.00% (held), CVR 0.9% → 0.25%, spend up 60%. */
const weibo = {
  current: { impressions: 200_000, clicks: 4000, conversions: 10, spend: 8000 },
  previous: { impressions: 190_000, clicks: 4000, conversions: 36, spend: 5000 },
};
/** Peers' CVR: 3.5%, 4% and 3%: median 3.5%. */
const peers = {
  douyin: { impressions: 400_000, clicks: 10_000, conversions: 350 },
  xiaohongshu: { impressions: 100_000, clicks: 2000, conversions: 80 },
  wechat: { impressions: 50_000, clicks: 1000, conversions: 30 },
};

describe('funnels as data', () => {
  it('ships funnels that pass their own schema, and names each stage’s measure', () => {
    for (const funnel of BUILTIN_FUNNELS) expect(funnelSchema.parse(funnel)).toEqual(funnel);
    expect(BUILTIN_FUNNELS.map((funnel) => funnel.id)).toEqual([
      'paid_conversion',
      'store_lead',
      'store_order',
      'seeding',
      'o5a',
    ]);
    expect(findFunnel(BUILTIN_FUNNELS, 'seeding').stages.map((stage) => stage.name.zh)).toEqual([
      '种草曝光',
      '回搜',
      '进店',
      '购买',
    ]);
    expect(errorOf(() => findFunnel(BUILTIN_FUNNELS, 'seding')).problems[0]?.hint).toBe(
      'did you mean `seeding`?',
    );
  });

  it('declares O-5A with measures a workspace must add, and finds them once it has', () => {
    const o5a = findFunnel(BUILTIN_FUNNELS, 'o5a');
    expect(funnelProblems(o5a, catalog).map((problem) => problem.message)).toEqual(
      ['a1', 'a2', 'a3', 'a4', 'a5'].map(
        (stage) => `funnel \`o5a\` needs the measure \`${stage}_users\`, which this workspace does not have`,
      ),
    );
    expect(errorOf(() => judgeFunnel({ funnel: o5a, catalog, current: {} })).code).toBe(
      'funnel_measures_missing',
    );
    const withStages = buildCatalog({
      measures: ['a1', 'a2', 'a3', 'a4', 'a5'].map((stage) => ({
        id: `${stage}_users`,
        fact: 'audience_stages',
        column: 'users',
        aggregation: 'snapshot',
        unit: 'count',
        name: { en: `${stage.toUpperCase()} users`, zh: `${stage.toUpperCase()} 人数` },
        filter: `stage = '${stage}'`,
      })),
    });
    expect(funnelProblems(o5a, withStages)).toEqual([]);
    const report = judgeFunnel({
      funnel: o5a,
      catalog: withStages,
      current: { a1_users: 1000, a2_users: 400, a3_users: 40, a4_users: 10, a5_users: 5 },
      previous: { a1_users: 1000, a2_users: 400, a3_users: 100, a4_users: 25, a5_users: 5 },
    });
    // A2 → A3: 10% against 25% (−60%); A3 → A4: 25% against 25%; A4 → A5: 50% against 20% (+150%).
    expect(report.weakest).toBe(1);
    expect(report.steps.map((step) => [step.kpi, step.value, Number(step.judged?.gap.toFixed(12))])).toEqual([
      [undefined, 0.4, 0],
      [undefined, 0.1, -0.6],
      [undefined, 0.25, 0],
      [undefined, 0.5, 1.5],
    ]);
    expect(sayBoth(report.findings[0]!.evidence, { catalog: withStages })).toEqual({
      en: 'A3 users per A2 users is 10% against its own 25% the previous period, while A2 users per A1 users held',
      zh: 'A2 人数到A3 人数的转化率为 10%，而其上期为 25%，同时A1 人数到A2 人数的转化率持平',
    });
  });

  it('reads a workspace’s funnels with every problem placed, and lets them replace built-ins', () => {
    const mine = parseFunnels([
      {
        id: 'paid_conversion',
        name: { en: 'Exposure → view → click', zh: '曝光 → 播放 → 点击' },
        stages: [
          { id: 'exposure', name: { en: 'Exposure', zh: '曝光' }, measure: 'impressions' },
          { id: 'view', name: { en: 'View', zh: '播放' }, measure: 'video_views' },
          { id: 'click', name: { en: 'Click', zh: '点击' }, measure: 'clicks' },
        ],
      },
    ]);
    const merged = mergeFunnels(mine);
    expect(merged.map((funnel) => funnel.id)).toEqual([
      'store_lead',
      'store_order',
      'seeding',
      'o5a',
      'paid_conversion',
    ]);
    const error = errorOf(() =>
      parseFunnels(
        [
          {
            id: 'a',
            name: { en: 'A', zh: '甲' },
            stages: [{ id: 's', name: { en: 'S', zh: '乙' }, measure: 'clicks' }],
          },
          {
            id: 'b',
            name: { en: 'B', zh: '乙' },
            stages: [
              { id: 's', name: { en: 'S', zh: '乙' }, measure: 'clicks' },
              { id: 't', name: { en: 'T', zh: '丙' }, measure: 'clicks' },
            ],
            cost: 'spend',
          },
        ],
        'markpi.yaml',
      ),
    );
    expect(error.code).toBe('invalid_funnels');
    expect(error.problems.map((problem) => [problem.path, problem.message, problem.file])).toEqual([
      ['funnels[0].stages', 'at least two stages', 'markpi.yaml'],
      ['funnels[1].stages[1].measure', '`clicks` is already stage `s`', 'markpi.yaml'],
    ]);
  });
});

describe('the weakest link', () => {
  it('judges Weibo’s CVR against its own last quarter and its peers, and says CTR held', () => {
    const report = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'weibo',
      ...weibo,
      peers,
      grain: 'quarter',
    });
    expect(report.steps.map((step) => step.kpi)).toEqual(['ctr', 'cvr']);
    const cvr = report.steps[1]!;
    expect(cvr.value).toBe(0.0025);
    expect(cvr.comparisons.map((entry) => [entry.basis, entry.reference, entry.peers])).toEqual([
      ['previous_period', 0.009, undefined],
      ['peers', 0.035, 3],
    ]);
    // 0.25% against 0.9%: 0.0025 / 0.009 − 1 = −72.2%, judged by its own history first.
    expect(cvr.judged?.basis).toBe('previous_period');
    expect(cvr.judged?.gap).toBeCloseTo(0.0025 / 0.009 - 1, 12);
    expect(report.weakest).toBe(1);
    expect(report.findings.map((finding) => finding.kind)).toEqual(['weak_step']);
    expect(sayBoth(report.findings[0]!.evidence, { catalog })).toEqual({
      en: "Weibo's CVR is 0.25% against its own 0.9% last quarter and 3.5% for peers, while CTR held",
      zh: '微博的转化率为 0.25%，而其上季度为 0.9%、同类渠道为 3.5%，同时点击率持平',
    });
  });

  it('never counts a channel among its own peers: alone, it is judged by its history', () => {
    const [alone] = judgeFunnelByChannel({ funnel: paid, catalog }, [{ channel: 'weibo', ...weibo }]);
    expect(alone!.steps.flatMap((step) => step.comparisons.map((entry) => entry.basis))).toEqual([
      'previous_period',
      'previous_period',
    ]);
    const withSelf = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'weibo',
      ...weibo,
      peers: { weibo: weibo.current },
    });
    expect(withSelf.steps.every((step) => step.comparisons.every((entry) => entry.basis !== 'peers'))).toBe(
      true,
    );
    // Nothing to judge against at all: no finding, and a note saying so.
    const bare = judgeFunnel({ funnel: paid, catalog, subject: 'weibo', current: weibo.current });
    expect([bare.weakest, bare.findings]).toEqual([null, []]);
    expect(sayBoth(bare.notes[0]!, { catalog }).en).toBe(
      'No history, peers or benchmark to judge CTR against',
    );
  });

  it('judges every channel against the others, by the order asked for', () => {
    const reports = judgeFunnelByChannel({ funnel: paid, catalog, order: ['peers'] }, [
      { channel: 'weibo', current: weibo.current },
      ...Object.entries(peers).map(([channel, current]) => ({ channel, current })),
    ]);
    // Weibo's peers: 3.5%, 4%, 3% → 3.5%. Douyin's: 0.25%, 4%, 3% → 3%.
    expect(reports.map((report) => [report.subject, report.steps[1]!.judged?.reference])).toEqual([
      ['weibo', 0.035],
      ['douyin', 0.03],
      ['xiaohongshu', 0.03],
      ['wechat', 0.035],
    ]);
    expect(reports[0]!.findings[0]!.kind).toBe('weak_step');
  });

  it('uses a benchmark row for the channel before the general one, and says its source', () => {
    const benchmarks = parseBenchmarks([
      { kpi: 'cvr', value: 0.02, source: 'Industry report 2025' },
      { kpi: 'cvr', segment: 'weibo', value: 0.015, source: 'Weibo ads handbook' },
      { kpi: 'ctr', value: 0.01, source: 'Industry report 2025' },
    ]);
    const report = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'weibo',
      current: weibo.current,
      benchmarks,
      order: ['benchmark'],
    });
    expect(report.steps.map((step) => [step.judged?.reference, step.judged?.source])).toEqual([
      [0.01, 'Industry report 2025'],
      [0.015, 'Weibo ads handbook'],
    ]);
    expect(sayBoth(report.findings[0]!.evidence, { catalog }).en).toBe(
      "Weibo's CVR is 0.25% against 1.5% in the benchmark (Weibo ads handbook)",
    );
    expect(
      errorOf(() => judgeFunnel({ funnel: paid, catalog, current: {}, order: ['rivals' as 'peers'] })).code,
    ).toBe('invalid_comparison_basis');
  });

  it('finds short exposure against the same period last year', () => {
    const report = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'douyin',
      current: { impressions: 100_000, clicks: 2000, conversions: 60 },
      lastYear: { impressions: 250_000, clicks: 5000, conversions: 150 },
    });
    expect(report.findings.map((finding) => finding.kind)).toEqual(['low_exposure']);
    expect(sayBoth(report.findings[0]!.evidence, { catalog })).toEqual({
      en: "Douyin's impressions came to 100,000 against its own 250,000 the same period last year",
      zh: '抖音的曝光量为 100,000，而其去年同期为 250,000',
    });
  });

  it('sees a tracking break: conversions collapse while spend and clicks hold', () => {
    const report = judgeFunnel({
      funnel: paid,
      catalog,
      subject: 'weibo',
      current: { impressions: 200_000, clicks: 4000, conversions: 3, spend: 5100 },
      previous: { impressions: 195_000, clicks: 3900, conversions: 40, spend: 5000 },
    });
    expect(report.findings.map((finding) => finding.kind)).toEqual(['tracking_break', 'weak_step']);
    expect(sayBoth(report.findings[0]!.evidence, { catalog })).toEqual({
      en: "Weibo's conversions fell 93% while spend (+2.0%) and clicks (+2.6%) held",
      zh: '微博的转化次数下降 93%，而消耗（+2.0%）、点击次数（+2.6%）基本持平',
    });
    // Spend moved 30%: performance, not tracking.
    expect(
      detectTrackingBreak({
        current: { conversions: 3, spend: 6500, clicks: 4000 },
        previous: { conversions: 40, spend: 5000, clicks: 3900 },
      }),
    ).toBeNull();
    // Conversions fell 60%: not a collapse.
    expect(
      detectTrackingBreak({
        current: { conversions: 16, spend: 5000, clicks: 4000 },
        previous: { conversions: 40, spend: 5000, clicks: 4000 },
      }),
    ).toBeNull();
  });
});
