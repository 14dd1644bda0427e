import { describe, expect, it } from 'vitest';
import { MarkpiError } from '../errors.js';
import { analyzeHoldout, holdoutSampleSize, wilsonInterval } from './holdout.js';
import { sayLiftMessage } from './messages.js';
import { searchLift } from './search.js';
import { betaSampler, seededRandom } from './testing.js';

const Z975 = 1.959963984540054;

describe('holdout, figures worked by hand', () => {
  // 1,200 of 10,000 treated users converted (12%), 100 of 1,000 held out (10%).
  const result = analyzeHoldout({
    treatment: { users: 10_000, conversions: 1200 },
    control: { users: 1000, conversions: 100 },
    economics: { spend: 1000, valuePerUnit: 150 },
  });

  it('gives Wilson intervals, Newcombe’s difference interval and the Katz ratio interval', () => {
    // Wilson: centre (x + z²/2)/(n + z²), half-width z/(n + z²)·√(x(n − x)/n + z²/4).
    const wilson = (x: number, n: number) => {
      const centre = (x + Z975 ** 2 / 2) / (n + Z975 ** 2);
      const half = (Z975 / (n + Z975 ** 2)) * Math.sqrt((x * (n - x)) / n + Z975 ** 2 / 4);
      return [centre - half, centre + half] as const;
    };
    const [l1, u1] = wilson(1200, 10_000);
    const [l2, u2] = wilson(100, 1000);
    expect(l1).toBeCloseTo(0.1137763417, 9);
    expect(u2).toBeCloseTo(0.1201519632, 9);
    expect(result.treatmentRate).toMatchObject({
      value: 0.12,
      low: expect.closeTo(l1, 8),
      high: expect.closeTo(u1, 8),
    });
    expect(result.controlRate).toMatchObject({
      value: 0.1,
      low: expect.closeTo(l2, 8),
      high: expect.closeTo(u2, 8),
    });
    // Newcombe: 0.02 − √((0.12 − l1)² + (u2 − 0.10)²) … 0.02 + √((u1 − 0.12)² + (0.10 − l2)²).
    expect(result.difference.value).toBeCloseTo(0.02, 12);
    expect(result.difference.low).toBeCloseTo(-0.0010911248, 7);
    expect(result.difference.high).toBeCloseTo(0.0382904024, 7);
    // Katz: exp(ln 1.2 ± z·√(1/1200 − 1/10000 + 1/100 − 1/1000)) − 1.
    expect(result.relativeLift!.value).toBeCloseTo(0.2, 12);
    expect(result.relativeLift!.low).toBeCloseTo(-0.0109831382, 7);
    expect(result.relativeLift!.high).toBeCloseTo(0.4559913543, 7);
    // Incremental conversions: 0.02 × 10,000.
    expect(result.incremental.value).toBeCloseTo(200, 9);
    expect(result.incremental.low).toBeCloseTo(-10.911248, 4);
  });

  it('tests with the pooled two-proportion z and the exact Bayesian probability', () => {
    // Pooled rate 1300/11000; se = √(p̄q̄(1/10000 + 1/1000)); z = 1.86796526.
    expect(result.zTest.z).toBeCloseTo(1.8679652596, 9);
    expect(result.zTest.pValue).toBeCloseTo(0.0617669134, 6);
    // Beta(1201, 8801) against Beta(101, 901): 0.9687032134 by adaptive quadrature elsewhere.
    expect(result.bayes).toMatchObject({ method: 'closed_form', prior: { alpha: 1, beta: 1 } });
    expect(result.bayes.probabilityTreatmentBetter).toBeCloseTo(0.9687032134, 9);
  });

  it('matches a Monte Carlo of the posteriors within its error', () => {
    const draw = betaSampler(seededRandom(2026));
    const draws = 200_000;
    let wins = 0;
    for (let run = 0; run < draws; run++) if (draw(1201, 8801) > draw(101, 901)) wins++;
    const estimate = wins / draws;
    const error = Math.sqrt((estimate * (1 - estimate)) / draws);
    expect(Math.abs(result.bayes.probabilityTreatmentBetter - estimate)).toBeLessThan(4 * error);
    // With Jeffreys priors every parameter is fractional: quadrature, against its own Monte Carlo.
    const jeffreys = analyzeHoldout({
      treatment: { users: 400, conversions: 9 },
      control: { users: 300, conversions: 4 },
      prior: { alpha: 0.5, beta: 0.5 },
    });
    expect(jeffreys.bayes.method).toBe('quadrature');
    let jeffreysWins = 0;
    for (let run = 0; run < draws; run++) if (draw(9.5, 391.5) > draw(4.5, 296.5)) jeffreysWins++;
    const jeffreysEstimate = jeffreysWins / draws;
    const jeffreysError = Math.sqrt((jeffreysEstimate * (1 - jeffreysEstimate)) / draws);
    expect(Math.abs(jeffreys.bayes.probabilityTreatmentBetter - jeffreysEstimate)).toBeLessThan(
      4 * jeffreysError,
    );
    expect(jeffreys.notes.map((note) => note.key)).toContain('lift.note.small_counts');
  });

  it('prices the incremental conversions and says the result in both languages', () => {
    // 200 incremental conversions × 150 = 30,000 on 1,000 spent: iROAS 30, ROI 29, 5 per conversion.
    expect(result.economics!.incrementalRoas!.value).toBeCloseTo(30, 9);
    expect(result.economics!.incrementalRoi!.value).toBeCloseTo(29, 9);
    expect(result.economics!.costPerIncremental.value).toBeCloseTo(5, 9);
    expect(result.economics!.costPerIncremental.high).toBeNull();
    expect(sayLiftMessage(result.summary)).toBe(
      'conversion rate +20.0% against the holdout (95.0% interval −1.1% to +45.6%), p = 0.062; probability the treatment is better 96.9%',
    );
    expect(sayLiftMessage(result.summary, 'zh')).toBe(
      '转化率较对照组 +20.0%（95.0% 区间 −1.1% 至 +45.6%），p = 0.062；实验组更优的概率 96.9%',
    );
  });

  it('refuses impossible counts', () => {
    expect(() =>
      analyzeHoldout({ treatment: { users: 10, conversions: 11 }, control: { users: 0, conversions: 0 } }),
    ).toThrow(MarkpiError);
  });
});

