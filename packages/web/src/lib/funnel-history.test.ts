import { describe, expect, it } from 'vitest';
import type { Overview, WeakestLink } from '../api/types';
import { isSingleChannel, judgeStages } from './funnel-history';

/** Weibo alone in scope, 2026-10-02 to 2026-10-31 of the demo (figures as the API sent them). */
const stage = (
  name: 'exposure' | 'click' | 'conversion',
  kpi: string,
  value: number,
  rateKpi: string | null,
) => {
  const rate = rateKpi === 'ctr' ? 75_565 / 5_523_563 : rateKpi === 'cvr' ? 220 / 75_565 : null;
  return {
    stage: name,
    kpi,
    value,
    rateKpi,
    rate,
    // The median of one channel is the channel: every rate is "at the median".
    medianRate: rate,
    relativeToMedian: rate === null ? null : 1,
    weakest: name === 'click',
  };
};
const funnel: Overview['funnel'] = {
  channels: [
    {
      channel: 'weibo',
      stages: [
        stage('exposure', 'impressions', 5_523_563, null),
        stage('click', 'clicks', 75_565, 'ctr'),
        stage('conversion', 'conversions', 220, 'cvr'),
      ],
      weakestStage: 'click',
    },
  ],
  medians: { ctr: 75_565 / 5_523_563, cvr: 220 / 75_565 },
  weakest: { channel: 'weibo', stage: 'click', relativeToMedian: 1 },
};

const own = (value: number, previous: number, lastYear: number) => [
  { basis: 'previous_period' as const, reference: previous, gap: value / previous - 1 },
  { basis: 'same_period_last_year' as const, reference: lastYear, gap: value / lastYear - 1 },
];
const ctr = 75_565 / 5_523_563;
const cvr = 220 / 75_565;
const ctrBefore = 70_298 / 5_121_973;
const cvrBefore = 227 / 70_298;

function answer(weakest: number | null): WeakestLink {
  const said = { message: { key: 'k', params: {} }, text: { en: 'e', zh: 'z' } };
  const ctrComparisons = own(ctr, ctrBefore, 452_455 / 31_123_248);
  const cvrComparisons = own(cvr, cvrBefore, 1819 / 452_455);
  return {
    funnel: { id: 'paid_conversion', name: { en: '', zh: '' } },
    window: { from: '2026-10-02', to: '2026-10-31' },
    previous: { from: '2026-09-02', to: '2026-10-01' },
    lastYear: { from: '2025-10-02', to: '2025-10-31' },
    filter: "channel = 'weibo'",
    order: ['peers', 'previous_period', 'same_period_last_year', 'benchmark'],
    channels: [
      {
        channel: 'weibo',
        stages: [],
        steps: [
          {
            from: 'impressions',
            to: 'clicks',
            kpi: 'ctr',
            unit: 'percent',
            value: ctr,
            comparisons: ctrComparisons,
            judged: ctrComparisons[0]!,
          },
          {
            from: 'clicks',
            to: 'conversions',
            kpi: 'cvr',
            unit: 'percent',
            value: cvr,
            comparisons: cvrComparisons,
            judged: cvrComparisons[0]!,
          },
        ],
        exposure: [],
        weakest,
      },
    ],
    weakest: null,
    summary: said,
    findings: [],
    advice: [],
    notes: [],
    warnings: [],
  };
}

describe('a funnel with one channel', () => {
  it('is told apart from a funnel of several', () => {
    expect(isSingleChannel(funnel)).toBe(true);
    expect(isSingleChannel({ ...funnel, channels: [...funnel.channels, funnel.channels[0]!] })).toBe(false);
    expect(isSingleChannel({ ...funnel, channels: [] })).toBe(false);
  });

  it('takes each step’s judgement against its own history, not the median of itself', () => {
    const stages = judgeStages(funnel, answer(1));
    expect(stages.map((entry) => [entry.stage, entry.kpi, entry.weakest])).toEqual([
      ['click', 'ctr', false],
      ['conversion', 'cvr', true],
    ]);
    // By hand: CTR 1.368% against 1.372% the month before is 0.32% short; CVR 0.2911% against
    // 0.3229% is 9.84% short, the weakest step: the median would have called the CTR weakest, at 0%.
    expect(stages[0]!.judged?.gap).toBeCloseTo(-0.003228, 5);
    expect(stages[1]!.judged?.gap).toBeCloseTo(-0.098389, 5);
    expect(stages[1]!.judged?.basis).toBe('previous_period');
    expect(stages[1]!.value).toBeCloseTo(0.0029114, 6);
  });

  it('marks no step weakest when none is below what it is judged by', () => {
    expect(judgeStages(funnel, answer(null)).some((entry) => entry.weakest)).toBe(false);
    // A step named weakest whose gap is not negative is not shown as weak.
    const above = answer(0);
    const step = above.channels[0]!.steps[0]!;
    step.judged = { basis: 'previous_period', reference: ctr / 1.05, gap: 0.05 };
    expect(judgeStages(funnel, above).some((entry) => entry.weakest)).toBe(false);
    // The answer for another channel says nothing about this one.
    expect(
      judgeStages({ ...funnel, channels: [{ ...funnel.channels[0]!, channel: 'douyin' }] }, answer(1)),
    ).toEqual([]);
  });
});
