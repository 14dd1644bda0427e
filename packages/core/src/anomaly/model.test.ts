import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from './distributions.js';
import {
  CHI2_MEDIAN,
  countVariance,
  cusumRunLength,
  dispersionCrossing,
  highestRate,
  type ModelSettings,
  type ModelSlot,
  PRIOR_WOBBLE,
  PRIOR_WOBBLE_DEGREES,
  pooledWobble,
  residualDegrees,
  runModel,
  sustainedHeight,
  weightedMedian,
  wobbleTail,
} from './model.js';
import { degreesForRatio, studentUpperTail, TailWeight, tailRatio } from './tails.js';

/** A seeded generator for the simulations below (Park–Miller). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

const plain = (y: number): ModelSlot => ({ y, exposure: 1, phase: -1, weekday: -1, event: null });

describe('a prediction and its band, by hand', () => {
  it('four counts of 100: expected 100, the prior wobble over 2.03 residual degrees, q = 0.0058666, band from the negative binomial of those moments', () => {
    // No phase, equal weights, trend covariates c = −1, −¾, −½, −¼. Every residual is 0: no
    // wobble measured. The wobble's fit (Poisson weights μ = 100, the trend nearly free: precision
    // 1) has A = [[400, −250], [−250, 188.5]], det 12,900, leverages 100 · (188.5 + 500c + 400c²)
    // / 12,900 = 8,850, 3,850, 3,850, 8,850 over 12,900: they spend 25,400 / 12,900 of the 4
    // slots, leaving ν = 26,200 / 12,900 = 2.031. Pooled with the prior (2 residuals at 0.0025):
    // v = 0.005 / (ν + 2) = 64.5 / 52,000. The prediction's weights are then μ² / (μ + v μ²) =
    // 52,000 / 584.5 = w, and with the trend prior's precision 100 (sd 0.1 per window)
    //   XᵀWX + Λ = [[4w, −2.5w], [−2.5w, 1.875w + 100]],  q = (1.875w + 100) / (1.25w² + 400w) = 0.0058666.
    // Var = μ + ((1 + v) e^q − 1) μ² = 100 + 71.32 = 171.32.
    const settings: ModelSettings = {
      family: 'count',
      phases: 0,
      weekdays: false,
      window: 4,
      halfLife: 1e15,
      warmup: 4,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 0.01,
      bands: true,
    };
    const scores = runModel([100, 100, 100, 100, 100].map(plain), settings);
    const last = scores[4]!;
    const w = 52_000 / 584.5;
    const q = (1.875 * w + 100) / (1.25 * w * w + 400 * w);
    expect(q).toBeCloseTo(0.0058666, 7);
    expect(last.expected).toBeCloseTo(100, 8);
    const wobble = 64.5 / 52_000;
    expect(last.wobble).toBeCloseTo(wobble, 12);
    expect(last.uncertainty).toBeCloseTo(q, 10);
    const variance = 100 + ((1 + wobble) * Math.exp(q) - 1) * 100 * 100;
    expect(variance).toBeCloseTo(171.315, 3);
    // Band: values that don't alert on their own, between the α/4 and 1 − α/4 quantiles of the
    // negative binomial with size r = μ² / (Var − μ), summed here term by term.
    const size = 100 ** 2 / (variance - 100);
    const p = size / (size + 100);
    const pmf: number[] = [Math.exp(size * Math.log(p))];
    for (let k = 0; k < 400; k++) pmf.push((pmf[k]! * (k + size) * (1 - p)) / (k + 1));
    let cumulative = 0;
    let low = -1;
    let high = -1;
    for (let k = 0; k < pmf.length; k++) {
      cumulative += pmf[k]!;
      if (low < 0 && cumulative >= 0.0025) low = k;
      if (high < 0 && cumulative >= 0.9975) high = k;
    }
    expect([last.low, last.high]).toEqual([low, high]);
    expect(low).toBeGreaterThan(55);
    expect(high).toBeLessThan(150);
  });

  it('continues a weekly pattern and a trend within a fifth of a percent when the data have no noise', () => {
    // Weekdays 100, weekends 50, growing 1% a day: slot 69 (a Sunday) is 50 · e^0.69 = 99.6858.
    // (The prior wobble leaves the trend's prior, sd 0.1 per window, a little pull on a trend of
    // 0.56 per window.)
    const pattern = [100, 100, 100, 100, 100, 50, 50];
    const slots = Array.from({ length: 70 }, (_, t) => ({
      y: pattern[t % 7]! * Math.exp(0.01 * t),
      exposure: 1,
      phase: t % 7,
      weekday: -1,
      event: null,
    }));
    const scores = runModel(slots, {
      family: 'amount',
      phases: 7,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    });
    expect(Math.abs(scores[69]!.expected! / 99.6858 - 1)).toBeLessThan(0.002);
    expect(Math.abs(scores[68]!.expected! / (50 * Math.exp(0.68)) - 1)).toBeLessThan(0.002);
    expect(Math.abs(scores[66]!.expected! / (100 * Math.exp(0.66)) - 1)).toBeLessThan(0.002);
    // Just after warm-up the trend's prior holds the fit 6% under the growth (two weeks at the
    // prior wobble are little support for 1% a day): within its band, never near an alert.
    expect(scores.slice(14).every((score) => score.p > 0.05)).toBe(true);
    expect(scores.slice(0, 14).every((score) => score.status === 'warmup')).toBe(true);
  });
});

describe('ratio uncertainty', () => {
  it('a CTR of 1% wobbling by 20%: Var(k/n) = r(1 − r)/n + (1 − 1/n) v r², by hand', () => {
    const rate = 0.01;
    const wobble = 0.04;
    const ratioVariance = (n: number) => countVariance('binomial', n * rate, n, wobble) / (n * n);
    // 40 impressions: 0.0099/40 + 0.975 · 0.04 · 1e-4 = 2.475e-4 + 3.9e-6 = 2.514e-4: counting dominates.
    expect(ratioVariance(40)).toBeCloseTo(2.514e-4, 9);
    // 4M impressions: 2.475e-9 + 4e-6 · (1 − 2.5e-7) = 4.002475e-6: the wobble dominates.
    expect(ratioVariance(4e6)).toBeCloseTo(4.002475e-6, 11);
    // A gamma-Poisson count: μ + v μ²; an amount: v μ².
    expect(countVariance('count', 50, 1, 0.04)).toBe(50 + 0.04 * 2500);
    expect(countVariance('amount', 50, 1, 0.04)).toBe(100);
  });

  it('keeps a rate of every trial succeeding half a trial away from 1', () => {
    // Two trials, both expected to succeed: the rate is taken as 1 − 0.5/3, Var = 2 · (0.5/3) = 1/3.
    expect(highestRate(2)).toBeCloseTo(1 - 0.5 / 3, 15);
    expect(countVariance('binomial', 2, 2, 0)).toBeCloseTo(1 / 3, 12);
    // At a million trials the floor is below the counting noise of any real rate.
    expect(countVariance('binomial', 5e5, 1e6, 0)).toBe(5e5 * 0.5);
  });

  it('does not call one miss out of two news after weeks of two out of two', () => {
    const settings: ModelSettings = {
      family: 'binomial',
      phases: 0,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    };
    const slots: ModelSlot[] = Array.from({ length: 40 }, (_, t) => ({
      y: t === 39 ? 1 : 2,
      exposure: 2,
      phase: -1,
      weekday: -1,
      event: null,
    }));
    const last = runModel(slots, settings)[39]!;
    expect(last.status).toBe('scored');
    expect(last.p).toBeGreaterThan(1e-3);
  });
});

describe('the wobble, solved from residuals', () => {
  it('is the weighted median of each residual’s crossing: the median ratio is then χ²₁’s (against bisection)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            mean: fc.double({ min: 1, max: 1e5, noNaN: true }),
            residual: fc.double({ min: -3, max: 3, noNaN: true }),
            weight: fc.double({ min: 0.1, max: 1, noNaN: true }),
          }),
          { minLength: 5, maxLength: 40 },
        ),
        (rows) => {
          // Residuals of a few sds of a 20% wobble around the mean: some below Poisson, most above.
          const squared = rows.map((row) => (row.residual * 0.2 * row.mean) ** 2);
          const weights = Float64Array.from(rows, (row) => row.weight);
          const crossings = Float64Array.from(rows, (row, j) =>
            dispersionCrossing('count', row.mean, 1, squared[j]!),
          );
          const solved = Math.max(0, weightedMedian(crossings, weights, rows.length));
          const medianRatio = (v: number) =>
            weightedMedian(
              Float64Array.from(rows, (row, j) => squared[j]! / countVariance('count', row.mean, 1, v)),
              weights,
              rows.length,
            );
          // Bisection on v for the ratio to cross χ²₁'s median, written independently.
          let low = 0;
          let high = 100;
          if (medianRatio(0) <= CHI2_MEDIAN) high = 0;
          for (let round = 0; round < 200; round++) {
            const middle = (low + high) / 2;
            if (medianRatio(middle) > CHI2_MEDIAN) low = middle;
            else high = middle;
          }
          expect(solved).toBeCloseTo(high, 6);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('a wobble measured from few residuals', () => {
  it('counts residual degrees as the effective slots less the leverages, by hand', () => {
    // Equal weights: 4 slots; weights 1 and ½: (1.5)² / 1.25 = 1.8 slots.
    expect(residualDegrees(4, 4, 25_400 / 12_900)).toBeCloseTo(26_200 / 12_900, 12);
    expect(residualDegrees(1.5, 1.25, 0)).toBeCloseTo(1.8, 12);
    // A fit that spends more than its slots has none left.
    expect(residualDegrees(3, 3, 3.5)).toBe(0);
    expect(residualDegrees(0, 0, 0)).toBe(0);
  });

  it('pools the measured wobble with the prior by degrees: v = (ν v̂ + 2 · 0.0025) / (ν + 2), by hand', () => {
    expect(PRIOR_WOBBLE).toBe(0.0025);
    expect(PRIOR_WOBBLE_DEGREES).toBe(2);
    // 8 residuals measuring 1%: (0.08 + 0.005) / 10.
    expect(pooledWobble(0.01, 8)).toBeCloseTo(0.0085, 15);
    // None: the prior alone; 198: the measure weighs 99%.
    expect(pooledWobble(0.3, 0)).toBe(0.0025);
    expect(pooledWobble(0.0001, 198)).toBeCloseTo((198 * 0.0001 + 0.005) / 200, 15);
  });

  it('is the scale of the scaled inverse-χ² posterior: E[1/v] = 1/v by quadrature of prior × likelihood', () => {
    // Prior v ~ Scaled-Inv-χ²(ν₀ = 2, v₀ = 0.0025); ν normal residuals whose squares sum to ν v̂.
    // The posterior density ∝ v^−((ν₀+ν)/2+1) · e^−(ν₀v₀ + νv̂)/2v; its E[1/v] is 1 / its scale,
    // integrated here on a log grid of v, written independently of the model.
    for (const [measured, degrees] of [
      [0.0001, 3],
      [0.04, 5],
      [0.0025, 12],
      [0.01, 40.5],
    ] as const) {
      const shape = (PRIOR_WOBBLE_DEGREES + degrees) / 2;
      const rate = (PRIOR_WOBBLE_DEGREES * PRIOR_WOBBLE + degrees * measured) / 2;
      let mass = 0;
      let inverse = 0;
      for (let step = 0; step <= 40_000; step++) {
        const v = Math.exp(-20 + (step / 40_000) * 25);
        // Density in v times dv = v d(log v).
        const weight = Math.exp(-(shape + 1) * Math.log(v) - rate / v) * v;
        mass += weight;
        inverse += weight / v;
      }
      expect(mass / inverse / pooledWobble(measured, degrees)).toBeCloseTo(1, 6);
    }
  });

  it('reads the wobble’s score on Student t with the posterior’s degrees when that is heavier (t tables)', () => {
    const tails = new TailWeight();
    // P(T₃ ≥ 5) = ½ − (atan(5/√3) + (5/√3)/(1 + 25/3))/π = 0.0076962: two-sided 0.015392.
    expect(wobbleTail(tails, 5, 3)).toBeCloseTo(0.015392, 6);
    // With a thousand degrees the series' own tails (ν = 5 before any history) are heavier.
    expect(wobbleTail(tails, 5, 1000)).toBe(tails.probability(5));
    expect(wobbleTail(tails, 5, Number.POSITIVE_INFINITY)).toBe(tails.probability(5));
  });

  it('does not alert on a word-of-mouth campaign’s third week of 5-second completions, and still on a fall of a third', () => {
    // The demo's first weeks (successes of trials a day, three days, three without posts, then
    // eleven): each weekday's effect is learned from one or two days and fits them almost exactly,
    // so the residuals measure almost no wobble. The third Sunday, 52.2% against the one Sunday
    // before at 57.6% (the other days 54–56%), was a 1e-25 event on the counting noise of 232,536
    // views; its posts differ by that much from week to week.
    const days: [number, number][] = [
      [178, 320],
      [125, 223],
      [83, 158],
      [0, 0],
      [0, 0],
      [0, 0],
      [882_214, 1_617_786],
      [768_799, 1_412_652],
      [682_229, 1_263_463],
      [705_663, 1_253_590],
      [639_877, 1_111_893],
      [387_735, 711_644],
      [324_161, 587_658],
      [236_670, 431_918],
      [184_187, 335_009],
      [129_947, 236_484],
      [142_538, 264_191],
      [121_272, 232_536],
    ];
    const slots: ModelSlot[] = days.map(([y, trials], t) => ({
      y: trials > 0 ? y : null,
      exposure: trials,
      phase: (t + 3) % 7,
      weekday: -1,
      event: null,
    }));
    const settings: ModelSettings = {
      family: 'binomial',
      phases: 7,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-4,
      bands: false,
    };
    const sunday = runModel(slots, settings)[17]!;
    expect(sunday.status).toBe('scored');
    expect(sunday.p).toBeGreaterThan(1e-4);
    // The same Sunday with a third of its completions gone does alert.
    const fallen = runModel(
      [...slots.slice(0, 17), { ...slots[17]!, y: Math.round((121_272 * 2) / 3) }],
      settings,
    );
    expect(fallen[17]!.p).toBeLessThan(settings.alertProbability);
  });
});

describe('the CUSUM', () => {
  it('reads its height by Siegmund’s run length, which a simulation confirms', () => {
    // h = 4, k = ½: b = 5.166, ARL₀ = (e^5.166 − 5.166 − 1)/0.5 = (175.21 − 6.166)/0.5 = 338.1.
    expect(cusumRunLength(4)).toBeCloseTo((Math.exp(5.166) - 5.166 - 1) / 0.5, 8);
    expect(cusumRunLength(4)).toBeCloseTo(338.1, 0);
    const uniform = seeded(20260618);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let total = 0;
    const runs = 3000;
    for (let run = 0; run < runs; run++) {
      let height = 0;
      let steps = 0;
      while (height <= 4) {
        height = Math.max(0, height + gauss() - 0.5);
        steps++;
      }
      total += steps;
    }
    expect(total / runs / cusumRunLength(4)).toBeGreaterThan(0.9);
    expect(total / runs / cusumRunLength(4)).toBeLessThan(1.1);
    // The inverse: the height at which 2/ARL₀ is 1e-4.
    expect(2 / cusumRunLength(sustainedHeight(1e-4))).toBeCloseTo(1e-4, 10);
  });

  it('finds a sustained shift no single slot shows, and calls it sustained', () => {
    // Amounts 1000 with a 5% wobble, then a step up of 15% (under 3 sd) from slot 60 on.
    const uniform = seeded(7);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const slots = Array.from({ length: 90 }, (_, t) =>
      plain(1000 * Math.exp(0.05 * gauss() + (t >= 60 ? 0.15 : 0))),
    );
    const scores = runModel(slots, {
      family: 'amount',
      phases: 0,
      weekdays: false,
      window: 56,
      halfLife: 28,
      warmup: 14,
      refitEvery: 1,
      quarantine: 7,
      alertProbability: 1e-3,
      bands: false,
    });
    const before = scores.slice(20, 60);
    const after = scores.slice(60, 72);
    expect(before.every((score) => score.p > 1e-3)).toBe(true);
    const first = after.findIndex((score) => score.p <= 1e-3);
    expect(first).toBeGreaterThan(0);
    expect(after[first]!.sustainedP).toBeLessThan(after[first]!.pointP);
    expect(after[first]!.runSide).toBe('above');
  });
});

describe('history scored with fits refreshed less often', () => {
  const settings: ModelSettings = {
    family: 'count',
    phases: 7,
    weekdays: false,
    window: 56,
    halfLife: 28,
    warmup: 14,
    refitEvery: 1,
    quarantine: 7,
    alertProbability: 1e-3,
    bands: false,
  };
  const uniform = seeded(11);
  // Weekly counts around 500 × a weekday shape, Poisson-like noise from a normal approximation.
  const slots = Array.from({ length: 200 }, (_, t) => {
    const mean = 500 * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 7));
    const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return {
      y: Math.round(mean + Math.sqrt(mean) * noise),
      exposure: 1,
      phase: t % 7,
      weekday: -1,
      event: null,
    };
  });

  it('scores the recent slots as a fit before every slot does, and the history within its noise', () => {
    const every = runModel(slots, settings);
    const weekly = runModel(slots, { ...settings, historyRefitEvery: 7, recentSlots: 40 });
    for (let t = 160; t < 200; t++) {
      // The same fit up to the reweighting's own convergence (each starts from the last fit).
      expect(Math.abs(weekly[t]!.expected! / every[t]!.expected! - 1)).toBeLessThan(1e-6);
      // Probabilities carry the history's scores (its tail weight, the CUSUM): near, not equal.
      expect(Math.abs(weekly[t]!.p - every[t]!.p)).toBeLessThan(0.05);
    }
    // In the history a fit up to six slots old predicts: close to the fresh one, never equal to it
    // everywhere (which would mean the option did nothing).
    let differing = 0;
    for (let t = 20; t < 160; t++) {
      const relative = Math.abs(weekly[t]!.expected! / every[t]!.expected! - 1);
      expect(relative).toBeLessThan(0.05);
      if (relative > 1e-9) differing++;
    }
    expect(differing).toBeGreaterThan(50);
  });

  it('stays causal: changing a later value changes no earlier score', () => {
    const options = { ...settings, historyRefitEvery: 7, recentSlots: 40 };
    const base = runModel(slots, options);
    const changed = slots.map((slot, t) => (t === 120 ? { ...slot, y: slot.y * 3 } : slot));
    const after = runModel(changed, options);
    for (let t = 0; t < 120; t++) expect(after[t]).toEqual(base[t]);
  });
});

describe('heavy tails', () => {
  it('has exact Student t tails (t tables)', () => {
    expect(studentUpperTail(3.182446305284263, 3)).toBeCloseTo(0.025, 12);
    expect(studentUpperTail(2.570581835636314, 5)).toBeCloseTo(0.025, 12);
    expect(studentUpperTail(1, 1)).toBeCloseTo(0.25, 12);
    // ν = 1 is Cauchy: P(T ≥ t) = ½ − atan(t)/π.
    expect(studentUpperTail(7, 1)).toBeCloseTo(0.5 - Math.atan(7) / Math.PI, 12);
    expect(logGamma(3)).toBeCloseTo(Math.log(2), 12);
  });

  it('recovers ν from the ratio of quantiles, and leaves a normal series alone', () => {
    expect(tailRatio(1)).toBeCloseTo(12.706204736 / 1, 6);
    for (const nu of [1.5, 3, 8, 40]) expect(degreesForRatio(tailRatio(nu)) / nu).toBeCloseTo(1, 1);
    const uniform = seeded(11);
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const normalScores = new TailWeight();
    for (let k = 0; k < 365; k++) normalScores.record(gauss());
    // The prior (60 scores at ν = 5) still leans on a year of normal scores: ν ≈ 10.
    expect(normalScores.degrees()).toBeGreaterThan(8);
    // Cauchy scores: the series jumps all the time, so a 5-sd value is not news.
    const heavy = new TailWeight();
    for (let k = 0; k < 365; k++) heavy.record(Math.tan(Math.PI * (uniform() - 0.5)) * 0.6745);
    expect(heavy.degrees()).toBeLessThan(2);
    expect(heavy.probability(5)).toBeGreaterThan(0.05);
    // On a year of normal scores (ν ≈ 10) a 5-sd value stays rare, if less than a normal's 5.7e-7.
    expect(normalScores.probability(5)).toBeLessThan(1e-3);
    expect(normalScores.probability(5)).toBeGreaterThan(5.7e-7);
  });

  it('reads ν from its last year of scores, as sorting them afresh does', () => {
    // Past the year's memory the oldest scores leave; the kept-sorted copy must follow exactly.
    const uniform = seeded(5);
    const weight = new TailWeight();
    const all: number[] = [];
    for (let k = 0; k < 900; k++) {
      const z = Math.tan(Math.PI * (uniform() - 0.5)) * (k % 3 === 0 ? 2 : 0.5);
      weight.record(z);
      all.push(Math.abs(z));
      if (k % 97 !== 0 && k !== 899) continue;
      const kept = all.slice(-365).sort((a, b) => a - b);
      const at = (q: number) => kept[Math.min(kept.length - 1, Math.floor(q * kept.length))]!;
      const prior = tailRatio(5);
      const ratio =
        kept.length >= 2 ? (kept.length * (at(0.95) / at(0.5)) + 60 * prior) / (kept.length + 60) : prior;
      expect(weight.degrees()).toBe(degreesForRatio(ratio));
    }
  });
});