describe('holdout sample size', () => {
  it('matches Fleiss’s formula by hand for an even split', () => {
    // p1 = 10%, p2 = 12%, p̄ = 11%: (1.959964·√(2·0.11·0.89) + 0.841621·√(0.09 + 0.1056))² / 0.02²
    // = 3840.85 per group.
    expect(holdoutSampleSize({ baselineRate: 0.1, minimumDetectableLift: 0.2 })).toEqual({
      treatment: 3841,
      control: 3841,
      total: 7682,
    });
    // A 10% holdout: N = 21,852.99 → 19,667.69 treated, 2,185.30 held out, each rounded up.
    expect(holdoutSampleSize({ baselineRate: 0.1, minimumDetectableLift: 0.2, treatmentShare: 0.9 })).toEqual(
      {
        treatment: 19_668,
        control: 2186,
        total: 21_854,
      },
    );
  });

  it('reaches the power it promises, by exact enumeration of binomial outcomes', () => {
    const { treatment: n } = holdoutSampleSize({ baselineRate: 0.2, minimumDetectableLift: 0.5 });
    const binomial = (count: number, p: number) => {
      const probabilities = new Float64Array(count + 1);
      probabilities[0] = (1 - p) ** count;
      for (let k = 1; k <= count; k++)
        probabilities[k] = (probabilities[k - 1]! * (count - k + 1) * p) / (k * (1 - p));
      return probabilities;
    };
    const treated = binomial(n, 0.3);
    const held = binomial(n, 0.2);
    const power = (size: number, t: Float64Array, c: Float64Array) => {
      let total = 0;
      for (let x = 0; x <= size; x++)
        for (let y = 0; y <= size; y++) {
          const pooled = (x + y) / (2 * size);
          const se = Math.sqrt(pooled * (1 - pooled) * (2 / size));
          if (se > 0 && Math.abs((x - y) / size / se) > Z975) total += t[x]! * c[y]!;
        }
      return total;
    };
    const exact = power(n, treated, held);
    expect(exact).toBeGreaterThan(0.78);
    expect(exact).toBeLessThan(0.83);
  });
});

describe('brand search lift (回搜率)', () => {
  it('compares the search-back rate with its matched baseline', () => {
    // Newcombe's worked example, 56/70 against 48/80: difference 0.2, interval 0.0524 to 0.3339.
    const result = searchLift({
      viewers: 70,
      searchersAfterViewing: 56,
      baseline: { users: 80, searchers: 48 },
    });
    expect(result.exposedRate.value).toBeCloseTo(0.8, 12);
    expect(result.difference.value).toBeCloseTo(0.2, 12);
    expect(result.difference.low).toBeCloseTo(0.0524314724, 7);
    expect(result.difference.high).toBeCloseTo(0.333872654, 7);
    expect(result.incrementalSearchers.value).toBeCloseTo(14, 9);
    expect(result.incrementalSearchers.low).toBeCloseTo(70 * 0.0524314724, 5);
    expect(result.relativeLift!.value).toBeCloseTo(1 / 3, 12);
    expect(wilsonInterval(56, 70, 0.95).low).toBeCloseTo(result.exposedRate.low, 12);
    expect(sayLiftMessage(result.summary, 'zh')).toMatch(/^观看后回搜率 80\.0%，匹配基线 60\.0%：\+33\.3%/);
  });

  it('has no relative lift when the baseline never searched', () => {
    const result = searchLift({
      viewers: 5000,
      searchersAfterViewing: 40,
      baseline: { users: 5000, searchers: 0 },
    });
    expect(result.relativeLift).toBeNull();
    expect(result.baselineRate.low).toBe(0);
    expect(result.summary.key).toBe('lift.search.summary_no_baseline');
    expect(result.pValue).toBeLessThan(1e-6);
  });
});
